// PodTopologySpread (plugins/podtopologyspread): `DoNotSchedule` constraints filter by skew
// (PTS-FILTER), `ScheduleAnyway` ones score (PTS-SCORE); a pod without constraints is scored by
// the cluster's default soft constraints over the Services and owner that select it (PTS-DEFAULT).
// Matching pods are counted per node by the scheduler cache, whoever owns them; terminating pods
// and other namespaces do not count. Score weight 2.
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { labelSelectorFrom, requiredNodeAffinityMatches, selectorMatches } from '../../selector';
import { firstUntoleratedTaint } from '../taints';
import {
  MAX_NODE_SCORE,
  unresolvable,
  unschedulable,
  type Plugin,
  type PluginCycle,
  type Rejection,
  type SchedulingContext,
} from '../framework';
import type { NodeInfo, PodCounter } from '../cache';
import type { PodObject } from '../../types';

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const NOT_MATCH = "node(s) didn't match pod topology spread constraints";
const MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  minDomains: number;
  /** null: the constraint has no labelSelector and matches no pod. */
  selector: LabelSelector | null;
  honorAffinity: boolean;
  honorTaints: boolean;
  counter: PodCounter;
}

function counterFor(ctx: SchedulingContext, namespace: string, selector: LabelSelector | null): PodCounter {
  return ctx.cache.counter(
    `pts\u0000${namespace}\u0000${JSON.stringify(selector)}`,
    (p, terminating) =>
      !terminating &&
      selector !== null &&
      p.meta.namespace === namespace &&
      selectorMatches(selector, p.meta.labels),
  );
}

function constraintsOf(
  pod: PodObject,
  ctx: SchedulingContext,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
): Constraint[] {
  const out: Constraint[] = [];
  for (const c of pod.spec.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== action) continue;
    out.push(constraint(pod, ctx, c));
  }
  return out;
}

function constraint(pod: PodObject, ctx: SchedulingContext, c: TopologySpreadConstraint): Constraint {
  const raw: unknown = c.labelSelector;
  let selector: LabelSelector | null = raw === undefined || raw === null ? null : labelSelectorFrom(raw);
  const keys = (c.matchLabelKeys ?? []).filter((k) => k in pod.meta.labels);
  if (selector !== null && keys.length > 0) {
    selector = {
      matchLabels: selector.matchLabels,
      matchExpressions: [
        ...(selector.matchExpressions ?? []),
        ...keys.map((key) => ({ key, operator: 'In', values: [pod.meta.labels[key]] })),
      ],
    };
  }
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    minDomains: c.minDomains ?? 1,
    selector,
    honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
    counter: counterFor(ctx, pod.meta.namespace, selector),
  };
}

/**
 * helper.DefaultSelector: the Services selecting the pod and its owning ReplicaSet / StatefulSet,
 * with a key naming those objects (their selectors cannot change: Service selectors can, so the
 * key holds the Service's selector too).
 */
function defaultSelector(
  pod: PodObject,
  ctx: SchedulingContext,
): { key: string; build: () => LabelSelector | null } {
  const services: Array<Record<string, string>> = [];
  let key = '';
  for (const svc of ctx.store.list('Service')) {
    if (svc.meta.namespace !== pod.meta.namespace) continue;
    const sel = svc.spec.selector ?? {};
    const entries = Object.entries(sel);
    if (entries.length === 0 || !entries.every(([k, v]) => pod.meta.labels[k] === v)) continue;
    services.push(sel);
    key += `${svc.meta.uid}:${entries.join(',')};`;
  }
  const ref = pod.meta.ownerReferences.find((r) => r.controller);
  const owner = ref ? ctx.store.byUID(ref.uid) : undefined;
  const selectingOwner =
    owner && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet') ? owner : undefined;
  key += `|${selectingOwner?.meta.uid ?? ''}`;
  const build = (): LabelSelector | null => {
    const matchLabels: Record<string, string> = Object.assign({}, ...services) as Record<string, string>;
    const expressions: NonNullable<LabelSelector['matchExpressions']> = [];
    if (selectingOwner) {
      const sel = labelSelectorFrom(selectingOwner.spec.selector);
      for (const [k, value] of Object.entries(sel.matchLabels ?? {})) {
        expressions.push({ key: k, operator: 'In', values: [value] });
      }
      expressions.push(...(sel.matchExpressions ?? []));
    }
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return null;
    return { matchLabels, matchExpressions: expressions };
  };
  return { key: `${pod.meta.namespace}|${key}`, build };
}

