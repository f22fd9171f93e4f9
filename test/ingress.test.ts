// ingress-nginx controller model (behaviour reference section E): one table row per documented rule (its ID
// in the row name), the seed course's Ingress practice, the validating webhook, the controller's sync and
// round-robin, and properties of the canary decision. Objects are built by hand, endpoints set directly.
import { defaultServiceSpec } from '../src/engine/admission/core-defaults';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { IngressBackend, IngressRule, IngressTLS } from 'kubernetes-types/networking/v1';
import type { ServicePort } from 'kubernetes-types/core/v1';
import {
  IngressNginxController,
  NGINX_PAGES,
  admitIngress,
  buildNginxConfig,
  routeRequest,
  type EndpointChoice,
  type NginxConfig,
  type NginxInput,
  type NginxOptions,
  type RoutedResponse,
  type Upstream,
} from '../src/engine/controllers/ingress-nginx';
import { Prng } from '../src/engine/prng';
import { Sim } from '../src/engine/sim';
import { loadManifestText } from '../src/engine/loader';
import { validateDoc } from '../src/engine/validation';
import type { Manifest } from '../src/engine/manifest';
import type { TlsInfo } from '../src/engine/net';
import {
  DEFAULT_CLUSTER,
  type IngressObject,
  type Meta,
  type PassiveObject,
  type ServiceObject,
} from '../src/engine/types';

// ---------------------------------------------------------------------------------------------
// Factory

let uid = 0;
function meta(name: string, o: { ns?: string; t?: number; annotations?: Record<string, string> } = {}): Meta {
  uid++;
  return {
    name,
    namespace: o.ns ?? 'default',
    uid: `uid-${uid}`,
    labels: {},
    annotations: o.annotations ?? {},
    ownerReferences: [],
    finalizers: [],
    creationTime: o.t ?? 0,
    deletionTime: null,
    deletionGracePeriodSeconds: null,
    creationIndex: uid,
    generation: 1,
  };
}

/** [path, pathType, service, port (default 8080)] */
type PathSpec = [string, string, string, (number | string)?];

function backend(service: string, port: number | string = 8080): IngressBackend {
  return { service: { name: service, port: typeof port === 'number' ? { number: port } : { name: port } } };
}

function rule(host: string | null, ...paths: PathSpec[]): IngressRule {
  const r: IngressRule = {
    http: {
      paths: paths.map(([path, pathType, svc, port]) => ({ path, pathType, backend: backend(svc, port) })),
    },
  };
  if (host !== null) r.host = host;
  return r;
}

interface IngOpts {
  t?: number;
  ns?: string;
  annotations?: Record<string, string>;
  tls?: IngressTLS[];
  defaultBackend?: IngressBackend;
  /** null: no ingressClassName; default `nginx`. */
  className?: string | null;
}

function ing(name: string, rules: IngressRule[], o: IngOpts = {}): IngressObject {
  const obj: IngressObject = { kind: 'Ingress', meta: meta(name, o), spec: {} };
  if (o.className !== null) obj.spec.ingressClassName = o.className ?? 'nginx';
  if (rules.length > 0) obj.spec.rules = rules;
  if (o.tls) obj.spec.tls = o.tls;
  if (o.defaultBackend) obj.spec.defaultBackend = o.defaultBackend;
  return obj;
}

const CANARY = 'nginx.ingress.kubernetes.io/canary';
function canaryAnn(extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { [CANARY]: 'true' };
  for (const [k, v] of Object.entries(extra)) out[`nginx.ingress.kubernetes.io/${k}`] = v;
  return out;
}
function ann(extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(extra)) out[`nginx.ingress.kubernetes.io/${k}`] = v;
  return out;
}

let ipCounter = 1;
interface SvcOpts {
  ns?: string;
  /** Names of ready pods (default one pod named `<svc>-pod`). */
  pods?: string[];
  notReady?: number;
  ports?: ServicePort[];
  /** Ready pods lack the named target port. */
  missingNamedPort?: boolean;
}

function svc(name: string, o: SvcOpts = {}): ServiceObject {
  const ports = o.ports ?? [{ port: 8080 }];
  const targetPorts = ports.map((p) =>
    typeof p.targetPort === 'string' ? (o.missingNamedPort ? null : 9000) : (p.targetPort ?? p.port),
  );
  const entry = (pod: string, ready: boolean) => ({
    pod,
    ip: `10.244.1.${ipCounter++}`,
    node: 'k8s-node1',
    serving: ready,
    terminating: false,
    ready,
    hostname: null,
    targetPorts,
  });
  return {
    kind: 'Service',
    meta: meta(name, { ns: o.ns }),
    spec: defaultServiceSpec({ ports, selector: { app: name } }),
    clusterIP: '10.96.0.10',
    nodePorts: ports.map(() => null),
    endpoints: [
      ...(o.pods ?? [`${name}-pod`]).map((p) => entry(p, true)),
      ...Array.from({ length: o.notReady ?? 0 }, (_, i) => entry(`${name}-unready-${i}`, false)),
    ],
  };
}

function ingressClass(name: string, controller: string): PassiveObject {
  return {
    kind: 'IngressClass',
    meta: { ...meta(name), namespace: '' },
    body: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name },
      spec: { controller },
    },
  };
}

