// ADM-DEFAULTS-APPS: the API server defaults apps/v1 objects before any controller reads them
// (pkg/apis/apps/v1/defaults.go); the stored spec carries every default, whatever was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifestText } from '../src/engine/loader';
import { apply, clusterFrom } from './helpers';
import type { DeploymentObject, ReplicaSetObject, StatefulSetObject } from '../src/engine/types';

const RS = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs}
spec:
  selector: {matchLabels: {app: rs}}
  template:
    metadata: {labels: {app: rs}}
    spec: {containers: [{name: c, image: app:1}]}
`;

/** A StatefulSet with only what validation requires, plus `extra` spec lines (2-space indented). */
function sts(extra = ''): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  selector: {matchLabels: {app: web}}
${extra}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: app:1}]}
`;
}

function deploymentWith(strategy: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
${strategy}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: app:1}]}
`;
}

test('ADM-DEFAULTS-APPS: a StatefulSet written with none of the defaulted fields', () => {
  const c = clusterFrom(sts());
  const set = c.sim.store.get('StatefulSet', 'default', 'web') as StatefulSetObject;
  assert.equal(set.spec.replicas, 1);
  assert.equal(set.spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(set.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.equal(set.spec.revisionHistoryLimit, 10);
  assert.equal(set.spec.minReadySeconds, 0);
  assert.deepEqual(set.spec.persistentVolumeClaimRetentionPolicy, {
    whenDeleted: 'Retain',
    whenScaled: 'Retain',
  });
});

test('ADM-DEFAULTS-APPS: what is written is kept; OnDelete gets no rollingUpdate', () => {
  const c = clusterFrom(
    sts(
      '  replicas: 2\n  podManagementPolicy: Parallel\n  updateStrategy: {type: OnDelete}\n  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}',
    ),
  );
  const set = c.sim.store.get('StatefulSet', 'default', 'web') as StatefulSetObject;
  assert.equal(set.spec.replicas, 2);
  assert.equal(set.spec.podManagementPolicy, 'Parallel');
  assert.deepEqual(set.spec.updateStrategy, { type: 'OnDelete' });
  assert.deepEqual(set.spec.persistentVolumeClaimRetentionPolicy, {
    whenDeleted: 'Retain',
    whenScaled: 'Delete',
  });
});

test('ADM-DEFAULTS-APPS: ReplicaSet replicas 1; Deployment RollingUpdate 25 %/25 %, history 10, deadline 600', () => {
  const c = clusterFrom(`${RS}---\n${deploymentWith('')}`);
  const rs = c.sim.store.get('ReplicaSet', 'default', 'rs') as ReplicaSetObject;
  assert.equal(rs.spec.replicas, 1);
  assert.equal(rs.spec.minReadySeconds, 0);
  const d = c.sim.store.get('Deployment', 'default', 'web') as DeploymentObject;
  assert.deepEqual(d.spec.strategy, {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
  });
  assert.equal(d.spec.revisionHistoryLimit, 10);
  assert.equal(d.spec.progressDeadlineSeconds, 600);
  // `type: RollingUpdate` alone is defaulted the same way, half of a pair too.
  apply(c, deploymentWith('  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}'));
  assert.deepEqual(d.spec.strategy, {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 },
  });
  apply(c, deploymentWith('  strategy: {type: Recreate}'));
  assert.deepEqual(d.spec.strategy, { type: 'Recreate' });
});

test('ADM-DEFAULTS-APPS: an update compares immutable fields after defaulting (OrderedReady written or not)', () => {
  const c = clusterFrom(sts());
  apply(c, sts('  podManagementPolicy: OrderedReady'));
  // Parallel differs from the stored OrderedReady: refused with the API server's message.
  const r = c.apply(loadManifestText(sts('  podManagementPolicy: Parallel'), 't.yaml'));
  assert.equal(r.rejected.length, 1);
  assert.match(r.rejected[0].message, /updates to statefulset spec for fields other than/);
});

test("ADM-DEFAULTS-CORE: pods are stored defaulted, a controller's or a user's", () => {
  const c = clusterFrom(`${RS}---
