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
import { admitClaim, deleteObject, isRefusal, newPod } from '../api';
import { isAvailable, isRunningAndReady } from '../status';
import { splitKey } from './kubelet';
import { selectorMatches } from '../selector';
import { fnv32a, safeEncodeDigits, stableJson } from '../hash';
import type { ClaimObject, OwnerRef, PodObject, PodTemplateLike, StatefulSetObject } from '../types';

const SOURCE = 'statefulset-controller';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';

type Outcome = 'continue' | 'stop';

export class StatefulSetController implements Controller {
  readonly name = SOURCE;
  readonly watches = ['StatefulSet', 'Pod', 'PersistentVolumeClaim', 'PriorityClass'] as const;
  /** Per-set caches kept from watch events, like the informer the real controller reads. */
  private readonly indexes = new Map<string, SetIndex>();
  private readonly revisionNames = new WeakMap<object, string>();

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'PriorityClass') {
      // A pod refused for a missing class may be created now.
      for (const sts of this.sim.store.list('StatefulSet'))
        this.sim.enqueue(this, objectKey(sts.meta.namespace, sts.meta.name));
    } else if (obj.kind === 'StatefulSet') {
      if (type === 'deleted') {
        this.indexes.delete(obj.meta.uid);
        return;
      }
      // The spec may have changed (replicas, template, policy): look at every pod again.
      const index = this.indexes.get(obj.meta.uid);
      if (index) index.healthyPrefix = 0;
      if (type === 'added') this.adoptOrphans(obj);
      this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
    } else if (obj.kind === 'Pod') {
      const owner = obj.meta.ownerReferences.find((r) => r.controller);
      if (owner?.kind !== 'StatefulSet') {
        if (type === 'deleted')
          this.wakeBlocked((sts) => sts.state.blockedOnPods, obj.meta.namespace, obj.meta.name);
        return;
      }
      let index = this.indexes.get(owner.uid);
      if (!index) this.indexes.set(owner.uid, (index = new SetIndex(owner.name)));
      const sts = type === 'deleted' ? undefined : this.sim.store.byUID(owner.uid);
      // ADOPT (release half): a pod whose labels stopped matching loses its controller reference
      // and runs on; its name stays taken, so the set reports FailedCreate until it is gone.
      const released = sts?.kind === 'StatefulSet' && !selectorMatches(sts.spec.selector, obj.meta.labels);
      index.update(obj, type === 'deleted' || released);
      if (released) {
        this.sim.store.setOwners(
          obj,
          obj.meta.ownerReferences.filter((r) => r.uid !== owner.uid),
        );
      }
      this.sim.enqueue(this, objectKey(obj.meta.namespace, owner.name));
    } else if (obj.kind === 'PersistentVolumeClaim' && type === 'deleted') {
      this.wakeBlocked((sts) => sts.state.blockedOnClaims, obj.meta.namespace, obj.meta.name);
    }
  }

  /**
   * ADOPT (ClaimPods with isMemberOf): pods nobody controls whose labels the selector matches and
   * whose name is `<set>-<ordinal>` become the set's, whatever the ordinal — those beyond
   * `replicas` are then condemned as usual. A set re-created after an orphaning delete so takes
   * its pods back without restarting them.
   */
  private adoptOrphans(sts: StatefulSetObject): void {
    const prefix = `${sts.meta.name}-`;
    for (const pod of [...this.sim.store.list('Pod')]) {
      if (pod.meta.namespace !== sts.meta.namespace || pod.meta.deletionTime !== null) continue;
      if (!pod.meta.name.startsWith(prefix) || !/^\d+$/.test(pod.meta.name.slice(prefix.length))) continue;
      if (pod.meta.ownerReferences.some((r) => r.controller)) continue;
      if (!selectorMatches(sts.spec.selector, pod.meta.labels)) continue;
      this.sim.store.setOwners(pod, [...pod.meta.ownerReferences, this.sim.ownerRef(sts)]);
    }
  }

  /** Sync the sets whose creation waits for this object to be gone. */
  private wakeBlocked(
    blocked: (sts: StatefulSetObject) => Set<string>,
    namespace: string,
    name: string,
  ): void {
    const key = objectKey(namespace, name);
    for (const sts of this.sim.store.list('StatefulSet')) {
      if (blocked(sts).delete(key)) this.sim.enqueue(this, objectKey(sts.meta.namespace, sts.meta.name));
    }
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const sts = this.sim.store.get('StatefulSet', namespace, name);
    if (!sts || sts.meta.deletionTime !== null) return;
    this.trackRevision(sts);
    let index = this.indexes.get(sts.meta.uid);
    if (!index) this.indexes.set(sts.meta.uid, (index = new SetIndex(sts.meta.name)));
    const run = new SetSync(this.sim, sts, index, (delay) =>
      this.sim.after(delay, () => this.sim.enqueue(this, key)),
    );
    run.reconcile();
    run.updateStatus();
  }

  private trackRevision(sts: StatefulSetObject): void {
    // The template object is replaced, never edited, when the set changes: hash it once.
    let revision = this.revisionNames.get(sts.spec.template);
    if (revision === undefined) {
      revision = revisionName(sts.meta.name, sts.spec.template);
      this.revisionNames.set(sts.spec.template, revision);
    }
    if (!sts.state.revisions.has(revision))
      sts.state.revisions.set(revision, structuredClone(sts.spec.template));
    // STS-ROLLBACK: a template seen before (an undo) re-uses its ControllerRevision, whose
    // revision number becomes the highest; a new one is numbered max + 1.
    const numbers = sts.state.revisionNumbers;
    const highest = Math.max(0, ...numbers.values());
    const own = numbers.get(revision);
    if (own === undefined || (own < highest && revision !== sts.state.updateRevision)) {
      numbers.set(revision, highest + 1);
    }
    sts.state.updateRevision = revision;
    if (!sts.state.currentRevision) sts.state.currentRevision = revision;
  }
}

