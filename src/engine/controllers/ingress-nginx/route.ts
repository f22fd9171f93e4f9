// One HTTP request through the controller (nginx's server and location match, then the Lua
// balancer's canary decision and endpoint choice), with the reason for the answer.
import { HttpRequest, TlsInfo } from '../../net';
import { NginxRegex, re2Limit } from '../ingress-regex';
import { HTTPS_NODE_PORT, HTTP_NODE_PORT } from './constants';
import { NGINX_PAGES } from './pages';
import {
  EndpointChoice,
  NginxConfig,
  NginxLocation,
  NginxServer,
  RoutedResponse,
  ServedCert,
  Upstream,
} from './types';

export interface ParsedUrl {
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
export const parsedUrls = new Map<string, ParsedUrl | string>();
export const PARSED_URLS_LIMIT = 4096;

export function parseUrlMemo(url: string): ParsedUrl | string {
  let parsed = parsedUrls.get(url);
  if (parsed === undefined) {
    parsed = parseUrl(url);
    if (parsedUrls.size >= PARSED_URLS_LIMIT) parsedUrls.clear();
    parsedUrls.set(url, parsed);
  }
  return parsed;
}

export function parseUrl(url: string): ParsedUrl | string {
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
export function normalizeUri(path: string): string | null {
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
export function headerValue(headers: Record<string, string>, varName: string): string | undefined {
  for (const k in headers) {
    if (k.length === varName.length && k.indexOf('_') < 0 && k.toLowerCase().replace(/-/g, '_') === varName)
      return headers[k];
  }
  return undefined;
}

export function cookieValue(req: HttpRequest, lowerName: string): string | undefined {
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

export function hostOf(raw: string): string {
  let h = raw.toLowerCase();
  if (h.startsWith('[')) {
    const close = h.indexOf(']');
    return close >= 0 ? h.slice(0, close + 1) : h;
  }
  const colon = h.indexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

export const WILDCARD_LABEL = /^[\w-]+$/;

export function wildcardServer(config: NginxConfig, host: string): NginxServer | undefined {
  if (config.wildcards.size === 0) return undefined;
  const dot = host.indexOf('.');
  if (dot <= 0 || !WILDCARD_LABEL.test(host.slice(0, dot))) return undefined;
  return config.wildcards.get(host.slice(dot + 1));
}

/** The certificate presented for a server name (certificate.lua: exact name, then `*.` form, else default). */
export function certFor(certs: Map<string, ServedCert>, sni: string): ServedCert | undefined {
  const exact = certs.get(sni);
  if (exact) return exact;
  const dot = sni.indexOf('.');
  return dot > 0 ? certs.get('*.' + sni.slice(dot + 1)) : undefined;
}

/** Longest prefix location by path element: /a/b/c → /a/b/, /a/, / (only lengths some location has). */
export function prefixLocation(server: NginxServer, uri: string): NginxLocation | undefined {
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

export function applyRewrite(loc: NginxLocation, uri: string, query: string | null): string {
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

export function noAnswer(reason: string): RoutedResponse {
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

export function nginxAnswer(
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
export function canaryDecision(alt: Upstream, req: HttpRequest, draw: (total: number) => number): string {
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
  // CAN-ONE, CAN-SVC-REUSE: a canary the user wrote for this traffic that never shapes it.
  for (const up of alt !== null ? [primary, alt] : [primary])
    for (const c of up.ignoredCanaries)
      decision += `; canary Ingress ${c.ingress} is ignored, ${c.applied} is applied (${c.rule})`;

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

export function notFoundReason(config: NginxConfig, server: NginxServer, host: string, uri: string): string {
  if (server === config.catchAll) {
    const hint = config.hostHints.get(host);
    const hostLess = server.locations.length > 1 ? `, and no rule without host matches ${uri}` : '';
    return `404: no Ingress rule for host ${host}${hostLess} (default backend)${hint ? `; ${hint}` : ''}`;
  }
  return `404: host ${server.hostname} has no rule for path ${uri} (default backend; rules without host are not consulted, ING-HOSTFIRST)`;
}
