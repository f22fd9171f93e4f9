// pvc-protection-controller: keeps a claim that is being deleted while a pod uses it.
// Invariants:
// - a claim with a deletion timestamp keeps its kubernetes.io/pvc-protection finalizer while any
//   scheduled pod (nodeName set, whatever its phase, terminating included) references it;
// - unscheduled pods do not hold a claim; when no user remains the finalizer goes and with it
//   the claim.
import { claimNamesOf, objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import { PVC_PROTECTION_FINALIZER, removeFinalizer } from '../api';
import { splitKey } from './kubelet';

export class PvcProtection implements Controller {
  readonly name = 'pvc-protection-controller';
  readonly watches = ['PersistentVolumeClaim', 'Pod'] as const;

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'PersistentVolumeClaim' && type !== 'deleted' && obj.meta.deletionTime !== null) {
      this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
    } else if (obj.kind === 'Pod' && type === 'deleted') {
      for (const c of claimNamesOf(obj)) this.sim.enqueue(this, objectKey(obj.meta.namespace, c));
    }
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const claim = this.sim.store.claim(namespace, name);
    if (!claim || claim.meta.deletionTime === null) return;
    for (const pod of this.sim.store.podsUsingClaim(namespace, name)) {
      if (pod.state.nodeName) return;
    }
    removeFinalizer(this.sim, claim, PVC_PROTECTION_FINALIZER);
  }
}