// A self-signed certificate like the course's `openssl req -x509 ... -subj "/CN=www.https.com/O=www.https.com"`
// (EC key to keep it short; CN only, no SAN).
const TLS_CRT = `-----BEGIN CERTIFICATE-----
MIIBtzCCAV2gAwIBAgIUVHj3EDvHl/dZ6aBrxFPGPEPxKQkwCgYIKoZIzj0EAwIw
MDEWMBQGA1UEAwwNd3d3Lmh0dHBzLmNvbTEWMBQGA1UECgwNd3d3Lmh0dHBzLmNv
bTAgFw0yNjExMjYyMDM5MzJaGA8yMTI2MTEwMjIwMzkzMlowMDEWMBQGA1UEAwwN
d3d3Lmh0dHBzLmNvbTEWMBQGA1UECgwNd3d3Lmh0dHBzLmNvbTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABNVmCy84h6f88op/HqOY1MWHH9Wx2YfaVQXFniRwFg7O
2Pmu6G3j3hUBIenewFNu5O9UuSSBJZAtY5BFJ/lAeoWjUzBRMB0GA1UdDgQWBBSf
F/dJ7k/fdhpqaLmM3CLmNvRVtDAfBgNVHSMEGDAWgBSfF/dJ7k/fdhpqaLmM3CLm
NvRVtDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCq5phVLTHQ
AlrpwER2ZmrtgabmkwhGRIeZ3N9W6EyefQIgIiWAtm9/6Wos4FR79YEMOTJgi5/R
BGKfz/iTObFcl14=
-----END CERTIFICATE-----
`;
const TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQglSFNhWym8L01+EYa
LF3PSbuK11kuogZw3XH26CgS3+WhRANCAATVZgsvOIen/PKKfx6jmNTFhx/VsdmH
2lUFxZ4kcBYOztj5ruht494VASHp3sBTbuTvVLkkgSWQLWOQRSf5QHqF
-----END PRIVATE KEY-----
`;

function secret(name: string, crt = TLS_CRT, key = TLS_KEY): PassiveObject {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return {
    kind: 'Secret',
    meta: meta(name),
    body: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': b64(crt), 'tls.key': b64(key) },
    },
  };
}

const NGINX_CLASS = ingressClass('nginx', 'k8s.io/ingress-nginx');

function config(input: Partial<NginxInput>, opts?: NginxOptions): NginxConfig {
  return buildNginxConfig(
    {
      ingresses: input.ingresses ?? [],
      services: input.services ?? [],
      secrets: input.secrets ?? [],
      ingressClasses: input.ingressClasses ?? [NGINX_CLASS],
    },
    opts,
  );
}

interface Send {
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  /** The weight draw's result; default: the total (canary only at weight ≥ total). */
  draw?: number;
}

const first = (u: Upstream): EndpointChoice => u.endpoints[0];

function send(cfg: NginxConfig, url: string, o: Send = {}): RoutedResponse {
  const draw = (total: number): number => o.draw ?? total;
  return routeRequest(
    cfg,
    { url, method: 'GET', headers: o.headers ?? {}, cookies: o.cookies ?? {} },
    draw,
    first,
  );
}

// ---------------------------------------------------------------------------------------------
// The table

interface Expect {
  status: number;
  service?: string | null;
  pod?: string;
  canary?: boolean;
  location?: string | null;
  tls?: TlsInfo | null;
  upstreamUri?: string;
  upstream?: string;
  ingress?: string | null;
  body?: string;
  /** Substrings of `reason`. */
  reason?: string[];
}

interface Req extends Send {
  url: string;
  expect: Expect;
}

interface Row {
  name: string;
  input: Partial<NginxInput>;
  opts?: NginxOptions;
  requests: Req[];
  /** Substrings each expected in some warning. */
  warnings?: string[];
}

const V1 = (): ServiceObject => svc('svc-v1', { pods: ['pod-v1'] });
const V2 = (): ServiceObject => svc('svc-v2', { pods: ['pod-v2'] });
const V3 = (): ServiceObject => svc('svc-v3', { pods: ['pod-v3'] });
const APP = (t = 0): IngressObject => ing('app', [rule('www.app.com', ['/', 'Prefix', 'svc-v1'])], { t });
const FAKE: TlsInfo = { secret: null, fake: true };
const REAL: TlsInfo = { secret: 'default/secret-https', fake: false };

const ROWS: Row[] = [
  // E1 Which Ingresses are served
  {
    name: 'ING-CLASS: ingressClassName naming the k8s.io/ingress-nginx IngressClass is served',
    input: { ingresses: [APP()], services: [V1()] },
    requests: [{ url: 'http://www.app.com/', expect: { status: 200, service: 'svc-v1', pod: 'pod-v1' } }],
  },
  {
    name: 'ING-CLASS: an IngressClass of another controller → ignored, 404 with the reason',
    input: {
      ingresses: [ing('app', [rule('www.app.com', ['/', 'Prefix', 'svc-v1'])], { className: 'traefik' })],
      services: [V1()],
      ingressClasses: [NGINX_CLASS, ingressClass('traefik', 'traefik.io/ingress-controller')],
    },
    requests: [
      {
        url: 'http://www.app.com/',
        expect: {
          status: 404,
          reason: ['no Ingress rule for host www.app.com', 'IngressClass "traefik" has spec.controller'],
        },
      },
    ],
  },
  {
    name: 'ING-CLASS: ingressClassName naming no IngressClass → ignored',
    input: {
      ingresses: [ing('app', [rule('www.app.com', ['/', 'Prefix', 'svc-v1'])], { className: 'nope' })],
      services: [V1()],
    },
    requests: [
      { url: 'http://www.app.com/', expect: { status: 404, reason: ['"nope" names no IngressClass'] } },
    ],
  },
  {
    name: 'ING-CLASS: annotation kubernetes.io/ingress.class: nginx is served, another value is not',
    input: {
      ingresses: [
        ing('a', [rule('a.com', ['/', 'Prefix', 'svc-v1'])], {
          className: null,
          annotations: { 'kubernetes.io/ingress.class': 'nginx' },
        }),
        ing('b', [rule('b.com', ['/', 'Prefix', 'svc-v1'])], {
          className: null,
          annotations: { 'kubernetes.io/ingress.class': 'haproxy' },
        }),
      ],
      services: [V1()],
    },
    requests: [
      { url: 'http://a.com/', expect: { status: 200, service: 'svc-v1' } },
      { url: 'http://b.com/', expect: { status: 404, reason: ['"haproxy" is not "nginx"'] } },
    ],
  },
  {
    name: 'ING-CLASS: no class at all → ignored in a default install',
    input: { ingresses: [ing('app', [rule('www.app.com', ['/', 'Prefix', 'svc-v1'])], { className: null })] },
    requests: [
      {
        url: 'http://www.app.com/',
        expect: {
          status: 404,
          reason: ['neither spec.ingressClassName nor', '--watch-ingress-without-class=false'],
        },
      },
    ],
  },
  {
    name: 'ING-CLASS: no class, --watch-ingress-without-class=true → served',
    input: {
      ingresses: [ing('app', [rule('www.app.com', ['/', 'Prefix', 'svc-v1'])], { className: null })],
      services: [V1()],
    },
    opts: { watchWithoutClass: true },
    requests: [{ url: 'http://www.app.com/', expect: { status: 200, service: 'svc-v1' } }],
  },
  // E2 Servers
  {
    name: 'ING-SERVER: one server per host, merged from several Ingresses',
    input: {
      ingresses: [
        ing('a', [rule('www.app.com', ['/a', 'Prefix', 'svc-v1'])]),
        ing('b', [rule('www.app.com', ['/b', 'Prefix', 'svc-v2'])], { t: 1 }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      { url: 'http://www.app.com/a', expect: { status: 200, service: 'svc-v1', ingress: 'default/a' } },
      { url: 'http://www.app.com/b', expect: { status: 200, service: 'svc-v2', ingress: 'default/b' } },
    ],
  },
  {
    name: 'ING-HOSTMATCH: case-insensitive, port ignored, trailing dot ignored',
    input: { ingresses: [APP()], services: [V1()] },
    requests: [
      { url: 'http://WWW.App.COM:8080/', expect: { status: 200, service: 'svc-v1' } },
      { url: 'http://www.app.com./', expect: { status: 200, service: 'svc-v1' } },
      {
        url: 'http://10.0.0.1/',
        headers: { HOST: 'www.app.com' },
        expect: { status: 200, service: 'svc-v1' },
      },
    ],
  },
  {
    name: 'ING-HOSTMATCH: *.example.com matches exactly one extra label; an exact name wins over it',
    input: {
      ingresses: [
        ing('wild', [rule('*.example.com', ['/', 'Prefix', 'svc-v1'])]),
        ing('foo', [rule('foo.example.com', ['/', 'Prefix', 'svc-v2'])]),
      ],
      services: [V1(), V2()],
    },
    requests: [
      { url: 'http://a.example.com/', expect: { status: 200, service: 'svc-v1' } },
      { url: 'http://foo.example.com/', expect: { status: 200, service: 'svc-v2' } },
      { url: 'http://example.com/', expect: { status: 404 } },
      { url: 'http://a.b.example.com/', expect: { status: 404 } },
    ],
  },
  {
    name: 'ING-HOSTFIRST: a named host whose paths do not match answers 404, not the host-less rules',
    input: {
      ingresses: [
        ing('app', [rule('www.app.com', ['/app', 'Prefix', 'svc-v1'])]),
        ing('any', [rule(null, ['/other', 'Prefix', 'svc-v2'])]),
      ],
      services: [V1(), V2()],
    },
    requests: [
      {
        url: 'http://www.app.com/other',
        expect: { status: 404, reason: ['host www.app.com has no rule for path /other', 'ING-HOSTFIRST'] },
      },
      { url: 'http://unknown.com/other', expect: { status: 200, service: 'svc-v2' } },
    ],
  },
  {
    name: 'ING-DEFAULT404: unknown host → the default backend 404 page, over HTTP and HTTPS',
    input: {},
    requests: [
      {
        url: 'http://www.x.com/',
        expect: {
          status: 404,
          service: null,
          body: NGINX_PAGES[404],
          tls: null,
          reason: ['404: no Ingress rule for host www.x.com (default backend)'],
        },
      },
      { url: 'https://www.x.com/any', expect: { status: 404, tls: FAKE, body: NGINX_PAGES[404] } },
    ],
  },
  {
    name: 'ING-DEFBACKEND: defaultBackend without rules becomes `_`’s `/` (first such Ingress wins)',
    input: {
      ingresses: [
        ing('catch-all', [], { defaultBackend: backend('svc-v1') }),
        ing('later', [], { defaultBackend: backend('svc-v2'), t: 5 }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      {
        url: 'http://any.host/anything',
        expect: {
          status: 200,
          service: 'svc-v1',
          reason: ['spec.defaultBackend of Ingress default/catch-all'],
        },
      },
    ],
  },
  {
    name: 'ING-DEFBACKEND: defaultBackend with rules is the fallback of the hosts that Ingress defines',
    input: {
      ingresses: [
        ing('app', [rule('www.app.com', ['/app', 'Prefix', 'svc-v2'])], {
          defaultBackend: backend('svc-v1'),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      { url: 'http://www.app.com/app', expect: { status: 200, service: 'svc-v2' } },
      { url: 'http://www.app.com/zzz', expect: { status: 200, service: 'svc-v1' } },
      { url: 'http://other.com/zzz', expect: { status: 404 } },
    ],
  },
  // E3 Paths
  {
    name: 'ING-IMPLSPEC: ImplementationSpecific is treated as Prefix',
    input: {
      ingresses: [ing('a', [rule('h.com', ['/foo', 'ImplementationSpecific', 'svc-v1'])])],
      services: [V1()],
    },
    requests: [
      {
        url: 'http://h.com/foo/bar',
        expect: { status: 200, service: 'svc-v1', reason: ['path /foo (Prefix'] },
      },
      { url: 'http://h.com/foobar', expect: { status: 404 } },
    ],
  },
  {
    name: 'ING-PREFIX: Prefix /aaa matches /aaa, /aaa/, /aaa/cccc; not /aaacccc; case-sensitive',
    input: { ingresses: [ing('a', [rule('h.com', ['/aaa', 'Prefix', 'svc-v1'])])], services: [V1()] },
    requests: [
      {
        url: 'http://h.com/aaa',
        expect: { status: 200, service: 'svc-v1', reason: ['(Prefix, exact match)'] },
      },
      { url: 'http://h.com/aaa/', expect: { status: 200, service: 'svc-v1' } },
      { url: 'http://h.com/aaa/cccc', expect: { status: 200, service: 'svc-v1' } },
      { url: 'http://h.com/aaacccc', expect: { status: 404 } },
      { url: 'http://h.com/AAA', expect: { status: 404 } },
      {
        url: 'http://h.com/x/../aaa//b',
        expect: { status: 200, service: 'svc-v1', upstreamUri: '/x/../aaa//b' },
      },
    ],
  },
  {
    name: 'ING-PREFIX-SLASH: Prefix /foo/ → `/foo` gets nginx’s 301 to `/foo/` (unconfirmed in the reference)',
    input: { ingresses: [ing('a', [rule('h.com', ['/foo/', 'Prefix', 'svc-v1'])])], services: [V1()] },
    requests: [
      { url: 'http://h.com/foo', expect: { status: 301, location: '/foo/', body: NGINX_PAGES[301] } },
      { url: 'http://h.com/foo?x=1', expect: { status: 301, location: '/foo/?x=1' } },
      { url: 'http://h.com/foo/', expect: { status: 200, service: 'svc-v1' } },
      { url: 'http://h.com/foo/x', expect: { status: 200, service: 'svc-v1' } },
    ],
  },
  {
    name: 'ING-EXACT: Exact /foo matches only /foo',
    input: { ingresses: [ing('a', [rule('h.com', ['/foo', 'Exact', 'svc-v1'])])], services: [V1()] },
    requests: [
      { url: 'http://h.com/foo', expect: { status: 200, service: 'svc-v1', reason: ['path /foo (Exact)'] } },
      { url: 'http://h.com/foo?q=1', expect: { status: 200, upstreamUri: '/foo?q=1' } },
      { url: 'http://h.com/foo/', expect: { status: 404 } },
      { url: 'http://h.com/foo/bar', expect: { status: 404 } },
    ],
  },
  {
    name: 'ING-PRECEDENCE: Exact first, then the longest prefix, whatever the Ingress order',
    input: {
      ingresses: [
        ing('root', [rule('h.com', ['/', 'Prefix', 'svc-v3'])]),
        ing('prefix', [rule('h.com', ['/foo', 'Prefix', 'svc-v2'])], { t: 1 }),
        ing('exact', [rule('h.com', ['/foo', 'Exact', 'svc-v1'])], { t: 2 }),
      ],
      services: [V1(), V2(), V3()],
    },
    requests: [
      { url: 'http://h.com/foo', expect: { status: 200, service: 'svc-v1' } },
      { url: 'http://h.com/foo/bar', expect: { status: 200, service: 'svc-v2' } },
      { url: 'http://h.com/foobar', expect: { status: 200, service: 'svc-v3' } },
    ],
  },
  {
    name: 'ING-REGEX-MODE: use-regex on one Ingress turns every location of the host into ~* "^<path>"',
    input: {
      ingresses: [
        ing('plain', [rule('h.com', ['/foo', 'Prefix', 'svc-v1'])]),
        ing('regex', [rule('h.com', ['/bar.*', 'ImplementationSpecific', 'svc-v2'])], {
          t: 1,
          annotations: ann({ 'use-regex': 'true' }),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      {
        url: 'http://h.com/foobar',
        expect: { status: 200, service: 'svc-v1', reason: ['regex ~* "^/foo"'] },
      },
      { url: 'http://h.com/FOO', expect: { status: 200, service: 'svc-v1' } },
      { url: 'http://h.com/barrel', expect: { status: 200, service: 'svc-v2' } },
      { url: 'http://h.com/', expect: { status: 404 } },
    ],
  },
  {
    name: 'ING-REGEX-MODE: regex locations are tried longest path first',
    input: {
      ingresses: [
        ing('api', [rule('h.com', ['/api', 'ImplementationSpecific', 'svc-v1'])], {
          annotations: ann({ 'use-regex': 'true' }),
        }),
        ing('api-v2', [rule('h.com', ['/api/v2', 'Prefix', 'svc-v2'])], { t: 1 }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      { url: 'http://h.com/api/v2/x', expect: { status: 200, service: 'svc-v2' } },
      { url: 'http://h.com/api/v1', expect: { status: 200, service: 'svc-v1' } },
    ],
  },
  {
    name: 'ING-REWRITE: /something(/|$)(.*) with rewrite-target /$2 sends /something/new upstream as /new',
    input: {
      ingresses: [
        ing('rw', [rule('h.com', ['/something(/|$)(.*)', 'ImplementationSpecific', 'svc-v1'])], {
          annotations: ann({ 'rewrite-target': '/$2', 'use-regex': 'true' }),
        }),
      ],
      services: [V1()],
    },
    requests: [
      {
        url: 'http://h.com/something/new',
        expect: { status: 200, upstreamUri: '/new', reason: ['rewrite-target'] },
      },
      { url: 'http://h.com/something', expect: { status: 200, upstreamUri: '/' } },
      { url: 'http://h.com/something/a/b?x=1', expect: { status: 200, upstreamUri: '/a/b?x=1' } },
    ],
  },
  {
    name: 'ING-REWRITE: rewrite-target / on path /app replaces the whole URI',
    input: {
      ingresses: [
        ing('rw', [rule('h.com', ['/app', 'Prefix', 'svc-v1'])], {
          annotations: ann({ 'rewrite-target': '/' }),
        }),
      ],
      services: [V1()],
    },
    requests: [{ url: 'http://h.com/app/x?y=1', expect: { status: 200, upstreamUri: '/?y=1' } }],
  },
  // E4 Merging and conflicts
  {
    name: 'ING-ORDER: same second → namespace/name descending processes default/beta first',
    input: {
      ingresses: [
        ing('alpha', [rule('h.com', ['/', 'Prefix', 'svc-v1'])], { t: 0.2 }),
        ing('beta', [rule('h.com', ['/', 'Prefix', 'svc-v2'])], { t: 0.9 }),
      ],
      services: [V1(), V2()],
    },
    requests: [{ url: 'http://h.com/', expect: { status: 200, service: 'svc-v2', ingress: 'default/beta' } }],
    warnings: ['Ingress default/alpha: h.com/ (Prefix) is already configured by Ingress default/beta'],
  },
  {
    name: 'ING-ORDER: the older creationTimestamp is processed first; namespace is part of the tie-break key',
    input: {
      ingresses: [
        ing('beta', [rule('h.com', ['/', 'Prefix', 'svc-v2'])], { t: 1 }),
        ing('alpha', [rule('h.com', ['/', 'Prefix', 'svc-v1'])], { t: 0 }),
        ing('zzz', [rule('g.com', ['/', 'Prefix', 'svc-v1'], ['/x', 'Prefix', 'svc-v1'])], { ns: 'a' }),
        ing('aaa', [rule('g.com', ['/x', 'Prefix', 'svc-v2'])], { ns: 'b' }),
      ],
      services: [V1(), V2(), svc('svc-v1', { ns: 'a' }), svc('svc-v2', { ns: 'b' })],
    },
    requests: [
      { url: 'http://h.com/', expect: { status: 200, service: 'svc-v1', ingress: 'default/alpha' } },
      { url: 'http://g.com/x', expect: { status: 200, ingress: 'b/aaa' } },
    ],
  },
  {
    name: 'ING-FIRSTWINS: the same path with another pathType coexists',
    input: {
      ingresses: [
        ing('a', [rule('h.com', ['/foo', 'Prefix', 'svc-v1'])]),
        ing('b', [rule('h.com', ['/foo', 'Exact', 'svc-v2'])], { t: 1 }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      { url: 'http://h.com/foo', expect: { status: 200, service: 'svc-v2' } },
      { url: 'http://h.com/foo/x', expect: { status: 200, service: 'svc-v1' } },
    ],
  },
  {
    name: 'ING-UPSTREAM: upstreams are <namespace>-<service>-<port>, by number or by port name',
    input: {
      ingresses: [
        ing('a', [rule('a.com', ['/', 'Prefix', 'svc-v1'])]),
        ing('b', [rule('b.com', ['/', 'Prefix', 'svc-named', 'http'])]),
      ],
      services: [V1(), svc('svc-named', { ports: [{ name: 'http', port: 80, targetPort: 'web' }] })],
    },
    requests: [
      { url: 'http://a.com/', expect: { status: 200, upstream: 'default-svc-v1-8080' } },
      { url: 'http://b.com/', expect: { status: 200, upstream: 'default-svc-named-http' } },
    ],
  },
  {
    name: 'ING-503: a Service without ready endpoints answers 503',
    input: { ingresses: [APP()], services: [svc('svc-v1', { pods: [], notReady: 1 })] },
    requests: [
      {
        url: 'http://www.app.com/',
        expect: {
          status: 503,
          service: null,
          body: NGINX_PAGES[503],
          reason: ['503: Service default/svc-v1 has no ready endpoints', 'Ingress default/app'],
        },
      },
    ],
  },
  {
    name: 'ING-503: a missing Service, a port the Service lacks, a pod without the named targetPort',
    input: {
      ingresses: [
        ing('a', [
          rule(
            'h.com',
            ['/missing', 'Prefix', 'nope'],
            ['/port', 'Prefix', 'svc-v1', 9090],
            ['/named', 'Prefix', 'svc-named', 'http'],
          ),
        ]),
      ],
      services: [
        V1(),
        svc('svc-named', { ports: [{ name: 'http', port: 80, targetPort: 'web' }], missingNamedPort: true }),
      ],
    },
    requests: [
      {
        url: 'http://h.com/missing',
        expect: { status: 503, reason: ['Service default/nope does not exist'] },
      },
      {
        url: 'http://h.com/port',
        expect: { status: 503, reason: ['Service default/svc-v1 has no port 9090'] },
      },
      { url: 'http://h.com/named', expect: { status: 503, reason: ['has no ready endpoints'] } },
    ],
  },
  // E5 Canary
  {
    name: 'CAN-NOSERVER: a canary for a host no primary defines → 404',
    input: {
      ingresses: [
        APP(),
        ing('c', [rule('only.canary.com', ['/', 'Prefix', 'svc-v2'])], {
          annotations: canaryAnn({ 'canary-weight': '100' }),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [{ url: 'http://only.canary.com/', expect: { status: 404, reason: ['CAN-NOSERVER'] } }],
  },
  {
    name: 'CAN-MATCH: the canary path or pathType differs from the primary → no effect',
    input: {
      ingresses: [
        APP(),
        ing('c1', [rule('www.app.com', ['/x', 'Prefix', 'svc-v2'])], {
          annotations: canaryAnn({ 'canary-weight': '100' }),
        }),
        ing('c2', [rule('www.app.com', ['/', 'Exact', 'svc-v3'])], {
          annotations: canaryAnn({ 'canary-weight': '100' }),
        }),
      ],
      services: [V1(), V2(), V3()],
    },
    requests: [
      { url: 'http://www.app.com/x', expect: { status: 200, service: 'svc-v1', canary: false } },
      { url: 'http://www.app.com/', expect: { status: 200, service: 'svc-v1', canary: false } },
    ],
    warnings: [
      'upstream default-svc-v2-8080 deleted (CAN-MATCH)',
      'upstream default-svc-v3-8080 deleted (CAN-MATCH)',
    ],
  },
  {
    name: 'CAN-SAMESVC: a canary backend equal to the primary is ignored',
    input: {
      ingresses: [
        APP(),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v1'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-weight': '100' }),
        }),
      ],
      services: [V1()],
    },
    requests: [{ url: 'http://www.app.com/', expect: { status: 200, service: 'svc-v1', canary: false } }],
    warnings: ['CAN-SAMESVC'],
  },
  {
    name: 'CAN-ONE: two canaries for one primary → only the first merged (first in ING-ORDER) is used',
    input: {
      ingresses: [
        APP(),
        ing('c-late', [rule('www.app.com', ['/', 'Prefix', 'svc-v3'])], {
          t: 9,
          annotations: canaryAnn({ 'canary-weight': '100' }),
        }),
        ing('c-early', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 5,
          annotations: canaryAnn({ 'canary-weight': '100' }),
        }),
      ],
      services: [V1(), V2(), V3()],
    },
    requests: [
      { url: 'http://www.app.com/', draw: 100, expect: { status: 200, service: 'svc-v2', canary: true } },
    ],
  },
  {
    name: 'CAN-UPSTREAM-SCOPE: every host proxying to the primary Service is split as well',
    input: {
      ingresses: [
        APP(),
        ing('other', [rule('other.com', ['/', 'Prefix', 'svc-v1'])]),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-weight': '100' }),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [{ url: 'http://other.com/', expect: { status: 200, service: 'svc-v2', canary: true } }],
  },
  {
    name: 'CAN-SVC-REUSE: canary Service already used by an older non-canary Ingress → the canary never routes',
    input: {
      ingresses: [
        ing('uses-v2', [rule('other.com', ['/', 'Prefix', 'svc-v2'])]),
        APP(1),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 2,
          annotations: canaryAnn({ 'canary-weight': '100' }),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      {
        url: 'http://www.app.com/',
        draw: 1,
        expect: { status: 200, service: 'svc-v1', canary: false, reason: ['CAN-SVC-REUSE'] },
      },
    ],
  },
  {
    name: 'CAN-SVC-REUSE: canary older than a non-canary Ingress of the same Service → that path is not created',
    input: {
      ingresses: [
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          annotations: canaryAnn({ 'canary-weight': '100' }),
        }),
        APP(1),
        ing('uses-v2', [rule('other.com', ['/', 'Prefix', 'svc-v2'])], { t: 2 }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      { url: 'http://other.com/', expect: { status: 404 } },
      { url: 'http://www.app.com/', draw: 100, expect: { status: 200, service: 'svc-v2', canary: true } },
    ],
  },
  {
    name: 'CAN-ANNOTATIONS: other annotations of a canary Ingress are ignored (no rewrite, no regex mode)',
    input: {
      ingresses: [
        APP(),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-weight': '100', 'rewrite-target': '/x', 'use-regex': 'true' }),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      { url: 'http://www.app.com/a/b', expect: { status: 200, service: 'svc-v2', upstreamUri: '/a/b' } },
      { url: 'http://www.app.com/A', expect: { status: 200, reason: ['path / (Prefix) →'] } },
    ],
  },
  {
    name: 'CAN-PARSE: canary-weight "abc" is invalid → 0 (logged); "150" of 100 → always canary',
    input: {
      ingresses: [
        APP(),
        ing('other', [rule('other.com', ['/', 'Prefix', 'svc-x'])]),
        ing('c-abc', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-weight': 'abc' }),
        }),
        ing('c-150', [rule('other.com', ['/', 'Prefix', 'svc-v3'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-weight': '150' }),
        }),
      ],
      services: [V1(), V2(), V3(), svc('svc-x')],
    },
    requests: [
      {
        url: 'http://www.app.com/',
        draw: 1,
        expect: {
          status: 200,
          service: 'svc-v1',
          reason: ['random draw in 1..100 fell above canary-weight 0'],
        },
      },
      {
        url: 'http://other.com/',
        draw: 100,
        expect: { status: 200, service: 'svc-v3', reason: ['fell at or below canary-weight 150'] },
      },
    ],
    warnings: ['canary-weight "abc" is invalid, using 0'],
  },
  {
    name: 'CAN-PARSE: canary-weight-total above 100 is used; below 100 it is ignored',
    input: {
      ingresses: [
        APP(),
        ing('other', [rule('other.com', ['/', 'Prefix', 'svc-x'])]),
        ing('c-1000', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-weight': '100', 'canary-weight-total': '200' }),
        }),
        ing('c-50', [rule('other.com', ['/', 'Prefix', 'svc-v3'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-weight': '60', 'canary-weight-total': '50' }),
        }),
      ],
      services: [V1(), V2(), V3(), svc('svc-x')],
    },
    requests: [
      {
        url: 'http://www.app.com/',
        draw: 100,
        expect: { status: 200, service: 'svc-v2', reason: ['in 1..200'] },
      },
      { url: 'http://www.app.com/', draw: 101, expect: { status: 200, service: 'svc-v1' } },
      {
        url: 'http://other.com/',
        draw: 70,
        expect: { status: 200, service: 'svc-x', reason: ['in 1..100 fell above canary-weight 60'] },
      },
    ],
  },
  {
    name: 'CAN-PARSE: canary sub-annotations without canary: "true" → a normal Ingress (configured but not enabled)',
    input: {
      ingresses: [
        APP(),
        ing('not-enabled', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: ann({ canary: 'yes', 'canary-weight': '100' }),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [{ url: 'http://www.app.com/', draw: 1, expect: { status: 200, service: 'svc-v1' } }],
    warnings: ['configured but not enabled', 'is already configured by Ingress default/app'],
  },
  {
    name: 'CAN-HEADER: canary-by-header-value: exact, case-sensitive value; header name case-insensitive',
    input: {
      ingresses: [
        APP(),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-by-header': 'X-Canary', 'canary-by-header-value': 'yes' }),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      {
        url: 'http://www.app.com/',
        headers: { 'X-Canary': 'yes' },
        expect: { status: 200, service: 'svc-v2', reason: ['canary by header X-Canary=yes'] },
      },
      {
        url: 'http://www.app.com/',
        headers: { 'x-canary': 'yes' },
        expect: { status: 200, service: 'svc-v2' },
      },
      {
        url: 'http://www.app.com/',
        headers: { 'X-Canary': 'YES' },
        expect: { status: 200, service: 'svc-v1' },
      },
      {
        url: 'http://www.app.com/',
        headers: { X_Canary: 'yes' },
        expect: { status: 200, service: 'svc-v1' },
      },
      {
        url: 'http://www.app.com/',
        headers: { 'X-Canary': 'always' },
        expect: { status: 200, service: 'svc-v1' },
      },
    ],
  },
  {
    name: 'CAN-HEADER: plain header mode: always → canary; never → primary at once (weight 100 not consulted)',
    input: {
      ingresses: [
        APP(),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-by-header': 'X-Canary', 'canary-weight': '100' }),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      {
        url: 'http://www.app.com/',
        headers: { 'X-Canary': 'always' },
        expect: { status: 200, service: 'svc-v2' },
      },
      {
        url: 'http://www.app.com/',
        headers: { 'X-Canary': 'never' },
        draw: 1,
        expect: { status: 200, service: 'svc-v1', reason: ['primary: header X-Canary=never'] },
      },
      {
        url: 'http://www.app.com/',
        headers: { 'X-Canary': 'other' },
        draw: 50,
        expect: { status: 200, service: 'svc-v2', reason: ['canary by weight'] },
      },
    ],
  },
  {
    name: 'CAN-HEADER: canary-by-header-pattern matches by regex; a regex error → primary at once',
    input: {
      ingresses: [
        APP(),
        ing('other', [rule('other.com', ['/', 'Prefix', 'svc-x'])]),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({
            'canary-by-header': 'Accept-Language',
            'canary-by-header-pattern': '^k[rR]$',
          }),
        }),
        ing('c-bad', [rule('other.com', ['/', 'Prefix', 'svc-v3'])], {
          t: 1,
          annotations: canaryAnn({
            'canary-by-header': 'X-Canary',
            'canary-by-header-pattern': '(',
            'canary-weight': '100',
          }),
        }),
      ],
      services: [V1(), V2(), V3(), svc('svc-x')],
    },
    requests: [
      {
        url: 'http://www.app.com/',
        headers: { 'Accept-Language': 'kR' },
        expect: { status: 200, service: 'svc-v2' },
      },
      {
        url: 'http://www.app.com/',
        headers: { 'Accept-Language': 'en' },
        expect: { status: 200, service: 'svc-v1' },
      },
      {
        url: 'http://other.com/',
        headers: { 'X-Canary': 'anything' },
        draw: 1,
        expect: { status: 200, service: 'svc-x', reason: ['canary-by-header-pattern "("'] },
      },
      { url: 'http://other.com/', draw: 1, expect: { status: 200, service: 'svc-v3' } },
    ],
  },
  {
    name: 'CAN-COOKIE: always → canary, never → primary (before the weight); cookie names case-insensitive',
    input: {
      ingresses: [
        APP(),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-by-cookie': 'canary', 'canary-weight': '50' }),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      {
        url: 'http://www.app.com/',
        cookies: { canary: 'always' },
        expect: { status: 200, service: 'svc-v2' },
      },
      {
        url: 'http://www.app.com/',
        cookies: { Canary: 'always' },
        expect: { status: 200, service: 'svc-v2' },
      },
      {
        url: 'http://www.app.com/',
        headers: { Cookie: 'a=b; canary=always' },
        expect: { status: 200, service: 'svc-v2', reason: ['canary by cookie canary=always'] },
      },
      {
        url: 'http://www.app.com/',
        cookies: { canary: 'never' },
        draw: 1,
        expect: { status: 200, service: 'svc-v1' },
      },
      {
        url: 'http://www.app.com/',
        cookies: { canary: 'x' },
        draw: 1,
        expect: { status: 200, service: 'svc-v2' },
      },
    ],
  },
  {
    name: 'CAN-ORDER: header, then cookie, then weight',
    input: {
      ingresses: [
        APP(),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-by-header': 'X-Canary', 'canary-by-cookie': 'canary' }),
        }),
      ],
      services: [V1(), V2()],
    },
    requests: [
      {
        url: 'http://www.app.com/',
        headers: { 'X-Canary': 'never' },
        cookies: { canary: 'always' },
        expect: { status: 200, service: 'svc-v1' },
      },
      {
        url: 'http://www.app.com/',
        headers: { 'X-Canary': 'always' },
        cookies: { canary: 'never' },
        expect: { status: 200, service: 'svc-v2' },
      },
    ],
  },
  {
    name: 'CAN-ENDPOINTS: canary without endpoints → primary; primary without endpoints → 503 even for the canary',
    input: {
      ingresses: [
        APP(),
        ing('other', [rule('other.com', ['/', 'Prefix', 'svc-x'])]),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-by-header': 'X-Canary' }),
        }),
        ing('c2', [rule('other.com', ['/', 'Prefix', 'svc-v3'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-by-header': 'X-Canary' }),
        }),
      ],
      services: [V1(), svc('svc-v2', { pods: [] }), V3(), svc('svc-x', { pods: [] })],
    },
    requests: [
      {
        url: 'http://www.app.com/',
        headers: { 'X-Canary': 'always' },
        expect: {
          status: 200,
          service: 'svc-v1',
          reason: ['primary: canary Service default/svc-v2 has no ready endpoints'],
        },
      },
      {
        url: 'http://other.com/',
        headers: { 'X-Canary': 'always' },
        expect: {
          status: 503,
          reason: ['Service default/svc-x has no ready endpoints', 'canary is not consulted'],
        },
      },
    ],
  },
  // E6 TLS and redirects
  {
    name: 'TLS-CERT: the Secret of the tls entry listing the host is served over HTTPS',
    input: {
      ingresses: [
        ing('https', [rule('www.https.com', ['/', 'Prefix', 'svc-https'])], {
          tls: [{ hosts: ['WWW.HTTPS.COM'], secretName: 'secret-https' }],
        }),
      ],
      services: [svc('svc-https')],
      secrets: [secret('secret-https')],
    },
    requests: [
      {
        url: 'https://www.https.com/hostname',
        expect: {
          status: 200,
          service: 'svc-https',
          tls: REAL,
          reason: ['TLS: certificate of Secret default/secret-https'],
        },
      },
    ],
  },
  {
    name: 'TLS-CERT: a tls entry without hosts is used when its certificate’s CN covers the host',
    input: {
      ingresses: [
        ing('https', [rule('www.https.com', ['/', 'Prefix', 'svc-https'])], {
          tls: [{ secretName: 'secret-https' }],
        }),
      ],
      services: [svc('svc-https')],
      secrets: [secret('secret-https')],
    },
    requests: [{ url: 'https://www.https.com/', expect: { status: 200, tls: REAL } }],
  },
  {
    name: 'TLS-CERT: missing Secret, invalid certificate, certificate for another host → fake certificate',
    input: {
      ingresses: [
        ing('a', [rule('a.com', ['/', 'Prefix', 'svc-v1'])], {
          tls: [{ hosts: ['a.com'], secretName: 'nope' }],
        }),
        ing('b', [rule('b.com', ['/', 'Prefix', 'svc-v1'])], {
          tls: [{ hosts: ['b.com'], secretName: 'bad' }],
        }),
        ing('c', [rule('c.com', ['/', 'Prefix', 'svc-v1'])], {
          tls: [{ hosts: ['c.com'], secretName: 'secret-https' }],
        }),
      ],
      services: [V1()],
      secrets: [secret('bad', 'not a certificate', 'not a key'), secret('secret-https')],
    },
    requests: [
      {
        url: 'https://a.com/',
        expect: { status: 200, tls: FAKE, reason: ['Secret default/nope does not exist'] },
      },
      { url: 'https://b.com/', expect: { status: 200, tls: FAKE, reason: ['not a valid PEM certificate'] } },
      {
        url: 'https://c.com/',
        expect: { status: 200, tls: FAKE, reason: ['names neither SAN nor CN c.com'] },
      },
    ],
  },
  {
    name: 'TLS-CERT: the first Ingress (processing order) with a rule for the host and a tls section decides',
    input: {
      ingresses: [
        ing('no-tls', [rule('www.https.com', ['/a', 'Prefix', 'svc-v1'])]),
        ing('with-tls', [rule('www.https.com', ['/b', 'Prefix', 'svc-v1'])], {
          t: 1,
          tls: [{ hosts: ['www.https.com'], secretName: 'secret-https' }],
        }),
        ing('later', [rule('www.https.com', ['/c', 'Prefix', 'svc-v1'])], {
          t: 2,
          tls: [{ hosts: ['www.https.com'], secretName: 'nope' }],
        }),
      ],
      services: [V1()],
      secrets: [secret('secret-https')],
    },
    requests: [{ url: 'https://www.https.com/c', expect: { status: 200, tls: REAL } }],
  },
  {
    name: 'TLS-REDIRECT: HTTP → 308 https://<host><uri>, one trailing slash stripped, query kept, before 503',
    input: {
      ingresses: [
        ing('https', [rule('www.https.com', ['/', 'Prefix', 'svc-https'])], {
          tls: [{ hosts: ['www.https.com'], secretName: 'secret-https' }],
        }),
      ],
      services: [svc('svc-https', { pods: [] })],
      secrets: [secret('secret-https')],
    },
    requests: [
      {
        url: 'http://www.https.com/',
        expect: {
          status: 308,
          location: 'https://www.https.com',
          body: NGINX_PAGES[308],
          reason: ['308: TLS host www.https.com redirects HTTP to HTTPS (ssl-redirect)'],
        },
      },
      { url: 'http://www.https.com:30431/a/', expect: { status: 308, location: 'https://www.https.com/a' } },
      {
        url: 'http://www.https.com/a/?q=1',
        expect: { status: 308, location: 'https://www.https.com/a/?q=1' },
      },
      { url: 'https://www.https.com/a', expect: { status: 503, tls: REAL } },
    ],
  },
  {
    name: 'TLS-REDIRECT: a missing Secret still redirects (fake certificate); paths no rule matches redirect too',
    input: {
      ingresses: [
        ing('https', [rule('www.https.com', ['/app', 'Prefix', 'svc-https'])], {
          tls: [{ hosts: ['www.https.com'], secretName: 'secret-https' }],
        }),
      ],
      services: [svc('svc-https')],
    },
    requests: [
      { url: 'http://www.https.com/app', expect: { status: 308, location: 'https://www.https.com/app' } },
      { url: 'http://www.https.com/zzz', expect: { status: 308, location: 'https://www.https.com/zzz' } },
      { url: 'https://www.https.com/zzz', expect: { status: 404, tls: FAKE } },
    ],
  },
  {
    name: 'TLS-REDIRECT: preserve-trailing-slash; ssl-redirect "false"; a /.well-known/acme-challenge location',
    input: {
      ingresses: [
        ing('keep', [rule('keep.com', ['/', 'Prefix', 'svc-v1'])], {
          tls: [{ hosts: ['keep.com'], secretName: 'secret-https' }],
          annotations: ann({ 'preserve-trailing-slash': 'true' }),
        }),
        ing('off', [rule('off.com', ['/', 'Prefix', 'svc-v1'])], {
          tls: [{ hosts: ['off.com'], secretName: 'secret-https' }],
          annotations: ann({ 'ssl-redirect': 'false' }),
        }),
        ing(
          'acme',
          [rule('acme.com', ['/', 'Prefix', 'svc-v1'], ['/.well-known/acme-challenge', 'Prefix', 'svc-v2'])],
          {
            tls: [{ hosts: ['acme.com'], secretName: 'secret-https' }],
          },
        ),
      ],
      services: [V1(), V2()],
      secrets: [secret('secret-https')],
    },
    requests: [
      { url: 'http://keep.com/a/', expect: { status: 308, location: 'https://keep.com/a/' } },
      { url: 'http://off.com/a/', expect: { status: 200, service: 'svc-v1' } },
      { url: 'http://acme.com/.well-known/acme-challenge/tok', expect: { status: 200, service: 'svc-v2' } },
      { url: 'http://acme.com/.well-known/other', expect: { status: 308 } },
    ],
  },
  {
    name: 'TLS-NOTLS: no tls section → no redirect; HTTPS still answers with the fake certificate',
    input: { ingresses: [APP()], services: [V1()] },
    requests: [
      { url: 'http://www.app.com/', expect: { status: 200, tls: null } },
      { url: 'https://www.app.com/', expect: { status: 200, tls: FAKE } },
    ],
  },
  {
    name: 'TLS-FORCE: force-ssl-redirect redirects HTTP without any tls section',
    input: {
      ingresses: [
        ing('f', [rule('www.app.com', ['/', 'Prefix', 'svc-v1'])], {
          annotations: ann({ 'force-ssl-redirect': 'true' }),
        }),
      ],
      services: [V1()],
    },
    requests: [
      {
        url: 'http://www.app.com/x',
        expect: {
          status: 308,
          location: 'https://www.app.com/x',
          reason: ['force-ssl-redirect on Ingress default/f'],
        },
      },
    ],
  },
  {
    name: 'PORTS: NodePort 30431 is HTTP, 30798 is HTTPS; plain HTTP to the HTTPS port → 400; TLS to 30431 fails',
    input: { ingresses: [APP()], services: [V1()] },
    requests: [
      { url: 'http://www.app.com:30431/', expect: { status: 200, tls: null } },
      { url: 'https://www.app.com:30798/', expect: { status: 200, tls: FAKE } },
      { url: 'http://www.app.com:30798/', expect: { status: 400, body: NGINX_PAGES.plainHttpToHttps } },
      { url: 'https://www.app.com:30431/', expect: { status: 0, reason: ['TLS handshake'] } },
    ],
  },
];

function check(res: RoutedResponse, e: Expect, what: string): void {
  assert.equal(res.status, e.status, `${what}: status (${res.reason})`);
  if (e.service !== undefined) assert.equal(res.service, e.service, `${what}: service (${res.reason})`);
  if (e.pod !== undefined) assert.equal(res.pod, e.pod, `${what}: pod`);
  if (e.canary !== undefined) assert.equal(res.canary, e.canary, `${what}: canary (${res.reason})`);
  if (e.location !== undefined) assert.equal(res.location, e.location, `${what}: Location`);
  if (e.tls !== undefined) assert.deepEqual(res.tls, e.tls, `${what}: tls (${res.reason})`);
  if (e.upstreamUri !== undefined) assert.equal(res.upstreamUri, e.upstreamUri, `${what}: upstream URI`);
  if (e.upstream !== undefined) assert.equal(res.upstream, e.upstream, `${what}: upstream`);
  if (e.ingress !== undefined) assert.equal(res.ingress, e.ingress, `${what}: ingress`);
  if (e.body !== undefined) assert.equal(res.body, e.body, `${what}: body`);
  for (const s of e.reason ?? [])
    assert.ok(res.reason.includes(s), `${what}: reason «${res.reason}» lacks «${s}»`);
}

describe('ingress-nginx rules (reference section E)', () => {
  for (const row of ROWS) {
    test(row.name, () => {
      const cfg = config(row.input, row.opts);
      for (const r of row.requests)
        check(send(cfg, r.url, r), r.expect, `${r.url} ${JSON.stringify(r.headers ?? {})}`);
      for (const w of row.warnings ?? [])
        assert.ok(
          cfg.warnings.some((x) => x.includes(w)),
          `warning «${w}» missing in ${JSON.stringify(cfg.warnings)}`,
        );
    });
  }

  test('ING-SERVER / ING-UPSTREAM: one server per host, one upstream per service port shared by hosts', () => {
    const cfg = config({
      ingresses: [
        ing('a', [rule('www.app.com', ['/a', 'Prefix', 'svc-v1'])]),
        ing('b', [
          rule('www.app.com', ['/b', 'Prefix', 'svc-v1']),
          rule('other.com', ['/', 'Prefix', 'svc-v1']),
        ]),
      ],
      services: [V1()],
    });
    assert.deepEqual([...cfg.servers.keys()].sort(), ['other.com', 'www.app.com']);
    assert.deepEqual([...cfg.upstreams.keys()], ['default-svc-v1-8080']);
  });

  test('ING-CLASS-BOTH: the API server rejects ingressClassName together with the class annotation', () => {
    const yaml = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: both
  annotations:
    kubernetes.io/ingress.class: nginx
spec:
  ingressClassName: nginx
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: svc
            port:
              number: 80
`;
    const r = validateDoc(loadManifestText(yaml, 'both.yaml')[0]);
    assert.equal(r.ok, false);
    if (r.ok === false)
      assert.match(
        r.rejection.message,
        /annotations\.kubernetes\.io\/ingress\.class: Invalid value: "nginx": can not be set when the class field is also set/,
      );
  });
});

