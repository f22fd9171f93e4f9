// Pod priority and preemption (PREEMPT-VICTIMS, PREEMPT-PICK, PREEMPT-ACT, SCHED-MSG-PREEMPT):
// admission sets spec.priority from the PriorityClass; a pod that fits nowhere evicts
// lower-priority pods where that lets it in, and binds once they are gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER, type NodeSpecInput } from '../src/engine/types';
import { SETTLE, messages } from './helpers';

const CLASSES = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: low}
value: 100
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: polite}
value: 1000
preemptionPolicy: Never
`;

const pod = (name: string, cls: string | null, cpu: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${cls ? `  priorityClassName: ${cls}\n` : ''}${extra}  terminationGracePeriodSeconds: 10
  containers: [{name: app, image: kubetm/app, resources: {requests: {cpu: ${cpu}}}}]
`;

function cluster(nodes: NodeSpecInput[], ...docs: string[]): Cluster {
  const c = new Cluster({ ...DEFAULT_CLUSTER, nodes }, 1);
  for (const d of docs) {
    const r = c.apply(loadManifestText(d, 'x.yaml'));
    assert.deepEqual(r.rejected, []);
    assert.ok(c.settle(SETTLE));
  }
  return c;
}

const node = (name: string, cpu = '1') => ({
  name,
  labels: { 'kubernetes.io/hostname': name },
  capacity: { cpu },
});
const where = (c: Cluster) => Object.fromEntries(c.state().pods.map((p) => [p.name, p.node]));

test('PREEMPT-ACT / SCHED-MSG-PREEMPT: a high-priority pod evicts a low one, then binds once it is gone', () => {
  const c = cluster([node('n1')], CLASSES, pod('batch', 'low', '800m'));
  const r = c.apply(loadManifestText(pod('urgent', 'high', '800m'), 'x.yaml'));
  assert.deepEqual(r.rejected, []);
  c.advance(1);
  const urgent = c.sim.store.get('Pod', 'default', 'urgent');
  assert.equal(urgent?.spec.priority, 1000);
  assert.equal(urgent?.state.nominatedNode, 'n1');
  assert.deepEqual(messages(c, 'FailedScheduling', 'urgent'), [
    '0/1 nodes are available: 1 Insufficient cpu.',
  ]);
  assert.deepEqual(messages(c, 'Preempted', 'batch'), [`Preempted by pod ${urgent?.meta.uid} on node n1`]);
  assert.equal(c.state().pods.find((p) => p.name === 'batch')?.status, 'Terminating');
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(where(c), { urgent: 'n1' });
});

test('SCHED-MSG-PREEMPT: equal priorities find no victim; preemptionPolicy Never is not eligible', () => {
  const c = cluster([node('n1')], CLASSES, pod('batch', 'high', '800m'), pod('peer', 'high', '800m'));
  assert.deepEqual(messages(c, 'FailedScheduling', 'peer'), [
    '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
  ]);
  const polite = cluster([node('n1')], CLASSES, pod('batch', 'low', '800m'), pod('polite', 'polite', '800m'));
  assert.deepEqual(messages(polite, 'FailedScheduling', 'polite'), [
    '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
  ]);
  assert.equal(where(polite).batch, 'n1', 'nothing evicted');
});

test('PREEMPT-VICTIMS: only as many victims as needed, the least important first; others reprieved', () => {
  const mid = `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: mid}\nvalue: 500\n`;
  const c = cluster([node('n1')], CLASSES, mid, pod('a', 'low', '400m'), pod('b', 'mid', '400m'));
  c.apply(loadManifestText(pod('urgent', 'high', '500m'), 'x.yaml'));
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(where(c), { b: 'n1', urgent: 'n1' });
  assert.deepEqual(messages(c, 'Preempted').length, 1);
});

test('PREEMPT-PICK: the node whose most important victim matters least', () => {
  const mid = `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: mid}\nvalue: 500\n`;
  const c = cluster(
    [node('n1'), node('n2')],
    CLASSES,
    mid,
    pod('m', 'mid', '800m', '  nodeName: n1\n'),
    pod('l', 'low', '800m', '  nodeName: n2\n'),
  );
  c.apply(loadManifestText(pod('urgent', 'high', '800m'), 'x.yaml'));
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(where(c), { m: 'n1', urgent: 'n2' });
});

test('PREEMPT-VICTIMS: admission refuses an unknown class; a globalDefault class sets every other pod’s priority', () => {
  const c = new Cluster(DEFAULT_CLUSTER, 1);
  const r = c.apply(loadManifestText(pod('p', 'nope', '100m'), 'x.yaml'));
  assert.equal(r.rejected[0]?.message, 'pods "p" is forbidden: no PriorityClass with name nope was found');
  c.apply(
    loadManifestText(
      `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: base}\nvalue: 7\nglobalDefault: true\n`,
      'x.yaml',
    ),
  );
  c.apply(loadManifestText(pod('q', null, '100m'), 'x.yaml'));
  const q = c.sim.store.get('Pod', 'default', 'q');
  assert.deepEqual([q?.spec.priority, q?.spec.priorityClassName], [7, 'base']);
  c.apply(loadManifestText(pod('s', 'system-cluster-critical', '100m'), 'x.yaml'));
  assert.equal(c.sim.store.get('Pod', 'default', 's')?.spec.priority, 2000000000);
});
