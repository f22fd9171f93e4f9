// Services, endpoints, cluster DNS and in-cluster requests, rule by rule from the behaviour
// reference (section D: SVC-PORT, SVC-EPS, DNS-CLUSTERIP, DNS-HEADLESS, DNS-POD, DNS-SRV), on
// the real engine. The seed's headless lesson is reproduced with a correct request Pod.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER, type PodObject, type ServiceObject } from '../src/engine/types';
import { resolveName, resolveSrv } from '../src/engine/dns';
import { parseHttpUrl, requestFromPod } from '../src/engine/incluster';
import { appResponse, parseImage } from '../src/engine/app';
import { Prng } from '../src/engine/prng';
import type { HttpResponse } from '../src/engine/net';
import { REQUEST_POD, STATEFUL_HEADLESS, file, statefulPvc } from './course-manifests';
import { defaultPodSpec } from '../src/engine/admission/core-defaults';
import { roomyNodes } from './helpers';

const SETTLE = 3600;

function build(yaml: string, seed = 1, config = DEFAULT_CLUSTER): Cluster {
  const c = new Cluster(config, seed);
  const r = c.apply(loadManifestText(yaml, 'x.yaml'));
  assert.deepEqual(r.rejected, [], 'test manifests must be accepted');
  assert.ok(c.settle(SETTLE), 'the cluster settles');
  return c;
}

function applyMore(c: Cluster, yaml: string): void {
  assert.deepEqual(c.apply(loadManifestText(yaml, 'y.yaml')).rejected, []);
  assert.ok(c.settle(SETTLE));
}

function svc(c: Cluster, name: string, namespace = 'default'): ServiceObject {
  const s = c.sim.store.get('Service', namespace, name);
  assert.ok(s, `service ${name} exists`);
  return s;
}

function podObj(c: Cluster, name: string, namespace = 'default'): PodObject {
  const p = c.sim.store.get('Pod', namespace, name);
  assert.ok(p, `pod ${name} exists`);
  return p;
}

function ipOf(c: Cluster, name: string): string {
  const ip = podObj(c, name).state.ip;
  assert.ok(ip, `pod ${name} has an IP`);
  return ip;
}

function curl(c: Cluster, from: string, url: string, seed = 7): HttpResponse {
  const rng = new Prng(seed);
  return requestFromPod(c.sim, podObj(c, from), { url, method: 'GET', headers: {}, cookies: {} }, () =>
    rng.float(),
  );
}

function sortIps(ips: string[]): string[] {
  const n = (ip: string) => ip.split('.').reduce((a, p) => a * 256 + Number(p), 0);
  return [...ips].sort((a, b) => n(a) - n(b));
}

// The seed, part 3: StatefulSet stateful-pvc (serviceName stateful-headless), the headless
// Service, and the request Pod — with `apiVersion` spelled correctly.
const SEED_HEADLESS = file(
  statefulPvc(),
  STATEFUL_HEADLESS,
  REQUEST_POD.replace(/^piVersion:/, 'apiVersion:'),
);

function seedCluster(replicas = 3, extraService = ''): Cluster {
  const c = build(SEED_HEADLESS + extraService);
  assert.equal(c.scale('StatefulSet', 'default', 'stateful-pvc', replicas), null);
  assert.ok(c.settle(SETTLE));
  return c;
}

const APP = (name: string, labels: string, image = 'kubetm/app:v1', ports = '') => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {${labels}}
spec:
  containers:
  - name: container
    image: ${image}
