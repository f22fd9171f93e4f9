// Scheduler, volume binding, attach/detach and PVC protection (behaviour reference section C).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifestText } from '../src/engine/loader';
import { clusterFrom, messages, pod, SETTLE } from './helpers';

const PREEMPTION = (n: number) =>
  ` preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;

function podYaml(name: string, extra = '', volumes = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${extra}
  containers:
  - name: c
    image: kubetm/app
${volumes}
---
`;
}

const claimVolume = (claim: string) => `  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: ${claim}`;

function claimYaml(name: string, opts: { cls?: string | null; modes?: string; size?: string } = {}): string {
  const cls =
    opts.cls === undefined
      ? ''
      : opts.cls === null
        ? '  storageClassName: ""\n'
        : `  storageClassName: ${opts.cls}\n`;
  return `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
spec:
${cls}  accessModes: [${opts.modes ?? 'ReadWriteOnce'}]
  resources:
    requests:
      storage: ${opts.size ?? '1Gi'}
---
`;
}

const LOCAL_PATH = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-path
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
---
`;

const NO_PROVISIONER = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-storage
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
`;

function failed(c: ReturnType<typeof clusterFrom>, name: string): string[] {
  return messages(c, 'FailedScheduling', name);
}

describe('FailedScheduling messages (C4 and PreFilter rules)', () => {
  const cases: Array<{ rule: string; yaml: string; message: string }> = [
    {
      rule: 'SCHED-NODESELECTOR',
      yaml: podYaml('p', '  nodeSelector:\n    kubernetes.io/hostname: nope'),
      message: `0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.${PREEMPTION(2)}`,
    },
    {
      rule: 'required node affinity',
      yaml: podYaml(
        'p',
        `  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: zone, operator: In, values: [a]}`,
      ),
      message: `0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.${PREEMPTION(2)}`,
    },
    {
      rule: 'PVC-MISSING',
      yaml: podYaml('p', '', claimVolume('nope')),
      message: `0/2 nodes are available: persistentvolumeclaim "nope" not found.${PREEMPTION(2)}`,
    },
    {
      rule: 'PVC-IMMEDIATE (no class, no volume)',
      yaml: claimYaml('data', { cls: null }) + podYaml('p', '', claimVolume('data')),
      message: `0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.${PREEMPTION(2)}`,
    },
    {
      rule: 'PVC-NOPROV',
      yaml:
        NO_PROVISIONER + claimYaml('data', { cls: 'local-storage' }) + podYaml('p', '', claimVolume('data')),
      message: `0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind.${PREEMPTION(2)}`,
    },
  ];
  for (const c of cases) {
    test(c.rule, () => {
      const cluster = clusterFrom(c.yaml);
      assert.deepEqual(failed(cluster, 'p'), [c.message]);
      assert.equal(pod(cluster, 'p').status, 'Pending');
      assert.equal(pod(cluster, 'p').node, null);
    });
  }

  test('mixed reasons are counted per node and sorted', () => {
    const cluster = clusterFrom(podYaml('p', '  nodeSelector:\n    kubernetes.io/hostname: k8s-node1'), {
      config: {
        nodes: [{ name: 'k8s-node1', unschedulable: true }, { name: 'k8s-node2' }, { name: 'k8s-node3' }],
      },
    });
    assert.deepEqual(failed(cluster, 'p'), [
      `0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector.${PREEMPTION(3)}`,
    ]);
  });

  test('a pending pod is scheduled once what it waits for appears', () => {
    const cluster = clusterFrom(podYaml('p', '', claimVolume('later')));
    assert.equal(pod(cluster, 'p').status, 'Pending');
    cluster.apply(loadManifestText(claimYaml('later'), 'x.yaml'));
    cluster.settle(SETTLE);
    assert.equal(pod(cluster, 'p').status, 'Running');
  });
});

