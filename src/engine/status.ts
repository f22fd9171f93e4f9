// kubectl's STATUS column, as printed by `kubectl get pods` / `kubectl get pvc`
// (printers.go printPod / printPersistentVolumeClaim), for the states the engine models.
import type { ClaimObject, NodeObject, PodObject } from './types';

export function podStatusText(pod: PodObject): string {
  // A deletion timestamp wins over everything else.
  if (pod.meta.deletionTime !== null) return 'Terminating';
  switch (pod.state.phase) {
    case 'Succeeded':
      return 'Completed';
    case 'Failed':
      return 'Error';
    case 'Running':
      return 'Running';
    case 'Pending':
      return pod.state.waitingReason ?? 'Pending';
  }
}

export function claimStatusText(claim: ClaimObject): string {
  if (claim.meta.deletionTime !== null) return 'Terminating';
  return claim.state.phase;
}

export function isPodActive(pod: PodObject): boolean {
  return pod.meta.deletionTime === null && pod.state.phase !== 'Succeeded' && pod.state.phase !== 'Failed';
}

export function isRunningAndReady(pod: PodObject): boolean {
  return pod.state.phase === 'Running' && pod.state.ready;
}

/** Ready for at least minReadySeconds (0 ⇒ same as ready). */
export function isAvailable(pod: PodObject, minReadySeconds: number, now: number): boolean {
  if (!isRunningAndReady(pod) || pod.state.readySince === null) return false;
  return minReadySeconds <= 0 || pod.state.readySince + minReadySeconds <= now;
}

/** NODE-PRINT: `kubectl get nodes` STATUS. Every simulated kubelet reports Ready (node failure is
 * not simulated yet); a cordoned node adds `,SchedulingDisabled`. */
export function nodeStatusText(node: NodeObject): string {
  return node.unschedulable ? 'Ready,SchedulingDisabled' : 'Ready';
}
