// persistentvolume-controller with its external provisioners: binds claims to volumes.
// Invariants:
// - a claim binds to at most one volume and a volume to at most one claim;
// - Immediate claims bind (or get provisioned) as soon as they exist; WaitForFirstConsumer
//   claims wait for the scheduler's selected-node and are provisioned for that node;
// - a static volume matches by class, capacity ≥ request and access modes; the smallest fits best;
// - node-local provisioners pin the new volume to the selected node with a hostname node
//   affinity; every other provisioner makes an attachable volume with no node affinity;
// - when a claim is gone its volume is Released, and deleted if its reclaim policy is Delete;
//   a Bound claim whose volume disappears becomes Lost.
import { claimNamesOf, objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import { parseQuantity } from '../validation';
import { labelSelectorFrom, pinnedHostnames, selectorMatches } from '../selector';
import { splitKey } from './kubelet';
import type { ClaimObject, StorageClassObject, VolumeObject } from '../types';

/** Provisioners whose volumes live on one node's disk (hostname node affinity, no attach). */
export const NODE_LOCAL_PROVISIONERS: readonly string[] = [
  'rancher.io/local-path',
  'kubernetes.io/no-provisioner',
  'topolvm.io',
  'local.csi.openebs.io',
  'openebs.io/local',
  'hostpath.csi.k8s.io',
  'lvm.csi.metal-stack.io',
];

export function isNodeLocalProvisioner(provisioner: string): boolean {
  return NODE_LOCAL_PROVISIONERS.includes(provisioner);
}

const CONTROLLER = 'persistentvolume-controller';

export function requestedBytes(claim: ClaimObject): number {
  const q = claim.spec.resources?.requests?.storage;
  return q === undefined ? 0 : (parseQuantity(q) ?? 0);
}

/** Does an unclaimed static volume satisfy this claim (class, size, access modes)? */
export function staticVolumeFits(pv: VolumeObject, claim: ClaimObject): boolean {
  if (pv.state.phase !== 'Available' || pv.meta.deletionTime !== null) return false;
  const ref = pv.spec.claimRef;
  if (ref && (ref.name !== claim.meta.name || (ref.namespace ?? 'default') !== claim.meta.namespace))
    return false;
  if ((pv.spec.storageClassName ?? '') !== (claim.state.storageClassName ?? '')) return false;
  const capacity = pv.spec.capacity?.storage;
  if ((capacity === undefined ? 0 : (parseQuantity(capacity) ?? 0)) < requestedBytes(claim)) return false;
  // checkVolumeSatisfyClaim: the claim's label selector and volume mode must agree too.
  const rawSelector: unknown = claim.spec.selector;
  if (rawSelector && !selectorMatches(labelSelectorFrom(rawSelector), pv.meta.labels)) return false;
  if ((pv.spec.volumeMode ?? 'Filesystem') !== (claim.spec.volumeMode ?? 'Filesystem')) return false;
  const modes = pv.spec.accessModes ?? [];
  return (claim.spec.accessModes ?? []).every((m) => modes.includes(m));
}

export class VolumeBinding implements Controller {
  readonly name = CONTROLLER;
  readonly watches = ['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'Pod'] as const;
  private readonly pending = new Set<string>();
  private readonly provisioning = new Set<string>();
  /** Last event reason per claim uid, so a waiting claim reports its state once. */
  private readonly reported = new Map<string, string>();

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    switch (obj.kind) {
      case 'PersistentVolumeClaim':
        if (type === 'deleted') {
          this.pending.delete(objectKey(obj.meta.namespace, obj.meta.name));
          if (obj.state.volumeName) this.sim.enqueue(this, `pv:${obj.state.volumeName}`);
        } else {
          this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
        }
        break;
      case 'PersistentVolume':
        if (type === 'deleted' && obj.state.claim) {
          this.sim.enqueue(this, objectKey(obj.state.claim.namespace, obj.state.claim.name));
        }
        if (type !== 'deleted') this.sim.enqueue(this, `pv:${obj.meta.name}`);
        for (const key of this.pending) this.sim.enqueue(this, key);
        break;
      case 'StorageClass':
        for (const key of this.pending) this.sim.enqueue(this, key);
        break;
      case 'Pod':
        // A first consumer of a WaitForFirstConsumer claim changes what the claim waits for.
        if (type === 'added') {
          for (const claimName of claimNamesOf(obj)) {
            const key = objectKey(obj.meta.namespace, claimName);
            if (this.pending.has(key)) this.sim.enqueue(this, key);
          }
        }
        break;
      default:
        break;
    }
  }

  sync(key: string): void {
    if (key.startsWith('pv:')) {
      this.syncVolume(key.slice(3));
      return;
    }
    const [namespace, name] = splitKey(key);
    const claim = this.sim.store.claim(namespace, name);
    if (!claim || claim.meta.deletionTime !== null) {
      this.pending.delete(key);
      return;
    }
    this.syncClaim(key, claim);
  }

  private report(
    claim: ClaimObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source = CONTROLLER,
  ): void {
    if (this.reported.get(claim.meta.uid) === reason) return;
    this.reported.set(claim.meta.uid, reason);
    this.sim.event(type, reason, claim, source, message);
  }

  private syncClaim(key: string, claim: ClaimObject): void {
    const sim = this.sim;
    const store = sim.store;
    if (claim.state.phase === 'Bound') {
      this.pending.delete(key);
      if (claim.state.volumeName && !store.get('PersistentVolume', '', claim.state.volumeName)) {
        claim.state.phase = 'Lost';
        sim.event(
          'Warning',
          'ClaimLost',
          claim,
          CONTROLLER,
          'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
        );
        store.changed(claim);
      }
      return;
    }
    if (claim.state.phase === 'Lost') return;
    this.pending.add(key);
    const className = claim.state.storageClassName;
    const sc = className ? store.get('StorageClass', '', className) : undefined;
    const delayed = sc?.volumeBindingMode === 'WaitForFirstConsumer';
    if (delayed && !claim.state.selectedNode) {
      const waiting = [...this.sim.store.podsUsingClaim(claim.meta.namespace, claim.meta.name)]
        .filter((p) => p.meta.deletionTime === null)
        .map((p) => p.meta.name);
      if (waiting.length === 0) {
        this.report(
          claim,
          'Normal',
          'WaitForFirstConsumer',
          'waiting for first consumer to be created before binding',
        );
      } else {
        const who = waiting.length === 1 ? `pod ${waiting[0]}` : `pods ${waiting.join(',')}`;
        this.report(claim, 'Normal', 'WaitForPodScheduled', `waiting for ${who} to be scheduled`);
      }
      return;
    }
    // PV-STATIC-FIRST: a matching volume binds before any class is looked up (syncUnboundClaim),
    // so a class name with no StorageClass object (the docs' `manual`) still binds its volumes.
    const match = this.findStaticVolume(claim);
    if (match) {
      this.bind(claim, match);
      return;
    }
    if (className && !sc) {
      this.report(
        claim,
        'Warning',
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${className}" not found`,
      );
      return;
    }
    if (!sc) {
      this.report(
        claim,
        'Normal',
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
      );
      return;
    }
    // No provisioner: the claim waits for an administrator to create a matching volume.
    if (sc.provisioner === 'kubernetes.io/no-provisioner') return;
    this.provision(claim, sc);
  }

  private findStaticVolume(claim: ClaimObject): VolumeObject | undefined {
    let best: VolumeObject | undefined;
    let bestSize = Infinity;
    for (const pv of this.sim.store.list('PersistentVolume')) {
      if (!staticVolumeFits(pv, claim)) continue;
      if (claim.state.selectedNode) {
        const hosts = pinnedHostnames(pv.spec.nodeAffinity?.required);
        if (hosts && !hosts.includes(claim.state.selectedNode)) continue;
      }
      const size = parseQuantity(pv.spec.capacity?.storage ?? 0) ?? 0;
      if (size < bestSize) {
        best = pv;
        bestSize = size;
      }
    }
    return best;
  }

  private provision(claim: ClaimObject, sc: StorageClassObject): void {
    if (this.provisioning.has(claim.meta.uid)) return;
    if (isNodeLocalProvisioner(sc.provisioner) && !claim.state.selectedNode) {
      // A node-local volume needs a node, and Immediate binding does not choose one.
      this.report(
        claim,
        'Warning',
        'ProvisioningFailed',
        `failed to provision volume with StorageClass "${sc.meta.name}": configuration error, no node was specified`,
        sc.provisioner,
      );
      return;
    }
    this.provisioning.add(claim.meta.uid);
    const sim = this.sim;
    const claimName = `${claim.meta.namespace}/${claim.meta.name}`;
    this.report(
      claim,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
    sim.event(
      'Normal',
      'Provisioning',
      claim,
      sc.provisioner,
      `External provisioner is provisioning volume for claim "${claimName}"`,
    );
    const uid = claim.meta.uid;
    sim.after(sim.timing.provision, () => {
      this.provisioning.delete(uid);
      const current = sim.store.byUID(uid);
      if (
        current?.kind !== 'PersistentVolumeClaim' ||
        current.meta.deletionTime !== null ||
        current.state.phase !== 'Pending'
      ) {
        return;
      }
      const nodeLocal = isNodeLocalProvisioner(sc.provisioner);
      const node = nodeLocal ? current.state.selectedNode : null;
      const name = `pvc-${uid}`;
      const pv: VolumeObject = {
        kind: 'PersistentVolume',
        meta: sim.newMeta(name, '', {
          annotations: { 'pv.kubernetes.io/provisioned-by': sc.provisioner },
          finalizers: ['kubernetes.io/pv-protection'],
        }),
        spec: {
          capacity: { storage: String(current.spec.resources?.requests?.storage ?? '0') },
          accessModes: current.spec.accessModes ?? [],
          storageClassName: sc.meta.name,
          persistentVolumeReclaimPolicy: sc.reclaimPolicy,
          claimRef: {
            kind: 'PersistentVolumeClaim',
            namespace: current.meta.namespace,
            name: current.meta.name,
            uid,
          },
          ...(node
            ? {
                nodeAffinity: {
                  required: {
                    nodeSelectorTerms: [
                      {
                        matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }],
                      },
                    ],
                  },
                },
              }
            : {}),
        },
        state: { phase: 'Pending', claim: null, pinnedNode: node, attachable: !nodeLocal, attachedTo: [] },
      };
      sim.store.add(pv);
      sim.event(
        'Normal',
        'ProvisioningSucceeded',
        current,
        sc.provisioner,
        `Successfully provisioned volume ${name}`,
      );
      this.bind(current, pv);
    });
  }

  private bind(claim: ClaimObject, pv: VolumeObject): void {
    const store = this.sim.store;
    pv.state.phase = 'Bound';
    pv.state.claim = { namespace: claim.meta.namespace, name: claim.meta.name, uid: claim.meta.uid };
    store.changed(pv);
    claim.state.phase = 'Bound';
    claim.state.volumeName = pv.meta.name;
    this.pending.delete(objectKey(claim.meta.namespace, claim.meta.name));
    store.changed(claim);
  }

  /** Reclaim a volume whose claim is gone. */
  private syncVolume(name: string): void {
    const store = this.sim.store;
    const pv = store.get('PersistentVolume', '', name);
    if (!pv || pv.state.phase !== 'Bound' || !pv.state.claim) return;
    const claim = store.byUID(pv.state.claim.uid);
    if (claim) return;
    pv.state.phase = 'Released';
    store.changed(pv);
    if ((pv.spec.persistentVolumeReclaimPolicy ?? 'Retain') === 'Delete') {
      pv.meta.finalizers = [];
      store.remove(pv);
    }
  }
}
