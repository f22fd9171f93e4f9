// Pod affinity terms as the scheduler holds them (framework.AffinityTerm): the namespaces a term
// covers and its label selector, with matchLabelKeys / mismatchLabelKeys already merged in from
// the owning pod's labels, as the API server merges them at admission since 1.33 (IPA-FILTER).
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import { labelSelectorFrom, selectorMatches } from '../selector';
import type { PodObject } from '../types';

export interface AffinityTerm {
  /** Namespaces named by the term (or the pod's own when neither field is set). */
  namespaces: ReadonlySet<string>;
  /** namespaceSelector; `{}` selects every namespace, null none. */
  namespaceSelector: LabelSelector | null;
  /** null: the term has no labelSelector and matches no pod. */
  selector: LabelSelector | null;
  topologyKey: string;
  weight: number;
  /** Canonical text of the term, for grouping identical terms of many pods. */
  key: string;
}

export interface PodAffinityTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
}

function mergeLabelKeys(
  selector: LabelSelector,
  term: PodAffinityTerm,
  labels: Record<string, string>,
): LabelSelector {
  const expressions = [...(selector.matchExpressions ?? [])];
  for (const key of term.matchLabelKeys ?? []) {
    if (key in labels) expressions.push({ key, operator: 'In', values: [labels[key]] });
  }
  for (const key of term.mismatchLabelKeys ?? []) {
    if (key in labels) expressions.push({ key, operator: 'NotIn', values: [labels[key]] });
  }
  return { matchLabels: selector.matchLabels, matchExpressions: expressions };
}

export function affinityTerm(pod: PodObject, term: PodAffinityTerm, weight = 1): AffinityTerm {
  const rawSelector: unknown = term.labelSelector;
  const selector =
    rawSelector === undefined || rawSelector === null
      ? null
      : mergeLabelKeys(labelSelectorFrom(rawSelector), term, pod.meta.labels);
  const rawNs: unknown = term.namespaceSelector;
  const namespaceSelector = rawNs === undefined || rawNs === null ? null : labelSelectorFrom(rawNs);
  const named = term.namespaces ?? [];
  const namespaces = new Set(named.length === 0 && namespaceSelector === null ? [pod.meta.namespace] : named);
  const topologyKey = term.topologyKey ?? '';
  return {
    namespaces,
    namespaceSelector,
    selector,
    topologyKey,
    weight,
    key: JSON.stringify([[...namespaces].sort(), namespaceSelector, selector, topologyKey, weight]),
  };
}

/** framework.AffinityTerm.Matches: the pod is in one of the term's namespaces and its labels match. */
export function termMatches(
  term: AffinityTerm,
  pod: PodObject,
  namespaceLabels: (namespace: string) => Record<string, string>,
): boolean {
  if (term.selector === null) return false;
  const inNamespace =
    term.namespaces.has(pod.meta.namespace) ||
    (term.namespaceSelector !== null &&
      selectorMatches(term.namespaceSelector, namespaceLabels(pod.meta.namespace)));
  return inNamespace && selectorMatches(term.selector, pod.meta.labels);
}

const weighted = (pod: PodObject, terms: WeightedPodAffinityTerm[] | undefined): AffinityTerm[] =>
  (terms ?? []).map((t) => affinityTerm(pod, t.podAffinityTerm, t.weight));

/** The pod's four lists of inter-pod terms (empty lists when it has none). */
export function podAffinityTerms(pod: PodObject): PodAffinityTerms {
  const a = pod.spec.affinity;
  return {
    requiredAffinity: (a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      affinityTerm(pod, t),
    ),
    requiredAntiAffinity: (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (t) => affinityTerm(pod, t),
    ),
    preferredAffinity: weighted(pod, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weighted(pod, a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
}

export function hasAnyTerm(t: PodAffinityTerms): boolean {
  return (
    t.requiredAffinity.length +
      t.requiredAntiAffinity.length +
      t.preferredAffinity.length +
      t.preferredAntiAffinity.length >
    0
  );
}
