// ingress-nginx controller model (behaviour reference section E: ING-*, CAN-*, TLS-*, ING-STRICTPATH):
// which Ingresses are served, the nginx servers, locations and upstreams they turn into, and what one
// HTTP request through the controller gets back, with the reason for it.
// Invariants:
// - buildNginxConfig is a pure function of its input: it never mutates it and reads nothing else. The
//   controller rebuilds the whole config on every watched change, as the real controller's sync does.
// - routeRequest only looks things up in that config: one Map lookup for the host (one more for its
//   wildcard form) and one per element of the path; only regex-mode servers scan their ordered regex list,
//   as nginx itself does.
// - Randomness enters only through `draw` (once per request that reaches the canary weight step) and the
//   endpoint choice only through `pick`, so a seed fixes every outcome.
// - Every response carries `reason`: the Ingress, host rule, path and pathType that matched and the canary
//   decision, or why the answer is a 404, 503, 301, 308 or 400.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { IngressServiceBackend } from 'kubernetes-types/networking/v1';
import type { Change } from '../store';
import type { Controller, Sim } from '../sim';
import type { Manifest } from '../manifest';
import type { HttpRequest, HttpResponse, TlsInfo } from '../net';
import type { IngressObject, Kind, PassiveObject, ServiceObject } from '../types';
import { nginxAdmissionError } from '../validation';
import { compileNginxRegex, re2Limit, type NginxRegex } from './ingress-regex';

export const DEFAULT_INGRESS_CLASS = 'nginx';
export const DEFAULT_CONTROLLER_CLASS = 'k8s.io/ingress-nginx';
/** NodePorts of the controller Service in the seed course (bare-metal install). */
export const HTTP_NODE_PORT = 30431;
export const HTTPS_NODE_PORT = 30798;

const ANN = 'nginx.ingress.kubernetes.io/';
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_UPSTREAM = 'upstream-default-backend';
const CATCH_ALL = '_';
/** ConfigMap default `no-tls-redirect-locations`. */
const NO_TLS_REDIRECT_LOCATIONS = ['/.well-known/acme-challenge'];
const WEBHOOK_DENIED = 'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: ';
const FAKE_CERT = 'Kubernetes Ingress Controller Fake Certificate';

// ---------------------------------------------------------------------------------------------
// nginx's own pages (ngx_http_special_response.c; ingress-nginx sets server_tokens off)

function nginxPage(title: string, heading = title, extra = ''): string {
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${heading}</h1></center>\r\n` +
    `${extra}<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  );
}

export const NGINX_PAGES = {
  301: nginxPage('301 Moved Permanently'),
  308: nginxPage('308 Permanent Redirect'),
  400: nginxPage('400 Bad Request'),
  404: nginxPage('404 Not Found'),
  502: nginxPage('502 Bad Gateway'),
  503: nginxPage('503 Service Temporarily Unavailable'),
  /** Plain HTTP sent to the HTTPS port (nginx's internal 497). */
  plainHttpToHttps: nginxPage(
    '400 The plain HTTP request was sent to HTTPS port',
    '400 Bad Request',
    '<center>The plain HTTP request was sent to HTTPS port</center>\r\n',
  ),
} as const;

// ---------------------------------------------------------------------------------------------
// Public shapes

export interface NginxOptions {
  /** `--ingress-class`: the kubernetes.io/ingress.class annotation value served (default `nginx`). */
  ingressClass?: string;
  /** `--controller-class`: the IngressClass spec.controller served (default `k8s.io/ingress-nginx`). */
  controller?: string;
  /** `--watch-ingress-without-class` (default false). */
  watchWithoutClass?: boolean;
}

export interface NginxInput {
  ingresses: IngressObject[];
  services: ServiceObject[];
  secrets: PassiveObject[];
  ingressClasses: PassiveObject[];
}

export type PathKind = 'Exact' | 'Prefix';

export interface EndpointChoice {
  pod: string;
  ip: string;
  port: number;
}

/** Traffic shaping of a canary upstream (N-CAN parse result; set by the Ingress that created it). */
export interface CanaryPolicy {
  ingress: string;
  weight: number;
  weightTotal: number;
  header: string;
  /** The header as an nginx variable suffix: lower-case, `-` → `_`. */
  headerVar: string;
  headerValue: string;
  headerPattern: string;
  headerRegex: NginxRegex | null;
  headerRegexError: string | null;
  cookie: string;
  /** nginx matches cookie names case-insensitively. */
  cookieVar: string;
}

/** One nginx upstream `<namespace>-<service>-<port>` (ING-UPSTREAM), shared by every location using it. */
export interface Upstream {
  name: string;
  namespace: string;
  service: string;
  /** The Ingress backend port as written (number or name). */
  port: string;
  /** Ready endpoints with the pod port for the matched Service port. */
  endpoints: EndpointChoice[];
  /** Why `endpoints` is empty, e.g. `Service default/svc-v1 has no ready endpoints`; null when not empty. */
  empty: string | null;
  /** `<ns>/<name>` of the Ingress whose path created it (first creator wins). */
  createdBy: string;
  /** Set when a canary Ingress created it. */
  policy: CanaryPolicy | null;
  /** Canary upstreams never back a location of their own (CAN-NOSERVER). */
  noServer: boolean;
  /** Alternative backends merged into this primary, in merge order (only the first is used, CAN-ONE). */
  alternatives: string[];
  /** alternatives[0] resolved; null when none or when it was deleted. */
  alternative: Upstream | null;
  /** Why alternatives[0] has no upstream any more. */
  alternativeMissing: string | null;
}

export interface NginxLocation {
  /** nginx location name: `/foo/` for Prefix /foo, `/foo` for its `= /foo` companion, the path itself in regex mode. */
  path: string;
  pathType: PathKind;
  /** The Ingress path as written. */
  ingressPath: string;
  /** The `= /foo` location ingress-nginx adds next to the Prefix location `/foo/`. */
  exactCopy: boolean;
  ingress: string | null;
  /** The rule's host as written, '' for a rule without host. */
  ruleHost: string;
  /** The server's own `/` that no Ingress path replaced (it proxies to the default backend). */
  isDefaultBackend: boolean;
  /** null: `upstream-default-backend`, the controller's built-in 404. */
  upstream: Upstream | null;
  /** Name of the upstream when it no longer exists (deleted during canary merging). */
  missingUpstream: string | null;
  sslRedirect: boolean;
  forceSslRedirect: boolean;
  preserveTrailingSlash: boolean;
  noTlsRedirect: boolean;
  rewrite: { regex: NginxRegex; target: string } | null;
  /** `~* "^<path>"` in regex mode (RE2); null otherwise or when RE2 cannot compile the path. */
  regex: NginxRegex | null;
  /** What matched, for reasons: Ingress, host rule, path (pathType) → Service. */
  describe: string;
  /** RoutedResponse.matched for this location (shared; do not mutate). */
  matched: { server: string; path: string; pathType: PathKind };
}

export interface ServedCert {
  tls: TlsInfo;
  /** Which Secret or why the fake certificate. */
  why: string;
  /** `; TLS: <why>`, appended to reasons of HTTPS requests. */
  text: string;
}

function servedCert(tls: TlsInfo, why: string): ServedCert {
  return { tls, why, text: `; TLS: ${why}` };
}

export interface NginxServer {
  hostname: string;
  locations: NginxLocation[];
  exact: Map<string, NginxLocation>;
  /** Prefix locations by name; every name ends in `/` outside regex mode. */
  prefix: Map<string, NginxLocation>;
  /** nginx's automatic 301 for `/foo` when only a location `/foo/` exists, keyed `/foo`. */
  slashRedirect: Map<string, NginxLocation>;
  /** Ordered regex locations when the server is in regex mode (ING-REGEX-MODE), else null. */
  regex: NginxLocation[] | null;
  /** Certificate chosen by TLS-CERT; null when no Ingress with a tls section defines the host. */
  cert: ServedCert | null;
  /** What the Lua certificate store returns for a Host this server matches (exact, then `*.` form). */
  hostCert: ServedCert | undefined;
  /** 1 at every length some exact or slash-redirect key has; skips lookups that cannot hit. */
  exactLengths: Uint8Array;
  /** 1 at every length some prefix location name has. */
  prefixLengths: Uint8Array;
}

export interface NginxConfig {
  /** Servers by exact (lower-case) host name. */
  servers: Map<string, NginxServer>;
  /** Wildcard servers `*.example.com`, keyed by `example.com`. */
  wildcards: Map<string, NginxServer>;
  catchAll: NginxServer;
  upstreams: Map<string, Upstream>;
  /** Certificates by server name (`*.x` for wildcards), as the Lua certificate store holds them. */
  certs: Map<string, ServedCert>;
  defaultCert: ServedCert;
  /** `<ns>/<name>` of the served Ingresses, in processing order (ING-ORDER). */
  served: string[];
  ignored: Array<{ ingress: string; why: string }>;
  /** For 404 reasons: why a host named by some Ingress has no server. */
  hostHints: Map<string, string>;
  /** What the controller would log: ignored paths, invalid annotations, unusable regexes, … */
  warnings: string[];
}

