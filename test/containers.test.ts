// The kubelet's containers: exits, restart back-off, image pulls, the crash step (docs/behavior/pods-kubelet.md).
import test from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../src/engine/cluster';
import { imageBehaviour } from '../src/engine/controllers/containers';
import { DEFAULT_CLUSTER, type ImageBehaviour } from '../src/engine/types';
import { parseScenarioText } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';
import { SETTLE, apply, clusterFrom, inputError, messages, pod } from './helpers';
import { deploymentYaml } from './fixtures';

function barePod(name: string, image: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${extra}
  containers: [{name: app, image: "${image}"}]
---
`;
}

function withImages(images: Record<string, ImageBehaviour>) {
  return { config: { images } };
}

/** Times of the pod's status transitions with this status. */
function statusTimes(c: Cluster, name: string, status: string): number[] {
  const inc = c.sim.incarnations.find((i) => i.kind === 'Pod' && i.name === name);
  assert.ok(inc);
  return inc.transitions.filter((t) => t.status === status).map((t) => t.t);
}

function eventTimes(c: Cluster, reason: string, name: string): number[] {
  return c.sim.events.filter((e) => e.reason === reason && e.object.name === name).map((e) => e.t);
}

test('cluster.images: an exact key, else the repository without tag or digest', () => {
  const images: Record<string, ImageBehaviour> = {
    'shop/api:v3': { exitAfter: 5 },
    busybox: { pull: 'fail' },
  };
  const cases: Array<[string, ImageBehaviour | undefined]> = [
    ['shop/api:v3', { exitAfter: 5 }],
    ['shop/api:v2', undefined],
    ['busybox', { pull: 'fail' }],
    ['busybox:1.36', { pull: 'fail' }],
    ['busybox@sha256:abc', { pull: 'fail' }],
    ['registry:5000/busybox', undefined],
    ['__proto__', undefined],
  ];
  for (const [image, want] of cases) assert.deepEqual(imageBehaviour(images, image), want, image);
});

test('KUBELET-BACKOFF, EVT-CONTAINER: restarts wait 0, 10, 20, 40 … 300 s in CrashLoopBackOff, then the loop is steady', () => {
  const c = clusterFrom(
    barePod('crashy', 'shop/api:v3'),
    withImages({ 'shop/api:v3': { exitAfter: 5, exitCode: 1 } }),
  );
  const exits = statusTimes(c, 'crashy', 'Error');
  const starts = eventTimes(c, 'Started', 'crashy');
  // Each restart's wait: from the exit to the next start.
  const waits = exits.map((t, i) => (starts[i + 1] ?? NaN) - t).filter((w) => !Number.isNaN(w));
  assert.deepEqual(
    waits,
    [1, 10, 20, 40, 80, 160, 300],
    'the first restart follows the PLEG sync; then the back-off',
  );
  assert.equal(pod(c, 'crashy').status, 'CrashLoopBackOff', 'a settled crash loop rests in CrashLoopBackOff');
  assert.equal(pod(c, 'crashy').restarts, 7);
  assert.equal(pod(c, 'crashy').readyColumn, '0/1');
  const uid = c.sim.store.get('Pod', 'default', 'crashy')?.meta.uid;
  assert.equal(
    messages(c, 'BackOff', 'crashy')[0],
    `Back-off restarting failed container app in pod crashy_default(${uid})`,
  );
  assert.deepEqual(messages(c, 'Created', 'crashy')[0], 'Created container: app');
  // Time goes on: the steady loop keeps restarting every 300 s + 5 s.
  const before = pod(c, 'crashy').restarts;
  c.advance(3050);
  assert.equal(pod(c, 'crashy').restarts, before + 10);
});

test('KUBELET-BACKOFF: the back-off resets after 600 s without an update, so a container that ran long restarts at once', () => {
  const c = clusterFrom(barePod('slow', 'slow:1'), withImages({ 'slow:1': { exitAfter: 700, exitCode: 2 } }));
  c.advance(3000);
  const exits = statusTimes(c, 'slow', 'Error');
  const starts = eventTimes(c, 'Started', 'slow');
  assert.ok(exits.length >= 3);
  exits.forEach((t, i) => {
    if (starts[i + 1] !== undefined)
      assert.equal(starts[i + 1] - t, 1, `restart ${i + 1} waits only for the sync`);
  });
  assert.deepEqual(messages(c, 'BackOff', 'slow'), []);
});

test('POD-RESTARTPOLICY, POD-PRINT: OnFailure and Never end in Succeeded (Completed) or Failed (Error); Always restarts even exit 0', () => {
  const cases: Array<{ policy: string; code: number; status: string; restarts: number; phase: string }> = [
    { policy: 'Never', code: 0, status: 'Completed', restarts: 0, phase: 'Succeeded' },
    { policy: 'Never', code: 3, status: 'Error', restarts: 0, phase: 'Failed' },
    { policy: 'OnFailure', code: 0, status: 'Completed', restarts: 0, phase: 'Succeeded' },
    { policy: 'OnFailure', code: 1, status: 'CrashLoopBackOff', restarts: 7, phase: 'Running' },
    { policy: 'Always', code: 0, status: 'CrashLoopBackOff', restarts: 7, phase: 'Running' },
  ];
  for (const k of cases) {
    const c = clusterFrom(
      barePod('p', 'job:1', `  restartPolicy: ${k.policy}`),
      withImages({ 'job:1': { exitAfter: 2, exitCode: k.code } }),
    );
    const label = `${k.policy} exit ${k.code}`;
    assert.equal(pod(c, 'p').status, k.status, label);
    assert.equal(pod(c, 'p').restarts, k.restarts, label);
    assert.equal(c.sim.store.get('Pod', 'default', 'p')?.state.phase, k.phase, label);
  }
});

test('POD-PRINT: with several containers the first failing one in spec order names the STATUS; READY counts running ready ones', () => {
  const c = clusterFrom(
    `apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: web, image: "kubetm/app"}
  - {name: side, image: "side:bad"}
  - {name: last, image: "last:crash"}
