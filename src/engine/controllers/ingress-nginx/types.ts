// The shapes of the controller model: servers, locations, upstreams, certificates, responses.
import { HttpResponse, TlsInfo } from '../../net';
import { IngressObject, PassiveObject, ServiceObject } from '../../types';
import { NginxRegex } from '../ingress-regex';

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
  /** Canary Ingresses whose rules would have shaped this upstream's requests and never do, said in
   * the reason of every request routed through it. */
  ignoredCanaries: IgnoredCanary[];
}

/** A canary Ingress that never shapes traffic, and the Ingress whose rules apply instead. */
export interface IgnoredCanary {
  /** `<ns>/<name>` of the ignored canary Ingress. */
  ingress: string;
  /** `<ns>/<name>` of the Ingress applied instead. */
  applied: string;
  /** Whether `applied` is a canary (always for CAN-ONE; for CAN-SVC-REUSE the Service's upstream
   * may come from a normal Ingress, and then no canary rule applies). */
  appliedIsCanary: boolean;
  /** `<ns>/<name>` of the Service the two compete for. */
  service: string;
  rule: 'CAN-ONE' | 'CAN-SVC-REUSE';
  /** What the user is told, once per run. */
  message: string;
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

export function servedCert(tls: TlsInfo, why: string): ServedCert {
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
  /** CAN-ONE, CAN-SVC-REUSE: canary Ingresses that never shape traffic (their messages are also in
   * `warnings`), shown to the user after each step and in the editor, since nothing else says it. */
  ignoredCanaries: IgnoredCanary[];
  /** Annotation values the controller cannot parse and replaces by its default, said to the user
   * (also in `warnings`). */
  invalidAnnotations: string[];
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
