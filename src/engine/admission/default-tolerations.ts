// The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds),
// run on every pod create and update: a pod that does not already tolerate the not-ready or
// unreachable NoExecute taint gets a toleration of it for 300 s, so taint-based eviction removes
// it five minutes after its node goes NotReady (rule DEFAULT-TOL).
import type { Toleration } from 'kubernetes-types/core/v1';

export const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT_KEY = 'node.kubernetes.io/unreachable';
/** --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
export const DEFAULT_TOLERATION_SECONDS = 300;

const NOT_READY: Toleration = Object.freeze({
  key: NOT_READY_TAINT_KEY,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
});
const UNREACHABLE: Toleration = Object.freeze({
  key: UNREACHABLE_TAINT_KEY,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
});
/** Shared by every pod that writes no toleration (most of them), so 100,000 pods cost one array. */
const BOTH: readonly Toleration[] = Object.freeze([NOT_READY, UNREACHABLE]);

/** Whether `t` already covers the NoExecute taint `key`: that key (or any key with Exists), with
 * the NoExecute effect or every effect. */
function covers(t: Toleration, key: string): boolean {
  const effectMatches = t.effect === undefined || t.effect === '' || t.effect === 'NoExecute';
  const keyMatches = t.key === key || ((t.key === undefined || t.key === '') && t.operator === 'Exists');
  return effectMatches && keyMatches;
}

/** The pod's tolerations with the plugin's additions appended (the written ones are kept as written). */
export function withDefaultTolerations(written: readonly Toleration[] | undefined): Toleration[] {
  const list = written ?? [];
  if (list.length === 0) return BOTH as Toleration[];
  const out = [...list];
  if (!list.some((t) => covers(t, NOT_READY_TAINT_KEY))) out.push(NOT_READY);
  if (!list.some((t) => covers(t, UNREACHABLE_TAINT_KEY))) out.push(UNREACHABLE);
  return out;
}
