// Golden files: the whole JSON result of every bundled scenario, reviewed in diffs.
// `npm run test:update` (UPDATE_GOLDEN=1) rewrites them after an intended change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseScenarioFile } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';

const root = path.resolve(__dirname, '..', '..');
const scenarioDir = path.join(root, 'scenarios');
const goldenDir = path.join(root, 'test', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const files = fs
  .readdirSync(scenarioDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

test('there is a scenario for each StatefulSet lesson of the course', () => {
  assert.ok(files.length >= 9, `found ${files.length} scenarios`);
});

for (const file of files) {
  test(`golden: ${file}`, () => {
    const cwd = process.cwd();
    process.chdir(root); // file names in the result are relative to the working directory
    try {
      const scenario = parseScenarioFile(path.join('scenarios', file));
      const { result } = runScenario(scenario);
      assert.equal(result.ok, true, `every expectation of ${file} holds`);
      const actual = `${JSON.stringify(result, null, 2)}\n`;
      const goldenFile = path.join(goldenDir, file.replace(/\.yaml$/, '.json'));
      if (update || !fs.existsSync(goldenFile)) {
        fs.writeFileSync(goldenFile, actual);
        if (!update) assert.fail(`${goldenFile} did not exist; written now — review and commit it`);
        return;
      }
      const expected = fs.readFileSync(goldenFile, 'utf8');
      if (actual !== expected) {
        assert.fail(
          `${file} differs from its golden file (run npm run test:update if intended):\n${firstDifference(expected, actual)}`,
        );
      }
      // Determinism: a second run gives byte-identical output.
      assert.equal(`${JSON.stringify(runScenario(scenario).result, null, 2)}\n`, actual);
    } finally {
      process.chdir(cwd);
    }
  });
}

/** The first differing line with a little context, instead of two whole documents. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 3);
  const show = (lines: string[], sign: string) =>
    lines
      .slice(from, i + 3)
      .map((l, k) => `${from + k === i ? sign : ' '} ${from + k + 1}: ${l}`)
      .join('\n');
  return `golden:\n${show(a, '-')}\nactual:\n${show(b, '+')}`;
}
