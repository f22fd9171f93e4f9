// Deployment semantics beyond the rolling update itself (DEP-*): pausing, proportional scaling of a
// stuck rollout (the Deployments page's 10 → 15 example), Recreate's order, history cleanup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SETTLE, apply, clusterFrom, messages } from './helpers';

function deployment(
  image: string,
  extra: { replicas?: number; spec?: string; container?: string } = {},
): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${extra.replicas ?? 10}
${extra.spec ?? ''}  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: ${image}
${extra.container ?? ''}`;
}

/** ReplicaSet image → spec.replicas, oldest first. */
function sizes(c: ReturnType<typeof clusterFrom>): Array<[string, number]> {
  return [...c.sim.store.list('ReplicaSet')].map((rs) => [
    rs.spec.template?.spec?.containers[0].image ?? '',
    rs.spec.replicas,
  ]);
}

const SURGE = '  strategy:\n    rollingUpdate: {maxSurge: 3, maxUnavailable: 2}\n';
/** A readiness probe that never passes within the test: the new pods stay unavailable. */
const NEVER_READY = '        readinessProbe: {httpGet: {path: /, port: 8080}, initialDelaySeconds: 100000}\n';

test('DEP-PROPORTIONAL / DEP-SYNC-ORDER: scaling a stuck rollout 10 → 15 gives old 8 → 11 and new 5 → 7', () => {
  const c = clusterFrom(deployment('nginx:1', { spec: SURGE }));
  apply(c, deployment('nginx:bad', { spec: SURGE, container: NEVER_READY }));
  c.advance(60);
  assert.deepEqual(sizes(c), [
    ['nginx:1', 8],
    ['nginx:bad', 5],
  ]);
  assert.equal(c.scale('Deployment', 'default', 'web', 15), null);
  c.advance(5);
  assert.deepEqual(sizes(c), [
    ['nginx:1', 11],
    ['nginx:bad', 7],
  ]);
  const events = messages(c, 'ScalingReplicaSet', 'web').slice(-2).sort();
  assert.match(events[0], /^Scaled up replica set web-\S+ from 5 to 7$/);
  assert.match(events[1], /^Scaled up replica set web-\S+ from 8 to 11$/);
});

test('DEP-PAUSED: a paused Deployment creates no ReplicaSet for a new template but still scales; resume rolls out', () => {
  const c = clusterFrom(deployment('nginx:1', { replicas: 2 }));
  apply(c, deployment('nginx:2', { replicas: 3, spec: '  paused: true\n' }));
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(sizes(c), [['nginx:1', 3]]);
  apply(c, deployment('nginx:2', { replicas: 3 }));
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(sizes(c), [
    ['nginx:1', 0],
    ['nginx:2', 3],
  ]);
});

test('DEP-RECREATE: the new ReplicaSet is created only once every old pod is gone', () => {
  const strategy = '  strategy: {type: Recreate}\n';
  const c = clusterFrom(deployment('nginx:1', { replicas: 2, spec: strategy }));
  apply(c, deployment('nginx:2', { replicas: 2, spec: strategy }));
  c.advance(5); // the old pods are Terminating (grace 30 s)
  assert.deepEqual(sizes(c), [['nginx:1', 0]]);
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(sizes(c), [
    ['nginx:1', 0],
    ['nginx:2', 2],
  ]);
  assert.match(
    messages(c, 'ScalingReplicaSet', 'web').at(-1) ?? '',
    /^Scaled up replica set web-\S+ from 0 to 2$/,
  );
});

test('DEP-HISTORY: old ReplicaSets beyond revisionHistoryLimit are deleted once the rollout completes', () => {
  const limit = '  revisionHistoryLimit: 1\n';
  const c = clusterFrom(deployment('nginx:1', { replicas: 1, spec: limit }));
  for (const image of ['nginx:2', 'nginx:3', 'nginx:4']) {
    apply(c, deployment(image, { replicas: 1, spec: limit }));
    assert.ok(c.settle(SETTLE));
  }
  assert.deepEqual(sizes(c), [
    ['nginx:3', 0],
    ['nginx:4', 1],
  ]);
});
