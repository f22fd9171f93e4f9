// Pod priority and preemption (PREEMPT-VICTIMS, PREEMPT-PICK, PREEMPT-ACT, SCHED-MSG-PREEMPT):
// admission sets spec.priority from the PriorityClass; a pod that fits nowhere evicts
// lower-priority pods where that lets it in, and binds once they are gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER, type NodeSpecInput } from '../src/engine/types';
import { SETTLE, messages } from './helpers';
import { numCandidates } from '../src/engine/scheduler/preemption';

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

/** A pod with labels, a priority class, a cpu request and extra spec lines. */
const labelled = (name: string, cls: string, cpu: string, labels: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {${labels}}}
spec:
  priorityClassName: ${cls}
${extra}  terminationGracePeriodSeconds: 10
  containers: [{name: app, image: kubetm/app, resources: {requests: {cpu: ${cpu}}}}]
`;
const MID = `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: mid}\nvalue: 500\n`;
const budget = (name: string, selector: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}}
spec:
  minAvailable: 1
  selector: ${selector}
`;
const preempted = (c: Cluster) =>
  c.sim.events
    .filter((e) => e.reason === 'Preempted')
    .map((e) => e.object.name)
    .sort();

test('PREEMPT-PICK: a node whose victims violate no PodDisruptionBudget is preferred to a less important victim', () => {
  const c = cluster(
    [node('n1'), node('n2')],
    CLASSES,
    MID,
    labelled('guarded', 'low', '800m', 'app: guarded', '  nodeName: n1\n'),
    labelled('free', 'mid', '800m', 'app: free', '  nodeName: n2\n'),
    budget('guard', '{matchLabels: {app: guarded}}'),
  );
  assert.equal(c.sim.store.get('PodDisruptionBudget', 'default', 'guard')?.state.disruptionsAllowed, 0);
  c.apply(loadManifestText(pod('urgent', 'high', '800m'), 'x.yaml'));
  assert.ok(c.settle(SETTLE));
  // Without the budget, n1's victim (priority 100) would be chosen over n2's (500).
  assert.deepEqual(where(c), { guarded: 'n1', urgent: 'n2' });
});

test('PREEMPT-VICTIMS: a budget is only preferred — its pod is still preempted when nothing else helps', () => {
  const c = cluster(
    [node('n1')],
    CLASSES,
    labelled('guarded', 'low', '800m', 'app: guarded'),
    budget('guard', '{matchLabels: {app: guarded}}'),
  );
  c.apply(loadManifestText(pod('urgent', 'high', '800m'), 'x.yaml'));
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(preempted(c), ['guarded']);
  assert.deepEqual(where(c), { urgent: 'n1' });
});

// Two pods of the same priority, one must go. Without a budget the earlier one (first) is
// reprieved and the later one evicted; a budget that would break makes its pod the first kept.
const reprieveCases: Array<{ name: string; selector: string; preempted: string }> = [
  {
    name: 'pods whose budget would be violated are reprieved first',
    selector: '{matchLabels: {app: second}}',
    preempted: 'first',
  },
  {
    name: 'a budget with an empty selector protects nothing from preemption',
    selector: '{}',
    preempted: 'second',
  },
];
for (const row of reprieveCases) {
  test(`PREEMPT-VICTIMS: ${row.name}`, () => {
    const c = cluster(
      [node('n1')],
      CLASSES,
      labelled('first', 'low', '400m', 'app: first'),
      labelled('second', 'low', '400m', 'app: second'),
      budget('guard', row.selector),
    );
    c.apply(loadManifestText(pod('urgent', 'high', '500m'), 'x.yaml'));
    assert.ok(c.settle(SETTLE));
    assert.deepEqual(preempted(c), [row.preempted]);
    assert.equal(where(c).urgent, 'n1');
  });
}

test('PREEMPT-PICK: equal victims elsewhere ⇒ the node whose earliest important victim started last', () => {
  const c = cluster(
    [node('n1'), node('n2')],
    CLASSES,
    labelled('t0', 'low', '400m', 'x: "0"', '  nodeName: n1\n'),
    labelled('t1', 'low', '400m', 'x: "1"', '  nodeName: n2\n'),
    labelled('t2', 'low', '400m', 'x: "2"', '  nodeName: n2\n'),
    labelled('t3', 'low', '400m', 'x: "3"', '  nodeName: n1\n'),
  );
  c.apply(loadManifestText(pod('urgent', 'high', '900m'), 'x.yaml'));
  assert.ok(c.settle(SETTLE));
  // n1's earliest victim is t0, n2's is t1: n2 holds the younger pods.
  assert.deepEqual(preempted(c), ['t1', 't2']);
  assert.equal(where(c).urgent, 'n2');
});

const antiAffinity = (app: string) => `  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: ${app}}}}
`;

