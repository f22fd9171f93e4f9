// The hostile-input corpus runs the bundled CLI (dist/cli.js, built by `npm run build`) as a user
// would, in a child process, on inputs written to a fresh folder. Each case asserts the exit code,
// the message, that nothing crashed (no stack trace, no "internal error") and that no control
// character from the input reached the terminal raw. A case that must stop at a limit names the
// counted limit its message reports (events, objects, bytes…): the run ends because something was
// counted, never because a timer fired. The child's timeout below is only a safety net so a
// regression fails the suite instead of hanging it; no case asserts how long it took.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test, after } from 'node:test';
import type { ScenarioResult } from '../../src/scenario/run';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist/cli.js');
/** A hang guard, not a performance target: generous enough for a loaded 2-core machine. */
const HANG_GUARD_MS = 300_000;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

// One temporary folder per test file, made when the file imports this module and removed when its
// tests end (a hook registered here, at the file's top level, not inside a test).
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-hostile-'));
after(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

export function tmpDir(): string {
  return tmpRoot;
}

/** Runs `node dist/cli.js ...args` in `cwd`, colour off. */
export function cli(args: string[], cwd: string, extra: SpawnSyncOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
    ...extra,
  });
  assert.equal(r.error, undefined, `k8s-sim ${args.join(' ')}: ${String(r.error)}`);
  return { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** No stack trace, no internal error, no JavaScript exception name in what the user sees. */
export function assertNoCrash(r: CliRun, what: string): void {
  const out = `${r.stdout}\n${r.stderr}`;
  assert.doesNotMatch(out, /\n\s+at .+:\d+:\d+\)?/, `${what}: stack trace in the output`);
  assert.doesNotMatch(
    out,
    /TypeError|ReferenceError|RangeError|SyntaxError|internal error|heap out of memory/,
    what,
  );
}

/** C0 controls other than tab and newline, DEL and the C1 range never reach the terminal raw. */
export function assertNoControlCharacters(r: CliRun, what: string): void {
  // eslint-disable-next-line no-control-regex
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
  assert.doesNotMatch(r.stdout, raw, `${what}: a control character on stdout`);
  assert.doesNotMatch(r.stderr, raw, `${what}: a control character on stderr`);
}

/** A fresh folder holding these files (relative path → text or bytes). */
export function workspace(name: string, files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(tmpDir(), `${name.replace(/\W+/g, '-').slice(0, 40)}-`));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

export function parseJson(r: CliRun): ScenarioResult {
  return JSON.parse(r.stdout) as ScenarioResult;
}

export interface HostileCase {
  name: string;
  /** Files of the case's folder (relative path → text or bytes). */
  files: Record<string, string | Buffer>;
  /** Runs after the files are written, e.g. to make a FIFO or a symlink loop. */
  setup?: (dir: string) => void;
  /** Arguments after `run`. */
  args: string[];
  code: 0 | 1 | 2;
  /** Each must match stdout + stderr. */
  output: RegExp[];
  /** The counted limit that stopped the run, as its message names it (e.g. /events/). */
  limit?: RegExp;
  /** Also run with --json and check the document (skipped when code is 2). */
  json?: (r: ScenarioResult) => void;
  /** Extra checks on the folder after the run (e.g. a FIFO still a FIFO). */
  after?: (dir: string) => void;
}

/** One node:test test per case. */
export function hostileCases(cases: HostileCase[]): void {
  for (const c of cases) {
    test(`hostile: ${c.name}`, () => {
      const dir = workspace(c.name, c.files);
      c.setup?.(dir);
      const r = cli(['run', ...c.args], dir);
      assertNoCrash(r, c.name);
      assertNoControlCharacters(r, c.name);
      assert.equal(
        r.code,
        c.code,
        `exit code\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`,
      );
      const both = `${r.stdout}\n${r.stderr}`;
      for (const re of c.output) assert.match(both, re);
      if (c.limit) assert.match(r.stderr, c.limit, 'the message names the counted limit');
      if (c.code === 2) {
        assert.ok(r.stderr.length < 10_000, `a short message, got ${r.stderr.length} characters`);
      }
      c.after?.(dir);
      if (c.json && c.code !== 2) {
        const js = cli(['run', ...c.args, '--json'], dir);
        assertNoCrash(js, `${c.name} --json`);
        assert.equal(js.code, c.code, `--json exit code\n${js.stderr.slice(0, 2000)}`);
        c.json(parseJson(js));
      }
    });
  }
}