/** One request's outcome. `body` is nginx's own page; null when a pod answers (its app writes the body). */
export interface RoutedResponse {
  /** 0: no HTTP answer (bad URL, TLS to the HTTP port). 200 when proxied to a pod (the app may differ). */
  status: number;
  service: string | null;
  namespace: string | null;
  pod: string | null;
  endpoint: EndpointChoice | null;
  upstream: string | null;
  canary: boolean;
  ingress: string | null;
  /** The nginx location that matched. */
  matched: { server: string; path: string; pathType: PathKind } | null;
  /** Path and query sent to the pod (after rewrite-target). */
  upstreamUri: string | null;
  /** Location header of redirects. */
  location: string | null;
  tls: TlsInfo | null;
  body: string | null;
  reason: string;
}

/** The response a client sees, with the body of the pod's app when a pod answered. */
export function toHttpResponse(r: RoutedResponse, appBody: string): HttpResponse {
  return {
    status: r.status,
    service: r.service,
    pod: r.pod,
    body: r.body ?? appBody,
    location: r.location,
    tls: r.tls,
    reason: r.reason,
  };
}

// ---------------------------------------------------------------------------------------------
// Go parsing as the annotation parser does it (internal/ingress/annotations/parser)

function goParseBool(v: string): boolean | null {
  if (v === '1' || v === 't' || v === 'T' || v === 'true' || v === 'TRUE' || v === 'True') return true;
  if (v === '0' || v === 'f' || v === 'F' || v === 'false' || v === 'FALSE' || v === 'False') return false;
  return null;
}

/** strconv.Atoi: optional sign, decimal digits, int64 range. */
function goAtoi(v: string): number | null {
  if (!/^[+-]?\d+$/.test(v)) return null;
  const n = Number(v);
  return Math.abs(n) < 9.2e18 ? n : null;
}

/** parser.BasicCharsRegex, checked with spaces removed. */
const BASIC_CHARS = /^[/\-._~a-zA-Z0-9:]*$/;
/** parser.IsValidRegex: the characters a regex annotation may hold. */
const REGEX_CHARS = /^[/\-._~a-zA-Z0-9:^$[\](){}*+?|&=\\]*$/;
/** parser.RegexPathWithCapture (rewrite-target). */
const PATH_WITH_CAPTURE = /^\/?[-._~a-zA-Z0-9/:$]*$/;

interface IngressAnnotations {
  /** Set when `canary: "true"`; null for a normal Ingress. */
  canary: CanaryPolicy | null;
  rewriteTarget: string;
  sslRedirect: boolean;
  forceSslRedirect: boolean;
  preserveTrailingSlash: boolean;
  useRegex: boolean;
}

/** Location settings of a server's built-in `/` (no annotations applied). */
const NO_ANNOTATIONS: IngressAnnotations = {
  canary: null,
  rewriteTarget: '',
  sslRedirect: false,
  forceSslRedirect: false,
  preserveTrailingSlash: false,
  useRegex: false,
};

function headerPatternWarning(key: string, pattern: string, header: string, error: string): string {
  return `Ingress ${key}: annotation ${ANN}canary-by-header-pattern "${pattern}": ${re2Limit(error)}; the simulation treats it as never matching (requests with header ${header || '(none)'} go to the primary)`;
}

function parseAnnotations(ing: IngressObject, warnings: string[]): IngressAnnotations {
  const a = ing.meta.annotations;
  const key = ingressKey(ing);
  const invalid = (name: string, value: string, fallback: string): void => {
    warnings.push(`Ingress ${key}: annotation ${ANN}${name} "${value}" is invalid, using ${fallback}`);
  };
  // An empty value skips validation and fails parsing: the default applies silently, as in Go.
  const bool = (name: string, fallback: boolean): boolean => {
    const v = a[ANN + name];
    if (v === undefined || v === '') return fallback;
    const b = goParseBool(v);
    if (b === null) invalid(name, v, String(fallback));
    return b ?? fallback;
  };
  const int = (name: string, fallback: number): number => {
    const v = a[ANN + name];
    if (v === undefined || v === '') return fallback;
    const n = goAtoi(v);
    if (n === null) invalid(name, v, String(fallback));
    return n ?? fallback;
  };
  const str = (name: string, valid: (v: string) => boolean): string => {
    const v = a[ANN + name];
    if (v === undefined || v === '') return '';
    if (!valid(v) || /[\r\n]/.test(v)) {
      invalid(name, v, "''");
      return '';
    }
    return v
      .split('\n')
      .map((line) => line.trim())
      .join('\n');
  };
  const basic = (v: string): boolean => BASIC_CHARS.test(v.replace(/ /g, ''));

  const enabled = bool('canary', false);
  const weight = int('canary-weight', 0);
  const weightTotal = int('canary-weight-total', 100);
  const header = str('canary-by-header', basic);
  const headerValue = str('canary-by-header-value', basic);
  const headerPattern = str('canary-by-header-pattern', (v) => REGEX_CHARS.test(v));
  const cookie = str('canary-by-cookie', basic);
  let canary: CanaryPolicy | null = null;
  if (enabled) {
    let headerRegex: NginxRegex | null = null;
    let headerRegexError: string | null = null;
    if (headerPattern !== '') {
      // ngx.re.match(header, pattern) without options: case-sensitive, unanchored.
      const c = compileNginxRegex(headerPattern, false);
      if (c.ok) headerRegex = c.regex;
      else {
        headerRegexError = c.error;
        warnings.push(headerPatternWarning(key, headerPattern, header, c.error));
      }
    }
    canary = {
      ingress: key,
      weight,
      weightTotal,
      header,
      headerVar: header.toLowerCase().replace(/-/g, '_'),
      headerValue,
      headerPattern,
      headerRegex,
      headerRegexError,
      cookie,
      cookieVar: cookie.toLowerCase(),
    };
  } else if (weight > 0 || header !== '' || headerValue !== '' || cookie !== '' || headerPattern !== '') {
    warnings.push(
      `Ingress ${key}: canary annotations without ${ANN}canary: "true" ("configured but not enabled"); it is served as a normal Ingress`,
    );
  }
  return {
    canary,
    rewriteTarget: str('rewrite-target', (v) => PATH_WITH_CAPTURE.test(v)),
    sslRedirect: bool('ssl-redirect', true),
    forceSslRedirect: bool('force-ssl-redirect', false),
    preserveTrailingSlash: bool('preserve-trailing-slash', false),
    useRegex: bool('use-regex', false),
  };
}

// ---------------------------------------------------------------------------------------------
// Which Ingresses are served (ING-CLASS) and in which order (ING-ORDER)

function ingressKey(ing: IngressObject): string {
  return `${ing.meta.namespace}/${ing.meta.name}`;
}

function classController(cls: PassiveObject): string {
  const spec = cls.body.spec;
  const controller =
    typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>).controller : undefined;
  return typeof controller === 'string' ? controller : '';
}

/** Null when this controller serves the Ingress, else why not (N-STORE GetIngressClass). */
function whyNotServed(ing: IngressObject, classes: PassiveObject[], opts: NginxOptions): string | null {
  const controller = opts.controller ?? DEFAULT_CONTROLLER_CLASS;
  const className = ing.spec.ingressClassName;
  if (typeof className === 'string') {
    const cls = classes.find((c) => c.meta.name === className);
    if (!cls) return `spec.ingressClassName "${className}" names no IngressClass`;
    const owner = classController(cls);
    if (owner !== controller)
      return `IngressClass "${className}" has spec.controller "${owner}", not ${controller}`;
    return null;
  }
  const annotation = ing.meta.annotations[CLASS_ANNOTATION];
  const wanted = opts.ingressClass ?? DEFAULT_INGRESS_CLASS;
  if (annotation !== undefined)
    return annotation === wanted
      ? null
      : `annotation ${CLASS_ANNOTATION}: "${annotation}" is not "${wanted}"`;
  if (opts.watchWithoutClass) return null;
  return 'it has neither spec.ingressClassName nor the kubernetes.io/ingress.class annotation (--watch-ingress-without-class=false)';
}

/** CreationTimestamp has 1-second granularity; ties go by namespace/name descending (sortIngressSlice). */
function compareIngresses(a: IngressObject, b: IngressObject): number {
  const ta = Math.floor(a.meta.creationTime);
  const tb = Math.floor(b.meta.creationTime);
  if (ta !== tb) return ta - tb;
  const ka = ingressKey(a);
  const kb = ingressKey(b);
  return ka > kb ? -1 : ka < kb ? 1 : 0;
}

/**
 * The IngressClass the controller's install creates (chart/bare-metal manifest), added when the store has
 * none of that name, so that `ingressClassName: nginx` works as on a cluster with ingress-nginx installed.
 */
export function withInstalledIngressClass(
  classes: PassiveObject[],
  opts: NginxOptions = {},
): PassiveObject[] {
  const name = opts.ingressClass ?? DEFAULT_INGRESS_CLASS;
  if (classes.some((c) => c.meta.name === name)) return classes;
  const controller = opts.controller ?? DEFAULT_CONTROLLER_CLASS;
  const installed: PassiveObject = {
    kind: 'IngressClass',
    meta: {
      name,
      namespace: '',
      uid: '',
      labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
      annotations: {},
      ownerReferences: [],
      finalizers: [],
      creationTime: 0,
      deletionTime: null,
      deletionGracePeriodSeconds: null,
      creationIndex: -1,
      generation: 1,
    },
    body: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name },
      spec: { controller },
    },
  };
  return [...classes, installed];
}

