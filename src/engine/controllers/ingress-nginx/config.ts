// Building the configuration (N-CTL createUpstreams, createServers, getBackendServers,
// mergeAlternativeBackends; N-LOC updateServerLocations; N-TPL buildLocation)
import { IngressObject, PassiveObject, ServiceObject } from '../../types';
import { NginxRegex, compileNginxRegex, re2Limit } from '../ingress-regex';
import { IngressAnnotations, NO_ANNOTATIONS, parseAnnotations } from './annotations';
import { compareIngresses, ingressKey, whyNotServed } from './classes';
import { CATCH_ALL, DEFAULT_UPSTREAM, FAKE_CERT, NO_TLS_REDIRECT_LOCATIONS } from './constants';
import { certFor } from './route';
import { certCoversHost, parseSecretCert } from './tls';
import {
  IgnoredCanary,
  NginxConfig,
  NginxInput,
  NginxLocation,
  NginxOptions,
  NginxServer,
  PathKind,
  ServedCert,
  Upstream,
  servedCert,
} from './types';
import { IngressServiceBackend } from 'kubernetes-types/networking/v1';

export interface BuildLocation {
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

export interface BuildServer {
  hostname: string;
  locations: BuildLocation[];
  cert: ServedCert | null;
}

export interface BuildContext {
  services: Map<string, ServiceObject>;
  secrets: Map<string, PassiveObject>;
  defaultCert: ServedCert;
  warnings: string[];
  /** Canary Ingresses that take no effect, said to the user (also in `warnings`). */
  ignoredCanaries: IgnoredCanary[];
  /** Annotation values replaced by their default, said to the user (also in `warnings`). */
  invalidAnnotations: string[];
}

export interface Assembled {
  upstreams: Map<string, Upstream>;
  servers: Map<string, BuildServer>;
  annotations: Map<IngressObject, IngressAnnotations>;
}

export function pathKind(pathType: string | undefined): PathKind {
  return pathType === 'Exact' ? 'Exact' : 'Prefix'; // ING-IMPLSPEC
}

/** Upstream names an Ingress refers to (defaultBackend and paths). */
export function upstreamNamesOf(ing: IngressObject): string[] {
  const names: string[] = [];
  const db = ing.spec.defaultBackend?.service;
  if (db) names.push(upstreamName(ing.meta.namespace, db));
  for (const rule of ing.spec.rules ?? [])
    for (const p of rule.http?.paths ?? [])
      if (p.backend.service) names.push(upstreamName(ing.meta.namespace, p.backend.service));
  return names;
}

export function upstreamName(namespace: string, svc: IngressServiceBackend): string {
  const port = svc.port;
  if (port?.number !== undefined && port.number > 0) return `${namespace}-${svc.name}-${port.number}`;
  if (port?.name) return `${namespace}-${svc.name}-${port.name}`;
  return `${namespace}-INVALID`;
}

export function backendPort(svc: IngressServiceBackend): string {
  const port = svc.port;
  if (port?.number !== undefined && port.number > 0) return String(port.number);
  return port?.name ?? '';
}

/** serviceEndpoints: the port matches by number, targetPort or name; only ready endpoints count (N-EPS). */
export function newUpstream(
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
    ignoredCanaries: [],
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

export function rootLocation(
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

export function extractTLSSecretName(host: string, ing: IngressObject, ctx: BuildContext): string {
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
export function resolveCert(host: string, ing: IngressObject, ctx: BuildContext): ServedCert {
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

export function needsRewrite(loc: BuildLocation): boolean {
  return loc.anns.rewriteTarget !== '' && loc.anns.rewriteTarget !== loc.path;
}

export function mergeAlternativeBackends(
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
export function splitPrefixLocations(locations: BuildLocation[]): BuildLocation[] {
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

export function assemble(ordered: IngressObject[], ctx: BuildContext): Assembled {
  const annotations = new Map<IngressObject, IngressAnnotations>();
  for (const ing of ordered)
    annotations.set(ing, parseAnnotations(ing, ctx.warnings, ctx.invalidAnnotations));
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
  // CAN-SVC-REUSE: a canary whose Service another Ingress made an upstream of first never shapes
  // traffic — the first creator's rules (or none) apply.
  for (const ing of canaries) {
    const key = ingressKey(ing);
    for (const name of new Set(upstreamNamesOf(ing))) {
      const up = upstreams.get(name);
      if (!up || up.createdBy === key) continue;
      const service = `${up.namespace}/${up.service}`;
      const message =
        up.policy !== null
          ? `canary Ingress ${key} is ignored: ingress-nginx applies one canary per Service, and ${up.createdBy} is applied — it made Service ${service} an upstream first (CAN-SVC-REUSE)`
          : `canary Ingress ${key} is ignored: Ingress ${up.createdBy} made Service ${service} an upstream first, without canary rules, so these never apply (CAN-SVC-REUSE)`;
      const ignored: IgnoredCanary = {
        ingress: key,
        applied: up.createdBy,
        appliedIsCanary: up.policy !== null,
        service,
        rule: 'CAN-SVC-REUSE',
        message,
      };
      ctx.warnings.push(message);
      ctx.ignoredCanaries.push(ignored);
      up.ignoredCanaries.push(ignored);
    }
  }

  for (const server of servers.values()) {
    // Longest path first, ties by path descending: the order regex locations are written in.
    server.locations.sort((x, y) => (x.path > y.path ? -1 : x.path < y.path ? 1 : 0));
    server.locations.sort((x, y) => y.path.length - x.path.length);
    server.locations = splitPrefixLocations(server.locations);
  }
  return { upstreams, servers, annotations };
}

export function describeLocation(
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

export function finalizeServer(
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

export function lengthTable(keys: string[]): Uint8Array {
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
    ignoredCanaries: [],
    invalidAnnotations: [],
  };
  const ignoredCanaries = ctx.ignoredCanaries;
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
    // CAN-ONE: the balancer only ever consults the first alternative backend; say so for the rest.
    const applied = built.upstreams.get(first)?.createdBy ?? first;
    for (const ignored of up.alternatives.slice(1)) {
      const by = built.upstreams.get(ignored)?.createdBy ?? ignored;
      if (by === applied) continue;
      const service = `${up.namespace}/${up.service}`;
      const message = `canary Ingress ${by} is ignored: ingress-nginx applies one canary per backend (Service ${service}), and ${applied} is applied (CAN-ONE)`;
      const canary: IgnoredCanary = {
        ingress: by,
        applied,
        appliedIsCanary: true,
        service,
        rule: 'CAN-ONE',
        message,
      };
      warnings.push(message);
      ignoredCanaries.push(canary);
      up.ignoredCanaries.push(canary);
    }
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
    ignoredCanaries,
    invalidAnnotations: ctx.invalidAnnotations,
  };
}
