// CodeLenses of a large file are listed near what the editor shows (src/extension/analysis/lens-window.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_LENSES_UP_TO, MARGIN_LINES, documentsForLenses } from '../src/extension/analysis/lens-window';
import type { RawDoc } from '../src/engine/manifest';

/** `n` documents of `height` lines each, the first starting at line 1. */
function docs(n: number, height = 10): RawDoc[] {
  return Array.from({ length: n }, (_, i) => {
    const line = 1 + i * height;
    return {
      body: { kind: 'Pod', metadata: { name: `p${i}` } },
      index: i,
      source: { file: 'f.yaml', start: { line, column: 1 }, end: { line: line + height - 2, column: 1 } },
      locate: () => ({ line, column: 1 }),
    };
  });
}
const names = (list: RawDoc[]) => list.map((d) => d.index);

test('a small file, or a file no editor shows, gets every lens', () => {
  assert.equal(documentsForLenses(docs(ALL_LENSES_UP_TO), [[1, 40]]).length, ALL_LENSES_UP_TO);
  assert.equal(documentsForLenses(docs(2000), []).length, 2000);
});

test('a large file: the documents within the margin of each visible range, in file order', () => {
  const all = docs(2000);
  // Lines 10,001–10,040 show documents 1000–1003; the margin adds 30 documents each side, and the
  // document the margin's first line falls inside.
  const from = 10_001;
  const to = 10_040;
  const got = names(documentsForLenses(all, [[from, to]]));
  const first = Math.floor((from - MARGIN_LINES - 1) / 10);
  const last = Math.floor((to + MARGIN_LINES - 1) / 10);
  assert.deepEqual(
    got,
    Array.from({ length: last - first + 1 }, (_, i) => first + i),
  );
  // Two editors on one file: both windows, each document once.
  const two = names(
    documentsForLenses(all, [
      [1, 40],
      [19_960, 20_000],
    ]),
  );
  assert.equal(new Set(two).size, two.length);
  assert.ok(two.includes(0) && two.includes(1999));
  assert.ok(
    two.every((i, k) => k === 0 || i > two[k - 1]),
    'in file order',
  );
});