${ports}`;

const CLIENT = APP('client', 'role: client', 'kubetm/init');

describe('the seed lesson: headless Service for a StatefulSet', () => {
  const c = seedCluster();

  test('nslookup stateful-headless → the 3 pod IPs (DNS-HEADLESS)', () => {
    const r = resolveName(c.sim, 'stateful-headless', 'default');
    assert.equal(r.rcode, 'NOERROR');
    assert.equal(r.name, 'stateful-headless.default.svc.cluster.local');
    const want = sortIps(['stateful-pvc-0', 'stateful-pvc-1', 'stateful-pvc-2'].map((p) => ipOf(c, p)));
    assert.deepEqual(r.answers, want);
  });

  test('stateful-pvc-0.stateful-headless → pod 0 IP (DNS-POD)', () => {
    const r = resolveName(c.sim, 'stateful-pvc-0.stateful-headless', 'default');
    assert.deepEqual(r, {
      name: 'stateful-pvc-0.stateful-headless.default.svc.cluster.local',
      rcode: 'NOERROR',
      answers: [ipOf(c, 'stateful-pvc-0')],
    });
  });

  test('curl stateful-pvc-0.stateful-headless:8080/hostname from request-pod → stateful-pvc-0', () => {
    const r = curl(c, 'request-pod', 'http://stateful-pvc-0.stateful-headless:8080/hostname');
    assert.equal(r.status, 200);
    assert.equal(r.body, 'stateful-pvc-0');
    assert.equal(r.pod, 'stateful-pvc-0');
    assert.equal(r.service, 'stateful-headless');
    assert.equal(r.tls, null);
    assert.equal(r.location, null);
    assert.match(r.reason, /headless Service default\/stateful-headless/);
    assert.match(r.reason, /no kube-proxy/);
  });

  test('every pod is reachable by its stable name; the seed command without a scheme parses too', () => {
    for (const name of ['stateful-pvc-1', 'stateful-pvc-2']) {
      assert.equal(curl(c, 'request-pod', `${name}.stateful-headless:8080/hostname`).body, name);
    }
  });

  test('the headless Service port 80 is not proxied: port 80 on the pod refuses', () => {
    const r = curl(c, 'request-pod', 'http://stateful-pvc-0.stateful-headless/hostname');
    assert.equal(r.status, 0);
    assert.equal(
      r.body,
      "curl: (7) Failed to connect to stateful-pvc-0.stateful-headless port 80 after 0 ms: Couldn't connect to server",
    );
    assert.match(r.reason, /nothing listens on port 80/);
  });

  test('endpoints carry hostname (subdomain = Service name) and resolved target ports (SVC-EPS)', () => {
    const eps = svc(c, 'stateful-headless').endpoints;
    assert.deepEqual(
      eps.map((e) => [e.pod, e.hostname, e.ready, e.serving, e.terminating, e.targetPorts]),
      [
        ['stateful-pvc-0', 'stateful-pvc-0', true, true, false, [8080]],
        ['stateful-pvc-1', 'stateful-pvc-1', true, true, false, [8080]],
        ['stateful-pvc-2', 'stateful-pvc-2', true, true, false, [8080]],
      ],
    );
    const state = c.state().services.find((s) => s.name === 'stateful-headless');
    assert.deepEqual(
      state?.endpoints,
      eps.map((e) => ({ pod: e.pod, ip: e.ip, ready: true })),
    );
  });
});

describe('SVC-EPS: readiness, publishNotReadyAddresses, termination', () => {
  test('an unready pod drops out of the headless answers and the endpoints', () => {
    const c = seedCluster();
    assert.equal(c.setReadiness('default', 'stateful-pvc-1', false), null);
    assert.ok(c.settle(SETTLE));
    const e1 = svc(c, 'stateful-headless').endpoints.find((e) => e.pod === 'stateful-pvc-1');
    assert.deepEqual([e1?.serving, e1?.terminating, e1?.ready], [false, false, false]);
    assert.deepEqual(
      resolveName(c.sim, 'stateful-headless', 'default').answers,
      sortIps([ipOf(c, 'stateful-pvc-0'), ipOf(c, 'stateful-pvc-2')]),
    );
    const r = resolveName(c.sim, 'stateful-pvc-1.stateful-headless', 'default');
    assert.equal(r.rcode, 'NXDOMAIN');
    assert.equal(r.name, 'stateful-pvc-1.stateful-headless');
    const state = c.state().services.find((s) => s.name === 'stateful-headless');
    assert.deepEqual(
      state?.endpoints.map((e) => [e.pod, e.ready]),
      [
        ['stateful-pvc-0', true],
        ['stateful-pvc-1', false],
        ['stateful-pvc-2', true],
      ],
    );
    // Ready again → back in.
    c.setReadiness('default', 'stateful-pvc-1', true);
    assert.ok(c.settle(SETTLE));
    assert.equal(resolveName(c.sim, 'stateful-headless', 'default').answers.length, 3);
  });

  test('publishNotReadyAddresses keeps an unready pod in DNS and ready', () => {
    const c = seedCluster(3);
    const s = svc(c, 'stateful-headless');
    s.spec.publishNotReadyAddresses = true;
    c.sim.store.changed(s);
    c.setReadiness('default', 'stateful-pvc-1', false);
    assert.ok(c.settle(SETTLE));
    const e1 = s.endpoints.find((e) => e.pod === 'stateful-pvc-1');
    assert.deepEqual([e1?.serving, e1?.ready], [false, true]);
    assert.equal(resolveName(c.sim, 'stateful-headless', 'default').answers.length, 3);
    assert.deepEqual(resolveName(c.sim, 'stateful-pvc-1.stateful-headless', 'default').answers, [
      ipOf(c, 'stateful-pvc-1'),
    ]);
  });

  test('zero ready endpoints: headless name is NXDOMAIN (CoreDNS errNoItems)', () => {
    const c = seedCluster(1);
    c.setReadiness('default', 'stateful-pvc-0', false);
    assert.ok(c.settle(SETTLE));
    assert.deepEqual(resolveName(c.sim, 'stateful-headless', 'default'), {
      name: 'stateful-headless',
      rcode: 'NXDOMAIN',
      answers: [],
    });
    const r = curl(c, 'request-pod', 'http://stateful-headless:8080/hostname');
    assert.equal(r.body, 'curl: (6) Could not resolve host: stateful-headless');
    assert.equal(r.status, 0);
  });

  test('a terminating pod is serving-but-not-ready at once, then leaves when removed', () => {
    const c = build(
      `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 8080}]
