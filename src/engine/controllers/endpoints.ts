// EndpointSlice controller: keeps `service.endpoints` for every Service with a selector.
// Invariants:
// - an entry exists for each pod of the Service's namespace that the selector matches, that has
//   an IP and that is not in a terminal phase (Succeeded/Failed); terminating pods stay listed
//   (SVC-EPS, endpointslice ShouldPodBeInEndpoints with includeTerminating);
// - serving = pod Ready, terminating = deletion timestamp set,
//   ready = publishNotReadyAddresses || (serving && !terminating) — consumers only use `ready`;
// - hostname is set only when pod.spec.hostname is set and pod.spec.subdomain is this Service;
// - targetPorts[i] is the pod's port for spec.ports[i]: a numeric targetPort as is, a named one
//   looked up in the pod's container ports (null when missing), the Service port by default
//   (SVC-PORT);
// - entries are sorted by pod name; the array and its entries are replaced, never edited, so a
//   consumer holding an old array sees a consistent old state;
// - store.changed(service) is called only when the endpoints (or node ports) really changed;
// - a pod event costs one selector check per Service of its namespace, never a scan of all pods;
//   only Service creation or a selector/ports change rescans the pods.
import type { ServicePort } from 'kubernetes-types/core/v1';
import { selectorMatches } from '../selector';
import { objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import type { EndpointEntry, PodObject, ServiceObject } from '../types';
import { splitKey } from './kubelet';
import { allocateNodePorts, wantsNodePorts } from '../nodeports';

export class EndpointsController implements Controller {
  readonly name = 'endpointslice-controller';
  readonly watches = ['Service', 'Pod'] as const;
  /** Services by namespace, so that a pod event only looks at its own namespace. */
  private readonly servicesByNamespace = new Map<string, Map<string, ServiceObject>>();
  /** What the endpoints were last computed from, to tell a spec change from a status echo. */
  private readonly inputs = new Map<ServiceObject, string>();
  /** Services to recompute from every pod of the namespace. */
  private readonly fullResync = new Set<string>();
  /** Pods to re-evaluate, per Service key. */
  private readonly dirtyPods = new Map<string, Set<string>>();

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'Service') {
      const key = objectKey(obj.meta.namespace, obj.meta.name);
      let byName = this.servicesByNamespace.get(obj.meta.namespace);
      if (type === 'deleted') {
        if (byName?.get(obj.meta.name) === obj) byName.delete(obj.meta.name);
        this.inputs.delete(obj);
        this.fullResync.delete(key);
        this.dirtyPods.delete(key);
        return;
      }
      if (!byName) this.servicesByNamespace.set(obj.meta.namespace, (byName = new Map()));
      byName.set(obj.meta.name, obj);
      // Our own store.changed(service) comes back here: only a change of the inputs matters.
      const inputs = serviceInputs(obj);
      if (this.inputs.get(obj) === inputs) return;
      this.inputs.set(obj, inputs);
      this.fullResync.add(key);
      this.sim.enqueue(this, key);
      return;
    }
    if (obj.kind !== 'Pod') return;
    const services = this.servicesByNamespace.get(obj.meta.namespace);
    if (!services) return;
    for (const svc of services.values()) {
      const selector = selectorOf(svc);
      if (!selector) continue;
      // A pod that stopped matching (labels changed, deleted) must leave the endpoints too.
      if (
        !selectorMatches({ matchLabels: selector }, obj.meta.labels) &&
        indexOfPod(svc.endpoints, obj.meta.name) < 0
      )
        continue;
      const key = objectKey(svc.meta.namespace, svc.meta.name);
      let dirty = this.dirtyPods.get(key);
      if (!dirty) this.dirtyPods.set(key, (dirty = new Set()));
      dirty.add(obj.meta.name);
      this.sim.enqueue(this, key);
    }
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = this.sim.store.get('Service', namespace, name);
    const full = this.fullResync.delete(key);
    const dirty = this.dirtyPods.get(key);
    this.dirtyPods.delete(key);
    if (!svc) return;
    let changed = false;
    const nodePorts = reconcileNodePorts(this.sim, svc);
    if (nodePorts) {
      svc.nodePorts = nodePorts;
      changed = true;
    }
    let next: EndpointEntry[];
    if (full) {
      next = this.computeAll(svc);
      changed = !sameEntries(svc.endpoints, next) || changed;
    } else {
      next = svc.endpoints;
      for (const podName of dirty ?? []) {
        const entry = endpointFor(svc, this.sim.store.get('Pod', namespace, podName));
        const at = indexOfPod(next, podName);
        if (at >= 0 && entry && sameEntry(next[at], entry)) continue;
        if (at < 0 && !entry) continue;
        if (next === svc.endpoints) next = next.slice();
        if (at >= 0 && entry) next[at] = entry;
        else if (at >= 0) next.splice(at, 1);
        else if (entry) next.splice(insertionPoint(next, podName), 0, entry);
        changed = true;
      }
    }
    svc.endpoints = next;
    if (changed) this.sim.store.changed(svc);
  }

  private computeAll(svc: ServiceObject): EndpointEntry[] {
    if (!selectorOf(svc)) return [];
    const out: EndpointEntry[] = [];
    for (const pod of this.sim.store.list('Pod')) {
      if (pod.meta.namespace !== svc.meta.namespace) continue;
      const entry = endpointFor(svc, pod);
      if (entry) out.push(entry);
    }
    return out.sort((a, b) => compareNames(a.pod, b.pod));
  }
}

