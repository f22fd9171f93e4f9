// Cluster DNS as a pod sees it: the pod's resolver (search path + ndots from the kubelet's
// resolv.conf) in front of CoreDNS's kubernetes plugin with the kubeadm Corefile
// (`kubernetes cluster.local … { pods insecure }`).
// Invariants:
// - names are matched case-insensitively; a trailing dot makes a name absolute (no search path);
// - a name with fewer than 5 dots (ndots:5) tries `<ns>.svc.cluster.local`, `svc.cluster.local`,
//   `cluster.local` first, then the name as is; a name with 5 or more dots the other way round;
//   the first answer with records wins, NXDOMAIN moves on (as glibc's res_search);
// - a normal Service answers its ClusterIP whatever its endpoints (DNS-CLUSTERIP);
// - a headless Service answers one record per *ready* endpoint (ready already includes
//   publishNotReadyAddresses) (DNS-HEADLESS). With none it answers NXDOMAIN: the reference marks
//   NXDOMAIN vs NODATA unconfirmed, but CoreDNS's findServices returns errNoItems (NXDOMAIN) when
//   no address matched, and the DNS spec was changed to match (kubernetes/dns#234, PR #245;
//   coredns/coredns#1814);
// - `<endpoint>.<service>.<ns>.svc.cluster.local` answers the ready endpoint whose hostname (or,
//   without one, its IP with dashes) is <endpoint> (DNS-POD). CoreDNS does this for any Service
//   kind, headless or not, so the model does too; only pods whose spec.subdomain names the
//   Service have a hostname there (a StatefulSet's pods for its serviceName);
// - `_<port>._<proto>.<service>.<ns>.svc.cluster.local` keeps the records of that named port
//   (DNS-SRV); resolveSrv gives the SRV view (target + port);
// - `<a-b-c-d>.<ns>.pod.cluster.local` answers a.b.c.d in an existing namespace, unchecked
//   (`pods insecure`);
// - a namespace that does not exist, or more labels than the plugin parses, is NXDOMAIN;
// - names outside cluster.local go upstream, which the simulation does not have: NXDOMAIN;
// - answers are sorted by IP numerically (real order is unspecified; CoreDNS's loadbalance
//   plugin shuffles it), so results are reproducible.
import type { Sim } from './sim';
import type { EndpointEntry, ServiceObject } from './types';

export const CLUSTER_DOMAIN = 'cluster.local';
export const NDOTS = 5;

export type Rcode = 'NOERROR' | 'NXDOMAIN';

/** One record CoreDNS returned, with where it came from (used to explain requests). */
export interface DnsRecord {
  ip: string;
  /** SRV port: the Service port (ClusterIP) or the endpoint's port (headless); -1 = no ports. */
  port: number;
  /** SRV target name. */
  target: string;
  service: ServiceObject | null;
  /** Pod behind an endpoint record. */
  pod: string | null;
}

export interface DnsLookup {
  /** The fully qualified name that answered, else the name as asked. */
  name: string;
  rcode: Rcode;
  records: DnsRecord[];
  /** Names sent to the server, in order. */
  tried: string[];
}

export interface ResolveResult {
  name: string;
  rcode: Rcode;
  answers: string[];
}

/** The search path the kubelet writes into a pod's resolv.conf (dnsPolicy ClusterFirst). */
export function searchPath(namespace: string): string[] {
  return [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
}

/** `nslookup <name>` (A records) from a pod of `fromNamespace`. */
export function resolveName(sim: Sim, name: string, fromNamespace: string): ResolveResult {
  const found = lookupName(sim, name, fromNamespace);
  return { name: found.name, rcode: found.rcode, answers: uniqueIps(found.records) };
}

/** SRV view of the same lookup: one (target, port) per record, sorted. */
export function resolveSrv(
  sim: Sim,
  name: string,
  fromNamespace: string,
): { name: string; rcode: Rcode; answers: Array<{ target: string; port: number }> } {
  const found = lookupName(sim, name, fromNamespace);
  const seen = new Set<string>();
  const answers: Array<{ target: string; port: number }> = [];
  for (const r of found.records) {
    const key = `${r.target}:${r.port}`;
    if (r.port < 0 || seen.has(key)) continue;
    seen.add(key);
    answers.push({ target: r.target, port: r.port });
  }
  answers.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : a.port - b.port));
  return { name: found.name, rcode: found.rcode, answers };
}

/** The resolver's walk through the search path, keeping the records' origins. */
export function lookupName(sim: Sim, name: string, fromNamespace: string): DnsLookup {
  const asked = name.trim().toLowerCase();
  const absolute = asked.endsWith('.');
  const bare = absolute ? asked.slice(0, -1) : asked;
  const tried: string[] = [];
  if (!validName(bare)) return { name, rcode: 'NXDOMAIN', records: [], tried };
  let candidates: string[];
  if (absolute) candidates = [bare];
  else {
    const searched = searchPath(fromNamespace).map((s) => `${bare}.${s}`);
    const dots = bare.split('.').length - 1;
    candidates = dots >= NDOTS ? [bare, ...searched] : [...searched, bare];
  }
  let nodata = false;
  for (const fqdn of candidates) {
    if (fqdn.length > 253) continue;
    tried.push(fqdn);
    const answer = answerAbsolute(sim, fqdn, 0);
    if (answer.rcode === 'NOERROR' && answer.records.length > 0) {
      return { name: fqdn, rcode: 'NOERROR', records: sortRecords(answer.records), tried };
    }
    if (answer.rcode === 'NOERROR') nodata = true;
  }
  return { name, rcode: nodata ? 'NOERROR' : 'NXDOMAIN', records: [], tried };
}

