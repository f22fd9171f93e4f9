// The kubelet's container runtime for app containers: image pulls, exits, restarts with back-off.
// Invariants:
// - a container's image behaviour (cluster.images) decides what it does: a failing pull leaves it
//   waiting `ErrImagePull`, then `ImagePullBackOff`, pulled again when the back-off (10 s doubling
//   to 300 s) expires (IMG-PULL); `exitAfter` makes it exit with `exitCode` that long after each
//   start; the default image runs for ever;
// - an exited container is restarted per the pod's restartPolicy (Always: any exit; OnFailure:
//   non-zero; Never: none) with the kubelet's back-off: the first restart at once, then waits of
//   10, 20, 40 … 300 s while STATUS reads `CrashLoopBackOff`; the delay resets to 10 s after 600 s
//   without a back-off update (KUBELET-BACKOFF, POD-RESTARTPOLICY);
// - a pod whose containers have all exited and will not restart is Succeeded (all 0) or Failed;
// - a timer of an earlier run of a container, of a deleted pod, or of a dead node does nothing;
// - once a container's restart (or pull) wait stops growing the loop is steady: its long wait
//   (the back-off, or the run itself when the restart is immediate) runs in the background, so a
//   settling step ends in the state the loop spends its time in instead of waiting for ever.
import type { Sim } from '../sim';
import type { ContainerRuntime, ImageBehaviour, PodObject } from '../types';
import { kubeletRuns, livePod, setReady } from './kubelet';
import { armLiveness } from './probes';

/** flowcontrol.Backoff of the kubelet: 10 s initial, 300 s cap, reset after 2 × cap. */
export const BACKOFF_INITIAL = 10;
export const BACKOFF_MAX = 300;
/** Seconds from an exit to the kubelet's sync that acts on it (PLEG relist period). */
const PLEG_PERIOD = 1;
/** Seconds a failing pull takes to fail, and from the failure to the next sync. */
const PULL_ATTEMPT = 1;

/** The behaviour written for `image`: its exact key, else its repository without tag or digest. */
export function imageBehaviour(
  images: Record<string, ImageBehaviour>,
  image: string,
): ImageBehaviour | undefined {
  if (Object.hasOwn(images, image)) return images[image];
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
  return Object.hasOwn(images, repo) ? images[repo] : undefined;
}

/** containerd's answer for an image that does not exist, with the reference fully qualified. */
function pullError(image: string): string {
  let ref = image;
  const first = ref.split('/')[0];
  const hasRegistry =
    ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) ref = `docker.io/${ref.includes('/') ? '' : 'library/'}${ref}`;
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !ref.includes('@')) ref += ':latest';
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}

function runtimeOf(pod: PodObject): ContainerRuntime[] {
  pod.state.runtime ??= (pod.spec.containers ?? []).map(() => ({
    restarts: 0,
    current: { state: 'running' },
    run: 0,
    backoff: 0,
    backoffUpdated: 0,
    lastWait: null,
  }));
  return pod.state.runtime;
}

export function isContainerRunning(pod: PodObject, index: number): boolean {
  const rt = pod.state.runtime;
  return rt === null || rt[index]?.current.state === 'running';
}

/** A timer for container `index` of the pod, valid only for the container's current run. */
function later(
  sim: Sim,
  pod: PodObject,
  index: number,
  delay: number,
  steady: boolean,
  fn: (p: PodObject) => void,
): void {
  const uid = pod.meta.uid;
  const run = pod.state.runtime?.[index]?.run ?? 0;
  const task = () => {
    const current = livePod(sim, uid);
    if (current && (current.state.runtime?.[index]?.run ?? 0) === run) fn(current);
  };
  if (steady) sim.afterInBackground(delay, task);
  else sim.after(delay, task);
}

/** Start container `index` (first start or restart): pull, create, start, and arm its exit. */
export function startContainer(
  sim: Sim,
  pod: PodObject,
  index: number,
  restart: boolean,
  steady = false,
): void {
  const c = (pod.spec.containers ?? [])[index];
  const image = c.image ?? '';
  const behaviour = imageBehaviour(sim.cluster.images, image);
  if (behaviour?.pull === 'fail') {
    pullImage(sim, pod, index);
    return;
  }
  sim.event('Normal', 'Pulled', pod, 'kubelet', `Container image "${image}" already present on machine`);
  sim.event('Normal', 'Created', pod, 'kubelet', `Created container: ${c.name}`);
  sim.event('Normal', 'Started', pod, 'kubelet', `Started container ${c.name}`);
  if (restart || pod.state.runtime !== null) {
    const rt = runtimeOf(pod)[index];
    rt.run++;
    rt.current = { state: 'running' };
    if (restart) {
      rt.restarts++;
      pod.state.restartCount++;
    }
  }
  armExit(sim, pod, index, behaviour, steady && runtimeOf(pod)[index].lastWait === 0);
}

