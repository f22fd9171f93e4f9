// The Test Explorer's reading of a Scenario file (src/extension/analysis/scenario-tests.ts): its
// expect steps as children, and per child the outcome of the same run `k8s-sim run` reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectItems, looksLikeScenario, outcomesOf } from '../src/extension/analysis/scenario-tests';
import { parseScenarioText } from '../src/scenario/parse';
import { runScenario, type ScenarioResult } from '../src/scenario/run';

const SCENARIO = `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: explorer}
spec:
  manifests:
    - inline: |
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web}
        spec:
          replicas: 2
          serviceName: web
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: app, image: nginx}]
  steps:
    - expect: {pods: [web-0, web-1]}
    - scale: {kind: StatefulSet, name: web, replicas: 3}
    - expect: {pods: [web-0, web-1], ready: [web-2]}
    - scale: {kind: StatefulSet, name: missing, replicas: 1}
`;

test('discovery tells a K8s Sim scenario from other YAML without parsing it', () => {
  assert.equal(looksLikeScenario(SCENARIO), true);
  assert.equal(looksLikeScenario('apiVersion: v1\nkind: Pod\n'), false);
  assert.equal(
    looksLikeScenario('apiVersion: argoproj.io/v1\nkind: Scenario\n'),
    false,
    'another tool’s Scenario',
  );
  assert.equal(looksLikeScenario('apiVersion: "k8s-sim/v1"\nkind: "Scenario"\n'), true);
});

test('expect steps are the children: index, keys as written, the step before, their place', () => {
  const scenario = parseScenarioText(SCENARIO, 'explorer.yaml', '.');
  const items = expectItems(scenario);
  assert.deepEqual(
    items.map((i) => [i.index, i.keys, i.after, i.at.start.line]),
    [
      [0, ['pods'], null, 19],
      [2, ['pods', 'ready'], 'scale StatefulSet/web --replicas=3', 21],
    ],
  );
});

test('an expect after another expect is labelled with the last step that acted', () => {
  const text = SCENARIO.replace(
    '    - scale: {kind: StatefulSet, name: missing, replicas: 1}\n',
    '    - expect: {pvcs: []}\n',
  );
  const items = expectItems(parseScenarioText(text, 'explorer.yaml', '.'));
  assert.deepEqual(
    items.map((i) => [i.index, i.after]),
    [
      [0, null],
      [2, 'scale StatefulSet/web --replicas=3'],
      [3, 'scale StatefulSet/web --replicas=3'],
    ],
  );
});

test('outcomes per child and for the file are those of `k8s-sim run --json` on the same file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-explorer-'));
  try {
    const file = path.join(dir, 'explorer.yaml');
    fs.writeFileSync(file, SCENARIO);
    const scenario = parseScenarioText(SCENARIO, file, dir);
    const outcomes = outcomesOf(scenario, runScenario(scenario).result);
    assert.equal(outcomes.ok, false);
    assert.deepEqual([outcomes.failed, outcomes.checked], [2, 4], 'the CLI counts the scale failure too');
    assert.deepEqual(outcomes.steps.get(0), [], 'the first expectation held');
    const failed = outcomes.steps.get(2) ?? [];
    assert.deepEqual(
      failed.map((f) => [f.expected, f.actual, f.at.start.line]),
      [['[web-0, web-1]', '[web-0, web-1, web-2]', 21]],
    );
    assert.equal(outcomes.fileFailures.length, 1, 'the scale of a missing set fails on the file');
    assert.match(outcomes.fileFailures[0].text, /^scale StatefulSet\/missing: /);

    const cli = spawnSync(
      process.execPath,
      [path.join(__dirname, '..', '..', 'dist', 'cli.js'), 'run', file, '--json'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(cli.status, 1, 'the CLI fails the same run');
    const parsed = JSON.parse(cli.stdout) as ScenarioResult | { results: ScenarioResult[] };
    const result = 'results' in parsed ? parsed.results[0] : parsed;
    const cliFailed = result.steps.flatMap((st) => st.expectations.filter((e) => !e.ok).map((e) => e.text));
    const ours = [...(outcomes.steps.get(2) ?? []), ...outcomes.fileFailures].map((f) => f.text);
    assert.deepEqual(ours.sort(), cliFailed.sort());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