// ---------------------------------------------------------------------------------------------
// TLS certificates from Secrets (store syncSecret: tls.crt + tls.key must form a valid pair)

type ParsedCert = { cert: X509Certificate } | { error: string };
const certCache = new WeakMap<Record<string, unknown>, ParsedCert>();

function secretBytes(body: Record<string, unknown>, key: string): Buffer | null {
  const data = body.data as Record<string, unknown> | undefined;
  const stringData = body.stringData as Record<string, unknown> | undefined;
  const s = stringData?.[key];
  if (typeof s === 'string') return Buffer.from(s, 'utf8');
  const d = data?.[key];
  return typeof d === 'string' ? Buffer.from(d, 'base64') : null;
}

function parseSecretCert(secret: PassiveObject): ParsedCert {
  const cached = certCache.get(secret.body);
  if (cached) return cached;
  const key = `${secret.meta.namespace}/${secret.meta.name}`;
  let result: ParsedCert;
  const crt = secretBytes(secret.body, 'tls.crt');
  const pem = secretBytes(secret.body, 'tls.key');
  if (!crt || !pem) result = { error: `Secret ${key} has no tls.crt and tls.key` };
  else {
    try {
      const cert = new X509Certificate(crt);
      try {
        result = cert.checkPrivateKey(createPrivateKey(pem))
          ? { cert }
          : { error: `tls.key of Secret ${key} does not match its tls.crt` };
      } catch {
        result = { error: `tls.key of Secret ${key} is not a valid private key` };
      }
    } catch {
      result = { error: `tls.crt of Secret ${key} is not a valid PEM certificate` };
    }
  }
  certCache.set(secret.body, result);
  return result;
}

