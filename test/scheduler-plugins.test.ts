// The scheduler's plugins, table-driven in the manner of kube-scheduler's own plugin tests: each
// case a cluster of nodes and a workload, the nodes the pods land on and the FailedScheduling text
// the framework assembles. Expected strings are those of the upstream sources docs/ cites.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint } from 'kubernetes-types/core/v1';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER, type NodeSpecInput } from '../src/engine/types';
import { podRequests, nonZeroRequests, allocatableOf } from '../src/engine/scheduler/resources';
import { toleratesTaint } from '../src/engine/scheduler/taints';
import { fitErrorText } from '../src/engine/scheduler/framework';
import { DEFAULT_PROFILE } from '../src/engine/scheduler/profile';
import {
  leastAllocatedScore,
  insufficientResources,
} from '../src/engine/scheduler/plugins/node-resources-fit';
import { balancedAllocation } from '../src/engine/scheduler/plugins/balanced-allocation';
import type { NodeInfo } from '../src/engine/scheduler/cache';
import { SETTLE, messages } from './helpers';

function node(name: string, extra: Omit<NodeSpecInput, 'name'> = {}): NodeSpecInput {
  return { name, ...extra, labels: { 'kubernetes.io/hostname': name, ...(extra.labels ?? {}) } };
}

function run(nodes: NodeSpecInput[], yaml: string, seed = 1): Cluster {
  const c = new Cluster({ ...DEFAULT_CLUSTER, nodes }, seed);
  const r = c.apply(loadManifestText(yaml, 'test.yaml'));
  assert.deepEqual(r.rejected, []);
  assert.ok(c.settle(SETTLE));
  return c;
}

/** Pod name → node (null when Pending), in name order. */
function placement(c: Cluster): Record<string, string | null> {
  return Object.fromEntries(c.state().pods.map((p) => [p.name, p.node]));
}

function countByNode(c: Cluster): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of c.state().pods) if (p.node) out[p.node] = (out[p.node] ?? 0) + 1;
  return out;
}

function pending(c: Cluster): string[] {
  return c
    .state()
    .pods.filter((p) => p.node === null)
    .map((p) => p.name);
}

/** The last FailedScheduling message of the cluster's pods. */
function lastFailure(c: Cluster): string | undefined {
  return messages(c, 'FailedScheduling').at(-1);
}

function deployment(name: string, replicas: number, podSpec: string, labels = `app: ${name}`): string {
  const indented = podSpec
    .trim()
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec:
${indented}
`;
}

function bare(name: string, podSpec: string, labels = `app: ${name}`): string {
  const indented = podSpec
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {${labels}}}
spec:
${indented}
`;
}

const APP = `containers: [{name: app, image: kubetm/app}]`;
const REQUESTS = (cpu: string, memory = '64Mi') =>
  `containers: [{name: app, image: kubetm/app, resources: {requests: {cpu: "${cpu}", memory: ${memory}}}}]`;
const NO_VICTIMS = (n: number) =>
  `preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`;