test('PREEMPT-VICTIMS: anti-affinity is re-checked without the victims (RemovePod)', () => {
  const c = cluster(
    [node('n1')],
    CLASSES,
    labelled('web', 'low', '100m', 'app: web'),
    labelled('other', 'low', '100m', 'app: other'),
  );
  c.apply(loadManifestText(labelled('urgent', 'high', '100m', 'app: urgent', antiAffinity('web')), 'x.yaml'));
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(preempted(c), ['web'], 'only the pod the anti-affinity names');
  assert.deepEqual(where(c), { other: 'n1', urgent: 'n1' });
});

test("PREEMPT-VICTIMS: an existing pod's anti-affinity against the incoming pod is removed with it", () => {
  const c = cluster(
    [node('n1')],
    CLASSES,
    labelled('loner', 'low', '100m', 'app: loner', antiAffinity('urgent')),
  );
  c.apply(loadManifestText(labelled('urgent', 'high', '100m', 'app: urgent'), 'x.yaml'));
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(preempted(c), ['loner']);
  assert.deepEqual(where(c), { urgent: 'n1' });
});

test('PREEMPT-VICTIMS: topology spread is re-counted without the victims', () => {
  const spread = `  topologySpreadConstraints:
  - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
`;
  const c = cluster(
    [node('n1'), node('n2')],
    CLASSES,
    labelled('big', 'high', '800m', 'app: big', '  nodeName: n2\n'),
    labelled('w1', 'low', '100m', 'app: web', '  nodeName: n1\n'),
    labelled('w2', 'low', '100m', 'app: web', '  nodeName: n1\n'),
  );
  c.apply(loadManifestText(labelled('urgent', 'high', '500m', 'app: web', spread), 'x.yaml'));
  assert.ok(c.settle(SETTLE));
  // n2 is full of an equal-priority pod; on n1 the skew falls to 1 only with both web pods gone.
  assert.deepEqual(preempted(c), ['w1', 'w2']);
  assert.deepEqual(where(c), { big: 'n2', urgent: 'n1' });
});

test('PREEMPT-VICTIMS: a ReadWriteOncePod claim held by a lower-priority pod is freed by preempting it', () => {
  const claim = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOncePod]
  resources: {requests: {storage: 1Gi}}
`;
  const volume = `  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n`;
  const c = cluster(
    [node('n1'), node('n2')],
    CLASSES,
    claim,
    labelled('holder', 'low', '100m', 'app: h', volume),
  );
  c.apply(loadManifestText(labelled('urgent', 'high', '100m', 'app: u', volume), 'x.yaml'));
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(preempted(c), ['holder']);
  assert.equal(c.state().pods.find((p) => p.name === 'urgent')?.status, 'Running');
});

test('PREEMPT-ACT: a lower-priority pod nominated to the node loses its nomination', () => {
  const c = cluster(
    [node('n1')],
    CLASSES,
    MID,
    labelled('a', 'low', '400m', 'app: a'),
    labelled('b', 'low', '400m', 'app: b'),
  );
  c.apply(loadManifestText(labelled('middle', 'mid', '500m', 'app: m'), 'x.yaml'));
  c.advance(1);
  assert.equal(c.sim.store.get('Pod', 'default', 'middle')?.state.nominatedNode, 'n1');
  c.apply(loadManifestText(labelled('urgent', 'high', '500m', 'app: u'), 'x.yaml'));
  c.advance(1);
  assert.equal(c.sim.store.get('Pod', 'default', 'urgent')?.state.nominatedNode, 'n1');
  assert.equal(c.sim.store.get('Pod', 'default', 'middle')?.state.nominatedNode, null);
});

test('PREEMPT-VICTIMS: candidates collected = max(10 % of the candidate nodes, 100), at most all of them', () => {
  const cases: Array<[number, number]> = [
    [0, 0],
    [1, 1],
    [99, 99],
    [100, 100],
    [999, 100],
    [1000, 100],
    [1500, 150],
    [5009, 500],
  ];
  for (const [nodes, want] of cases) assert.equal(numCandidates(nodes), want, `${nodes} nodes`);
});

test("PREEMPT-VICTIMS: a controller's pod naming a missing class is refused (FailedCreate) until the class exists", () => {
  const workloads = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      priorityClassName: later
      containers: [{name: app, image: nginx}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      priorityClassName: later
      containers: [{name: app, image: nginx}]
`;
  const c = cluster([node('n1')], workloads);
  assert.deepEqual(c.state().pods, []);
  // Admission runs before the name is generated: the ReplicaSet's refusal names the prefix.
  assert.deepEqual(messages(c, 'FailedCreate', 'web'), [
    'Error creating: pods "web-" is forbidden: no PriorityClass with name later was found',
  ]);
  assert.deepEqual(messages(c, 'FailedCreate', 'db'), [
    'create Pod db-0 in StatefulSet db failed error: pods "db-0" is forbidden: no PriorityClass with name later was found',
  ]);
  c.apply(
    loadManifestText(
      `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: later}\nvalue: 42\n`,
      'x.yaml',
    ),
  );
  assert.ok(c.settle(SETTLE));
  const pods = [...c.sim.store.list('Pod')];
  assert.equal(pods.length, 4);
  assert.ok(pods.every((p) => p.spec.priority === 42));
});
