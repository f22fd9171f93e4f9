// pod-garbage-collector (pkg/controller/podgc), the part a node failure needs.
// Invariants:
// - every GC_PERIOD s, a terminating pod on a NotReady node that carries the
//   `node.kubernetes.io/out-of-service` taint is marked Failed and deleted at once (PODGC,
//   OOS-TAINT): non-graceful node shutdown lets a StatefulSet recreate the pod elsewhere;
// - passes are scheduled only while such a pod exists, so the event queue still drains.
import type { Change } from '../store';
import type { Controller, Sim } from '../sim';
import { OUT_OF_SERVICE_TAINT_KEY } from './nodelifecycle';

/** --terminated-pod-gc… the controller's gcCheckPeriod. */
export const GC_PERIOD = 20;

export class PodGarbageCollector implements Controller {
  readonly name = 'pod-garbage-collector';
  readonly watches = ['Node', 'Pod'] as const;
  private passQueued = false;

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (type === 'deleted' || this.passQueued) return;
    const node =
      obj.kind === 'Node'
        ? obj
        : obj.kind === 'Pod' && obj.meta.deletionTime !== null && obj.state.nodeName
          ? this.sim.store.get('Node', '', obj.state.nodeName)
          : undefined;
    if (!node || !isOutOfService(node)) return;
    this.passQueued = true;
    const next = (Math.floor(this.sim.now / GC_PERIOD) + 1) * GC_PERIOD;
    this.sim.after(next - this.sim.now, () => {
      this.passQueued = false;
      this.pass();
    });
  }

  /** No keyed work: the collector runs whole passes on its 20-s grid (pass()). */
  sync(): void {}

  /** gcTerminating. */
  private pass(): void {
    const sim = this.sim;
    for (const node of sim.store.list('Node')) {
      if (!isOutOfService(node)) continue;
      for (const pod of [...sim.store.podsOn(node.meta.name)]) {
        if (pod.meta.deletionTime === null) continue;
        pod.state.phase = 'Failed';
        sim.store.remove(pod);
      }
    }
  }
}

function isOutOfService(node: { ready: string; taints: ReadonlyArray<{ key: string }> }): boolean {
  return node.ready !== 'True' && node.taints.some((t) => t.key === OUT_OF_SERVICE_TAINT_KEY);
}