describe('binding (C1)', () => {
  test('PVC-IMMEDIATE with the default class: Longhorn provisions pvc-<uid>, events in order', () => {
    const c = clusterFrom(claimYaml('data'));
    const claim = c.state().pvcs[0];
    assert.equal(claim.status, 'Bound');
    assert.equal(claim.storageClass, 'fast');
    const uid = c.sim.store.claim('default', 'data')?.meta.uid;
    assert.equal(claim.volume, `pvc-${uid}`);
    assert.deepEqual(
      c.sim.events.filter((e) => e.object.name === 'data').map((e) => e.reason),
      ['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded'],
    );
    assert.equal(c.state().pvs[0].node, null);
  });

  test('PVC-WFFC: waits for a consumer, then is provisioned on the pod node (PV-BINDLOCK)', () => {
    const c = clusterFrom(LOCAL_PATH + claimYaml('data', { cls: 'local-path' }));
    assert.equal(c.state().pvcs[0].status, 'Pending');
    assert.deepEqual(messages(c, 'WaitForFirstConsumer', 'data'), [
      'waiting for first consumer to be created before binding',
    ]);
    c.apply(
      loadManifestText(
        podYaml('a', '', claimVolume('data')) + podYaml('b', '', claimVolume('data')),
        'x.yaml',
      ),
    );
    c.settle(SETTLE);
    const a = pod(c, 'a');
    assert.equal(a.status, 'Running');
    assert.equal(c.state().pvs[0].node, a.node);
    // The second pod can only go where the volume lives.
    assert.equal(pod(c, 'b').node, a.node);
  });

  test('PV-NARROW: a pod follows its bound node-local volume even when deleted and recreated', () => {
    const c = clusterFrom(
      LOCAL_PATH + claimYaml('data', { cls: 'local-path' }) + podYaml('a', '', claimVolume('data')),
    );
    const node = pod(c, 'a').node;
    for (let i = 0; i < 4; i++) {
      c.delete('pod', 'default', 'a');
      c.settle(SETTLE);
      c.apply(loadManifestText(podYaml('a', '', claimVolume('data')), 'x.yaml'));
      c.settle(SETTLE);
      assert.equal(pod(c, 'a').node, node);
    }
  });

  test('PV-MSG: a pod pinned by nodeSelector away from its volume cannot be placed', () => {
    const c = clusterFrom(
      LOCAL_PATH +
        claimYaml('data', { cls: 'local-path' }) +
        podYaml('a', '  nodeSelector:\n    kubernetes.io/hostname: k8s-node1', claimVolume('data')),
    );
    assert.equal(pod(c, 'a').node, 'k8s-node1');
    c.apply(
      loadManifestText(
        podYaml('b', '  nodeSelector:\n    kubernetes.io/hostname: k8s-node2', claimVolume('data')),
        'x.yaml',
      ),
    );
    c.settle(SETTLE);
    assert.deepEqual(failed(c, 'b'), [
      `0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) didn't satisfy plugin(s) [VolumeBinding].${PREEMPTION(2)}`,
    ]);
  });

  test('static PVs match by class, size and access mode; the smallest that fits wins', () => {
    const pv = (name: string, size: string, modes: string) => `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${name}
spec:
  capacity:
    storage: ${size}
  accessModes: [${modes}]
  storageClassName: ""
  hostPath:
    path: /data/${name}
---
`;
    const c = clusterFrom(
      pv('small', '500Mi', 'ReadWriteOnce') +
        pv('wrong-mode', '2Gi', 'ReadOnlyMany') +
        pv('big', '10Gi', 'ReadWriteOnce') +
        pv('fit', '2Gi', 'ReadWriteOnce') +
        claimYaml('data', { cls: null }),
    );
    assert.equal(c.state().pvcs[0].volume, 'fit');
    assert.equal(c.state().pvs.find((v) => v.name === 'fit')?.status, 'Bound');
  });

  test('a node-local provisioner with Immediate binding cannot provision: ProvisioningFailed', () => {
    const immediate = LOCAL_PATH.replace('WaitForFirstConsumer', 'Immediate');
    const c = clusterFrom(immediate + claimYaml('data', { cls: 'local-path' }));
    assert.equal(c.state().pvcs[0].status, 'Pending');
    assert.deepEqual(messages(c, 'ProvisioningFailed', 'data'), [
      'failed to provision volume with StorageClass "local-path": configuration error, no node was specified',
    ]);
  });

  test('a claim naming a missing StorageClass stays Pending with ProvisioningFailed', () => {
    const c = clusterFrom(claimYaml('data', { cls: 'nope' }));
    assert.equal(c.state().pvcs[0].status, 'Pending');
    assert.deepEqual(messages(c, 'ProvisioningFailed', 'data'), [
      'storageclass.storage.k8s.io "nope" not found',
    ]);
  });
});

