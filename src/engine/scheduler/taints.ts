// Taints and tolerations (component-helpers scheduling/corev1 `TolerationsTolerateTaint`,
// core/v1 `Toleration.ToleratesTaint`): shared by the TaintToleration plugin, PodTopologySpread's
// nodeTaintsPolicy and, later, taint-based eviction.
import type { Taint, Toleration } from 'kubernetes-types/core/v1';

/** TAINT-FILTER's match: effect empty or equal; key empty (with Exists) or equal; Exists
 * ignores the value, Equal (or no operator) compares it. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export function tolerated(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first NoSchedule or NoExecute taint (in the node's order) the pod does not tolerate. */
export function firstUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
): Taint | undefined {
  return taints.find(
    (taint) =>
      (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerated(tolerations, taint),
  );
}

/** `{key: value}` as the TaintToleration plugin prints a taint (empty value ⇒ `{key: }`). */
export function taintText(taint: Taint): string {
  return `{${taint.key}: ${taint.value ?? ''}}`;
}
