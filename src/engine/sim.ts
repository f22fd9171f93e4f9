// The simulated cluster: clock, event queue, seeded PRNG, object store, the API operations the
// controllers and scenario steps use (create, graceful delete), the event log and the per-object
// status history. Controllers register here and react to store changes through work queues that
// coalesce repeated keys, like client-go's workqueue.
import { EventQueue, type QueueItem } from './queue';
import { allocatableOf } from './scheduler/resources';
import { KIND_TABLE } from './kinds';
import { fnv32a } from './hash';
import { Prng } from './prng';
import { Store, type Change } from './store';
import { claimStatusText, disruptionsText, nodeStatusText, podStatusText, readyColumnText } from './status';
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

/** Raised when a run exceeds the engine's safety limits (never a hang, never unbounded memory). */
export class SimulationLimitError extends Error {}

/** Queue items one whole run (the initial apply and every step) may process before it stops as
 * runaway: a per-step count would let many small steps add up to an unbounded run. */
export const MAX_QUEUE_ITEMS_PER_RUN = 5_000_000;

/** Records one run may keep until its result is written: events, status transitions, and the rows
 * of each step's state snapshot (each step counts one more). Every record stays in memory, so this
 * bounds the run's memory: measured at about 300–400 bytes a record, the limit keeps a run under
 * 1.5 GB including its output (README, Limits). */
export const MAX_RECORDS_PER_RUN = 1_200_000;

/** The run-wide limits; tests lower them to reach them cheaply. */
export interface RunLimits {
  queueItems: number;
  records: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = {
  queueItems: MAX_QUEUE_ITEMS_PER_RUN,
  records: MAX_RECORDS_PER_RUN,
};

const thousands = (n: number): string => n.toLocaleString('en-US');

export class Sim {
  now = 0;
  readonly queue = new EventQueue();
  /** Scheduler tie-breaks and other choices. Names and UIDs have streams of their own so that a
   * change in how often one is drawn does not shift the others (scenario files name pods). */
  readonly rng: Prng;
  readonly uidRng: Prng;
  /** One generateName stream per namespace and prefix: two workloads never repeat each other's
   * suffixes, and a workload's pod names do not shift when another workload is added. */
  private readonly nameStreams = new Map<string, Prng>();
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
  private readonly warned = new Set<string>();
  private readonly pendingWarnings: string[] = [];
  /** Where each incarnation's last transition sits in `log`, and where the current segment (step)
   * began (one number per incarnation, not per transition: memory per record). */
  private readonly lastTransitionAt = new WeakMap<Incarnation, number>();
  private segmentStart = 0;
  /** Queue items processed so far in this run (MAX_QUEUE_ITEMS_PER_RUN). */
  private processedItems = 0;
  /** Records kept so far in this run (MAX_RECORDS_PER_RUN). */
  private records = 0;
  private ipCounters = new Map<string, number>();
  /** Node name → its position in the cluster configuration (its pod subnet). */
  private readonly nodeIndex = new Map<string, number>();

  constructor(
    readonly cluster: ClusterConfig,
    private readonly seed: number,
    private readonly limits: RunLimits = DEFAULT_RUN_LIMITS,
  ) {
    this.rng = new Prng(seed);
    this.uidRng = new Prng(seed ^ 0x75696473);
    this.trafficRng = new Prng(seed ^ 0x74726166);
    this.timing = cluster.timing;
    this.store.watch((c) => this.recordHistory(c));
    this.store.watch((c) => {
      const list = this.watchers.get(c.obj.kind);
      if (list) for (const ctrl of list) ctrl.onChange(c);
    });
  }
  /** The generateName suffix stream of `prefix` in `namespace`, seeded from the run's seed. */
  nameStream(namespace: string, prefix: string): Prng {
    const key = `${namespace}/${prefix}`;
    let stream = this.nameStreams.get(key);
    if (!stream) {
      stream = new Prng((this.seed ^ 0x6e616d65 ^ fnv32a(key)) >>> 0);
      this.nameStreams.set(key, stream);
    }
    return stream;
  }

  /** Never silent: something a controller met that the engine does not simulate, said once. */
  warnOnce(key: string, text: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.pendingWarnings.push(text);
  }

