// StatefulSet controller, rule by rule from the behaviour reference (section A). Cases that
// depend on the pod management policy run under both OrderedReady and Parallel, as Kubernetes'
// own stateful_set_control_test.go does.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifestText } from '../src/engine/loader';
import { apply, clusterFrom, messages, pod, pods, pvcs, SETTLE, statefulSet, timeOf } from './helpers';

const POLICIES = ['OrderedReady', 'Parallel'] as const;

const VCT = `  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi`;

function created(c: ReturnType<typeof clusterFrom>, set: string): string[] {
  // The pods the set's SuccessfulCreate events name as their related object (not the message text).
  return c.sim.events
    .filter((e) => e.reason === 'SuccessfulCreate' && e.object.name === set && e.related?.kind === 'Pod')
    .map((e) => e.related?.name ?? '');
}

function deleted(c: ReturnType<typeof clusterFrom>, set: string): string[] {
  return messages(c, 'SuccessfulDelete', set).map(
    (m) => /^delete Pod (\S+) in StatefulSet/.exec(m)?.[1] ?? '',
  );
}

describe('StatefulSet identity (A1)', () => {
  test('STS-NAME / STS-LABELS / STS-HOST: ordinal names, identity labels, hostname and subdomain', () => {
    const c = clusterFrom(statefulSet('web', { replicas: 3 }));
    assert.deepEqual(pods(c), ['web-0', 'web-1', 'web-2']);
    const p = pod(c, 'web-1');
    assert.equal(p.labels['statefulset.kubernetes.io/pod-name'], 'web-1');
    assert.equal(p.labels['apps.kubernetes.io/pod-index'], '1');
    assert.match(p.labels['controller-revision-hash'], /^web-[4-9bcdf]{1,10}$/);
    assert.equal(p.labels.app, 'web');
    assert.equal(p.hostname, 'web-1');
    assert.equal(p.subdomain, 'web-svc');
    assert.deepEqual(p.owner, { kind: 'StatefulSet', name: 'web' });
  });

  test('STS-ORD / STS-PVCNAME: ordinals.start shifts names and claim names', () => {
    const c = clusterFrom(statefulSet('web', { replicas: 2, spec: `  ordinals:\n    start: 5\n${VCT}` }));
    assert.deepEqual(pods(c), ['web-5', 'web-6']);
    assert.deepEqual(pvcs(c), ['www-web-5', 'www-web-6']);
    assert.deepEqual(pod(c, 'web-5').claims, ['www-web-5']);
  });

  test('STS-VOL: one claim volume per template, named after it; a template volume of that name is replaced', () => {
    const c = clusterFrom(
      statefulSet('web', { spec: VCT, template: '      volumes:\n      - name: www\n        emptyDir: {}' }),
    );
    const stored = c.sim.store.get('Pod', 'default', 'web-0');
    assert.ok(stored?.kind === 'Pod');
    assert.deepEqual(stored.spec.volumes, [
      { name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } },
    ]);
  });

  test('STS-STALE: whenScaled Delete — scaled back up at once, web-1 waits for the claim its predecessor owned, then gets a new one', () => {
    const c = clusterFrom(
      statefulSet('web', {
        replicas: 2,
        spec: `  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n${VCT}`,
      }),
    );
    const before = c.sim.store.claim('default', 'www-web-1')?.meta.uid;
    assert.ok(before);
    assert.equal(c.scale('sts', 'default', 'web', 1), null);
    c.settle(1); // web-1 is terminating; its claim now belongs to it
    assert.equal(c.scale('sts', 'default', 'web', 2), null);
    assert.ok(c.settle(SETTLE));
    const after = c.sim.store.claim('default', 'www-web-1');
    assert.ok(after && after.meta.uid !== before, 'the stale claim went and a new one was made');
    // The new claim was made before the new pod: the pod never started on its predecessor's claim.
    const made = c.sim.events
      .filter((e) => e.reason === 'SuccessfulCreate' && e.related?.name.endsWith('web-1'))
      .map((e) => `${e.related?.kind}/${e.related?.name}`);
    assert.deepEqual(made, [
      'PersistentVolumeClaim/www-web-1',
      'Pod/web-1',
      'PersistentVolumeClaim/www-web-1',
      'Pod/web-1',
    ]);
    assert.equal(pod(c, 'web-1').status, 'Running');
  });

  test('STS-EVENTS: the claim is created before its pod, with the real messages', () => {
    const c = clusterFrom(statefulSet('web', { spec: VCT }));
    assert.deepEqual(messages(c, 'SuccessfulCreate', 'web'), [
      'create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'create Pod web-0 in StatefulSet web successful',
    ]);
  });
});