/** The default constraints per DefaultSelector key, for each scheduler cache. */
const defaultsMemo = new WeakMap<object, Map<string, Constraint[]>>();

function defaultConstraints(pod: PodObject, ctx: SchedulingContext): Constraint[] {
  let memo = defaultsMemo.get(ctx.cache);
  if (!memo) defaultsMemo.set(ctx.cache, (memo = new Map()));
  const { key, build } = defaultSelector(pod, ctx);
  let constraints = memo.get(key);
  if (!constraints) {
    const selector = build();
    constraints =
      selector === null
        ? []
        : [
            {
              maxSkew: 3,
              topologyKey: HOSTNAME,
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: selector,
            },
            { maxSkew: 5, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
          ].map((c) => constraint(pod, ctx, c));
    if (memo.size > 10_000) memo.clear();
    memo.set(key, constraints);
  }
  return constraints;
}

/** The node passes the constraint's nodeAffinityPolicy and nodeTaintsPolicy. */
function included(pod: PodObject, c: Constraint, node: NodeInfo): boolean {
  const labels = node.node.meta.labels;
  if (c.honorAffinity && !requiredNodeAffinityMatches(pod.spec, labels, node.name)) return false;
  if (c.honorTaints && firstUntoleratedTaint(node.node.taints, pod.spec.tolerations)) return false;
  return true;
}

const hasAllKeys = (node: NodeInfo, constraints: readonly Constraint[]) =>
  constraints.every((c) => c.topologyKey in node.node.meta.labels);

function filterCycle(
  pod: PodObject,
  ctx: SchedulingContext,
  constraints: Constraint[],
): Pick<PluginCycle, 'filter' | 'filterWithout'> {
  // Matching pods per domain over the eligible nodes, and the smallest count per constraint.
  const perDomain = constraints.map(() => new Map<string, number>());
  for (const node of ctx.nodes) {
    if (!hasAllKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!included(pod, c, node)) return;
      const value = node.node.meta.labels[c.topologyKey];
      perDomain[i].set(value, (perDomain[i].get(value) ?? 0) + (c.counter.perNode.get(node.name) ?? 0));
    });
  }
  const minimum = constraints.map((c, i) => {
    if (perDomain[i].size < c.minDomains) return 0;
    let min = Infinity;
    for (const n of perDomain[i].values()) if (n < min) min = n;
    return min;
  });
  const selfMatch = constraints.map((c) =>
    c.selector !== null && selectorMatches(c.selector, pod.meta.labels) ? 1 : 0,
  );
  /** The filter with `less[i]` matching pods taken off the node's own domain of constraint i. */
  const check = (node: NodeInfo, less: readonly number[] | null): Rejection | null => {
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      const value = node.node.meta.labels[c.topologyKey];
      if (value === undefined) return unresolvable(MISSING_LABEL);
      const gone = less?.[i] ?? 0;
      const count = (perDomain[i].get(value) ?? 0) - gone;
      // Only this domain shrinks, so the smallest count can only fall to it.
      const min = gone > 0 && perDomain[i].size >= c.minDomains ? Math.min(minimum[i], count) : minimum[i];
      if (count + selfMatch[i] - min > c.maxSkew) return unschedulable(NOT_MATCH);
    }
    return null;
  };
  return {
    filter: (node) => check(node, null),
    // RemovePod (updateWithPod −1): a pod leaving counts only where it was counted.
    filterWithout: (node, gone) => {
      if (!hasAllKeys(node, constraints)) return check(node, null);
      const less = constraints.map((c) => {
        if (!included(pod, c, node) || c.selector === null) return 0;
        const selector = c.selector;
        return gone.filter(
          (p) =>
            p.meta.deletionTime === null &&
            p.meta.namespace === pod.meta.namespace &&
            selectorMatches(selector, p.meta.labels),
        ).length;
      });
      return check(node, less);
    },
  };
}

