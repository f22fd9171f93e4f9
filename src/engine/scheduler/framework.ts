// The scheduling framework's cycle for one pod (pkg/scheduler/schedule_one.go and
// framework/runtime/framework.go): PreFilter, Filter, PreScore, Score, NormalizeScore, weights,
// selectHost; and the FitError text that becomes the FailedScheduling event (SCHED-MSG-AGG).
// Invariants:
// - plugins run in the profile's order; a PreFilter rejection rejects every node with its message;
//   a plugin whose PreFilter answers Skip takes no part in Filter;
// - each node reports only the first filter that rejects it (SCHED-CYCLE), with all its reasons;
// - scores are normalized into [0, 100] before the weight applies; ties go to the seeded PRNG
//   (SCHED-TIE), and a single feasible node is chosen without scoring.
import type { Prng } from '../prng';
import type { Store } from '../store';
import type { PodObject } from '../types';
import type { NodeInfo, SchedulerCache } from './cache';
import { findPreemption, NO_VICTIMS, NOT_HELPFUL, priorityOf, type Preemption } from './preemption';

export type Code = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Rejection {
  code: Code;
  reasons: string[];
}

export const unschedulable = (...reasons: string[]): Rejection => ({ code: 'Unschedulable', reasons });
export const unresolvable = (...reasons: string[]): Rejection => ({
  code: 'UnschedulableAndUnresolvable',
  reasons,
});

/** What every plugin may read during a cycle. */
export interface SchedulingContext {
  readonly store: Store;
  readonly cache: SchedulerCache;
  /** Every node, in the cluster's order. */
  readonly nodes: readonly NodeInfo[];
  /** Pods waiting in PreBind for their claims: uid → node (counted there already). */
  readonly assumed: ReadonlyMap<string, string>;
  namespaceLabels(namespace: string): Record<string, string>;
}

/** One plugin's part in one pod's cycle, holding what its PreFilter computed. */
export interface PluginCycle {
  /** PreFilterResult: only these nodes are considered; the rest count as not satisfying it. */
  nodeNames?: ReadonlySet<string>;
  filter?(node: NodeInfo): Rejection | null;
  /**
   * PreFilterExtensions.RemovePod, for preemption's dry run: the filter on `node` (already without
   * those pods' resources and ports) as if the pods `gone` had left it. Plugins whose PreFilter
   * counted pods across nodes must answer from their counts less these pods; the others need not
   * implement it (their filter reads the node).
   */
  filterWithout?(node: NodeInfo, gone: readonly PodObject[]): Rejection | null;
  /** PreScore over the feasible nodes; false is Skip (the plugin does not score this pod). */
  preScore?(feasible: readonly NodeInfo[]): boolean;
  score?(node: NodeInfo): number;
  normalize?(scores: number[], feasible: readonly NodeInfo[]): void;
}

export interface Plugin {
  readonly name: string;
  /** Score weight in the default profile (SCHED-PROFILE); 0 for filter-only plugins. */
  readonly weight: number;
  /** PreFilter: this pod's cycle, a rejection of every node, or null for Skip. */
  preFilter(pod: PodObject, ctx: SchedulingContext): PluginCycle | Rejection | null;
}

export const MAX_NODE_SCORE = 100;
/** FailedScheduling messages are cut at this length (schedule_one.go `truncateMessage`). */
const MAX_MESSAGE = 1024;
/** schedule_one.go: below this many nodes every node is filtered; above, at least this many. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** SCHED-PCT (schedule_one.go `numFeasibleNodesToFind`, percentageOfNodesToScore unset): how many
 * feasible nodes the scheduler looks for before it stops filtering. Go's int32 arithmetic. */
export function numFeasibleNodesToFind(allNodes: number): number {
  if (allNodes < MIN_FEASIBLE_NODES_TO_FIND) return allNodes;
  const percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(allNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((allNodes * percentage) / 100));
}

export function isRejection(v: PluginCycle | Rejection | null): v is Rejection {
  return v !== null && 'code' in v && 'reasons' in v;
}

export type CycleResult =
  { ok: true; node: NodeInfo } | { ok: false; message: string; preemption?: Preemption };

function truncate(message: string): string {
  return message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE - 4) + ' ...' : message;
}

/** SCHED-MSG-AGG: `0/N nodes are available: <count> <reason>, ….` with the items sorted as text. */
export function fitErrorText(total: number, histogram: ReadonlyMap<string, number>): string {
  const items = [...histogram].map(([reason, n]) => `${n} ${reason}`).sort();
  return `0/${total} nodes are available: ${items.join(', ')}.`;
}

/**
 * SCHED-MSG-PREEMPT after a PreFilter rejection: removing pods from a node cannot undo what the
 * PreFilter decided for every node, so unresolvable nodes cannot be helped and the others have
 * no victim that would let the pod in.
 */
function preemptionText(total: number, codes: ReadonlyMap<Code, number>): string {
  const outcome = new Map<string, number>();
  for (const [code, n] of codes) {
    const text = code === 'UnschedulableAndUnresolvable' ? NOT_HELPFUL : NO_VICTIMS;
    outcome.set(text, (outcome.get(text) ?? 0) + n);
  }
  return ` preemption: ${fitErrorText(total, outcome)}`;
}

