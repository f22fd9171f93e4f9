// statefulset-controller: stable pod identities `<set>-<ordinal>` with per-pod claims.
// Invariants (stateful_set_control.go):
// - pods are named `<set>-<ordinal>` for ordinals [start, start+replicas); a name is reused only
//   after the previous pod of that name is completely gone;
// - OrderedReady: at most one creation or deletion per sync; ordinal n+1 is created only when
//   every lower ordinal is Running, Ready and Available; scale-down removes the highest ordinal
//   first and waits until it is gone; an unhealthy pod halts both, except that the first
//   unhealthy pod of the set may itself be removed;
// - Parallel: creations and deletions do not wait for readiness or termination;
// - claims `<template>-<set>-<ordinal>` are created before their pod and reused, never replaced,
//   while they exist; the retention policy (default Retain/Retain) is expressed through owner
//   references, and the garbage collector does the deleting;
// - RollingUpdate replaces pods from the highest ordinal down to the partition, one at a time,
//   each only after the previous replacement is healthy; OnDelete replaces nothing by itself.
import type { PersistentVolumeClaim, PodSpec } from 'kubernetes-types/core/v1';
import { objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import { admitClaim, deleteObject, newPod } from '../api';
import { isAvailable, isRunningAndReady } from '../status';
import { splitKey } from './kubelet';
import type { ClaimObject, OwnerRef, PodObject, PodTemplateLike, StatefulSetObject } from '../types';

const SOURCE = 'statefulset-controller';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';

type Outcome = 'continue' | 'stop';

export class StatefulSetController implements Controller {
  readonly name = SOURCE;

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'StatefulSet') {
      if (type !== 'deleted') this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
    } else if (obj.kind === 'Pod') {
      const owner = obj.meta.ownerReferences.find((r) => r.controller);
      if (owner?.kind === 'StatefulSet') this.sim.enqueue(this, objectKey(obj.meta.namespace, owner.name));
    } else if (obj.kind === 'PersistentVolumeClaim' && type === 'deleted') {
      const claimKey = objectKey(obj.meta.namespace, obj.meta.name);
      for (const sts of this.sim.store.list('StatefulSet')) {
        if (sts.state.blockedOnClaims.has(claimKey))
          this.sim.enqueue(this, objectKey(sts.meta.namespace, sts.meta.name));
      }
    }
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const sts = this.sim.store.get('StatefulSet', namespace, name);
    if (!sts || sts.meta.deletionTime !== null) return;
    this.trackRevision(sts);
    const run = new SetSync(this.sim, sts, (delay) =>
      this.sim.after(delay, () => this.sim.enqueue(this, key)),
    );
    run.reconcile();
    run.updateStatus();
  }

  private trackRevision(sts: StatefulSetObject): void {
    const revision = revisionName(sts.meta.name, sts.spec.template);
    if (!sts.state.revisions.has(revision))
      sts.state.revisions.set(revision, structuredClone(sts.spec.template));
    sts.state.updateRevision = revision;
    if (!sts.state.currentRevision) sts.state.currentRevision = revision;
  }
}

/** One reconcile pass over a set (updateStatefulSet). */
class SetSync {
  private readonly start: number;
  private readonly replicas: number;
  private readonly monotonic: boolean;
  private readonly minReady: number;
  private readonly slots: Array<PodObject | undefined>;
  private readonly condemned: PodObject[] = [];
  private readonly all: PodObject[] = [];

  constructor(
    private readonly sim: Sim,
    private readonly sts: StatefulSetObject,
    /** Sync the set again after `delay` seconds (minReadySeconds waits). */
    private readonly resyncAfter: (delay: number) => void,
  ) {
    this.start = sts.spec.ordinals?.start ?? 0;
    this.replicas = sts.spec.replicas ?? 1;
    this.monotonic = sts.spec.podManagementPolicy !== 'Parallel';
    this.minReady = sts.spec.minReadySeconds ?? 0;
    this.slots = new Array<PodObject | undefined>(this.replicas).fill(undefined);
    for (const dep of sim.store.dependentsOf(sts.meta.uid)) {
      if (dep.kind !== 'Pod' || !dep.meta.ownerReferences.some((r) => r.controller && r.uid === sts.meta.uid))
        continue;
      const ordinal = parseOrdinal(dep.meta.name, sts.meta.name);
      if (ordinal === null) continue; // not `<set>-<int>`: ignored, as the controller does
      this.all.push(dep);
      if (ordinal >= this.start && ordinal < this.start + this.replicas)
        this.slots[ordinal - this.start] = dep;
      else this.condemned.push(dep);
    }
    this.condemned.sort(
      (a, b) =>
        (parseOrdinal(b.meta.name, sts.meta.name) ?? 0) - (parseOrdinal(a.meta.name, sts.meta.name) ?? 0),
    );
  }