  /** The warnings since the last call. */
  takeWarnings(): string[] {
    return this.pendingWarnings.splice(0);
  }

  /** A step begins: rows recorded from now on belong to it (the timeline shows them under it). */
  beginSegment(): void {
    this.segmentStart = this.log.length;
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
      const allocatable = allocatableOf(n.capacity);
      const node: NodeObject = {
        kind: 'Node',
        meta: this.newMeta(n.name, '', { labels: { 'kubernetes.io/hostname': n.name, ...(n.labels ?? {}) } }),
        unschedulable: n.unschedulable ?? false,
        ready: 'True',
        kubeletUp: true,
        lastHeartbeat: this.now,
        taints: (n.taints ?? []).map((t) => ({ ...t })),
        allocatable: allocatable.resources,
        capacityText: allocatable.text,
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
      generation: 1,
    };
  }

  /** Run `fn` after `delay` simulated seconds; the handle cancels it (sim.cancel). */
  after(delay: number, fn: () => void): QueueItem {
    return this.queue.push(this.now + Math.max(0, delay), fn);
  }

  /** A timer of a steady cycle (see QueueItem.background): runs as time passes, but a settling
   * step ends without waiting for it. */
  afterInBackground(delay: number, fn: () => void): QueueItem {
    return this.queue.push(this.now + Math.max(0, delay), fn, true);
  }

  /** Drop a timer set with after(): it never runs and never moves the clock, so a step whose
   * only remaining timer was cancelled settles when its last real change happened. */
  cancel(timer: QueueItem): void {
    this.queue.cancel(timer);
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
    related?: KObject | ObjectRef,
  ): void {
    const event: SimEvent =
      related === undefined
        ? { t: this.now, type, reason, object: refOf(obj), source, message }
        : { t: this.now, type, reason, object: refOf(obj), related: refOf(related), source, message };
    this.retain(1);
    this.events.push(event);
    this.log.push({ type: 'event', event });
  }

  /** The next pod IP on a node: each node owns a /24 of the pod network, as with Calico/flannel. */
  allocatePodIP(node: string): string {
    if (this.nodeIndex.size === 0) this.cluster.nodes.forEach((n, i) => this.nodeIndex.set(n.name, i));
    const index = this.nodeIndex.get(node) ?? -1;
    const next = (this.ipCounters.get(node) ?? 1) + 1;
    this.ipCounters.set(node, next);
    // Blocks of 256 addresses from 10.244.0.0 onwards; past 10.255.255.0 (more than 3,000 nodes)
    // they continue from 10.0.0.0 so every address stays a valid one inside 10.0.0.0/8.
    const block = (244 * 256 + index + 1 + Math.floor(next / 254)) % 65536;
    return `10.${block >> 8}.${block & 255}.${(next % 254) + 1}`;
  }

  /** Run the queue until nothing but steady cycles is left in it (a crash loop at its back-off
   * cap repeats for ever) or the clock would pass `start + limit`. */
  settle(limit: number): boolean {
    const end = this.now + limit;
    this.runUntil(end, true);
    if (this.queue.foregroundSize === 0) return true;
    this.now = end;
    return false;
  }

  /** Run exactly `seconds` of simulated time. */
  advance(seconds: number): void {
    const end = this.now + seconds;
    this.runUntil(end);
    this.now = end;
  }

  private runUntil(end: number, untilSteady = false): void {
    for (;;) {
      if (untilSteady && this.queue.foregroundSize === 0) return;
      const t = this.queue.peekTime();
      if (t === undefined || t > end) return;
      const item = this.queue.pop();
      if (!item) return;
      this.now = item.t;
      item.run();
      if (++this.processedItems > this.limits.queueItems) {
        throw new SimulationLimitError(
          `the run stopped at t=${this.now}s after ${thousands(this.limits.queueItems)} internal events, ` +
            'the limit for one run (initial apply and all steps together)',
        );
      }
    }
  }

