// DefaultPreemption (framework/preemption, plugins/defaultpreemption): when a pod fits nowhere,
// find on which node removing lower-priority pods would let it in, with as few and as unimportant
// victims as possible (PREEMPT-VICTIMS, PREEMPT-PICK); the scheduler then deletes them and
// nominates the node (PREEMPT-ACT).
// Invariants:
// - only nodes rejected as Unschedulable are candidates; unresolvable ones cannot be helped;
// - a victim has a lower priority than the preemptor and is not already terminating;
// - the filters are re-run on the node without its victims; victims are then reprieved one by one,
//   highest priority (then earliest created) first, while the pod still fits.
// Not simulated: PodDisruptionBudgets when picking victims (upstream prefers candidates that
// violate fewer budgets, but may still violate them), the candidate cap with a random offset
// (every candidate is tried), and inter-pod affinity or spread counts without the victims (those
// filters see the node as it is).
import type { PodObject } from '../types';
import type { NodeInfo } from './cache';
import type { PluginCycle, Rejection } from './framework';
import { nonZeroRequestsOf, podRequestsOf } from './resources';
import { hostPortsOf, portKey } from './cache';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

export const priorityOf = (pod: PodObject): number => pod.spec.priority ?? 0;

export interface Preemption {
  node: NodeInfo;
  victims: PodObject[];
}

/** The node as it would be without these pods. */
function without(info: NodeInfo, gone: ReadonlySet<PodObject>): NodeInfo {
  const requested = new Map(info.requested);
  const nonZeroRequested = { ...info.nonZeroRequested };
  const usedPorts = new Map(info.usedPorts);
  for (const p of gone) {
    for (const [name, amount] of podRequestsOf(p.spec))
      requested.set(name, (requested.get(name) ?? 0) - amount);
    const nz = nonZeroRequestsOf(p.spec);
    nonZeroRequested.cpu -= nz.cpu;
    nonZeroRequested.memory -= nz.memory;
    for (const port of hostPortsOf(p)) {
      const key = portKey(port);
      const n = (usedPorts.get(key) ?? 0) - 1;
      if (n <= 0) usedPorts.delete(key);
      else usedPorts.set(key, n);
    }
  }
  const pods = new Set([...info.pods].filter((p) => !gone.has(p)));
  return { node: info.node, name: info.name, pods, requested, nonZeroRequested, usedPorts };
}

function firstRejection(filters: readonly PluginCycle[], node: NodeInfo): Rejection | null {
  for (const cycle of filters) {
    const r = cycle.filter?.(node) ?? null;
    if (r) return r;
  }
  return null;
}

/**
 * The dry run over the rejected nodes: the chosen preemption, or null with the verdict per node
 * (for the `preemption: 0/N nodes are available: …` part of the message).
 */
export function findPreemption(
  pod: PodObject,
  filters: readonly PluginCycle[],
  rejected: ReadonlyArray<[NodeInfo, Rejection]>,
): { chosen: Preemption | null; verdicts: Map<string, number> } {
  const priority = priorityOf(pod);
  const verdicts = new Map<string, number>();
  const say = (text: string) => verdicts.set(text, (verdicts.get(text) ?? 0) + 1);
  const candidates: Preemption[] = [];
  for (const [node, rejection] of rejected) {
    if (rejection.code === 'UnschedulableAndUnresolvable') {
      say(NOT_HELPFUL);
      continue;
    }
    const lower = [...node.pods].filter((p) => p.meta.deletionTime === null && priorityOf(p) < priority);
    if (lower.length === 0) {
      say(NO_VICTIMS);
      continue;
    }
    const victims = new Set(lower);
    const still = firstRejection(filters, without(node, victims));
    if (still) {
      for (const reason of still.reasons) say(reason);
      continue;
    }
    // Reprieve: the most important victims first, each kept if the pod still fits without it.
    const order = [...lower].sort(
      (a, b) => priorityOf(b) - priorityOf(a) || a.meta.creationIndex - b.meta.creationIndex,
    );
    for (const p of order) {
      victims.delete(p);
      if (firstRejection(filters, without(node, victims))) victims.add(p);
    }
    candidates.push({ node, victims: order.filter((p) => victims.has(p)) });
  }
  return { chosen: pick(candidates), verdicts };
}

/** PREEMPT-PICK: lowest highest-victim priority, lowest sum, fewest victims, latest start, first. */
function pick(candidates: Preemption[]): Preemption | null {
  let best: Preemption | null = null;
  let bestKey: number[] = [];
  for (const c of candidates) {
    const priorities = c.victims.map(priorityOf);
    const highest = Math.max(...priorities);
    const latestStartOfHighest = Math.max(
      ...c.victims.filter((v) => priorityOf(v) === highest).map((v) => v.meta.creationIndex),
    );
    const key = [highest, priorities.reduce((a, b) => a + b, 0), c.victims.length, -latestStartOfHighest];
    if (!best || compare(key, bestKey) < 0) {
      best = c;
      bestKey = key;
    }
  }
  return best;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
