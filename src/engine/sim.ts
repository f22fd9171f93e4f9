// The simulated cluster: clock, event queue, seeded PRNG, object store, the API operations the
// controllers and scenario steps use (create, graceful delete), the event log and the per-object
// status history. Controllers register here and react to store changes through work queues that
// coalesce repeated keys, like client-go's workqueue.
import { EventQueue } from './queue';
import { KIND_TABLE } from './kinds';
import { Prng } from './prng';
import { Store, type Change } from './store';
import { claimStatusText, podStatusText } from './status';
import type {
  ClusterConfig,
  Incarnation,
  Kind,
  KObject,
  Meta,
  NodeObject,
  ObjectRef,
  OwnerRef,
  SimEvent,
  StorageClassObject,
  Timing,
  Transition,
} from './types';

/** One row of the run's timeline, in the order things happened (events and status changes). */
export type LogEntry =
  { type: 'event'; event: SimEvent } | { type: 'status'; incarnation: Incarnation; transition: Transition };

export interface Controller {
  readonly name: string;
  /** Kinds whose changes it reacts to ('all' for every kind), so others are not dispatched. */
  readonly watches: readonly Kind[] | 'all';
  onChange(change: Change): void;
  sync(key: string): void;
}

/** Every stored kind: the modelled manifest kinds plus the cluster's own Nodes. */
const ALL_KINDS: readonly Kind[] = [...KIND_TABLE.map((k) => k.kind), 'Node'];

/** Raised when a run exceeds the engine's safety limits (never a hang). */
export class SimulationLimitError extends Error {}

/** Queue items one run may process before it is stopped as runaway. */
export const MAX_QUEUE_ITEMS_PER_RUN = 5_000_000;

export class Sim {
  now = 0;
  readonly queue = new EventQueue();
  /** Scheduler tie-breaks and other choices. Names and UIDs have streams of their own so that a
   * change in how often one is drawn does not shift the others (scenario files name pods). */
  readonly rng: Prng;
  readonly nameRng: Prng;
  readonly uidRng: Prng;
  /** Per-request choices: canary weight draws, load balancing, DNS answer order. */
  readonly trafficRng: Prng;
  readonly store = new Store();
  readonly events: SimEvent[] = [];
  readonly incarnations: Incarnation[] = [];
  /** Events and status transitions interleaved in the order they were recorded. */
  readonly log: LogEntry[] = [];
  readonly timing: Timing;
  private readonly incarnationByUid = new Map<string, Incarnation>();
  /** Keys waiting in each controller's work queue. */
  private readonly dirty = new Map<Controller, Set<string>>();
  /** Controllers by watched kind, each list in registration order. */
  private readonly watchers = new Map<Kind, Controller[]>();
  private creationCounter = 0;
  private ipCounters = new Map<string, number>();

  constructor(
    readonly cluster: ClusterConfig,
    seed: number,
  ) {
    this.rng = new Prng(seed);
    this.nameRng = new Prng(seed ^ 0x6e616d65);
    this.uidRng = new Prng(seed ^ 0x75696473);
    this.trafficRng = new Prng(seed ^ 0x74726166);
    this.timing = cluster.timing;
    this.store.watch((c) => this.recordHistory(c));
    this.store.watch((c) => {
      const list = this.watchers.get(c.obj.kind);
      if (list) for (const ctrl of list) ctrl.onChange(c);
    });
  }

  register(ctrl: Controller): void {
    for (const kind of ctrl.watches === 'all' ? ALL_KINDS : ctrl.watches) {
      let list = this.watchers.get(kind);
      if (!list) this.watchers.set(kind, (list = []));
      list.push(ctrl);
    }
  }

  /** Create the nodes and storage classes of the cluster configuration. */
  bootstrap(): void {
    for (const n of this.cluster.nodes) {
      const node: NodeObject = {
        kind: 'Node',
        meta: this.newMeta(n.name, '', { labels: { 'kubernetes.io/hostname': n.name, ...(n.labels ?? {}) } }),
        unschedulable: n.unschedulable ?? false,
      };
      this.store.add(node);
    }
    for (const sc of this.cluster.storageClasses) {
      const obj: StorageClassObject = {
        kind: 'StorageClass',
        meta: this.newMeta(sc.name, '', {
          annotations: sc.isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {},
        }),
        provisioner: sc.provisioner,
        volumeBindingMode: sc.volumeBindingMode ?? 'Immediate',
        reclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        isDefault: sc.isDefault ?? false,
      };
      this.store.add(obj);
    }
  }