` +
        APP('web-a', 'app: web') +
        APP('web-b', 'app: web') +
        CLIENT,
    );
    assert.equal(c.delete('pod', 'default', 'web-a'), null);
    c.advance(1);
    const a = svc(c, 'web').endpoints.find((e) => e.pod === 'web-a');
    assert.deepEqual([a?.serving, a?.terminating, a?.ready], [true, true, false]);
    for (let seed = 1; seed <= 20; seed++)
      assert.equal(curl(c, 'client', 'http://web:8080/', seed).pod, 'web-b');
    assert.ok(c.settle(SETTLE));
    assert.deepEqual(
      svc(c, 'web').endpoints.map((e) => e.pod),
      ['web-b'],
    );
  });

  const cases: Array<{ name: string; yaml: string; want: string[] }> = [
    {
      name: 'no selector → no endpoints',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  ports: [{port: 80}]
${APP('p', 'app: x')}`,
      want: [],
    },
    {
      name: 'empty selector {} counts as none',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  selector: {}
  ports: [{port: 80}]
${APP('p', 'app: x')}`,
      want: [],
    },
    {
      name: 'pods of another namespace are not selected',
      yaml: `apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  selector: {app: x}
  ports: [{port: 80}]
${APP('p', 'app: x')}
---
apiVersion: v1
kind: Pod
metadata: {name: q, namespace: other, labels: {app: x}}
spec:
  containers: [{name: c, image: kubetm/app}]`,
      want: ['p'],
    },
    {
      name: 'every selector label must match',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  selector: {app: x, tier: web}
  ports: [{port: 80}]
${APP('p', 'app: x, tier: web')}${APP('q', 'app: x')}`,
      want: ['p'],
    },
  ];
  for (const t of cases) {
    test(`selection: ${t.name}`, () => {
      const c = build(t.yaml);
      assert.deepEqual(
        svc(c, 's').endpoints.map((e) => e.pod),
        t.want,
      );
    });
  }

  test('relabelling a pod takes it out; a Service created after its pods finds them', () => {
    const c = build(APP('p1', 'app: x') + APP('p2', 'app: x'));
    applyMore(
      c,
      `apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  selector: {app: x}
  ports: [{port: 80}]`,
    );
    assert.deepEqual(
      svc(c, 's').endpoints.map((e) => e.pod),
      ['p1', 'p2'],
    );
    applyMore(c, APP('p1', 'app: other'));
    assert.deepEqual(
      svc(c, 's').endpoints.map((e) => e.pod),
      ['p2'],
    );
  });

  test('store.changed(service) only when the endpoints really change', () => {
    const c = build(SEED_HEADLESS);
    const s = svc(c, 'stateful-headless');
    let notified = 0;
    c.sim.store.watch((ch) => {
      if (ch.obj === s) notified++;
    });
    const before = s.endpoints;
    // A pod update that changes nothing the endpoints show.
    c.sim.store.changed(podObj(c, 'stateful-pvc-0'));
    assert.ok(c.settle(SETTLE));
    assert.equal(notified, 0);
    assert.equal(s.endpoints, before, 'unchanged endpoints keep their array');
    c.setReadiness('default', 'stateful-pvc-0', false);
    assert.ok(c.settle(SETTLE));
    assert.equal(notified, 1);
    assert.notEqual(s.endpoints, before, 'a change publishes a new array');
    assert.equal(before[0].ready, true, 'the old array is left as it was');
  });
});

