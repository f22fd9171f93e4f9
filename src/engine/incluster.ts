// An HTTP request sent from inside a pod, as `kubectl exec <pod> -- curl <url>` would do it.
// Invariants:
// - the host is resolved with the cluster DNS from the pod's namespace (dns.ts); a failed lookup
//   is curl's exit 6 "Could not resolve host";
// - with several addresses (headless Service) curl connects to the first one; CoreDNS's
//   `loadbalance` plugin (kubeadm Corefile) shuffles them, so one is picked uniformly at random;
// - a ClusterIP goes through kube-proxy (iptables mode): the URL port must be a Service port
//   (else no rule matches, nothing answers and the connect times out), then a ready endpoint
//   with a target for that port is picked uniformly at random; with none kube-proxy rejects
//   the connection at once (curl exit 7);
// - a pod IP (headless name, pod DNS name, IP literal) is reached directly on the URL port;
// - the chosen pod answers per app.ts; a port nobody listens on refuses the connection;
// - every failure is status 0 (curl's %{http_code} prints 000) with curl's message as body;
// - https inside the cluster is out of scope (the modelled apps serve plain HTTP): refused,
//   with the reason saying so;
// - `rng` is drawn only when there is a real choice, so adding a single-backend request does not
//   shift later draws.
import { appResponse } from './app';
import { lookupName, type DnsRecord } from './dns';
import { CONNECTION_REFUSED, type HttpRequest, type HttpResponse } from './net';
import type { Sim } from './sim';
import type { PodObject, ServiceObject } from './types';

export interface ParsedUrl {
  scheme: 'http' | 'https';
  host: string;
  port: number | null;
  path: string;
}

/** Linux gives up a TCP connect after 6 SYN retries (≈127 s); curl reports the elapsed time. */
const CONNECT_TIMEOUT_MS = 127000;

/**
 * `http://host[:port][/path]`. Like curl, a URL without a scheme is taken as http. Returns an
 * error message for anything else (other schemes, credentials, IPv6 literals, bad ports).
 */
export function parseHttpUrl(url: string): ParsedUrl | string {
  const text = url.trim();
  if (text === '') return 'empty URL';
  if (/\s/.test(text)) return `URL "${url}" contains whitespace`;
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/?#]*)([^#]*)(?:#.*)?$/.exec(text);
  if (!m) return `malformed URL "${url}"`;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https')
    return `unsupported scheme "${m[1]}" in "${url}" (http or https)`;
  const authority = m[2];
  if (authority.includes('@')) return `credentials in the URL are not supported: "${url}"`;
  if (authority.startsWith('[')) return `IPv6 addresses are not supported: "${url}"`;
  const hp = /^([^:]*)(?::(\d*))?$/.exec(authority);
  if (!hp) return `malformed host or port in "${url}"`;
  const host = hp[1].toLowerCase();
  if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/.test(host)) {
    return host === '' ? `missing host in "${url}"` : `invalid host "${hp[1]}" in "${url}"`;
  }
  let port: number | null = null;
  if (hp[2] !== undefined && hp[2] !== '') {
    port = Number(hp[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return `invalid port "${hp[2]}" in "${url}"`;
  }
  let path = m[3];
  if (path === '') path = '/';
  else if (path.startsWith('?')) path = `/${path}`;
  return { scheme, host, port, path };
}

/** `curl <url>` run inside `fromPod`. */
export function requestFromPod(
  sim: Sim,
  fromPod: PodObject,
  req: HttpRequest,
  rng: () => number,
): HttpResponse {
  const url = parseHttpUrl(req.url);
  if (typeof url === 'string') {
    return failure('curl: (3) URL rejected: Malformed input to a URL function', url);
  }
  const from = fromPod.meta.name;
  if (!fromPod.state.containersStarted) {
    // kubectl exec needs a running container to start curl in.
    const container = fromPod.spec.containers?.[0]?.name ?? '';
    return failure(
      `error: unable to upgrade connection: container not found ("${container}")`,
      `pod ${from} is not running (${fromPod.state.waitingReason ?? fromPod.state.phase}), so nothing can be run in it`,
    );
  }
  const port = url.port ?? (url.scheme === 'https' ? 443 : 80);
  const host = url.host.replace(/\.$/, '');
  const refused = `curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`;
  const timedOut = `curl: (28) Failed to connect to ${host} port ${port} after ${CONNECT_TIMEOUT_MS} ms: Couldn't connect to server`;

  // Resolve: an IPv4 literal is used as is; anything else asks the cluster DNS.
  let record: DnsRecord | null = null;
  let ip: string;
  let via = '';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) ip = host;
  else {
    const found = lookupName(sim, url.host, fromPod.meta.namespace);
    const ips = [...new Set(found.records.map((r) => r.ip))];
    if (ips.length === 0) {
      return failure(
        `curl: (6) Could not resolve host: ${host}`,
        `DNS from namespace ${fromPod.meta.namespace}: ${host} → ${found.rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'no address'} (tried ${found.tried.join(', ')})`,
      );
    }
    ip = ips.length === 1 ? ips[0] : ips[Math.floor(rng() * ips.length)];
    record = found.records.find((r) => r.ip === ip) ?? null;
    via =
      ips.length === 1
        ? `${host} resolves to ${record?.pod ? 'the pod IP ' : ''}${ip} (${found.name})`
        : `${host} resolves to ${ips.length} addresses (${found.name}); curl connects to the first, ${ip}, as CoreDNS shuffles them`;
  }
  if (url.scheme === 'https') {
    return failure(
      refused,
      `${via ? via + '; ' : ''}https inside the cluster is not simulated (the modelled apps serve plain HTTP): treated as connection refused`,
    );
  }

  const svc = record?.service && record.pod === null ? record.service : serviceByClusterIP(sim, ip);
  if (svc) return throughService(sim, svc, port, url.path, rng, refused, timedOut, via);

  const viaEndpoint = record?.pod && record.service ? record.service : null;
  const pod =
    (viaEndpoint && sim.store.get('Pod', viaEndpoint.meta.namespace, record?.pod ?? '')) || podByIP(sim, ip);
  if (!pod) {
    return failure(
      timedOut,
      `${via ? via + '; ' : ''}no pod or Service has the IP ${ip}: nothing answers and the connect times out`,
    );
  }
  const target = `pod ${pod.meta.name} (${ip}) directly on port ${port}`;
  const how = viaEndpoint
    ? `${viaEndpoint.clusterIP === 'None' ? 'headless ' : ''}Service ${viaEndpoint.meta.namespace}/${viaEndpoint.meta.name}: ${via}; curl connects to ${target}, no kube-proxy involved`
    : via
      ? `${via}; curl connects to ${target}`
      : `${ip} is the IP of pod ${pod.meta.namespace}/${pod.meta.name}; curl connects to ${target}`;
  const answer = appResponse(pod, port, url.path);
  if (!answer) return failure(refused, `${how}; nothing listens on port ${port} in that pod`);
  return {
    status: answer.status,
    service: viaEndpoint?.meta.name ?? null,
    pod: pod.meta.name,
    body: answer.body,
    location: null,
    tls: null,
    reason: how,
  };
}

