// ReplicaSet and Deployment controllers (behaviour reference section B).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import { apply, clusterFrom, messages, pod, pods, roomyNodes, SETTLE } from './helpers';
import { deploymentYaml as deployment } from './fixtures';

function replicaSet(name: string, replicas: number, extra = ''): string {
  return `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      type: ${name}
  template:
    metadata:
      labels:
        type: ${name}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: container
        image: kubetm/app
${extra}`;
}

describe('ReplicaSet (B1–B4)', () => {
  test('RS-NAME / RS-ALPHABET / RS-EVENTS: <name>- plus 5 characters of the apiserver alphabet', () => {
    const c = clusterFrom(replicaSet('replica-web', 20));
    const names = pods(c);
    assert.equal(names.length, 20);
    for (const n of names) assert.match(n, /^replica-web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(
      messages(c, 'SuccessfulCreate', 'replica-web').sort(),
      names.map((n) => `Created pod: ${n}`).sort(),
    );
  });

  test('RS-NAME: a long name is cut to 58 characters before the suffix', () => {
    const long = 'a'.repeat(60);
    const c = clusterFrom(replicaSet(long, 1));
    assert.equal(pods(c)[0].length, 63);
    assert.ok(pods(c)[0].startsWith('a'.repeat(58)));
  });

  test('same seed, same names; another seed, other names', () => {
    const a = pods(clusterFrom(replicaSet('web', 3), { seed: 5 }));
    const b = pods(clusterFrom(replicaSet('web', 3), { seed: 5 }));
    const other = pods(clusterFrom(replicaSet('web', 3), { seed: 6 }));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, other);
  });

  test('each workload has its own name stream: suffixes never repeat across workloads, and adding one shifts no other', () => {
    const suffixes = (names: string[], prefix: string): string[] =>
      names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
    const alone = pods(clusterFrom(replicaSet('web', 3), { seed: 5 }));
    const both = pods(clusterFrom(`${replicaSet('api', 3)}---\n${replicaSet('web', 3)}`, { seed: 5 }));
    assert.deepEqual(
      suffixes(both, 'web-').sort(),
      suffixes(alone, 'web-').sort(),
      'web keeps its names when api is added before it',
    );
    const api = suffixes(both, 'api-');
    assert.equal(api.length, 3);
    for (const s of api) assert.ok(!suffixes(both, 'web-').includes(s), `suffix ${s} is repeated`);
  });

  test('RS-SLOWSTART: creations above burstReplicas (500) continue in later syncs', () => {
    const c = clusterFrom(replicaSet('big', 1200), { config: roomyNodes(2, 600) });
    assert.equal(pods(c).length, 1200);
    assert.equal(c.state().pods.filter((p) => p.status === 'Running').length, 1200);
  });

  test('RS-ACTIVE: a Terminating pod is replaced at once by a new name', () => {
    const c = clusterFrom(replicaSet('web', 3));
    const victim = pods(c)[1];
    const t0 = c.now;
    c.delete('pod', 'default', victim);
    c.advance(1);
    const state = c.state().pods;
    assert.equal(state.length, 4);
    assert.equal(state.find((p) => p.name === victim)?.status, 'Terminating');
    const fresh = state.filter((p) => !pods(clusterFrom(replicaSet('web', 3))).includes(p.name));
    assert.equal(fresh.length, 1);
    const createdAt = c.sim.incarnations.find((i) => i.name === fresh[0].name)?.transitions[0].t;
    assert.equal(createdAt, t0);
    c.settle(SETTLE);
    assert.equal(pods(c).length, 3);
    assert.ok(!pods(c).includes(victim));
  });

  test('RS-ALL: scale to 0 deletes every pod at the same moment', () => {
    const c = clusterFrom(replicaSet('web', 3));
    const t0 = c.now;
    c.scale('rs', 'default', 'web', 0);
    c.advance(1);
    assert.ok(c.state().pods.every((p) => p.status === 'Terminating'));
    const starts = c.sim.incarnations
      .filter((i) => i.kind === 'Pod')
      .map((i) => i.transitions.find((t) => t.status === 'Terminating')?.t);
    assert.deepEqual(starts, [t0, t0, t0]);
    c.settle(SETTLE);
    assert.deepEqual(pods(c), []);
  });

  test('RS-RANK 1: unscheduled pods go before scheduled ones', () => {
    // One node only, labelled so that pods with the selector stay Pending.
    const c = clusterFrom(replicaSet('web', 2));
    apply(
      c,
      replicaSet('web', 3).replace('      containers:', '      nodeSelector: {disk: ssd}\n      containers:'),
    );
    c.settle(SETTLE);
    const pending = c.state().pods.filter((p) => p.status === 'Pending');
    assert.equal(pending.length, 1);
    c.scale('rs', 'default', 'web', 2);
    c.settle(SETTLE);
    assert.ok(!pods(c).includes(pending[0].name));
  });

  test('RS-RANK 3: not-ready pods go before ready ones', () => {
    const c = clusterFrom(replicaSet('web', 3));
    const unready = pods(c)[2];
    c.setReadiness('default', unready, false);
    c.scale('rs', 'default', 'web', 2);
    c.settle(SETTLE);
    assert.ok(!pods(c).includes(unready));
  });

  test('RS-RANK 4: lower pod-deletion-cost goes first', () => {
    const c = clusterFrom(replicaSet('web', 3));
    const cheap = pods(c)[0];
    const p = c.sim.store.get('Pod', 'default', cheap);
    assert.ok(p);
    p.meta.annotations['controller.kubernetes.io/pod-deletion-cost'] = '-100';
    c.scale('rs', 'default', 'web', 2);
    c.settle(SETTLE);
    assert.ok(!pods(c).includes(cheap));
  });

  test('RS-RANK 6: the more recently ready pod goes first (log2 buckets)', () => {
    const c = clusterFrom(replicaSet('web', 2));
    c.advance(1000);
    c.scale('rs', 'default', 'web', 3);
    c.settle(SETTLE);
    const names = pods(c);
    const newest = c.state().pods.find((p) => !pods(clusterFrom(replicaSet('web', 2))).includes(p.name));
    assert.ok(newest);
    c.scale('rs', 'default', 'web', 2);
    c.settle(SETTLE);
    assert.equal(pods(c).length, 2);
    assert.ok(!pods(c).includes(newest.name), `${newest.name} of ${names.join(',')} should go`);
  });

  test('RS-ADOPT: an orphan pod matching the selector is adopted; only the shortfall is created', () => {
    const orphan = `apiVersion: v1
kind: Pod
metadata:
  name: lonely
  labels:
    type: web
spec:
  containers:
  - name: c
    image: kubetm/app
---
`;
    const c = clusterFrom(orphan + replicaSet('web', 2));
    assert.equal(pods(c).length, 2);
    assert.ok(pods(c).includes('lonely'));
    assert.deepEqual(pod(c, 'lonely').owner, { kind: 'ReplicaSet', name: 'web' });
  });

  test('RS-SHAREDPVC: every replica mounts the one claim of the template', () => {
    const claim = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: shared
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1G
---
`;
    const extra = `      nodeSelector:
        kubernetes.io/hostname: k8s-node1
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: shared`;
    const c = clusterFrom(claim + replicaSet('web', 3, extra));
    assert.equal(c.state().pvcs.length, 1);
    assert.ok(
      c
        .state()
        .pods.every((p) => p.claims[0] === 'shared' && p.node === 'k8s-node1' && p.status === 'Running'),
    );
  });
});

describe('Deployment (B1 DEP-NAME, rolling update)', () => {
  test('DEP-NAME: ReplicaSet <deployment>-<hash>, pods <deployment>-<hash>-<5>', () => {
    const c = clusterFrom(deployment('web', 3, 'nginx:1'));
    const rs = [...c.sim.store.list('ReplicaSet')];
    assert.equal(rs.length, 1);
    assert.match(rs[0].meta.name, /^web-[4-9bcdf]{1,10}$/);
    const hash = rs[0].meta.name.slice(4);
    for (const p of c.state().pods) {
      assert.match(p.name, new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      assert.equal(p.labels['pod-template-hash'], hash);
    }
    assert.deepEqual(messages(c, 'ScalingReplicaSet', 'web'), [
      `Scaled up replica set ${rs[0].meta.name} from 0 to 3`,
    ]);
  });

  test('rolling update keeps within maxSurge / maxUnavailable (25%) and ends on the new ReplicaSet', () => {
    const c = clusterFrom(deployment('web', 4, 'nginx:1'));
    apply(c, deployment('web', 4, 'nginx:2'));
    let maxPods = 0;
    let minAvailable = Infinity;
    for (let i = 0; i < 200 && c.sim.queue.size > 0; i++) {
      c.advance(0.5);
      const live = c.state().pods.filter((p) => p.status !== 'Terminating');
      maxPods = Math.max(maxPods, live.length);
      minAvailable = Math.min(minAvailable, live.filter((p) => p.ready).length);
    }
    c.settle(SETTLE);
    assert.ok(maxPods <= 5, `at most replicas + maxSurge (1) pods, saw ${maxPods}`);
    assert.ok(minAvailable >= 3, `at least replicas − maxUnavailable (1) ready, saw ${minAvailable}`);
    const sets = [...c.sim.store.list('ReplicaSet')];
    assert.equal(sets.length, 2);
    const images = c
      .state()
      .pods.map((p) => c.sim.store.get('Pod', 'default', p.name)?.spec.containers[0].image);
    assert.deepEqual(images, ['nginx:2', 'nginx:2', 'nginx:2', 'nginx:2']);
    assert.ok(
      messages(c, 'ScalingReplicaSet', 'web').some((m) =>
        /^Scaled down replica set web-\S+ from 1 to 0$/.test(m),
      ),
    );
  });

  test('Recreate: old pods are gone before new ones start', () => {
    const strategy = '  strategy:\n    type: Recreate';
    const c = clusterFrom(deployment('web', 2, 'nginx:1', strategy));
    apply(c, deployment('web', 2, 'nginx:2', strategy));
    c.settle(SETTLE);
    const incs = c.sim.incarnations.filter((i) => i.kind === 'Pod');
    const oldGone = Math.max(...incs.slice(0, 2).map((i) => i.transitions.at(-1)?.t ?? 0));
    const newStart = Math.min(...incs.slice(2).map((i) => i.transitions[0].t));
    assert.ok(newStart >= oldGone);
  });
});

test('Cluster rejects objects in a namespace that does not exist', () => {
  const c = new Cluster(DEFAULT_CLUSTER, 1);
  const r = c.apply(
    loadManifestText(replicaSet('web', 1).replace('  name: web', '  name: web\n  namespace: shop'), 'x.yaml'),
  );
  assert.equal(r.rejected[0].message, 'namespaces "shop" not found');
});
