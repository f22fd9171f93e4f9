// default-scheduler: binds pending pods to nodes through the plugin framework
// (src/engine/scheduler/, the default profile of kube-scheduler 1.33).
// Invariants:
// - the scheduler cache counts every pod bound or assumed on a node until it is gone or finished,
//   so plugins read node totals instead of walking pods;
// - a failing pod gets `0/N nodes are available: …` as a FailedScheduling warning (once per
//   distinct message) and is retried only when something it could depend on changes (a pod leaving
//   or moving, a node, claim, volume, class or Service changing), with no polling, so the cluster
//   can settle;
// - with WaitForFirstConsumer claims the node is chosen first, the claims get selected-node, and
//   the pod is bound only once its claims are Bound (the scheduler's PreBind wait); the pod counts
//   on that node meanwhile, as the scheduler's assume step has it;
// - a pod that names its node (`spec.nodeName`) bypasses the scheduler (MISC-FILTERS).
import { claimNamesOf, objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import { splitKey } from './kubelet';
import { SchedulerCache, type NodeInfo } from '../scheduler/cache';
import { Framework, type CycleResult, type SchedulingContext } from '../scheduler/framework';
import { DEFAULT_PROFILE } from '../scheduler/profile';
import type { Preemption } from '../scheduler/preemption';
import { deleteObject } from '../api';
import type { ClaimObject, KObject, PodObject } from '../types';

export { numFeasibleNodesToFind } from '../scheduler/framework';

export class Scheduler implements Controller {
  readonly name = 'default-scheduler';
  readonly watches = [
    'Pod',
    'PersistentVolumeClaim',
    'PersistentVolume',
    'Node',
    'StorageClass',
    'Service',
  ] as const;
  private readonly unschedulable = new Set<string>();
  /** The unschedulable pods with required pod affinity: only they can gain from a pod arriving. */
  private readonly waitingForAffinity = new Set<string>();
  /** Pods waiting in PreBind for their WaitForFirstConsumer claims: pod uid → node. */
  private readonly assumed = new Map<string, string>();
  readonly cache = new SchedulerCache();
  /** Every node's NodeInfo in cluster order; rebuilt after a Node changes. */
  private nodeInfos: NodeInfo[] | null = null;
  private readonly framework: Framework;

  constructor(private readonly sim: Sim) {
    this.framework = new Framework(DEFAULT_PROFILE, sim.rng);
  }

  onChange({ type, obj }: Change): void {
    switch (obj.kind) {
      case 'Pod': {
        const before = this.cache.nodeOf(obj.meta.uid);
        this.track(obj, type);
        const after = this.cache.nodeOf(obj.meta.uid);
        if (type === 'deleted') {
          this.unschedulable.delete(objectKey(obj.meta.namespace, obj.meta.name));
          this.waitingForAffinity.delete(objectKey(obj.meta.namespace, obj.meta.name));
          this.assumed.delete(obj.meta.uid);
        } else if (!obj.state.nodeName && obj.meta.deletionTime === null) {
          if (type === 'added' || this.assumed.has(obj.meta.uid)) {
            this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
          }
        }
        // A pod leaving a node may make room; one arriving may be what a pod's required
        // affinity waits for.
        if (before !== null && before !== after) this.retryUnschedulable();
        else if (after !== null && before === null) {
          for (const k of this.waitingForAffinity) this.sim.enqueue(this, k);
        }
        break;
      }
      case 'PersistentVolumeClaim':
        for (const pod of this.sim.store.podsUsingClaim(obj.meta.namespace, obj.meta.name)) {
          if (!pod.state.nodeName) this.sim.enqueue(this, objectKey(pod.meta.namespace, pod.meta.name));
        }
        if (type !== 'modified') this.retryUnschedulable();
        break;
      case 'Node':
        this.nodeInfos = null;
        this.retryUnschedulable();
        break;
      case 'PersistentVolume':
      case 'StorageClass':
      case 'Service':
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
    const finished = pod.state.phase === 'Succeeded' || pod.state.phase === 'Failed';
    const node =
      type === 'deleted' || finished ? null : (pod.state.nodeName ?? this.assumed.get(pod.meta.uid) ?? null);
    this.cache.update(pod, node, (name) => this.sim.store.get('Node', '', name));
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const pod = this.sim.store.get('Pod', namespace, name);
    this.waitingForAffinity.delete(key);
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
    if (!result.ok) {
      this.unschedulable.add(key);
      if (result.preemption) this.preempt(pod, result.preemption);
      if (pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) {
        this.waitingForAffinity.add(key);
      }
      if (pod.state.unschedulable !== result.message) {
        pod.state.unschedulable = result.message;
        this.sim.event('Warning', 'FailedScheduling', pod, 'default-scheduler', result.message);
        this.sim.store.changed(pod);
      }
      return;
    }
    this.unschedulable.delete(key);
    const node = result.node.name;
    const delayed = this.claimsOf(pod).filter((c): c is ClaimObject => !!c && c.state.phase !== 'Bound');
    if (delayed.length > 0) {
      this.assumed.set(pod.meta.uid, node);
      this.track(pod, 'modified');
      for (const claim of delayed) {
        if (claim.state.selectedNode !== node) {
          claim.state.selectedNode = node;
          claim.meta.annotations['volume.kubernetes.io/selected-node'] = node;
          this.sim.store.changed(claim);
        }
      }
      return;
    }
    this.bind(pod, node);
  }

  /** PREEMPT-ACT: the victims are told and deleted gracefully; the pod is nominated to the node
   * and binds on a later cycle, once they are gone. */
  private preempt(pod: PodObject, p: Preemption): void {
    for (const victim of p.victims) {
      this.sim.event(
        'Normal',
        'Preempted',
        victim,
        'default-scheduler',
        `Preempted by pod ${pod.meta.uid} on node ${p.node.name}`,
        { kind: 'Pod', namespace: pod.meta.namespace, name: pod.meta.name },
      );
      deleteObject(this.sim, victim);
    }
    // Lower-priority pods nominated to that node lose the nomination (getLowerPriorityNominatedPods):
    // the room they were promised now goes to this pod.
    for (const other of this.sim.store.list('Pod')) {
      if (other === pod || other.state.nominatedNode !== p.node.name) continue;
      if ((other.spec.priority ?? 0) >= (pod.spec.priority ?? 0)) continue;
      other.state.nominatedNode = null;
      this.sim.store.changed(other);
    }
    pod.state.nominatedNode = p.node.name;
  }

  private bind(pod: PodObject, node: string): void {
    pod.state.unschedulable = null;
    pod.state.nominatedNode = null;
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

  /** One scheduling cycle for the pod: the chosen node, or the FailedScheduling text. */
  schedule(pod: PodObject): CycleResult {
    const store = this.sim.store;
    this.nodeInfos ??= [...store.list('Node')].map((n) => this.cache.info(n));
    const nodes = this.nodeInfos;
    const ctx: SchedulingContext = {
      store,
      cache: this.cache,
      nodes,
      assumed: this.assumed,
      namespaceLabels: (namespace) => {
        const ns = store.get('Namespace', '', namespace) as KObject | undefined;
        return { ...(ns?.meta.labels ?? {}), 'kubernetes.io/metadata.name': namespace };
      },
    };
    return this.framework.schedule(pod, ctx);
  }
}