`,
    withImages({ 'side:bad': { pull: 'fail' }, 'last:crash': { exitAfter: 3, exitCode: 1 } }),
  );
  const p = pod(c, 'two');
  assert.equal(p.status, 'ImagePullBackOff');
  assert.equal(p.readyColumn, '1/3');
  assert.equal(p.ready, false);
  assert.equal(p.restarts, 7);
});

test('IMG-PULL: Pulling, Failed, ErrImagePull; then BackOff and ImagePullBackOff; retries 10 s doubling to 300 s; RESTARTS stays 0; the pod stays Pending', () => {
  const c = clusterFrom(
    barePod('broken', 'shop/api:broken'),
    withImages({ 'shop/api:broken': { pull: 'fail' } }),
  );
  const p = pod(c, 'broken');
  assert.equal(p.status, 'ImagePullBackOff');
  assert.equal(p.restarts, 0);
  assert.equal(c.sim.store.get('Pod', 'default', 'broken')?.state.phase, 'Pending');
  const pulls = eventTimes(c, 'Pulling', 'broken');
  const gaps = pulls.slice(1).map((t, i) => t - pulls[i]);
  // Each retry comes a back-off after the failure, which is one second after the attempt.
  assert.deepEqual(gaps, [11, 21, 41, 81, 161, 301]);
  const first = c.sim.events.filter(
    (e) => e.object.name === 'broken' && e.t <= pulls[0] + 2 && e.source === 'kubelet',
  );
  assert.deepEqual(
    first.map((e) => `${e.type} ${e.reason}: ${e.message}`),
    [
      'Normal Pulling: Pulling image "shop/api:broken"',
      'Warning Failed: Failed to pull image "shop/api:broken": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/shop/api:broken": failed to resolve reference "docker.io/shop/api:broken": docker.io/shop/api:broken: not found',
      'Warning Failed: Error: ErrImagePull',
      'Normal BackOff: Back-off pulling image "shop/api:broken"',
      'Warning Failed: Error: ImagePullBackOff',
    ],
  );
});

test('a Deployment rolled to an image that cannot be pulled stalls: the old pods keep serving', () => {
  const c = clusterFrom(
    deploymentYaml('web', 3, 'shop/api:v1'),
    withImages({ 'shop/api:v2': { pull: 'fail' } }),
  );
  apply(c, deploymentYaml('web', 3, 'shop/api:v2'));
  c.settle(SETTLE);
  const states = c
    .state()
    .pods.map((p) => p.status)
    .sort();
  // maxSurge 25 % ⇒ 1 new pod, maxUnavailable 25 % ⇒ 0: the rollout waits on the new pod.
  assert.deepEqual(states, ['ImagePullBackOff', 'Running', 'Running', 'Running']);
});

test('crash step: the container exits once with the code; a missing pod or container, or one not running, stops the run with exit 2 naming what exists', () => {
  const base = `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: t}