interface PodEntry {
  ordinal: number;
  live: boolean;
  ready: boolean;
  revision: string | null;
}

/**
 * The pods of one set by ordinal, with running counts for the status, so that a sync does not
 * rescan every pod: OrderedReady scaling touches one pod per sync.
 */
class SetIndex {
  /** The admission refusal last told as FailedCreate (a missing PriorityClass), until a pod is made. */
  refusalTold: string | null = null;
  readonly pods = new Map<number, PodObject>();
  private readonly entries = new Map<string, PodEntry>();
  maxOrdinal = -1;
  minOrdinal = Infinity;
  /** Leading in-range slots last seen healthy; any change to one of them lowers the mark. */
  healthyPrefix = 0;
  start = 0;
  live = 0;
  ready = 0;
  readonly liveByRevision = new Map<string, number>();

  constructor(private readonly setName: string) {}

  update(pod: PodObject, deleted: boolean): void {
    const previous = this.entries.get(pod.meta.uid);
    const ordinal = previous?.ordinal ?? parseOrdinal(pod.meta.name, this.setName);
    if (ordinal === null) return; // not `<set>-<int>`: ignored, as the controller does
    if (previous) this.count(previous, -1);
    if (ordinal - this.start < this.healthyPrefix) this.healthyPrefix = Math.max(0, ordinal - this.start);
    if (deleted) {
      this.entries.delete(pod.meta.uid);
      if (this.pods.get(ordinal) === pod) this.pods.delete(ordinal);
      while (this.maxOrdinal >= 0 && !this.pods.has(this.maxOrdinal)) this.maxOrdinal--;
      if (this.pods.size === 0) this.minOrdinal = Infinity;
      else while (!this.pods.has(this.minOrdinal)) this.minOrdinal++;
      return;
    }
    const live = pod.meta.deletionTime === null;
    const entry: PodEntry = {
      ordinal,
      live,
      ready: live && isRunningAndReady(pod),
      revision: pod.state.revision,
    };
    this.entries.set(pod.meta.uid, entry);
    this.count(entry, 1);
    this.pods.set(ordinal, pod);
    this.maxOrdinal = Math.max(this.maxOrdinal, ordinal);
    this.minOrdinal = Math.min(this.minOrdinal, ordinal);
  }