const NOT_HELPFUL = (n: number) =>
  `preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;

// SCHED-MSG-PREEMPT: every expected message below ends in the preemption dry run's verdict —
// `Preemption is not helpful` for unresolvable rejections, `No preemption victims` for the others.
describe('SCHED-PROFILE / SCHED-MSG-AGG / SCHED-CYCLE: the framework', () => {
  test('SCHED-PROFILE: default plugins in MultiPoint order with their score weights', () => {
    assert.deepEqual(
      DEFAULT_PROFILE.map((p) => [p.name, p.weight]),
      [
        ['NodeUnschedulable', 0],
        ['NodeName', 0],
        ['TaintToleration', 3],
        ['NodeAffinity', 2],
        ['NodePorts', 0],
        ['NodeResourcesFit', 1],
        ['VolumeRestrictions', 0],
        ['VolumeBinding', 0],
        ['PodTopologySpread', 2],
        ['InterPodAffinity', 2],
        ['NodeResourcesBalancedAllocation', 1],
      ],
    );
  });

  test('SCHED-MSG-AGG: items are "<count> <reason>" sorted as text, so 10 comes before 2', () => {
    const text = fitErrorText(
      12,
      new Map([
        ["node(s) didn't match Pod's node affinity/selector", 2],
        ['Insufficient cpu', 10],
        ['Insufficient memory', 1],
      ]),
    );
    assert.equal(
      text,
      "0/12 nodes are available: 1 Insufficient memory, 10 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.",
    );
  });

  test('SCHED-CYCLE: a node reports only its first failing filter (cordoned before tainted)', () => {
    const taint: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
    const c = run(
      [node('n1', { unschedulable: true, taints: [taint] }), node('n2', { taints: [taint] })],
      bare('p', APP),
    );
    assert.equal(
      lastFailure(c),
      '0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) were unschedulable. ' +
        NOT_HELPFUL(2),
    );
  });

  test('SCHED-TIE: equal nodes are chosen at random from the seed, reproducibly', () => {
    const chosen = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const c = run([node('n1'), node('n2'), node('n3')], bare('p', APP), seed);
      const again = run([node('n1'), node('n2'), node('n3')], bare('p', APP), seed);
      assert.deepEqual(placement(c), placement(again));
      chosen.add(placement(c).p ?? '');
    }
    assert.deepEqual([...chosen].sort(), ['n1', 'n2', 'n3']);
  });
});

describe('NodeResourcesFit (FIT-*)', () => {
  test('FIT-REQUESTS: init containers need their own request plus earlier sidecars; the larger need wins', () => {
    const spec = {
      initContainers: [
        { name: 'init', image: 'i', resources: { requests: { cpu: '500m' } } },
        { name: 'side', image: 's', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
      ],
      containers: [{ name: 'app', image: 'a', resources: { requests: { cpu: '200m' } } }],
    };
    assert.equal(podRequests(spec).get('cpu'), 500);
    const sidecarFirst = { ...spec, initContainers: [spec.initContainers[1], spec.initContainers[0]] };
    assert.equal(podRequests(sidecarFirst).get('cpu'), 600);
    const limitsOnly = { containers: [{ name: 'a', image: 'a', resources: { limits: { memory: '1Gi' } } }] };
    assert.equal(podRequests(limitsOnly).get('memory'), 1024 ** 3);
    const overhead = { containers: spec.containers, overhead: { cpu: '50m' } };
    assert.equal(podRequests(overhead).get('cpu'), 250);
  });

  test('FIT-FILTER: requests beyond what is left are refused on every node, with each short resource', () => {
    const c = run(
      [
        node('n1', { capacity: { cpu: '1', memory: '1Gi' } }),
        node('n2', { capacity: { cpu: '1', memory: '1Gi' } }),
      ],
      deployment('web', 3, REQUESTS('600m')),
    );
    assert.deepEqual(countByNode(c), { n1: 1, n2: 1 });
    assert.equal(pending(c).length, 1);
    assert.equal(lastFailure(c), `0/2 nodes are available: 2 Insufficient cpu. ${NO_VICTIMS(2)}`);
  });

  test('FIT-FILTER: Too many pods even for pods that request nothing; several reasons per node', () => {
    const c = run([node('n1', { capacity: { pods: 1 } })], deployment('web', 2, APP));
    assert.equal(lastFailure(c), `0/1 nodes are available: 1 Too many pods. ${NO_VICTIMS(1)}`);
    const big = run(
      [node('n1', { capacity: { pods: 1, cpu: '1' } })],
      bare('a', APP) + '---\n' + bare('b', REQUESTS('2')),
    );
    assert.equal(
      lastFailure(big),
      `0/1 nodes are available: 1 Insufficient cpu, 1 Too many pods. ${NO_VICTIMS(1)}`,
    );
    const info = { node: { allocatable: new Map([['pods', 10]]) }, pods: new Set(), requested: new Map() };
    assert.deepEqual(insufficientResources(new Map([['nvidia.com/gpu', 1]]), info as unknown as NodeInfo), [
      'Insufficient nvidia.com/gpu',
    ]);
  });

  test('FIT-SCORE: LeastAllocated over cpu and memory with 100m / 200Mi for containers without requests', () => {
    const alloc = allocatableOf({ cpu: '2', memory: '4Gi' }).resources;
    const empty = {
      node: { allocatable: alloc },
      nonZeroRequested: { cpu: 0, memory: 0 },
    } as unknown as NodeInfo;
    const pod = nonZeroRequests({ containers: [{ name: 'a', image: 'a' }] });
    assert.deepEqual(pod, { cpu: 100, memory: 200 * 1024 * 1024 });
    // cpu (2000-100)*100/2000 = 95, memory (4096-200)*100/4096 = 95.1 → 95; mean 95.
    assert.equal(leastAllocatedScore(pod, empty), 95);
    const busy = {
      node: { allocatable: alloc },
      nonZeroRequested: { cpu: 1900, memory: 0 },
    } as unknown as NodeInfo;
    assert.equal(leastAllocatedScore(pod, busy), Math.trunc((0 + 95) / 2));
  });

  test('FIT-BALANCED: equal shares of cpu and memory score best; BestEffort pods are not scored', () => {
    const alloc = allocatableOf({ cpu: '2', memory: '4Gi' }).resources;
    const info = { node: { allocatable: alloc }, requested: new Map() } as unknown as NodeInfo;
    const score = (spec: object) => {
      const cycle = balancedAllocation.preFilter({ spec } as never, {} as never);
      return cycle && 'score' in cycle ? cycle.score?.(info) : null;
    };
    const req = (cpu: string, memory: string) => ({
      containers: [{ name: 'a', image: 'a', resources: { requests: { cpu, memory } } }],
    });
    assert.equal(score(req('1', '2Gi')), 100);
    assert.equal(score(req('1', '1Gi')), 87); // 1 − |0.5 − 0.25| / 2 = 0.875
    assert.equal(score({ containers: [{ name: 'a', image: 'a' }] }), null);
  });
});

describe('TaintToleration (TAINT-*)', () => {
  const cases: Array<[string, object, Taint, boolean]> = [
    [
      'Equal with the same value',
      { key: 'k', operator: 'Equal', value: 'v' },
      { key: 'k', value: 'v', effect: 'NoSchedule' },
      true,
    ],
    [
      'Equal with another value',
      { key: 'k', value: 'x' },
      { key: 'k', value: 'v', effect: 'NoSchedule' },
      false,
    ],
    [
      'Exists ignores the value',
      { key: 'k', operator: 'Exists' },
      { key: 'k', value: 'v', effect: 'NoExecute' },
      true,
    ],
    [
      'an effect must agree when given',
      { key: 'k', operator: 'Exists', effect: 'NoExecute' },
      { key: 'k', effect: 'NoSchedule' },
      false,
    ],
    [
      'empty key with Exists tolerates all',
      { operator: 'Exists' },
      { key: 'any', value: 'v', effect: 'NoSchedule' },
      true,
    ],
    ['another key', { key: 'j', operator: 'Exists' }, { key: 'k', effect: 'NoSchedule' }, false],
  ];
  for (const [name, toleration, taint, expected] of cases) {
    test(`TAINT-FILTER: ${name}`, () => assert.equal(toleratesTaint(toleration, taint), expected));
  }

  test('TAINT-FILTER: an untolerated NoSchedule taint keeps pods off; a toleration lets them in', () => {
    const taint: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
    const c = run([node('n1'), node('n2', { taints: [taint] })], deployment('web', 4, APP));
    assert.deepEqual(countByNode(c), { n1: 4 });
    const pinned = run(
      [node('n1'), node('n2', { taints: [taint] })],
      bare('p', `nodeSelector: {kubernetes.io/hostname: n2}\n${APP}`),
    );
    assert.equal(
      lastFailure(pinned),
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: db}. " +
        NOT_HELPFUL(2),
    );
    const tolerant = run(
      [node('n1'), node('n2', { taints: [taint] })],
      bare(
        'p',
        `nodeSelector: {kubernetes.io/hostname: n2}\ntolerations: [{key: dedicated, operator: Exists}]\n${APP}`,
      ),
    );
    assert.equal(placement(tolerant).p, 'n2');
    const empty = run([node('n1', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] })], bare('p', APP));
    assert.equal(
      lastFailure(empty),
      `0/1 nodes are available: 1 node(s) had untolerated taint {gpu: }. ${NOT_HELPFUL(1)}`,
    );
  });

  test('TAINT-SCORE: PreferNoSchedule never filters but steers pods away (weight 3)', () => {
    const soft: Taint = { key: 'spare', value: 'yes', effect: 'PreferNoSchedule' };
    for (let seed = 1; seed <= 6; seed++) {
      const c = run([node('n1', { taints: [soft] }), node('n2')], bare('p', APP), seed);
      assert.equal(placement(c).p, 'n2', `seed ${seed}`);
    }
    const only = run([node('n1', { taints: [soft] })], bare('p', APP));
    assert.equal(placement(only).p, 'n1');
  });
});

describe('NodeAffinity (NA-FILTER)', () => {
  test('NA-FILTER: preferred terms pull pods to the nodes they match', () => {
    const spec = `affinity:
  nodeAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 80
      preference: {matchExpressions: [{key: disktype, operator: In, values: [ssd]}]}