spec:
  cluster:
    images: {"bad:1": {pull: fail}}
  manifests:
  - inline: |
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers: [{name: app, image: kubetm/app}, {name: log, image: kubetm/app}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: broken}
      spec:
        containers: [{name: app, image: "bad:1"}]
  steps:
`;
  const ok = runScenario(
    parseScenarioText(base + '  - crash: {pod: web, container: log, exitCode: 137}\n', 't.yaml', '.'),
  );
  const step = ok.result.steps[0];
  assert.equal(step.state.pods.find((p) => p.name === 'web')?.restarts, 1);
  const errorAt = step.state.pods.find((p) => p.name === 'web');
  assert.equal(errorAt?.status, 'Running');
  const cases: Array<[string, RegExp]> = [
    ['  - crash: {pod: nope}\n', /crash: no pod "nope" in namespace default \(pods: broken, web\)/],
    [
      '  - crash: {pod: web, container: db}\n',
      /crash: pod web has no container "db" \(containers: app, log\)/,
    ],
    ['  - crash: {pod: broken}\n', /crash: container "app" of pod broken is not running/],
  ];
  for (const [stepText, message] of cases) {
    const text = base + stepText;
    const err = inputError(() => runScenario(parseScenarioText(text, 't.yaml', '.')));
    assert.match(err.message, message);
    assert.equal(err.line, text.split('\n').length - 1, 'the line of the crash step');
  }
});

test('a failed node keeps a crash loop frozen; its return resumes it', () => {
  const c = clusterFrom(
    barePod('crashy', 'shop/api:v3', '  nodeName: k8s-node1'),
    withImages({ 'shop/api:v3': { exitAfter: 5, exitCode: 1 } }),
  );
  c.node('k8s-node1', 'fail');
  const restarts = pod(c, 'crashy').restarts;
  c.advance(200);
  assert.equal(pod(c, 'crashy').restarts, restarts, 'no kubelet, no restarts');
  c.node('k8s-node1', 'recover');
  c.settle(SETTLE);
  assert.ok(pod(c, 'crashy').restarts > restarts);
  assert.deepEqual(
    DEFAULT_CLUSTER.images,
    {},
    'the default cluster gives every image the course app behaviour',
  );
});

test('PROBE-DEFAULTS, PROBE-EVENTS: a liveness probe failing from unhealthyAfter kills the container at the third failure; it restarts with the back-off', () => {
  const c = clusterFrom(
    `apiVersion: v1
kind: Pod
metadata: {name: leaky}
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: api
    image: shop/api:leaky
    livenessProbe:
      httpGet: {path: /healthz, port: 8080}
