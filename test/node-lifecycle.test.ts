// Node failure and recovery, taint-based eviction, cordon: docs/behavior/nodes.md.
import test from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CLUSTER, type ClusterConfig } from '../src/engine/types';
import type { Cluster } from '../src/engine/cluster';
import { withDefaultTolerations } from '../src/engine/admission/default-tolerations';
import { evictionDelay } from '../src/engine/controllers/tainteviction';
import { SETTLE, apply, clusterFrom, messages, pod, pods, statefulSet, timeOf } from './helpers';
import { replicaSetYaml } from './fixtures';
import { EventQueue } from '../src/engine/queue';

const nodesConfig = (count: number, labels: Record<string, string> = {}): Partial<ClusterConfig> => ({
  nodes: Array.from({ length: count }, (_, i) => ({ name: `k8s-node${i + 1}`, labels })),
});

function node(c: Cluster, name: string) {
  const n = c.state().nodes.find((x) => x.name === name);
  assert.ok(n, `node ${name} exists`);
  return n;
}

/** A pod pinned to a node (spec.nodeName bypasses the scheduler), with optional extra spec lines. */
function pinnedPod(name: string, nodeName: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
  nodeName: ${nodeName}
  terminationGracePeriodSeconds: 10
${extra}
  containers: [{name: app, image: kubetm/app}]
---
`;
}

/** A claim template `data` (ReadWriteOnce, the default Longhorn class: attachable) mounted by the app. */
const WITH_VOLUME = {
  spec: `  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}`,
  template: `        volumeMounts: [{name: data, mountPath: /data}]`,
};

function eventTime(c: Cluster, reason: string, objectName: string): number {
  return timeOf(
    c,
    (e) => e.type === 'event' && e.event.reason === reason && e.event.object.name === objectName,
  );
}

test('NLC-GRACE, NLC-EVENTS, NODE-PRINT: NotReady at the first 5-s pass more than 50 s after the last heartbeat; pods lose Ready and leave endpoints, READY stays', () => {
  for (const failAt of [10, 12, 15, 19]) {
    const c = clusterFrom(
      pinnedPod('a', 'k8s-node1') +
        `apiVersion: v1
