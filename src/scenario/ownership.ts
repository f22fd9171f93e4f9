// Which workload controls a Pod, followed through the owner chains of the run's `state.workloads`
// (Pod → ReplicaSet → Deployment), never through name prefixes: Deployment `web` does not own the
// pods of Deployment `web-api`, although their ReplicaSets' names both start with `web-`.
import type { ClusterState } from '../engine/snapshot';

export interface OwnerRef {
  kind: string;
  name: string;
}

export interface WorkloadRef extends OwnerRef {
  namespace: string;
}

/** Owner chains never get this long in Kubernetes; the bound only guards against a cycle. */
const MAX_CHAIN = 16;

export class WorkloadOwners {
  /** `kind/namespace/name` → the workload's controlling owner. */
  private readonly owners = new Map<string, OwnerRef | null>();

  /** Every workload of every state given (the steps' and the run's end), so that pods of a
   * ReplicaSet deleted before the end still find their Deployment. */
  constructor(states: ReadonlyArray<Pick<ClusterState, 'workloads'>>) {
    for (const state of states)
      for (const w of state.workloads) this.owners.set(key(w.kind, w.namespace, w.name), w.owner);
  }

  /** `owner` and its owners upwards (Pod's ReplicaSet, then its Deployment). */
  chain(owner: OwnerRef | null, namespace: string): OwnerRef[] {
    const out: OwnerRef[] = [];
    for (let ref = owner; ref && out.length < MAX_CHAIN;) {
      out.push(ref);
      ref = this.owners.get(key(ref.kind, namespace, ref.name)) ?? null;
    }
    return out;
  }

  /** Whether `workload` is `owner` (an object's controller in `namespace`) or above it. */
  controls(workload: WorkloadRef, owner: OwnerRef | null, namespace: string): boolean {
    if (namespace !== workload.namespace) return false;
    let ref = owner;
    for (let depth = 0; ref && depth < MAX_CHAIN; depth++) {
      if (ref.kind === workload.kind && ref.name === workload.name) return true;
      ref = this.owners.get(key(ref.kind, namespace, ref.name)) ?? null;
    }
    return false;
  }
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}