  private count(e: PodEntry, by: number): void {
    if (!e.live) return;
    this.live += by;
    if (e.ready) this.ready += by;
    if (e.revision !== null)
      this.liveByRevision.set(e.revision, (this.liveByRevision.get(e.revision) ?? 0) + by);
  }

  /** Pods outside [start, end), highest ordinal first. */
  *condemned(start: number, end: number): Generator<PodObject> {
    for (let o = this.maxOrdinal; o >= end; o--) {
      const pod = this.pods.get(o);
      if (pod) yield pod;
    }
    for (let o = Math.min(start - 1, this.maxOrdinal); o >= this.minOrdinal; o--) {
      const pod = this.pods.get(o);
      if (pod) yield pod;
    }
  }
}

/** One reconcile pass over a set (updateStatefulSet). */
class SetSync {
  private readonly start: number;
  private readonly replicas: number;
  private readonly monotonic: boolean;
  private readonly minReady: number;

  constructor(
    private readonly sim: Sim,
    private readonly sts: StatefulSetObject,
    private readonly index: SetIndex,
    /** Sync the set again after `delay` seconds (minReadySeconds waits). */
    private readonly resyncAfter: (delay: number) => void,
  ) {
    this.start = sts.spec.ordinals?.start ?? 0;
    this.replicas = sts.spec.replicas;
    this.monotonic = sts.spec.podManagementPolicy !== 'Parallel';
    this.minReady = sts.spec.minReadySeconds;
    if (index.start !== this.start) {
      index.start = this.start;
      index.healthyPrefix = 0;
    }
  }

  private slot(i: number): PodObject | undefined {
    return this.index.pods.get(this.start + i);
  }

