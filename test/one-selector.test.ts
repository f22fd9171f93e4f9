// One label-selector matcher: the engine's (apimachinery labels semantics). Diagnostics and hovers
// (analysis) and validation decode a selector as written and ask it, so they cannot disagree, on
// an unknown operator least of all (it matches nothing, as LabelSelectorAsSelector fails).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelSelectorFrom, selectorMatches } from '../src/engine/selector';
import { labelsMatch } from '../src/extension/analysis/objects';
import { selectorMatches as validationMatches } from '../src/engine/validation/selector';

const LABELS = { app: 'web', tier: 'front' };

const CASES: Array<[string, Record<string, unknown>, boolean]> = [
  ['matchLabels equal', { matchLabels: { app: 'web' } }, true],
  ['matchLabels differ', { matchLabels: { app: 'db' } }, false],
  ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, true],
  ['NotIn', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, false],
  ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
  ['DoesNotExist', { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
  ['unknown operator', { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }, false],
  ['empty selector', {}, true],
];

for (const [name, raw, expected] of CASES) {
  test(`one selector matcher: ${name}`, () => {
    assert.equal(selectorMatches(labelSelectorFrom(raw), LABELS), expected, 'engine');
    assert.equal(labelsMatch(raw, LABELS, false), expected, 'diagnostics and hovers');
    assert.equal(validationMatches(raw, LABELS), expected, 'validation');
  });
}

test('a Service selector (a plain map) matches by its pairs; values written as numbers count as text', () => {
  assert.equal(labelsMatch({ app: 'web' }, LABELS, true), true);
  assert.equal(labelsMatch({ app: 'db' }, LABELS, true), false);
  assert.equal(labelsMatch({ v: 1 }, { v: '1' }, true), true);
});
