// DefaultPreemption (framework/preemption, plugins/defaultpreemption): when a pod fits nowhere,
// find on which node removing lower-priority pods would let it in, with as few and as unimportant
// victims as possible (PREEMPT-VICTIMS, PREEMPT-PICK); the scheduler then deletes them and
// nominates the node (PREEMPT-ACT).
// Invariants:
// - only nodes rejected as Unschedulable are candidates; unresolvable ones cannot be helped;
// - a victim has a lower priority than the preemptor and is not already terminating;
// - the filters are re-run on the node without its victims, the plugins that count pods across
//   nodes (inter-pod affinity, topology spread) from their counts less the victims; victims are
//   then reprieved one by one, those whose PodDisruptionBudget would be violated first, each group
//   highest priority (then earliest created) first, while the pod still fits;
// - PDBs are only preferred: a node whose victims violate fewer budgets wins, but a budget never
//   stops preemption;
// - at most max(10 % of the candidate nodes, 100) candidates are collected, starting at a seeded
//   random offset, once one of them violates no budget (dryRunPreemption).
// Not simulated: pods nominated to a node reserving room there for later cycles.
import type { DisruptionBudgetObject, PodObject } from '../types';
import type { Prng } from '../prng';
import type { NodeInfo } from './cache';
import type { PluginCycle, Rejection } from './framework';
import { nonZeroRequestsOf, podRequestsOf } from './resources';
import { hostPortsOf, portKey } from './cache';
import { selectorMatches } from '../selector';
import { budgetSelector } from '../controllers/disruption';

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

function firstRejection(
  filters: readonly PluginCycle[],
  node: NodeInfo,
  gone: ReadonlySet<PodObject>,
): Rejection | null {
  const without_ = without(node, gone);
  const goneList = [...gone];
  for (const cycle of filters) {
    const r = cycle.filterWithout
      ? cycle.filterWithout(without_, goneList)
      : (cycle.filter?.(without_) ?? null);
    if (r) return r;
  }
  return null;
}

/** preemption.go: at least this many candidates, or this percentage of the candidate nodes. */
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** calculateNumCandidates */
export function numCandidates(potentialNodes: number): number {
  const n = Math.trunc((potentialNodes * MIN_CANDIDATE_NODES_PERCENTAGE) / 100);
  return Math.min(Math.max(n, MIN_CANDIDATE_NODES_ABSOLUTE), potentialNodes);
}

/**
 * filterPodsWithPDBViolation: walking the pods in order, each takes one disruption from every
 * budget of its namespace that selects it (an empty selector selects nothing here, unlike an
 * eviction; a pod already in the budget's disruptedPods takes none); a pod that drives any budget
 * below zero violates it. Stable: both groups keep the input order.
 */
export function splitByBudgetViolation(
  pods: readonly PodObject[],
  budgets: readonly DisruptionBudgetObject[],
): { violating: PodObject[]; nonViolating: PodObject[] } {
  const allowed = budgets.map((b) => b.state.disruptionsAllowed);
  // Here an empty selector selects nothing (an eviction reads it as every pod).
  const selectors = budgets.map(budgetSelector);
  const violating: PodObject[] = [];
  const nonViolating: PodObject[] = [];
  for (const pod of pods) {
    let violated = false;
    if (Object.keys(pod.meta.labels).length > 0) {
      budgets.forEach((b, i) => {
        const sel = selectors[i];
        if (b.meta.namespace !== pod.meta.namespace || sel === null || !selectorMatches(sel, pod.meta.labels))
          return;
        if (b.state.disruptedPods.has(pod.meta.name)) return;
        allowed[i]--;
        if (allowed[i] < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}

interface Candidate extends Preemption {
  /** Victims whose budget is violated by their removal. */
  violations: number;
}

/** SelectVictimsOnNode for one node; a candidate, or the reason the node cannot be helped. */
function selectVictims(
  pod: PodObject,
  node: NodeInfo,
  filters: readonly PluginCycle[],
  budgets: readonly DisruptionBudgetObject[],
): Candidate | string[] {
  const priority = priorityOf(pod);
  const lower = [...node.pods].filter((p) => p.meta.deletionTime === null && priorityOf(p) < priority);
  if (lower.length === 0) return [NO_VICTIMS];
  const victims = new Set(lower);
  const still = firstRejection(filters, node, victims);
  if (still) return still.reasons;
  // MoreImportantPod: higher priority first, then the one that started earlier.
  const order = [...lower].sort(
    (a, b) => priorityOf(b) - priorityOf(a) || a.meta.creationIndex - b.meta.creationIndex,
  );
  const { violating, nonViolating } = splitByBudgetViolation(order, budgets);
  let violations = 0;
  const chosen: PodObject[] = [];
  const reprieve = (p: PodObject): boolean => {
    victims.delete(p);
    if (!firstRejection(filters, node, victims)) return true;
    victims.add(p);
    chosen.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) violations++;
  for (const p of nonViolating) reprieve(p);
  return { node, victims: chosen, violations };
}

/**
 * The dry run over the rejected nodes: the chosen preemption, or null with the verdict per node
 * (for the `preemption: 0/N nodes are available: …` part of the message).
 */
export function findPreemption(
  pod: PodObject,
  filters: readonly PluginCycle[],
  rejected: ReadonlyArray<[NodeInfo, Rejection]>,
  cluster: { budgets: readonly DisruptionBudgetObject[]; rng: Prng },
): { chosen: Preemption | null; verdicts: Map<string, number> } {
  const verdicts = new Map<string, number>();
  const say = (text: string) => verdicts.set(text, (verdicts.get(text) ?? 0) + 1);
  const potential: NodeInfo[] = [];
  for (const [node, rejection] of rejected) {
    if (rejection.code === 'UnschedulableAndUnresolvable') say(NOT_HELPFUL);
    else potential.push(node);
  }
  const wanted = numCandidates(potential.length);
  const offset = cluster.rng.int(potential.length);
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  for (let i = 0; i < potential.length; i++) {
    const node = potential[(offset + i) % potential.length];
    const outcome = selectVictims(pod, node, filters, cluster.budgets);
    if (Array.isArray(outcome)) {
      for (const reason of outcome) say(reason);
      continue;
    }
    (outcome.violations === 0 ? nonViolating : violating).push(outcome);
    if (nonViolating.length > 0 && nonViolating.length + violating.length >= wanted) break;
  }
  return { chosen: pick([...nonViolating, ...violating]), verdicts };
}

/** pickOneNodeForPreemption: each criterion in turn keeps only the best; then the first. */
function pick(candidates: Candidate[]): Preemption | null {
  const keyOf = (c: Candidate): number[] => {
    const priorities = c.victims.map(priorityOf);
    const highest = Math.max(...priorities);
    // Each priority is shifted by 2^31 so a negative priority never makes a sum look smaller.
    const sum = priorities.reduce((a, p) => a + p + 2 ** 31, 0);
    const earliestOfHighest = Math.min(
      ...c.victims.filter((v) => priorityOf(v) === highest).map((v) => v.meta.creationIndex),
    );
    return [c.violations, highest, sum, c.victims.length, -earliestOfHighest];
  };
  let best: Candidate | null = null;
  let bestKey: number[] = [];
  for (const c of candidates) {
    const key = keyOf(c);
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
