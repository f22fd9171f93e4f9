// garbage-collector: deletes dependents whose owners are all gone (background propagation, the
// default of `kubectl delete`), and the dependents of an owner deleted in the foreground.
// Invariants (GC-MODES):
// - an object is deleted only when none of the uids in its ownerReferences exists any more, or
//   when an owner of it is being deleted in the foreground;
// - an owner with the foregroundDeletion finalizer goes once it has no dependents left;
// - deletion goes through the normal API path, so pods terminate gracefully and claims wait for
//   their protection finalizer.
import type { Change } from '../store';
import type { Controller, Sim } from '../sim';
import { deleteObject, FOREGROUND_FINALIZER, removeFinalizer } from '../api';

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  readonly watches = 'all' as const;

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (type === 'deleted') {
      for (const dep of this.sim.store.dependentsOf(obj.meta.uid)) this.sim.enqueue(this, dep.meta.uid);
      // An owner waiting in the foreground may have lost its last dependent.
      for (const ref of obj.meta.ownerReferences) this.sim.enqueue(this, ref.uid);
    } else if (obj.meta.deletionTime !== null && obj.meta.finalizers.includes(FOREGROUND_FINALIZER)) {
      this.sim.enqueue(this, obj.meta.uid);
    } else if (obj.meta.ownerReferences.length > 0 && obj.meta.deletionTime === null) {
      // An owner reference written after its owner was already gone.
      if (obj.meta.ownerReferences.every((r) => !this.sim.store.byUID(r.uid)))
        this.sim.enqueue(this, obj.meta.uid);
    }
  }

  sync(uid: string): void {
    const obj = this.sim.store.byUID(uid);
    if (obj && obj.meta.deletionTime !== null && obj.meta.finalizers.includes(FOREGROUND_FINALIZER)) {
      const dependents = [...this.sim.store.dependentsOf(uid)];
      for (const dep of dependents)
        if (dep.meta.deletionTime === null) deleteObject(this.sim, dep, { cascade: 'foreground' });
      if (this.sim.store.dependentsOf(uid).size === 0) removeFinalizer(this.sim, obj, FOREGROUND_FINALIZER);
      return;
    }
    if (!obj || obj.meta.deletionTime !== null || obj.meta.ownerReferences.length === 0) return;
    if (obj.meta.ownerReferences.some((r) => this.sim.store.byUID(r.uid))) return;
    deleteObject(this.sim, obj);
  }
}
