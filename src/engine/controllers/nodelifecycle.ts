// node-lifecycle-controller (pkg/controller/nodelifecycle) and the node status its kubelet posts.
// Invariants:
// - a node's Ready condition is True while its kubelet renews its heartbeat; the first monitor
//   pass (every MONITOR_PERIOD s) more than GRACE_PERIOD s after the last heartbeat sets it
//   Unknown, records NodeNotReady on the node and marks each of its pods not Ready (NLC-GRACE,
//   NLC-EVENTS); the kubelet's return sets Ready True at once and records NodeReady (NODE-RECOVER);
// - NoSchedule taints follow the node on every update: `unreachable` while Ready is Unknown,
//   `unschedulable` while cordoned (NLC-TAINTS, CORDON);
// - the NoExecute `unreachable` taint is queued one pass after Ready turned Unknown (the pass
//   acts on the condition it saw at its start) and added through a per-zone rate limiter (0.1
//   node/s, burst 1; a partially disrupted zone of ≤ 50 nodes: none); while every zone is fully
//   disrupted nothing is tainted and NoExecute taints are removed everywhere; a pass that sees Ready
//   True removes it (NLC-TAINTS);
// - passes are scheduled only for the moments something can change, so a dead node does not keep
//   the event queue busy (a scenario step still settles).
import type { Taint } from 'kubernetes-types/core/v1';
import { NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY } from '../admission/default-tolerations';
import type { Change } from '../store';
import type { Controller, Sim } from '../sim';
import type { NodeObject } from '../types';
import { setReady } from './kubelet';

const SOURCE = 'node-controller';
/** --node-monitor-period. */
export const MONITOR_PERIOD = 5;
/** --node-monitor-grace-period: 50 s since Kubernetes 1.32 (40 s before). */
export const GRACE_PERIOD = 50;
/** --node-eviction-rate (nodes per second) and --secondary-node-eviction-rate. */
const EVICTION_RATE = 0.1;
const SECONDARY_EVICTION_RATE = 0.01;
/** --unhealthy-zone-threshold and --large-cluster-size-threshold. */
const UNHEALTHY_ZONE_THRESHOLD = 0.55;
const LARGE_CLUSTER_THRESHOLD = 50;

export const UNSCHEDULABLE_TAINT_KEY = 'node.kubernetes.io/unschedulable';
export const OUT_OF_SERVICE_TAINT_KEY = 'node.kubernetes.io/out-of-service';

/** NoSchedule taint keys this controller owns (it never touches the others). */
const MANAGED_NO_SCHEDULE = new Set([UNREACHABLE_TAINT_KEY, NOT_READY_TAINT_KEY, UNSCHEDULABLE_TAINT_KEY]);

