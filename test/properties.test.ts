// Property-based tests over random StatefulSet / ReplicaSet manifests and action sequences.
// Each property replays the ordered log of a run and checks an invariant at every moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import { parseOrdinal } from '../src/engine/controllers/statefulset';
import { byteLen } from '../src/engine/validation/values';

type Action =
  | { kind: 'scale'; replicas: number }
  | { kind: 'deletePod'; ordinal: number }
  | { kind: 'readiness'; ordinal: number; ready: boolean }
  | { kind: 'wait'; seconds: number };

interface Case {
  policy: 'OrderedReady' | 'Parallel';
  replicas: number;
  claims: boolean;
  whenScaled: 'Retain' | 'Delete';
  whenDeleted: 'Retain' | 'Delete';
  grace: number;
  seed: number;
  actions: Array<{ action: Action; runFor: number | null }>;
}

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('deletePod' as const), ordinal: fc.integer({ min: 0, max: 4 }) }),
  fc.record({
    kind: fc.constant('readiness' as const),
    ordinal: fc.integer({ min: 0, max: 4 }),
    ready: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 0, max: 40 }) }),
);

const caseArb: fc.Arbitrary<Case> = fc.record({
  policy: fc.constantFrom('OrderedReady' as const, 'Parallel' as const),
  replicas: fc.integer({ min: 0, max: 4 }),
  claims: fc.boolean(),
  whenScaled: fc.constantFrom('Retain' as const, 'Delete' as const),
  whenDeleted: fc.constantFrom('Retain' as const, 'Delete' as const),
  grace: fc.constantFrom(0, 1, 10, 30),
  seed: fc.integer({ min: 1, max: 1000 }),
  actions: fc.array(
    fc.record({ action: actionArb, runFor: fc.option(fc.integer({ min: 0, max: 15 }), { nil: null }) }),
    { maxLength: 8 },
  ),
});