${APP}`;
    for (let seed = 1; seed <= 6; seed++) {
      const c = run([node('n1'), node('n2', { labels: { disktype: 'ssd' } })], bare('p', spec), seed);
      assert.equal(placement(c).p, 'n2', `seed ${seed}`);
    }
  });

  test('NA-FILTER: required terms (ORed terms, ANDed expressions, Gt) filter as unresolvable', () => {
    const spec = `affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions: [{key: cores, operator: Gt, values: ["8"]}]
${APP}`;
    const c = run(
      [node('n1', { labels: { cores: '4' } }), node('n2', { labels: { cores: '16' } })],
      bare('p', spec),
    );
    assert.equal(placement(c).p, 'n2');
    const none = run([node('n1', { labels: { cores: '4' } })], bare('p', spec));
    assert.equal(
      lastFailure(none),
      `0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. ${NOT_HELPFUL(1)}`,
    );
  });
});

describe('InterPodAffinity (IPA-*)', () => {
  const ANTI = `affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: web}}
      topologyKey: kubernetes.io/hostname
${APP}`;

  test('IPA-FILTER: 3 replicas with required hostname anti-affinity on 2 nodes leave one Pending', () => {
    const c = run([node('n1'), node('n2')], deployment('web', 3, ANTI));
    assert.deepEqual(countByNode(c), { n1: 1, n2: 1 });
    assert.equal(pending(c).length, 1);
    assert.equal(
      lastFailure(c),
      `0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. ${NO_VICTIMS(2)}`,
    );
  });

  test('IPA-FILTER: the existing pods’ anti-affinity is checked too (symmetry)', () => {
    const guard = bare(
      'guard',
      `affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: noisy}}
      topologyKey: kubernetes.io/hostname
