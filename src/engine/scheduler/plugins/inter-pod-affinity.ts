// InterPodAffinity (plugins/interpodaffinity): required pod affinity, the pod's own required
// anti-affinity and the existing pods' required anti-affinity filter, in that order (IPA-FILTER,
// the symmetric check included); preferred terms of both sides and the existing pods' required
// affinity (hardPodAffinityWeight 1) score (IPA-SCORE). Matching pods come per node from the
// scheduler cache's counters and affinity groups; terminating pods count. Score weight 2.
import {
  MAX_NODE_SCORE,
  unresolvable,
  unschedulable,
  type Plugin,
  type PluginCycle,
  type SchedulingContext,
} from '../framework';
import { podAffinityTerms, termMatches, type AffinityTerm } from '../affinity-terms';
import type { PodCounter } from '../cache';

const AFFINITY = "node(s) didn't match pod affinity rules";
const ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
const EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
const HARD_POD_AFFINITY_WEIGHT = 1;

/** Topology key → value → count (or score). */
type TopologyCounts = Map<string, Map<string, number>>;

function add(m: TopologyCounts, key: string, value: string | undefined, by: number): void {
  if (value === undefined || by === 0) return;
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map()));
  inner.set(value, (inner.get(value) ?? 0) + by);
}

function counterFor(ctx: SchedulingContext, terms: readonly AffinityTerm[]): PodCounter {
  const key = `ipa\u0000${JSON.stringify(terms.map((t) => t.key))}`;
  return ctx.cache.counter(key, (p) =>
    terms.every((t) => termMatches(t, p, (ns) => ctx.namespaceLabels(ns))),
  );
}

/** Spread per-node counts onto the topology domains of the nodes. */
function intoDomains(
  ctx: SchedulingContext,
  counter: PodCounter,
  keys: readonly string[],
  into: TopologyCounts,
  weight: number,
): void {
  for (const [nodeName, count] of counter.perNode) {
    const node = ctx.store.get('Node', '', nodeName);
    if (!node) continue;
    for (const key of keys) add(into, key, node.meta.labels[key], count * weight);
  }
}

function countAt(m: TopologyCounts, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}

export const interPodAffinity: Plugin = {
  name: 'InterPodAffinity',
  weight: 2,
  preFilter: (pod, ctx) => {
    const a = pod.spec.affinity;
    // Skip: no terms of its own and no existing pod with any (nothing to check or score).
    if (!a?.podAffinity && !a?.podAntiAffinity && ctx.cache.affinityGroups().next().done) return null;
    const own = podAffinityTerms(pod);
    const namespaceLabels = (ns: string) => ctx.namespaceLabels(ns);
    const matchesIncoming = (t: AffinityTerm) => termMatches(t, pod, namespaceLabels);
    const groups = [...ctx.cache.affinityGroups()];

    // Existing pods whose required anti-affinity the incoming pod would violate.
    const existingAnti: TopologyCounts = new Map();
    for (const g of groups) {
      for (const term of g.terms.requiredAntiAffinity) {
        if (!matchesIncoming(term)) continue;
        for (const [nodeName, count] of g.perNode) {
          const node = ctx.store.get('Node', '', nodeName);
          if (node) add(existingAnti, term.topologyKey, node.meta.labels[term.topologyKey], count);
        }
      }
    }
    const affinity: TopologyCounts = new Map();
    if (own.requiredAffinity.length > 0) {
      const counter = counterFor(ctx, own.requiredAffinity);
      intoDomains(
        ctx,
        counter,
        own.requiredAffinity.map((t) => t.topologyKey),
        affinity,
        1,
      );
    }
    const anti: TopologyCounts = new Map();
    for (const term of own.requiredAntiAffinity) {
      intoDomains(ctx, counterFor(ctx, [term]), [term.topologyKey], anti, 1);
    }
    const selfMatchesAll = own.requiredAffinity.every(matchesIncoming);

    const cycle: PluginCycle = {};
    if (own.requiredAffinity.length + own.requiredAntiAffinity.length > 0 || existingAnti.size > 0) {
      cycle.filter = (node) => {
        const labels = node.node.meta.labels;
        let podsExist = true;
        for (const term of own.requiredAffinity) {
          const value = labels[term.topologyKey];
          if (value === undefined) return unresolvable(AFFINITY);
          if (countAt(affinity, term.topologyKey, value) <= 0) podsExist = false;
        }
        // The first pod of a group that is affine to itself may go anywhere.
        if (!podsExist && !(affinity.size === 0 && selfMatchesAll)) return unresolvable(AFFINITY);
        for (const term of own.requiredAntiAffinity) {
          const value = labels[term.topologyKey];
          if (value !== undefined && countAt(anti, term.topologyKey, value) > 0)
            return unschedulable(ANTI_AFFINITY);
        }
        for (const [key, value] of Object.entries(labels)) {
          if (countAt(existingAnti, key, value) > 0) return unschedulable(EXISTING_ANTI_AFFINITY);
        }
        return null;
      };
    }

    const hasPreferred = own.preferredAffinity.length + own.preferredAntiAffinity.length > 0;
    if (!hasPreferred && groups.length === 0) return cycle;
    const scores: TopologyCounts = new Map();
    for (const term of own.preferredAffinity)
      intoDomains(ctx, counterFor(ctx, [term]), [term.topologyKey], scores, term.weight);
    for (const term of own.preferredAntiAffinity)
      intoDomains(ctx, counterFor(ctx, [term]), [term.topologyKey], scores, -term.weight);
    for (const g of groups) {
      const contributions: Array<[AffinityTerm, number]> = [];
      for (const t of g.terms.requiredAffinity)
        if (matchesIncoming(t)) contributions.push([t, HARD_POD_AFFINITY_WEIGHT]);
      for (const t of g.terms.preferredAffinity) if (matchesIncoming(t)) contributions.push([t, t.weight]);
      for (const t of g.terms.preferredAntiAffinity)
        if (matchesIncoming(t)) contributions.push([t, -t.weight]);
      if (contributions.length === 0) continue;
      for (const [nodeName, count] of g.perNode) {
        const node = ctx.store.get('Node', '', nodeName);
        if (!node) continue;
        for (const [t, w] of contributions)
          add(scores, t.topologyKey, node.meta.labels[t.topologyKey], count * w);
      }
    }
    if (scores.size === 0) return cycle;
    cycle.score = (node) => {
      let sum = 0;
      for (const [key, values] of scores) {
        const value = node.node.meta.labels[key];
        if (value !== undefined) sum += values.get(value) ?? 0;
      }
      return sum;
    };
    cycle.normalize = (list) => {
      let min = Infinity;
      let max = -Infinity;
      for (const s of list) {
        min = Math.min(min, s);
        max = Math.max(max, s);
      }
      const diff = max - min;
      for (let i = 0; i < list.length; i++)
        list[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (list[i] - min)) / diff) : 0;
    };
    return cycle;
  },
};
