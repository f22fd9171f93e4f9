// kubectl's STATUS column, as printed by `kubectl get pods` / `kubectl get pvc`
// (printers.go printPod / printPersistentVolumeClaim), for the states the engine models.
import type { ClaimObject, NodeObject, PodObject } from './types';

export function podStatusText(pod: PodObject): string {
  // A deletion timestamp wins over everything else.
  if (pod.meta.deletionTime !== null) return 'Terminating';
  // POD-PRINT step 1: status.reason (a kubelet rejection such as OutOfcpu) replaces the phase.
  if (pod.state.reason !== null) return pod.state.reason;
  switch (pod.state.phase) {
    case 'Succeeded':
      return 'Completed';
    case 'Failed':
      return containerReason(pod) ?? 'Error';
    case 'Running':
      return containerReason(pod) ?? 'Running';
    case 'Pending': {
      // POD-PRINT: init containers not all passed ⇒ Init:<passed>/<count>; then PodInitializing.
      const inits = pod.spec.initContainers?.length ?? 0;
      if (inits > 0 && pod.state.nodeName !== null) {
        return pod.state.initialized < inits ? `Init:${pod.state.initialized}/${inits}` : 'PodInitializing';
      }
      return containerReason(pod) ?? pod.state.waitingReason ?? 'Pending';
    }
  }
}

/** POD-PRINT step 4: containers scanned last to first, a waiting or terminated reason overwriting
 * (so the first such container in spec order wins); `Completed` beside a running container reads
 * `Running` (Ready) or `NotReady`. Null when every container runs. */
function containerReason(pod: PodObject): string | null {
  const rt = pod.state.runtime;
  if (rt === null) return null;
  let reason: string | null = null;
  let running = false;
  for (let i = rt.length - 1; i >= 0; i--) {
    const c = rt[i].current;
    if (c.state === 'running') running = true;
    else reason = c.reason;
  }
  if (reason === 'Completed' && running) return pod.state.ready ? 'Running' : 'NotReady';
  return reason;
}

/** READY texts by (ready, total), so the timeline's hot path allocates no string per change. */
const READY_TEXT = new Map<number, string>();

/** POD-PRINT: kubectl's READY column, ready containers / (app containers + sidecars). */
export function readyColumnText(pod: PodObject): string {
  let total = pod.spec.containers?.length ?? 0;
  let ready = 0;
  const inits = pod.spec.initContainers;
  if (inits) {
    for (let i = 0; i < inits.length; i++) {
      if (inits[i].restartPolicy !== 'Always') continue;
      total++;
      // A sidecar counts once it has started (sidecar readiness probes are not simulated).
      if (i < pod.state.initialized && pod.meta.deletionTime === null) ready++;
    }
  }
  if (pod.state.containersStarted) for (const r of pod.state.containerReady) if (r) ready++;
  const key = ready * 65536 + total;
  let text = READY_TEXT.get(key);
  if (text === undefined) READY_TEXT.set(key, (text = `${ready}/${total}`));
  return text;
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

/** NODE-PRINT: `kubectl get nodes` STATUS: `Ready` when the Ready condition is True, `NotReady`
 * when it is False or Unknown (a dead kubelet); a cordoned node adds `,SchedulingDisabled`. */
export function nodeStatusText(node: NodeObject): string {
  const ready = node.ready === 'True' ? 'Ready' : 'NotReady';
  return node.unschedulable ? `${ready},SchedulingDisabled` : ready;
}

/** A PodDisruptionBudget's status in the timeline: its ALLOWED DISRUPTIONS. */
export function disruptionsText(allowed: number): string {
  return `${allowed} disruption${allowed === 1 ? '' : 's'} allowed`;
}
