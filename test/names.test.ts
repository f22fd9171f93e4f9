// Names cut in the middle (src/shared/names.ts): the end that tells objects apart is kept whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ellipsisSplit } from '../src/shared/names';

test('ellipsisSplit keeps the ordinal or the random suffix at the end, and loses nothing', () => {
  const rows: Array<[string, string]> = [
    // name, the tail always shown
    ['web-0', ''],
    ['stateful-db-12', '-db-12'],
    ['volume-stateful-pvc-0', '-pvc-0'],
    ['volume-stateful-pvc-10', 'pvc-10'],
    ['web-7d9f8c6b5-x2k4q', '-x2k4q'],
    ['a-very-long-name-with-a-long-last-token-abcdefghijklmnop', 'efghijklmnop'],
    ['nodashesatalllonglong', 'nglong'],
  ];
  for (const [name, tail] of rows) {
    const split = ellipsisSplit(name);
    assert.equal(split.tail, tail, name);
    assert.equal(split.head + split.tail, name);
    if (name.length > 10) assert.ok(split.head.length > 0, `${name}: something is left to cut`);
  }
  // The course's three claims differ in what is always shown.
  const tails = ['volume-stateful-pvc-0', 'volume-stateful-pvc-1', 'volume-stateful-pvc-2'].map(
    (n) => ellipsisSplit(n).tail,
  );
  assert.equal(new Set(tails).size, 3);
});
