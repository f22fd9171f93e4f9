// PodDisruptionBudgets, the Eviction API and kubectl drain (docs/behavior/disruption.md).
import test from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../src/engine/cluster';
import { evictPod, BUDGET_VIOLATION } from '../src/engine/eviction';
import { parseScenarioText } from '../src/scenario/parse';
import { loadManifestText } from '../src/engine/loader';
import { runScenario } from '../src/scenario/run';
import { SETTLE, apply, clusterFrom, messages, pod } from './helpers';
import { deploymentYaml, replicaSetYaml } from './fixtures';

function pdbYaml(name: string, app: string, field: string): string {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}}
spec:
  ${field}
  selector: {matchLabels: {app: ${app}}}
`;
}

function budget(c: Cluster, name: string) {
  const b = c.state().pdbs.find((p) => p.name === name);
  assert.ok(b, `pdb ${name}`);
  return b;
}

test('PDB-CALC: expected, desired, healthy and allowed from minAvailable / maxUnavailable, integers and percentages (rounded up)', () => {
  const cases: Array<{ field: string; expected: number; desired: number; allowed: number }> = [
    { field: 'minAvailable: 2', expected: 3, desired: 2, allowed: 1 },
    { field: 'minAvailable: 3', expected: 3, desired: 3, allowed: 0 },
    { field: 'minAvailable: "50%"', expected: 3, desired: 2, allowed: 1 },
    { field: 'maxUnavailable: 1', expected: 3, desired: 2, allowed: 1 },
    { field: 'maxUnavailable: "10%"', expected: 3, desired: 2, allowed: 1 },
    { field: 'maxUnavailable: 0', expected: 3, desired: 3, allowed: 0 },
  ];
  for (const k of cases) {
    const c = clusterFrom(deploymentYaml('web', 3, 'app:v1') + '---\n' + pdbYaml('web', 'web', k.field));
    const b = budget(c, 'web');
    assert.deepEqual(
      [b.expectedPods, b.desiredHealthy, b.currentHealthy, b.disruptionsAllowed],
      [k.expected, k.desired, 3, k.allowed],
      k.field,
    );
  }
  // One pod not Ready: it is not healthy.
  const c = clusterFrom(
    deploymentYaml('web', 3, 'app:v1') + '---\n' + pdbYaml('web', 'web', 'minAvailable: 2'),
  );
  const name = c.state().pods[0].name;
  c.setReadiness('default', name, false);
  c.settle(SETTLE);
  assert.deepEqual([budget(c, 'web').currentHealthy, budget(c, 'web').disruptionsAllowed], [2, 0]);
});

test('PDB-CALC: no matching pods, and bare pods under a percentage', () => {
  const c = clusterFrom(pdbYaml('none', 'nothing', 'minAvailable: 1'));
  assert.deepEqual(messages(c, 'NoPods', 'none'), ['No matching pods found']);
  const d = clusterFrom(
    `apiVersion: v1
kind: Pod
metadata: {name: bare, labels: {app: bare}}
spec:
  containers: [{name: c, image: kubetm/app}]
---
` + pdbYaml('bare', 'bare', 'maxUnavailable: "50%"'),
  );
  assert.equal(budget(d, 'bare').expectedPods, 0);
  assert.equal(budget(d, 'bare').disruptionsAllowed, 0);
  assert.match(
    messages(d, 'UnmanagedPods', 'bare')[0],
    /^Pods selected by this PodDisruptionBudget \(selector: .*\) were found to be unmanaged\./,
  );
});

test('EVICT-API, PDB-DISRUPTED: one allowance is spent by the first eviction; the second is refused with 429 until the controller recomputes', () => {
  const c = clusterFrom(replicaSetYaml('web', 3) + '---\n' + pdbYaml('web', 'web', 'minAvailable: 2'));
  const [a, b] = [...c.sim.store.list('Pod')];
  assert.equal(evictPod(c.sim, a).code, 201);
  const second = evictPod(c.sim, b);
  assert.deepEqual([second.code, second.message], [429, BUDGET_VIOLATION]);
  // PDB-DISRUPTED: the status still says 3 healthy until the controller recomputes; the
  // decremented allowance (0) is what refuses.
  assert.equal(second.cause, 'The disruption budget web needs 2 healthy pods and has 3 currently');
  // Pending and terminating pods are evicted without looking at the budget.
  assert.equal(evictPod(c.sim, a).code, 201);
  c.settle(SETTLE);
  assert.equal(budget(c, 'web').disruptionsAllowed, 1, 'the replacement is Ready: one allowance again');
  apply(c, pdbYaml('other', 'web', 'maxUnavailable: 1'));
  c.settle(SETTLE);
  const third = evictPod(
    c.sim,
    [...c.sim.store.list('Pod')].find((p) => p.meta.deletionTime === null && p.state.ready)!,
  );
  assert.deepEqual(
    [third.code, third.message],
    [500, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.'],
  );
});

function drainRun(steps: string, nodes = '[k8s-node1, k8s-node2, k8s-node3]') {
  const text = `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: t}