function validName(name: string): boolean {
  if (name === '' || name.length > 253) return false;
  return name.split('.').every((l) => l.length > 0 && l.length <= 63 && /^[a-z0-9_-]+$/.test(l));
}

interface Answer {
  rcode: Rcode;
  records: DnsRecord[];
}

const NXDOMAIN: Answer = { rcode: 'NXDOMAIN', records: [] };
const NODATA: Answer = { rcode: 'NOERROR', records: [] };

/** CoreDNS answering one fully qualified name (kubernetes plugin parseRequest + Records). */
function answerAbsolute(sim: Sim, fqdn: string, depth: number): Answer {
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (fqdn !== CLUSTER_DOMAIN && !fqdn.endsWith(suffix)) return NXDOMAIN;
  const base = fqdn === CLUSTER_DOMAIN ? '' : fqdn.slice(0, -suffix.length);
  if (base === '' || base === 'svc' || base === 'pod') return NODATA; // zone apex
  const segs = base.split('.');
  let last = segs.length - 1;
  const podOrSvc = segs[last--];
  if (podOrSvc !== 'svc' && podOrSvc !== 'pod') return NXDOMAIN;
  const namespace = segs[last--];
  if (!sim.store.get('Namespace', '', namespace)) return NXDOMAIN;
  if (last < 0) return NODATA;
  const service = segs[last--];
  let endpoint = '';
  let port = '';
  let protocol = '';
  if (last === 0) endpoint = segs[0];
  else if (last === 1) {
    port = stripUnderscore(segs[0]);
    protocol = stripUnderscore(segs[1]);
  } else if (last > 1) return NXDOMAIN; // longer than any name the plugin serves
  if (podOrSvc === 'pod') return podAnswer(fqdn, service);
  const svc = sim.store.get('Service', namespace, service);
  if (!svc) return NXDOMAIN;
  if (svc.spec.type === 'ExternalName') {
    // A CNAME to the external name; the resolver follows it (only cluster names resolve here).
    const target = (svc.spec.externalName ?? '').toLowerCase().replace(/\.$/, '');
    if (endpoint || !target || depth >= 8) return NXDOMAIN;
    return answerAbsolute(sim, target, depth + 1);
  }
  const records: DnsRecord[] = [];
  const zoneName = `${svc.meta.name}.${svc.meta.namespace}.svc.${CLUSTER_DOMAIN}`;
  if (svc.clusterIP === 'None' || endpoint !== '') {
    for (const e of svc.endpoints) {
      if (!e.ready) continue; // CoreDNS skips endpoints that are not ready
      const host = e.hostname ?? e.ip.replace(/\./g, '-');
      if (endpoint !== '' && host.toLowerCase() !== endpoint) continue;
      for (const p of endpointPorts(svc, e)) {
        if (!matchPort(port, p.name, protocol, p.protocol)) continue;
        records.push({ ip: e.ip, port: p.port, target: `${host}.${zoneName}`, service: svc, pod: e.pod });
      }
    }
  } else {
    for (const p of svc.spec.ports) {
      if (!matchPort(port, p.name ?? '', protocol, p.protocol)) continue;
      records.push({ ip: svc.clusterIP, port: p.port, target: zoneName, service: svc, pod: null });
    }
  }
  return records.length > 0 ? { rcode: 'NOERROR', records } : NXDOMAIN;
}

/** `pods insecure`: a dashed IPv4 address answers itself, without checking that a pod has it. */
function podAnswer(fqdn: string, podName: string): Answer {
  const m = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/.exec(podName);
  if (!m || m.slice(1).some((o) => Number(o) > 255)) return NXDOMAIN;
  const ip = m.slice(1).map(Number).join('.');
  return { rcode: 'NOERROR', records: [{ ip, port: -1, target: fqdn, service: null, pod: null }] };
}

/** The EndpointSlice ports of one endpoint: the Service ports its pod has a target for. */
function endpointPorts(
  svc: ServiceObject,
  e: EndpointEntry,
): Array<{ name: string; port: number; protocol: string }> {
  const out: Array<{ name: string; port: number; protocol: string }> = [];
  svc.spec.ports.forEach((p, i) => {
    const target = e.targetPorts[i];
    if (target !== null && target !== undefined) {
      out.push({ name: p.name ?? '', port: target, protocol: p.protocol });
    }
  });
  // CoreDNS adds a sentinel port when a slice has none, so the address is still served.
  return out.length > 0 ? out : [{ name: '', port: -1, protocol: '' }];
}

function matchPort(wantPort: string, port: string, wantProtocol: string, protocol: string): boolean {
  return (
    (wantPort === '' || wantPort === port.toLowerCase()) &&
    (wantProtocol === '' || wantProtocol === protocol.toLowerCase())
  );
}

function stripUnderscore(s: string): string {
  return s.startsWith('_') ? s.slice(1) : s;
}

/** IPv4 as a sortable number; anything else sorts last. */
export function ipToNumber(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) return Number.MAX_SAFE_INTEGER;
  return parts.reduce((n, p) => n * 256 + (Number(p) || 0), 0);
}

function sortRecords(records: DnsRecord[]): DnsRecord[] {
  return records.sort(
    (a, b) =>
      ipToNumber(a.ip) - ipToNumber(b.ip) ||
      a.port - b.port ||
      (a.target < b.target ? -1 : a.target > b.target ? 1 : 0),
  );
}

function uniqueIps(records: DnsRecord[]): string[] {
  const out: string[] = [];
  for (const r of records) if (out[out.length - 1] !== r.ip) out.push(r.ip);
  return out;
}
