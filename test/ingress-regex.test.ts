// ingress-nginx regexes on RE2 (use-regex, rewrite-target, canary-by-header-pattern) and admission at
// scale. Nothing here measures time: with a backtracking engine the pathological cases below would not
// finish, and node's test timeout is the failure signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER, type IngressObject } from '../src/engine/types';
import { IngressIndex, admitIngress } from '../src/engine/controllers/ingress-nginx';
import { compileNginxRegex } from '../src/engine/controllers/ingress-regex';
import type { Manifest } from '../src/engine/manifest';
import { SETTLE } from './helpers';

const HOSTILE_PATH = '/' + 'a'.repeat(44) + '!';

function backend(name: string): string {
  return `{service: {name: ${name}, port: {number: 8080}}}`;
}

function app(name: string): string {
  return `---
apiVersion: v1
kind: Pod
metadata: {name: pod-${name}, labels: {app: ${name}}}
spec: {containers: [{name: c, image: kubetm/app:v1}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {selector: {app: ${name}}, ports: [{port: 8080}]}
`;
}

function regexIngress(name: string, paths: Array<[string, string]>, annotations = ''): string {
  return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
${annotations}
spec:
  ingressClassName: nginx
  rules:
    - host: re.example.com
      http:
        paths:
${paths.map(([p, svc]) => `          - {path: "${p}", pathType: ImplementationSpecific, backend: ${backend(svc)}}`).join('\n')}
`;
}

function start(yaml: string): { cluster: Cluster; warnings: string[] } {
  const cluster = new Cluster(DEFAULT_CLUSTER, 1);
  const r = cluster.apply(loadManifestText(yaml, 'test.yaml'));
  assert.deepEqual(r.rejected, [], 'accepted');
  assert.ok(cluster.settle(SETTLE), 'settles');
  return { cluster, warnings: r.warnings };
}

function get(cluster: Cluster, path: string, headers: Record<string, string> = {}) {
  return cluster.request({ url: `http://re.example.com${path}`, method: 'GET', headers, cookies: {} }, null);
}

test('use-regex: /(a+)+$ against a 45-character path completes and routes (RE2, no backtracking)', () => {
  const { cluster, warnings } = start(
    app('svc-evil') +
      app('svc-rest') +
      regexIngress('evil', [
        ['/(a+)+$', 'svc-evil'],
        ['/', 'svc-rest'],
      ]),
  );
  assert.deepEqual(warnings, []);
  // `!` at the end: `^/(a+)+$` fails, the next location `^/` matches.
  const miss = get(cluster, HOSTILE_PATH);
  assert.equal(miss.status, 200);
  assert.equal(miss.service, 'svc-rest');
  const hit = get(cluster, '/' + 'A'.repeat(60));
  assert.equal(hit.service, 'svc-evil', 'case-insensitive as nginx ~*');
});

test('rewrite-target with a hostile regex: groups substituted, completes', () => {
  const { cluster } = start(
    app('svc-evil') +
      regexIngress(
        'rw',
        [['/x/((a|aa)+)(/|$)(.*)', 'svc-evil']],
        '    nginx.ingress.kubernetes.io/rewrite-target: /$4',
      ),
  );
  const r = get(cluster, '/x/' + 'a'.repeat(40) + '/rest?q=1');
  assert.equal(r.service, 'svc-evil', r.reason);
  assert.match(r.reason, /rewrite-target sends \/rest\?q=1/);
  const evil = get(cluster, '/x/' + 'a'.repeat(40) + 'b');
  // `(a|aa)+` then `b`: exponential for a backtracking engine, a plain miss for RE2.
  assert.equal(evil.status, 404, evil.reason);
});

test('canary-by-header-pattern: a pathological pattern against a long header completes', () => {
  const canary = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: canary
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-by-header: X-Canary
    nginx.ingress.kubernetes.io/canary-by-header-pattern: "^(a+)+$"
spec:
  ingressClassName: nginx
  rules:
    - host: re.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: ${backend('svc-v2')}}
`;
  const primary = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: primary}
spec:
  ingressClassName: nginx
  rules:
    - host: re.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: ${backend('svc-v1')}}
`;
  const { cluster, warnings } = start(app('svc-v1') + app('svc-v2') + primary + canary);
  assert.deepEqual(warnings, []);
  const no = get(cluster, '/', { 'X-Canary': 'a'.repeat(44) + '!' });
  assert.equal(no.service, 'svc-v1');
  const yes = get(cluster, '/', { 'X-Canary': 'a'.repeat(44) });
  assert.equal(yes.service, 'svc-v2');
  assert.match(yes.reason, /canary by header X-Canary=a+ matching/);
});