describe('access modes (C2)', () => {
  test('AM-RWO-ATTACH: a second node gets a Multi-Attach error until the first pod is gone', () => {
    const c = clusterFrom(
      claimYaml('data') +
        podYaml('a', '  nodeSelector:\n    kubernetes.io/hostname: k8s-node1', claimVolume('data')) +
        podYaml('b', '  nodeSelector:\n    kubernetes.io/hostname: k8s-node2', claimVolume('data')),
    );
    const pv = c.state().pvcs[0].volume;
    const [running, waiting] = pod(c, 'a').status === 'Running' ? ['a', 'b'] : ['b', 'a'];
    assert.equal(pod(c, waiting).status, 'ContainerCreating');
    assert.deepEqual(messages(c, 'FailedAttachVolume', waiting), [
      `Multi-Attach error for volume "${pv}" Volume is already used by pod(s) ${running}`,
    ]);
    c.delete('pod', 'default', running);
    c.settle(SETTLE);
    assert.equal(pod(c, waiting).status, 'Running');
    assert.deepEqual(messages(c, 'SuccessfulAttachVolume', waiting), [
      `AttachVolume.Attach succeeded for volume "${pv}" `,
    ]);
  });

  test('AM-RWO: pods on the same node share a ReadWriteOnce volume', () => {
    const c = clusterFrom(
      claimYaml('data') +
        podYaml('a', '  nodeSelector:\n    kubernetes.io/hostname: k8s-node1', claimVolume('data')) +
        podYaml('b', '  nodeSelector:\n    kubernetes.io/hostname: k8s-node1', claimVolume('data')),
    );
    assert.equal(pod(c, 'a').status, 'Running');
    assert.equal(pod(c, 'b').status, 'Running');
  });

  test('AM-RWOP: a second pod is unschedulable everywhere', () => {
    const c = clusterFrom(
      claimYaml('data', { modes: 'ReadWriteOncePod' }) +
        podYaml('a', '', claimVolume('data')) +
        podYaml('b', '', claimVolume('data')),
    );
    assert.equal(pod(c, 'a').status, 'Running');
    assert.equal(pod(c, 'b').status, 'Pending');
    // First the claim is still unbound (like both pods), then the conflict remains.
    assert.equal(
      failed(c, 'b').at(-1),
      '0/2 nodes are available: 2 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    );
  });
});

describe('protection (C5) and pod deletion (F)', () => {
  test('a pod whose claim is being deleted does not start: FailedMount from the kubelet', () => {
    const c = clusterFrom(claimYaml('data') + podYaml('a', '', claimVolume('data')), { noSettle: true });
    c.advance(2.5); // scheduled, volume attaching
    c.delete('pvc', 'default', 'data');
    c.settle(SETTLE);
    assert.equal(pod(c, 'a').status, 'ContainerCreating');
    assert.equal(c.state().pvcs[0].status, 'Terminating');
    assert.match(
      messages(c, 'FailedMount', 'a')[0],
      /error processing PVC default\/data: PVC is being deleted$/,
    );
  });

  test('PVC-PROTECT: a claim in use stays Terminating until its pod is gone', () => {
    const c = clusterFrom(
      claimYaml('data') + podYaml('a', '  terminationGracePeriodSeconds: 7', claimVolume('data')),
    );
    c.delete('pvc', 'default', 'data');
    c.settle(SETTLE);
    assert.equal(c.state().pvcs[0].status, 'Terminating');
    const t0 = c.now;
    c.delete('pod', 'default', 'a');
    c.settle(SETTLE);
    assert.deepEqual(c.state().pvcs, []);
    assert.equal(c.now - t0, 7);
    // The dynamically provisioned volume (reclaim policy Delete) goes with its claim.
    assert.deepEqual(c.state().pvs, []);
  });

  test('POD-GRACE: default grace 30 s; --grace-period=0 removes the object at once', () => {
    const c = clusterFrom(podYaml('a') + podYaml('b'));
    const t0 = c.now;
    c.delete('pod', 'default', 'a');
    c.delete('pod', 'default', 'b', 0);
    assert.deepEqual(
      c.state().pods.map((p) => [p.name, p.status]),
      [['a', 'Terminating']],
    );
    c.settle(SETTLE);
    assert.equal(c.now - t0, 30);
  });

  test('POD-PHASES: Pending → ContainerCreating → Running, Ready after the probe delay', () => {
    const probe = `    readinessProbe:
      httpGet: {path: /, port: 8080}
      initialDelaySeconds: 5`;
    const c = clusterFrom(podYaml('a', '', probe));
    const inc = c.sim.incarnations.find((i) => i.name === 'a');
    assert.deepEqual(
      inc?.transitions.map((t) => [t.t, t.status, t.ready]),
      [
        [0, 'Pending', false],
        [0, 'ContainerCreating', false],
        [3, 'Running', false],
        [8, 'Running', true],
      ],
    );
    assert.deepEqual(
      c.sim.events.filter((e) => e.object.name === 'a').map((e) => `${e.reason}: ${e.message}`),
      [
        `Scheduled: Successfully assigned default/a to ${pod(c, 'a').node}`,
        'Pulled: Container image "kubetm/app" already present on machine',
        'Created: Created container: c',
        'Started: Started container c',
      ],
    );
  });
});
