// Facts, not text: events name their related object, the state lists workloads with their owners,
// and consumers follow owner chains (Pod → ReplicaSet → Deployment) instead of name prefixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkloadOwners } from '../src/scenario/ownership';
import { apply, clusterFrom, SETTLE } from './helpers';
import { deploymentYaml as deployment } from './fixtures';

test('Deployment web does not own the pods of Deployment web-api (owner chain, not name prefix)', () => {
  const c = clusterFrom(`${deployment('web', 2, 'nginx:1.26')}---\n${deployment('web-api', 3, 'api:1')}`);
  const first = c.state();
  apply(c, deployment('web', 2, 'nginx:1.27')); // a rollout: a second ReplicaSet for web
  assert.ok(c.settle(SETTLE));
  const end = c.state();
  const owners = new WorkloadOwners([first, end]);
  const web = { kind: 'Deployment', name: 'web', namespace: 'default' };
  const api = { kind: 'Deployment', name: 'web-api', namespace: 'default' };
  const ownedBy = (w: typeof web) =>
    end.pods.filter((p) => owners.controls(w, p.owner, p.namespace)).map((p) => p.labels.app);
  assert.deepEqual(ownedBy(web), ['web', 'web']);
  assert.deepEqual(ownedBy(api), ['web-api', 'web-api', 'web-api']);
  // The ReplicaSet itself controls its pods too, and another namespace owns nothing here.
  const apiSet = end.workloads.find((w) => w.kind === 'ReplicaSet' && w.owner?.name === 'web-api');
  assert.ok(apiSet);
  assert.equal(end.pods.filter((p) => owners.controls(apiSet, p.owner, p.namespace)).length, 3);
  assert.equal(owners.controls({ ...web, namespace: 'other' }, end.pods[0].owner, 'default'), false);
  // The chain a reveal follows from a pod: its ReplicaSet, then that set's Deployment.
  const apiPod = end.pods.find((p) => p.labels.app === 'web-api');
  assert.ok(apiPod);
  assert.deepEqual(
    owners.chain(apiPod.owner, 'default').map((r) => r.kind + '/' + r.name),
    [`ReplicaSet/${apiSet.name}`, 'Deployment/web-api'],
  );
});

test('state.workloads lists each workload with its owner and revisions (contract 5.3)', () => {
  const c = clusterFrom(deployment('web', 2, 'nginx:1.26'));
  apply(c, deployment('web', 2, 'nginx:1.27'));
  assert.ok(c.settle(SETTLE));
  const { workloads, pods } = c.state();
  const d = workloads.find((w) => w.kind === 'Deployment');
  assert.ok(d);
  assert.deepEqual([d.name, d.replicas, d.readyReplicas, d.owner], ['web', 2, 2, null]);
  const sets = workloads.filter((w) => w.kind === 'ReplicaSet');
  assert.ok(sets.length >= 1 && sets.every((s) => s.owner?.kind === 'Deployment' && s.owner.name === 'web'));
  // The rollout finished: every pod runs the new template, whose hash both revisions name.
  assert.equal(d.currentRevision, d.updateRevision);
  for (const p of pods) assert.equal(p.labels['pod-template-hash'], d.updateRevision);
  const live = sets.find((s) => s.replicas === 2);
  assert.equal(live?.updateRevision, d.updateRevision);
});

test('events name their related object: the created or deleted Pod, the scaled ReplicaSet, the Node', () => {
  const c = clusterFrom(`${deployment('web', 2, 'nginx:1.26')}`);
  const events = c.sim.events;
  const created = events.filter((e) => e.reason === 'SuccessfulCreate');
  assert.equal(created.length, 2);
  const podNames = new Set(c.state().pods.map((p) => p.name));
  for (const e of created) {
    assert.equal(e.related?.kind, 'Pod');
    assert.ok(podNames.has(e.related.name), `${e.related.name} is a pod of the run`);
  }
  const scaled = events.find((e) => e.reason === 'ScalingReplicaSet');
  assert.equal(scaled?.related?.kind, 'ReplicaSet');
  for (const e of events.filter((x) => x.reason === 'Scheduled')) {
    const bound = c.state().pods.find((p) => p.name === e.object.name);
    assert.deepEqual(e.related, { kind: 'Node', namespace: '', name: bound?.node });
  }
});

test('state.workloads carry availableReplicas (minReadySeconds) and updatedReplicas as the controllers count them', () => {
  const yaml = deployment('web', 2, 'nginx:1.26').replace('spec:\n', 'spec:\n  minReadySeconds: 10\n');
  const c = clusterFrom(yaml, { noSettle: true });
  c.advance(5);
  const early = c.state().workloads.find((w) => w.kind === 'Deployment');
  assert.deepEqual([early?.readyReplicas, early?.availableReplicas, early?.updatedReplicas], [2, 0, 2]);
  assert.ok(c.settle(SETTLE));
  const { workloads } = c.state();
  const d = workloads.find((w) => w.kind === 'Deployment');
  const rs = workloads.find((w) => w.kind === 'ReplicaSet');
  assert.deepEqual([d?.availableReplicas, d?.updatedReplicas], [2, 2]);
  assert.deepEqual([rs?.availableReplicas, rs?.updatedReplicas], [2, null]);
});
