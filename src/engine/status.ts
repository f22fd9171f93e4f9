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
    case 'Pending': {
      // POD-PRINT: init containers not all passed ⇒ Init:<passed>/<count>; then PodInitializing.
      const inits = pod.spec.initContainers?.length ?? 0;
      if (inits > 0 && pod.state.nodeName !== null && pod.state.unschedulable === null) {
        return pod.state.initialized < inits ? `Init:${pod.state.initialized}/${inits}` : 'PodInitializing';
      }
      return pod.state.waitingReason ?? 'Pending';
    }
  }
}

/** POD-PRINT: kubectl's READY column, ready containers / (app containers + sidecars). */
export function readyColumnText(pod: PodObject): string {
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  const total = (pod.spec.containers?.length ?? 0) + sidecars.length;
  if (pod.meta.deletionTime !== null && !pod.state.containersStarted) return `0/${total}`;
  let ready = 0;
  if (pod.state.containersStarted) ready += pod.state.containerReady.filter(Boolean).length;
  // A sidecar counts once it has started (sidecar readiness probes are not simulated).
  (pod.spec.initContainers ?? []).forEach((c, i) => {
    if (c.restartPolicy === 'Always' && i < pod.state.initialized) ready++;
  });
  return `${ready}/${total}`;
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