/** What ends a started container's run: its exit after `exitAfter`, or a liveness probe that
 * fails from `unhealthyAfter` on. The run is the loop's long wait only when restarts no longer wait. */
function armExit(
  sim: Sim,
  pod: PodObject,
  index: number,
  behaviour: ImageBehaviour | undefined,
  background: boolean,
): void {
  if (behaviour?.exitAfter !== undefined) {
    const code = behaviour.exitCode ?? 0;
    later(sim, pod, index, behaviour.exitAfter, background, (p) => containerExited(sim, p, index, code));
  }
  if (behaviour?.unhealthyAfter !== undefined) {
    runtimeOf(pod);
    armLiveness(
      sim,
      pod,
      index,
      behaviour.unhealthyAfter,
      (delay, fn) => later(sim, pod, index, delay, background, fn),
      (p, code) => containerExited(sim, p, index, code),
    );
  }
}

/** IMG-PULL: one failing attempt, then the back-off, then another attempt. */
function pullImage(sim: Sim, pod: PodObject, index: number): void {
  const image = (pod.spec.containers ?? [])[index].image ?? '';
  const rt = runtimeOf(pod)[index];
  rt.run++;
  // Until a first pull fails, the container waits as ContainerCreating.
  if (rt.current.state === 'running') rt.current = { state: 'waiting', reason: 'ContainerCreating' };
  sim.event('Normal', 'Pulling', pod, 'kubelet', `Pulling image "${image}"`);
  later(sim, pod, index, PULL_ATTEMPT, false, (p) => {
    const r = runtimeOf(p)[index];
    sim.event('Warning', 'Failed', p, 'kubelet', `Failed to pull image "${image}": ${pullError(image)}`);
    sim.event('Warning', 'Failed', p, 'kubelet', 'Error: ErrImagePull');
    r.current = { state: 'waiting', reason: 'ErrImagePull' };
    const wait = nextBackoff(sim, r);
    const steadyNow = r.lastWait === wait;
    r.lastWait = wait;
    setNotReady(sim, p, index);
    // The next sync falls inside the back-off.
    later(sim, p, index, PULL_ATTEMPT, false, (q) => {
      sim.event('Normal', 'BackOff', q, 'kubelet', `Back-off pulling image "${image}"`);
      sim.event('Warning', 'Failed', q, 'kubelet', 'Error: ImagePullBackOff');
      runtimeOf(q)[index].current = { state: 'waiting', reason: 'ImagePullBackOff' };
      sim.store.changed(q);
    });
    later(sim, p, index, wait, steadyNow, (q) => pullImage(sim, q, index));
  });
}

/** flowcontrol.Backoff.Next: the delay for the next attempt after one now. */
function nextBackoff(sim: Sim, rt: ContainerRuntime): number {
  const expired = rt.backoff === 0 || sim.now - rt.backoffUpdated > 2 * BACKOFF_MAX;
  rt.backoff = expired ? BACKOFF_INITIAL : Math.min(rt.backoff * 2, BACKOFF_MAX);
  rt.backoffUpdated = sim.now;
  return rt.backoff;
}

function setNotReady(sim: Sim, pod: PodObject, index: number): void {
  pod.state.containerReady[index] = false;
  setReady(sim, pod, false);
}

/** The container's process ended (exitAfter ran out, or a `crash` step). */
export function containerExited(sim: Sim, pod: PodObject, index: number, exitCode: number): void {
  const rt = runtimeOf(pod)[index];
  rt.run++;
  rt.current = { state: 'terminated', reason: exitCode === 0 ? 'Completed' : 'Error', exitCode };
  const finishedAt = sim.now;
  setNotReady(sim, pod, index);
  const policy = pod.spec.restartPolicy;
  const restarts = policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
  if (!restarts) {
    finishIfAllExited(sim, pod);
    return;
  }
  later(sim, pod, index, PLEG_PERIOD, false, (p) => syncExited(sim, p, index, finishedAt));
}

/** doBackOff: restart now, or wait out the back-off in CrashLoopBackOff. */
function syncExited(sim: Sim, pod: PodObject, index: number, finishedAt: number): void {
  const rt = runtimeOf(pod)[index];
  const c = (pod.spec.containers ?? [])[index];
  if (rt.backoff > 0 && sim.now - finishedAt < rt.backoff && sim.now - rt.backoffUpdated <= 2 * BACKOFF_MAX) {
    const wait = rt.backoff;
    const steady = rt.lastWait === wait;
    rt.lastWait = wait;
    rt.current = { state: 'waiting', reason: 'CrashLoopBackOff' };
    sim.event(
      'Warning',
      'BackOff',
      pod,
      'kubelet',
      `Back-off restarting failed container ${c.name} in pod ${pod.meta.name}_${pod.meta.namespace}(${pod.meta.uid})`,
    );
    sim.store.changed(pod);
    later(sim, pod, index, finishedAt + wait - sim.now, steady, (p) => restart(sim, p, index, steady));
    return;
  }
  // A restart without waiting (the first, or after the back-off expired): steady if the last was too.
  const steady = rt.lastWait === 0;
  rt.lastWait = 0;
  restart(sim, pod, index, steady);
}

