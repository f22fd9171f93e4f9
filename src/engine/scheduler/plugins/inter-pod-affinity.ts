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
  type Rejection,
  type SchedulingContext,
} from '../framework';
import { podAffinityTerms, termMatches, type AffinityTerm } from '../affinity-terms';
import type { NodeInfo, PodCounter } from '../cache';

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

/** What pods removed from one node take off each of the filter's counts. */
interface Deltas {
  existingAnti: TopologyCounts;
  affinity: TopologyCounts;
  anti: TopologyCounts;
}

/** How many domains of `m` still hold a matching pod once `less` is taken off. */
function domainsLeft(m: TopologyCounts, less: TopologyCounts): number {
  let n = 0;
  for (const [key, values] of m)
    for (const [value, count] of values) if (count - countAt(less, key, value) > 0) n++;
  return n;
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
      /** The filter over the counts, each less what `less` takes off (preemption's dry run). */
      const check = (node: NodeInfo, less: Deltas | null): Rejection | null => {
        const labels = node.node.meta.labels;
        const at = (m: TopologyCounts, which: keyof Deltas, key: string, value: string) =>
          countAt(m, key, value) - (less ? countAt(less[which], key, value) : 0);
        let podsExist = true;
        for (const term of own.requiredAffinity) {
          const value = labels[term.topologyKey];
          if (value === undefined) return unresolvable(AFFINITY);
          if (at(affinity, 'affinity', term.topologyKey, value) <= 0) podsExist = false;
        }
        // The first pod of a group that is affine to itself may go anywhere (counts at zero are
        // dropped upstream, so a domain emptied by preemption no longer counts).
        const affinityDomains = less ? domainsLeft(affinity, less.affinity) : affinity.size;
        if (!podsExist && !(affinityDomains === 0 && selfMatchesAll)) return unresolvable(AFFINITY);
        for (const term of own.requiredAntiAffinity) {
          const value = labels[term.topologyKey];
          if (value !== undefined && at(anti, 'anti', term.topologyKey, value) > 0)
            return unschedulable(ANTI_AFFINITY);
        }
        for (const [key, value] of Object.entries(labels)) {
          if (at(existingAnti, 'existingAnti', key, value) > 0) return unschedulable(EXISTING_ANTI_AFFINITY);
        }
        return null;
      };
      cycle.filter = (node) => check(node, null);
      // RemovePod: what the pods leaving this node took part in, in the node's domains.
      cycle.filterWithout = (node, gone) => {
        const labels = node.node.meta.labels;
        const less: Deltas = { existingAnti: new Map(), affinity: new Map(), anti: new Map() };
        for (const p of gone) {
          for (const term of podAffinityTerms(p).requiredAntiAffinity) {
            if (matchesIncoming(term)) add(less.existingAnti, term.topologyKey, labels[term.topologyKey], 1);
          }
          const matches = (t: AffinityTerm) => termMatches(t, p, namespaceLabels);
          if (own.requiredAffinity.length > 0 && own.requiredAffinity.every(matches)) {
            for (const t of own.requiredAffinity) add(less.affinity, t.topologyKey, labels[t.topologyKey], 1);
          }
          for (const t of own.requiredAntiAffinity) {
            if (matches(t)) add(less.anti, t.topologyKey, labels[t.topologyKey], 1);
          }
        }
        return check(node, less);
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
