// The scheduler's cache (pkg/scheduler/backend/cache): per node, the pods counted there and what
// they request and occupy; per label selector in use, how many matching pods each node holds; and
// the existing pods' inter-pod terms grouped by identical spec. The plugins read these instead of
// walking every pod, so one scheduling decision costs about the number of nodes and of selectors,
// not of pods in the cluster.
// Invariants:
// - a pod is counted on the node it is bound to or assumed on, until it is gone or has finished
//   (Succeeded / Failed pods hold nothing: SCHED-TERMINAL-IGNORED); terminating pods still count;
// - every counter holds, per node, the number of counted pods its predicate accepts, kept exact on
//   every add, move, label change and removal.
import type { ContainerPort } from 'kubernetes-types/core/v1';
import type { NodeObject, PodObject } from '../types';
import type { ResourceList } from './resources';
import { hasAnyTerm, podAffinityTerms, type PodAffinityTerms } from './affinity-terms';
import { nonZeroRequestsOf, podRequestsOf } from './resources';

export interface NodeInfo {
  readonly node: NodeObject;
  readonly name: string;
  readonly pods: Set<PodObject>;
  readonly requested: ResourceList;
  readonly nonZeroRequested: { cpu: number; memory: number };
  /** Host ports in use: `protocol/hostIP/port` → pods using it. */
  readonly usedPorts: Map<string, number>;
}

/** Counts, per node, the counted pods a predicate accepts. */
export interface PodCounter {
  readonly perNode: ReadonlyMap<string, number>;
}

interface CounterImpl extends PodCounter {
  readonly perNode: Map<string, number>;
  readonly accepts: (pod: PodObject, terminating: boolean) => boolean;
}

/** Existing pods with identical inter-pod terms, counted per node. */
export interface AffinityGroup {
  readonly namespace: string;
  readonly terms: PodAffinityTerms;
  readonly perNode: Map<string, number>;
}

interface Entry {
  pod: PodObject;
  node: string;
  terminating: boolean;
  labels: Record<string, string>;
  requests: ReadonlyMap<string, number>;
  nonZero: { readonly cpu: number; readonly memory: number };
  ports: string[];
  counters: CounterImpl[];
  group: AffinityGroup | null;
}

/** Upper bound of selectors remembered; beyond it the least recently created is dropped. */
const MAX_COUNTERS = 10_000;

export function hostPortsOf(pod: PodObject): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  }
  return out;
}

/** Shared empties: most pods hold no host port and match no counter (memory per pod). */
const NO_PORTS: string[] = [];
const NO_COUNTERS: CounterImpl[] = [];

function portKeysOf(pod: PodObject): string[] {
  const ports = hostPortsOf(pod);
  return ports.length === 0 ? NO_PORTS : ports.map(portKey);
}

export function portKey(p: ContainerPort): string {
  return `${p.protocol ?? 'TCP'}/${p.hostIP || '0.0.0.0'}/${p.hostPort ?? 0}`;
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const v = (m.get(key) ?? 0) + by;
  if (v === 0) m.delete(key);
  else m.set(key, v);
}

