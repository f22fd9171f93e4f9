// What a kubeadm cluster has before any manifest — the `kubernetes` and `kube-dns` Services — and
// how the API server hands out ClusterIPs around them (BOOT-*), plus volume binding and protection
// rules of the PV task (PV-STATIC-FIRST, PV-PROTECT).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import { SETTLE, apply, clusterFrom, messages } from './helpers';
import { parseScenarioText } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';

const service = (name: string, extra = '') => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80}]
${extra}`;

test('BOOT-SVC-KUBERNETES / BOOT-SVC-KUBEDNS: both Services exist from the start and resolve', () => {
  const c = new Cluster(DEFAULT_CLUSTER, 1);
  const services = c.state().services;
  const k = services.find((s) => s.name === 'kubernetes');
  const dns = services.find((s) => s.name === 'kube-dns');
  assert.deepEqual(
    [k?.namespace, k?.clusterIP, k?.ports.map((p) => `${p.name} ${p.port}/${p.protocol}→${p.targetPort}`)],
    ['default', '10.96.0.1', ['https 443/TCP→6443']],
  );
  assert.deepEqual(
    [dns?.namespace, dns?.clusterIP, dns?.ports.map((p) => `${p.name} ${p.port}/${p.protocol}`)],
    ['kube-system', '10.96.0.10', ['dns 53/UDP', 'dns-tcp 53/TCP', 'metrics 9153/TCP']],
  );
  assert.deepEqual(c.resolve('kubernetes', 'default').answers, ['10.96.0.1']);
  assert.deepEqual(c.resolve('kube-dns.kube-system.svc.cluster.local', 'default').answers, ['10.96.0.10']);
  // What answers them is outside the simulation, and the state says so (the sidebar shows it
  // instead of "no endpoints"); a user's Service never carries the mark.
  assert.deepEqual([k?.servedBy, dns?.servedBy], ['apiserver', 'coredns']);
  apply(c, service('web'));
  assert.equal(c.state().services.find((s) => s.name === 'web')?.servedBy, undefined);
});

test('BOOT-CLUSTERIP: user Services get addresses of the dynamic band, never 10.96.0.1 or .10', () => {
  const docs = Array.from({ length: 30 }, (_, i) => service(`s${i}`)).join('---\n');
  const c = clusterFrom(docs);
  const ips = c
    .state()
    .services.filter((s) => s.name.startsWith('s'))
    .map((s) => s.clusterIP);
  assert.equal(new Set(ips).size, 30);
  for (const ip of ips) {
    const [a, b, x, y] = ip.split('.').map(Number);
    const offset = ((b - 96) << 16) + (x << 8) + y;
    assert.equal(a, 10);
    assert.ok(offset > 256 && offset < (1 << 20) - 1, `${ip} is in the dynamic band`);
  }
  assert.deepEqual(
    clusterFrom(docs)
      .state()
      .services.map((s) => s.clusterIP),
    c.state().services.map((s) => s.clusterIP),
    'same seed, same addresses',
  );
});

test('BOOT-CLUSTERIP: an address asked for must be free and in 10.96.0.0/12; deleting a Service frees it', () => {
  const c = new Cluster(DEFAULT_CLUSTER, 1);
  const taken = c.apply(loadManifestText(service('dns2', '  clusterIP: 10.96.0.10'), 'x.yaml'));
  assert.equal(
    taken.rejected[0]?.message,
    'The Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
  );
  const outside = c.apply(loadManifestText(service('far', '  clusterIP: 10.200.0.5'), 'x.yaml'));
  assert.equal(
    outside.rejected[0]?.message,
    'The Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"10.200.0.5"}: failed to allocate IP 10.200.0.5: the provided network does not match the current range',
  );
  const broadcast = c.apply(loadManifestText(service('edge', '  clusterIP: 10.111.255.255'), 'x.yaml'));
  assert.equal(
    broadcast.rejected[0]?.message,
    'The Service "edge" is invalid: spec.clusterIPs: Invalid value: []string{"10.111.255.255"}: failed to allocate IP 10.111.255.255: the provided IP (10.111.255.255) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
  );
  assert.deepEqual(
    c.apply(loadManifestText(service('fixed', '  clusterIP: 10.96.0.20'), 'x.yaml')).rejected,
    [],
  );
  assert.equal(c.delete('Service', 'default', 'fixed'), null);
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(
    c.apply(loadManifestText(service('again', '  clusterIP: 10.96.0.20'), 'x.yaml')).rejected,
    [],
  );
});

const PV_TASK = `apiVersion: v1
kind: PersistentVolume
metadata: {name: task-pv-volume, labels: {type: local}}
spec:
  storageClassName: manual
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: task-pv-claim}
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 3Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: task-pv-pod}
spec:
  volumes: [{name: task-pv-storage, persistentVolumeClaim: {claimName: task-pv-claim}}]
  containers: [{name: task-pv-container, image: nginx}]
