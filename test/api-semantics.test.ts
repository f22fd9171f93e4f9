// API server semantics of `kubectl apply` / `kubectl delete` at the engine level: lists applied
// item by item, the pod updates the API server allows (and the kubelet's restart on an image
// change), node port allocation, and the namespaces that may not be deleted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { expandLists } from '../src/engine/lists';
import { changedImages, validatePodUpdate } from '../src/engine/pod-update';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import type { PodSpec } from 'kubernetes-types/core/v1';
import { SETTLE, clusterFrom, messages, pod } from './helpers';

const applyText = (c: Cluster, yaml: string, file = 'u.yaml') => c.apply(loadManifestText(yaml, file));

describe('lists', () => {
  test('items keep their own positions, also inside a list in a list', () => {
    const docs = loadManifestText(
      `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: a}
  - apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: ConfigMap
        metadata: {name: b}
`,
      'l.yaml',
    );
    const items = expandLists(docs);
    assert.deepEqual(
      items.map((d) => [d.source.start.line, d.source.start.column, d.locate(['metadata', 'name']).line]),
      [
        [4, 5, 6],
        [10, 9, 12],
      ],
    );
  });

  test('an empty list applies nothing; a typed list names the kind of items that have none', () => {
    const c = new Cluster(DEFAULT_CLUSTER, 1);
    const r = applyText(
      c,
      `apiVersion: v1
kind: List
items: []
---
apiVersion: v1
kind: ConfigMapList
items:
  - metadata: {name: cfg}
    data: {a: b}
`,
    );
    assert.deepEqual(r.applied, ['configmap/cfg created']);
    assert.deepEqual(r.notSimulated, []);
  });

  test('an item of a kind not simulated is reported at its own line', () => {
    const c = new Cluster(DEFAULT_CLUSTER, 1);
    const r = applyText(
      c,
      `apiVersion: v1
kind: List
items:
  - apiVersion: batch/v1
    kind: Job
    metadata: {name: j}
`,
    );
    assert.deepEqual(
      r.notSimulated.map((n) => [n.kind, n.name, n.line]),
      [['Job', 'j', 4]],
    );
  });
});

describe('pod updates (ValidatePodUpdate)', () => {
  const base: PodSpec = {
    containers: [{ name: 'app', image: 'a:1' }],
    initContainers: [{ name: 'init', image: 'i:1' }],
    activeDeadlineSeconds: 100,
    tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }],
    terminationGracePeriodSeconds: -1,
  };
  const errors = (change: Partial<PodSpec>) =>
    validatePodUpdate({ ...base, ...change }, base).map((e) => e.text);

  test('POD-UPDATE allowed: images, a lower deadline, added tolerations, tolerationSeconds, grace -1 → 1', () => {
    assert.deepEqual(errors({ containers: [{ name: 'app', image: 'a:2' }] }), []);
    assert.deepEqual(errors({ initContainers: [{ name: 'init', image: 'i:2' }] }), []);
    assert.deepEqual(errors({ activeDeadlineSeconds: 50 }), []);
    assert.deepEqual(
      errors({
        tolerations: [
          { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 9 },
          { key: 'other', operator: 'Exists' },
        ],
      }),
      [],
    );
    assert.deepEqual(errors({ terminationGracePeriodSeconds: 1 }), []);
  });

  test('refused, with the API server messages', () => {
    assert.deepEqual(errors({ activeDeadlineSeconds: 200 }), [
      'spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value',
    ]);
    assert.deepEqual(errors({ activeDeadlineSeconds: undefined }), [
      'spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value',
    ]);
    assert.deepEqual(errors({ tolerations: [] }), [
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
    assert.deepEqual(errors({ terminationGracePeriodSeconds: 2 }), [
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ]);
    assert.deepEqual(
      errors({
        containers: [
          { name: 'app', image: 'a:1' },
          { name: 'b', image: 'b' },
        ],
      }),
      ['spec.containers: Forbidden: pod updates may not add or remove containers'],
    );
    assert.match(
      errors({ containers: [{ name: 'renamed', image: 'a:1' }] })[0],
      /^spec: Forbidden: pod updates/,
    );
  });

  test('an empty list equals an absent one, as decoded specs compare', () => {
    const spec: PodSpec = { containers: [{ name: 'app', image: 'a' }] };
    assert.deepEqual(validatePodUpdate({ ...spec, tolerations: [], volumes: [] }, spec), []);
  });

  test('changedImages names the app containers whose image changed', () => {
    assert.deepEqual(changedImages({ ...base, containers: [{ name: 'app', image: 'a:2' }] }, base), ['app']);
    assert.deepEqual(changedImages({ ...base, initContainers: [{ name: 'init', image: 'i:2' }] }, base), []);
  });
});

