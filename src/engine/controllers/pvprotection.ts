// pv-protection-controller (pkg/controller/volume/pvprotection): keeps a deleted volume while a
// claim is bound to it.
// Invariants:
// - a PersistentVolume with a deletion timestamp keeps its kubernetes.io/pv-protection finalizer
//   while its phase is Bound (PV-PROTECT); STATUS Terminating meanwhile;
// - once it is Released, Available or Failed the finalizer goes and with it the volume.
import type { Change } from '../store';
import type { Controller, Sim } from '../sim';
import { PV_PROTECTION_FINALIZER, removeFinalizer } from '../api';

export class PvProtection implements Controller {
  readonly name = 'pv-protection-controller';
  readonly watches = ['PersistentVolume'] as const;

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'PersistentVolume' && type !== 'deleted' && obj.meta.deletionTime !== null) {
      this.sim.enqueue(this, obj.meta.name);
    }
  }

  sync(name: string): void {
    const pv = this.sim.store.get('PersistentVolume', '', name);
    if (!pv || pv.meta.deletionTime === null || pv.state.phase === 'Bound') return;
    removeFinalizer(this.sim, pv, PV_PROTECTION_FINALIZER);
  }
}
