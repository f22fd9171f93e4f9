// attachdetach-controller: attaches attachable volumes (CSI block devices such as Longhorn) to
// the nodes of the pods that use them.
// Invariants:
// - a volume is attached to a node while a pod on that node (running or terminating) uses it,
//   and detached once no such pod remains;
// - a volume whose PersistentVolume lists ReadWriteOnce (and not ReadWriteMany) is attached to at
//   most one node: a pod elsewhere stays ContainerCreating with a Multi-Attach error until the
//   volume is free;
// - non-attachable volumes (local, hostPath, node-local provisioners) never go through here;
// - a volume no pod of a node needs any more is detached once that node's kubelet has unmounted
//   it; while the kubelet is down it stays attached (still in the node's volumesInUse) until the
//   node is NotReady and maxWaitForUnmountDuration (6 min) has passed since the detach was
//   first wanted, or the node carries the out-of-service taint (ADC-FORCE-DETACH, OOS-TAINT).
import { claimNamesOf, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import type { PodObject, VolumeObject } from '../types';
import type { QueueItem } from '../queue';
import { OUT_OF_SERVICE_TAINT_KEY } from './nodelifecycle';

const SOURCE = 'attachdetach-controller';
/** The reconciler's maxWaitForUnmountDuration. */
export const MAX_WAIT_FOR_UNMOUNT = 360;

export class AttachDetach implements Controller {
  readonly name = SOURCE;
  readonly watches = ['Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'Node'] as const;
  /** Attaches in flight: volume name → nodes. */
  private readonly attaching = new Map<string, Set<string>>();
  /** Volume/node pairs already warned about a Multi-Attach conflict (reported once, as the reconciler does). */
  private readonly warned = new Set<string>();
  /** volume/node pairs whose detach waits for an unmount nobody confirms: when it was first wanted. */
  private readonly detachWanted = new Map<string, { since: number; timer: QueueItem }>();

  constructor(private readonly sim: Sim) {}

  onChange({ obj }: Change): void {
    if (obj.kind === 'Pod') {
      if (!obj.state.nodeName) return;
      for (const claimName of claimNamesOf(obj)) {
        const claim = this.sim.store.claim(obj.meta.namespace, claimName);
        if (claim?.state.volumeName) this.sim.enqueue(this, claim.state.volumeName);
      }
    } else if (obj.kind === 'PersistentVolumeClaim' && obj.state.volumeName) {
      this.sim.enqueue(this, obj.state.volumeName);
    } else if (obj.kind === 'PersistentVolume') {
      this.sim.enqueue(this, obj.meta.name);
    } else if (obj.kind === 'Node') {
      // Its kubelet came back, it went NotReady, or it was tainted out of service.
      for (const pv of this.sim.store.list('PersistentVolume')) {
        if (pv.state.attachedTo.includes(obj.meta.name)) this.sim.enqueue(this, pv.meta.name);
      }
    }
  }

  sync(volumeName: string): void {
    const sim = this.sim;
    const pv = sim.store.get('PersistentVolume', '', volumeName);
    if (!pv || !pv.state.attachable || !pv.state.claim) return;
    const users = [...sim.store.podsUsingClaim(pv.state.claim.namespace, pv.state.claim.name)].filter(
      (p) => p.state.nodeName !== null,
    );
    const wanted = new Set(users.map((p) => p.state.nodeName as string));
    const attached = pv.state.attachedTo.filter((n) => wanted.has(n) || !this.mayDetach(volumeName, n));
    for (const n of wanted) this.forgetDetach(`${volumeName}\u0000${n}`);
    if (attached.length !== pv.state.attachedTo.length) {
      pv.state.attachedTo = attached;
      sim.store.changed(pv);
    }
    const inFlight = this.attaching.get(volumeName) ?? new Set<string>();
    const exclusive = isSingleNode(pv);
    for (const node of wanted) {
      if (pv.state.attachedTo.includes(node) || inFlight.has(node)) continue;
      if (exclusive && inFlight.size > 0) continue; // decided once the attach in progress ends
      const holders = pv.state.attachedTo;
      if (exclusive && holders.length > 0) {
        this.reportConflict(pv, users, node, holders);
        continue;
      }
      inFlight.add(node);
      this.attaching.set(volumeName, inFlight);
      sim.after(sim.timing.attach, () => this.finishAttach(volumeName, node));
    }
  }

  /** Whether the volume may leave `node` now; if not, a later sync is queued for when it may. */
  private mayDetach(volumeName: string, nodeName: string): boolean {
    const sim = this.sim;
    const key = `${volumeName}\u0000${nodeName}`;
    const node = sim.store.get('Node', '', nodeName);
    const forced = node?.taints.some((t) => t.key === OUT_OF_SERVICE_TAINT_KEY) ?? false;
    if (!node || node.kubeletUp || forced) {
      this.forgetDetach(key);
      return true;
    }
    let wait = this.detachWanted.get(key);
    if (wait === undefined) {
      const timer = sim.after(MAX_WAIT_FOR_UNMOUNT, () => sim.enqueue(this, volumeName));
      this.detachWanted.set(key, (wait = { since: sim.now, timer }));
    }
    if (node.ready !== 'True' && sim.now - wait.since >= MAX_WAIT_FOR_UNMOUNT) {
      this.forgetDetach(key);
      return true;
    }
    return false;
  }

  private forgetDetach(key: string): void {
    const wait = this.detachWanted.get(key);
    if (!wait) return;
    this.sim.cancel(wait.timer);
    this.detachWanted.delete(key);
  }

  private finishAttach(volumeName: string, node: string): void {
    const sim = this.sim;
    this.attaching.get(volumeName)?.delete(node);
    const pv = sim.store.get('PersistentVolume', '', volumeName);
    if (!pv || !pv.state.claim) return;
    const users = [...sim.store.podsUsingClaim(pv.state.claim.namespace, pv.state.claim.name)].filter(
      (p) => p.state.nodeName === node,
    );
    if (users.length === 0) {
      this.sim.enqueue(this, volumeName);
      return;
    }
    pv.state.attachedTo.push(node);
    this.warned.delete(`${volumeName}\u0000${node}`);
    for (const pod of users) {
      sim.event(
        'Normal',
        'SuccessfulAttachVolume',
        pod,
        SOURCE,
        `AttachVolume.Attach succeeded for volume "${volumeName}" `,
      );
    }
    sim.store.changed(pv);
    // Pods on other nodes waiting for this volume learn now whether it is free.
    this.sim.enqueue(this, volumeName);
  }

  private reportConflict(pv: VolumeObject, users: PodObject[], node: string, holders: string[]): void {
    const blockers = users
      .filter((p) => p.state.nodeName !== null && holders.includes(p.state.nodeName))
      .map((p) => p.meta.name)
      .sort();
    const pairKey = `${pv.meta.name}\u0000${node}`;
    if (this.warned.has(pairKey)) return;
    this.warned.add(pairKey);
    for (const pod of users) {
      if (pod.state.nodeName !== node) continue;
      const message =
        blockers.length > 0
          ? `Multi-Attach error for volume "${pv.meta.name}" Volume is already used by pod(s) ${blockers.join(', ')}`
          : `Multi-Attach error for volume "${pv.meta.name}" Volume is already exclusively attached to one node and can't be attached to another`;
      this.sim.event('Warning', 'FailedAttachVolume', pod, SOURCE, message);
    }
  }
}

function isSingleNode(pv: VolumeObject): boolean {
  const modes = pv.spec.accessModes ?? [];
  return (
    (modes.includes('ReadWriteOnce') || modes.includes('ReadWriteOncePod')) &&
    !modes.includes('ReadWriteMany') &&
    !modes.includes('ReadOnlyMany')
  );
}