/** Go VerifyHostname (SAN) with ingress-nginx's Common Name fallback. */
function certCoversHost(cert: X509Certificate, host: string): boolean {
  return cert.checkHost(host, { subject: 'always' }) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Building the configuration (N-CTL createUpstreams, createServers, getBackendServers,
// mergeAlternativeBackends; N-LOC updateServerLocations; N-TPL buildLocation)

interface BuildLocation {
  path: string;
  pathType: PathKind;
  ingressPath: string;
  exactCopy: boolean;
  isDefBackend: boolean;
  backend: string;
  ingress: IngressObject | null;
  anns: IngressAnnotations;
  ruleHost: string;
  viaDefaultBackend: boolean;
}

interface BuildServer {
  hostname: string;
  locations: BuildLocation[];
  cert: ServedCert | null;
}

interface BuildContext {
  services: Map<string, ServiceObject>;
  secrets: Map<string, PassiveObject>;
  defaultCert: ServedCert;
  warnings: string[];
}

interface Assembled {
  upstreams: Map<string, Upstream>;
  servers: Map<string, BuildServer>;
  annotations: Map<IngressObject, IngressAnnotations>;
}

function pathKind(pathType: string | undefined): PathKind {
  return pathType === 'Exact' ? 'Exact' : 'Prefix'; // ING-IMPLSPEC
}

function upstreamName(namespace: string, svc: IngressServiceBackend): string {
  const port = svc.port;
  if (port?.number !== undefined && port.number > 0) return `${namespace}-${svc.name}-${port.number}`;
  if (port?.name) return `${namespace}-${svc.name}-${port.name}`;
  return `${namespace}-INVALID`;
}

function backendPort(svc: IngressServiceBackend): string {
  const port = svc.port;
  if (port?.number !== undefined && port.number > 0) return String(port.number);
  return port?.name ?? '';
}

/** serviceEndpoints: the port matches by number, targetPort or name; only ready endpoints count (N-EPS). */
function newUpstream(
  name: string,
  namespace: string,
  svc: IngressServiceBackend,
  createdBy: IngressObject,
  ctx: BuildContext,
): Upstream {
  const port = backendPort(svc);
  const up: Upstream = {
    name,
    namespace,
    service: svc.name,
    port,
    endpoints: [],
    empty: null,
    createdBy: ingressKey(createdBy),
    policy: null,
    noServer: false,
    alternatives: [],
    alternative: null,
    alternativeMissing: null,
  };
  const service = ctx.services.get(`${namespace}/${svc.name}`);
  const label = `Service ${namespace}/${svc.name}`;
  if (!service) {
    up.empty = `${label} does not exist`;
    return up;
  }
  const ports = service.spec.ports ?? [];
  let index = -1;
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    const target = p.targetPort === undefined ? String(p.port) : String(p.targetPort);
    if (String(p.port) === port || target === port || (p.name ?? '') === port) {
      index = i;
      break;
    }
  }
  if (index < 0) {
    up.empty = `${label} has no port ${port}`;
    return up;
  }
  let notReady = 0;
  for (const e of service.endpoints) {
    const podPort = e.targetPorts[index];
    // An endpoint without the named target port is not in the EndpointSlice for this port.
    if (podPort === null || podPort === undefined) continue;
    if (e.ready) up.endpoints.push({ pod: e.pod, ip: e.ip, port: podPort });
    else notReady++;
  }
  if (up.endpoints.length === 0) {
    up.empty =
      `${label} has no ready endpoints` +
      (notReady > 0
        ? ` (${notReady} not ready)`
        : service.spec.type === 'ExternalName'
          ? ' (ExternalName)'
          : '');
  }
  return up;
}

function rootLocation(
  backend: string,
  ingress: IngressObject | null,
  anns: IngressAnnotations,
  ruleHost: string,
  viaDefaultBackend: boolean,
): BuildLocation {
  return {
    path: '/',
    pathType: 'Prefix',
    ingressPath: '/',
    exactCopy: false,
    isDefBackend: true,
    backend,
    ingress,
    anns,
    ruleHost,
    viaDefaultBackend,
  };
}

function extractTLSSecretName(host: string, ing: IngressObject, ctx: BuildContext): string {
  const tls = ing.spec.tls ?? [];
  const lower = host.toLowerCase();
  for (const t of tls)
    for (const h of t.hosts ?? []) if (h.toLowerCase() === lower) return t.secretName ?? '';
  for (const t of tls) {
    if (!t.secretName) continue;
    const secret = ctx.secrets.get(`${ing.meta.namespace}/${t.secretName}`);
    if (!secret) continue;
    const parsed = parseSecretCert(secret);
    if ('cert' in parsed && certCoversHost(parsed.cert, host)) return t.secretName;
  }
  return '';
}

/** TLS-CERT for one host of an Ingress with a non-empty tls section. */
function resolveCert(host: string, ing: IngressObject, ctx: BuildContext): ServedCert {
  const fake = (why: string): ServedCert => servedCert({ secret: null, fake: true }, `${FAKE_CERT} (${why})`);
  const name = extractTLSSecretName(host, ing, ctx);
  const key = ingressKey(ing);
  if (name === '') return fake(`Ingress ${key} has a tls section but no secretName for host ${host}`);
  const secretKey = `${ing.meta.namespace}/${name}`;
  const secret = ctx.secrets.get(secretKey);
  if (!secret) return fake(`Secret ${secretKey} does not exist`);
  const parsed = parseSecretCert(secret);
  if ('error' in parsed) return fake(parsed.error);
  if (!certCoversHost(parsed.cert, host))
    return fake(`the certificate in Secret ${secretKey} names neither SAN nor CN ${host}`);
  return servedCert({ secret: secretKey, fake: false }, `certificate of Secret ${secretKey}`);
}

function needsRewrite(loc: BuildLocation): boolean {
  return loc.anns.rewriteTarget !== '' && loc.anns.rewriteTarget !== loc.path;
}

function mergeAlternativeBackends(
  ing: IngressObject,
  upstreams: Map<string, Upstream>,
  servers: Map<string, BuildServer>,
  warnings: string[],
): void {
  const key = ingressKey(ing);
  const canMerge = (pri: Upstream, alt: Upstream): boolean =>
    pri.name !== alt.name && pri.name !== DEFAULT_UPSTREAM && !pri.noServer;
  const merge = (pri: Upstream, alt: Upstream): boolean => {
    if (!pri.alternatives.includes(alt.name)) pri.alternatives.push(alt.name);
    return true;
  };
  // Walks the server's locations like the controller: an alternative equal to some primary stops the walk.
  const mergeInto = (server: BuildServer, alt: Upstream, path: string | null, pathType: PathKind | null) => {
    let merged = false;
    let altEqualsPri = false;
    for (const loc of server.locations) {
      const pri = upstreams.get(loc.backend);
      if (!pri) continue;
      altEqualsPri = alt.name === pri.name;
      if (altEqualsPri) {
        warnings.push(
          `canary Ingress ${key}: upstream ${alt.name} is the primary upstream of ${server.hostname}${loc.path}; it is not used as a canary (CAN-SAMESVC)`,
        );
        break;
      }
      if (canMerge(pri, alt) && (path === null || (loc.path === path && loc.pathType === pathType)))
        merged = merge(pri, alt);
    }
    if (!altEqualsPri && !merged) {
      warnings.push(
        `canary Ingress ${key}: no location of ${server.hostname} has ${path === null ? 'a primary upstream' : `path ${path} (${pathType})`}; upstream ${alt.name} deleted (CAN-MATCH)`,
      );
      upstreams.delete(alt.name);
    }
  };
  const db = ing.spec.defaultBackend?.service;
  if (db) {
    const alt = upstreams.get(upstreamName(ing.meta.namespace, db));
    const catchAll = servers.get(CATCH_ALL);
    if (alt && catchAll) mergeInto(catchAll, alt, null, null);
  }
  for (const rule of ing.spec.rules ?? []) {
    const host = rule.host || CATCH_ALL;
    for (const p of rule.http?.paths ?? []) {
      if (!p.backend.service) continue;
      const alt = upstreams.get(upstreamName(ing.meta.namespace, p.backend.service));
      if (!alt) continue; // already deleted by an earlier path of a canary
      const server = servers.get(host);
      if (!server) {
        warnings.push(`canary Ingress ${key}: no Ingress defines host ${host}; the canary has no effect`);
        continue;
      }
      mergeInto(server, alt, p.path ?? '', pathKind(p.pathType));
    }
  }
}

/** updateServerLocations: Prefix /foo → `/foo/` plus `= /foo` unless rewrite/regex or an Exact /foo exists. */
function splitPrefixLocations(locations: BuildLocation[]): BuildLocation[] {
  const exact = new Set<string>();
  for (const l of locations) if (l.pathType === 'Exact') exact.add(l.path);
  const out: BuildLocation[] = [];
  for (const l of locations) {
    if (l.path === '/' || l.pathType !== 'Prefix' || needsRewrite(l) || l.anns.useRegex) {
      out.push(l);
      continue;
    }
    const original = l.path;
    l.path = original.endsWith('/') ? original : original + '/';
    out.push(l);
    if (!exact.has(original)) out.push({ ...l, path: original, pathType: 'Exact', exactCopy: true });
  }
  return out;
}

function assemble(ordered: IngressObject[], ctx: BuildContext): Assembled {
  const annotations = new Map<IngressObject, IngressAnnotations>();
  for (const ing of ordered) annotations.set(ing, parseAnnotations(ing, ctx.warnings));
  const anns = (ing: IngressObject): IngressAnnotations => annotations.get(ing) ?? NO_ANNOTATIONS;

  // createUpstreams: first creator of `<ns>-<svc>-<port>` wins (CAN-SVC-REUSE); a canary's is noServer.
  const upstreams = new Map<string, Upstream>();
  for (const ing of ordered) {
    const canary = anns(ing).canary;
    const ns = ing.meta.namespace;
    const db = ing.spec.defaultBackend?.service;
    if (db) {
      const name = upstreamName(ns, db);
      const up = newUpstream(name, ns, db, ing, ctx);
      if (canary) {
        up.noServer = true;
        up.policy = canary;
      }
      upstreams.set(name, up);
    }
    for (const rule of ing.spec.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        const svc = p.backend.service;
        if (!svc) continue;
        const name = upstreamName(ns, svc);
        if (upstreams.has(name)) continue;
        const up = newUpstream(name, ns, svc, ing, ctx);
        if (canary) {
          up.noServer = true;
          up.policy = canary;
        }
        upstreams.set(name, up);
      }
    }
  }

  // createServers: `_` plus one server per host, each with its own `/` (ING-SERVER, ING-HOSTFIRST).
  const servers = new Map<string, BuildServer>();
  const catchAll: BuildServer = {
    hostname: CATCH_ALL,
    locations: [rootLocation(DEFAULT_UPSTREAM, null, NO_ANNOTATIONS, '', false)],
    cert: ctx.defaultCert,
  };
  servers.set(CATCH_ALL, catchAll);
  for (const ing of ordered) {
    const a = anns(ing);
    if (a.canary) continue; // CAN-NOSERVER
    let defaultUpstream = DEFAULT_UPSTREAM;
    const db = ing.spec.defaultBackend?.service;
    if (db) {
      const name = upstreamName(ing.meta.namespace, db);
      if (upstreams.has(name)) {
        defaultUpstream = name;
        const root = catchAll.locations[0];
        if (root.isDefBackend && (ing.spec.rules ?? []).length === 0) {
          // ING-DEFBACKEND: the first Ingress without rules owns `_`'s `/` (redirect/rewrite not applied).
          root.isDefBackend = false;
          root.backend = name;
          root.ingress = ing;
          root.viaDefaultBackend = true;
        }
      }
    }
    for (const rule of ing.spec.rules ?? []) {
      const host = rule.host || CATCH_ALL;
      if (servers.has(host)) continue;
      servers.set(host, {
        hostname: host,
        locations: [
          rootLocation(defaultUpstream, ing, a, rule.host ?? '', defaultUpstream !== DEFAULT_UPSTREAM),
        ],
        cert: null,
      });
    }
  }
  for (const ing of ordered) {
    if (anns(ing).canary) continue;
    for (const rule of ing.spec.rules ?? []) {
      const server = servers.get(rule.host || CATCH_ALL);
      if (!server || server.cert || (ing.spec.tls ?? []).length === 0) continue;
      server.cert = resolveCert(server.hostname, ing, ctx);
    }
  }

  // getBackendServers: locations; same path + pathType → first Ingress wins (ING-FIRSTWINS).
  // Locations by server and `pathType path`: the first one of each key (what a scan would find).
  const byPath = new Map<BuildServer, Map<string, BuildLocation>>();
  const canaries: IngressObject[] = [];
  for (const ing of ordered) {
    const a = anns(ing);
    for (const rule of ing.spec.rules ?? []) {
      const host = rule.host || CATCH_ALL;
      const server = servers.get(host) ?? catchAll;
      let index = byPath.get(server);
      if (!index) {
        index = new Map();
        for (const l of server.locations)
          if (!index.has(`${l.pathType} ${l.path}`)) index.set(`${l.pathType} ${l.path}`, l);
        byPath.set(server, index);
      }
      for (const p of rule.http?.paths ?? []) {
        const svc = p.backend.service;
        if (!svc) continue;
        const up = upstreams.get(upstreamName(ing.meta.namespace, svc));
        if (!up || up.noServer) continue;
        const path = p.path || '/';
        const pathType = pathKind(p.pathType);
        const existing = index.get(`${pathType} ${path}`);
        if (existing && !existing.isDefBackend) {
          ctx.warnings.push(
            `Ingress ${ingressKey(ing)}: ${host}${path} (${pathType}) is already configured by Ingress ${existing.ingress ? ingressKey(existing.ingress) : '?'}; ignored (ING-FIRSTWINS)`,
          );
          continue;
        }
        if (existing) {
          existing.isDefBackend = false;
          existing.viaDefaultBackend = false;
          existing.backend = up.name;
          existing.ingress = ing;
          existing.anns = a;
          existing.ruleHost = rule.host ?? '';
          existing.ingressPath = path;
          continue;
        }
        const loc: BuildLocation = {
          path,
          pathType,
          ingressPath: path,
          exactCopy: false,
          isDefBackend: false,
          backend: up.name,
          ingress: ing,
          anns: a,
          ruleHost: rule.host ?? '',
          viaDefaultBackend: false,
        };
        server.locations.push(loc);
        index.set(`${pathType} ${path}`, loc);
      }
    }
    if (a.canary) canaries.push(ing);
  }
  if (ordered.length > canaries.length)
    for (const ing of canaries) mergeAlternativeBackends(ing, upstreams, servers, ctx.warnings);

  for (const server of servers.values()) {
    // Longest path first, ties by path descending: the order regex locations are written in.
    server.locations.sort((x, y) => (x.path > y.path ? -1 : x.path < y.path ? 1 : 0));
    server.locations.sort((x, y) => y.path.length - x.path.length);
    server.locations = splitPrefixLocations(server.locations);
  }
  return { upstreams, servers, annotations };
}

function describeLocation(
  server: BuildServer,
  loc: BuildLocation,
  up: Upstream | null,
  regexMode: boolean,
): string {
  const target = up
    ? `Service ${up.namespace}/${up.service}:${up.port}`
    : loc.backend === DEFAULT_UPSTREAM
      ? 'the default backend'
      : `upstream ${loc.backend}`;
  const host = loc.ruleHost ? `host ${loc.ruleHost}` : 'any host';
  const owner = loc.ingress ? `Ingress ${ingressKey(loc.ingress)}` : 'no Ingress';
  if (loc.isDefBackend || (loc.viaDefaultBackend && server.hostname === CATCH_ALL)) {
    const where =
      server.hostname === CATCH_ALL ? 'no host matched' : `no path of host ${server.hostname} matched`;
    return loc.viaDefaultBackend
      ? `${where}; spec.defaultBackend of ${owner} → ${target}`
      : `${where} → ${target} (404)`;
  }
  // The `= /foo` companion of Prefix /foo is still the Ingress's Prefix path; in regex mode it is a plain regex.
  const kind = loc.exactCopy ? (regexMode ? 'Prefix' : 'Prefix, exact match') : loc.pathType;
  const mode = regexMode ? `, regex ~* "^${loc.path}"` : '';
  return `${owner}, ${host}, path ${loc.ingressPath} (${kind}${mode}) → ${target}`;
}