function restart(sim: Sim, pod: PodObject, index: number, steady: boolean): void {
  nextBackoff(sim, runtimeOf(pod)[index]);
  startContainer(sim, pod, index, true, steady);
  containerReadiness(sim, pod, index);
}

/** A restarted container is Ready by its readiness probe's initial delay, or at once. */
export function containerReadiness(sim: Sim, pod: PodObject, index: number): void {
  if (!isContainerRunning(pod, index)) {
    setNotReady(sim, pod, index);
    return;
  }
  const probe = (pod.spec.containers ?? [])[index].readinessProbe;
  const override = pod.state.readinessOverride;
  const readyNow = override ?? !probe;
  pod.state.containerReady[index] = readyNow || (override === null && (probe?.initialDelaySeconds ?? 0) <= 0);
  setReady(sim, pod, allReady(pod));
  if (override === null && probe && !pod.state.containerReady[index]) {
    later(sim, pod, index, probe.initialDelaySeconds ?? 0, false, (p) => {
      p.state.containerReady[index] = true;
      setReady(sim, p, allReady(p));
    });
  }
}

function allReady(pod: PodObject): boolean {
  return (
    pod.state.containerReady.every(Boolean) &&
    (pod.spec.containers ?? []).every((_, i) => isContainerRunning(pod, i))
  );
}

/** POD-RESTARTPOLICY: every container exited for good ⇒ Succeeded (all 0) or Failed. */
function finishIfAllExited(sim: Sim, pod: PodObject): void {
  const rt = pod.state.runtime;
  if (rt === null || !rt.every((r) => r.current.state === 'terminated')) {
    sim.store.changed(pod);
    return;
  }
  const failed = rt.some((r) => r.current.state === 'terminated' && r.current.exitCode !== 0);
  pod.state.phase = failed ? 'Failed' : 'Succeeded';
  sim.store.changed(pod);
}

/** The kubelet came back: containers that were running get their exit timers again. */
export function resumeContainers(sim: Sim, pod: PodObject): void {
  (pod.spec.containers ?? []).forEach((c, index) => {
    const behaviour = imageBehaviour(sim.cluster.images, c.image ?? '');
    const rt = pod.state.runtime?.[index];
    if (rt && rt.current.state !== 'running') {
      // A waiting or exited container is retried at once by the returning kubelet.
      rt.run++;
      if (rt.current.state === 'terminated' && pod.spec.restartPolicy !== 'Always') return;
      restart(sim, pod, index, false);
      return;
    }
    if (behaviour?.exitAfter !== undefined || behaviour?.unhealthyAfter !== undefined) {
      runtimeOf(pod)[index].run++;
      armExit(sim, pod, index, behaviour, false);
    }
  });
}

/** Scenario `crash` step (contract 5.2): the named (else the first) container exits once, now.
 * Returns why it cannot, naming what exists. */
export function crashContainer(
  sim: Sim,
  namespace: string,
  podName: string,
  container: string | null,
  exitCode: number,
): string | null {
  const pod = sim.store.get('Pod', namespace, podName);
  if (!pod) {
    const names = [...sim.store.list('Pod')]
      .filter((p) => p.meta.namespace === namespace)
      .map((p) => p.meta.name);
    return `no pod "${podName}" in namespace ${namespace} (pods: ${names.sort().join(', ') || 'none'})`;
  }
  const containers = pod.spec.containers ?? [];
  const index = container === null ? 0 : containers.findIndex((c) => c.name === container);
  const name = containers[index]?.name;
  if (index < 0 || name === undefined) {
    return `pod ${podName} has no container "${container}" (containers: ${containers.map((c) => c.name).join(', ')})`;
  }
  if (!kubeletRuns(sim, pod) || pod.meta.deletionTime !== null) {
    return `container "${name}" of pod ${podName} cannot crash: ${pod.meta.deletionTime !== null ? 'the pod is terminating' : `no kubelet runs it (node ${pod.state.nodeName ?? 'none'})`}`;
  }
  if (!pod.state.containersStarted || !isContainerRunning(pod, index)) {
    return `container "${name}" of pod ${podName} is not running`;
  }
  containerExited(sim, pod, index, exitCode);
  return null;
}