`,
    withImages({ 'shop/api:leaky': { unhealthyAfter: 60 } }),
  );
  const started = eventTimes(c, 'Started', 'leaky');
  const unhealthy = eventTimes(c, 'Unhealthy', 'leaky');
  // Defaults: period 10 s, failure threshold 3; the first probe at or after 60 s fails.
  assert.deepEqual(unhealthy.slice(0, 3), [started[0] + 60, started[0] + 70, started[0] + 80]);
  assert.deepEqual(
    messages(c, 'Unhealthy', 'leaky')[0],
    'Liveness probe failed: HTTP probe failed with statuscode: 500',
  );
  const killing = c.sim.events.filter((e) => e.reason === 'Killing' && e.object.name === 'leaky');
  assert.equal(killing[0].message, 'Container api failed liveness probe, will be restarted');
  assert.equal(killing[0].t, started[0] + 80);
  // Killed after the pod's grace period (the app ignores SIGTERM), then restarted at once.
  assert.equal(statusTimes(c, 'leaky', 'Error')[0], started[0] + 85);
  assert.equal(started[1], started[0] + 86);
  assert.equal(pod(c, 'leaky').status, 'CrashLoopBackOff');
});

test('never silent: an image behaviour that matches an init container is reported once, since init containers always succeed', () => {
  const text = `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: t}
spec:
  cluster:
    images: {busybox: {exitAfter: 2s, exitCode: 1}}
  manifests:
  - inline: |
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        initContainers: [{name: setup, image: "busybox:1.36"}]
        containers: [{name: app, image: kubetm/app}]
`;
  const run = runScenario(parseScenarioText(text, 't.yaml', '.'));
  assert.deepEqual(run.result.warnings, [
    'cluster.images behaviour of "busybox:1.36" is not simulated for init containers (setup of pod p): it pulls, runs 1s and exits 0',
  ]);
  assert.equal(run.result.state.pods[0].status, 'Running');
});

test('KUBELET-BACKOFF: the timeline transitions carry RESTARTS once above 0', () => {
  const c = clusterFrom(
    barePod('crashy', 'shop/api:v3'),
    withImages({ 'shop/api:v3': { exitAfter: 5, exitCode: 1 } }),
  );
  const inc = c.sim.incarnations.find((i) => i.name === 'crashy');
  assert.ok(inc);
  const firstRunning = inc.transitions.find((t) => t.status === 'Running');
  assert.equal(firstRunning?.restarts, undefined, 'nothing before the first restart');
  const last = inc.transitions[inc.transitions.length - 1];
  assert.deepEqual([last.status, last.restarts], ['CrashLoopBackOff', 7]);
});

test('KUBELET-ADMIT: a pod that names its node but does not fit is rejected by the kubelet: Failed, STATUS OutOfcpu', () => {
  const pinned = (name: string, cpu: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: k8s-node1
  containers:
  - name: app
    image: kubetm/app
    resources: {requests: {cpu: ${cpu}}}
---
`;
  const c = clusterFrom(pinned('first', '1500m') + pinned('second', '1'));
  assert.equal(pod(c, 'first').status, 'Running');
  assert.equal(pod(c, 'second').status, 'OutOfcpu');
  assert.equal(c.sim.store.get('Pod', 'default', 'second')?.state.phase, 'Failed');
  assert.deepEqual(messages(c, 'OutOfcpu', 'second'), [
    "Node didn't have enough resource: cpu, requested: 1000, used: 1500, capacity: 2000",
  ]);
  // The pod count is checked first.
  const d = clusterFrom(pinned('a', '100m') + pinned('b', '100m'), {
    config: { nodes: [{ name: 'k8s-node1', capacity: { pods: 1 } }, { name: 'k8s-node2' }] },
  });
  assert.equal(pod(d, 'b').status, 'OutOfpods');
  assert.deepEqual(messages(d, 'OutOfpods', 'b'), [
    "Node didn't have enough resource: pods, requested: 1, used: 1, capacity: 1",
  ]);
});