  reconcile(): void {
    // Replica pass: ascending ordinals.
    for (let i = 0; i < this.replicas; i++) {
      if (this.processReplica(i) === 'stop') return;
    }
    this.fixCondemnedClaims();
    // Condemned pass: highest ordinal first.
    const firstUnhealthy = this.firstUnhealthyPod();
    for (const pod of this.condemned) {
      if (pod.meta.deletionTime !== null) {
        if (this.monotonic) return;
        continue;
      }
      if (this.monotonic && !this.healthy(pod) && pod !== firstUnhealthy) return;
      this.deletePod(pod);
      if (this.monotonic) return;
    }
    this.rollingUpdate();
  }

  private healthy(pod: PodObject): boolean {
    return (
      pod.meta.deletionTime === null &&
      isRunningAndReady(pod) &&
      isAvailable(pod, this.minReady, this.sim.now)
    );
  }

  private firstUnhealthyPod(): PodObject | undefined {
    for (const pod of this.slots) {
      if (pod && !(isRunningAndReady(pod) && pod.meta.deletionTime === null)) return pod;
    }
    for (let i = this.condemned.length - 1; i >= 0; i--) {
      const pod = this.condemned[i];
      if (!(isRunningAndReady(pod) && pod.meta.deletionTime === null)) return pod;
    }
    return undefined;
  }

  private processReplica(i: number): Outcome {
    const sim = this.sim;
    const ordinal = this.start + i;
    const pod = this.slots[i];
    const stopIfOrdered: Outcome = this.monotonic ? 'stop' : 'continue';
    if (
      pod &&
      pod.meta.deletionTime === null &&
      (pod.state.phase === 'Failed' || pod.state.phase === 'Succeeded')
    ) {
      this.deletePod(pod);
      return stopIfOrdered;
    }
    if (!pod) {
      // OrderedReady stops after one creation (or a blocked one); Parallel goes on.
      this.createReplica(ordinal);
      return stopIfOrdered;
    }
    if (pod.meta.deletionTime !== null) return stopIfOrdered;
    if (pod.state.phase === 'Pending') this.createMissingClaims(ordinal, pod.meta.name);
    if (!isRunningAndReady(pod)) return stopIfOrdered;
    if (!isAvailable(pod, this.minReady, sim.now)) {
      this.resyncWhenAvailable(pod);
      return stopIfOrdered;
    }
    this.fixClaimOwners(ordinal, pod, false);
    return 'continue';
  }

  /** Create the claims, then the pod; false when a claim blocks creation. */
  private createReplica(ordinal: number): boolean {
    const sim = this.sim;
    const sts = this.sts;
    const podName = `${sts.meta.name}-${ordinal}`;
    if (this.hasStaleClaim(ordinal)) return false;
    if (!this.createMissingClaims(ordinal, podName)) return false;
    const revision = this.revisionFor(ordinal);
    const template = sts.state.revisions.get(revision) ?? sts.spec.template;
    const pod = newPod(sim, {
      name: podName,
      namespace: sts.meta.namespace,
      template,
      labels: {
        [POD_NAME_LABEL]: podName,
        [POD_INDEX_LABEL]: String(ordinal),
        [REVISION_LABEL]: revision,
      },
      owner: sim.ownerRef(sts),
      revision,
      mutateSpec: (spec) => {
        spec.hostname = podName;
        if (sts.spec.serviceName) spec.subdomain = sts.spec.serviceName;
        attachClaimVolumes(spec, sts, ordinal);
      },
    });
    sim.store.add(pod);
    sim.event(
      'Normal',
      'SuccessfulCreate',
      sts,
      SOURCE,
      `create Pod ${podName} in StatefulSet ${sts.meta.name} successful`,
    );
    return true;
  }