apiVersion: v1
kind: Pod
metadata: {name: solo}
spec: {containers: [{name: c, image: app:1}]}
`);
  for (const p of c.sim.store.list('Pod')) {
    assert.equal(p.spec.terminationGracePeriodSeconds, 30, p.meta.name);
    assert.equal(p.spec.restartPolicy, 'Always');
    assert.equal(p.spec.dnsPolicy, 'ClusterFirst');
    assert.equal(p.spec.schedulerName, 'default-scheduler');
  }
  // Re-applying the pod as written is no change: the update is defaulted before it is compared.
  const again = c.apply(
    loadManifestText(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\nspec: {containers: [{name: c, image: app:1}]}\n',
      'p.yaml',
    ),
  );
  assert.deepEqual(again.rejected, []);
});

test('ADM-DEFAULTS-CORE: Service type ClusterIP; each port TCP with targetPort = port (absent, 0 or "")', () => {
  const c = clusterFrom(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: a, port: 80}, {name: b, port: 81, targetPort: 0}, {name: c, port: 82, targetPort: http, protocol: UDP}]
`);
  const svc = c.sim.store.get('Service', 'default', 'web');
  assert.ok(svc?.kind === 'Service');
  assert.equal(svc.spec.type, 'ClusterIP');
  assert.equal(svc.spec.sessionAffinity, 'None');
  assert.deepEqual(
    svc.spec.ports.map((p) => [p.port, p.protocol, p.targetPort]),
    [
      [80, 'TCP', 80],
      [81, 'TCP', 81],
      [82, 'UDP', 'http'],
    ],
  );
});

test('APPLY-UNCHANGED: re-applying what is stored answers "unchanged" and changes nothing', () => {
  const c = clusterFrom(`${RS}---\n${deploymentWith('')}`);
  const events = c.sim.events.length;
  const same = c.apply(
    loadManifestText(`${RS}---\n${deploymentWith('  strategy: {type: RollingUpdate}')}`, 't.yaml'),
  );
  // The written default (RollingUpdate) is no change either: both sides are compared defaulted.
  assert.deepEqual(same.applied, ['replicaset.apps/rs unchanged', 'deployment.apps/web unchanged']);
  assert.ok(c.settle(3600));
  assert.equal(c.sim.events.length, events, 'no controller acted');
  const changed = c.apply(
    loadManifestText(deploymentWith('').replace('replicas: 4', 'replicas: 5'), 't.yaml'),
  );
  assert.deepEqual(changed.applied, ['deployment.apps/web configured']);
  const relabelled = c.apply(
    loadManifestText(RS.replace('metadata: {name: rs}', 'metadata: {name: rs, labels: {a: b}}'), 't.yaml'),
  );
  assert.deepEqual(relabelled.applied, ['replicaset.apps/rs configured']);
});

test('ADM-GENERATION: generation grows with spec changes only; controllers report observedGeneration', () => {
  const c = clusterFrom(deploymentWith(''));
  const row = () => {
    const w = c.state().workloads.find((x) => x.kind === 'Deployment');
    assert.ok(w);
    return [w.generation, w.observedGeneration];
  };
  assert.deepEqual(row(), [1, 1]);
  apply(c, deploymentWith(''));
  assert.deepEqual(row(), [1, 1], 'unchanged: no new generation');
  apply(c, deploymentWith('').replace('metadata: {name: web}', 'metadata: {name: web, labels: {team: a}}'));
  assert.deepEqual(row(), [1, 1], 'metadata is not spec');
  apply(c, deploymentWith('').replace('replicas: 4', 'replicas: 2'));
  assert.ok(c.settle(3600));
  assert.deepEqual(row(), [2, 2]);
  assert.equal(c.scale('Deployment', 'default', 'web', 2), null);
  assert.deepEqual(row(), [2, 2], 'scaling to the same count writes nothing');
  assert.equal(c.scale('Deployment', 'default', 'web', 3), null);
  assert.ok(c.settle(3600));
  assert.deepEqual(row(), [3, 3]);
  // The Deployment scaled its ReplicaSet through the API too: 4 → 2 → 3 is two more generations.
  const rs = c.state().workloads.find((x) => x.kind === 'ReplicaSet');
  assert.deepEqual([rs?.generation, rs?.observedGeneration], [3, 3]);
});