describe('SVC-PORT: target ports', () => {
  const NAMED = `apiVersion: v1
kind: Service
metadata: {name: named}
spec:
  selector: {app: named}
  ports: [{name: web, port: 80, targetPort: http}]
${APP('n-8080', 'app: named', 'kubetm/app:v1', '    ports: [{name: http, containerPort: 8080}]')}
${APP('n-9090', 'app: named', 'kubetm/app:v2', '    ports: [{name: http, containerPort: 9090}]')}
${APP('n-none', 'app: named', 'kubetm/app:v1', '    ports: [{name: metrics, containerPort: 8080}]')}
${CLIENT}`;

  const cases: Array<{ name: string; ports: string; want: Array<number | null> }> = [
    { name: 'targetPort defaults to port', ports: '[{port: 8080}]', want: [8080] },
    { name: 'numeric targetPort', ports: '[{port: 80, targetPort: 8080}]', want: [8080] },
    {
      name: 'named targetPort → the container port of that name',
      ports: '[{port: 80, targetPort: http}]',
      want: [8080],
    },
    {
      name: 'named targetPort missing in the pod → null',
      ports: '[{port: 80, targetPort: grpc}]',
      want: [null],
    },
    {
      name: 'named targetPort needs the same protocol',
      ports: '[{port: 80, targetPort: http, protocol: UDP}]',
      want: [null],
    },
    {
      name: 'several ports, resolved one by one',
      ports: '[{name: a, port: 80, targetPort: http}, {name: b, port: 81}]',
      want: [8080, 81],
    },
  ];
  for (const t of cases) {
    test(t.name, () => {
      const c = build(
        `apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  selector: {app: p}
  ports: ${t.ports}
${APP('p', 'app: p', 'kubetm/app:v1', '    ports: [{name: http, containerPort: 8080}]')}`,
      );
      assert.deepEqual(svc(c, 's').endpoints[0].targetPorts, t.want);
    });
  }

  test('a named targetPort is resolved per pod; pods without it get no traffic on that port', () => {
    const c = build(NAMED);
    assert.deepEqual(
      svc(c, 'named').endpoints.map((e) => [e.pod, e.targetPorts[0]]),
      [
        ['n-8080', 8080],
        ['n-9090', 9090],
        ['n-none', null],
      ],
    );
    const seen = new Map<string, number>();
    for (let seed = 1; seed <= 60; seed++) {
      const r = curl(c, 'client', 'http://named/version', seed);
      assert.equal(r.status, 200);
      seen.set(`${r.pod}=${r.body}`, (seen.get(`${r.pod}=${r.body}`) ?? 0) + 1);
    }
    assert.deepEqual([...seen.keys()].sort(), ['n-8080=v1', 'n-9090=v2']);
  });
});

describe('NodePort allocation', () => {
  test('BOOT-NODEPORT: given nodePorts are kept, others get the lowest free port above the static band 30000–30085', () => {
    const c = build(`apiVersion: v1
kind: Service
metadata: {name: a}
spec:
  type: NodePort
  selector: {app: a}
  ports: [{name: a, port: 80, nodePort: 30000}, {name: b, port: 81}]
---
apiVersion: v1
kind: Service
metadata: {name: b}
spec:
  type: LoadBalancer
  selector: {app: b}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: c}
spec:
  selector: {app: c}
  ports: [{port: 80}]`);
    const ports = Object.fromEntries(
      c
        .state()
        .services.filter((s) => s.namespace === 'default' && s.name !== 'kubernetes')
        .map((s) => [s.name, s.ports.map((p) => p.nodePort)]),
    );
    assert.deepEqual(ports, { a: [30000, 30086], b: [30087], c: [null] });
  });

  test('changing the type by apply allocates (and frees) node ports', () => {
    const base = (type: string) => `apiVersion: v1
kind: Service
metadata: {name: a}
spec:
  type: ${type}
  selector: {app: a}
  ports: [{port: 80}]`;
    const c = build(base('ClusterIP'));
    assert.deepEqual(svc(c, 'a').nodePorts, [null]);
    applyMore(c, base('NodePort'));
    assert.deepEqual(svc(c, 'a').nodePorts, [30086]);
    applyMore(c, base('ClusterIP'));
    assert.deepEqual(svc(c, 'a').nodePorts, [null]);
  });
});