function finalizeServer(
  server: BuildServer,
  upstreams: Map<string, Upstream>,
  warnings: string[],
): NginxServer {
  const regexMode = server.locations.some((l) => needsRewrite(l) || l.anns.useRegex);
  const locations: NginxLocation[] = server.locations.map((l) => {
    const up = l.backend === DEFAULT_UPSTREAM ? null : (upstreams.get(l.backend) ?? null);
    let regex: NginxRegex | null = null;
    let rewrite: NginxLocation['rewrite'] = null;
    const owner = l.ingress ? `Ingress ${ingressKey(l.ingress)}: ` : '';
    if (regexMode) {
      const c = compileNginxRegex('^' + l.path, true);
      if (c.ok) regex = c.regex;
      else
        warnings.push(
          `${owner}server ${server.hostname}: location ~* "^${l.path}": ${re2Limit(c.error)}; the simulation never matches this location`,
        );
    }
    if (needsRewrite(l)) {
      const c = compileNginxRegex(l.path, true);
      if (c.ok) rewrite = { regex: c.regex, target: l.anns.rewriteTarget };
      else
        warnings.push(
          `${owner}server ${server.hostname}: rewrite "(?i)${l.path}": ${re2Limit(c.error)}; the simulation does not apply it`,
        );
    }
    return {
      path: l.path,
      pathType: l.pathType,
      ingressPath: l.ingressPath,
      exactCopy: l.exactCopy,
      ingress: l.ingress ? ingressKey(l.ingress) : null,
      ruleHost: l.ruleHost,
      isDefaultBackend: l.isDefBackend,
      upstream: up,
      missingUpstream: up === null && l.backend !== DEFAULT_UPSTREAM ? l.backend : null,
      sslRedirect: l.anns.sslRedirect,
      forceSslRedirect: l.anns.forceSslRedirect,
      preserveTrailingSlash: l.anns.preserveTrailingSlash,
      // isLocationInLocationList: the location's own path, not the request path, is compared.
      noTlsRedirect: NO_TLS_REDIRECT_LOCATIONS.some((p) => l.path.startsWith(p)),
      rewrite,
      regex,
      describe: describeLocation(server, l, up, regexMode),
      matched: { server: server.hostname, path: l.path, pathType: l.pathType },
    };
  });
  const exact = new Map<string, NginxLocation>();
  const prefix = new Map<string, NginxLocation>();
  const slashRedirect = new Map<string, NginxLocation>();
  if (!regexMode) {
    for (const l of locations) {
      const m = l.pathType === 'Exact' ? exact : prefix;
      if (!m.has(l.path)) m.set(l.path, l);
    }
    // nginx answers `/foo` with a 301 to `/foo/` when a proxied location `/foo/` exists and `= /foo` does not.
    for (const l of locations) {
      if (l.path.length < 2 || !l.path.endsWith('/')) continue;
      const key = l.path.slice(0, -1);
      if (exact.has(key)) continue;
      const known = slashRedirect.get(key);
      if (!known || (known.pathType === 'Prefix' && l.pathType === 'Exact')) slashRedirect.set(key, l);
    }
  }
  return {
    hostname: server.hostname,
    locations,
    exact,
    prefix,
    slashRedirect,
    regex: regexMode ? locations.filter((l) => l.regex !== null) : null,
    cert: server.cert,
    hostCert: undefined, // set once every server's certificate is known
    exactLengths: lengthTable([...exact.keys(), ...slashRedirect.keys()]),
    prefixLengths: lengthTable([...prefix.keys()]),
  };
}

function lengthTable(keys: string[]): Uint8Array {
  let max = 0;
  for (const k of keys) if (k.length > max) max = k.length;
  const table = new Uint8Array(max + 1);
  for (const k of keys) table[k.length] = 1;
  return table;
}

export function buildNginxConfig(input: NginxInput, opts: NginxOptions = {}): NginxConfig {
  const warnings: string[] = [];
  const ignored: Array<{ ingress: string; why: string }> = [];
  const hostHints = new Map<string, string>();
  const served: IngressObject[] = [];
  for (const ing of input.ingresses) {
    const why = whyNotServed(ing, input.ingressClasses, opts);
    if (why === null) {
      served.push(ing);
      continue;
    }
    const key = ingressKey(ing);
    ignored.push({ ingress: key, why });
    for (const rule of ing.spec.rules ?? [])
      if (rule.host && !hostHints.has(rule.host))
        hostHints.set(rule.host, `Ingress ${key} has a rule for it but is not served: ${why}`);
  }
  served.sort(compareIngresses);
  const defaultCert = servedCert(
    { secret: null, fake: true },
    `${FAKE_CERT} (no certificate configured for this host)`,
  );
  const ctx: BuildContext = {
    services: new Map(input.services.map((s) => [`${s.meta.namespace}/${s.meta.name}`, s])),
    secrets: new Map(input.secrets.map((s) => [`${s.meta.namespace}/${s.meta.name}`, s])),
    defaultCert,
    warnings,
  };
  const built = assemble(served, ctx);
  for (const [ing, a] of built.annotations) {
    if (!a.canary) continue;
    for (const rule of ing.spec.rules ?? [])
      if (rule.host && !built.servers.has(rule.host) && !hostHints.has(rule.host))
        hostHints.set(
          rule.host,
          `only canary Ingress ${ingressKey(ing)} names it, and canary Ingresses never create a server (CAN-NOSERVER)`,
        );
  }
  for (const up of built.upstreams.values()) {
    const first = up.alternatives[0];
    if (first === undefined) continue;
    up.alternative = built.upstreams.get(first) ?? null;
    if (!up.alternative)
      up.alternativeMissing = `canary upstream ${first} was deleted because another path of its canary Ingress matched no primary location`;
  }
  const servers = new Map<string, NginxServer>();
  const wildcards = new Map<string, NginxServer>();
  const certs = new Map<string, ServedCert>();
  let catchAll: NginxServer | null = null;
  for (const s of built.servers.values()) {
    const server = finalizeServer(s, built.upstreams, warnings);
    if (s.hostname === CATCH_ALL) {
      catchAll = server;
      continue;
    }
    const name = s.hostname.toLowerCase();
    if (name.startsWith('*.')) wildcards.set(name.slice(2), server);
    else servers.set(name, server);
    if (server.cert) certs.set(name, server.cert);
  }
  if (!catchAll) throw new Error('ingress-nginx model: the catch-all server is missing');
  for (const server of servers.values()) server.hostCert = certFor(certs, server.hostname);
  for (const [suffix, server] of wildcards) server.hostCert = certs.get(`*.${suffix}`);
  return {
    servers,
    wildcards,
    catchAll,
    upstreams: built.upstreams,
    certs,
    defaultCert,
    served: served.map(ingressKey),
    ignored,
    hostHints,
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// One request

interface ParsedUrl {
  https: boolean;
  /** Host, lower-case, without port or trailing dot (also the SNI name). */
  host: string;
  port: number | null;
  /** Path as sent, `/` when the URL has none. */
  path: string;
  /** nginx's $uri (decoded, normalized); null when nginx answers 400. */
  uri: string | null;
  /** Path plus `?query` as sent (nginx $request_uri). */
  requestUri: string;
  query: string | null;
}

/** Parsed URLs by URL text: a `request` step repeats one URL `count` times. Bounded; results are immutable. */
const parsedUrls = new Map<string, ParsedUrl | string>();
const PARSED_URLS_LIMIT = 4096;

function parseUrlMemo(url: string): ParsedUrl | string {
  let parsed = parsedUrls.get(url);
  if (parsed === undefined) {
    parsed = parseUrl(url);
    if (parsedUrls.size >= PARSED_URLS_LIMIT) parsedUrls.clear();
    parsedUrls.set(url, parsed);
  }
  return parsed;
}

function parseUrl(url: string): ParsedUrl | string {
  let https = false;
  let start: number;
  if (url.startsWith('http://')) start = 7;
  else if (url.startsWith('https://')) {
    https = true;
    start = 8;
  } else {
    const sep = url.indexOf('://');
    start = 0;
    if (sep >= 0) {
      const scheme = url.slice(0, sep).toLowerCase();
      if (scheme === 'https') https = true;
      else if (scheme !== 'http') return `curl: (1) Protocol "${scheme}" not supported`;
      start = sep + 3;
    }
  }
  const len = url.length;
  let hash = url.indexOf('#', start);
  if (hash < 0) hash = len;
  let q = url.indexOf('?', start);
  if (q >= hash) q = -1;
  let authEnd = url.indexOf('/', start);
  if (authEnd < 0 || authEnd > hash) authEnd = hash;
  if (q >= 0 && q < authEnd) authEnd = q;
  const at = url.lastIndexOf('@', authEnd - 1);
  const hostStart = at >= start ? at + 1 : start;
  let hostEnd = authEnd;
  let portStart = -1;
  if (url.charCodeAt(hostStart) === 91) {
    const close = url.indexOf(']', hostStart);
    if (close < 0 || close >= authEnd) return 'curl: (3) URL rejected: Bad IPv6 address';
    hostEnd = close + 1;
    if (hostEnd < authEnd && url.charCodeAt(hostEnd) === 58) portStart = hostEnd + 1;
  } else {
    const colon = url.indexOf(':', hostStart);
    if (colon >= 0 && colon < authEnd) {
      hostEnd = colon;
      portStart = colon + 1;
    }
  }
  if (hostEnd === hostStart) return 'curl: (3) URL rejected: No host part in the URL';
  let port: number | null = null;
  if (portStart >= 0 && portStart < authEnd) {
    const text = url.slice(portStart, authEnd);
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
      return 'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535';
    port = Number(text);
  }
  let host = url.slice(hostStart, hostEnd).toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  const pathEnd = q >= 0 ? q : hash;
  const query = q >= 0 ? url.slice(q + 1, hash) : null;
  if (pathEnd === authEnd)
    return { https, host, port, path: '/', uri: '/', requestUri: query === null ? '/' : `/?${query}`, query };
  const path = url.slice(authEnd, pathEnd);
  const requestUri = q >= 0 ? url.slice(authEnd, hash) : path;
  const clean = path.indexOf('%') < 0 && path.indexOf('//') < 0 && path.indexOf('/.') < 0;
  return { https, host, port, path, uri: clean ? path : normalizeUri(path), requestUri, query };
}

/** nginx's $uri: percent-decoded, slashes merged, `.` and `..` resolved; null → 400. */
function normalizeUri(path: string): string | null {
  let p = path;
  if (p.indexOf('%') >= 0) {
    try {
      p = decodeURIComponent(p);
    } catch {
      return null;
    }
  }
  const segments = p.split('/');
  const out: string[] = [];
  let trailing = false;
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i];
    const last = i === segments.length - 1;
    if (s === '' || s === '.') {
      if (last) trailing = true;
      continue;
    }
    if (s === '..') {
      if (out.length === 0) return null;
      out.pop();
      if (last) trailing = true;
      continue;
    }
    out.push(s);
  }
  return out.length === 0 ? '/' : '/' + out.join('/') + (trailing ? '/' : '');
}