  newMeta(
    name: string,
    namespace: string,
    extra: Partial<
      Pick<Meta, 'labels' | 'annotations' | 'ownerReferences' | 'finalizers' | 'generateName'>
    > = {},
  ): Meta {
    return {
      name,
      namespace,
      uid: this.uidRng.uid(),
      labels: extra.labels ?? {},
      annotations: extra.annotations ?? {},
      ownerReferences: extra.ownerReferences ?? [],
      finalizers: extra.finalizers ?? [],
      generateName: extra.generateName,
      creationTime: this.now,
      deletionTime: null,
      deletionGracePeriodSeconds: null,
      creationIndex: this.creationCounter++,
    };
  }

  /** Run `fn` after `delay` simulated seconds. */
  after(delay: number, fn: () => void): void {
    this.queue.push(this.now + Math.max(0, delay), fn);
  }

  /** Queue `key` for `ctrl` now, unless it is already waiting (work-queue coalescing). */
  enqueue(ctrl: Controller, key: string): void {
    let waiting = this.dirty.get(ctrl);
    if (!waiting) this.dirty.set(ctrl, (waiting = new Set()));
    if (waiting.has(key)) return;
    waiting.add(key);
    const queued = waiting;
    this.queue.push(this.now, () => {
      queued.delete(key);
      ctrl.sync(key);
    });
  }

  event(
    type: 'Normal' | 'Warning',
    reason: string,
    obj: KObject | ObjectRef,
    source: string,
    message: string,
  ): void {
    const ref: ObjectRef =
      'meta' in obj ? { kind: obj.kind, namespace: obj.meta.namespace, name: obj.meta.name } : obj;
    const event: SimEvent = { t: this.now, type, reason, object: ref, source, message };
    this.events.push(event);
    this.log.push({ type: 'event', event });
  }

  /** The next pod IP on a node: each node owns a /24 of the pod network, as with Calico/flannel. */
  allocatePodIP(node: string): string {
    const index = this.cluster.nodes.findIndex((n) => n.name === node);
    const next = (this.ipCounters.get(node) ?? 1) + 1;
    this.ipCounters.set(node, next);
    const subnet = index + 1;
    return `10.244.${subnet + Math.floor(next / 254)}.${(next % 254) + 1}`;
  }

  /** Run the queue until it is empty or the clock would pass `start + limit`. */
  settle(limit: number): boolean {
    const end = this.now + limit;
    this.runUntil(end);
    if (this.queue.size === 0) return true;
    this.now = end;
    return false;
  }

  /** Run exactly `seconds` of simulated time. */
  advance(seconds: number): void {
    const end = this.now + seconds;
    this.runUntil(end);
    this.now = end;
  }

  private runUntil(end: number): void {
    let processed = 0;
    for (;;) {
      const t = this.queue.peekTime();
      if (t === undefined || t > end) return;
      const item = this.queue.pop();
      if (!item) return;
      this.now = item.t;
      item.run();
      if (++processed > MAX_QUEUE_ITEMS_PER_RUN) {
        throw new SimulationLimitError(
          `the simulation did not settle after ${MAX_QUEUE_ITEMS_PER_RUN} internal events (t=${this.now}s)`,
        );
      }
    }
  }

  ownerRef(owner: KObject, controller = true): OwnerRef {
    return { kind: owner.kind, name: owner.meta.name, uid: owner.meta.uid, controller };
  }

  private recordHistory(change: Change): void {
    const obj = change.obj;
    if (obj.kind !== 'Pod' && obj.kind !== 'PersistentVolumeClaim') return;
    let inc = this.incarnationByUid.get(obj.meta.uid);
    if (!inc) {
      const ctl = obj.meta.ownerReferences.find((r) => r.controller);
      inc = {
        kind: obj.kind,
        namespace: obj.meta.namespace,
        name: obj.meta.name,
        uid: obj.meta.uid,
        owner: ctl ? { kind: ctl.kind, name: ctl.name } : null,
        transitions: [],
      };
      this.incarnationByUid.set(obj.meta.uid, inc);
      this.incarnations.push(inc);
    }
    // Compare before allocating: most store notifications change nothing a timeline shows.
    let status: string;
    let ready: boolean;
    let node: string | undefined;
    if (change.type === 'deleted') {
      status = 'Deleted';
      ready = false;
    } else if (obj.kind === 'Pod') {
      status = podStatusText(obj);
      ready = obj.state.ready;
      node = obj.state.nodeName ?? undefined;
    } else {
      status = claimStatusText(obj);
      ready = obj.state.phase === 'Bound';
      node = obj.state.selectedNode ?? undefined;
    }
    const last = inc.transitions[inc.transitions.length - 1];
    if (last && last.status === status && last.ready === ready && last.node === node) return;
    if (last && last.node && node === undefined && status === 'Deleted') node = last.node;
    if (last && last.t === this.now && last.status === status && last.node === node) {
      last.ready = ready;
      return;
    }
    const next: Transition = { t: this.now, status, ready };
    if (node !== undefined) next.node = node;
    inc.transitions.push(next);
    this.log.push({ type: 'status', incarnation: inc, transition: next });
  }
}