function throughService(
  sim: Sim,
  svc: ServiceObject,
  port: number,
  path: string,
  rng: () => number,
  refused: string,
  timedOut: string,
  via: string,
): HttpResponse {
  const name = `${svc.meta.namespace}/${svc.meta.name}`;
  const lead = via ? `${via}; ` : '';
  const ports = svc.spec.ports;
  const index = ports.findIndex((p) => p.port === port && p.protocol === 'TCP');
  if (index < 0) {
    const list = ports.map((p) => `${p.port}/${p.protocol}`).join(', ') || 'none';
    return failure(
      timedOut,
      `${lead}Service ${name} has no port ${port} (ports: ${list}): no kube-proxy rule matches that ClusterIP port, so nothing answers and the connect times out`,
    );
  }
  const ready = svc.endpoints.filter((e) => e.ready && e.targetPorts[index] !== null);
  if (ready.length === 0) {
    const notReady = svc.endpoints.filter((e) => !e.ready).length;
    const detail =
      svc.endpoints.length === 0
        ? 'it has no endpoints (no running pod matches its selector)'
        : notReady === svc.endpoints.length
          ? `none of its ${svc.endpoints.length} endpoint(s) is ready`
          : `no ready endpoint has a target for that port (named targetPort missing in the pods)`;
    return failure(
      refused,
      `${lead}Service ${name} port ${port}: ${detail}, so kube-proxy rejects the connection`,
    );
  }
  const pick = ready.length === 1 ? ready[0] : ready[Math.floor(rng() * ready.length)];
  const target = pick.targetPorts[index] as number;
  const pod = sim.store.get('Pod', svc.meta.namespace, pick.pod);
  const how = `${lead}Service ${name} port ${port} → pod ${pick.pod} (${pick.ip}:${target}), kube-proxy picks a ready endpoint at random (${ready.length} ready)`;
  const answer = pod ? appResponse(pod, target, path) : null;
  if (!answer) return failure(refused, `${how}; nothing listens on port ${target} in that pod`);
  return {
    status: answer.status,
    service: svc.meta.name,
    pod: pick.pod,
    body: answer.body,
    location: null,
    tls: null,
    reason: how,
  };
}

function serviceByClusterIP(sim: Sim, ip: string): ServiceObject | null {
  for (const s of sim.store.list('Service')) {
    if (s.clusterIP === ip && s.spec.type !== 'ExternalName') return s;
  }
  return null;
}

function podByIP(sim: Sim, ip: string): PodObject | null {
  for (const p of sim.store.list('Pod')) if (p.state.ip === ip) return p;
  return null;
}

function failure(body: string, reason: string): HttpResponse {
  return { status: CONNECTION_REFUSED, service: null, pod: null, body, location: null, tls: null, reason };
}
