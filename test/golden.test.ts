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
      assert.equal(actual, expected, `${file} differs from its golden file; run npm run test:update if intended`);
      // Determinism: a second run gives byte-identical output.
      assert.equal(`${JSON.stringify(runScenario(scenario).result, null, 2)}\n`, actual);
    } finally {
      process.chdir(cwd);
    }
  });
}