function scoreCycle(pod: PodObject, ctx: SchedulingContext, constraints: Constraint[], requireAll: boolean) {
  const ignored = new Set<string>();
  const pairCounts = constraints.map(() => new Map<string, number>());
  const weights: number[] = [];
  const cycle: Pick<PluginCycle, 'preScore' | 'score' | 'normalize'> = {
    preScore: (feasible) => {
      const sizes = constraints.map(() => 0);
      for (const node of feasible) {
        if (requireAll && !hasAllKeys(node, constraints)) {
          ignored.add(node.name);
          continue;
        }
        constraints.forEach((c, i) => {
          if (c.topologyKey === HOSTNAME) return;
          const value = node.node.meta.labels[c.topologyKey] ?? '';
          if (!pairCounts[i].has(value)) {
            pairCounts[i].set(value, 0);
            sizes[i]++;
          }
        });
      }
      constraints.forEach((c, i) => {
        if (c.topologyKey === HOSTNAME) sizes[i] = feasible.length - ignored.size;
        weights[i] = Math.log(sizes[i] + 2);
      });
      for (const node of ctx.nodes) {
        if (requireAll && !hasAllKeys(node, constraints)) continue;
        constraints.forEach((c, i) => {
          if (c.topologyKey === HOSTNAME || !included(pod, c, node)) return;
          const value = node.node.meta.labels[c.topologyKey] ?? '';
          const current = pairCounts[i].get(value);
          if (current === undefined) return;
          pairCounts[i].set(value, current + (c.counter.perNode.get(node.name) ?? 0));
        });
      }
      return true;
    },
    score: (node) => {
      if (ignored.has(node.name)) return 0;
      let score = 0;
      constraints.forEach((c, i) => {
        const value = node.node.meta.labels[c.topologyKey];
        if (value === undefined) return;
        const count =
          c.topologyKey === HOSTNAME
            ? (c.counter.perNode.get(node.name) ?? 0)
            : (pairCounts[i].get(value) ?? 0);
        score += count * weights[i] + (c.maxSkew - 1);
      });
      return Math.round(score);
    },
    normalize: (scores, feasible) => {
      let min = Infinity;
      let max = 0;
      feasible.forEach((n, i) => {
        if (ignored.has(n.name)) return;
        min = Math.min(min, scores[i]);
        max = Math.max(max, scores[i]);
      });
      feasible.forEach((n, i) => {
        if (ignored.has(n.name)) scores[i] = 0;
        else if (max === 0) scores[i] = MAX_NODE_SCORE;
        else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
      });
    },
  };
  return cycle;
}

export const podTopologySpread: Plugin = {
  name: 'PodTopologySpread',
  weight: 2,
  preFilter: (pod, ctx) => {
    const written = pod.spec.topologySpreadConstraints ?? [];
    const hard = constraintsOf(pod, ctx, 'DoNotSchedule');
    let soft: Constraint[];
    let requireAll = true;
    if (written.length > 0) soft = constraintsOf(pod, ctx, 'ScheduleAnyway');
    else {
      requireAll = false;
      soft = defaultConstraints(pod, ctx);
    }
    if (hard.length === 0 && soft.length === 0) return null;
    const cycle: PluginCycle = {};
    if (hard.length > 0) Object.assign(cycle, filterCycle(pod, ctx, hard));
    if (soft.length > 0) Object.assign(cycle, scoreCycle(pod, ctx, soft, requireAll));
    return cycle;
  },
};
