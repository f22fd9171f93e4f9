// VolumeBinding (plugins/volumebinding): every claim must exist, not be terminating or lost, and
// be bound — or be a WaitForFirstConsumer claim that a volume on the node could satisfy
// (PreFilter: PVC-MISSING, PVC-IMMEDIATE). Bound volumes pinned to hostnames narrow the nodes at
// PreFilter; a volume's node affinity and the WaitForFirstConsumer checks filter per node
// (PV-NARROW, PVC-WFFC, PVC-NOPROV).
import { claimNamesOf } from '../../store';
import { nodeSelectorMatches, pinnedHostnames } from '../../selector';
import { staticVolumeFits } from '../../controllers/volumebinding';
import { unresolvable, type Plugin, type PluginCycle, type SchedulingContext } from '../framework';
import type { ClaimObject, NodeObject } from '../../types';

const NO_VOLUMES = "node(s) didn't find available persistent volumes to bind";

/** Could this unbound WaitForFirstConsumer claim be bound or provisioned for this node? */
function canBindOnNode(ctx: SchedulingContext, claim: ClaimObject, node: NodeObject): boolean {
  for (const pv of ctx.store.list('PersistentVolume')) {
    if (
      staticVolumeFits(pv, claim) &&
      (!pv.spec.nodeAffinity?.required ||
        nodeSelectorMatches(pv.spec.nodeAffinity.required, node.meta.labels, node.meta.name))
    ) {
      return true;
    }
  }
  const sc = claim.state.storageClassName
    ? ctx.store.get('StorageClass', '', claim.state.storageClassName)
    : undefined;
  return !!sc && sc.provisioner !== 'kubernetes.io/no-provisioner';
}

export const volumeBinding: Plugin = {
  name: 'VolumeBinding',
  weight: 0,
  preFilter: (pod, ctx) => {
    const names = claimNamesOf(pod);
    if (names.length === 0) return null;
    const claims: ClaimObject[] = [];
    for (const name of names) {
      const claim = ctx.store.claim(pod.meta.namespace, name);
      if (!claim) return unresolvable(`persistentvolumeclaim "${name}" not found`);
      if (claim.meta.deletionTime !== null)
        return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
      claims.push(claim);
    }
    let pinned: Set<string> | undefined;
    const bound: Array<{ claim: ClaimObject; required: NonNullable<ReturnType<typeof requiredOf>> }> = [];
    const delayed: ClaimObject[] = [];
    for (const claim of claims) {
      if (claim.state.phase === 'Lost') {
        return unresolvable(
          `persistentvolumeclaim "${claim.meta.name}" bound to non-existent persistentvolume "${claim.state.volumeName ?? ''}"`,
        );
      }
      if (claim.state.phase === 'Bound') {
        const required = requiredOf(ctx, claim);
        if (!required) continue;
        bound.push({ claim, required });
        const hosts = pinnedHostnames(required);
        if (hosts) pinned = pinned ? new Set(hosts.filter((h) => pinned?.has(h))) : new Set(hosts);
        continue;
      }
      const sc = claim.state.storageClassName
        ? ctx.store.get('StorageClass', '', claim.state.storageClassName)
        : undefined;
      if (!sc || sc.volumeBindingMode !== 'WaitForFirstConsumer') {
        return unresolvable('pod has unbound immediate PersistentVolumeClaims');
      }
      delayed.push(claim);
    }
    const cycle: PluginCycle = {
      nodeNames: pinned,
      filter: (node) => {
        for (const { required } of bound) {
          if (!nodeSelectorMatches(required, node.node.meta.labels, node.name)) {
            return unresolvable("node(s) didn't match PersistentVolume's node affinity");
          }
        }
        for (const claim of delayed) {
          // Selected-node fast path: once a node was chosen for the claim, only that node will do.
          if (claim.state.selectedNode !== null && claim.state.selectedNode !== node.name) {
            return unresolvable(NO_VOLUMES);
          }
          if (!canBindOnNode(ctx, claim, node.node)) return unresolvable(NO_VOLUMES);
        }
        return null;
      },
    };
    return cycle;
  },
};

function requiredOf(ctx: SchedulingContext, claim: ClaimObject) {
  const pv = claim.state.volumeName
    ? ctx.store.get('PersistentVolume', '', claim.state.volumeName)
    : undefined;
  return pv?.spec.nodeAffinity?.required;
}