describe('scaling (A4)', () => {
  for (const policy of POLICIES) {
    test(`${policy}: scale 0 → 3 creates web-0..2`, () => {
      const c = clusterFrom(statefulSet('web', { replicas: 3, policy }));
      assert.deepEqual(created(c, 'web'), ['web-0', 'web-1', 'web-2']);
      const createdAt = ['web-0', 'web-1', 'web-2'].map((n) =>
        timeOf(c, (e) => e.type === 'status' && e.incarnation.name === n),
      );
      if (policy === 'OrderedReady') {
        // STS-ORDERED-UP: each creation waits until the previous pod is Running and Ready.
        for (let i = 1; i < 3; i++) {
          const readyPrev = timeOf(
            c,
            (e) =>
              e.type === 'status' && e.incarnation.name === `web-${i - 1}` && e.transition.ready === true,
          );
          assert.ok(
            createdAt[i] >= readyPrev,
            `web-${i} created at ${createdAt[i]}, web-${i - 1} ready at ${readyPrev}`,
          );
          assert.ok(createdAt[i] > createdAt[i - 1]);
        }
      } else {
        // STS-PARALLEL: all at once.
        assert.deepEqual(createdAt, [0, 0, 0]);
      }
    });

    test(`${policy}: scale 3 → 0`, () => {
      const c = clusterFrom(statefulSet('web', { replicas: 3, policy }));
      const start = c.now;
      c.scale('sts', 'default', 'web', 0);
      assert.ok(c.settle(SETTLE));
      assert.deepEqual(pods(c), []);
      const gone = (n: string) =>
        timeOf(
          c,
          (e) => e.type === 'status' && e.incarnation.name === n && e.transition.status === 'Deleted',
        );
      const terminating = (n: string) =>
        timeOf(
          c,
          (e) => e.type === 'status' && e.incarnation.name === n && e.transition.status === 'Terminating',
        );
      if (policy === 'OrderedReady') {
        // STS-ORDERED-DOWN: 2, 1, 0 — each only after the previous is gone (grace period 10 s).
        assert.deepEqual(deleted(c, 'web'), ['web-2', 'web-1', 'web-0']);
        assert.equal(terminating('web-2'), start);
        assert.ok(terminating('web-1') >= gone('web-2'));
        assert.ok(terminating('web-0') >= gone('web-1'));
        assert.equal(gone('web-0') - start, 30);
      } else {
        for (const n of ['web-0', 'web-1', 'web-2']) assert.equal(terminating(n), start);
        assert.equal(gone('web-0') - start, 10);
      }
    });

    test(`${policy}: STS-HALT-UP — scale-up with an unready pod`, () => {
      const c = clusterFrom(statefulSet('web', { replicas: 1, policy }));
      c.setReadiness('default', 'web-0', false);
      c.scale('sts', 'default', 'web', 3);
      c.settle(SETTLE);
      assert.deepEqual(pods(c), policy === 'OrderedReady' ? ['web-0'] : ['web-0', 'web-1', 'web-2']);
      c.setReadiness('default', 'web-0', true);
      c.settle(SETTLE);
      assert.deepEqual(pods(c), ['web-0', 'web-1', 'web-2']);
    });

    test(`${policy}: STS-HALT-DOWN — every pod unready, scale to 0`, () => {
      const c = clusterFrom(statefulSet('web', { replicas: 3, policy }));
      for (const n of ['web-0', 'web-1', 'web-2']) c.setReadiness('default', n, false);
      c.scale('sts', 'default', 'web', 0);
      c.settle(SETTLE);
      assert.deepEqual(pods(c), policy === 'OrderedReady' ? ['web-0', 'web-1', 'web-2'] : []);
    });

    test(`${policy}: STS-RECREATE — a deleted pod returns under its name once the old one is gone`, () => {
      const c = clusterFrom(statefulSet('web', { replicas: 3, policy, spec: VCT }));
      const oldUid = pod(c, 'web-1').uid;
      const t0 = c.now;
      c.delete('pod', 'default', 'web-1');
      c.advance(5);
      assert.equal(pod(c, 'web-1').status, 'Terminating');
      assert.equal(pod(c, 'web-1').uid, oldUid);
      c.settle(SETTLE);
      const p = pod(c, 'web-1');
      assert.notEqual(p.uid, oldUid);
      assert.equal(p.status, 'Running');
      assert.deepEqual(p.claims, ['www-web-1']);
      const incarnations = c.sim.incarnations.filter((i) => i.kind === 'Pod' && i.name === 'web-1');
      assert.equal(incarnations.length, 2);
      const goneAt = incarnations[0].transitions.at(-1);
      assert.equal(goneAt?.status, 'Deleted');
      assert.equal(goneAt?.t, t0 + 10);
      assert.ok(incarnations[1].transitions[0].t >= t0 + 10);
    });
  }

  test('STS-HALT-DOWN exception: the only unhealthy pod, the highest, is removed', () => {
    const c = clusterFrom(statefulSet('web', { replicas: 3 }));
    c.setReadiness('default', 'web-2', false);
    c.scale('sts', 'default', 'web', 2);
    c.settle(SETTLE);
    assert.deepEqual(pods(c), ['web-0', 'web-1']);
  });

  test('OrderedReady: an unready lower pod blocks removal of a healthy higher one', () => {
    const c = clusterFrom(statefulSet('web', { replicas: 3 }));
    c.setReadiness('default', 'web-0', false);
    c.scale('sts', 'default', 'web', 2);
    c.settle(SETTLE);
    assert.deepEqual(pods(c), ['web-0', 'web-1', 'web-2']);
  });

  test('STS-MINREADY: minReadySeconds delays the next creation', () => {
    const c = clusterFrom(statefulSet('web', { replicas: 2, spec: '  minReadySeconds: 20' }));
    const ready0 = timeOf(
      c,
      (e) => e.type === 'status' && e.incarnation.name === 'web-0' && e.transition.ready === true,
    );
    const created1 = timeOf(c, (e) => e.type === 'status' && e.incarnation.name === 'web-1');
    assert.equal(created1 - ready0, 20);
  });
});