// ---------------------------------------------------------------------------------------------
// Validating webhook

function manifest(name: string, spec: IngressObject['spec'], annotations?: Record<string, string>): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: { ingressClassName: 'nginx', ...spec },
  };
}

describe('ingress-nginx admission webhook', () => {
  const existing = [APP(), ing('any', [rule(null, ['/shop', 'Prefix', 'svc-v1'])])];
  const rows: Array<{ name: string; m: Manifest; installed?: boolean; expect: string | null }> = [
    {
      name: 'ING-WEBHOOK: a second non-canary Ingress with the same host and path is denied',
      m: manifest('app2', { rules: [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])] }),
      expect:
        'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: host "www.app.com" and path "/" is already defined in ingress default/app',
    },
    {
      name: 'ING-WEBHOOK: host-less rules are checked as host "_"',
      m: manifest('shop2', { rules: [rule(null, ['/shop', 'Prefix', 'svc-v2'])] }),
      expect:
        'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: host "_" and path "/shop" is already defined in ingress default/any',
    },
    {
      name: 'ING-WEBHOOK: the same path with another pathType is allowed (both locations exist)',
      m: manifest('shop3', { rules: [rule(null, ['/shop', 'Exact', 'svc-v2'])] }),
      expect: null,
    },
    {
      name: 'ING-WEBHOOK: a canary for the same host and path is allowed',
      m: manifest('c', { rules: [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])] }, { [CANARY]: 'true' }),
      expect: null,
    },
    {
      name: 'ING-WEBHOOK: another path, or re-applying the same Ingress, is allowed',
      m: manifest('app', { rules: [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])] }),
      expect: null,
    },
    {
      name: 'ING-WEBHOOK: only the first path some location serves decides (checkOverlap returns there)',
      m: manifest('app3', {
        rules: [rule('www.app.com', ['/new', 'Prefix', 'svc-v2'], ['/', 'Prefix', 'svc-v2'])],
      }),
      expect: null,
    },
    {
      name: 'ING-WEBHOOK: nothing is checked when the controller is not installed',
      m: manifest('app2', { rules: [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])] }),
      installed: false,
      expect: null,
    },
    {
      name: 'ING-WEBHOOK: an Ingress of another class is not checked',
      m: manifest('app2', {
        ingressClassName: 'other',
        rules: [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])],
      }),
      expect: null,
    },
    {
      name: 'ING-STRICTPATH: regex characters in a Prefix path are denied',
      m: manifest('re', { rules: [rule('re.com', ['/foo(.*)', 'Prefix', 'svc-v2'])] }),
      expect:
        'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: ingress contains invalid paths: path /foo(.*) cannot be used with pathType Prefix',
    },
    {
      name: 'ING-WEBHOOK: snippet annotations are denied (allow-snippet-annotations is false)',
      m: manifest(
        's',
        { rules: [rule('s.com', ['/', 'Prefix', 'svc-v2'])] },
        { 'nginx.ingress.kubernetes.io/configuration-snippet': 'return 200;' },
      ),
      expect:
        'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: nginx.ingress.kubernetes.io/configuration-snippet annotation cannot be used. Snippet directives are disabled by the Ingress administrator',
    },
  ];
  for (const row of rows)
    test(row.name, () =>
      assert.equal(admitIngress(row.m, existing, row.installed ?? true, [NGINX_CLASS]), row.expect),
    );
});

