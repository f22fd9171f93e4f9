// API-server semantics shared by controllers and scenario steps: object creation with the
// admission defaults that matter here, and deletion with finalizers and pod grace periods.
import { admitPriority } from './admission/priority';
import type { PodSpec } from 'kubernetes-types/core/v1';
import { defaultPodSpec } from './admission/core-defaults';
import { withDefaultTolerations } from './admission/default-tolerations';
import type { Sim } from './sim';
import type { ClaimObject, KObject, OwnerRef, PodObject, PodTemplateLike } from './types';

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** Characters the API server draws generateName suffixes from (apimachinery util/rand). */
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_GENERATED_NAME_LENGTH = 58; // 63 − 5 random characters

export function generateName(sim: Sim, prefix: string, namespace: string): string {
  const base =
    prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH) : prefix;
  const stream = sim.nameStream(namespace, base);
  for (;;) {
    const name = base + stream.string(NAME_SUFFIX_ALPHABET, 5);
    // The API server answers AlreadyExists and the name is generated again.
    if (!sim.store.get('Pod', namespace, name)) return name;
  }
}

export interface NewPodOptions {
  name: string;
  namespace: string;
  template: PodTemplateLike;
  labels?: Record<string, string>;
  owner?: OwnerRef;
  generateName?: string;
  mutateSpec?: (spec: PodSpec) => void;
  revision?: string | null;
}

/** The API server refused to create a controller's pod (the controller reports FailedCreate). */
export interface PodRefusal {
  refused: string;
}

export function isRefusal(v: PodObject | PodRefusal): v is PodRefusal {
  return 'refused' in v;
}

/** A pod as the API server creates it from a controller's template, or its refusal. */
export function newPod(sim: Sim, opts: NewPodOptions): PodObject | PodRefusal {
  // A shallow copy: controllers replace top-level fields (hostname, volumes) and never edit
  // nested parts of a pod spec, so the template's containers can be shared.
  const written: PodSpec = { ...(opts.template.spec ?? { containers: [] }) };
  opts.mutateSpec?.(written);
  // The API server defaults every pod it stores, a controller's or a user's (ADM-DEFAULTS-CORE).
  const spec = defaultPodSpec(written);
  spec.tolerations = withDefaultTolerations(spec.tolerations);
  // Priority admission; before the name is generated, so a refusal names the prefix.
  const refused = admitPriority(sim.store, opts.generateName ?? opts.name, spec);
  if (refused !== null) return { refused };
  const pod: PodObject = {
    kind: 'Pod',
    meta: sim.newMeta(opts.name, opts.namespace, {
      labels: { ...(opts.template.metadata?.labels ?? {}), ...(opts.labels ?? {}) },
      annotations: { ...(opts.template.metadata?.annotations ?? {}) },
      ownerReferences: opts.owner ? [opts.owner] : [],
      generateName: opts.generateName,
    }),
    spec,
    state: {
      phase: 'Pending',
      nodeName: null,
      ip: null,
      ready: false,
      readySince: null,
      readinessOverride: null,
      containersStarted: false,
      waitingReason: null,
      reason: null,
      unschedulable: null,
      nominatedNode: null,
      revision: opts.revision ?? null,
      restartCount: 0,
      initialized: 0,
      containerReady: [],
      runtime: null,
    },
  };
  return pod;
}

/** Default StorageClass admission + protection finalizer, as the API server applies on create. */
export function admitClaim(sim: Sim, claim: ClaimObject): void {
  if (claim.spec.storageClassName === undefined || claim.spec.storageClassName === null) {
    let dflt: string | null = null;
    for (const sc of sim.store.list('StorageClass')) if (sc.isDefault) dflt = sc.meta.name;
    claim.state.storageClassName = dflt;
  } else {
    claim.state.storageClassName = claim.spec.storageClassName === '' ? null : claim.spec.storageClassName;
  }
  if (!claim.meta.finalizers.includes(PVC_PROTECTION_FINALIZER))
    claim.meta.finalizers.push(PVC_PROTECTION_FINALIZER);
}

/** kubectl delete --cascade (DELETE-CASCADE, GC-MODES). */
export type Cascade = 'background' | 'foreground' | 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export interface DeleteOptions {
  /** Overrides the pod's terminationGracePeriodSeconds; 0 deletes at once (--grace-period=0 --force). */
  gracePeriod?: number | null;
  /** How dependents go: background (default), foreground, orphan. */
  cascade?: Cascade;
}

/**
 * Delete an object the way the API server does: pods that run on a node get a deletion
 * timestamp and go away when the kubelet has stopped them; objects with finalizers wait for
 * them; everything else disappears at once (owned objects then go through the garbage collector).
 */
export function deleteObject(sim: Sim, obj: KObject, opts: DeleteOptions = {}): void {
  const cascade = opts.cascade ?? 'background';
  if (cascade === 'orphan') {
    // GC-MODES orphan: the garbage collector removes the owner's reference from every dependent,
    // then the owner goes; the dependents keep running.
    for (const dep of [...sim.store.dependentsOf(obj.meta.uid)]) {
      sim.store.setOwners(
        dep,
        dep.meta.ownerReferences.filter((r) => r.uid !== obj.meta.uid),
      );
    }
  } else if (
    cascade === 'foreground' &&
    obj.kind !== 'Pod' &&
    sim.store.dependentsOf(obj.meta.uid).size > 0
  ) {
    // GC-MODES foreground: the owner stays, being deleted, until its dependents are gone.
    if (!obj.meta.finalizers.includes(FOREGROUND_FINALIZER)) obj.meta.finalizers.push(FOREGROUND_FINALIZER);
  }
  if (obj.kind === 'Pod') {
    const grace = opts.gracePeriod ?? obj.spec.terminationGracePeriodSeconds;
    const terminal = obj.state.phase === 'Succeeded' || obj.state.phase === 'Failed';
    // Unscheduled and finished pods are removed immediately (pod registry CheckGracefulDelete).
    if (!obj.state.nodeName || terminal || grace <= 0) {
      sim.store.remove(obj);
      return;
    }
    if (obj.meta.deletionTime !== null) {
      if ((obj.meta.deletionGracePeriodSeconds ?? grace) <= grace) return;
    } else {
      obj.meta.deletionTime = sim.now;
    }
    obj.meta.deletionGracePeriodSeconds = grace;
    sim.store.changed(obj);
    return;
  }
  if (obj.meta.finalizers.length > 0) {
    if (obj.meta.deletionTime === null) {
      obj.meta.deletionTime = sim.now;
      sim.store.changed(obj);
    }
    return;
  }
  sim.store.remove(obj);
}

/** Remove one finalizer; an object being deleted goes away with its last finalizer. */
export function removeFinalizer(sim: Sim, obj: KObject, finalizer: string): void {
  const i = obj.meta.finalizers.indexOf(finalizer);
  if (i < 0) return;
  obj.meta.finalizers.splice(i, 1);
  if (obj.meta.deletionTime !== null && obj.meta.finalizers.length === 0) sim.store.remove(obj);
  else sim.store.changed(obj);
}

export function labelsMatch(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return false;
  for (const k of Object.keys(selector)) if (labels[k] !== selector[k]) return false;
  return true;
}
