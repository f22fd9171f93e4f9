// default-scheduler: binds pending pods to nodes.
// Invariants:
// - filters run in the default plugin order (NodeUnschedulable, NodeName, NodeAffinity,
//   VolumeRestrictions, VolumeBinding) and each node reports only its first failing filter;
// - PreFilter failures (missing / terminating / unbound-immediate claims, ReadWriteOncePod
//   conflicts) fail the pod on every node with one message;
// - a failing pod gets `0/N nodes are available: …` as a FailedScheduling warning and is retried
//   only when something it could depend on changes (no polling, so the cluster can settle);
// - with WaitForFirstConsumer claims the node is chosen first, the claims get selected-node, and
//   the pod is bound only once its claims are Bound (the scheduler's PreBind wait);
// - in clusters of 100 nodes or more it stops filtering once it has numFeasibleNodesToFind
//   feasible nodes, starting where the previous pod's search stopped (SCHED-PCT);
// - among feasible nodes it prefers fewer pods of the same owner, then fewer pods (the effect of
//   default topology spreading and LeastAllocated scoring), ties broken by the seeded PRNG.
import { claimNamesOf, objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import { nodeSelectorMatches, pinnedHostnames } from '../selector';
import { staticVolumeFits } from './volumebinding';
import { splitKey } from './kubelet';
import type { ClaimObject, NodeObject, PodObject } from '../types';

const RWOP = 'ReadWriteOncePod';
const RWOP_CONFLICT =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';
const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';
/** schedule_one.go: below this many nodes every node is filtered; above, at least this many. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** SCHED-PCT (schedule_one.go `numFeasibleNodesToFind`, percentageOfNodesToScore unset): how many
 * feasible nodes the scheduler looks for before it stops filtering. Go's int32 arithmetic. */
export function numFeasibleNodesToFind(allNodes: number): number {
  if (allNodes < MIN_FEASIBLE_NODES_TO_FIND) return allNodes;
  const percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(allNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((allNodes * percentage) / 100));
}

export class Scheduler implements Controller {
  readonly name = 'default-scheduler';
  readonly watches = ['Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'Node', 'StorageClass'] as const;
  private readonly unschedulable = new Set<string>();
  /** Pods waiting in PreBind for their WaitForFirstConsumer claims: pod uid → node. */
  private readonly assumed = new Map<string, string>();
  /** Counted pods per node, and per node and controller owner, for scoring. */
  private readonly counted = new Map<string, { node: string; owner: string | null }>();
  private readonly podsPerNode = new Map<string, number>();
  private readonly ownerPodsPerNode = new Map<string, number>();
  /** Where the next search for feasible nodes starts (SCHED-PCT's round robin). */
  private nextStartNodeIndex = 0;

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    switch (obj.kind) {
      case 'Pod': {
        this.track(obj, type);
        if (type === 'deleted') {
          this.unschedulable.delete(objectKey(obj.meta.namespace, obj.meta.name));
          this.assumed.delete(obj.meta.uid);
          this.retryUnschedulable();
        } else if (!obj.state.nodeName && obj.meta.deletionTime === null) {
          if (type === 'added' || this.assumed.has(obj.meta.uid)) {
            this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
          }
        }
        break;
      }
      case 'PersistentVolumeClaim':
        for (const pod of this.sim.store.podsUsingClaim(obj.meta.namespace, obj.meta.name)) {
          if (!pod.state.nodeName) this.sim.enqueue(this, objectKey(pod.meta.namespace, pod.meta.name));
        }
        if (type !== 'modified') this.retryUnschedulable();
        break;
      case 'PersistentVolume':
      case 'Node':
      case 'StorageClass':
        this.retryUnschedulable();
        break;
      default:
        break;
    }
  }

  private retryUnschedulable(): void {
    for (const key of this.unschedulable) this.sim.enqueue(this, key);
  }

  private track(pod: PodObject, type: Change['type']): void {
    const prev = this.counted.get(pod.meta.uid);
    const node = type === 'deleted' ? null : pod.state.nodeName;
    if (prev && prev.node === node) return;
    if (prev) {
      bump(this.podsPerNode, prev.node, -1);
      if (prev.owner) bump(this.ownerPodsPerNode, `${prev.node}\u0000${prev.owner}`, -1);
      this.counted.delete(pod.meta.uid);
    }
    if (node) {
      const owner = pod.meta.ownerReferences.find((r) => r.controller)?.uid ?? null;
      this.counted.set(pod.meta.uid, { node, owner });
      bump(this.podsPerNode, node, 1);
      if (owner) bump(this.ownerPodsPerNode, `${node}\u0000${owner}`, 1);
    }
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const pod = this.sim.store.get('Pod', namespace, name);
    if (!pod || pod.state.nodeName || pod.meta.deletionTime !== null) {
      this.unschedulable.delete(key);
      return;
    }
    if (pod.spec.nodeName) {
      // A pod that names its node bypasses the scheduler: the kubelet of that node takes it.
      if (this.sim.store.get('Node', '', pod.spec.nodeName)) {
        pod.state.waitingReason = 'ContainerCreating';
        this.sim.store.bindPod(pod, pod.spec.nodeName);
      }
      return;
    }
    const waitingFor = this.assumed.get(pod.meta.uid);
    if (waitingFor !== undefined) {
      if (this.claimsOf(pod).every((c) => c?.state.phase === 'Bound')) {
        this.assumed.delete(pod.meta.uid);
        this.bind(pod, waitingFor);
      }
      return;
    }
    const result = this.schedule(pod);
    if (typeof result === 'string') {
      this.unschedulable.add(key);
      if (pod.state.unschedulable !== result) {
        pod.state.unschedulable = result;
        this.sim.event('Warning', 'FailedScheduling', pod, 'default-scheduler', result);
        this.sim.store.changed(pod);
      }
      return;
    }
    this.unschedulable.delete(key);
    const delayed = result.claimsToProvision;
    if (delayed.length > 0) {
      this.assumed.set(pod.meta.uid, result.node);
      for (const claim of delayed) {
        if (claim.state.selectedNode !== result.node) {
          claim.state.selectedNode = result.node;
          claim.meta.annotations['volume.kubernetes.io/selected-node'] = result.node;
          this.sim.store.changed(claim);
        }
      }
      return;
    }
    this.bind(pod, result.node);
  }

  private bind(pod: PodObject, node: string): void {
    pod.state.unschedulable = null;
    pod.state.waitingReason = 'ContainerCreating';
    this.sim.event(
      'Normal',
      'Scheduled',
      pod,
      'default-scheduler',
      `Successfully assigned ${pod.meta.namespace}/${pod.meta.name} to ${node}`,
      { kind: 'Node', namespace: '', name: node },
    );
    this.sim.store.bindPod(pod, node);
  }

  private claimsOf(pod: PodObject): Array<ClaimObject | undefined> {
    return claimNamesOf(pod).map((c) => this.sim.store.claim(pod.meta.namespace, c));
  }

  /** A node and the WaitForFirstConsumer claims to provision there, or the FailedScheduling text. */
  schedule(pod: PodObject): { node: string; claimsToProvision: ClaimObject[] } | string {
    const store = this.sim.store;
    const nodes = [...store.list('Node')];
    const total = nodes.length;
    const preemption = (parts: string[]) =>
      ` preemption: 0/${total} nodes are available: ${parts.join(', ')}.`;
    const fail = (part: string) =>
      `0/${total} nodes are available: ${part}.` + preemption([`${total} ${NOT_HELPFUL}`]);

    // PreFilter: VolumeRestrictions then VolumeBinding.
    const claims: ClaimObject[] = [];
    for (const claimName of claimNamesOf(pod)) {
      const claim = store.claim(pod.meta.namespace, claimName);
      if (!claim) return fail(`persistentvolumeclaim "${claimName}" not found`);
      if (claim.meta.deletionTime !== null)
        return fail(`persistentvolumeclaim "${claimName}" is being deleted`);
      claims.push(claim);
    }
    const unboundDelayed: ClaimObject[] = [];
    let eligible: Set<string> | null = null;
    for (const claim of claims) {
      if (claim.state.phase === 'Lost') {
        return fail(
          `persistentvolumeclaim "${claim.meta.name}" bound to non-existent persistentvolume "${claim.state.volumeName ?? ''}"`,
        );
      }
      if (claim.state.phase === 'Bound') {
        const pv = claim.state.volumeName
          ? store.get('PersistentVolume', '', claim.state.volumeName)
          : undefined;
        const hosts = pinnedHostnames(pv?.spec.nodeAffinity?.required);
        if (hosts) eligible = intersect(eligible, hosts);
        continue;
      }
      const sc = claim.state.storageClassName
        ? store.get('StorageClass', '', claim.state.storageClassName)
        : undefined;
      if (!sc || sc.volumeBindingMode !== 'WaitForFirstConsumer') {
        return fail('pod has unbound immediate PersistentVolumeClaims');
      }
      unboundDelayed.push(claim);
    }

    const rwopConflict = this.readWriteOncePodConflict(pod, claims);
    const reasons = new Map<string, number>();
    const afterPreemption = new Map<string, number>();
    const feasible: NodeObject[] = [];
    const toFind = numFeasibleNodesToFind(total);
    let processed = 0;
    for (; processed < total && feasible.length < toFind; processed++) {
      const node = nodes[(this.nextStartNodeIndex + processed) % total];
      const reason = this.filter(pod, node, claims, unboundDelayed, eligible, rwopConflict);
      if (reason === null) {
        feasible.push(node);
        continue;
      }
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      // Only a conflict with another pod could be solved by evicting it; pods here have equal
      // priority, so preemption finds no victim there and is no help anywhere else.
      const outcome = reason === RWOP_CONFLICT ? NO_VICTIMS : NOT_HELPFUL;
      afterPreemption.set(outcome, (afterPreemption.get(outcome) ?? 0) + 1);
    }
    if (total > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % total;
    if (feasible.length === 0) {
      const counted = (m: Map<string, number>) => [...m].map(([r, n]) => `${n} ${r}`).sort();
      return (
        `0/${total} nodes are available: ${counted(reasons).join(', ')}.` +
        preemption(counted(afterPreemption))
      );
    }
    return { node: this.pick(pod, feasible), claimsToProvision: unboundDelayed };
  }

  private filter(
    pod: PodObject,
    node: NodeObject,
    claims: ClaimObject[],
    unboundDelayed: ClaimObject[],
    eligible: Set<string> | null,
    rwopConflict: boolean,
  ): string | null {
    const labels = node.meta.labels;
    if (eligible && !eligible.has(node.meta.name)) return "node(s) didn't satisfy plugin(s) [VolumeBinding]";
    if (node.unschedulable) return 'node(s) were unschedulable';
    if (pod.spec.nodeName && pod.spec.nodeName !== node.meta.name)
      return "node(s) didn't match the requested node name";
    const selector = pod.spec.nodeSelector ?? {};
    const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (
      Object.entries(selector).some(([k, v]) => labels[k] !== v) ||
      (required && !nodeSelectorMatches(required, labels, node.meta.name))
    ) {
      return "node(s) didn't match Pod's node affinity/selector";
    }
    if (rwopConflict) return RWOP_CONFLICT;
    const store = this.sim.store;
    for (const claim of claims) {
      if (claim.state.phase !== 'Bound' || !claim.state.volumeName) continue;
      const pv = store.get('PersistentVolume', '', claim.state.volumeName);
      const affinity = pv?.spec.nodeAffinity?.required;
      if (affinity && !nodeSelectorMatches(affinity, labels, node.meta.name)) {
        return "node(s) didn't match PersistentVolume's node affinity";
      }
    }
    for (const claim of unboundDelayed) {
      // Selected-node fast path: once a node was chosen for the claim, only that node will do.
      if (claim.state.selectedNode !== null && claim.state.selectedNode !== node.meta.name) {
        return "node(s) didn't find available persistent volumes to bind";
      }
      if (!canBindOnNode(this.sim, claim, node))
        return "node(s) didn't find available persistent volumes to bind";
    }
    return null;
  }

  /** VolumeRestrictions: a ReadWriteOncePod claim already used by a scheduled (or assumed) pod. */
  private readWriteOncePodConflict(pod: PodObject, claims: ClaimObject[]): boolean {
    for (const claim of claims) {
      if (!(claim.spec.accessModes ?? []).includes(RWOP)) continue;
      for (const other of this.sim.store.podsUsingClaim(claim.meta.namespace, claim.meta.name)) {
        if (other !== pod && (other.state.nodeName || this.assumed.has(other.meta.uid))) return true;
      }
    }
    return false;
  }

  private pick(pod: PodObject, feasible: NodeObject[]): string {
    if (pod.spec.nodeName) return pod.spec.nodeName;
    const owner = pod.meta.ownerReferences.find((r) => r.controller)?.uid ?? null;
    let best: NodeObject[] = [];
    let bestScore: [number, number] = [Infinity, Infinity];
    for (const node of feasible) {
      const same = owner ? (this.ownerPodsPerNode.get(`${node.meta.name}\u0000${owner}`) ?? 0) : 0;
      const all = this.podsPerNode.get(node.meta.name) ?? 0;
      if (same < bestScore[0] || (same === bestScore[0] && all < bestScore[1])) {
        bestScore = [same, all];
        best = [node];
      } else if (same === bestScore[0] && all === bestScore[1]) {
        best.push(node);
      }
    }
    return best[this.sim.rng.int(best.length)].meta.name;
  }
}

/** Could this unbound WaitForFirstConsumer claim be bound or provisioned for this node? */
function canBindOnNode(sim: Sim, claim: ClaimObject, node: NodeObject): boolean {
  for (const pv of sim.store.list('PersistentVolume')) {
    if (
      staticVolumeFits(pv, claim) &&
      (!pv.spec.nodeAffinity?.required ||
        nodeSelectorMatches(pv.spec.nodeAffinity.required, node.meta.labels, node.meta.name))
    ) {
      return true;
    }
  }
  const sc = claim.state.storageClassName
    ? sim.store.get('StorageClass', '', claim.state.storageClassName)
    : undefined;
  return !!sc && sc.provisioner !== 'kubernetes.io/no-provisioner';
}

function intersect(current: Set<string> | null, names: string[]): Set<string> {
  if (current === null) return new Set(names);
  return new Set(names.filter((n) => current.has(n)));
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const v = (m.get(key) ?? 0) + by;
  if (v === 0) m.delete(key);
  else m.set(key, v);
}