// ---------------------------------------------------------------------------------------------
// The seed course's practice (shared/seed/ingress-practice.yaml)

const seedServices = (): ServiceObject[] => [
  svc('svc-shopping', { pods: ['pod-shopping'] }),
  svc('svc-customer', { pods: ['pod-customer'] }),
  svc('svc-order', { pods: ['pod-order'] }),
  svc('svc-v1', { pods: ['pod-v1'] }),
  svc('svc-v2', { pods: ['pod-v2'] }),
  svc('svc-https', { pods: ['pod-https'] }),
];
const seedLoadBalancing = (): IngressObject =>
  ing('service-loadbalancing', [
    rule(
      null,
      ['/', 'Prefix', 'svc-shopping'],
      ['/customer', 'Prefix', 'svc-customer'],
      ['/order', 'Prefix', 'svc-order'],
    ),
  ]);
const seedApp = (t = 0): IngressObject => ing('app', [rule('www.app.com', ['/', 'Prefix', 'svc-v1'])], { t });
const seedCanaryV2 = (t = 0): IngressObject =>
  ing('canary-v2', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
    t,
    annotations: canaryAnn({ 'canary-weight': '10' }),
  });
const seedCanaryKr = (t = 0): IngressObject =>
  ing('canary-kr', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
    t,
    annotations: canaryAnn({ 'canary-by-header': 'Accept-Language', 'canary-by-header-value': 'kr' }),
  });