nodeName: n1
${APP}`,
    );
    const c = run([node('n1')], guard + '---\n' + bare('noisy', APP));
    assert.equal(placement(c).noisy, null);
    assert.equal(
      lastFailure(c),
      `0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules. ${NO_VICTIMS(1)}`,
    );
  });

  test('IPA-FILTER: required affinity waits for a matching pod; the first of a self-affine group goes anywhere', () => {
    const toCache = `affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: cache}}
      topologyKey: kubernetes.io/hostname
${APP}`;
    const c = run([node('n1'), node('n2')], bare('web', toCache));
    assert.equal(
      lastFailure(c),
      `0/2 nodes are available: 2 node(s) didn't match pod affinity rules. ${NOT_HELPFUL(2)}`,
    );
    // The cache arrives on n2: the waiting pod follows it there.
    const r = c.apply(loadManifestText(bare('cache', `nodeName: n2\n${APP}`), 'x.yaml'));
    assert.deepEqual(r.rejected, []);
    assert.ok(c.settle(SETTLE));
    assert.equal(placement(c).web, 'n2');
    const together = run(
      [node('n1'), node('n2'), node('n3')],
      deployment('web', 3, toCache.replace('app: cache', 'app: web')),
    );
    assert.equal(Object.keys(countByNode(together)).length, 1, 'all on the node of the first');
  });

  test('IPA-SCORE: preferred anti-affinity spreads replicas apart', () => {
    const spec = `affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        labelSelector: {matchLabels: {app: web}}
        topologyKey: kubernetes.io/hostname
${APP}`;
    for (let seed = 1; seed <= 4; seed++) {
      const c = run([node('n1'), node('n2'), node('n3')], deployment('web', 3, spec), seed);
      assert.deepEqual(Object.values(countByNode(c)), [1, 1, 1], `seed ${seed}`);
    }
  });
});

