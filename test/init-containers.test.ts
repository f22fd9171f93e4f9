// Init containers, sidecars and the READY column (INIT-SEQ, SIDECAR, POD-PRINT), and the timeline
// rows of a pod that changes twice within one simulated second across two steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterFrom, messages } from './helpers';
import { parseScenarioText } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';

const pod = (spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
${spec
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;

function rows(c: ReturnType<typeof clusterFrom>): string[] {
  const inc = c.sim.incarnations.find((i) => i.name === 'p');
  return (inc?.transitions ?? []).map((t) => `${t.t} ${t.status} ${t.readyColumn ?? ''}`.trim());
}

test('INIT-SEQ: init containers run one at a time before the app: Init:0/2, Init:1/2, PodInitializing, Running', () => {
  const c = clusterFrom(
    pod(`
initContainers:
- {name: wait-db, image: busybox}
- {name: migrate, image: busybox}
containers:
- {name: app, image: kubetm/app}`),
  );
  assert.deepEqual(rows(c), [
    '0 Pending 0/1',
    '0 Init:0/2 0/1',
    '4 Init:1/2 0/1',
    '5 PodInitializing 0/1',
    '6 Running 1/1',
  ]);
  assert.deepEqual(messages(c, 'Started'), [
    'Started container wait-db',
    'Started container migrate',
    'Started container app',
  ]);
  assert.equal(c.state().pods[0].readyColumn, '1/1');
});

test('SIDECAR: a restartable init container lets the next start at once and counts in READY', () => {
  const c = clusterFrom(
    pod(`
initContainers:
- {name: log-shipper, image: busybox, restartPolicy: Always}
- {name: migrate, image: busybox}
containers:
- {name: app, image: kubetm/app}`),
  );
  assert.deepEqual(rows(c), [
    '0 Pending 0/2',
    '0 Init:0/2 0/2',
    '3 Init:1/2 1/2',
    '4 PodInitializing 1/2',
    '5 Running 2/2',
  ]);
});

test('POD-PRINT: READY counts each container by its own readiness probe', () => {
  const c = clusterFrom(
    pod(`
containers:
- {name: app, image: kubetm/app}
- name: slow
  image: kubetm/app
  readinessProbe: {httpGet: {path: /, port: 8080}, initialDelaySeconds: 10}`),
  );
  assert.deepEqual(rows(c), ['0 Pending 0/2', '0 ContainerCreating 0/2', '3 Running 1/2', '13 Running 2/2']);
  const s = c.state().pods[0];
  assert.deepEqual([s.readyColumn, s.ready], ['2/2', true]);
});

test('a change at the same second in a later step gets its own row under that step', () => {
  const text = `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: same-second}
spec:
  manifests:
    - inline: |
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: app, image: kubetm/app}]
  steps:
    - readiness: {pod: p, ready: false}
    - readiness: {pod: p, ready: true}
    - expect: {readyColumn: {p: 1/1}}
`;
  const run = runScenario(parseScenarioText(text, 'same.yaml', '.'));
  const inStep = (i: number) =>
    run.log
      .slice(...run.ranges[i + 1])
      .flatMap((e) => (e.type === 'status' ? [`${e.transition.status} ${e.transition.readyColumn}`] : []));
  assert.deepEqual(inStep(0), ['Running 0/1']);
  assert.deepEqual(inStep(1), ['Running 1/1']);
  assert.equal(run.result.ok, true);
});