export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>();
  private readonly entries = new Map<string, Entry>();
  private readonly counters = new Map<string, CounterImpl>();
  private readonly groups = new Map<string, AffinityGroup>();

  /** The NodeInfo of a node, created on first use. */
  info(node: NodeObject): NodeInfo {
    let info = this.infos.get(node.meta.name);
    if (!info || info.node !== node) {
      const previous = info;
      info = {
        node,
        name: node.meta.name,
        pods: previous?.pods ?? new Set(),
        requested: previous?.requested ?? new Map(),
        nonZeroRequested: previous?.nonZeroRequested ?? { cpu: 0, memory: 0 },
        usedPorts: previous?.usedPorts ?? new Map(),
      };
      this.infos.set(node.meta.name, info);
    }
    return info;
  }

  /** The node a pod is counted on, if any. */
  nodeOf(uid: string): string | null {
    return this.entries.get(uid)?.node ?? null;
  }

  /** Pods of existing groups with inter-pod terms (IPA's existing-pods checks). */
  affinityGroups(): IterableIterator<AffinityGroup> {
    return this.groups.values();
  }

  /**
   * Record where a pod is counted: `node` null when it is not (unscheduled, finished, gone).
   * Cheap when nothing the cache keeps has changed.
   */
  update(pod: PodObject, node: string | null, nodeObject: (name: string) => NodeObject | undefined): void {
    const uid = pod.meta.uid;
    const prev = this.entries.get(uid);
    const terminating = pod.meta.deletionTime !== null;
    // Labels objects are replaced on update, never edited in place: identity tells a change.
    if (
      prev &&
      node === prev.node &&
      prev.terminating === terminating &&
      prev.pod === pod &&
      prev.labels === pod.meta.labels
    ) {
      return;
    }
    if (prev) this.remove(prev, nodeObject);
    if (node === null) return;
    const n = nodeObject(node);
    if (!n) return;
    const entry: Entry = {
      pod,
      node,
      terminating,
      labels: pod.meta.labels,
      requests: podRequestsOf(pod.spec),
      nonZero: nonZeroRequestsOf(pod.spec),
      ports: portKeysOf(pod),
      counters: NO_COUNTERS,
      group: null,
    };
    const info = this.info(n);
    info.pods.add(pod);
    for (const [name, amount] of entry.requests) bump(info.requested, name, amount);
    info.nonZeroRequested.cpu += entry.nonZero.cpu;
    info.nonZeroRequested.memory += entry.nonZero.memory;
    for (const p of entry.ports) bump(info.usedPorts, p, 1);
    for (const counter of this.counters.values()) {
      if (counter.accepts(pod, terminating)) {
        bump(counter.perNode, node, 1);
        if (entry.counters === NO_COUNTERS) entry.counters = [];
        entry.counters.push(counter);
      }
    }
    const affinity = pod.spec.affinity;
    const terms = affinity?.podAffinity || affinity?.podAntiAffinity ? podAffinityTerms(pod) : null;
    if (terms && hasAnyTerm(terms)) {
      const key = `${pod.meta.namespace}\u0000${JSON.stringify(
        Object.values(terms).map((list: PodAffinityTerms[keyof PodAffinityTerms]) => list.map((t) => t.key)),
      )}`;
      let group = this.groups.get(key);
      if (!group)
        this.groups.set(key, (group = { namespace: pod.meta.namespace, terms, perNode: new Map() }));
      bump(group.perNode, node, 1);
      entry.group = group;
    }
    this.entries.set(uid, entry);
  }

  private remove(entry: Entry, nodeObject: (name: string) => NodeObject | undefined): void {
    this.entries.delete(entry.pod.meta.uid);
    const n = nodeObject(entry.node);
    const info = n ? this.info(n) : this.infos.get(entry.node);
    if (info) {
      info.pods.delete(entry.pod);
      for (const [name, amount] of entry.requests) bump(info.requested, name, -amount);
      info.nonZeroRequested.cpu -= entry.nonZero.cpu;
      info.nonZeroRequested.memory -= entry.nonZero.memory;
      for (const p of entry.ports) bump(info.usedPorts, p, -1);
    }
    for (const counter of entry.counters) bump(counter.perNode, entry.node, -1);
    if (entry.group) {
      bump(entry.group.perNode, entry.node, -1);
      if (entry.group.perNode.size === 0) {
        for (const [k, g] of this.groups) if (g === entry.group) this.groups.delete(k);
      }
    }
  }

  /**
   * Per-node counts of counted pods that `accepts` takes (`key` names the predicate: the same key
   * must always mean the same predicate). Built once over the counted pods, then kept current.
   */
  counter(key: string, accepts: (pod: PodObject, terminating: boolean) => boolean): PodCounter {
    const existing = this.counters.get(key);
    if (existing) return existing;
    if (this.counters.size >= MAX_COUNTERS) {
      const oldest = this.counters.keys().next().value;
      if (oldest !== undefined) this.dropCounter(oldest);
    }
    const counter: CounterImpl = { perNode: new Map(), accepts };
    for (const entry of this.entries.values()) {
      if (accepts(entry.pod, entry.terminating)) {
        bump(counter.perNode, entry.node, 1);
        if (entry.counters === NO_COUNTERS) entry.counters = [];
        entry.counters.push(counter);
      }
    }
    this.counters.set(key, counter);
    return counter;
  }

  private dropCounter(key: string): void {
    const counter = this.counters.get(key);
    this.counters.delete(key);
    if (!counter) return;
    for (const entry of this.entries.values()) {
      const i = entry.counters.indexOf(counter);
      if (i >= 0) entry.counters.splice(i, 1);
    }
  }
}