describe('PodTopologySpread (PTS-*)', () => {
  const zones = () => [
    node('a1', { labels: { zone: 'a' } }),
    node('a2', { labels: { zone: 'a' } }),
    node('b1', { labels: { zone: 'b' } }),
  ];
  const spread = (extra = '') => `topologySpreadConstraints:
- maxSkew: 1
  topologyKey: zone
  whenUnsatisfiable: DoNotSchedule
  labelSelector: {matchLabels: {app: web}}
${extra}${APP}`;

  test('PTS-FILTER: maxSkew 1 over zones puts as many pods in zone b (one node) as in zone a (two)', () => {
    const c = run(zones(), deployment('web', 4, spread()));
    const byZone: Record<string, number> = {};
    for (const [n, count] of Object.entries(countByNode(c))) byZone[n[0]] = (byZone[n[0]] ?? 0) + count;
    assert.deepEqual(byZone, { a: 2, b: 2 });
  });

  test('PTS-FILTER: a node without the key is unresolvable; minDomains above the domains counts 0 as minimum', () => {
    // Zone a already holds a web pod; zone b's only node is cordoned (still an eligible domain,
    // holding 0); node x has no zone label.
    const c = run(
      [
        node('a1', { labels: { zone: 'a' } }),
        node('b1', { labels: { zone: 'b' }, unschedulable: true }),
        node('x'),
      ],
      bare('first', `nodeName: a1\n${APP}`, 'app: web') + '---\n' + bare('second', spread(), 'app: web'),
    );
    assert.deepEqual(placement(c), { first: 'a1', second: null });
    assert.equal(
      lastFailure(c),
      "0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints, " +
        "1 node(s) didn't match pod topology spread constraints (missing required label), 1 node(s) were unschedulable. " +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    const oneDomain = run([node('a1', { labels: { zone: 'a' } }), node('x')], deployment('web', 2, spread()));
    assert.deepEqual(countByNode(oneDomain), { a1: 2 }, 'one domain is never skewed against itself');
    const minDomains = run(
      zones(),
      deployment('web', 4, spread().replace('maxSkew: 1', 'maxSkew: 1\n  minDomains: 3')),
    );
    assert.equal(pending(minDomains).length, 2, 'one pod per zone, then the global minimum stays 0');
  });

  test('PTS-DEFAULT / PTS-SCORE: without constraints a workload is spread by the default soft constraints', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const c = run([node('n1'), node('n2')], deployment('web', 6, APP), seed);
      assert.deepEqual(countByNode(c), { n1: 3, n2: 3 }, `seed ${seed}`);
    }
  });
});

describe('MISC-FILTERS, SCHED-TERMINAL-IGNORED, NODE-PRINT', () => {
  test('MISC-FILTERS: two pods asking for one hostPort never share a node', () => {
    const spec = `containers: [{name: app, image: kubetm/app, ports: [{containerPort: 8080, hostPort: 8080}]}]`;
    const c = run([node('n1'), node('n2')], deployment('web', 3, spec));
    assert.deepEqual(countByNode(c), { n1: 1, n2: 1 });
    assert.equal(
      lastFailure(c),
      `0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. ${NO_VICTIMS(2)}`,
    );
    const udp = spec.replace('hostPort: 8080}', 'hostPort: 8080, protocol: UDP}');
    const mixed = run([node('n1')], bare('tcp', spec) + '---\n' + bare('udp', udp));
    assert.deepEqual(countByNode(mixed), { n1: 2 }, 'another protocol is another port');
  });

  test('MISC-FILTERS: a cordoned node takes only pods tolerating node.kubernetes.io/unschedulable', () => {
    const c = run([node('n1', { unschedulable: true })], bare('p', APP));
    assert.equal(lastFailure(c), `0/1 nodes are available: 1 node(s) were unschedulable. ${NOT_HELPFUL(1)}`);
    const tolerant = run(
      [node('n1', { unschedulable: true })],
      bare(
        'p',
        `tolerations: [{key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}]\n${APP}`,
      ),
    );
    assert.equal(placement(tolerant).p, 'n1');
  });

  test('SCHED-TERMINAL-IGNORED: a Terminating pod holds its requests until it is gone', () => {
    const c = run(
      [node('n1', { capacity: { cpu: '1' } })],
      bare('old', `terminationGracePeriodSeconds: 30\n${REQUESTS('800m')}`),
    );
    assert.equal(c.delete('Pod', 'default', 'old'), null);
    const r = c.apply(loadManifestText(bare('new', REQUESTS('800m')), 'x.yaml'));
    assert.deepEqual(r.rejected, []);
    c.advance(1);
    assert.equal(placement(c).new, null, 'still Pending while old terminates');
    assert.ok(c.settle(SETTLE));
    assert.equal(placement(c).new, 'n1');
  });

  test('NODE-PRINT: STATUS Ready, and Ready,SchedulingDisabled for a cordoned node; capacity and taints in the state', () => {
    const taint: Taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
    const c = run(
      [node('n1'), node('n2', { unschedulable: true, taints: [taint], capacity: { cpu: '4' } })],
      '',
    );
    const nodes = c.state().nodes;
    assert.deepEqual(
      nodes.map((n) => [n.name, n.status]),
      [
        ['n1', 'Ready'],
        ['n2', 'Ready,SchedulingDisabled'],
      ],
    );
    assert.deepEqual(nodes[1].capacity, {
      cpu: '4',
      memory: '4Gi',
      pods: '110',
      'ephemeral-storage': '40Gi',
    });
    // CORDON, NLC-TAINTS: the node lifecycle controller adds the cordon's NoSchedule taint.
    assert.deepEqual(nodes[1].taints, [
      taint,
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ]);
  });
});
