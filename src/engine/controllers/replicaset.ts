// replicaset-controller: keeps `replicas` active pods matching the selector.
// Invariants:
// - only active pods count (not terminating, not Succeeded/Failed): a terminating pod's
//   replacement is created at once, under a new generated name (`<rs>-` + 5 characters);
// - creations run in slow-start batches 1, 2, 4, … capped at 500 per sync;
// - when every active pod must go they are all deleted at once; otherwise victims are ranked as
//   controller_utils ActivePodsWithRanks orders them;
// - orphan pods matching the selector are adopted before anything is created;
// - all replicas share the template's volumes, so a claim in the template is one shared claim.
import { objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import { deleteObject, generateName, isRefusal, newPod } from '../api';
import { selectorMatches } from '../selector';
import { isAvailable, isPodActive, isRunningAndReady } from '../status';
import { splitKey } from './kubelet';
import type { PodObject, ReplicaSetObject } from '../types';

const SOURCE = 'replicaset-controller';
export const BURST_REPLICAS = 500;
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

export class ReplicaSetController implements Controller {
  readonly name = SOURCE;
  readonly watches = ['ReplicaSet', 'Pod', 'PriorityClass'] as const;
  /** ReplicaSets that may have orphans to adopt (new or changed set, or a new orphan pod). */
  private readonly adoptionPending = new Set<string>();
  /** The last FailedCreate told per set, so a resync for its own status does not repeat it. */
  private readonly toldFailure = new Map<string, string>();

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'ReplicaSet' && type === 'deleted') {
      this.toldFailure.delete(`${obj.meta.namespace}/${obj.meta.name}`);
    }
    if (obj.kind === 'PriorityClass') {
      // A pod refused for a missing class may be created now.
      for (const rs of this.sim.store.list('ReplicaSet'))
        this.sim.enqueue(this, `${rs.meta.namespace}/${rs.meta.name}`);
    } else if (obj.kind === 'ReplicaSet') {
      if (type !== 'deleted') {
        const key = `${obj.meta.namespace}/${obj.meta.name}`;
        if (type === 'added') this.adoptionPending.add(key);
        this.sim.enqueue(this, key);
      }
    } else if (obj.kind === 'Pod') {
      const owner = obj.meta.ownerReferences.find((r) => r.controller);
      if (owner?.kind === 'ReplicaSet') {
        this.sim.enqueue(this, `${obj.meta.namespace}/${owner.name}`);
      } else if (!owner && type === 'added') {
        for (const rs of this.sim.store.list('ReplicaSet')) {
          if (
            rs.meta.namespace === obj.meta.namespace &&
            selectorMatches(rs.spec.selector, obj.meta.labels)
          ) {
            const key = `${rs.meta.namespace}/${rs.meta.name}`;
            this.adoptionPending.add(key);
            this.sim.enqueue(this, key);
          }
        }
      }
    }
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const rs = this.sim.store.get('ReplicaSet', namespace, name);
    if (!rs || rs.meta.deletionTime !== null) return;
    if (this.adoptionPending.delete(key)) this.adoptOrphans(rs);
    this.releaseMismatched(rs);
    const pods = this.ownedPods(rs);
    const active = pods.filter(isPodActive);
    const desired = rs.spec.replicas;
    const diff = active.length - desired;
    if (diff < 0) this.create(rs, Math.min(-diff, BURST_REPLICAS), -diff > BURST_REPLICAS);
    else this.toldFailure.delete(key);
    if (diff > 0) this.remove(rs, active, diff);
    this.updateStatus(rs, pods);
  }

  ownedPods(rs: ReplicaSetObject): PodObject[] {
    const pods: PodObject[] = [];
    for (const dep of this.sim.store.dependentsOf(rs.meta.uid)) {
      if (dep.kind === 'Pod' && dep.meta.ownerReferences.some((r) => r.controller && r.uid === rs.meta.uid))
        pods.push(dep);
    }
    return pods;
  }

  /** ADOPT (ClaimPods' release half): a pod whose labels stopped matching loses its controller
   * reference and runs on as an orphan; the set then counts it no more and makes a replacement. */
  private releaseMismatched(rs: ReplicaSetObject): void {
    for (const pod of this.ownedPods(rs)) {
      if (selectorMatches(rs.spec.selector, pod.meta.labels)) continue;
      this.sim.store.setOwners(
        pod,
        pod.meta.ownerReferences.filter((r) => r.uid !== rs.meta.uid),
      );
    }
  }

  private adoptOrphans(rs: ReplicaSetObject): void {
    for (const pod of this.sim.store.list('Pod')) {
      if (pod.meta.namespace !== rs.meta.namespace || pod.meta.deletionTime !== null) continue;
      if (pod.meta.ownerReferences.some((r) => r.controller)) continue;
      if (!selectorMatches(rs.spec.selector, pod.meta.labels)) continue;
      this.sim.store.setOwners(pod, [...pod.meta.ownerReferences, this.sim.ownerRef(rs)]);
    }
  }

  private create(rs: ReplicaSetObject, count: number, more: boolean): void {
    const sim = this.sim;
    // Slow start: batches of 1, 2, 4, …; all succeed here, so only the event order shows it.
    let remaining = count;
    for (let batch = 1; remaining > 0; batch *= 2) {
      const size = Math.min(batch, remaining);
      for (let i = 0; i < size; i++) {
        const prefix = `${rs.meta.name}-`;
        const pod = newPod(sim, {
          name: generateName(sim, prefix, rs.meta.namespace),
          namespace: rs.meta.namespace,
          template: rs.spec.template ?? {},
          owner: sim.ownerRef(rs),
          generateName: prefix,
        });
        const key = objectKey(rs.meta.namespace, rs.meta.name);
        if (isRefusal(pod)) {
          // slowStartBatch stops at a failed batch; the set is synced again when a
          // PriorityClass appears (a real controller retries with back-off).
          const message = `Error creating: ${pod.refused}`;
          if (this.toldFailure.get(key) !== message) {
            this.toldFailure.set(key, message);
            sim.event('Warning', 'FailedCreate', rs, SOURCE, message);
          }
          return;
        }
        this.toldFailure.delete(key);
        sim.store.add(pod);
        sim.event('Normal', 'SuccessfulCreate', rs, SOURCE, `Created pod: ${pod.meta.name}`, pod);
      }
      remaining -= size;
    }
    // More than burstReplicas missing: the rest comes in the next sync.
    if (more) sim.enqueue(this, `${rs.meta.namespace}/${rs.meta.name}`);
  }

  private remove(rs: ReplicaSetObject, active: PodObject[], diff: number): void {
    const victims = diff >= active.length ? active : this.rank(rs, active).slice(0, diff);
    for (const pod of victims) {
      deleteObject(this.sim, pod);
      this.sim.event('Normal', 'SuccessfulDelete', rs, SOURCE, `Deleted pod: ${pod.meta.name}`, pod);
    }
  }

  /** Pods in deletion order (controller_utils ActivePodsWithRanks.Less). */
  rank(rs: ReplicaSetObject, pods: PodObject[]): PodObject[] {
    const now = this.sim.now;
    const nodeRank = this.relatedPodsPerNode(rs);
    const keyed = pods.map((pod) => ({
      pod,
      rank: pod.state.nodeName ? (nodeRank.get(pod.state.nodeName) ?? 0) : 0,
      cost: deletionCost(pod),
    }));
    keyed.sort((a, b) => {
      const p = a.pod;
      const q = b.pod;
      const pScheduled = p.state.nodeName !== null;
      const qScheduled = q.state.nodeName !== null;
      if (pScheduled !== qScheduled) return pScheduled ? 1 : -1;
      const phase = phaseOrdinal(p) - phaseOrdinal(q);
      if (phase !== 0) return phase;
      if (p.state.ready !== q.state.ready) return p.state.ready ? 1 : -1;
      if (a.cost !== b.cost) return a.cost - b.cost;
      if (a.rank !== b.rank) return b.rank - a.rank;
      if (p.state.ready && q.state.ready && p.state.readySince !== null && q.state.readySince !== null) {
        // More recently ready first, compared on a log2 scale; equal buckets fall to the UID.
        const pb = logBucket(now - p.state.readySince);
        const qb = logBucket(now - q.state.readySince);
        if (pb !== qb) return pb - qb;
        return compareUid(p, q);
      }
      if (p.state.restartCount !== q.state.restartCount) return q.state.restartCount - p.state.restartCount;
      const pc = logBucket(now - p.meta.creationTime);
      const qc = logBucket(now - q.meta.creationTime);
      if (pc !== qc) return pc - qc;
      return compareUid(p, q);
    });
    return keyed.map((k) => k.pod);
  }

  /** Active pods of every ReplicaSet with the same controller, per node (rank rule 5). */
  private relatedPodsPerNode(rs: ReplicaSetObject): Map<string, number> {
    const counts = new Map<string, number>();
    const controller = rs.meta.ownerReferences.find((r) => r.controller);
    if (!controller) return counts;
    for (const sibling of this.sim.store.dependentsOf(controller.uid)) {
      if (sibling.kind !== 'ReplicaSet') continue;
      for (const pod of this.ownedPods(sibling)) {
        if (isPodActive(pod) && pod.state.nodeName)
          counts.set(pod.state.nodeName, (counts.get(pod.state.nodeName) ?? 0) + 1);
      }
    }
    return counts;
  }

  updateStatus(rs: ReplicaSetObject, pods: PodObject[]): void {
    const active = pods.filter(isPodActive);
    const minReady = rs.spec.minReadySeconds;
    const next = {
      observedGeneration: rs.meta.generation,
      replicas: active.length,
      readyReplicas: active.filter(isRunningAndReady).length,
      availableReplicas: active.filter((p) => isAvailable(p, minReady, this.sim.now)).length,
    };
    if (minReady > 0) {
      for (const p of active) {
        if (isRunningAndReady(p) && !isAvailable(p, minReady, this.sim.now) && p.state.readySince !== null) {
          const key = `${rs.meta.namespace}/${rs.meta.name}`;
          this.sim.after(p.state.readySince + minReady - this.sim.now, () => this.sim.enqueue(this, key));
        }
      }
    }
    const s = rs.state;
    if (
      s.observedGeneration !== next.observedGeneration ||
      s.replicas !== next.replicas ||
      s.readyReplicas !== next.readyReplicas ||
      s.availableReplicas !== next.availableReplicas
    ) {
      rs.state = next;
      this.sim.store.changed(rs);
    }
  }
}

function phaseOrdinal(pod: PodObject): number {
  // Pending < Unknown < Running (the engine has no Unknown phase).
  return pod.state.phase === 'Pending' ? 0 : pod.state.phase === 'Running' ? 2 : 1;
}

function deletionCost(pod: PodObject): number {
  // An invalid value counts as 0, as GetDeletionCostFromPodAnnotations treats it.
  const text = pod.meta.annotations[DELETION_COST];
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return 0;
  const v = Number(text.trim());
  return Number.isSafeInteger(v) && Math.abs(v) <= 2147483647 ? v : 0;
}

function logBucket(seconds: number): number {
  const ns = seconds * 1e9;
  return ns < 1 ? -1 : Math.floor(Math.log2(ns));
}

function compareUid(p: PodObject, q: PodObject): number {
  return p.meta.uid < q.meta.uid ? -1 : p.meta.uid > q.meta.uid ? 1 : 0;
}