describe('DNS-CLUSTERIP and the search path', () => {
  const YAML = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Service
metadata: {name: svc-v1}
spec:
  selector: {app: v1}
  ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{port: 80}]
${APP('pod-v1', 'app: v1')}`;
  const c = build(YAML);
  const v1 = svc(c, 'svc-v1').clusterIP;
  const cart = svc(c, 'cart', 'shop').clusterIP;

  const cases: Array<{
    name: string;
    from: string;
    want: { name: string; rcode: string; answers: string[] };
  }> = [
    {
      name: 'svc-v1',
      from: 'default',
      want: { name: 'svc-v1.default.svc.cluster.local', rcode: 'NOERROR', answers: [v1] },
    },
    {
      name: 'svc-v1.default',
      from: 'shop',
      want: { name: 'svc-v1.default.svc.cluster.local', rcode: 'NOERROR', answers: [v1] },
    },
    {
      name: 'svc-v1.default.svc',
      from: 'shop',
      want: { name: 'svc-v1.default.svc.cluster.local', rcode: 'NOERROR', answers: [v1] },
    },
    {
      name: 'svc-v1.default.svc.cluster.local',
      from: 'shop',
      want: { name: 'svc-v1.default.svc.cluster.local', rcode: 'NOERROR', answers: [v1] },
    },
    {
      name: 'SVC-V1.Default.svc.cluster.local.',
      from: 'shop',
      want: { name: 'svc-v1.default.svc.cluster.local', rcode: 'NOERROR', answers: [v1] },
    },
    {
      name: 'cart',
      from: 'shop',
      want: { name: 'cart.shop.svc.cluster.local', rcode: 'NOERROR', answers: [cart] },
    },
    { name: 'cart', from: 'default', want: { name: 'cart', rcode: 'NXDOMAIN', answers: [] } },
    { name: 'svc-v1', from: 'shop', want: { name: 'svc-v1', rcode: 'NXDOMAIN', answers: [] } },
    { name: 'no-such-svc', from: 'default', want: { name: 'no-such-svc', rcode: 'NXDOMAIN', answers: [] } },
    { name: 'www.app.com', from: 'default', want: { name: 'www.app.com', rcode: 'NXDOMAIN', answers: [] } },
    { name: 'svc-v1.nope', from: 'default', want: { name: 'svc-v1.nope', rcode: 'NXDOMAIN', answers: [] } },
    {
      name: 'a.b.c.svc-v1.default.svc.cluster.local',
      from: 'default',
      want: { name: 'a.b.c.svc-v1.default.svc.cluster.local', rcode: 'NXDOMAIN', answers: [] },
    },
    {
      name: 'svc-v1.default.svc.cluster.local.',
      from: 'x',
      want: { name: 'svc-v1.default.svc.cluster.local', rcode: 'NOERROR', answers: [v1] },
    },
    { name: 'bad..name', from: 'default', want: { name: 'bad..name', rcode: 'NXDOMAIN', answers: [] } },
    // The namespace exists but names no Service: NODATA (NOERROR without answers).
    {
      name: 'default.svc.cluster.local.',
      from: 'default',
      want: { name: 'default.svc.cluster.local.', rcode: 'NOERROR', answers: [] },
    },
    // DNS-SRV form as an A query: the named port keeps the ClusterIP; an unknown port name does not.
    {
      name: '_http._tcp.svc-v1',
      from: 'default',
      want: { name: '_http._tcp.svc-v1.default.svc.cluster.local', rcode: 'NOERROR', answers: [v1] },
    },
    {
      name: '_grpc._tcp.svc-v1',
      from: 'default',
      want: { name: '_grpc._tcp.svc-v1', rcode: 'NXDOMAIN', answers: [] },
    },
  ];
  for (const t of cases) {
    test(`${t.name} from ${t.from}`, () => {
      assert.deepEqual(resolveName(c.sim, t.name, t.from), t.want);
    });
  }

  test('a ClusterIP Service resolves whatever its endpoints (no ready pod → still its ClusterIP)', () => {
    const c2 = build(
      `apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nobody}
  ports: [{port: 8080}]