`;

test('PV-STATIC-FIRST: the docs’ PV task binds its `manual` volume though no such StorageClass exists', () => {
  const c = clusterFrom(PV_TASK);
  const s = c.state();
  assert.deepEqual(
    s.pvcs.map((p) => [p.name, p.status, p.volume]),
    [['task-pv-claim', 'Bound', 'task-pv-volume']],
  );
  assert.equal(s.pods[0].status, 'Running');
  assert.deepEqual(messages(c, 'ProvisioningFailed'), []);
  const alone = clusterFrom(PV_TASK.split('---\n')[1]);
  assert.deepEqual(messages(alone, 'ProvisioningFailed'), ['storageclass.storage.k8s.io "manual" not found']);
});

test('PV-PROTECT: a bound volume stays Terminating until its claim is gone', () => {
  const c = clusterFrom(PV_TASK.replace('hostPath', 'persistentVolumeReclaimPolicy: Retain\n  hostPath'));
  assert.equal(c.delete('PersistentVolume', '', 'task-pv-volume'), null);
  assert.ok(c.settle(SETTLE));
  assert.equal(c.state().pvs[0].status, 'Terminating');
  assert.equal(c.delete('Pod', 'default', 'task-pv-pod'), null);
  assert.equal(c.delete('PersistentVolumeClaim', 'default', 'task-pv-claim'), null);
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(c.state().pvs, []);
  apply(c, PV_TASK.split('---\n')[0].replace('task-pv-volume', 'unused'));
  assert.equal(c.delete('PersistentVolume', '', 'unused'), null);
  assert.ok(c.settle(SETTLE));
  assert.deepEqual(c.state().pvs, [], 'never bound: goes at once');
});

test('contract 5.2: `from` may name a pod of another namespace (namespace/pod) for resolve and request', () => {
  const text = `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: from-namespace}
spec:
  manifests:
    - inline: |
        apiVersion: v1
        kind: Namespace
        metadata: {name: other}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: other}
        spec:
          containers: [{name: c, image: kubetm/app}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, labels: {app: web}}
        spec:
          containers: [{name: c, image: kubetm/app, ports: [{containerPort: 8080}]}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
  steps:
    - resolve: {name: web, from: other/client}
    - resolve: {name: web.default, from: other/client}
    - request: {url: "http://web.default/hostname", from: other/client}
    - resolve: {name: web, from: nowhere/client}
`;
  const run = runScenario(parseScenarioText(text, 'from.yaml', '.'));
  const steps = run.result.steps;
  assert.equal(steps[0].resolve?.rcode, 'NXDOMAIN', 'search path of namespace other');
  assert.equal(steps[1].resolve?.answers.length, 1);
  assert.equal(steps[2].requests?.responses[0]?.body, 'web');
  assert.deepEqual(steps[3].expectations, [
    { ok: false, text: 'resolve from client: Error from server (NotFound): pods "client" not found' },
  ]);
});

test('a StorageClass named like the lab’s built-in class replaces it, with a warning; a user’s class is immutable', () => {
  const local = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
`;
  const c = new Cluster(DEFAULT_CLUSTER, 1);
  const r = c.apply(loadManifestText(local, 'sc.yaml'));
  assert.deepEqual(r.rejected, []);
  assert.deepEqual(r.applied, ['storageclass.storage.k8s.io/fast configured']);
  assert.match(
    r.warnings[0] ?? '',
    /^sc\.yaml:1:1: StorageClass\/fast replaces the simulated cluster's built-in class \(driver\.longhorn\.io, Immediate, reclaim Delete\); a real cluster refuses this change \(provisioner, volumeBindingMode are immutable\)/,
  );
  const sc = c.sim.store.get('StorageClass', '', 'fast');
  assert.deepEqual(
    [sc?.provisioner, sc?.volumeBindingMode],
    ['rancher.io/local-path', 'WaitForFirstConsumer'],
  );
  // Now the class is the user's own: changing it again is refused as the API server refuses it.
  const again = c.apply(
    loadManifestText(local.replace('rancher.io/local-path', 'example.com/other'), 'sc.yaml'),
  );
  assert.equal(
    again.rejected[0]?.message,
    'The StorageClass "fast" is invalid: provisioner: Forbidden: updates to provisioner are forbidden.',
  );
});
