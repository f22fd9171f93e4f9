// Which changes the API server lets `kubectl apply` make to an existing Pod, with its messages
// (pkg/apis/core/validation ValidatePodUpdate, ValidateContainerUpdates,
// validateOnlyAddedTolerations; reference POD-UPDATE). A pod's spec is fixed at creation except:
// container and init container images, activeDeadlineSeconds (set, or lowered), tolerations
// (additions; tolerationSeconds may change), and terminationGracePeriodSeconds from a negative
// value to 1. Everything else is refused with one Forbidden error that lists those fields.
// Defaulting is not re-applied: both specs are compared as written in their manifests.
import type { Container, PodSpec, Toleration } from 'kubernetes-types/core/v1';
import type { FieldPath } from './manifest';
import { stableJson } from './hash';

/** One field error: `<field>: <body>` as the API server prints it, and where it is written. */
export interface UpdateFieldError {
  text: string;
  at: FieldPath;
}

/** updatablePodSpecFields, joined with "," as the message does. */
const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

/** The errors of updating a pod from `old` to `next` (empty when the update is allowed). */
export function validatePodUpdate(next: PodSpec, old: PodSpec): UpdateFieldError[] {
  for (const key of ['containers', 'initContainers'] as const) {
    if ((next[key] ?? []).length !== (old[key] ?? []).length) {
      return [
        { text: `spec.${key}: Forbidden: pod updates may not add or remove containers`, at: ['spec', key] },
      ];
    }
  }
  const errs: UpdateFieldError[] = [];
  const deadline = ['spec', 'activeDeadlineSeconds'];
  const nextDeadline = next.activeDeadlineSeconds;
  const oldDeadline = old.activeDeadlineSeconds;
  if (nextDeadline !== undefined && nextDeadline !== null) {
    // The range (1…MaxInt32) is checked with the rest of the new spec, before this.
    if (oldDeadline !== undefined && oldDeadline !== null && oldDeadline < nextDeadline) {
      errs.push({
        text: `spec.activeDeadlineSeconds: Invalid value: ${nextDeadline}: must be less than or equal to previous value`,
        at: deadline,
      });
      return errs;
    }
  } else if (oldDeadline !== undefined && oldDeadline !== null) {
    errs.push({
      text: 'spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value',
      at: deadline,
    });
  }
  const kept = new Set((next.tolerations ?? []).map(tolerationKey));
  if ((old.tolerations ?? []).some((t) => !kept.has(tolerationKey(t)))) {
    errs.push({
      text: 'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
      at: ['spec', 'tolerations'],
    });
  }
  if (sameSpec(next, old)) return errs;

  // The updatable fields taken from the old spec; what still differs is forbidden.
  const withOldImages = (mine: Container[] | undefined, theirs: Container[] | undefined) =>
    mine?.map((c, i) => ({ ...c, image: theirs?.[i]?.image }));
  const munged: PodSpec = {
    ...next,
    containers: withOldImages(next.containers, old.containers) ?? next.containers,
    initContainers: withOldImages(next.initContainers, old.initContainers),
    activeDeadlineSeconds: old.activeDeadlineSeconds,
    tolerations: old.tolerations,
  };
  const oldGrace = old.terminationGracePeriodSeconds;
  if (
    oldGrace !== undefined &&
    oldGrace !== null &&
    oldGrace < 0 &&
    next.terminationGracePeriodSeconds === 1
  ) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  if (!sameSpec(munged, old)) {
    errs.push({
      text: `spec: Forbidden: pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS}`,
      at: ['spec'],
    });
  }
  return errs;
}

/**
 * Equal as the API server compares decoded specs (apiequality.Semantic): null is an absent
 * pointer, and an empty list equals an absent one.
 */
function sameSpec(a: PodSpec, b: PodSpec): boolean {
  return stableJson(semantic(a)) === stableJson(semantic(b));
}

function semantic(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(semantic);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined || (Array.isArray(x) && x.length === 0)) continue;
    // defineProperty: a `__proto__` key from the manifest stays a plain key.
    Object.defineProperty(out, k, {
      value: semantic(x),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A toleration without its tolerationSeconds, absent fields as Go's empty strings. */
function tolerationKey(t: Toleration): string {
  return stableJson({
    key: t.key ?? '',
    operator: t.operator ?? '',
    value: t.value ?? '',
    effect: t.effect ?? '',
  });
}

/** Names of the containers (not init containers) whose image an allowed update changes. */
export function changedImages(next: PodSpec, old: PodSpec): string[] {
  const names: string[] = [];
  (next.containers ?? []).forEach((c, i) => {
    const before = old.containers?.[i];
    if (before && before.image !== c.image) names.push(c.name);
  });
  return names;
}
