// Tidy checks in the spirit of rust-analyzer's: every rule ID the code or the tests cite is defined
// by a heading in docs/, and every rule documented in docs/behavior/ is cited by at least one test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const ID = /\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b/g;
/** Tokens shaped like IDs that are not rule IDs: encodings, name formats, header and element names. */
const NOT_IDS = new Set([
  'A-Z',
  'Z0-9',
  'DNS-1035',
  'DNS-1123',
  'PID-1',
  'PVC-0',
  'SVC-V1',
  'UTF-8',
  'UTF-16',
  'UTF-16LE',
  'VSCODE-BUTTON',
  'VSCODE-CONTEXT-MENU',
  'X-CANARY',
]);

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(p, ext));
    else if (ext.test(entry.name)) out.push(p);
  }
  return out;
}

interface Citation {
  id: string;
  where: string;
}

/** Every ID-shaped token of `text`, with file:line. */
export function citations(text: string, file: string): Citation[] {
  const out: Citation[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(ID))
      if (!NOT_IDS.has(m[0])) out.push({ id: m[0], where: `${file}:${i + 1}` });
  });
  return out;
}

/** `## STS-NAME` headings of the markdown files given. */
function headings(paths: string[]): Set<string> {
  const ids = new Set<string>();
  for (const p of paths)
    for (const m of fs.readFileSync(p, 'utf8').matchAll(/^## ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\s*$/gm))
      ids.add(m[1]);
  return ids;
}

function cited(dir: string): Citation[] {
  return files(path.join(ROOT, dir), /\.(ts|mjs)$/)
    .filter((p) => !p.endsWith(path.join('test', 'tidy.test.ts')))
    .flatMap((p) => citations(fs.readFileSync(p, 'utf8'), path.relative(ROOT, p)));
}

const RULES = headings(files(path.join(ROOT, 'docs', 'behavior'), /\.md$/));
const SOURCES = headings([path.join(ROOT, 'docs', 'sources.md')]);

/** Citations of IDs that docs/ does not define. */
function undefinedIn(cites: Citation[]): string[] {
  return cites.filter((c) => !RULES.has(c.id) && !SOURCES.has(c.id)).map((c) => `${c.where}: ${c.id}`);
}

test('tidy: every rule ID cited in src/ and test/ is defined in docs/', () => {
  assert.ok(RULES.size > 50, `docs/behavior/ defines ${RULES.size} rules`);
  assert.deepEqual(undefinedIn([...cited('src'), ...cited('test')]), []);
});

test('tidy: every rule in docs/behavior/ is cited by a test', () => {
  const inTests = new Set(cited('test').map((c) => c.id));
  assert.deepEqual(
    [...RULES].filter((id) => !inTests.has(id)),
    [],
  );
});

test('tidy: the check itself reports an undefined ID with its file and line', () => {
  const sample = 'ok\n// follows STS-NAME and NOPE-42, not UTF-8\n';
  assert.deepEqual(undefinedIn(citations(sample, 'sample.ts')), ['sample.ts:2: NOPE-42']);
});