${CLIENT}`,
    );
    const ip = svc(c2, 'empty').clusterIP;
    assert.deepEqual(resolveName(c2.sim, 'empty', 'default').answers, [ip]);
    const r = curl(c2, 'client', 'http://empty:8080/');
    assert.equal(r.status, 0);
    assert.equal(
      r.body,
      "curl: (7) Failed to connect to empty port 8080 after 0 ms: Couldn't connect to server",
    );
    assert.match(r.reason, /no endpoints/);
    assert.equal(r.service, null);
  });
});

describe('DNS-POD and DNS-SRV', () => {
  const c = seedCluster(2);
  const ip0 = ipOf(c, 'stateful-pvc-0');
  const dashed = ip0.replace(/\./g, '-');

  const cases: Array<{ name: string; answers: string[] }> = [
    { name: 'stateful-pvc-0.stateful-headless', answers: [ip0] },
    { name: 'stateful-pvc-0.stateful-headless.default', answers: [ip0] },
    { name: 'stateful-pvc-0.stateful-headless.default.svc', answers: [ip0] },
    { name: 'stateful-pvc-0.stateful-headless.default.svc.cluster.local', answers: [ip0] },
    { name: 'Stateful-PVC-0.Stateful-Headless.', answers: [] }, // absolute: no search path
    { name: 'stateful-pvc-9.stateful-headless', answers: [] },
    { name: 'stateful-pvc-0', answers: [] }, // a pod name alone is not a DNS name
    { name: `${dashed}.default.pod.cluster.local`, answers: [ip0] },
    { name: `${dashed}.default.pod`, answers: [ip0] },
    { name: `${dashed}.nope.pod.cluster.local`, answers: [] },
    { name: `${dashed}.stateful-headless`, answers: [] }, // the endpoint has a hostname, not its IP name
  ];
  for (const t of cases) {
    test(t.name, () => {
      const r = resolveName(c.sim, t.name, 'default');
      assert.deepEqual(r.answers, t.answers);
      assert.equal(r.rcode, t.answers.length > 0 ? 'NOERROR' : 'NXDOMAIN');
    });
  }

  test('an endpoint without a hostname is named by its dashed IP under any Service', () => {
    const c2 = build(
      `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 8080}]
${APP('web-a', 'app: web')}`,
    );
    const ip = ipOf(c2, 'web-a');
    assert.deepEqual(resolveName(c2.sim, `${ip.replace(/\./g, '-')}.web`, 'default').answers, [ip]);
  });

  test('SRV: headless → one target per pod with its port; ClusterIP → the Service name', () => {
    const srv = resolveSrv(c.sim, 'stateful-headless', 'default');
    assert.equal(srv.rcode, 'NOERROR');
    assert.deepEqual(srv.answers, [
      { target: 'stateful-pvc-0.stateful-headless.default.svc.cluster.local', port: 8080 },
      { target: 'stateful-pvc-1.stateful-headless.default.svc.cluster.local', port: 8080 },
    ]);
    const c2 = build(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: admin, port: 9000}]`);
    assert.deepEqual(resolveSrv(c2.sim, '_http._tcp.web', 'default').answers, [
      { target: 'web.default.svc.cluster.local', port: 80 },
    ]);
    assert.equal(resolveSrv(c2.sim, '_http._udp.web', 'default').rcode, 'NXDOMAIN');
    assert.equal(resolveSrv(c2.sim, 'web', 'default').answers.length, 2);
  });
});