spec:
  seed: 7
  cluster:
    nodes: ${nodes}
  manifests:
  - inline: |
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        replicas: 3
        serviceName: db
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            terminationGracePeriodSeconds: 10
            affinity:
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                - labelSelector: {matchLabels: {app: db}}
                  topologyKey: kubernetes.io/hostname
            containers: [{name: db, image: kubetm/app}]
      ---
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: {name: db}
      spec:
        minAvailable: 2
        selector: {matchLabels: {app: db}}
  steps:
${steps}`;
  return runScenario(parseScenarioText(text, 't.yaml', '.'));
}

test('DRAIN-FLOW, CORDON: cordon, evict, wait until gone, drained; a budget at its floor blocks the next drain, retried every 5 s until a replacement is Ready', () => {
  const run = drainRun(`  - node: {name: k8s-node1, action: drain}
  - node: {name: k8s-node2, action: drain}
    for: 20s
  - node: {name: k8s-node1, action: uncordon}
`);
  const [first, second, third] = run.result.steps;
  assert.deepEqual(first.output, [
    'node/k8s-node1 cordoned',
    'evicting pod default/db-1',
    'pod/db-1 evicted',
    'node/k8s-node1 drained',
  ]);
  assert.equal(first.state.nodes.find((n) => n.name === 'k8s-node1')?.status, 'Ready,SchedulingDisabled');
  const refused = `error when evicting pods/"db-0" -n "default" (will retry after 5s): ${BUDGET_VIOLATION}`;
  assert.equal(second.output?.[0], 'node/k8s-node2 cordoned');
  assert.deepEqual(second.output?.slice(1, 5), [
    'evicting pod default/db-0',
    refused,
    'evicting pod default/db-0',
    refused,
  ]);
  assert.equal(second.output?.filter((l) => l === refused).length, 5, 'one refusal every 5 s for 20 s');
  assert.equal(second.state.pods.find((p) => p.name === 'db-0')?.status, 'Running');
  // Uncordoning lets db-1 back on k8s-node1; once Ready the budget allows one, the retry evicts.
  assert.deepEqual(third.output?.slice(0, 1), ['node/k8s-node1 uncordoned']);
  assert.deepEqual(third.output?.slice(-3), [
    'evicting pod default/db-0',
    'pod/db-0 evicted',
    'node/k8s-node2 drained',
  ]);
});

test('DRAIN-FLOW: a pod without a controller stops the drain before any eviction; the node stays cordoned', () => {
  const c = clusterFrom(`apiVersion: v1
kind: Pod
metadata: {name: bare}
spec:
  nodeName: k8s-node1
  containers: [{name: c, image: kubetm/app}]
  volumes: [{name: scratch, emptyDir: {}}]
`);
  const r = c.node('k8s-node1', 'drain');
  assert.equal(r.error, 'unable to drain node "k8s-node1"');
  assert.deepEqual(r.output, [
    'node/k8s-node1 cordoned',
    'error: unable to drain node "k8s-node1" due to error: cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...',
    'There are pending nodes to be drained:',
    ' k8s-node1',
    'cannot delete Pods that declare no controller (use --force to override): default/bare',
  ]);
  c.settle(SETTLE);
  assert.equal(pod(c, 'bare').status, 'Running');
  assert.equal(c.state().nodes.find((n) => n.name === 'k8s-node1')?.status, 'Ready,SchedulingDisabled');
});

test('DRAIN-FLOW: emptyDir pods are drained with a warning (--delete-emptydir-data); an empty node drains at once', () => {
  const c = clusterFrom(
    deploymentYaml('web', 1, 'app:v1').replace(
      '      containers:',
      '      nodeSelector: {kubernetes.io/hostname: k8s-node2}\n      volumes: [{name: tmp, emptyDir: {}}]\n      containers:',
    ),
  );
  const name = c.state().pods[0].name;
  const r = c.node('k8s-node2', 'drain');
  assert.equal(r.output[1], `Warning: deleting Pods with local storage: default/${name}`);
  assert.deepEqual(c.node('k8s-node1', 'drain').output, [
    'node/k8s-node1 cordoned',
    'node/k8s-node1 drained',
  ]);
});

test('policy/v1 validation: minAvailable and maxUnavailable together, a bad percentage', () => {
  const c = clusterFrom('');
  const r = c.apply(
    loadManifestText(
      `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: both}
spec: {minAvailable: 1, maxUnavailable: 1, selector: {matchLabels: {a: b}}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pct}
spec: {minAvailable: "150%", selector: {matchLabels: {a: b}}}
`,
      't.yaml',
    ),
  );
  assert.deepEqual(
    r.rejected.map((x) => x.name),
    ['both', 'pct'],
  );
  assert.match(r.rejected[0].message, /minAvailable and maxUnavailable cannot be both set/);
  assert.match(
    r.rejected[1].message,
    /spec.minAvailable: Invalid value: 150%: must not be greater than 100%/,
  );
});
