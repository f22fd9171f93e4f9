// Kubelet: runs pods bound to its node.
// Invariants:
// - containers start only when every claim of the pod is Bound and, for attachable volumes,
//   attached to the pod's node; until then the pod shows ContainerCreating;
// - init containers run one at a time, in order, before any app container (INIT-SEQ): each
//   completes (exit 0) INIT_CONTAINER_RUN seconds after it starts; a sidecar (restartPolicy
//   Always) lets the next one start as soon as it runs and keeps running (SIDECAR); the app
//   containers start PODINITIALIZING seconds after the last one;
// - each app container is Ready per its readiness probe (at start without one, after its
//   initialDelaySeconds with one) unless a scenario `readiness` step overrides it; the pod is
//   Ready when all are (sidecars count once started);
// - a pod with a deletion timestamp is stopped and its object removed when its containers
//   have exited: after terminationGracePeriodSeconds (SIGKILL), or sooner if the app exits on
//   SIGTERM (timing.sigtermExit); a pod that never started goes at once;
// - a node whose kubelet is down (a `node fail` step) does nothing: its pods keep their last
//   status, a deleted one stays Terminating (NODE-DEAD-POD); when it comes back it syncs every
//   pod bound to it: deleted ones stop, unstarted ones start, running ones report readiness
//   again (NODE-RECOVER).
import { claimNamesOf, objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import type { PodObject } from '../types';
import { imageBehaviour, isContainerRunning, resumeContainers, startContainer } from './containers';
import { admissionFailure, rejectPod } from './kubelet-admit';

/** Seconds an init container runs before it exits 0 (no image behaviour is simulated yet). */
export const INIT_CONTAINER_RUN = 1;
/** Seconds from the last init container to the app containers' start (kubectl: PodInitializing). */
export const PODINITIALIZING = 1;

export class Kubelet implements Controller {
  readonly name = 'kubelet';
  readonly watches = ['Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'Node'] as const;
  private readonly starting = new Set<string>();
  /** Nodes whose kubelet is down, so that its return is noticed once. */
  private readonly down = new Set<string>();
  private readonly stopping = new Set<string>();
  /** Pods already told that a claim of theirs is being deleted. */
  private readonly mountFailures = new Set<string>();

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'Node') {
      if (!obj.kubeletUp) this.down.add(obj.meta.name);
      else if (this.down.delete(obj.meta.name)) this.resync(obj.meta.name);
    } else if (obj.kind === 'Pod') {
      // Only pods still to start or to stop need the kubelet.
      const work = !obj.state.containersStarted || obj.meta.deletionTime !== null;
      if (type !== 'deleted' && obj.state.nodeName && work)
        this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
    } else if (obj.kind === 'PersistentVolumeClaim' && type === 'modified') {
      this.wakePodsOf(obj.meta.namespace, obj.meta.name);
    } else if (obj.kind === 'PersistentVolume' && type === 'modified' && obj.state.claim) {
      this.wakePodsOf(obj.state.claim.namespace, obj.state.claim.name);
    }
  }

  private wakePodsOf(namespace: string, claim: string): void {
    for (const pod of this.sim.store.podsUsingClaim(namespace, claim)) {
      if (pod.state.nodeName && !pod.state.containersStarted) {
        this.sim.enqueue(this, objectKey(pod.meta.namespace, pod.meta.name));
      }
    }
  }

  /** The kubelet (re)started: it syncs every pod bound to its node. */
  private resync(node: string): void {
    const sim = this.sim;
    for (const pod of [...sim.store.podsOn(node)]) {
      if (pod.meta.deletionTime !== null) this.stop(pod);
      else if (!pod.state.containersStarted && pod.state.ip !== null) this.start(pod);
      else if (pod.state.containersStarted) {
        followReadiness(sim, pod);
        resumeContainers(sim, pod);
      } else sim.enqueue(this, objectKey(pod.meta.namespace, pod.meta.name));
    }
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const pod = this.sim.store.get('Pod', namespace, name);
    if (!pod || !pod.state.nodeName || !kubeletRuns(this.sim, pod)) return;
    if (pod.meta.deletionTime !== null) {
      this.stop(pod);
      return;
    }
    // Started already (its sandbox has an IP: init containers may still be running) or starting.
    if (pod.state.containersStarted || pod.state.ip !== null || this.starting.has(pod.meta.uid)) return;
    if (pod.state.phase === 'Failed') return;
    // KUBELET-ADMIT: a pod that skipped the scheduler may not fit beside the node's pods.
    if (pod.spec.nodeName) {
      const refused = admissionFailure(this.sim, pod);
      if (refused) {
        rejectPod(this.sim, pod, refused.reason, refused.message);
        return;
      }
    }
    if (!this.volumesReady(pod)) return;
    this.starting.add(pod.meta.uid);
    const uid = pod.meta.uid;
    this.sim.after(this.sim.timing.containerStart, () => {
      this.starting.delete(uid);
      const current = this.sim.store.byUID(uid);
      if (current?.kind === 'Pod' && current.meta.deletionTime === null && kubeletRuns(this.sim, current))
        this.start(current);
    });
  }

  private volumesReady(pod: PodObject): boolean {
    const store = this.sim.store;
    for (const claimName of claimNamesOf(pod)) {
      const claim = store.claim(pod.meta.namespace, claimName);
      if (claim && claim.meta.deletionTime !== null) {
        // The volume manager refuses a claim that is being deleted (desired state of world populator).
        this.reportMountFailure(pod, claimName);
        return false;
      }
      if (!claim || claim.state.phase !== 'Bound' || !claim.state.volumeName) return false;
      const pv = store.get('PersistentVolume', '', claim.state.volumeName);
      if (!pv) return false;
      if (pv.state.attachable && !pv.state.attachedTo.includes(pod.state.nodeName as string)) return false;
    }
    return true;
  }

  private reportMountFailure(pod: PodObject, claimName: string): void {
    if (this.mountFailures.has(pod.meta.uid)) return;
    this.mountFailures.add(pod.meta.uid);
    const volume = (pod.spec.volumes ?? []).find(
      (v) => v.persistentVolumeClaim?.claimName === claimName,
    )?.name;
    this.sim.event(
      'Warning',
      'FailedMount',
      pod,
      'kubelet',
      `Unable to attach or mount volumes: unmounted volumes=[${volume ?? claimName}], unattached volumes=[], failed to process volumes=[${volume ?? claimName}]: error processing PVC ${pod.meta.namespace}/${claimName}: PVC is being deleted`,
    );
  }

  private start(pod: PodObject): void {
    const sim = this.sim;
    // The pod sandbox (and its IP) comes first; init containers share it.
    pod.state.ip ??= sim.allocatePodIP(pod.state.nodeName as string);
    const inits = pod.spec.initContainers ?? [];
    if (pod.state.initialized < inits.length) {
      this.runInit(pod);
      return;
    }
    const containers = pod.spec.containers ?? [];
    containers.forEach((_, i) => startContainer(sim, pod, i, false));
    // Running once a container runs; a pod whose every image fails to pull stays Pending.
    if (containers.some((_, i) => isContainerRunning(pod, i))) pod.state.phase = 'Running';
    pod.state.waitingReason = null;
    pod.state.containersStarted = true;
    followReadiness(sim, pod);
  }

  /** Start the next init container; a sidecar passes at once, an ordinary one when it exits 0. */
  private runInit(pod: PodObject): void {
    const sim = this.sim;
    const inits = pod.spec.initContainers ?? [];
    while (pod.state.initialized < inits.length) {
      const c = inits[pod.state.initialized];
      const image = c.image ?? '';
      if (imageBehaviour(sim.cluster.images, image)) {
        sim.warnOnce(
          `init\u0000${image}`,
          `cluster.images behaviour of "${image}" is not simulated for init containers (${c.name} of pod ${pod.meta.name}): it pulls, runs ${INIT_CONTAINER_RUN}s and exits 0`,
        );
      }
      containerStarted(sim, pod, c);
      if (c.restartPolicy !== 'Always') break;
      pod.state.initialized++;
    }
    pod.state.waitingReason = null;
    sim.store.changed(pod);
    const uid = pod.meta.uid;
    const alive = (): PodObject | null => livePod(sim, uid);
    if (pod.state.initialized === inits.length) {
      sim.after(PODINITIALIZING, () => {
        const current = alive();
        if (current) this.start(current);
      });
      return;
    }
    sim.after(INIT_CONTAINER_RUN, () => {
      const current = alive();
      if (!current) return;
      current.state.initialized++;
      if (current.state.initialized < inits.length) this.runInit(current);
      else {
        sim.store.changed(current);
        sim.after(PODINITIALIZING, () => {
          const again = alive();
          if (again) this.start(again);
        });
      }
    });
  }

  private stop(pod: PodObject): void {
    if (this.stopping.has(pod.meta.uid)) return;
    this.stopping.add(pod.meta.uid);
    const sim = this.sim;
    const grace = pod.meta.deletionGracePeriodSeconds ?? 0;
    let delay = 0;
    if (pod.state.containersStarted) {
      (pod.spec.containers ?? []).forEach((c, i) => {
        if (isContainerRunning(pod, i))
          sim.event('Normal', 'Killing', pod, 'kubelet', `Stopping container ${c.name}`);
      });
      const exit = sim.timing.sigtermExit;
      delay = exit === null ? grace : Math.min(grace, exit);
    }
    const uid = pod.meta.uid;
    sim.after(delay, () => {
      this.stopping.delete(uid);
      const current = sim.store.byUID(uid);
      // Nobody confirms the containers stopped while the kubelet is down: it stays Terminating.
      if (current?.kind === 'Pod' && kubeletRuns(sim, current)) sim.store.remove(current);
    });
  }
}