/**
 * Header lookup as nginx's $http_<name>: names compared lower-case with `-` as `_`. Request headers whose
 * names contain `_` are dropped by nginx (underscores_in_headers off), so they never match.
 */
function headerValue(headers: Record<string, string>, varName: string): string | undefined {
  for (const k in headers) {
    if (k.length === varName.length && k.indexOf('_') < 0 && k.toLowerCase().replace(/-/g, '_') === varName)
      return headers[k];
  }
  return undefined;
}

function cookieValue(req: HttpRequest, lowerName: string): string | undefined {
  for (const k in req.cookies)
    if (k.length === lowerName.length && k.toLowerCase() === lowerName) return req.cookies[k];
  const header = headerValue(req.headers, 'cookie');
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq >= 0 && part.slice(0, eq).trim().toLowerCase() === lowerName) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function hostOf(raw: string): string {
  let h = raw.toLowerCase();
  if (h.startsWith('[')) {
    const close = h.indexOf(']');
    return close >= 0 ? h.slice(0, close + 1) : h;
  }
  const colon = h.indexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

const WILDCARD_LABEL = /^[\w-]+$/;

function wildcardServer(config: NginxConfig, host: string): NginxServer | undefined {
  if (config.wildcards.size === 0) return undefined;
  const dot = host.indexOf('.');
  if (dot <= 0 || !WILDCARD_LABEL.test(host.slice(0, dot))) return undefined;
  return config.wildcards.get(host.slice(dot + 1));
}

/** The certificate presented for a server name (certificate.lua: exact name, then `*.` form, else default). */
function certFor(certs: Map<string, ServedCert>, sni: string): ServedCert | undefined {
  const exact = certs.get(sni);
  if (exact) return exact;
  const dot = sni.indexOf('.');
  return dot > 0 ? certs.get('*.' + sni.slice(dot + 1)) : undefined;
}

/** Longest prefix location by path element: /a/b/c → /a/b/, /a/, / (only lengths some location has). */
function prefixLocation(server: NginxServer, uri: string): NginxLocation | undefined {
  const lengths = server.prefixLengths;
  let end = uri.length;
  if (uri.charCodeAt(end - 1) === 47) {
    if (end < lengths.length && lengths[end] === 1) {
      const l = server.prefix.get(uri);
      if (l) return l;
    }
    end--;
  }
  while (end > 0) {
    const i = uri.lastIndexOf('/', end - 1);
    if (i < 0) break;
    if (i + 1 < lengths.length && lengths[i + 1] === 1) {
      const l = server.prefix.get(uri.slice(0, i + 1));
      if (l) return l;
    }
    end = i;
  }
  return undefined;
}

function applyRewrite(loc: NginxLocation, uri: string, query: string | null): string {
  const rw = loc.rewrite;
  if (!rw) return '';
  const m = rw.regex.exec(uri);
  if (!m) return '';
  let target = rw.target.replace(/\$(\d+|\{\d+\}|[A-Za-z_]\w*)/g, (whole, ref: string) => {
    const name = ref.startsWith('{') ? ref.slice(1, -1) : ref;
    if (/^\d+$/.test(name)) return m.groups[Number(name)] ?? '';
    return m.named[name] ?? whole;
  });
  // nginx appends the original arguments unless the replacement ends with `?`.
  if (target.endsWith('?')) return target.slice(0, -1);
  if (query !== null && query !== '') target += (target.includes('?') ? '&' : '?') + query;
  return target;
}

function noAnswer(reason: string): RoutedResponse {
  return {
    status: 0,
    service: null,
    namespace: null,
    pod: null,
    endpoint: null,
    upstream: null,
    canary: false,
    ingress: null,
    matched: null,
    upstreamUri: null,
    location: null,
    tls: null,
    body: null,
    reason,
  };
}

function nginxAnswer(
  status: number,
  body: string,
  reason: string,
  tls: TlsInfo | null,
  loc: NginxLocation | null,
  location: string | null = null,
): RoutedResponse {
  return {
    status,
    service: null,
    namespace: null,
    pod: null,
    endpoint: null,
    upstream: loc?.upstream?.name ?? null,
    canary: false,
    ingress: loc?.ingress ?? null,
    matched: loc?.matched ?? null,
    upstreamUri: null,
    location,
    tls,
    body,
    reason,
  };
}

/**
 * Canary decision of balancer.lua route_to_alternative_balancer, in its order: header, cookie, weight.
 * Returns the text of the decision, prefixed `canary` or `primary`.
 */
function canaryDecision(alt: Upstream, req: HttpRequest, draw: (total: number) => number): string {
  const p = alt.policy;
  const to = ` (canary Service ${alt.namespace}/${alt.service})`;
  if (p === null)
    return `primary: canary upstream ${alt.name} was created by non-canary Ingress ${alt.createdBy} and has no traffic-shaping policy (CAN-SVC-REUSE)`;
  if (p.headerVar !== '') {
    const v = headerValue(req.headers, p.headerVar);
    if (v !== undefined) {
      if (p.headerValue !== '') {
        if (v === p.headerValue) return `canary by header ${p.header}=${v}${to}`;
      } else if (p.headerPattern !== '') {
        if (p.headerRegex === null)
          return `primary: canary-by-header-pattern "${p.headerPattern}" is treated as not matching, ${re2Limit(p.headerRegexError ?? 'regex error')}; cookie and weight are not consulted`;
        if (p.headerRegex.test(v))
          return `canary by header ${p.header}=${v} matching /${p.headerPattern}/${to}`;
      } else if (v === 'always') return `canary by header ${p.header}=always${to}`;
      else if (v === 'never') return `primary: header ${p.header}=never`;
    }
  }
  if (p.cookieVar !== '') {
    const c = cookieValue(req, p.cookieVar);
    if (c === 'always') return `canary by cookie ${p.cookie}=always${to}`;
    if (c === 'never') return `primary: cookie ${p.cookie}=never`;
  }
  const total = p.weightTotal > 100 ? p.weightTotal : 100;
  const r = draw(total);
  // The drawn number stays out of the text so that requests group by reason (a request step
  // reports counts per reason): the draw is uniform in 1..total, canary when ≤ weight.
  return r <= p.weight
    ? `canary by weight: random draw in 1..${total} fell at or below canary-weight ${p.weight}${to}`
    : `primary: random draw in 1..${total} fell above canary-weight ${p.weight}`;
}

export function routeRequest(
  config: NginxConfig,
  req: HttpRequest,
  draw: (total: number) => number,
  pick: (upstream: Upstream) => EndpointChoice,
): RoutedResponse {
  const url = parseUrlMemo(req.url);
  if (typeof url === 'string') return noAnswer(url);
  const port = url.port ?? (url.https ? 443 : 80);
  if (!url.https && (port === 443 || port === HTTPS_NODE_PORT)) {
    const r = noAnswer(`400: plain HTTP sent to the controller's HTTPS port ${port}`);
    r.status = 400;
    r.body = NGINX_PAGES.plainHttpToHttps;
    return r;
  }
  if (url.https && (port === 80 || port === HTTP_NODE_PORT))
    return noAnswer(
      `no HTTP answer: TLS handshake with the controller's plain-HTTP port ${port} fails (curl: (35) wrong version number)`,
    );

  let host = url.host;
  let hostHeader: string | null = null;
  for (const k in req.headers) {
    if (k.length === 4 && k.toLowerCase() === 'host') {
      hostHeader = req.headers[k];
      host = hostOf(hostHeader);
      break;
    }
  }
  const server = config.servers.get(host) ?? wildcardServer(config, host) ?? config.catchAll;
  // The Lua certificate store looked up by the Host name (precomputed for named servers).
  const hostCert = server === config.catchAll ? certFor(config.certs, host) : server.hostCert;

  let tls: TlsInfo | null = null;
  let tlsText = '';
  if (url.https) {
    // SNI is the URL's host name; clients send none for an IP address.
    const sni = url.host;
    const served =
      (hostHeader === null ? hostCert : /^[\d.]+$|^\[/.test(sni) ? undefined : certFor(config.certs, sni)) ??
      config.defaultCert;
    tls = served.tls;
    tlsText = served.text;
  }

  const uri = url.uri;
  if (uri === null)
    return nginxAnswer(400, NGINX_PAGES[400], `400: invalid request path ${url.path}`, tls, null);
  let loc: NginxLocation | undefined;
  if (server.regex) {
    for (const l of server.regex)
      if ((l.regex as NginxRegex).test(uri)) {
        loc = l;
        break;
      }
  } else {
    const n = uri.length;
    if (n < server.exactLengths.length && server.exactLengths[n] === 1) {
      loc = server.exact.get(uri);
      if (!loc) {
        const slash = server.slashRedirect.get(uri);
        if (slash) {
          const target = slash.path + (url.query !== null ? `?${url.query}` : '');
          return nginxAnswer(
            301,
            NGINX_PAGES[301],
            `301: nginx redirects ${uri} to ${slash.path} (only a location ${slash.path} exists; ING-PREFIX-SLASH); ${slash.describe}${tlsText}`,
            tls,
            slash,
            target,
          );
        }
      }
    }
    if (!loc) loc = prefixLocation(server, uri);
  }
  if (!loc)
    return nginxAnswer(
      404,
      NGINX_PAGES[404],
      `404: no location of server ${server.hostname} matches ${uri}${tlsText}`,
      tls,
      null,
    );

  // TLS-REDIRECT (lua_ingress.lua redirect_to_https) runs before any backend is chosen.
  if (!url.https && !loc.noTlsRedirect) {
    let why = '';
    if (loc.forceSslRedirect)
      why = `force-ssl-redirect on ${loc.ingress ? `Ingress ${loc.ingress}` : 'the location'}`;
    else if (loc.sslRedirect && hostCert !== undefined)
      why = `TLS host ${host} redirects HTTP to HTTPS (ssl-redirect)`;
    if (why !== '') {
      let requestUri = url.requestUri;
      if (!loc.preserveTrailingSlash && requestUri.endsWith('/')) requestUri = requestUri.slice(0, -1);
      // redirect_host(): the Host without its port.
      const target = `https://${hostHeader === null ? url.host : hostOf(hostHeader)}${requestUri}`;
      const lead = why.startsWith('TLS host') ? why : `${why} redirects HTTP to HTTPS`;
      return nginxAnswer(308, NGINX_PAGES[308], `308: ${lead}; ${loc.describe}`, tls, loc, target);
    }
  }

  const primary = loc.upstream;
  if (primary === null) {
    if (loc.missingUpstream !== null)
      return nginxAnswer(
        503,
        NGINX_PAGES[503],
        `503: upstream ${loc.missingUpstream} was removed while merging canaries; ${loc.describe}${tlsText}`,
        tls,
        loc,
      );
    return nginxAnswer(404, NGINX_PAGES[404], notFoundReason(config, server, host, uri) + tlsText, tls, loc);
  }
  if (primary.endpoints.length === 0) {
    const canaryNote = primary.alternative
      ? ' (the canary is not consulted when the primary has no endpoint)'
      : '';
    return nginxAnswer(
      503,
      NGINX_PAGES[503],
      `503: ${primary.empty ?? 'no endpoints'}${canaryNote}; ${loc.describe}${tlsText}`,
      tls,
      loc,
    );
  }

  let target = primary;
  let decision = '';
  const alt = primary.alternative;
  if (alt !== null) {
    if (alt.endpoints.length === 0)
      decision = `; primary: canary ${alt.empty ?? `upstream ${alt.name} has no endpoints`}`;
    else {
      decision = '; ' + canaryDecision(alt, req, draw);
      if (decision.startsWith('; canary')) target = alt;
    }
  } else if (primary.alternativeMissing !== null) decision = `; primary: ${primary.alternativeMissing}`;

  const endpoint = pick(target);
  const rewritten = loc.rewrite ? applyRewrite(loc, uri, url.query) : '';
  const upstreamUri = rewritten !== '' ? rewritten : url.requestUri;
  const rewriteText = rewritten !== '' ? `; rewrite-target sends ${upstreamUri}` : '';
  return {
    status: 200,
    service: target.service,
    namespace: target.namespace,
    pod: endpoint.pod,
    endpoint,
    upstream: target.name,
    canary: target !== primary,
    ingress: loc.ingress,
    matched: loc.matched,
    upstreamUri,
    location: null,
    tls,
    body: null,
    reason: `${loc.describe}${decision}${rewriteText}; pod ${endpoint.pod} (${endpoint.ip}:${endpoint.port})${tlsText}`,
  };
}

function notFoundReason(config: NginxConfig, server: NginxServer, host: string, uri: string): string {
  if (server === config.catchAll) {
    const hint = config.hostHints.get(host);
    const hostLess = server.locations.length > 1 ? `, and no rule without host matches ${uri}` : '';
    return `404: no Ingress rule for host ${host}${hostLess} (default backend)${hint ? `; ${hint}` : ''}`;
  }
  return `404: host ${server.hostname} has no rule for path ${uri} (default backend; rules without host are not consulted, ING-HOSTFIRST)`;
}

// ---------------------------------------------------------------------------------------------
// Validating admission webhook (N-CTL CheckIngress, checkOverlap)

function manifestToIngress(m: Manifest & { kind: 'Ingress' }): IngressObject {
  return {
    kind: 'Ingress',
    meta: {
      name: m.metadata?.name ?? '',
      namespace: m.metadata?.namespace ?? 'default',
      uid: '',
      labels: m.metadata?.labels ?? {},
      annotations: m.metadata?.annotations ?? {},
      ownerReferences: [],
      finalizers: [],
      creationTime: Number.MAX_SAFE_INTEGER,
      deletionTime: null,
      deletionGracePeriodSeconds: null,
      creationIndex: Number.MAX_SAFE_INTEGER,
      generation: 1,
    },
    spec: m.spec ?? {},
  };
}

/** GetBoolAnnotation("canary"): value, and whether the annotation is absent (ErrMissingAnnotations). */
function canaryFlag(ing: IngressObject): { value: boolean; missing: boolean } {
  const v = ing.meta.annotations[ANN + 'canary'];
  if (v === undefined) return { value: false, missing: true };
  return { value: goParseBool(v) ?? false, missing: false };
}

/** Upstream names an Ingress refers to (defaultBackend and paths). */
function upstreamNamesOf(ing: IngressObject): string[] {
  const names: string[] = [];
  const db = ing.spec.defaultBackend?.service;
  if (db) names.push(upstreamName(ing.meta.namespace, db));
  for (const rule of ing.spec.rules ?? [])
    for (const p of rule.http?.paths ?? [])
      if (p.backend.service) names.push(upstreamName(ing.meta.namespace, p.backend.service));
  return names;
}

/**
 * Ingresses by rule host and path as written, so that admission looks only at the Ingresses that can own
 * a location the new one asks for instead of rebuilding every server for every Ingress (quadratic).
 * The controller keeps one up to date from its watch; an array passed to admitIngress gets a fresh one.
 */
export class IngressIndex {
  private readonly byHostPath = new Map<string, Set<IngressObject>>();
  private readonly keysOf = new Map<IngressObject, string[]>();
  /** Ingresses with `canary: "true"`: they can change which upstreams back a server, see admitIngress. */
  private readonly canaries = new Set<IngressObject>();

  static of(ingresses: Iterable<IngressObject>): IngressIndex {
    const index = new IngressIndex();
    for (const ing of ingresses) index.add(ing);
    return index;
  }

  /** Adds or re-indexes (objects are updated in place). */
  add(ing: IngressObject): void {
    this.remove(ing);
    const keys: string[] = [];
    for (const rule of ing.spec.rules ?? [])
      for (const p of rule.http?.paths ?? []) keys.push(`${rule.host || CATCH_ALL} ${p.path || '/'}`);
    for (const k of keys) {
      let set = this.byHostPath.get(k);
      if (!set) this.byHostPath.set(k, (set = new Set()));
      set.add(ing);
    }
    this.keysOf.set(ing, keys);
    if (canaryFlag(ing).value) this.canaries.add(ing);
  }

  remove(ing: IngressObject): void {
    const keys = this.keysOf.get(ing);
    if (!keys) return;
    for (const k of keys) {
      const set = this.byHostPath.get(k);
      set?.delete(ing);
      if (set?.size === 0) this.byHostPath.delete(k);
    }
    this.keysOf.delete(ing);
    this.canaries.delete(ing);
  }

  all(): IterableIterator<IngressObject> {
    return this.keysOf.keys();
  }

  at(host: string, path: string): Iterable<IngressObject> {
    return this.byHostPath.get(`${host} ${path}`) ?? [];
  }

  canaryIngresses(): Iterable<IngressObject> {
    return this.canaries;
  }
}

/**
 * The existing Ingresses whose presence can change checkOverlap's answer for `candidate`, or null when
 * that cannot be narrowed and every Ingress must be assembled. A location named P on host H comes only
 * from paths P, or P without its trailing `/` (Prefix split), of rules for H; locations do not interact
 * across paths otherwise. Global facts stay out of reach of the narrowing, hence null: rules without host
 * (they also receive paths of hosts no server has) and canaries (an upstream's creator decides whether
 * its paths make locations at all, CAN-NOSERVER / CAN-SVC-REUSE).
 */
function overlapCandidates(
  candidate: IngressObject,
  index: IngressIndex,
  served: (i: IngressObject) => boolean,
): IngressObject[] | null {
  if (canaryFlag(candidate).value) return null;
  const picked = new Set<IngressObject>();
  for (const rule of candidate.spec.rules ?? []) {
    if (!rule.http) continue;
    const host = rule.host || CATCH_ALL;
    if (host === CATCH_ALL) return null;
    for (const p of rule.http.paths) {
      const path = p.path || '/';
      for (const i of index.at(host, path)) if (served(i)) picked.add(i);
      if (path.length > 1 && path.endsWith('/'))
        for (const i of index.at(host, path.slice(0, -1))) if (served(i)) picked.add(i);
    }
  }
  const names = new Set(upstreamNamesOf(candidate));
  for (const i of picked) for (const n of upstreamNamesOf(i)) names.add(n);
  for (const c of index.canaryIngresses())
    if (served(c) && upstreamNamesOf(c).some((n) => names.has(n))) return null;
  return [...picked];
}

/**
 * The rejection ingress-nginx's validating webhook gives when `ingress` is created or updated, or null.
 * Checks, in CheckIngress order: served by this controller at all (else allowed), ING-STRICTPATH,
 * snippet annotations (allow-snippet-annotations defaults to false), then ING-WEBHOOK overlap.
 */
export function admitIngress(
  ingress: Manifest,
  existing: IngressObject[] | IngressIndex,
  controllerIsNginx: boolean,
  ingressClasses: PassiveObject[] = [],
  opts: NginxOptions = {},
  /** false: assemble every existing Ingress (the reference the narrowing is tested against). */
  narrow = true,
): string | null {
  if (!controllerIsNginx || ingress.kind !== 'Ingress') return null;
  const candidate = manifestToIngress(ingress);
  const classes = withInstalledIngressClass(ingressClasses, opts);
  if (whyNotServed(candidate, classes, opts) !== null) return null;
  const strict = nginxAdmissionError(ingress);
  if (strict !== null) return strict;
  for (const key of Object.keys(candidate.meta.annotations))
    if (key.endsWith('-snippet'))
      return `${WEBHOOK_DENIED}${key} annotation cannot be used. Snippet directives are disabled by the Ingress administrator`;
  const same = (i: IngressObject): boolean =>
    i.meta.namespace === candidate.meta.namespace && i.meta.name === candidate.meta.name;
  const served = (i: IngressObject): boolean => !same(i) && whyNotServed(i, classes, opts) === null;
  const index = existing instanceof IngressIndex ? existing : IngressIndex.of(existing);
  const narrowed = narrow ? overlapCandidates(candidate, index, served) : null;
  const others = (narrowed ?? [...index.all()].filter(served)).sort(compareIngresses);
  const ctx: BuildContext = {
    services: new Map(),
    secrets: new Map(),
    defaultCert: servedCert({ secret: null, fake: true }, FAKE_CERT),
    warnings: [],
  };
  // The new object is appended after the sorted existing ones, as CheckIngress does.
  const { servers } = assemble([...others, candidate], ctx);
  const overlap = checkOverlap(candidate, servers);
  return overlap === null ? null : WEBHOOK_DENIED + overlap;
}

/** checkOverlap as written: the first path that some location already serves decides the answer. */
function checkOverlap(ing: IngressObject, servers: Map<string, BuildServer>): string | null {
  const mine = canaryFlag(ing);
  for (const rule of ing.spec.rules ?? []) {
    if (!rule.http) continue;
    const host = rule.host || CATCH_ALL;
    for (const p of rule.http.paths) {
      if (!p.backend.service) continue;
      const path = p.path || '/';
      const owners: IngressObject[] = [];
      for (const loc of servers.get(host)?.locations ?? [])
        if (loc.path === path && !loc.isDefBackend && loc.ingress) owners.push(loc.ingress);
      if (owners.length === 0) continue;
      if (owners.some((o) => o.meta.namespace === ing.meta.namespace && o.meta.name === ing.meta.name))
        return null;
      for (const o of owners) {
        const theirs = canaryFlag(o);
        if ((mine.value && theirs.value) || (mine.missing && theirs.missing))
          return `host "${host}" and path "${path}" is already defined in ingress ${o.meta.namespace}/${o.meta.name}`;
      }
      return null;
    }
  }
  return null;
}

/**
 * Warnings for `kubectl apply` of an Ingress this controller serves: the regexes of its own annotations
 * (use-regex / rewrite-target paths, canary-by-header-pattern) that RE2 cannot compile, so that the reader
 * learns at apply time that the simulation skips them. Paths that become regexes only because another
 * Ingress of the host sets use-regex are reported in NginxConfig.warnings.
 */
export function ingressRegexWarnings(
  ingress: Manifest,
  ingressClasses: PassiveObject[] = [],
  opts: NginxOptions = {},
): string[] {
  if (ingress.kind !== 'Ingress') return [];
  const ing = manifestToIngress(ingress);
  if (whyNotServed(ing, withInstalledIngressClass(ingressClasses, opts), opts) !== null) return [];
  const out: string[] = [];
  const a = parseAnnotations(ing, []);
  const key = ingressKey(ing);
  if (a.canary?.headerRegexError != null)
    out.push(headerPatternWarning(key, a.canary.headerPattern, a.canary.header, a.canary.headerRegexError));
  if (!a.useRegex && a.rewriteTarget === '') return out;
  for (const rule of ing.spec.rules ?? [])
    for (const p of rule.http?.paths ?? []) {
      const path = p.path || '/';
      const why = a.useRegex ? 'use-regex' : 'rewrite-target';
      if (!a.useRegex && a.rewriteTarget === path) continue;
      const c = compileNginxRegex('^' + path, true);
      if (!c.ok)
        out.push(
          `Ingress ${key}: path "${path}" of ${rule.host ? `host ${rule.host}` : 'the rule without host'} is the nginx regex location ~* "^${path}" (${ANN}${why}): ${re2Limit(c.error)}; the simulation never matches this location`,
        );
    }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The controller

const SYNC_KEY = 'config';

export class IngressNginxController implements Controller {
  readonly name = 'ingress-nginx-controller';
  readonly watches: readonly Kind[] = ['Ingress', 'IngressClass', 'Service', 'Secret'];
  private current: NginxConfig;
  /** Round-robin position per upstream (ING-LB). */
  private readonly next = new Map<string, number>();
  /** The store's Ingresses for admission, kept in step with the watch. */
  readonly ingresses = new IngressIndex();

  constructor(
    private readonly sim: Sim,
    private readonly opts: NginxOptions = {},
  ) {
    this.current = buildNginxConfig({ ingresses: [], services: [], secrets: [], ingressClasses: [] }, opts);
  }

  get config(): NginxConfig {
    return this.current;
  }

  onChange(change: Change): void {
    if (change.obj.kind === 'Ingress') {
      if (change.type === 'deleted') this.ingresses.remove(change.obj);
      else this.ingresses.add(change.obj);
    }
    this.sim.enqueue(this, SYNC_KEY);
  }

  sync(_key: string): void {
    const store = this.sim.store;
    this.current = buildNginxConfig(
      {
        ingresses: [...store.list('Ingress')],
        services: [...store.list('Service')],
        secrets: [...store.list('Secret')],
        ingressClasses: withInstalledIngressClass([...store.list('IngressClass')], this.opts),
      },
      this.opts,
    );
  }

  handle(req: HttpRequest): RoutedResponse {
    return routeRequest(this.current, req, this.draw, this.pick);
  }

  private readonly draw = (total: number): number =>
    total <= 0x100000000
      ? 1 + this.sim.trafficRng.int(total)
      : 1 + Math.floor(this.sim.trafficRng.float() * total);

  private readonly pick = (upstream: Upstream): EndpointChoice => {
    const i = this.next.get(upstream.name) ?? 0;
    this.next.set(upstream.name, i + 1);
    return upstream.endpoints[i % upstream.endpoints.length];
  };
}
