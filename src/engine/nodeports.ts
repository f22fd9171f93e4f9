// Node ports as the API server's Service storage allocates them (registry/core/service alloc.go
// initNodePorts/updateNodePorts, portallocator; reference BOOT-NODEPORT): one cluster-wide pool
// of 30000–32767. A port written in the manifest must be free, else the Service is refused with
// `spec.ports[i].nodePort: Invalid value: N: provided port is already allocated`. Ports held by
// the ingress-nginx controller's own Service (not an object of the store) count as taken.
import type { ServiceSpec } from 'kubernetes-types/core/v1';
import type { Sim } from './sim';
import type { ServiceObject } from './types';
import { HTTPS_NODE_PORT, HTTP_NODE_PORT } from './controllers/ingress-nginx';

/** The apiserver's default --service-node-port-range. */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
/**
 * End of the static band users are told to pick from (calculateRangeOffset: min(max(16,
 * size/32), 128) = 86 ports): dynamic picks start above it so that they rarely take a port a
 * manifest asks for. The real allocator starts at a random port of the upper band; the lowest
 * free one keeps runs reproducible without drawing from the PRNG.
 */
const STATIC_BAND_SIZE = Math.min(Math.max(16, Math.floor((NODE_PORT_MAX - NODE_PORT_MIN + 1) / 32)), 128);
const DYNAMIC_START = NODE_PORT_MIN + STATIC_BAND_SIZE;

export function wantsNodePorts(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

/** Node ports allocated now, except those of `self`. */
export function nodePortsInUse(sim: Sim, self: ServiceObject | null = null): Set<number> {
  const used = new Set<number>();
  if (sim.cluster.ingressController === 'nginx') {
    used.add(HTTP_NODE_PORT);
    used.add(HTTPS_NODE_PORT);
  }
  for (const svc of sim.store.list('Service')) {
    if (svc === self) continue;
    for (const p of svc.nodePorts) if (p !== null) used.add(p);
  }
  return used;
}

export interface NodePortConflict {
  /** Index in spec.ports. */
  index: number;
  port: number;
}

/**
 * The first port of `spec` that asks for a node port another Service holds; `self` (on update)
 * keeps the ports it already has.
 */
export function nodePortConflict(
  sim: Sim,
  spec: ServiceSpec,
  self: ServiceObject | null = null,
): NodePortConflict | null {
  if (!wantsNodePorts(spec)) return null;
  const used = nodePortsInUse(sim, self);
  const ports = spec.ports ?? [];
  for (let index = 0; index < ports.length; index++) {
    const port = ports[index].nodePort;
    if (port && used.has(port)) return { index, port };
  }
  return null;
}

/** The API server's text for a conflict, as a field error (`<field>: <body>`). */
export function nodePortConflictText(c: NodePortConflict): string {
  return `spec.ports[${c.index}].nodePort: Invalid value: ${c.port}: provided port is already allocated`;
}

/**
 * Node ports for a Service's spec.ports: a port written in the manifest is kept; otherwise the
 * port it had before (`previous`, across updates) if still free, else the lowest free port of
 * the dynamic band, then of the static band. `self` is excluded from the ports in use.
 */
export function allocateNodePorts(
  sim: Sim,
  spec: ServiceSpec,
  previous: Array<number | null> = [],
  self: ServiceObject | null = null,
): Array<number | null> {
  const ports = spec.ports ?? [];
  if (!wantsNodePorts(spec)) return ports.map(() => null);
  const used = nodePortsInUse(sim, self);
  for (const p of ports) if (p.nodePort) used.add(p.nodePort);
  let next = DYNAMIC_START;
  const free = (): number | null => {
    for (let tried = 0; tried <= NODE_PORT_MAX - NODE_PORT_MIN; tried++) {
      if (!used.has(next)) return next;
      next = next === NODE_PORT_MAX ? NODE_PORT_MIN : next + 1;
    }
    return null; // range exhausted: the apiserver would refuse the Service
  };
  return ports.map((p, i) => {
    if (p.nodePort) return p.nodePort;
    const before = previous[i];
    if (before !== null && before !== undefined && !used.has(before)) {
      used.add(before);
      return before;
    }
    const port = free();
    if (port !== null) used.add(port);
    return port;
  });
}