type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** utilnode.GetZoneKey: region and zone labels; nodes without them share the zone "". */
function zoneOf(node: NodeObject): string {
  const region = node.meta.labels['topology.kubernetes.io/region'] ?? '';
  const zone = node.meta.labels['topology.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

/** ComputeZoneState. */
function zoneState(nodes: readonly NodeObject[]): ZoneState {
  const notReady = nodes.filter((n) => n.ready !== 'True').length;
  const ready = nodes.length - notReady;
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / nodes.length >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

export function hasTaint(node: NodeObject, key: string, effect: string): boolean {
  return node.taints.some((t) => t.key === key && t.effect === effect);
}

export class NodeLifecycleController implements Controller {
  readonly name = SOURCE;
  readonly watches = ['Node'] as const;
  /** Monitor passes already queued, by time. */
  private readonly passes = new Set<number>();
  /** Nodes waiting for the NoExecute taint, per zone, in the order they were queued. */
  private readonly tainter = new Map<string, string[]>();
  /** When each zone's rate limiter has its next token. */
  private readonly nextToken = new Map<string, number>();
  /** Drains of a zone's queue already scheduled, by zone. */
  private readonly drains = new Set<string>();

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'Node' && type !== 'deleted') this.sim.enqueue(this, obj.meta.name);
  }

  /** doNoScheduleTaintingPass: the node's NoSchedule taints follow its conditions and cordon. */
  sync(name: string): void {
    const node = this.sim.store.get('Node', '', name);
    if (!node) return;
    const wanted: Taint[] = [];
    if (node.ready === 'Unknown') wanted.push({ key: UNREACHABLE_TAINT_KEY, effect: 'NoSchedule' });
    if (node.unschedulable) wanted.push({ key: UNSCHEDULABLE_TAINT_KEY, effect: 'NoSchedule' });
    const managed = (t: Taint) => t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE.has(t.key);
    const present = node.taints.filter(managed);
    const same =
      present.length === wanted.length && wanted.every((w) => present.some((p) => p.key === w.key));
    if (same) return;
    node.taints = [...node.taints.filter((t) => !managed(t)), ...wanted];
    this.sim.store.changed(node);
  }

  /** The node's kubelet stops (power loss, a crash, a network partition): no more heartbeats. */
  fail(node: NodeObject): void {
    if (!node.kubeletUp) return;
    node.kubeletUp = false;
    node.lastHeartbeat = this.sim.now;
    this.sim.store.changed(node);
    // The first pass that finds the heartbeat older than the grace period.
    this.schedulePass(this.passAfter(node.lastHeartbeat + GRACE_PERIOD));
  }

  /** The kubelet runs again: it posts Ready at once; the next pass lifts the NoExecute taint. */
  recover(node: NodeObject): void {
    if (node.kubeletUp) return;
    node.kubeletUp = true;
    node.lastHeartbeat = this.sim.now;
    if (node.ready !== 'True') {
      node.ready = 'True';
      this.sim.event(
        'Normal',
        'NodeReady',
        node,
        'kubelet',
        `Node ${node.meta.name} status is now: NodeReady`,
      );
    }
    this.sim.store.changed(node);
    this.schedulePass(this.passAfter(this.sim.now));
  }

  /** The first monitor pass strictly after `t` (passes run on a MONITOR_PERIOD grid). */
  private passAfter(t: number): number {
    return (Math.floor(t / MONITOR_PERIOD) + 1) * MONITOR_PERIOD;
  }

  private schedulePass(at: number): void {
    if (this.passes.has(at)) return;
    this.passes.add(at);
    this.sim.after(at - this.sim.now, () => {
      this.passes.delete(at);
      this.monitor();
    });
  }

  /** monitorNodeHealth: one pass over every node. */
  private monitor(): void {
    const sim = this.sim;
    const now = sim.now;
    const nodes = [...sim.store.list('Node')];
    for (const node of nodes) {
      const observed = node.ready;
      if (!node.kubeletUp && node.ready === 'True') {
        if (now - node.lastHeartbeat > GRACE_PERIOD) this.markUnknown(node);
        else this.schedulePass(this.passAfter(node.lastHeartbeat + GRACE_PERIOD));
      }
      // processTaintBaseEviction acts on the condition seen at the start of the pass.
      if (observed === 'Unknown') {
        if (!hasTaint(node, UNREACHABLE_TAINT_KEY, 'NoExecute')) this.queueTaint(node);
      } else if (node.ready === 'Unknown') {
        this.schedulePass(now + MONITOR_PERIOD);
      } else {
        this.markReachable(node);
      }
    }
    this.handleDisruption(nodes);
  }

  /** tryUpdateNodeHealth found no heartbeat within the grace period. */
  private markUnknown(node: NodeObject): void {
    const sim = this.sim;
    node.ready = 'Unknown';
    sim.store.changed(node);
    sim.event('Normal', 'NodeNotReady', node, SOURCE, `Node ${node.meta.name} status is now: NodeNotReady`);
    // MarkPodsNotReady: the Ready condition only; container statuses (READY column) stay stale.
    for (const pod of [...sim.store.podsOn(node.meta.name)]) {
      if (!pod.state.ready) continue;
      setReady(sim, pod, false);
      sim.event('Warning', 'NodeNotReady', pod, SOURCE, 'Node is not ready');
    }
  }

  private queueTaint(node: NodeObject): void {
    const zone = zoneOf(node);
    const queue = this.tainter.get(zone) ?? [];
    if (!queue.includes(node.meta.name)) queue.push(node.meta.name);
    this.tainter.set(zone, queue);
  }

  /** markNodeAsReachable: the NoExecute taints go, and the node leaves the tainter's queue. */
  private markReachable(node: NodeObject): void {
    const queue = this.tainter.get(zoneOf(node));
    if (queue?.includes(node.meta.name)) queue.splice(queue.indexOf(node.meta.name), 1);
    const kept = node.taints.filter(
      (t) =>
        !(t.effect === 'NoExecute' && (t.key === UNREACHABLE_TAINT_KEY || t.key === NOT_READY_TAINT_KEY)),
    );
    if (kept.length === node.taints.length) return;
    node.taints = kept;
    this.sim.store.changed(node);
  }

  /** handleDisruption: each zone's eviction rate from its state; every zone fully disrupted ⇒
   * the controller assumes its own network is cut off and stops all tainting. */
  private handleDisruption(nodes: readonly NodeObject[]): void {
    const zones = new Map<string, NodeObject[]>();
    for (const n of nodes) {
      const list = zones.get(zoneOf(n)) ?? [];
      list.push(n);
      zones.set(zoneOf(n), list);
    }
    const states = new Map([...zones].map(([z, list]) => [z, zoneState(list)] as const));
    if (states.size > 0 && [...states.values()].every((s) => s === 'FullDisruption')) {
      for (const n of nodes) this.markReachable(n);
      this.tainter.clear();
      return;
    }
    for (const [zone, list] of zones) this.drain(zone, rateOf(states.get(zone) ?? 'Normal', list.length));
  }

  /** doNoExecuteTaintingPass: taint queued nodes as the zone's rate limiter allows. */
  private drain(zone: string, rate: number): void {
    const sim = this.sim;
    const queue = this.tainter.get(zone);
    if (!queue || queue.length === 0 || rate <= 0) return; // a later pass retries
    while (queue.length > 0) {
      const ready = this.nextToken.get(zone) ?? 0;
      if (ready > sim.now) {
        if (this.drains.has(zone)) return;
        this.drains.add(zone);
        sim.after(ready - sim.now, () => {
          this.drains.delete(zone);
          this.handleDisruption([...sim.store.list('Node')]);
        });
        return;
      }
      const name = queue.shift() as string;
      const node = sim.store.get('Node', '', name);
      if (!node || node.ready === 'True') continue;
      this.nextToken.set(zone, sim.now + 1 / rate);
      node.taints = [...node.taints, { key: UNREACHABLE_TAINT_KEY, effect: 'NoExecute' }];
      sim.store.changed(node);
    }
  }
}

/** setLimiterInZone: the NoExecute tainting rate for a zone in this state. */
function rateOf(state: ZoneState, zoneSize: number): number {
  if (state === 'PartialDisruption') return zoneSize > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_RATE : 0;
  return EVICTION_RATE;
}
