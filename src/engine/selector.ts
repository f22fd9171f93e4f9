// Label and node selectors (apimachinery labels.Selector and core/v1 NodeSelector semantics).
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NodeSelector, NodeSelectorRequirement, PodSpec } from 'kubernetes-types/core/v1';

/** A label selector as written in a manifest (unknown JSON), in the API's shape: non-string
 * entries become empty strings, so a malformed expression simply does not match. */
export function labelSelectorFrom(raw: unknown): LabelSelector {
  const sel = isRecord(raw) ? raw : {};
  const labels = isRecord(sel.matchLabels) ? sel.matchLabels : {};
  return {
    matchLabels: Object.fromEntries(
      Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    matchExpressions: (Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []).map(
      (item: unknown) => {
        const e = isRecord(item) ? item : {};
        return {
          key: typeof e.key === 'string' ? e.key : '',
          operator: typeof e.operator === 'string' ? e.operator : '',
          values: (Array.isArray(e.values) ? e.values : []).map(String),
        };
      },
    ),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A LabelSelector matches when every matchLabels pair and every expression holds; empty matches all. */
export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function requirementHolds(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(labels[r.key]);
    case 'NotIn':
      return !has || !values.includes(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const a = Number.parseInt(labels[r.key], 10);
      const b = Number.parseInt(values[0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Terms are ORed, requirements within a term ANDed; a term with no requirements matches nothing. */
export function nodeSelectorMatches(
  sel: NodeSelector,
  nodeLabels: Record<string, string>,
  nodeName: string,
): boolean {
  return sel.nodeSelectorTerms.some((term) => {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return (
      exprs.every((r) => requirementHolds(r, nodeLabels)) &&
      fields.every((r) => r.key === 'metadata.name' && requirementHolds(r, { 'metadata.name': nodeName }))
    );
  });
}

/**
 * nodeaffinity `RequiredNodeAffinity.Match`: the node has every `nodeSelector` pair and matches
 * the required node affinity, when there is one (NA-FILTER). One definition for the scheduler's
 * NodeAffinity filter, PodTopologySpread's nodeAffinityPolicy and the editor's node analysis.
 */
export function requiredNodeAffinityMatches(
  spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>,
  nodeLabels: Record<string, string>,
  nodeName: string,
): boolean {
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (nodeLabels[k] !== v) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || nodeSelectorMatches(required, nodeLabels, nodeName);
}

/** The hostnames a node selector pins to, when it is `kubernetes.io/hostname In [...]` only. */
export function pinnedHostnames(sel: NodeSelector | undefined): string[] | null {
  if (!sel || sel.nodeSelectorTerms.length === 0) return null;
  const names: string[] = [];
  for (const term of sel.nodeSelectorTerms) {
    const exprs = term.matchExpressions ?? [];
    const host = exprs.find((r) => r.key === 'kubernetes.io/hostname' && r.operator === 'In');
    if (!host) return null;
    names.push(...(host.values ?? []));
  }
  return names;
}