describe('image change on a running pod', () => {
  const POD = (image: string, grace = 10) => `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  terminationGracePeriodSeconds: ${grace}
  containers: [{name: app, image: ${image}}]
`;

  test('POD-IMAGE-CHANGE: kills and restarts the container in the same pod: Killing, Pulled, Created, Started, RESTARTS 1', () => {
    const c = clusterFrom(POD('app:1'));
    const before = pod(c, 'web');
    const r = applyText(c, POD('app:2'));
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(r.applied, ['pod/web configured']);
    assert.ok(c.settle(SETTLE));
    const after = pod(c, 'web');
    assert.equal(after.uid, before.uid);
    assert.equal(after.ip, before.ip);
    assert.equal(after.restarts, 1);
    assert.equal(after.status, 'Running');
    assert.equal(after.ready, true);
    assert.equal(before.restarts, 0, 'RESTARTS 0 before the image change');
    assert.deepEqual(messages(c, 'Killing', 'web'), ['Container app definition changed, will be restarted']);
    assert.deepEqual(messages(c, 'Pulled', 'web'), [
      'Container image "app:1" already present on machine',
      'Container image "app:2" already present on machine',
    ]);
    assert.equal(messages(c, 'Started', 'web').length, 2);
  });

  test('the pod is not ready between the container exit (grace period) and its new start', () => {
    const c = clusterFrom(POD('app:1'));
    const t0 = c.now;
    applyText(c, POD('app:2'));
    c.advance(5);
    assert.equal(pod(c, 'web').ready, true, 'still running while it handles SIGTERM');
    c.advance(6);
    assert.equal(pod(c, 'web').ready, false, 'exited after terminationGracePeriodSeconds');
    assert.ok(c.settle(SETTLE));
    assert.equal(pod(c, 'web').ready, true);
    const started = c.sim.events.filter((e) => e.reason === 'Started').map((e) => e.t);
    assert.equal(started[1] - t0, 10 + c.sim.timing.containerStart);
  });

  test('a pod not yet started simply starts with the new image', () => {
    const c = clusterFrom(POD('app:1'), { noSettle: true });
    applyText(c, POD('app:2'));
    assert.ok(c.settle(SETTLE));
    assert.deepEqual(messages(c, 'Killing', 'web'), []);
    assert.equal(pod(c, 'web').restarts, 0);
    assert.deepEqual(messages(c, 'Pulled', 'web'), ['Container image "app:2" already present on machine']);
  });

  test('a refused update is positioned at the field and changes nothing', () => {
    const c = clusterFrom(POD('app:1'));
    const r = applyText(
      c,
      `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  terminationGracePeriodSeconds: 10
  containers: [{name: app, image: app:1}, {name: side, image: s}]
`,
    );
    assert.deepEqual(
      r.rejected.map((x) => [x.line, x.column, x.message]),
      [
        [
          6,
          3,
          'The Pod "web" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers',
        ],
      ],
    );
    assert.equal(c.sim.store.get('Pod', 'default', 'web')?.spec.containers.length, 1);
  });
});

describe('node ports', () => {
  const svc = (name: string, nodePort?: number, type = 'NodePort') => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  type: ${type}
  selector: {app: x}
  ports: [{port: 80${nodePort === undefined ? '' : `, nodePort: ${nodePort}`}}]
`;

  test('a port another Service holds is refused, on create and on update', () => {
    const c = clusterFrom(svc('a', 30000) + '---\n' + svc('b'));
    const create = applyText(c, svc('x', 30000));
    assert.deepEqual(
      create.rejected.map((r) => r.message),
      [
        'The Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 30000: provided port is already allocated',
      ],
    );
    assert.equal(c.sim.store.get('Service', 'default', 'x'), undefined);
    const update = applyText(c, svc('b', 30000));
    assert.deepEqual(
      update.rejected.map((r) => r.message),
      [
        'The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30000: provided port is already allocated',
      ],
    );
    // A Service keeps its own port when re-applied.
    assert.deepEqual(applyText(c, svc('a', 30000)).rejected, []);
  });

  test("the ingress-nginx controller's node ports are taken only when it is installed", () => {
    const withNginx = new Cluster(DEFAULT_CLUSTER, 1);
    assert.equal(applyText(withNginx, svc('a', 30431)).rejected.length, 1);
    assert.equal(applyText(withNginx, svc('b', 30798)).rejected.length, 1);
    const without = new Cluster({ ...DEFAULT_CLUSTER, ingressController: 'none' }, 1);
    assert.deepEqual(applyText(without, svc('a', 30431)).rejected, []);
  });

  test('automatic ports come from above the static band and skip taken ones', () => {
    const c = new Cluster(DEFAULT_CLUSTER, 1);
    applyText(c, svc('fixed', 30086));
    applyText(c, svc('auto'));
    assert.deepEqual(c.sim.store.get('Service', 'default', 'auto')?.nodePorts, [30087]);
  });
});

describe('namespaces that may not be deleted', () => {
  test('default, kube-system and kube-public are refused; others are deleted', () => {
    const c = new Cluster(DEFAULT_CLUSTER, 1);
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      assert.equal(
        c.delete('Namespace', '', ns),
        `Error from server (Forbidden): namespaces "${ns}" is forbidden: this namespace may not be deleted`,
      );
      assert.ok(c.sim.store.get('Namespace', '', ns));
    }
    assert.equal(c.delete('ns', '', 'kube-node-lease'), null);
  });
});