/** Ready after (re)started containers: the scenario override, else each container's readiness
 * probe; the pod is Ready once every app container is. */
function followReadiness(sim: Sim, pod: PodObject): void {
  const containers = pod.spec.containers ?? [];
  const override = pod.state.readinessOverride;
  if (override !== null) {
    // The step makes the probes fail or pass; without any probe it stands for the pod's.
    const probed = containers.some((c) => c.readinessProbe);
    pod.state.containerReady = containers.map(
      (c, i) => (override || (probed && !c.readinessProbe)) && isContainerRunning(pod, i),
    );
    setReady(sim, pod, override);
    return;
  }
  const delays = containers.map((c) =>
    c.readinessProbe ? (c.readinessProbe.initialDelaySeconds ?? 0) : null,
  );
  pod.state.containerReady = delays.map((d, i) => d === null && isContainerRunning(pod, i));
  setReady(sim, pod, pod.state.containerReady.every(Boolean));
  const uid = pod.meta.uid;
  // A probe's delay counts from this run of its container: a restart in between starts it again.
  const runs = containers.map((_, i) => pod.state.runtime?.[i]?.run ?? 0);
  for (const delay of new Set(delays.filter((d): d is number => d !== null))) {
    sim.after(delay, () => {
      const current = sim.store.byUID(uid);
      if (
        current?.kind !== 'Pod' ||
        current.meta.deletionTime !== null ||
        !kubeletRuns(sim, current) ||
        current.state.readinessOverride !== null ||
        !current.state.containersStarted
      ) {
        return;
      }
      delays.forEach((d, i) => {
        const sameRun = (current.state.runtime?.[i]?.run ?? 0) === runs[i];
        if (d === delay && sameRun && isContainerRunning(current, i)) current.state.containerReady[i] = true;
      });
      setReady(sim, current, current.state.containerReady.every(Boolean));
    });
  }
}