describe('in-cluster requests through a ClusterIP Service', () => {
  const YAML = `apiVersion: v1
kind: Service
metadata: {name: svc-v1}
spec:
  selector: {app: v1}
  ports: [{port: 8080}]
${APP('pod-v1-a', 'app: v1')}${APP('pod-v1-b', 'app: v1')}
---
apiVersion: v1
kind: Service
metadata: {name: svc-shopping}
spec:
  selector: {category: shopping}
  ports: [{port: 80, targetPort: 8080}]
${APP('pod-shopping', 'category: shopping', 'kubetm/shopping')}${CLIENT}`;
  const c = build(YAML);

  test('kube-proxy picks a ready endpoint at random: both pods answer over many requests', () => {
    const byPod = new Map<string, number>();
    const rng = new Prng(42);
    for (let i = 0; i < 400; i++) {
      const r = requestFromPod(
        c.sim,
        podObj(c, 'client'),
        { url: 'http://svc-v1:8080/version', method: 'GET', headers: {}, cookies: {} },
        () => rng.float(),
      );
      assert.equal(r.status, 200);
      assert.equal(r.body, 'v1');
      assert.equal(r.service, 'svc-v1');
      byPod.set(r.pod ?? '', (byPod.get(r.pod ?? '') ?? 0) + 1);
    }
    const a = byPod.get('pod-v1-a') ?? 0;
    assert.equal(a + (byPod.get('pod-v1-b') ?? 0), 400);
    assert.ok(a > 150 && a < 250, `roughly half on each pod (got ${a}/400)`);
  });

  const cases: Array<{
    url: string;
    status: number;
    body: string | RegExp;
    pod: string | null;
    reason: RegExp;
  }> = [
    {
      url: 'http://svc-shopping/',
      status: 200,
      body: 'kubetm/shopping: shopping page (pod-shopping)',
      pod: 'pod-shopping',
      reason:
        /Service default\/svc-shopping port 80 → pod pod-shopping \(10\.244\.\d+\.\d+:8080\), kube-proxy picks a ready endpoint at random/,
    },
    {
      url: 'http://svc-shopping.default.svc.cluster.local:80/hostname',
      status: 200,
      body: 'pod-shopping',
      pod: 'pod-shopping',
      reason: /kube-proxy/,
    },
    {
      url: 'http://svc-shopping:8080/',
      status: 0,
      body: "curl: (28) Failed to connect to svc-shopping port 8080 after 127000 ms: Couldn't connect to server",
      pod: null,
      reason: /has no port 8080 \(ports: 80\/TCP\)/,
    },
    {
      url: 'http://nothing-here/',
      status: 0,
      body: 'curl: (6) Could not resolve host: nothing-here',
      pod: null,
      reason: /NXDOMAIN/,
    },
    {
      url: 'https://svc-shopping/',
      status: 0,
      body: "curl: (7) Failed to connect to svc-shopping port 443 after 0 ms: Couldn't connect to server",
      pod: null,
      reason: /https inside the cluster is not simulated/,
    },
  ];
  for (const t of cases) {
    test(`${t.url} → ${t.status}`, () => {
      const r = curl(c, 'client', t.url);
      assert.equal(r.status, t.status);
      if (typeof t.body === 'string') assert.equal(r.body, t.body);
      else assert.match(r.body, t.body);
      assert.equal(r.pod, t.pod);
      assert.match(r.reason, t.reason);
      assert.equal(r.tls, null);
    });
  }

  test('a pod IP is reached directly, bypassing the Service port mapping', () => {
    const ip = ipOf(c, 'pod-shopping');
    const r = curl(c, 'client', `http://${ip}:8080/hostname`);
    assert.deepEqual([r.status, r.body, r.service, r.pod], [200, 'pod-shopping', null, 'pod-shopping']);
    assert.equal(curl(c, 'client', `http://${ip}/`).status, 0);
    assert.match(curl(c, 'client', 'http://10.244.99.99/').body, /^curl: \(28\)/);
  });

  test('a pod that is not running cannot run curl', () => {
    const p = podObj(c, 'client');
    const stopped: PodObject = { ...p, state: { ...p.state, containersStarted: false, phase: 'Pending' } };
    const r = requestFromPod(
      c.sim,
      stopped,
      { url: 'http://svc-v1:8080/', method: 'GET', headers: {}, cookies: {} },
      () => 0,
    );
    assert.equal(r.status, 0);
    assert.match(r.body, /unable to upgrade connection/);
  });
});

describe('parseHttpUrl', () => {
  const ok: Array<[string, ReturnType<typeof parseHttpUrl>]> = [
    ['http://www.app.com/version', { scheme: 'http', host: 'www.app.com', port: null, path: '/version' }],
    [
      'https://WWW.https.com:30798/hostname',
      { scheme: 'https', host: 'www.https.com', port: 30798, path: '/hostname' },
    ],
    [
      'stateful-pvc-0.stateful-headless:8080/hostname',
      { scheme: 'http', host: 'stateful-pvc-0.stateful-headless', port: 8080, path: '/hostname' },
    ],
    ['http://svc', { scheme: 'http', host: 'svc', port: null, path: '/' }],
    ['http://svc?x=1#frag', { scheme: 'http', host: 'svc', port: null, path: '/?x=1' }],
    ['http://10.96.0.10:80/a/b', { scheme: 'http', host: '10.96.0.10', port: 80, path: '/a/b' }],
  ];
  for (const [url, want] of ok) test(`accepts ${url}`, () => assert.deepEqual(parseHttpUrl(url), want));
  const bad = [
    '',
    'ftp://x/',
    'http://',
    'http://a:0/',
    'http://a:70000/',
    'http://u:p@a/',
    'http://[::1]/',
    'http://a b/',
    'http://bad_host-/',
  ];
  for (const url of bad) {
    test(`rejects ${JSON.stringify(url)}`, () => assert.equal(typeof parseHttpUrl(url), 'string'));
  }
});