/**
 * The selector as the controller sees it. An empty `selector: {}` counts as none: the apiserver
 * stores maps in protobuf, where an empty map comes back as nil, and the controller skips nil.
 */
function selectorOf(svc: ServiceObject): Record<string, string> | null {
  const sel = svc.spec.selector;
  return sel && Object.keys(sel).length > 0 ? sel : null;
}

function serviceInputs(svc: ServiceObject): string {
  const s = svc.spec;
  return JSON.stringify([
    s.selector ?? null,
    s.ports ?? [],
    s.publishNotReadyAddresses ?? false,
    s.type ?? null,
  ]);
}

/** The entry of `pod` in `svc`'s endpoints, or null when it does not belong there (SVC-EPS). */
export function endpointFor(svc: ServiceObject, pod: PodObject | undefined): EndpointEntry | null {
  const selector = selectorOf(svc);
  if (!pod || !selector || pod.meta.namespace !== svc.meta.namespace) return null;
  if (!selectorMatches({ matchLabels: selector }, pod.meta.labels)) return null;
  if (!pod.state.ip || pod.state.phase === 'Succeeded' || pod.state.phase === 'Failed') return null;
  const serving = pod.state.ready;
  const terminating = pod.meta.deletionTime !== null;
  return {
    pod: pod.meta.name,
    ip: pod.state.ip,
    node: pod.state.nodeName,
    serving,
    terminating,
    ready: (svc.spec.publishNotReadyAddresses ?? false) || (serving && !terminating),
    hostname: pod.spec.hostname && pod.spec.subdomain === svc.meta.name ? pod.spec.hostname : null,
    targetPorts: svc.spec.ports.map((p) => targetPortOf(pod, p)),
  };
}

/** podutil.FindPort: a named targetPort needs a container port of that name and protocol. */
export function targetPortOf(pod: PodObject, port: ServicePort): number | null {
  const target = port.targetPort;
  // The apiserver defaults an absent (or zero) targetPort to the Service port.
  if (target === undefined || target === 0 || target === '') return port.port;
  if (typeof target === 'number') return target;
  const protocol = port.protocol ?? 'TCP';
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return null;
}

function sameEntry(a: EndpointEntry, b: EndpointEntry): boolean {
  return (
    a.pod === b.pod &&
    a.ip === b.ip &&
    a.node === b.node &&
    a.serving === b.serving &&
    a.terminating === b.terminating &&
    a.ready === b.ready &&
    a.hostname === b.hostname &&
    a.targetPorts.length === b.targetPorts.length &&
    a.targetPorts.every((p, i) => p === b.targetPorts[i])
  );
}

function sameEntries(a: EndpointEntry[], b: EndpointEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => sameEntry(e, b[i]));
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First index whose pod name is >= `name` (entries are sorted by pod name). */
function insertionPoint(entries: EndpointEntry[], name: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].pod < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexOfPod(entries: EndpointEntry[], name: string): number {
  const at = insertionPoint(entries, name);
  return at < entries.length && entries[at].pod === name ? at : -1;
}

/** New node ports when an update made the allocation disagree with the spec, else null. */
function reconcileNodePorts(sim: Sim, svc: ServiceObject): Array<number | null> | null {
  const ports = svc.spec.ports;
  const want = wantsNodePorts(svc.spec);
  const consistent =
    svc.nodePorts.length === ports.length &&
    ports.every((p, i) => {
      const have = svc.nodePorts[i];
      if (!want) return have === null;
      return have !== null && (!p.nodePort || p.nodePort === have);
    });
  if (consistent) return null;
  const next = allocateNodePorts(sim, svc.spec, svc.nodePorts, svc);
  const same = next.length === svc.nodePorts.length && next.every((p, i) => p === svc.nodePorts[i]);
  return same ? null : next;
}