  /** Counts `count` more records kept for the result; stops the run past MAX_RECORDS_PER_RUN. */
  retain(count: number): void {
    this.records += count;
    if (this.records > this.limits.records) {
      throw new SimulationLimitError(
        `the run stopped at t=${this.now}s after recording ${thousands(this.limits.records)} events, ` +
          "status changes and steps' state rows, the limit for one run (it bounds memory); " +
          'simulate fewer replicas or fewer steps',
      );
    }
  }

  ownerRef(owner: KObject, controller = true): OwnerRef {
    return { kind: owner.kind, name: owner.meta.name, uid: owner.meta.uid, controller };
  }

  private recordHistory(change: Change): void {
    const obj = change.obj;
    const kind = obj.kind;
    if (
      kind !== 'Pod' &&
      kind !== 'PersistentVolumeClaim' &&
      kind !== 'Node' &&
      kind !== 'PodDisruptionBudget'
    )
      return;
    let inc = this.incarnationByUid.get(obj.meta.uid);
    if (!inc) {
      const ctl = obj.meta.ownerReferences.find((r) => r.controller);
      inc = {
        kind,
        namespace: obj.meta.namespace,
        name: obj.meta.name,
        uid: obj.meta.uid,
        owner: ctl ? { kind: ctl.kind, name: ctl.name } : null,
        transitions: [],
      };
      this.incarnationByUid.set(obj.meta.uid, inc);
      this.incarnations.push(inc);
    }
    let status: string;
    let ready: boolean;
    let node: string | undefined;
    let readyColumn: string | undefined;
    /** Pods: RESTARTS once above 0 (absent before, so most transitions carry nothing more). */
    let restarts: number | undefined;
    if (change.type === 'deleted') {
      status = 'Deleted';
      ready = false;
    } else if (obj.kind === 'Pod') {
      status = podStatusText(obj);
      ready = obj.state.ready;
      node = obj.state.nodeName ?? undefined;
      readyColumn = readyColumnText(obj);
      if (obj.state.restartCount > 0) restarts = obj.state.restartCount;
    } else if (obj.kind === 'PersistentVolumeClaim') {
      status = claimStatusText(obj);
      ready = obj.state.phase === 'Bound';
      node = obj.state.selectedNode ?? undefined;
    } else if (obj.kind === 'Node') {
      // NODE-PRINT: the node's STATUS column; a node lane of the timeline.
      status = nodeStatusText(obj);
      ready = obj.ready === 'True';
    } else if (obj.kind === 'PodDisruptionBudget') {
      // kubectl get pdb's ALLOWED DISRUPTIONS.
      status = disruptionsText(obj.state.disruptionsAllowed);
      ready = obj.state.disruptionsAllowed > 0;
    } else return;
    // Compare before allocating: most store notifications change nothing a timeline shows.
    const last = inc.transitions[inc.transitions.length - 1];
    if (
      last &&
      last.status === status &&
      last.ready === ready &&
      last.node === node &&
      last.readyColumn === readyColumn &&
      last.restarts === restarts
    )
      return;
    if (last && last.node && node === undefined && status === 'Deleted') node = last.node;
    // Readiness settling within the same second of the same segment amends the row just recorded;
    // a row already shown under an earlier step is never rewritten.
    const lastAt = last ? this.lastTransitionAt.get(inc) : undefined;
    if (
      last &&
      last.t === this.now &&
      last.status === status &&
      last.node === node &&
      lastAt !== undefined &&
      lastAt >= this.segmentStart
    ) {
      last.ready = ready;
      if (readyColumn !== undefined) last.readyColumn = readyColumn;
      if (restarts !== undefined) last.restarts = restarts;
      return;
    }
    const next: Transition = { t: this.now, status, ready };
    if (node !== undefined) next.node = node;
    if (readyColumn !== undefined) next.readyColumn = readyColumn;
    if (restarts !== undefined) next.restarts = restarts;
    this.retain(1);
    inc.transitions.push(next);
    this.lastTransitionAt.set(inc, this.log.length);
    this.log.push({ type: 'status', incarnation: inc, transition: next });
  }
}

function refOf(obj: KObject | ObjectRef): ObjectRef {
  return 'meta' in obj ? { kind: obj.kind, namespace: obj.meta.namespace, name: obj.meta.name } : obj;
}