function manifest(c: Case): string {
  const vct = c.claims
    ? `  persistentVolumeClaimRetentionPolicy:
    whenScaled: ${c.whenScaled}
    whenDeleted: ${c.whenDeleted}
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`
    : '';
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: ${c.replicas}
  podManagementPolicy: ${c.policy}
  serviceName: web
  selector:
    matchLabels: {app: web}
${vct}  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: ${c.grace}
      containers:
      - name: app
        image: kubetm/app
`;
}

function run(c: Case): Cluster {
  const cluster = new Cluster(DEFAULT_CLUSTER, c.seed);
  const r = cluster.apply(loadManifestText(manifest(c), 'p.yaml'));
  assert.deepEqual(r.rejected, []);
  cluster.settle(3600);
  for (const { action, runFor } of c.actions) {
    switch (action.kind) {
      case 'scale':
        cluster.scale('sts', 'default', 'web', action.replicas);
        break;
      case 'deletePod':
        cluster.delete('pod', 'default', `web-${action.ordinal}`);
        break;
      case 'readiness':
        cluster.setReadiness('default', `web-${action.ordinal}`, action.ready);
        break;
      case 'wait':
        cluster.advance(action.seconds);
        continue;
    }
    if (runFor === null) cluster.settle(3600);
    else cluster.advance(runFor);
  }
  return cluster;
}

interface LivePod {
  uid: string;
  status: string;
  ready: boolean;
}

/** Replays the log, calling `check` after each pod status entry with the live pods by name. */
function replay(
  cluster: Cluster,
  check: (name: string, created: boolean, live: Map<string, LivePod>) => void,
): void {
  const live = new Map<string, LivePod>();
  for (const entry of cluster.sim.log) {
    if (entry.type !== 'status' || entry.incarnation.kind !== 'Pod') continue;
    const { name, uid } = entry.incarnation;
    const current = live.get(name);
    const created = !current || current.uid !== uid;
    if (created && current) {
      assert.fail(`pod ${name} created (uid ${uid}) while ${current.uid} still exists (${current.status})`);
    }
    if (entry.transition.status === 'Deleted') live.delete(name);
    else live.set(name, { uid, status: entry.transition.status, ready: entry.transition.ready === true });
    check(name, created, live);
  }
}

const RUNS = { numRuns: 60, seed: 20261126 };

test('never two live pods with one name', () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      replay(run(c), () => undefined);
    }),
    RUNS,
  );
});

test('OrderedReady never creates ordinal n+1 before every lower ordinal is Running and Ready', () => {
  fc.assert(
    fc.property(
      caseArb.map((c) => ({ ...c, policy: 'OrderedReady' as const })),
      (c) => {
        replay(run(c), (name, created, live) => {
          if (!created) return;
          const ordinal = parseOrdinal(name, 'web');
          assert.ok(ordinal !== null);
          for (let lower = 0; lower < ordinal; lower++) {
            const p = live.get(`web-${lower}`);
            assert.ok(
              p && p.status === 'Running' && p.ready,
              `web-${ordinal} created while web-${lower} is ${p ? `${p.status}${p.ready ? '' : ' (unready)'}` : 'missing'}`,
            );
          }
        });
      },
    ),
    RUNS,
  );
});

test('Retain never deletes a claim', () => {
  fc.assert(
    fc.property(
      caseArb.map((c) => ({
        ...c,
        claims: true,
        whenScaled: 'Retain' as const,
        whenDeleted: 'Retain' as const,
      })),
      (c) => {
        const cluster = run(c);
        for (const inc of cluster.sim.incarnations) {
          if (inc.kind === 'PersistentVolumeClaim') {
            assert.ok(
              !inc.transitions.some((t) => t.status === 'Deleted' || t.status === 'Terminating'),
              inc.name,
            );
          }
        }
        // Every claim ever created still exists.
        const created = new Set(
          cluster.sim.incarnations.filter((i) => i.kind === 'PersistentVolumeClaim').map((i) => i.name),
        );
        assert.deepEqual(new Set(cluster.state().pvcs.map((p) => p.name)), created);
      },
    ),
    RUNS,
  );
});

test('after settling, the set has exactly its ordinals when every pod is ready', () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      const cluster = run({ ...c, actions: c.actions.filter((a) => a.action.kind !== 'readiness') });
      cluster.settle(3600);
      const replicas = cluster.sim.store.get('StatefulSet', 'default', 'web')?.spec.replicas ?? 0;
      const expected = Array.from({ length: replicas }, (_, i) => `web-${i}`).sort();
      assert.deepEqual(
        cluster.state().pods.map((p) => p.name),
        expected,
      );
      assert.ok(cluster.state().pods.every((p) => p.status === 'Running' && p.ready));
    }),
    RUNS,
  );
});

test('determinism: the same case and seed give byte-identical results', () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      const a = run(c);
      const b = run(c);
      assert.equal(
        JSON.stringify([a.sim.events, a.sim.incarnations, a.state()]),
        JSON.stringify([b.sim.events, b.sim.incarnations, b.state()]),
      );
    }),
    { numRuns: 25, seed: 7 },
  );
});

test('ReplicaSet: after settling, exactly `replicas` pods run, whatever happened before', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant(-1)), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 100 }),
      (ops, seed) => {
        const cluster = new Cluster(DEFAULT_CLUSTER, seed);
        cluster.apply(
          loadManifestText(
            `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: kubetm/app}]
`,
            'rs.yaml',
          ),
        );
        cluster.settle(3600);
        let replicas = 2;
        for (const op of ops) {
          if (op < 0) {
            const victim = cluster.state().pods[0];
            if (victim) cluster.delete('pod', 'default', victim.name);
          } else {
            replicas = op;
            cluster.scale('rs', 'default', 'web', op);
          }
          cluster.advance(2);
        }
        cluster.settle(3600);
        const podsNow = cluster.state().pods;
        assert.equal(podsNow.length, replicas);
        assert.ok(podsNow.every((p) => p.status === 'Running'));
        assert.equal(new Set(podsNow.map((p) => p.name)).size, replicas);
      },
    ),
    RUNS,
  );
});

test('byteLen is the UTF-8 length Buffer gives, for any UTF-16 text (lone surrogates included)', () => {
  const codeUnits = fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
    .map((units) => String.fromCharCode(...units));
  const text = fc.oneof(codeUnits, fc.string({ unit: 'grapheme', maxLength: 20 }));
  fc.assert(
    fc.property(text, (s) => {
      assert.equal(byteLen(s), Buffer.byteLength(s, 'utf8'));
    }),
    { numRuns: 500 },
  );
});