  private revisionFor(ordinal: number): string {
    const s = this.sts;
    const rolling = (s.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const partition = s.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (rolling && ordinal < this.start + partition && s.state.revisions.has(s.state.currentRevision)) {
      return s.state.currentRevision;
    }
    return s.state.updateRevision;
  }

  /** Claims of an ordinal; false when one is still being deleted (FailedCreate, retried later). */
  private createMissingClaims(ordinal: number, podName: string): boolean {
    const sim = this.sim;
    const sts = this.sts;
    for (const template of sts.spec.volumeClaimTemplates ?? []) {
      const claimName = `${template.metadata?.name ?? ''}-${sts.meta.name}-${ordinal}`;
      const claimKey = objectKey(sts.meta.namespace, claimName);
      const existing = sim.store.claim(sts.meta.namespace, claimName);
      if (existing) {
        if (existing.meta.deletionTime !== null) {
          sts.state.blockedOnClaims.add(claimKey);
          sim.event(
            'Warning',
            'FailedCreate',
            sts,
            SOURCE,
            `create Pod ${podName} in StatefulSet ${sts.meta.name} failed error: pvc ${claimName} is being deleted`,
          );
          return false;
        }
        continue;
      }
      sts.state.blockedOnClaims.delete(claimKey);
      sim.store.add(this.newClaim(template, claimName));
      sim.event(
        'Normal',
        'SuccessfulCreate',
        sts,
        SOURCE,
        `create Claim ${claimName} Pod ${podName} in StatefulSet ${sts.meta.name} success`,
      );
    }
    return true;
  }

  private newClaim(template: PersistentVolumeClaim, claimName: string): ClaimObject {
    const sim = this.sim;
    const sts = this.sts;
    const owners: OwnerRef[] = this.policy().whenDeleted === 'Delete' ? [sim.ownerRef(sts)] : [];
    const claim: ClaimObject = {
      kind: 'PersistentVolumeClaim',
      meta: sim.newMeta(claimName, sts.meta.namespace, {
        labels: { ...(template.metadata?.labels ?? {}), ...(sts.spec.selector?.matchLabels ?? {}) },
        annotations: { ...(template.metadata?.annotations ?? {}) },
        ownerReferences: owners,
      }),
      spec: structuredClone(template.spec ?? {}),
      state: { phase: 'Pending', volumeName: null, storageClassName: null, selectedNode: null },
    };
    admitClaim(sim, claim);
    return claim;
  }

  private policy(): { whenDeleted: string; whenScaled: string } {
    const p = this.sts.spec.persistentVolumeClaimRetentionPolicy;
    return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
  }

  /** whenScaled=Delete: a claim owned by an earlier pod of the same name must go first (PodClaimIsStale). */
  private hasStaleClaim(ordinal: number): boolean {
    if (this.policy().whenScaled !== 'Delete') return false;
    const podName = `${this.sts.meta.name}-${ordinal}`;
    for (const template of this.sts.spec.volumeClaimTemplates ?? []) {
      const claimName = `${template.metadata?.name ?? ''}-${this.sts.meta.name}-${ordinal}`;
      const claim = this.sim.store.claim(this.sts.meta.namespace, claimName);
      if (claim?.meta.ownerReferences.some((r) => r.kind === 'Pod' && r.name === podName)) {
        this.sts.state.blockedOnClaims.add(objectKey(claim.meta.namespace, claimName));
        return true;
      }
    }
    return false;
  }

  /** Owner references that express the retention policy (updateClaimOwnerRefForSetAndPod). */
  private fixClaimOwners(ordinal: number, pod: PodObject, condemned: boolean): void {
    const sim = this.sim;
    const sts = this.sts;
    const policy = this.policy();
    for (const template of sts.spec.volumeClaimTemplates ?? []) {
      const claim = sim.store.claim(
        sts.meta.namespace,
        `${template.metadata?.name ?? ''}-${sts.meta.name}-${ordinal}`,
      );
      if (!claim || claim.meta.deletionTime !== null) continue;
      const wantSet = policy.whenDeleted === 'Delete' && !(condemned && policy.whenScaled === 'Delete');
      const wantPod = condemned && policy.whenScaled === 'Delete';
      const others = claim.meta.ownerReferences.filter((r) => r.uid !== sts.meta.uid && r.kind !== 'Pod');
      const next: OwnerRef[] = [...others];
      if (wantSet) next.push(sim.ownerRef(sts));
      if (wantPod) next.push(sim.ownerRef(pod));
      const same =
        next.length === claim.meta.ownerReferences.length &&
        next.every((r, i) => claim.meta.ownerReferences[i]?.uid === r.uid);
      if (!same) sim.store.setOwners(claim, next);
    }
  }

  private fixCondemnedClaims(): void {
    for (const pod of this.condemned) {
      const ordinal = parseOrdinal(pod.meta.name, this.sts.meta.name);
      if (ordinal !== null) this.fixClaimOwners(ordinal, pod, true);
    }
  }

  private rollingUpdate(): void {
    const s = this.sts;
    if ((s.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
    const partition = s.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let i = this.replicas - 1; i >= partition; i--) {
      const pod = this.slots[i];
      if (!pod) continue;
      if (pod.state.revision !== s.state.updateRevision && pod.meta.deletionTime === null) {
        this.deletePod(pod);
        return;
      }
      if (!this.healthy(pod)) {
        if (isRunningAndReady(pod)) this.resyncWhenAvailable(pod);
        return;
      }
    }
  }

  private deletePod(pod: PodObject): void {
    deleteObject(this.sim, pod);
    this.sim.event(
      'Normal',
      'SuccessfulDelete',
      this.sts,
      SOURCE,
      `delete Pod ${pod.meta.name} in StatefulSet ${this.sts.meta.name} successful`,
    );
  }

  private resyncWhenAvailable(pod: PodObject): void {
    if (this.minReady <= 0 || pod.state.readySince === null || pod.meta.deletionTime !== null) return;
    const delay = pod.state.readySince + this.minReady - this.sim.now;
    if (delay > 0) this.resyncAfter(delay);
  }

  updateStatus(): void {
    const s = this.sts;
    const live = this.all.filter((p) => p.meta.deletionTime === null);
    const ready = live.filter(isRunningAndReady);
    const next = {
      replicas: this.all.length,
      readyReplicas: ready.length,
      availableReplicas: live.filter((p) => isAvailable(p, this.minReady, this.sim.now)).length,
      currentReplicas: live.filter((p) => p.state.revision === s.state.currentRevision).length,
      updatedReplicas: live.filter((p) => p.state.revision === s.state.updateRevision).length,
    };
    let currentRevision = s.state.currentRevision;
    const rolling = (s.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    if (rolling && next.updatedReplicas === this.replicas && next.readyReplicas === this.replicas) {
      currentRevision = s.state.updateRevision;
      next.currentReplicas = next.updatedReplicas;
    }
    const st = s.state;
    if (
      st.replicas !== next.replicas ||
      st.readyReplicas !== next.readyReplicas ||
      st.availableReplicas !== next.availableReplicas ||
      st.currentReplicas !== next.currentReplicas ||
      st.updatedReplicas !== next.updatedReplicas ||
      st.currentRevision !== currentRevision
    ) {
      Object.assign(st, next);
      st.currentRevision = currentRevision;
      // Status writes do not trigger another sync of this controller (it ignores its own
      // status updates the way generation/observedGeneration checks make the real one quiet).
    }
  }
}

/** `web-3` → 3 for set `web`; null when the name is not `<set>-<int>`. */
export function parseOrdinal(podName: string, setName: string): number | null {
  if (!podName.startsWith(`${setName}-`)) return null;
  const rest = podName.slice(setName.length + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(rest)) return null;
  return Number(rest);
}

/** STS-VOL: one persistentVolumeClaim volume per template, replacing a same-named template volume. */
function attachClaimVolumes(spec: PodSpec, sts: StatefulSetObject, ordinal: number): void {
  const templates = sts.spec.volumeClaimTemplates ?? [];
  if (templates.length === 0) return;
  const names = new Set(templates.map((t) => t.metadata?.name ?? ''));
  const volumes = (spec.volumes ?? []).filter((v) => !names.has(v.name));
  for (const t of templates) {
    const name = t.metadata?.name ?? '';
    volumes.push({ name, persistentVolumeClaim: { claimName: `${name}-${sts.meta.name}-${ordinal}` } });
  }
  spec.volumes = volumes;
}

/** `<set>-<hash>`: FNV-32a of the template, each decimal digit mapped as SafeEncodeString does. */
export function revisionName(setName: string, template: PodTemplateLike): string {
  return `${setName.slice(0, 223)}-${safeEncodeDigits(fnv32a(stableJson(template)))}`;
}

const SAFE_DIGITS = '456789bcdf';

export function safeEncodeDigits(n: number): string {
  return String(n)
    .split('')
    .map((d) => SAFE_DIGITS[Number(d)])
    .join('');
}

export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted, so equal templates hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