test('a PCRE-only pattern: a warning naming the Ingress and the path; the location never matches', () => {
  const { cluster, warnings } = start(
    app('svc-a') +
      app('svc-b') +
      regexIngress('lookahead', [
        ['/(?=api)api', 'svc-a'],
        ['/', 'svc-b'],
      ]),
  );
  assert.equal(warnings.length, 1, JSON.stringify(warnings));
  assert.match(warnings[0], /^Ingress default\/lookahead: path "\/\(\?=api\)api"/);
  assert.match(warnings[0], /use-regex/);
  assert.match(warnings[0], /simulator's RE2 engine cannot evaluate it/);
  assert.match(warnings[0], /nginx uses PCRE and may accept it/);
  const r = get(cluster, '/api');
  assert.equal(r.service, 'svc-b', 'falls through to the next location');
  const cfg = cluster.ingress?.config;
  assert.ok(cfg?.warnings.some((w) => w.startsWith('Ingress default/lookahead: server re.example.com')));
});

test('a PCRE-only canary-by-header-pattern: a warning naming the Ingress; requests stay on the primary', () => {
  const yaml =
    app('svc-v1') +
    app('svc-v2') +
    `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: primary}
spec:
  ingressClassName: nginx
  rules: [{host: re.example.com, http: {paths: [{path: /, pathType: Prefix, backend: ${backend('svc-v1')}}]}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: backref
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-by-header: X-Canary
    nginx.ingress.kubernetes.io/canary-by-header-pattern: "(a)\\\\1"
    nginx.ingress.kubernetes.io/canary-weight: "100"
spec:
  ingressClassName: nginx
  rules: [{host: re.example.com, http: {paths: [{path: /, pathType: Prefix, backend: ${backend('svc-v2')}}]}}]
`;
  const { cluster, warnings } = start(yaml);
  assert.equal(warnings.length, 1, JSON.stringify(warnings));
  assert.match(warnings[0], /^Ingress default\/backref: annotation .*canary-by-header-pattern "\(a\)\\1"/);
  assert.match(warnings[0], /cannot evaluate it/);
  const r = get(cluster, '/', { 'X-Canary': 'aa' });
  assert.equal(r.service, 'svc-v1');
  assert.match(r.reason, /treated as not matching, the simulator's RE2 engine cannot evaluate it/);
  // Without the header, the weight decides as before.
  assert.equal(get(cluster, '/').service, 'svc-v2');
});

test('RE2 agrees with RegExp on ordinary nginx location patterns', () => {
  const patterns = ['^/api/v[0-9]+/', '^/(foo|bar)(/|$)(.*)', '^/x/.*\\.(png|jpg)$', '^/', '^/a{2,3}b?'];
  const paths = ['/api/v1/x', '/API/V22/', '/foo', '/bar/baz', '/x/y.PNG', '/x/y.png.txt', '/aab', '/ab'];
  for (const p of patterns) {
    const c = compileNginxRegex(p, true);
    assert.ok(c.ok, p);
    for (const path of paths) assert.equal(c.regex.test(path), new RegExp(p, 'i').test(path), `${p} ${path}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Admission at scale: behaviour only (which Ingress serves what), never time

test('3,000 Ingresses, one host each and 3,000 paths on one host: admitted and routed as before', () => {
  const docs: string[] = [app('svc-a')];
  for (let i = 0; i < 3000; i++)
    docs.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ing-${i}}
spec:
  ingressClassName: nginx
  rules:
    - host: h${i}.example.com
      http: {paths: [{path: /p${i}, pathType: Prefix, backend: ${backend('svc-a')}}]}
    - host: shared.example.com
      http: {paths: [{path: /s${i}, pathType: Exact, backend: ${backend('svc-a')}}]}`);
  // A duplicate host+path is still refused by the webhook, and names the first owner.
  docs.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: dup}
spec:
  ingressClassName: nginx
  rules: [{host: shared.example.com, http: {paths: [{path: /s1234, pathType: Exact, backend: ${backend('svc-a')}}]}}]`);
  const cluster = new Cluster(DEFAULT_CLUSTER, 1);
  const r = cluster.apply(loadManifestText(docs.join('\n---\n'), 'many.yaml'));
  assert.equal(r.rejected.length, 1);
  assert.match(
    r.rejected[0].message,
    /host "shared.example.com" and path "\/s1234" is already defined in ingress default\/ing-1234/,
  );
  assert.ok(cluster.settle(SETTLE));
  const at = (url: string) => cluster.request({ url, method: 'GET', headers: {}, cookies: {} }, null);
  const a = at('http://h2999.example.com/p2999/x');
  assert.equal(a.status, 200);
  assert.match(a.reason, /Ingress default\/ing-2999, host h2999.example.com, path \/p2999 \(Prefix\)/);
  const b = at('http://shared.example.com/s17');
  assert.match(b.reason, /Ingress default\/ing-17, host shared.example.com, path \/s17 \(Exact\)/);
  assert.equal(at('http://shared.example.com/s17/x').status, 404);
});

// The narrowed admission (IngressIndex) must answer exactly as assembling every Ingress does.
const HOSTS = ['a.com', 'b.com', ''];
const PATHS = ['/', '/x', '/x/', '/y'];
const SERVICES = ['s1', 's2', 's3'];

interface Gen {
  name: string;
  canary: boolean;
  t: number;
  rules: Array<{ host: string; paths: Array<{ path: string; type: string; svc: string }> }>;
  defaultBackend: string | null;
}

const genIngress = fc.record({
  name: fc.constantFrom('i0', 'i1', 'i2', 'i3', 'i4', 'i5'),
  canary: fc.boolean(),
  t: fc.integer({ min: 0, max: 3 }),
  rules: fc.array(
    fc.record({
      host: fc.constantFrom(...HOSTS),
      paths: fc.array(
        fc.record({
          path: fc.constantFrom(...PATHS),
          type: fc.constantFrom('Prefix', 'Exact', 'ImplementationSpecific'),
          svc: fc.constantFrom(...SERVICES),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    { maxLength: 2 },
  ),
  defaultBackend: fc.option(fc.constantFrom(...SERVICES)),
});

function toManifest(g: Gen): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: g.name, annotations: g.canary ? { 'nginx.ingress.kubernetes.io/canary': 'true' } : {} },
    spec: {
      ingressClassName: 'nginx',
      ...(g.defaultBackend
        ? { defaultBackend: { service: { name: g.defaultBackend, port: { number: 80 } } } }
        : {}),
      rules: g.rules.map((r) => ({
        ...(r.host ? { host: r.host } : {}),
        http: {
          paths: r.paths.map((p) => ({
            path: p.path,
            pathType: p.type,
            backend: { service: { name: p.svc, port: { number: 80 } } },
          })),
        },
      })),
    },
  } as Manifest;
}

function toObject(g: Gen, i: number): IngressObject {
  const m = toManifest(g);
  return {
    kind: 'Ingress',
    meta: {
      name: g.name,
      namespace: 'default',
      uid: `u${i}`,
      labels: {},
      annotations: m.metadata?.annotations ?? {},
      ownerReferences: [],
      finalizers: [],
      creationTime: g.t,
      deletionTime: null,
      deletionGracePeriodSeconds: null,
      creationIndex: i,
      generation: 1,
    },
    spec: (m as Manifest & { kind: 'Ingress' }).spec ?? {},
  };
}

test('property: admission through the host/path index answers as admission over every Ingress', () => {
  fc.assert(
    fc.property(fc.array(genIngress, { maxLength: 8 }), genIngress, (generated, candidate) => {
      // Unique names as in a store; the candidate may share one (an update of that Ingress).
      const existing = generated.filter((g, i) => generated.findIndex((o) => o.name === g.name) === i);
      const objects = existing.map(toObject);
      const m = toManifest(candidate);
      const reference = admitIngress(m, objects, true, [], {}, false);
      assert.equal(admitIngress(m, IngressIndex.of(objects), true), reference);
      assert.equal(admitIngress(m, objects, true), reference);
    }),
    { numRuns: 500 },
  );
});
