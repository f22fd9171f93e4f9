// kubectl delete --cascade and the controllers' adoption and release of dependents
// (DELETE-CASCADE, GC-MODES, ADOPT), as the StatefulSet Basics tutorial and the Conformance tests
// "should adopt matching pods on creation and release no longer matching pods" have them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SETTLE, apply, clusterFrom, messages, statefulSet } from './helpers';
import { deploymentYaml } from './fixtures';

const uids = (c: ReturnType<typeof clusterFrom>) =>
  Object.fromEntries(c.state().pods.map((p) => [p.name, p.uid]));

test('DELETE-CASCADE / GC-MODES orphan: the pods keep running; the same StatefulSet re-created adopts them', () => {
  const yaml = statefulSet('web', { replicas: 2 });
  const c = clusterFrom(yaml);
  const before = uids(c);
  assert.equal(c.delete('StatefulSet', 'default', 'web', null, 'orphan'), null);
  assert.ok(c.settle(SETTLE));
  const orphans = c.state().pods;
  assert.deepEqual(
    orphans.map((p) => [p.name, p.status, p.owner]),
    [
      ['web-0', 'Running', null],
      ['web-1', 'Running', null],
    ],
  );
  apply(c, yaml);
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(uids(c), before, 'nothing restarted');
  assert.deepEqual(
    c.state().pods.map((p) => p.owner?.name),
    ['web', 'web'],
  );
  assert.equal(
    messages(c, 'SuccessfulCreate').filter((m) => m.includes('Pod')).length,
    2,
    'only the first two',
  );
});

test('GC-MODES background (default): the owner goes at once, then its pods terminate', () => {
  const c = clusterFrom(statefulSet('web', { replicas: 2 }));
  assert.equal(c.delete('StatefulSet', 'default', 'web'), null);
  c.advance(1);
  const s = c.state();
  assert.deepEqual(
    s.workloads.filter((w) => w.kind === 'StatefulSet'),
    [],
  );
  assert.deepEqual(
    s.pods.map((p) => p.status),
    ['Terminating', 'Terminating'],
  );
});

test('GC-MODES foreground: the Deployment stays, being deleted, until its ReplicaSet and pods are gone', () => {
  const c = clusterFrom(deploymentYaml('web', 2, 'kubetm/app:v1'));
  assert.equal(c.delete('Deployment', 'default', 'web', null, 'foreground'), null);
  c.advance(1);
  assert.ok(c.sim.store.get('Deployment', 'default', 'web'), 'still there while its pods terminate');
  assert.ok(c.settle(SETTLE));
  assert.equal(c.sim.store.get('Deployment', 'default', 'web'), undefined);
  assert.deepEqual(c.state().pods, []);
  assert.deepEqual(c.state().workloads, []);
});

test('ADOPT: a pod whose labels stop matching is released, keeps running, and is replaced', () => {
  const c = clusterFrom(deploymentYaml('web', 2, 'kubetm/app:v1'));
  const [first] = c.state().pods;
  const pod = c.sim.store.get('Pod', 'default', first.name);
  assert.ok(pod);
  // `kubectl label pod <first> app-` — the selector's label removed.
  const { app: _removed, ...rest } = pod.meta.labels;
  pod.meta.labels = rest;
  c.sim.store.changed(pod);
  assert.ok(c.settle(SETTLE));
  const pods = c.state().pods;
  assert.equal(pods.length, 3);
  const released = pods.find((p) => p.name === first.name);
  assert.deepEqual([released?.status, released?.owner], ['Running', null]);
  assert.equal(pods.filter((p) => p.owner?.kind === 'ReplicaSet' && p.status === 'Running').length, 2);
});

test('ADOPT: a Deployment re-created after an orphaning delete takes its ReplicaSet back without restarting pods', () => {
  const yaml = deploymentYaml('web', 2, 'kubetm/app:v1');
  const c = clusterFrom(yaml);
  const before = uids(c);
  const sets = () => c.state().workloads.filter((w) => w.kind === 'ReplicaSet');
  const rsName = sets()[0].name;
  assert.equal(c.delete('Deployment', 'default', 'web', null, 'orphan'), null);
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(
    sets().map((w) => [w.name, w.owner]),
    [[rsName, null]],
  );
  apply(c, yaml);
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(
    sets().map((w) => [w.name, w.owner?.name, w.replicas]),
    [[rsName, 'web', 2]],
  );
  assert.deepEqual(uids(c), before);
});

test('ADOPT: a StatefulSet re-created with fewer replicas adopts every member pod, then condemns those beyond', () => {
  const c = clusterFrom(statefulSet('web', { replicas: 3 }));
  assert.equal(c.delete('StatefulSet', 'default', 'web', null, 'orphan'), null);
  assert.ok(c.settle(SETTLE));
  apply(c, statefulSet('web', { replicas: 1 }));
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(
    c.state().pods.map((p) => [p.name, p.owner?.name]),
    [['web-0', 'web']],
  );
  assert.deepEqual(messages(c, 'SuccessfulDelete'), [
    'delete Pod web-2 in StatefulSet web successful',
    'delete Pod web-1 in StatefulSet web successful',
  ]);
});

test('ADOPT: a StatefulSet releases a pod whose labels stop matching; its name stays taken (FailedCreate)', () => {
  const c = clusterFrom(statefulSet('web', { replicas: 2 }));
  const pod = c.sim.store.get('Pod', 'default', 'web-1');
  assert.ok(pod);
  pod.meta.labels = { ...pod.meta.labels, app: 'debug' };
  c.sim.store.changed(pod);
  assert.ok(c.settle(SETTLE));
  const released = c.state().pods.find((p) => p.name === 'web-1');
  assert.deepEqual([released?.status, released?.owner], ['Running', null]);
  assert.deepEqual(
    messages(c, 'FailedCreate').at(-1),
    'create Pod web-1 in StatefulSet web failed error: pods "web-1" already exists',
  );
});

test('GC-MODES: ownerReferences written in a manifest are kept; a missing owner gets the object deleted', () => {
  const c = clusterFrom(deploymentYaml('web', 1, 'kubetm/app:v1'));
  const uid = c.sim.store.get('Deployment', 'default', 'web')?.meta.uid ?? '';
  const cm = (name: string, ownerUid: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: ${ownerUid}}]
data: {k: v}
`;
  apply(c, cm('owned', uid));
  apply(c, cm('dangling', 'no-such-uid'));
  assert.ok(c.settle(SETTLE));
  assert.ok(c.sim.store.get('ConfigMap', 'default', 'owned'));
  assert.equal(c.sim.store.get('ConfigMap', 'default', 'dangling'), undefined);
  assert.equal(c.delete('Deployment', 'default', 'web'), null);
  assert.ok(c.settle(SETTLE));
  assert.equal(c.sim.store.get('ConfigMap', 'default', 'owned'), undefined);
});
