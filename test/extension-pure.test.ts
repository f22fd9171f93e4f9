// The extension's logic that needs no VS Code: "Save as Scenario" text (parsed back and replayed
// by the engine) and the cluster at the timeline cursor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scenarioText } from '../src/extension/scenarioText';
import { clusterAt } from '../src/shared/cluster-at';
import { parseScenarioText } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';
import type { Step } from '../src/scenario/scenario';
import { STATEFUL_DB } from './course-manifests';

const STS = STATEFUL_DB;

const at = { file: 'x.yaml', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
const steps: Step[] = [
  {
    type: 'scale',
    at,
    for: null,
    kind: 'StatefulSet',
    namespace: 'default',
    name: 'stateful-db',
    replicas: 3,
  },
  {
    type: 'delete',
    at,
    for: null,
    kind: 'Pod',
    namespace: 'default',
    name: 'stateful-db-1',
    gracePeriod: null,
  },
  {
    type: 'scale',
    at,
    for: null,
    kind: 'StatefulSet',
    namespace: 'default',
    name: 'stateful-db',
    replicas: 0,
  },
];

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-ext-'));
}

test('Save as Scenario writes a file the runner replays with the same result', () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'sts.yaml'), STS);
    const live = runScenario(parseScenarioText(STS, 'sts.yaml', dir)).result;
    assert.equal(live.steps.length, 0);
    const withSteps = runScenario({ ...parseScenarioText(STS, 'sts.yaml', dir), steps });
    const text = scenarioText({ title: 'StatefulSet stateful-db', steps, run: withSteps }, ['sts.yaml']);
    const saved = parseScenarioText(text, 'saved.yaml', dir);
    assert.equal(saved.origin, 'scenario');
    assert.equal(saved.name, 'statefulset-stateful-db');
    assert.deepEqual(
      saved.steps.map((s) => s.type),
      ['scale', 'delete', 'scale', 'expect'],
    );
    const replay = runScenario(saved).result;
    assert.equal(replay.ok, true, JSON.stringify(replay.steps.at(-1)?.expectations));
    assert.deepEqual(replay.state.pods, withSteps.result.state.pods);
    assert.deepEqual(replay.events, withSteps.result.events);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Save as Scenario writes failure steps (node, crash, rollout) that replay the same', () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'sts.yaml'), STS);
    const failures: Step[] = [
      {
        type: 'scale',
        at,
        for: null,
        kind: 'StatefulSet',
        namespace: 'default',
        name: 'stateful-db',
        replicas: 2,
      },
      {
        type: 'crash',
        at,
        for: null,
        namespace: 'default',
        pod: 'stateful-db-0',
        container: null,
        exitCode: 1,
      },
      { type: 'node', at, for: null, name: 'k8s-node1', action: 'fail' },
      { type: 'node', at, for: null, name: 'k8s-node1', action: 'recover' },
      { type: 'node', at, for: null, name: 'k8s-node2', action: 'drain' },
      {
        type: 'rollout',
        at,
        for: null,
        kind: 'StatefulSet',
        namespace: 'default',
        name: 'stateful-db',
        action: 'restart',
        toRevision: 0,
      },
    ];
    const live = runScenario({ ...parseScenarioText(STS, 'sts.yaml', dir), steps: failures });
    const text = scenarioText({ title: 'failures', steps: failures, run: live }, ['sts.yaml']);
    const saved = parseScenarioText(text, 'saved.yaml', dir);
    assert.deepEqual(
      saved.steps.map((s) => s.type),
      ['scale', 'crash', 'node', 'node', 'node', 'rollout', 'expect'],
    );
    const replay = runScenario(saved).result;
    assert.equal(replay.ok, true, JSON.stringify(replay.steps.at(-1)?.expectations));
    assert.deepEqual(replay.events, live.result.events);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Save as Scenario quotes names and URLs that are not plain YAML', () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'dir with space'));
  fs.writeFileSync(path.join(dir, 'dir with space', 'app.yaml'), STS);
  const text = scenarioText(
    {
      title: 'Ingress: app #1',
      steps: [
        {
          type: 'request',
          at,
          url: 'http://www.app.com:30431/version?x=1#y',
          headers: { 'Accept-Language': 'kr' },
          cookies: {},
          count: 5,
          from: null,
          fromNamespace: 'default',
        },
      ],
      run: {
        result: {
          state: {
            pods: [],
            pvcs: [],
            pvs: [],
            services: [],
            ingresses: [],
            nodes: [],
            workloads: [],
            pdbs: [],
          },
        },
      },
    },
    ['dir with space/app.yaml'],
  );
  const saved = parseScenarioText(text, 's.yaml', dir);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(saved.name, 'ingress-app-1');
  const step = saved.steps[0];
  assert.equal(step.type, 'request');
  if (step.type === 'request') {
    assert.equal(step.url, 'http://www.app.com:30431/version?x=1#y');
    assert.deepEqual(step.headers, { 'Accept-Language': 'kr' });
    assert.equal(step.count, 5);
  }
});

test('the cluster at a cursor: pods that existed then, with their status then', () => {
  const dir = tempDir();
  try {
    const run = runScenario({ ...parseScenarioText(STS, 'sts.yaml', dir), steps: steps.slice(0, 1) }).result;
    // stateful-db-0 runs from t=3; scaling at t=3 creates -1 (running at 6) then -2 (running at 9).
    const early = clusterAt(run, 4);
    assert.deepEqual(
      early.pods.map((p) => [p.name, p.status]),
      [
        ['stateful-db-0', 'Running'],
        ['stateful-db-1', 'ContainerCreating'],
      ],
    );
    assert.equal(early.pods[1].ip, null);
    const end = clusterAt(run, null);
    assert.deepEqual(
      end.pods.map((p) => p.name),
      ['stateful-db-0', 'stateful-db-1', 'stateful-db-2'],
    );
    assert.deepEqual(
      clusterAt(run, 0).pods.map((p) => p.status),
      ['ContainerCreating'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