kind: Service
metadata: {name: a}
spec: {selector: {app: a}, ports: [{port: 80}]}
`,
    );
    c.advance(failAt - c.now);
    assert.equal(c.node('k8s-node1', 'fail').error, null);
    c.settle(60);
    const expected = (Math.floor((failAt + 50) / 5) + 1) * 5;
    assert.equal(eventTime(c, 'NodeNotReady', 'k8s-node1'), expected, `fail at ${failAt}`);
    assert.deepEqual(messages(c, 'NodeNotReady', 'k8s-node1'), [
      'Node k8s-node1 status is now: NodeNotReady',
    ]);
    assert.deepEqual(messages(c, 'NodeNotReady', 'a'), ['Node is not ready']);
    assert.equal(node(c, 'k8s-node1').status, 'NotReady');
    const a = pod(c, 'a');
    assert.equal(a.ready, false);
    assert.equal(a.status, 'Running');
    assert.equal(
      a.readyColumn,
      '1/1',
      'container statuses are stale: kubectl still counts the container ready',
    );
    assert.deepEqual(
      c
        .state()
        .services.find((s) => s.name === 'a')
        ?.endpoints.map((e) => e.ready),
      [false],
    );
  }
});

test('NLC-TAINTS: unreachable NoSchedule at NotReady, NoExecute one pass later, through a 0.1/s zone limiter; CORDON adds unschedulable', () => {
  const c = clusterFrom('', { config: nodesConfig(4) });
  c.node('k8s-node1', 'fail');
  c.node('k8s-node2', 'fail');
  const taintTimes = new Map<string, number>();
  c.sim.store.watch(({ obj }) => {
    if (obj.kind !== 'Node' || taintTimes.has(obj.meta.name)) return;
    if (obj.taints.some((t) => t.effect === 'NoExecute')) taintTimes.set(obj.meta.name, c.now);
  });
  c.advance(55);
  assert.deepEqual(node(c, 'k8s-node1').taints, [
    { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
  ]);
  c.settle(SETTLE);
  // Both turned Unknown at 55; the next pass (60) queues them; the limiter lets one per 10 s.
  assert.deepEqual(Object.fromEntries(taintTimes), { 'k8s-node1': 60, 'k8s-node2': 70 });
  assert.deepEqual(node(c, 'k8s-node2').taints, [
    { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
  ]);
  assert.deepEqual(c.node('k8s-node3', 'cordon'), { error: null, output: ['node/k8s-node3 cordoned'] });
  assert.deepEqual(c.node('k8s-node3', 'cordon').output, ['node/k8s-node3 already cordoned']);
  c.settle(SETTLE);
  assert.equal(node(c, 'k8s-node3').status, 'Ready,SchedulingDisabled');
  assert.deepEqual(node(c, 'k8s-node3').taints, [
    { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
  ]);
  assert.deepEqual(c.node('k8s-node3', 'uncordon').output, ['node/k8s-node3 uncordoned']);
  c.settle(SETTLE);
  assert.deepEqual(node(c, 'k8s-node3').taints, []);
  assert.equal(node(c, 'k8s-node1').status, 'NotReady');
});

test('NLC-TAINTS: a fully disrupted cluster or a partially disrupted small zone gets no NoExecute taint, so nothing is evicted', () => {
  const cases: Array<{ name: string; nodes: number; failing: number; tainted: boolean }> = [
    { name: 'one of two', nodes: 2, failing: 1, tainted: true },
    { name: 'all of two (full disruption)', nodes: 2, failing: 2, tainted: false },
    { name: 'two of four (under three nodes: normal)', nodes: 4, failing: 2, tainted: true },
    { name: 'three of five (60 %: partial, ≤ 50 nodes ⇒ rate 0)', nodes: 5, failing: 3, tainted: false },
    { name: 'three of six (50 %: normal)', nodes: 6, failing: 3, tainted: true },
  ];
  for (const k of cases) {
    const c = clusterFrom(pinnedPod('a', 'k8s-node1'), { config: nodesConfig(k.nodes) });
    for (let i = 1; i <= k.failing; i++) c.node(`k8s-node${i}`, 'fail');
    c.settle(SETTLE);
    const noExecute = node(c, 'k8s-node1').taints.some((t) => t.effect === 'NoExecute');
    assert.equal(noExecute, k.tainted, k.name);
    assert.equal(pod(c, 'a').status, k.tainted ? 'Terminating' : 'Running', k.name);
  }
});

test('DEFAULT-TOL: 300 s tolerations of not-ready and unreachable, unless the pod already tolerates that NoExecute key', () => {
  const nr = {
    key: 'node.kubernetes.io/not-ready',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  };
  const ur = {
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  };
  const own = {
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 30,
  };
  const cases = [
    { written: undefined, want: [nr, ur] },
    { written: [own], want: [own, nr] },
    { written: [{ operator: 'Exists' }], want: [{ operator: 'Exists' }] },
    {
      written: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }],
      want: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, nr, ur],
    },
    {
      written: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }],
      want: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }, ur],
    },
  ];
  for (const k of cases)
    assert.deepEqual(withDefaultTolerations(k.written), k.want, JSON.stringify(k.written));
  // The admission runs for controllers' pods as for users'.
  const c = clusterFrom(replicaSetYaml('web', 1));
  const stored = [...c.sim.store.list('Pod')][0];
  assert.deepEqual(stored.spec.tolerations, [nr, ur]);
});

test('TAINT-EVICT: evicted after the smallest tolerationSeconds from when the taint was seen; none ⇒ never; untolerated ⇒ at once', () => {
  const taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }];
  assert.equal(evictionDelay(taints, withDefaultTolerations(undefined)), 300);
  assert.equal(evictionDelay(taints, []), undefined);
  assert.equal(evictionDelay(taints, [{ operator: 'Exists' }]), null);
  assert.equal(
    evictionDelay(taints, [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 60 },
      { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 20 },
    ]),
    20,
  );
  assert.equal(evictionDelay(taints, [{ operator: 'Exists', tolerationSeconds: -5 }]), 0);

  const c = clusterFrom(
    pinnedPod('default-300', 'k8s-node1') +
      pinnedPod(
        'own-30',
        'k8s-node1',
        '  tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30}]',
      ) +
      pinnedPod('forever', 'k8s-node1', '  tolerations: [{operator: Exists}]'),
  );
  c.node('k8s-node1', 'fail'); // at 3 s ⇒ NotReady at 55, NoExecute at 60
  c.settle(SETTLE);
  assert.equal(eventTime(c, 'TaintManagerEviction', 'own-30'), 90);
  assert.equal(eventTime(c, 'TaintManagerEviction', 'default-300'), 360);
  assert.deepEqual(messages(c, 'TaintManagerEviction', 'default-300'), [
    'Marking for deletion Pod default/default-300',
  ]);
  assert.deepEqual(messages(c, 'TaintManagerEviction', 'forever'), []);
  // NODE-DEAD-POD: nobody confirms the deletion on a dead node.
  assert.equal(pod(c, 'default-300').status, 'Terminating');
  assert.equal(pod(c, 'forever').status, 'Running');

  // A NoExecute taint nothing tolerates evicts at once, on a live node.
  const d = clusterFrom(pinnedPod('a', 'k8s-node2'));
  const t = d.now;
  assert.deepEqual(d.node('k8s-node2', 'taint', { key: 'maintenance', effect: 'NoExecute' }).output, [
    'node/k8s-node2 tainted',
  ]);
  d.settle(SETTLE);
  assert.equal(eventTime(d, 'TaintManagerEviction', 'a'), t);
  assert.deepEqual(pods(d), [], 'the live kubelet stops it and the object goes');
});

test('NODE-RECOVER, TAINT-EVICT: a node back within tolerationSeconds cancels the eviction; its pods are Ready again and its taints go', () => {
  const c = clusterFrom(pinnedPod('a', 'k8s-node1'));
  c.node('k8s-node1', 'fail');
  c.advance(100); // NotReady, NoExecute taint, eviction scheduled for 360
  assert.equal(pod(c, 'a').ready, false);
  c.node('k8s-node1', 'recover');
  assert.equal(node(c, 'k8s-node1').status, 'Ready', 'the kubelet posts Ready at once');
  assert.deepEqual(messages(c, 'NodeReady', 'k8s-node1'), ['Node k8s-node1 status is now: NodeReady']);
  c.settle(SETTLE);
  assert.deepEqual(node(c, 'k8s-node1').taints, []);
  assert.deepEqual(messages(c, 'TaintManagerEviction', 'a'), ['Cancelling deletion of Pod default/a']);
  assert.equal(pod(c, 'a').status, 'Running');
  assert.equal(pod(c, 'a').ready, true);
});

test('RS-NODE-LOSS: a ReplicaSet replaces its pods when taint eviction marks them, while they stay Terminating; they go when the node recovers', () => {
  const c = clusterFrom(replicaSetYaml('web', 4));
  const onNode1 = pods(c).filter((p) => pod(c, p).node === 'k8s-node1');
  assert.ok(onNode1.length > 0);
  const failAt = c.now;
  c.node('k8s-node1', 'fail');
  c.settle(SETTLE);
  const notReady = (Math.floor((failAt + 50) / 5) + 1) * 5;
  for (const p of onNode1) {
    assert.equal(pod(c, p).status, 'Terminating');
    assert.equal(eventTime(c, 'TaintManagerEviction', p), notReady + 5 + 300);
  }
  const running = c.state().pods.filter((p) => p.status === 'Running');
  assert.equal(running.length, 4, 'four running replicas again, all elsewhere');
  assert.ok(running.every((p) => p.node === 'k8s-node2'));
  c.node('k8s-node1', 'recover');
  c.settle(SETTLE);
  assert.equal(c.state().pods.length, 4, 'the recovered kubelet finishes the deletions');
});

for (const policy of ['OrderedReady', 'Parallel'] as const) {
  test(`STS-NODE-LOSS, ADC-FORCE-DETACH (${policy}): no replacement while the old pod exists; after a force delete the new pod waits 6 min for the volume`, () => {
    const c = clusterFrom(statefulSet('web', { replicas: 2, policy, ...WITH_VOLUME }));
    const dead = pod(c, 'web-1').node as string;
    c.node(dead, 'fail');
    c.settle(SETTLE);
    assert.equal(pod(c, 'web-1').status, 'Terminating');
    assert.equal(pod(c, 'web-1').node, dead);
    assert.deepEqual(
      messages(c, 'SuccessfulCreate').filter((m) => m.startsWith('create Pod web-1')).length,
      1,
    );
    const deletedAt = c.now;
    assert.equal(c.delete('Pod', 'default', 'web-1', 0), null);
    c.settle(SETTLE);
    const fresh = pod(c, 'web-1');
    assert.notEqual(fresh.node, dead);
    assert.equal(fresh.status, 'Running');
    const pv = c.state().pvcs.find((p) => p.name === 'data-web-1')?.volume;
    assert.deepEqual(messages(c, 'FailedAttachVolume', 'web-1'), [
      `Multi-Attach error for volume "${pv}" Volume is already exclusively attached to one node and can't be attached to another`,
    ]);
    assert.equal(
      c.sim.events.filter((e) => e.reason === 'SuccessfulAttachVolume' && e.object.name === 'web-1').pop()?.t,
      deletedAt + 360 + DEFAULT_CLUSTER.timing.attach,
    );
  });
}