  reconcile(): void {
    // Replica pass: ascending ordinals. OrderedReady resumes after the slots it last saw healthy
    // (their changes lower the mark); that only skips pods on which the pass would do nothing.
    const index = this.index;
    const skip = this.monotonic && this.minReady === 0 ? Math.min(index.healthyPrefix, this.replicas) : 0;
    for (let i = skip; i < this.replicas; i++) {
      if (this.processReplica(i) === 'stop') return;
      if (this.monotonic && i === index.healthyPrefix) index.healthyPrefix = i + 1;
    }
    // Condemned pass: highest ordinal first; the claim owners are fixed just before each deletion.
    let firstUnhealthy: PodObject | undefined | null = null;
    for (const pod of index.condemned(this.start, this.start + this.replicas)) {
      const ordinal = parseOrdinal(pod.meta.name, this.sts.meta.name);
      if (ordinal !== null) this.fixClaimOwners(ordinal, pod, true);
      if (pod.meta.deletionTime !== null) {
        if (this.monotonic) return;
        continue;
      }
      if (this.monotonic && !this.healthy(pod)) {
        if (firstUnhealthy === null) firstUnhealthy = this.firstUnhealthyPod();
        if (pod !== firstUnhealthy) return;
      }
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
    const unhealthy = (pod: PodObject) => !(isRunningAndReady(pod) && pod.meta.deletionTime === null);
    for (let i = 0; i < this.replicas; i++) {
      const pod = this.slot(i);
      if (pod && unhealthy(pod)) return pod;
    }
    const condemned = [...this.index.condemned(this.start, this.start + this.replicas)];
    for (let i = condemned.length - 1; i >= 0; i--) if (unhealthy(condemned[i])) return condemned[i];
    return undefined;
  }

  private processReplica(i: number): Outcome {
    const sim = this.sim;
    const ordinal = this.start + i;
    const pod = this.slot(i);
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
    const taken = sim.store.get('Pod', sts.meta.namespace, podName);
    if (taken) {
      // A pod of that name that nobody controls and that the selector matches is adopted
      // (ClaimPods); any other holder of the name makes the creation fail until it is gone.
      if (
        !taken.meta.ownerReferences.some((r) => r.controller) &&
        selectorMatches(sts.spec.selector, taken.meta.labels)
      ) {
        sim.store.setOwners(taken, [...taken.meta.ownerReferences, sim.ownerRef(sts)]);
        return true;
      }
      sts.state.blockedOnPods.add(objectKey(sts.meta.namespace, podName));
      sim.event(
        'Warning',
        'FailedCreate',
        sts,
        SOURCE,
        `create Pod ${podName} in StatefulSet ${sts.meta.name} failed error: pods "${podName}" already exists`,
      );
      return false;
    }
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
    if (isRefusal(pod)) {
      // Told once per refusal, not on every resync while the class is missing.
      const message = `create Pod ${podName} in StatefulSet ${sts.meta.name} failed error: ${pod.refused}`;
      if (this.index.refusalTold !== message) {
        this.index.refusalTold = message;
        sim.event('Warning', 'FailedCreate', sts, SOURCE, message);
      }
      return false;
    }
    this.index.refusalTold = null;
    sim.store.add(pod);
    sim.event(
      'Normal',
      'SuccessfulCreate',
      sts,
      SOURCE,
      `create Pod ${podName} in StatefulSet ${sts.meta.name} successful`,
      pod,
    );
    return true;
  }

  private revisionFor(ordinal: number): string {
    const s = this.sts;
    const rolling = s.spec.updateStrategy.type === 'RollingUpdate';
    const partition = s.spec.updateStrategy.rollingUpdate?.partition ?? 0;
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
      const claim = this.newClaim(template, claimName);
      sim.store.add(claim);
      sim.event(
        'Normal',
        'SuccessfulCreate',
        sts,
        SOURCE,
        `create Claim ${claimName} Pod ${podName} in StatefulSet ${sts.meta.name} success`,
        claim,
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
    return this.sts.spec.persistentVolumeClaimRetentionPolicy;
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

  private rollingUpdate(): void {
    const s = this.sts;
    if (s.spec.updateStrategy.type !== 'RollingUpdate') return;
    const partition = s.spec.updateStrategy.rollingUpdate?.partition ?? 0;
    const index = this.index;
    const updated = index.liveByRevision.get(s.state.updateRevision) ?? 0;
    if (this.minReady === 0 && updated === index.live && index.ready === index.live) return; // nothing to roll
    for (let i = this.replicas - 1; i >= partition; i--) {
      const pod = this.slot(i);
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
      pod,
    );
  }

  private resyncWhenAvailable(pod: PodObject): void {
    if (this.minReady <= 0 || pod.state.readySince === null || pod.meta.deletionTime !== null) return;
    const delay = pod.state.readySince + this.minReady - this.sim.now;
    if (delay > 0) this.resyncAfter(delay);
  }

  updateStatus(): void {
    const s = this.sts;
    const index = this.index;
    let available = index.ready;
    if (this.minReady > 0) {
      available = 0;
      for (const pod of index.pods.values()) {
        if (pod.meta.deletionTime === null && isAvailable(pod, this.minReady, this.sim.now)) available++;
      }
    }
    const next = {
      observedGeneration: s.meta.generation,
      replicas: index.pods.size,
      readyReplicas: index.ready,
      availableReplicas: available,
      currentReplicas: index.liveByRevision.get(s.state.currentRevision) ?? 0,
      updatedReplicas: index.liveByRevision.get(s.state.updateRevision) ?? 0,
    };
    const rolling = s.spec.updateStrategy.type === 'RollingUpdate';
    if (rolling && next.updatedReplicas === this.replicas && next.readyReplicas === this.replicas) {
      // completeRollingUpdate: every replica runs the update revision.
      s.state.currentRevision = s.state.updateRevision;
      next.currentReplicas = next.updatedReplicas;
    }
    // Status writes do not trigger another sync of this controller (the real one ignores its
    // own status updates through generation/observedGeneration).
    Object.assign(s.state, next);
  }
}

/** `web-3` → 3 for set `web`; null when the name is not `<set>-<int>`. */
export function parseOrdinal(podName: string, setName: string): number | null {
  const n = setName.length;
  if (podName.length <= n + 1 || podName.charCodeAt(n) !== 45 /* - */ || !podName.startsWith(setName))
    return null;
  if (podName.length > n + 2 && podName.charCodeAt(n + 1) === 48 /* leading 0 */) return null;
  let value = 0;
  for (let i = n + 1; i < podName.length; i++) {
    const d = podName.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    value = value * 10 + d;
  }
  return value;
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