const seedHttps = (className: string | null = 'nginx'): IngressObject =>
  ing('https', [rule('www.https.com', ['/', 'Prefix', 'svc-https'])], {
    className,
    tls: [{ hosts: ['www.https.com'], secretName: 'secret-https' }],
  });

/** Sends `n` requests with the seeded draw and counts answers by service. */
function countServices(
  cfg: NginxConfig,
  url: string,
  n: number,
  seed: number,
  o: Send = {},
): Map<string, number> {
  const prng = new Prng(seed);
  const draw = (total: number): number => 1 + prng.int(total);
  const req = { url, method: 'GET', headers: o.headers ?? {}, cookies: o.cookies ?? {} };
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = routeRequest(cfg, req, draw, first);
    const key = r.service ?? String(r.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('seed: Ingress practice', () => {
  test('2. path-based routing: / shopping, /customer, /order by prefix, /customerX → shopping', () => {
    const cfg = config({ ingresses: [seedLoadBalancing()], services: seedServices() });
    const cases: Array<[string, string]> = [
      ['http://192.168.56.30:30431/', 'svc-shopping'],
      ['http://192.168.56.30:30431/customer', 'svc-customer'],
      ['http://192.168.56.30:30431/order', 'svc-order'],
      ['http://192.168.56.30:30431/order/list', 'svc-order'],
      ['http://192.168.56.30:30431/customerX', 'svc-shopping'],
    ];
    for (const [url, service] of cases) {
      const r = send(cfg, url);
      assert.equal(r.service, service, `${url}: ${r.reason}`);
    }
    assert.ok(
      send(cfg, 'http://192.168.56.30:30431/customer').reason.includes(
        'Ingress default/service-loadbalancing, any host, path /customer (Prefix, exact match)',
      ),
    );
  });

  test('3. canary-v2 weight 10: 100,000 seeded requests give v2 10 % ± 0.5 pp', () => {
    // Binomial sd at p = 0.1, n = 1e5: sqrt(0.1 · 0.9 / 1e5) = 0.095 pp, so ±0.5 pp is more than 5 sd.
    const cfg = config({ ingresses: [seedApp(0), seedCanaryV2(60)], services: seedServices() });
    const n = 100_000;
    const counts = countServices(cfg, 'http://www.app.com:30431/version', n, 7);
    const v2 = counts.get('svc-v2') ?? 0;
    assert.equal(v2 + (counts.get('svc-v1') ?? 0), n);
    assert.ok(Math.abs(v2 / n - 0.1) <= 0.005, `share of v2 ${(v2 / n) * 100} %`);
    assert.ok(
      send(cfg, 'http://www.app.com/version', { draw: 7 }).reason.includes(
        'canary by weight: random draw in 1..100 fell at or below canary-weight 10',
      ),
    );
    assert.ok(
      send(cfg, 'http://www.app.com/version', { draw: 57 }).reason.includes(
        'primary: random draw in 1..100 fell above canary-weight 10',
      ),
    );
  });

  test('3. canary-kr: Accept-Language: kr → 100 % v2; value case-sensitive, header name not', () => {
    const cfg = config({ ingresses: [seedApp(0), seedCanaryKr(60)], services: seedServices() });
    const kr = countServices(cfg, 'http://www.app.com:30431/version', 1000, 1, {
      headers: { 'Accept-Language': 'kr' },
    });
    assert.deepEqual([...kr], [['svc-v2', 1000]]);
    assert.ok(
      send(cfg, 'http://www.app.com/version', { headers: { 'Accept-Language': 'kr' } }).reason.includes(
        'canary by header Accept-Language=kr',
      ),
    );
    assert.equal(
      send(cfg, 'http://www.app.com/', { headers: { 'Accept-language': 'KR' } }).service,
      'svc-v1',
    );
    assert.equal(
      send(cfg, 'http://www.app.com/', { headers: { 'accept-language': 'kr' } }).service,
      'svc-v2',
    );
    const none = countServices(cfg, 'http://www.app.com/', 1000, 1);
    assert.deepEqual([...none], [['svc-v1', 1000]]);
  });

  test('CAN-ONE (seed): canary-v2 and canary-kr share upstream default-svc-v2-8080; the first processed sets its policy', () => {
    // Applied together (same second): ING-ORDER puts default/canary-v2 before default/canary-kr (name
    // descending), so canary-v2 creates the upstream: weight 10 applies and the kr header is not special.
    const together = config({
      ingresses: [seedApp(), seedCanaryV2(), seedCanaryKr()],
      services: seedServices(),
    });
    assert.equal(together.upstreams.get('default-svc-v2-8080')?.policy?.ingress, 'default/canary-v2');
    assert.equal(
      send(together, 'http://www.app.com/', { headers: { 'Accept-Language': 'kr' }, draw: 50 }).service,
      'svc-v1',
    );
    // canary-kr created first: its header policy is the one used; weight is 0.
    const krFirst = config({
      ingresses: [seedApp(0), seedCanaryKr(10), seedCanaryV2(20)],
      services: seedServices(),
    });
    assert.equal(
      send(krFirst, 'http://www.app.com/', { headers: { 'Accept-Language': 'kr' } }).service,
      'svc-v2',
    );
    assert.equal(send(krFirst, 'http://www.app.com/', { draw: 1 }).service, 'svc-v1');
  });

  test('4. TLS with secret-https: HTTPS serves the Secret; HTTP gets 308 to https', () => {
    const cfg = config({
      ingresses: [seedHttps()],
      services: seedServices(),
      secrets: [secret('secret-https')],
    });
    const https = send(cfg, 'https://www.https.com:30798/hostname');
    assert.equal(https.status, 200);
    assert.equal(https.service, 'svc-https');
    assert.deepEqual(https.tls, REAL);
    const http = send(cfg, 'http://www.https.com:30431/hostname');
    assert.equal(http.status, 308);
    assert.equal(http.location, 'https://www.https.com/hostname');
    assert.equal(http.tls, null);
    assert.ok(http.reason.startsWith('308: TLS host www.https.com redirects HTTP to HTTPS (ssl-redirect)'));
  });

  test('4. TLS without the Secret: fake certificate, and HTTP still redirects', () => {
    const cfg = config({ ingresses: [seedHttps()], services: seedServices() });
    assert.deepEqual(send(cfg, 'https://www.https.com:30798/hostname').tls, FAKE);
    assert.equal(send(cfg, 'http://www.https.com:30431/hostname').status, 308);
  });

  test('ingressClassName missing → the Ingress is ignored (404)', () => {
    const cfg = config({
      ingresses: [seedHttps(null)],
      services: seedServices(),
      secrets: [secret('secret-https')],
    });
    const r = send(cfg, 'http://www.https.com/hostname');
    assert.equal(r.status, 404);
    assert.ok(r.reason.includes('Ingress default/https has a rule for it but is not served'));
    assert.deepEqual(
      cfg.ignored.map((i) => i.ingress),
      ['default/https'],
    );
  });

  test('weight 0 never routes to the canary; header `never` never does', () => {
    const zero = config({
      ingresses: [
        seedApp(0),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-weight': '0' }),
        }),
      ],
      services: seedServices(),
    });
    assert.deepEqual([...countServices(zero, 'http://www.app.com/', 10_000, 3)], [['svc-v1', 10_000]]);
    const never = config({
      ingresses: [
        seedApp(0),
        ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
          t: 1,
          annotations: canaryAnn({ 'canary-by-header': 'X-Canary', 'canary-weight': '100' }),
        }),
      ],
      services: seedServices(),
    });
    const counts = countServices(never, 'http://www.app.com/', 10_000, 3, {
      headers: { 'X-Canary': 'never' },
    });
    assert.deepEqual([...counts], [['svc-v1', 10_000]]);
  });
});