test('OOS-TAINT, PODGC: the out-of-service taint on a NotReady node evicts, force-deletes at the next 20-s pass and detaches at once', () => {
  const c = clusterFrom(statefulSet('web', { replicas: 1, ...WITH_VOLUME }));
  const dead = pod(c, 'web-0').node as string;
  c.node(dead, 'fail');
  c.advance(60);
  assert.equal(node(c, dead).status, 'NotReady');
  const t = c.now;
  const r = c.node(dead, 'taint', {
    key: 'node.kubernetes.io/out-of-service',
    value: 'nodeshutdown',
    effect: 'NoExecute',
  });
  assert.deepEqual(r.output, [`node/${dead} tainted`]);
  c.settle(SETTLE);
  assert.equal(eventTime(c, 'TaintManagerEviction', 'web-0'), t);
  const gcAt = (Math.floor(t / 20) + 1) * 20;
  const recreated = c.sim.events.filter(
    (e) => e.reason === 'SuccessfulCreate' && e.message.startsWith('create Pod web-0'),
  );
  assert.equal(recreated.length, 2);
  assert.equal(recreated[1].t, gcAt);
  assert.notEqual(pod(c, 'web-0').node, dead);
  assert.equal(pod(c, 'web-0').status, 'Running');
  assert.ok(c.now < gcAt + 60, 'no 6-minute wait for the volume');
});