describe('claims (A2, A3)', () => {
  test('STS-PVC-REUSE + STS-RET-DEFAULT: claims survive scale to 0 and are reattached', () => {
    const c = clusterFrom(statefulSet('web', { replicas: 3, spec: VCT }));
    const volumes = c.state().pvcs.map((p) => p.volume);
    c.scale('sts', 'default', 'web', 0);
    c.settle(SETTLE);
    assert.deepEqual(pods(c), []);
    assert.deepEqual(pvcs(c), ['www-web-0', 'www-web-1', 'www-web-2']);
    c.scale('sts', 'default', 'web', 3);
    c.settle(SETTLE);
    assert.deepEqual(
      c.state().pvcs.map((p) => p.volume),
      volumes,
    );
    assert.equal(
      messages(c, 'SuccessfulCreate', 'web').filter((m) => m.startsWith('create Claim')).length,
      3,
    );
  });

  test('STS-RET-E2E: whenScaled Delete leaves only claim 0 after 3 → 1', () => {
    const c = clusterFrom(
      statefulSet('web', {
        replicas: 3,
        spec: `  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n${VCT}`,
      }),
    );
    c.scale('sts', 'default', 'web', 1);
    c.settle(SETTLE);
    assert.deepEqual(pvcs(c), ['www-web-0']);
    // STS-RET-ORDER: each claim goes only after its pod is gone.
    for (const n of ['1', '2']) {
      const podGone = timeOf(
        c,
        (e) => e.type === 'status' && e.incarnation.name === `web-${n}` && e.transition.status === 'Deleted',
      );
      const claimGone = timeOf(
        c,
        (e) =>
          e.type === 'status' && e.incarnation.name === `www-web-${n}` && e.transition.status === 'Deleted',
      );
      assert.ok(claimGone >= podGone);
    }
  });

  test('STS-RET-E2E: whenDeleted Delete removes every claim with the set', () => {
    const c = clusterFrom(
      statefulSet('web', {
        replicas: 3,
        spec: `  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n${VCT}`,
      }),
    );
    c.delete('sts', 'default', 'web');
    c.settle(SETTLE);
    assert.deepEqual(pods(c), []);
    assert.deepEqual(pvcs(c), []);
  });

  test('STS-DELETE: deleting the set with the default policy keeps the claims', () => {
    const c = clusterFrom(statefulSet('web', { replicas: 2, spec: VCT }));
    c.delete('sts', 'default', 'web');
    c.settle(SETTLE);
    assert.deepEqual(pods(c), []);
    assert.deepEqual(pvcs(c), ['www-web-0', 'www-web-1']);
  });

  test('STS-PVC-TERMINATING: a claim being deleted blocks its pod with FailedCreate until it is gone', () => {
    const c = clusterFrom(statefulSet('web', { replicas: 1, spec: VCT }));
    c.delete('pvc', 'default', 'www-web-0');
    c.settle(SETTLE);
    assert.equal(c.state().pvcs[0].status, 'Terminating'); // protected while web-0 uses it
    c.delete('pod', 'default', 'web-0');
    c.settle(SETTLE);
    assert.ok(
      messages(c, 'FailedCreate', 'web').includes(
        'create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted',
      ),
    );
    assert.deepEqual(pods(c), ['web-0']);
    assert.equal(pod(c, 'web-0').status, 'Running');
    assert.equal(c.state().pvcs[0].status, 'Bound'); // a fresh claim
  });
});

