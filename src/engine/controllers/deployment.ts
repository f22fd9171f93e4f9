// deployment-controller: one ReplicaSet per pod template, rolled from old to new.
// Invariants (deployment/sync.go, rolling.go, recreate.go):
// - the ReplicaSet of the current template is `<deployment>-<pod-template-hash>`, and the hash is
//   also a label of the set, its selector and its pods;
// - RollingUpdate never has more than replicas + maxSurge pods (default 25%, rounded up) and never
//   fewer than replicas − maxUnavailable available (default 25%, rounded down);
// - Recreate scales every old ReplicaSet to 0 and waits for their pods to be gone first;
// - every change of a ReplicaSet's size is a ScalingReplicaSet event on the Deployment.
type IntOrString = number | string;
import { objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import { isPodActive } from '../status';
import { selectorMatches } from '../selector';
import { splitKey } from './kubelet';
import { fnv32a, safeEncodeDigits, stableJson } from '../hash';
import type { DeploymentObject, ReplicaSetObject } from '../types';

const SOURCE = 'deployment-controller';
export const TEMPLATE_HASH_LABEL = 'pod-template-hash';

export class DeploymentController implements Controller {
  readonly name = SOURCE;
  readonly watches = ['Deployment', 'ReplicaSet'] as const;

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'Deployment') {
      if (type !== 'deleted') this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
    } else if (obj.kind === 'ReplicaSet') {
      const owner = obj.meta.ownerReferences.find((r) => r.controller);
      if (owner?.kind === 'Deployment') this.sim.enqueue(this, objectKey(obj.meta.namespace, owner.name));
    }
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const d = this.sim.store.get('Deployment', namespace, name);
    if (!d || d.meta.deletionTime !== null) return;
    const sets = this.ownedSets(d);
    const hash = templateHash(d);
    const rsName = `${d.meta.name}-${hash}`;
    let newRS = sets.find((rs) => rs.meta.name === rsName);
    const old = sets.filter((rs) => rs !== newRS).sort((a, b) => a.meta.creationIndex - b.meta.creationIndex);
    const desired = d.spec.replicas;
    const recreate = d.spec.strategy.type === 'Recreate';

    if (recreate) {
      for (const rs of old) if (rs.spec.replicas > 0) this.scale(d, rs, 0);
      const oldPodsLeft = old.some((rs) => this.activePods(rs) > 0 || this.anyPods(rs));
      if (!newRS) newRS = this.createSet(d, rsName, hash, oldPodsLeft ? 0 : desired);
      else if (!oldPodsLeft && newRS.spec.replicas !== desired) this.scale(d, newRS, desired);
    } else {
      const { maxSurge, maxUnavailable } = rollingParams(d, desired);
      // `sets` holds every owned ReplicaSet, the new one included once it exists.
      const total = () => sets.reduce((n, rs) => n + rs.spec.replicas, 0);
      if (!newRS) {
        const current = total();
        const start =
          old.length === 0 ? desired : Math.max(0, Math.min(desired + maxSurge - current, desired));
        newRS = this.createSet(d, rsName, hash, start);
      } else {
        const replicas = newRS.spec.replicas;
        if (old.every((rs) => rs.spec.replicas === 0)) {
          if (replicas !== desired) this.scale(d, newRS, desired);
        } else if (replicas > desired) {
          this.scale(d, newRS, desired);
        } else if (replicas < desired) {
          const room = desired + maxSurge - total();
          if (room > 0) this.scale(d, newRS, replicas + Math.min(room, desired - replicas));
        }
      }
      this.scaleDownOld(d, newRS, old, desired, maxUnavailable);
    }
    this.updateStatus(d, newRS, old);
  }

  private ownedSets(d: DeploymentObject): ReplicaSetObject[] {
    // ADOPT: ReplicaSets nobody controls whose labels the Deployment's selector matches become
    // its own (an orphaned set of the same template is its new set again; others are old sets).
    for (const rs of this.sim.store.list('ReplicaSet')) {
      if (rs.meta.namespace !== d.meta.namespace || rs.meta.deletionTime !== null) continue;
      if (rs.meta.ownerReferences.some((r) => r.controller)) continue;
      if (!selectorMatches(d.spec.selector, rs.meta.labels)) continue;
      this.sim.store.setOwners(rs, [...rs.meta.ownerReferences, this.sim.ownerRef(d)]);
    }
    const sets: ReplicaSetObject[] = [];
    for (const dep of this.sim.store.dependentsOf(d.meta.uid)) if (dep.kind === 'ReplicaSet') sets.push(dep);
    return sets;
  }

  private activePods(rs: ReplicaSetObject): number {
    let n = 0;
    for (const dep of this.sim.store.dependentsOf(rs.meta.uid))
      if (dep.kind === 'Pod' && isPodActive(dep)) n++;
    return n;
  }

  private anyPods(rs: ReplicaSetObject): boolean {
    for (const dep of this.sim.store.dependentsOf(rs.meta.uid)) if (dep.kind === 'Pod') return true;
    return false;
  }

  private createSet(d: DeploymentObject, name: string, hash: string, replicas: number): ReplicaSetObject {
    const sim = this.sim;
    const template = structuredClone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}) };
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [TEMPLATE_HASH_LABEL]: hash };
    const selector = structuredClone(d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [TEMPLATE_HASH_LABEL]: hash };
    const rs: ReplicaSetObject = {
      kind: 'ReplicaSet',
      meta: sim.newMeta(name, d.meta.namespace, {
        labels: { ...template.metadata.labels },
        ownerReferences: [sim.ownerRef(d)],
      }),
      spec: { replicas, selector, template, minReadySeconds: d.spec.minReadySeconds },
      state: { observedGeneration: 0, replicas: 0, readyReplicas: 0, availableReplicas: 0 },
    };
    sim.store.add(rs);
    if (replicas > 0) {
      sim.event(
        'Normal',
        'ScalingReplicaSet',
        d,
        SOURCE,
        `Scaled up replica set ${name} from 0 to ${replicas}`,
        rs,
      );
    }
    return rs;
  }

  private scale(d: DeploymentObject, rs: ReplicaSetObject, to: number): void {
    const from = rs.spec.replicas;
    if (from === to) return;
    rs.spec.replicas = to;
    rs.meta.generation++; // a spec change, through the API server (PrepareForUpdate)
    const verb = to > from ? 'up' : 'down';
    this.sim.event(
      'Normal',
      'ScalingReplicaSet',
      d,
      SOURCE,
      `Scaled ${verb} replica set ${rs.meta.name} from ${from} to ${to}`,
      rs,
    );
    this.sim.store.changed(rs);
  }

  /** reconcileOldReplicaSets: unhealthy old pods first, then down to the availability floor. */
  private scaleDownOld(
    d: DeploymentObject,
    newRS: ReplicaSetObject,
    old: ReplicaSetObject[],
    desired: number,
    maxUnavailable: number,
  ): void {
    const oldCount = old.reduce((n, rs) => n + rs.spec.replicas, 0);
    if (oldCount === 0) return;
    const all = oldCount + newRS.spec.replicas;
    const minAvailable = desired - maxUnavailable;
    const newUnavailable = newRS.spec.replicas - newRS.state.availableReplicas;
    let budget = all - minAvailable - newUnavailable;
    if (budget <= 0) return;
    for (const rs of old) {
      if (budget <= 0) break;
      const replicas = rs.spec.replicas;
      const unhealthy = Math.max(0, replicas - rs.state.availableReplicas);
      const down = Math.min(budget, unhealthy);
      if (down > 0) {
        this.scale(d, rs, replicas - down);
        budget -= down;
      }
    }
    const available = [...old, newRS].reduce(
      (n, rs) => n + Math.min(rs.state.availableReplicas, rs.spec.replicas),
      0,
    );
    if (available <= minAvailable) return;
    let toScaleDown = available - minAvailable;
    for (const rs of old) {
      if (toScaleDown <= 0) break;
      const replicas = rs.spec.replicas;
      const down = Math.min(replicas, toScaleDown);
      if (down > 0) {
        this.scale(d, rs, replicas - down);
        toScaleDown -= down;
      }
    }
  }

  private updateStatus(d: DeploymentObject, newRS: ReplicaSetObject, old: ReplicaSetObject[]): void {
    const sets = [newRS, ...old];
    d.state = {
      newReplicaSet: newRS.meta.name,
      observedGeneration: d.meta.generation,
      replicas: sets.reduce((n, rs) => n + rs.state.replicas, 0),
      updatedReplicas: newRS.state.replicas,
      readyReplicas: sets.reduce((n, rs) => n + rs.state.readyReplicas, 0),
      availableReplicas: sets.reduce((n, rs) => n + rs.state.availableReplicas, 0),
    };
  }
}

/** pod-template-hash: FNV-32a of the template, digits mapped to the `4-9bcdf` alphabet. */
export function templateHash(d: DeploymentObject): string {
  return safeEncodeDigits(fnv32a(stableJson(d.spec.template)));
}

/** maxSurge rounds up, maxUnavailable rounds down; both 0 is made maxUnavailable 1. A
 * RollingUpdate Deployment always has both after defaulting (25 % each, ADM-DEFAULTS-APPS). */
export function rollingParams(
  d: DeploymentObject,
  desired: number,
): { maxSurge: number; maxUnavailable: number } {
  const ru = d.spec.strategy.rollingUpdate;
  const maxSurge = ru ? resolve(ru.maxSurge, desired, true) : 0;
  let maxUnavailable = ru ? resolve(ru.maxUnavailable, desired, false) : 0;
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

function resolve(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number.parseInt(v, 10) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}