/**
 * An allowed pod update changed these containers' images: the kubelet's next sync sees a new
 * container hash, kills each one (with the pod's grace period, as on deletion) and starts it
 * again in the same pod (kuberuntime computePodActions; reference POD-IMAGE-CHANGE). The pod
 * keeps its name, UID, IP and node; RESTARTS goes up by one per container.
 */
export function restartContainers(sim: Sim, pod: PodObject, names: readonly string[]): void {
  if (!pod.state.containersStarted || pod.meta.deletionTime !== null) return; // starts with the new image
  for (const name of names) {
    sim.event('Normal', 'Killing', pod, 'kubelet', `Container ${name} definition changed, will be restarted`);
  }
  const grace = pod.spec.terminationGracePeriodSeconds;
  const exit = sim.timing.sigtermExit;
  const uid = pod.meta.uid;
  const alive = (): PodObject | null => livePod(sim, uid);
  sim.after(exit === null ? Math.max(grace, 0) : Math.min(Math.max(grace, 0), exit), () => {
    const stopped = alive();
    if (!stopped) return;
    // The container has exited: it is not ready until it runs (and passes its probe) again.
    (stopped.spec.containers ?? []).forEach((c, i) => {
      if (names.includes(c.name)) stopped.state.containerReady[i] = false;
    });
    setReady(sim, stopped, false);
    sim.after(sim.timing.containerStart, () => {
      const current = alive();
      if (!current) return;
      (current.spec.containers ?? []).forEach((c, i) => {
        if (names.includes(c.name)) startContainer(sim, current, i, true);
      });
      followReadiness(sim, current);
    });
  });
}

export function setReady(sim: Sim, pod: PodObject, ready: boolean): void {
  if (pod.state.ready === ready) {
    sim.store.changed(pod);
    return;
  }
  pod.state.ready = ready;
  pod.state.readySince = ready ? sim.now : null;
  sim.store.changed(pod);
}

/** Scenario `readiness` step: make the pod's readiness probe fail or pass from now on. */
export function overrideReadiness(sim: Sim, pod: PodObject, ready: boolean): void {
  pod.state.readinessOverride = ready;
  if (!pod.state.containersStarted || pod.meta.deletionTime !== null) {
    sim.store.changed(pod);
    return;
  }
  if (!ready && pod.state.ready) {
    sim.event(
      'Warning',
      'Unhealthy',
      pod,
      'kubelet',
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
    );
  }
  followReadiness(sim, pod);
}

/** The pod of this uid if its kubelet still acts on it: not deleted, on a node whose kubelet runs. */
export function livePod(sim: Sim, uid: string): PodObject | null {
  const pod = sim.store.byUID(uid);
  return pod?.kind === 'Pod' && pod.meta.deletionTime === null && kubeletRuns(sim, pod) ? pod : null;
}

/** Whether the kubelet of the pod's node runs (a failed node's does not). */
export function kubeletRuns(sim: Sim, pod: PodObject): boolean {
  const node = pod.state.nodeName;
  return node !== null && sim.store.get('Node', '', node)?.kubeletUp === true;
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}

/** The kubelet's events for a container it (re)starts; the image is always present here. */
function containerStarted(sim: Sim, pod: PodObject, c: { name: string; image?: string }): void {
  sim.event(
    'Normal',
    'Pulled',
    pod,
    'kubelet',
    `Container image "${c.image ?? ''}" already present on machine`,
  );
  sim.event('Normal', 'Created', pod, 'kubelet', `Created container: ${c.name}`);
  sim.event('Normal', 'Started', pod, 'kubelet', `Started container ${c.name}`);
}
