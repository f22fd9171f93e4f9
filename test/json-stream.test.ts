// The streaming JSON writer (src/scenario/json-stream.ts), the chunked stdout writer
// (fd-writer.ts) and the terminal escapes (terminal.ts) at unit level: byte-identical to
// JSON.stringify(x, null, 2), past V8's maximum string length, and no control character left raw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { constants } from 'node:buffer';
import fc from 'fast-check';
import { escapeJsonControlBytes, escapeJsonControls, writeJson } from '../src/scenario/json-stream';
import { FdWriter } from '../src/scenario/fd-writer';
import { escapeField, escapeOutput, escapeText } from '../src/scenario/terminal';
import { parseScenarioFile } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';

const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

function streamed(value: unknown, budget?: number): string {
  const parts: string[] = [];
  writeJson(value, (s) => parts.push(s), budget);
  return parts.join('');
}

test('json-stream: same bytes as JSON.stringify(x, null, 2) for any JSON value and any budget', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 16 }), (v, budget) => {
      assert.equal(streamed(v, budget), JSON.stringify(v, null, 2));
    }),
    { numRuns: 3000 },
  );
});

test('json-stream: what JSON.stringify drops or converts (undefined, functions, toJSON, -0, NaN)', () => {
  const values: unknown[] = [
    { a: undefined, b: () => 1, c: Symbol('x'), d: 1 },
    [undefined, () => 1, Symbol('y'), 2],
    { date: new Date(0), nested: [{ when: new Date(1) }] },
    { n: -0, nan: NaN, inf: -Infinity },
    { ['__proto__']: 1, 10: 'ten', b: 'bee', 2: 'two' },
    {},
    [],
    [[[[]]], {}],
    'text',
    null,
  ];
  for (const v of values) {
    for (const budget of [1, 2, 3, 1000]) {
      assert.equal(
        streamed(v, budget),
        JSON.stringify(v, null, 2),
        `${String(JSON.stringify(v))} at ${budget}`,
      );
    }
  }
  const cyclic: Record<string, unknown> = { a: [1, 2, 3] };
  cyclic.self = cyclic;
  assert.throws(() => streamed(cyclic, 2), TypeError);
});

test('json-stream: every bundled scenario streams to the golden bytes, in pieces', () => {
  const root = path.resolve(__dirname, '..', '..');
  const cwd = process.cwd();
  process.chdir(root); // file names in the result are relative to the working directory
  try {
    const files = fs.readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length > 0);
    for (const file of files) {
      const { result } = runScenario(parseScenarioFile(path.join('scenarios', file)));
      const expected = JSON.stringify(result, null, 2);
      assert.equal(streamed(result), expected, file);
      assert.equal(streamed(result, 64), expected, `${file}, walked in small pieces`);
    }
  } finally {
    process.chdir(cwd);
  }
});

test('json-stream: a document past V8 maximum string length is written, piece by piece', () => {
  // 520 references to one string of 1 MiB: a small object whose JSON is ~520 MiB, more than
  // JSON.stringify can return (its "Invalid string length").
  const mib = 'x'.repeat(1024 * 1024);
  const value = { scenario: 'big', chunks: Array.from({ length: 520 }, () => mib) };
  let total = 0;
  let largest = 0;
  let head = '';
  let tail = '';
  writeJson(value, (s) => {
    total += s.length;
    largest = Math.max(largest, s.length);
    if (head.length < 40) head += s.slice(0, 40);
    tail = s.length >= 20 ? s.slice(-20) : (tail + s).slice(-20);
  });
  const expected = '{\n  "scenario": "big",\n  "chunks": [\n'.length + 520 * (4 + 2 + mib.length + 2) - 2 + 6;
  assert.equal(total, expected);
  assert.ok(total > MAX_STRING_LENGTH, 'longer than any string V8 can hold');
  assert.ok(largest < 64 * 1024 * 1024, `pieces stay small (largest ${largest})`);
  assert.ok(head.startsWith('{\n  "scenario": "big",\n  "chunks": [\n    "xxx'), head);
  assert.equal(tail, 'xxxxxxxxxxxxx"\n  ]\n}');
});

test('json-stream: DEL and C1 controls, which JSON.stringify leaves raw, become \\u escapes', () => {
  const value = { name: 'a\u007fb\u009b31mc', ok: 'café · ü' };
  const json = JSON.stringify(value, null, 2);
  const escaped = escapeJsonControls(json);
  assert.doesNotMatch(escaped, /[\u007f-\u009f]/);
  assert.match(escaped, /a\\u007fb\\u009b31mc/);
  assert.deepEqual(JSON.parse(escaped), value);
  const bytes = escapeJsonControlBytes(Buffer.from(json, 'utf8')).toString('utf8');
  assert.equal(bytes, escaped);
  const clean = Buffer.from('{"ok": "café · ü"}', 'utf8');
  assert.equal(escapeJsonControlBytes(clean), clean, 'nothing to escape: the same buffer');
});

test('fd-writer: writes everything in order, filtered, to a file descriptor', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-fdw-'));
  try {
    const file = path.join(dir, 'out.txt');
    const fd = fs.openSync(file, 'w');
    const w = new FdWriter(fd, (s) => s.toUpperCase());
    let expected = '';
    for (let i = 0; i < 5000; i++) {
      const piece = i % 1000 === 0 ? `big-${'z'.repeat(70_000)}\n` : `line ${i}\n`;
      w.write(piece);
      expected += piece.toUpperCase();
    }
    w.flush();
    fs.closeSync(fd);
    assert.equal(fs.readFileSync(file, 'utf8'), expected);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('terminal: control characters are shown, not sent; newlines only where the text may break', () => {
  const evil = 'a\u001b[2J\u001b]0;title\u0007\rb\u009b31m\u007f\u202ec\td\ne';
  assert.equal(escapeText(evil), 'a\\u001b[2J\\u001b]0;title\\u0007\\u000db\\u009b31m\\u007f\\u202ec\td\ne');
  assert.equal(escapeField('x\ny\tz'), 'x\\u000ay\\u0009z');
  assert.equal(escapeField('plain · ✓ ü'), 'plain · ✓ ü');
  // The report's own colours stay when colour is on; anything else is shown.
  const painted = `\u001b[32m✓ ok\u001b[0m \u001b[8mhidden\u001b[0m \u001b]0;t\u0007`;
  assert.equal(
    escapeOutput(painted, true),
    '\u001b[32m✓ ok\u001b[0m \\u001b[8mhidden\u001b[0m \\u001b]0;t\\u0007',
  );
  assert.equal(escapeOutput(painted, false).includes('\u001b'), false);
});