test('CORDON: new pods avoid a cordoned node, running pods stay', () => {
  const c = clusterFrom(replicaSetYaml('web', 2));
  const before = c.state().pods.map((p) => [p.name, p.node]);
  c.node('k8s-node1', 'cordon');
  apply(c, replicaSetYaml('more', 3));
  c.settle(SETTLE);
  assert.deepEqual(
    c
      .state()
      .pods.filter((p) => p.name.startsWith('web'))
      .map((p) => [p.name, p.node]),
    before,
  );
  assert.ok(
    c
      .state()
      .pods.filter((p) => p.name.startsWith('more'))
      .every((p) => p.node === 'k8s-node2'),
  );
});

test('NODE-RECOVER: a StatefulSet pod evicted on a dead node comes back only when the node returns', () => {
  const c = clusterFrom(statefulSet('web', { replicas: 1 }));
  const dead = pod(c, 'web-0').node as string;
  c.node(dead, 'fail');
  c.settle(SETTLE);
  assert.equal(pod(c, 'web-0').status, 'Terminating');
  const back = c.now;
  c.node(dead, 'recover');
  c.settle(SETTLE);
  assert.equal(pod(c, 'web-0').status, 'Running');
  assert.ok(eventTime(c, 'Killing', 'web-0') >= back);
});

test('cancelled timers never run and never move the clock; cancelling one that already ran changes nothing', () => {
  const q = new EventQueue();
  const ran: number[] = [];
  const a = q.push(5, () => ran.push(5));
  const b = q.push(10, () => ran.push(10));
  q.push(7, () => ran.push(7));
  q.cancel(b);
  assert.equal(q.size, 2);
  const first = q.pop();
  first?.run();
  q.cancel(a); // already ran
  assert.equal(q.size, 1);
  assert.equal(q.peekTime(), 7);
  q.pop()?.run();
  assert.equal(q.size, 0);
  assert.equal(q.peekTime(), undefined, 'the cancelled item at 10 is dropped, not reported');
  assert.deepEqual(ran, [5, 7]);
});