describe('updates (A6)', () => {
  const v2 = (extra = '') =>
    statefulSet('web', { replicas: 3, spec: extra }).replace('kubetm/app:v1', 'kubetm/app:v2');

  test('STS-RU-ORDER: RollingUpdate replaces 2, 1, 0, one at a time', () => {
    const c = clusterFrom(statefulSet('web', { replicas: 3 }));
    const before = pod(c, 'web-0').labels['controller-revision-hash'];
    apply(c, v2());
    c.settle(SETTLE);
    assert.deepEqual(deleted(c, 'web'), ['web-2', 'web-1', 'web-0']);
    const after = c.state().pods.map((p) => p.labels['controller-revision-hash']);
    assert.ok(after.every((h) => h !== before && h === after[0]));
    const ready2 = timeOf(
      c,
      (e) =>
        e.type === 'status' &&
        e.incarnation.name === 'web-2' &&
        e.transition.ready === true &&
        e.transition.t > 10,
    );
    const term1 = timeOf(
      c,
      (e) => e.type === 'status' && e.incarnation.name === 'web-1' && e.transition.status === 'Terminating',
    );
    assert.ok(term1 >= ready2);
  });

  test('STS-PARTITION: only ordinals ≥ partition move to the new revision', () => {
    const spec = '  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 2';
    const c = clusterFrom(statefulSet('web', { replicas: 3, spec }));
    const old = pod(c, 'web-0').labels['controller-revision-hash'];
    apply(c, v2(spec));
    c.settle(SETTLE);
    assert.deepEqual(deleted(c, 'web'), ['web-2']);
    assert.equal(pod(c, 'web-0').labels['controller-revision-hash'], old);
    assert.notEqual(pod(c, 'web-2').labels['controller-revision-hash'], old);
    // A deleted pod below the partition comes back at the old revision.
    c.delete('pod', 'default', 'web-1');
    c.settle(SETTLE);
    assert.equal(pod(c, 'web-1').labels['controller-revision-hash'], old);
  });

  test('STS-ONDELETE: nothing is replaced until a pod is deleted by hand', () => {
    const spec = '  updateStrategy:\n    type: OnDelete';
    const c = clusterFrom(statefulSet('web', { replicas: 3, spec }));
    const old = pod(c, 'web-0').labels['controller-revision-hash'];
    apply(c, v2(spec));
    c.settle(SETTLE);
    assert.deepEqual(deleted(c, 'web'), []);
    c.delete('pod', 'default', 'web-1');
    c.settle(SETTLE);
    assert.notEqual(pod(c, 'web-1').labels['controller-revision-hash'], old);
    assert.equal(pod(c, 'web-0').labels['controller-revision-hash'], old);
  });

  test('A7: changing an immutable field through apply is refused', () => {
    const c = clusterFrom(statefulSet('web', { replicas: 1 }));
    const r = c.apply(loadManifestText(statefulSet('web', { replicas: 1, policy: 'Parallel' }), 'v2.yaml'));
    assert.equal(r.rejected.length, 1);
    assert.match(
      r.rejected[0].message,
      /^The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec/,
    );
  });
});

describe('name conflicts and re-apply', () => {
  const squatter = (labels: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web-1
  labels: ${labels}
spec:
  containers:
  - name: c
    image: kubetm/app
---
`;

  test('a pod of another owner holding an ordinal name: FailedCreate until it is gone', () => {
    const c = clusterFrom(squatter('{other: thing}') + statefulSet('web', { replicas: 3 }));
    assert.deepEqual(pods(c), ['web-0', 'web-1']);
    assert.ok(
      messages(c, 'FailedCreate', 'web').includes(
        'create Pod web-1 in StatefulSet web failed error: pods "web-1" already exists',
      ),
    );
    c.delete('pod', 'default', 'web-1');
    c.settle(SETTLE);
    assert.deepEqual(pods(c), ['web-0', 'web-1', 'web-2']);
    assert.deepEqual(pod(c, 'web-1').owner, { kind: 'StatefulSet', name: 'web' });
  });

  test('an orphan pod matching the selector is adopted under its ordinal', () => {
    const c = clusterFrom(squatter('{app: web}') + statefulSet('web', { replicas: 3 }));
    assert.deepEqual(pods(c), ['web-0', 'web-1', 'web-2']);
    assert.deepEqual(pod(c, 'web-1').owner, { kind: 'StatefulSet', name: 'web' });
    assert.equal(messages(c, 'FailedCreate', 'web').length, 0);
  });

  test('re-applying with a default written out (podManagementPolicy: OrderedReady) is not a change', () => {
    const c = clusterFrom(
      statefulSet('web', { replicas: 1 }).replace('  podManagementPolicy: OrderedReady\n', ''),
    );
    const r = c.apply(loadManifestText(statefulSet('web', { replicas: 2 }), 'v2.yaml'));
    assert.deepEqual(r.rejected, []);
    c.settle(SETTLE);
    assert.deepEqual(pods(c), ['web-0', 'web-1']);
  });
});