// ---------------------------------------------------------------------------------------------
// The controller inside a simulation: sync on changes, round-robin (ING-LB)

describe('IngressNginxController', () => {
  test('ING-LB: endpoints are used round-robin; a Service change rebuilds the config', () => {
    const sim = new Sim(DEFAULT_CLUSTER, 1);
    const ctl = new IngressNginxController(sim);
    sim.register(ctl);
    const service = svc('svc-v1', { pods: ['a', 'b', 'c'] });
    sim.store.add(service);
    sim.store.add(APP());
    sim.settle(10);
    const req = { url: 'http://www.app.com/', method: 'GET', headers: {}, cookies: {} };
    assert.deepEqual(
      Array.from({ length: 4 }, () => ctl.handle(req).pod),
      ['a', 'b', 'c', 'a'],
    );
    for (const e of service.endpoints) e.ready = false;
    sim.store.changed(service);
    sim.settle(10);
    assert.equal(ctl.handle(req).status, 503);
  });

  test('the weight draw uses sim.rng: the same seed gives the same answers', () => {
    const run = (seed: number): string[] => {
      const sim = new Sim(DEFAULT_CLUSTER, seed);
      const ctl = new IngressNginxController(sim);
      sim.register(ctl);
      for (const s of seedServices()) sim.store.add(s);
      sim.store.add(seedApp(0));
      sim.store.add(seedCanaryV2(60));
      sim.settle(10);
      const req = { url: 'http://www.app.com/', method: 'GET', headers: {}, cookies: {} };
      return Array.from({ length: 200 }, () => ctl.handle(req).service ?? '');
    };
    assert.deepEqual(run(5), run(5));
    assert.ok(run(5).includes('svc-v2'));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

describe('canary properties', () => {
  const headerArb = fc.dictionary(
    fc.constantFrom('Accept', 'User-Agent', 'X-Other', 'X-Canary', 'x-canary'),
    fc.constantFrom('always', 'never', 'kr', ''),
    { maxKeys: 3 },
  );

  test('counts always add up to the number of requests', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 300 }),
        fc.integer({ min: -5, max: 400 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer(),
        headerArb,
        (weight, total, n, seed, headers) => {
          const cfg = config({
            ingresses: [
              seedApp(0),
              ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
                t: 1,
                annotations: canaryAnn({
                  'canary-weight': String(weight),
                  'canary-weight-total': String(total),
                  'canary-by-header': 'X-Canary',
                }),
              }),
            ],
            services: seedServices(),
          });
          const counts = countServices(cfg, 'http://www.app.com/', n, seed, { headers });
          let sum = 0;
          for (const [k, v] of counts) {
            assert.ok(k === 'svc-v1' || k === 'svc-v2', k);
            sum += v;
          }
          assert.equal(sum, n);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('weight 0 and no canary header or cookie → never canary', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.dictionary(fc.constantFrom('Accept', 'User-Agent', 'X-Other'), fc.string(), { maxKeys: 3 }),
        fc.dictionary(fc.constantFrom('session', 'theme'), fc.constantFrom('always', 'never', 'x')),
        (total, draw, headers, cookies) => {
          const cfg = config({
            ingresses: [
              seedApp(0),
              ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
                t: 1,
                annotations: canaryAnn({
                  'canary-weight': '0',
                  'canary-weight-total': String(total),
                  'canary-by-header': 'X-Canary',
                  'canary-by-cookie': 'canary',
                }),
              }),
            ],
            services: seedServices(),
          });
          const r = send(cfg, 'http://www.app.com/', {
            headers,
            cookies,
            draw: Math.min(draw, Math.max(total, 100)),
          });
          assert.equal(r.canary, false);
          assert.equal(r.service, 'svc-v1');
        },
      ),
      { numRuns: 100 },
    );
  });

  test('header value `never` → never canary, whatever the weight, cookie or draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.constantFrom('always', 'never', 'x', undefined),
        fc.constantFrom('X-Canary', 'x-canary', 'X-CANARY'),
        (weight, total, draw, cookie, headerName) => {
          const cfg = config({
            ingresses: [
              seedApp(0),
              ing('c', [rule('www.app.com', ['/', 'Prefix', 'svc-v2'])], {
                t: 1,
                annotations: canaryAnn({
                  'canary-weight': String(weight),
                  'canary-weight-total': String(total),
                  'canary-by-header': 'X-Canary',
                  'canary-by-cookie': 'canary',
                }),
              }),
            ],
            services: seedServices(),
          });
          const r = send(cfg, 'http://www.app.com/', {
            headers: { [headerName]: 'never' },
            cookies: cookie === undefined ? {} : { canary: cookie },
            draw,
          });
          assert.equal(r.canary, false);
          assert.equal(r.service, 'svc-v1');
        },
      ),
      { numRuns: 100 },
    );
  });
});