describe('application model', () => {
  const pod = (image: string, ports: number[] | null, started = true): PodObject => {
    const c = new Cluster(DEFAULT_CLUSTER, 1);
    c.apply(loadManifestText(APP('p', 'a: b', image).replace(/^---\n/, ''), 'p.yaml'));
    const p = c.sim.store.get('Pod', 'default', 'p') as PodObject;
    if (ports)
      p.spec = defaultPodSpec({
        containers: [{ name: 'c', image, ports: ports.map((containerPort) => ({ containerPort })) }],
      });
    p.state.containersStarted = started;
    p.state.phase = started ? 'Running' : 'Pending';
    return p;
  };
  const cases: Array<{
    image: string;
    ports: number[] | null;
    port: number;
    path: string;
    want: { status: number; body: string } | null;
  }> = [
    { image: 'kubetm/app:v1', ports: null, port: 8080, path: '/version', want: { status: 200, body: 'v1' } },
    {
      image: 'kubetm/app:v2',
      ports: null,
      port: 8080,
      path: '/version?x=1',
      want: { status: 200, body: 'v2' },
    },
    { image: 'kubetm/app', ports: null, port: 8080, path: '/version', want: { status: 200, body: 'latest' } },
    { image: 'kubetm/app', ports: null, port: 8080, path: '/hostname', want: { status: 200, body: 'p' } },
    {
      image: 'kubetm/order',
      ports: null,
      port: 8080,
      path: '/order',
      want: { status: 200, body: 'kubetm/order: order page (p)' },
    },
    { image: 'kubetm/app', ports: null, port: 80, path: '/', want: null },
    { image: 'nginx:1.25', ports: [80], port: 80, path: '/version', want: { status: 200, body: '1.25' } },
    { image: 'nginx:1.25', ports: [80], port: 8080, path: '/', want: null },
  ];
  for (const t of cases) {
    test(`${t.image} ports=${JSON.stringify(t.ports)} :${t.port}${t.path}`, () => {
      assert.deepEqual(appResponse(pod(t.image, t.ports), t.port, t.path), t.want);
    });
  }
  test('a pod whose containers have not started answers nothing', () => {
    assert.equal(appResponse(pod('kubetm/app', null, false), 8080, '/'), null);
  });
  test('image references', () => {
    assert.deepEqual(parseImage('registry:5000/kubetm/app:v2@sha256:abc'), {
      repository: 'registry:5000/kubetm/app',
      tag: 'v2',
    });
    assert.deepEqual(parseImage('registry:5000/kubetm/app'), {
      repository: 'registry:5000/kubetm/app',
      tag: 'latest',
    });
  });
});

describe('scale sanity (not timed)', () => {
  test('2,000 pods and 5 Services settle with correct endpoints', () => {
    const docs: string[] = [];
    for (let i = 0; i < 5; i++) {
      docs.push(`apiVersion: v1
kind: Service
metadata: {name: svc-${i}}
spec:
  selector: {group: g${i}}
  ports: [{port: 8080}]`);
      docs.push(`apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs-${i}}
spec:
  replicas: 400
  selector: {matchLabels: {group: g${i}}}
  template:
    metadata: {labels: {group: g${i}}}
    spec:
      containers: [{name: c, image: kubetm/app}]`);
    }
    // The lab nodes hold 110 pods each (the kubelet's default); these hold them all.
    const c = build(docs.join('\n---\n'), 1, roomyNodes(2, 1100));
    for (let i = 0; i < 5; i++) {
      const eps = svc(c, `svc-${i}`).endpoints;
      assert.equal(eps.length, 400);
      assert.ok(eps.every((e) => e.ready));
      assert.ok(
        eps.every((e, k) => k === 0 || eps[k - 1].pod < e.pod),
        'sorted by pod name',
      );
    }
    assert.equal(c.scale('ReplicaSet', 'default', 'rs-0', 100), null);
    assert.ok(c.settle(SETTLE));
    assert.equal(svc(c, 'svc-0').endpoints.length, 100);
  });
});
