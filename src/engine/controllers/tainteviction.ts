// taint-eviction-controller (pkg/controller/tainteviction): NoExecute taints evict pods.
// Invariants:
// - a pod on a node with a NoExecute taint it does not tolerate is deleted at once; one that
//   tolerates every such taint is deleted after the smallest tolerationSeconds of the tolerations
//   it uses, counted from when the controller first saw it (none set ⇒ never) (TAINT-EVICT);
// - a scheduled eviction whose taints go away (or become tolerated forever) is cancelled, with
//   the controller's `Cancelling deletion` event; a later taint change never postpones one;
// - the deletion is graceful (the pod's own grace period): on a node whose kubelet is gone the
//   pod stays Terminating (NODE-DEAD-POD).
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { deleteObject } from '../api';
import { toleratesTaint } from '../scheduler/taints';
import { objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import type { NodeObject, PodObject } from '../types';
import type { QueueItem } from '../queue';

const SOURCE = 'taint-eviction-controller';

interface ScheduledEviction {
  /** When the controller first scheduled it (later taint changes keep this start). */
  createdAt: number;
  fireAt: number;
  timer: QueueItem;
}

/** getMinTolerationTime over the tolerations the pod uses for these taints: null ⇒ forever,
 * undefined ⇒ a taint is not tolerated (evict now). */
export function evictionDelay(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): number | null | undefined {
  let min: number | null = null;
  for (const taint of taints) {
    const used = tolerations.filter((t) => toleratesTaint(t, taint));
    if (used.length === 0) return undefined;
    for (const t of used) {
      if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
      const seconds = Math.max(0, t.tolerationSeconds);
      if (min === null || seconds < min) min = seconds;
    }
  }
  return min;
}

export class TaintEvictionController implements Controller {
  readonly name = SOURCE;
  readonly watches = ['Node', 'Pod'] as const;
  private readonly scheduled = new Map<string, ScheduledEviction>();
  /** Each node's NoExecute taints as last processed, so other node updates cost nothing. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'Node') {
      if (type === 'deleted') return;
      const text = noExecuteTaints(obj)
        .map((t) => `${t.key}=${t.value ?? ''}`)
        .join(',');
      if ((this.seen.get(obj.meta.name) ?? '') === text) return;
      this.seen.set(obj.meta.name, text);
      for (const pod of this.sim.store.podsOn(obj.meta.name)) {
        this.sim.enqueue(this, objectKey(pod.meta.namespace, pod.meta.name));
      }
    } else if (obj.kind === 'Pod') {
      if (type === 'deleted') {
        this.drop(obj.meta.uid);
        return;
      }
      // A pod bound to (or updated on) a tainted node, or one with a pending eviction.
      const node = obj.state.nodeName ? this.seen.get(obj.state.nodeName) : undefined;
      if ((node !== undefined && node !== '') || this.scheduled.has(obj.meta.uid)) {
        this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
      }
    }
  }

  /** processPodOnNode. */
  sync(key: string): void {
    const sim = this.sim;
    const i = key.indexOf('/');
    const pod = sim.store.get('Pod', key.slice(0, i), key.slice(i + 1));
    if (!pod || pod.meta.deletionTime !== null || !pod.state.nodeName) {
      if (pod) this.drop(pod.meta.uid);
      return;
    }
    const node = sim.store.get('Node', '', pod.state.nodeName);
    const taints = node ? noExecuteTaints(node) : [];
    if (taints.length === 0) {
      this.cancel(pod);
      return;
    }
    const delay = evictionDelay(taints, pod.spec.tolerations ?? []);
    if (delay === undefined) {
      this.cancel(pod, false);
      this.evict(pod);
      return;
    }
    if (delay === null) {
      this.cancel(pod);
      return;
    }
    const existing = this.scheduled.get(pod.meta.uid);
    const start = existing?.createdAt ?? sim.now;
    const fireAt = start + delay;
    if (existing && existing.fireAt <= fireAt) return;
    if (existing) sim.cancel(existing.timer);
    const uid = pod.meta.uid;
    const timer = sim.after(fireAt - sim.now, () => {
      this.scheduled.delete(uid);
      const current = sim.store.byUID(uid);
      if (current?.kind === 'Pod' && current.meta.deletionTime === null) this.evict(current);
    });
    this.scheduled.set(uid, { createdAt: start, fireAt, timer });
  }

  private drop(uid: string): boolean {
    const entry = this.scheduled.get(uid);
    if (!entry) return false;
    this.sim.cancel(entry.timer);
    this.scheduled.delete(uid);
    return true;
  }

  private evict(pod: PodObject): void {
    this.sim.event(
      'Normal',
      'TaintManagerEviction',
      pod,
      SOURCE,
      `Marking for deletion Pod ${pod.meta.namespace}/${pod.meta.name}`,
    );
    // DisruptionTarget=True, reason DeletionByTaintManager, then a graceful DELETE.
    deleteObject(this.sim, pod);
  }

  /** cancelWorkWithEvent. */
  private cancel(pod: PodObject, withEvent = true): void {
    if (!this.drop(pod.meta.uid) || !withEvent) return;
    this.sim.event(
      'Normal',
      'TaintManagerEviction',
      pod,
      SOURCE,
      `Cancelling deletion of Pod ${pod.meta.namespace}/${pod.meta.name}`,
    );
  }
}

function noExecuteTaints(node: NodeObject): Taint[] {
  return node.taints.filter((t) => t.effect === 'NoExecute');
}
