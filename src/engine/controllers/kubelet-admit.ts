// The kubelet's admission of a pod bound to its node (pkg/kubelet/lifecycle/predicate.go): a pod
// that names its node (`spec.nodeName`) skips the scheduler, so the kubelet is the first to check
// that it fits. One that does not is rejected: phase Failed, status reason `OutOf<resource>`
// (kubectl's STATUS shows it), event `Warning OutOfcpu "Node didn't have enough resource: cpu,
// requested: 500, used: 1800, capacity: 2000"` (KUBELET-ADMIT).
import { podRequestsOf } from '../scheduler/resources';
import type { Sim } from '../sim';
import type { PodObject } from '../types';

/** Resources checked, in the order the kubelet reports the first shortfall. */
const CHECKED = ['pods', 'cpu', 'memory', 'ephemeral-storage'] as const;

/** Null when the pod fits beside the pods the node already runs; else the rejection. */
export function admissionFailure(sim: Sim, pod: PodObject): { reason: string; message: string } | null {
  const nodeName = pod.state.nodeName;
  const node = nodeName ? sim.store.get('Node', '', nodeName) : undefined;
  if (!node || !nodeName) return null;
  const used = new Map<string, number>();
  for (const other of sim.store.podsOn(nodeName)) {
    if (other === pod || other.state.phase === 'Succeeded' || other.state.phase === 'Failed') continue;
    // HandlePodAdditions admits pods in creation order: a later one not yet started does not count.
    const admitted = other.state.ip !== null || other.state.containersStarted;
    if (!admitted && other.meta.creationIndex > pod.meta.creationIndex) continue;
    used.set('pods', (used.get('pods') ?? 0) + 1);
    for (const [name, amount] of podRequestsOf(other.spec)) used.set(name, (used.get(name) ?? 0) + amount);
  }
  const wanted = new Map(podRequestsOf(pod.spec));
  wanted.set('pods', 1);
  for (const name of CHECKED) {
    const requested = wanted.get(name) ?? 0;
    if (requested === 0) continue;
    const capacity = node.allocatable.get(name) ?? 0;
    const inUse = used.get(name) ?? 0;
    if (inUse + requested > capacity) {
      return {
        reason: `OutOf${name}`,
        message: `Node didn't have enough resource: ${name}, requested: ${requested}, used: ${inUse}, capacity: ${capacity}`,
      };
    }
  }
  return null;
}

/** rejectPod: the pod ends Failed with the reason; its containers never start. */
export function rejectPod(sim: Sim, pod: PodObject, reason: string, message: string): void {
  sim.event('Warning', reason, pod, 'kubelet', message);
  pod.state.phase = 'Failed';
  pod.state.reason = reason;
  pod.state.waitingReason = null;
  sim.store.changed(pod);
}