export class Framework {
  /** Where the next search for feasible nodes starts (SCHED-PCT's round robin). */
  private nextStartNodeIndex = 0;

  constructor(
    readonly plugins: readonly Plugin[],
    private readonly rng: Prng,
  ) {}

  schedule(pod: PodObject, ctx: SchedulingContext): CycleResult {
    const nodes = ctx.nodes;
    const total = nodes.length;
    if (total === 0) return { ok: false, message: 'no nodes available to schedule pods' };

    const cycles: Array<{ plugin: Plugin; cycle: PluginCycle }> = [];
    let allowed = null as Set<string> | null;
    const narrowedBy: string[] = [];
    for (const plugin of this.plugins) {
      const outcome = plugin.preFilter(pod, ctx);
      if (outcome === null) continue;
      if (isRejection(outcome)) {
        const codes = new Map<Code, number>([[outcome.code, total]]);
        return {
          ok: false,
          message: truncate(
            `0/${total} nodes are available: ${outcome.reasons.join(', ')}.` + preemptionText(total, codes),
          ),
        };
      }
      cycles.push({ plugin, cycle: outcome });
      if (outcome.nodeNames) {
        allowed = intersect(allowed, outcome.nodeNames);
        narrowedBy.push(plugin.name);
      }
    }

    const histogram = new Map<string, number>();
    const codes = new Map<Code, number>();
    const reject = (r: Rejection) => {
      for (const reason of r.reasons) histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
      codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
    };
    const rejectedNodes: Array<[NodeInfo, Rejection]> = [];
    const filters: PluginCycle[] = [];
    for (const c of cycles) if (c.cycle.filter) filters.push(c.cycle);
    const feasible: NodeInfo[] = [];
    const toFind = numFeasibleNodesToFind(total);
    let processed = 0;
    for (; processed < total && feasible.length < toFind; processed++) {
      const node = nodes[(this.nextStartNodeIndex + processed) % total];
      if (allowed !== null && !allowed.has(node.name)) {
        const names =
          narrowedBy.length > 1 ? `[${narrowedBy.join(' ')}] simultaneously` : `[${narrowedBy[0]}]`;
        reject(unresolvable(`node(s) didn't satisfy plugin(s) ${names}`));
        continue;
      }
      let rejection: Rejection | null = null;
      for (const cycle of filters) {
        rejection = cycle.filter?.(node) ?? null;
        if (rejection) break;
      }
      if (rejection) {
        reject(rejection);
        rejectedNodes.push([node, rejection]);
      } else feasible.push(node);
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % total;
    if (feasible.length === 0) {
      const fit = fitErrorText(total, histogram);
      // PostFilter: DefaultPreemption (SCHED-MSG-PREEMPT).
      if (pod.spec.preemptionPolicy === 'Never') {
        return {
          ok: false,
          message: truncate(`${fit} preemption: not eligible due to preemptionPolicy=Never.`),
        };
      }
      const nominated = pod.state.nominatedNode;
      if (
        nominated !== null &&
        [...(nodes.find((n) => n.name === nominated)?.pods ?? [])].some(
          (p) => p.meta.deletionTime !== null && priorityOf(p) < priorityOf(pod),
        )
      ) {
        return {
          ok: false,
          message: truncate(
            `${fit} preemption: not eligible due to a terminating pod on the nominated node.`,
          ),
        };
      }
      const { chosen, verdicts } = findPreemption(pod, filters, rejectedNodes, {
        budgets: [...ctx.store.list('PodDisruptionBudget')],
        rng: this.rng,
      });
      // Nodes left out by a PreFilterResult were rejected as unresolvable.
      const unhelped = total - rejectedNodes.length;
      if (unhelped > 0) verdicts.set(NOT_HELPFUL, (verdicts.get(NOT_HELPFUL) ?? 0) + unhelped);
      if (chosen) return { ok: false, message: truncate(fit), preemption: chosen };
      return { ok: false, message: truncate(`${fit} preemption: ${fitErrorText(total, verdicts)}`) };
    }
    if (feasible.length === 1) return { ok: true, node: feasible[0] };

    const totals = new Array<number>(feasible.length).fill(0);
    for (const { plugin, cycle } of cycles) {
      if (!cycle.score || plugin.weight === 0) continue;
      if (cycle.preScore && !cycle.preScore(feasible)) continue;
      const scores = feasible.map((n) => cycle.score?.(n) ?? 0);
      cycle.normalize?.(scores, feasible);
      for (let i = 0; i < scores.length; i++) totals[i] += scores[i] * plugin.weight;
    }
    let best: number[] = [];
    let bestScore = -Infinity;
    for (let i = 0; i < feasible.length; i++) {
      if (totals[i] > bestScore) {
        bestScore = totals[i];
        best = [i];
      } else if (totals[i] === bestScore) best.push(i);
    }
    const chosen = best.length === 1 ? best[0] : best[this.rng.int(best.length)];
    return { ok: true, node: feasible[chosen] };
  }
}

function intersect(current: ReadonlySet<string> | null, names: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const n of names) if (current === null || current.has(n)) out.add(n);
  return out;
}

/** helper.DefaultNormalizeScore: scale to [0, max] by the largest score; `reverse` flips it. */
export function defaultNormalizeScore(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}
