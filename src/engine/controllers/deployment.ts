// deployment-controller: one ReplicaSet per pod template, rolled from old to new.
// Invariants (deployment/sync.go, rolling.go, recreate.go):
// - the ReplicaSet of the current template is `<deployment>-<pod-template-hash>`, and the hash is
//   also a label of the set, its selector and its pods;
// - RollingUpdate never has more than replicas + maxSurge pods (default 25%, rounded up) and never
//   fewer than replicas − maxUnavailable available (default 25%, rounded down);
// - Recreate scales every old ReplicaSet to 0 and creates the new one only once their pods are
//   gone (DEP-RECREATE);
// - a paused Deployment creates no ReplicaSet and moves no replica between sets; a change of
//   spec.replicas alone is spread over the active sets in proportion (DEP-PAUSED,
//   DEP-PROPORTIONAL); old sets beyond revisionHistoryLimit are deleted (DEP-HISTORY);
// - the new set carries the highest `deployment.kubernetes.io/revision`, mirrored on the
//   Deployment (DEP-REVISION);
// - every change of a ReplicaSet's size is a ScalingReplicaSet event on the Deployment.
type IntOrString = number | string;
import { objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import { selectorMatches } from '../selector';
import { deleteObject } from '../api';
import { splitKey } from './kubelet';
import { fnv32a, safeEncodeDigits, stableJson } from '../hash';
import type { DeploymentObject, ReplicaSetObject } from '../types';

const SOURCE = 'deployment-controller';
export const TEMPLATE_HASH_LABEL = 'pod-template-hash';

export class DeploymentController implements Controller {
  readonly name = SOURCE;
  readonly watches = ['Deployment', 'ReplicaSet', 'Pod'] as const;

  constructor(private readonly sim: Sim) {}

  onChange({ type, obj }: Change): void {
    if (obj.kind === 'Deployment') {
      if (type !== 'deleted') this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
    } else if (obj.kind === 'ReplicaSet') {
      const owner = obj.meta.ownerReferences.find((r) => r.controller);
      if (owner?.kind === 'Deployment') this.sim.enqueue(this, objectKey(obj.meta.namespace, owner.name));
    } else if (obj.kind === 'Pod' && type === 'deleted') {
      // deletePod: a Recreate rollout waits for the last old pod to be gone.
      const rsRef = obj.meta.ownerReferences.find((r) => r.controller && r.kind === 'ReplicaSet');
      const rs = rsRef ? this.sim.store.byUID(rsRef.uid) : undefined;
      const owner = rs?.meta.ownerReferences.find((r) => r.controller && r.kind === 'Deployment');
      const d = owner ? this.sim.store.byUID(owner.uid) : undefined;
      if (d?.kind === 'Deployment' && d.spec.strategy.type === 'Recreate') {
        this.sim.enqueue(this, objectKey(d.meta.namespace, d.meta.name));
      }
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

    // DEP-SYNC-ORDER: a paused Deployment, or a change of spec.replicas alone, only scales what
    // exists (DEP-PAUSED, DEP-PROPORTIONAL); anything else rolls out.
    if (d.spec.paused || this.isScalingEvent(d, newRS, old)) {
      this.scaleExisting(d, newRS, old);
      if (newRS) this.syncRevision(d, newRS, old);
      if (d.spec.paused) this.cleanup(d, old);
      this.updateStatus(d, newRS, old);
      return;
    }
    if (d.spec.strategy.type === 'Recreate') {
      // DEP-RECREATE: old sets to 0, wait for every old pod to be gone, then the new set at full size.
      for (const rs of old) if (rs.spec.replicas > 0) this.scale(d, rs, 0);
      const oldPodsLeft = old.some((rs) => rs.state.replicas > 0 || this.anyPods(rs));
      if (!oldPodsLeft) {
        if (!newRS) newRS = this.createSet(d, rsName, hash, desired);
        else if (newRS.spec.replicas !== desired) this.scale(d, newRS, desired);
      }
    } else {
      const { maxSurge, maxUnavailable } = rollingParams(d, desired);
      // `sets` holds every owned ReplicaSet, the new one included once it exists.
      const total = () => sets.reduce((n, rs) => n + rs.spec.replicas, 0);
      if (!newRS) {
        const current = total();
        const start =
          old.length === 0 ? desired : Math.max(0, Math.min(desired + maxSurge - current, desired));
        newRS = this.createSet(d, rsName, hash, start);
        sets.push(newRS);
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
    if (newRS) this.syncRevision(d, newRS, old);
    if (newRS && this.complete(d, newRS, old)) this.cleanup(d, old);
    this.updateStatus(d, newRS, old);
  }

  /** DEP-REVISION (SetNewReplicaSetAnnotations): the new set's revision is one above every old
   * set's; a re-used older set (an undo) takes that number and keeps its old one in
   * revision-history; the Deployment's own annotation mirrors the new set's. */
  private syncRevision(d: DeploymentObject, newRS: ReplicaSetObject, old: ReplicaSetObject[]): void {
    const highestOld = Math.max(0, ...old.map(revisionOf));
    const own = revisionOf(newRS);
    if (own <= highestOld) {
      const annotations = newRS.meta.annotations;
      if (own > 0) {
        const history = annotations[REVISION_HISTORY];
        annotations[REVISION_HISTORY] = history ? `${history},${own}` : String(own);
      }
      annotations[REVISION_ANNOTATION] = String(highestOld + 1);
      this.sim.store.changed(newRS);
    }
    const revision = newRS.meta.annotations[REVISION_ANNOTATION];
    if (d.meta.annotations[REVISION_ANNOTATION] !== revision) {
      d.meta.annotations[REVISION_ANNOTATION] = revision;
      this.sim.store.changed(d);
    }
  }

  /** An active set was sized for another spec.replicas (its desired-replicas annotation). */
  private isScalingEvent(
    d: DeploymentObject,
    newRS: ReplicaSetObject | undefined,
    old: ReplicaSetObject[],
  ): boolean {
    for (const rs of activeOrLatest(newRS, old)) {
      const desired = rs.meta.annotations[DESIRED_REPLICAS];
      if (desired !== undefined && Number(desired) !== d.spec.replicas) return true;
    }
    return false;
  }

  /** deployment controller `scale()`: one active set takes spec.replicas; with several,
   * a RollingUpdate spreads the difference in proportion to their sizes (DEP-PROPORTIONAL). */
  private scaleExisting(
    d: DeploymentObject,
    newRS: ReplicaSetObject | undefined,
    old: ReplicaSetObject[],
  ): void {
    const desired = d.spec.replicas;
    const active = [newRS, ...old].filter((rs): rs is ReplicaSetObject => !!rs && rs.spec.replicas > 0);
    const all = [newRS, ...old].filter((rs): rs is ReplicaSetObject => !!rs);
    if (active.length <= 1) {
      const target = active[0] ?? newestOf(all);
      if (target) this.scale(d, target, desired);
      return;
    }
    if (newRS && saturated(d, newRS)) {
      for (const rs of old) if (rs.spec.replicas > 0) this.scale(d, rs, 0);
      return;
    }
    if (d.spec.strategy.type !== 'RollingUpdate') return;
    const { maxSurge } = rollingParams(d, desired);
    const allowed = desired > 0 ? desired + maxSurge : 0;
    const toAdd = allowed - active.reduce((n, rs) => n + rs.spec.replicas, 0);
    // Largest first; ties: newer first when adding, older first when removing.
    const sorted = [...active].sort(
      (a, b) =>
        b.spec.replicas - a.spec.replicas ||
        (toAdd > 0
          ? b.meta.creationIndex - a.meta.creationIndex
          : a.meta.creationIndex - b.meta.creationIndex),
    );
    let added = 0;
    const sizes = sorted.map((rs) => {
      if (toAdd === 0) return rs.spec.replicas;
      const proportion = proportionOf(rs, d, allowed, toAdd, added);
      added += proportion;
      return rs.spec.replicas + proportion;
    });
    if (toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
    sorted.forEach((rs, i) => this.scale(d, rs, sizes[i]));
  }

  /** The rollout is over: the new set holds every replica, available, and no old pod is left. */
  private complete(d: DeploymentObject, newRS: ReplicaSetObject, old: ReplicaSetObject[]): boolean {
    return (
      newRS.spec.replicas === d.spec.replicas &&
      newRS.state.availableReplicas >= d.spec.replicas &&
      old.every((rs) => rs.spec.replicas === 0 && rs.state.replicas === 0)
    );
  }

  /** DEP-HISTORY (cleanupDeployment): beyond revisionHistoryLimit, the oldest old sets that are
   * scaled to 0 and hold no pod are deleted; others are skipped, not replaced. */
  private cleanup(d: DeploymentObject, old: ReplicaSetObject[]): void {
    const alive = old.filter((rs) => rs.meta.deletionTime === null);
    const diff = alive.length - d.spec.revisionHistoryLimit;
    for (const rs of alive.slice(0, Math.max(0, diff))) {
      if (
        rs.spec.replicas !== 0 ||
        rs.state.replicas !== 0 ||
        rs.state.observedGeneration !== rs.meta.generation
      )
        continue;
      deleteObject(this.sim, rs);
    }
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
        annotations: replicasAnnotations(d),
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
    // SetReplicasAnnotations: the size the Deployment wanted when it last sized this set.
    const annotations = replicasAnnotations(d);
    const stale = Object.entries(annotations).some(([k, v]) => rs.meta.annotations[k] !== v);
    if (stale) Object.assign(rs.meta.annotations, annotations);
    if (from === to) {
      if (stale) this.sim.store.changed(rs);
      return;
    }
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

  private updateStatus(
    d: DeploymentObject,
    newRS: ReplicaSetObject | undefined,
    old: ReplicaSetObject[],
  ): void {
    const sets = newRS ? [newRS, ...old] : old;
    d.state = {
      newReplicaSet: newRS?.meta.name ?? null,
      observedGeneration: d.meta.generation,
      replicas: sets.reduce((n, rs) => n + rs.state.replicas, 0),
      updatedReplicas: newRS?.state.replicas ?? 0,
      readyReplicas: sets.reduce((n, rs) => n + rs.state.readyReplicas, 0),
      availableReplicas: sets.reduce((n, rs) => n + rs.state.availableReplicas, 0),
    };
  }
}

const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';

/** A ReplicaSet's deployment.kubernetes.io/revision (0 when it has none). */
export function revisionOf(rs: ReplicaSetObject): number {
  return Number(rs.meta.annotations[REVISION_ANNOTATION] ?? 0) || 0;
}
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

function replicasAnnotations(d: DeploymentObject): Record<string, string> {
  const surge = d.spec.strategy.type === 'RollingUpdate' ? rollingParams(d, d.spec.replicas).maxSurge : 0;
  return { [DESIRED_REPLICAS]: String(d.spec.replicas), [MAX_REPLICAS]: String(d.spec.replicas + surge) };
}

/** FindActiveOrLatest: the sets with replicas, or else the newest one. */
function activeOrLatest(newRS: ReplicaSetObject | undefined, old: ReplicaSetObject[]): ReplicaSetObject[] {
  const all = [newRS, ...old].filter((rs): rs is ReplicaSetObject => !!rs);
  const active = all.filter((rs) => rs.spec.replicas > 0);
  if (active.length > 0) return active;
  const newest = newestOf(all);
  return newest ? [newest] : [];
}

function newestOf(sets: ReplicaSetObject[]): ReplicaSetObject | undefined {
  let newest: ReplicaSetObject | undefined;
  for (const rs of sets) if (!newest || rs.meta.creationIndex > newest.meta.creationIndex) newest = rs;
  return newest;
}

/** IsSaturated: the new set was sized for spec.replicas and has them all available. */
function saturated(d: DeploymentObject, rs: ReplicaSetObject): boolean {
  return (
    rs.spec.replicas === d.spec.replicas &&
    rs.meta.annotations[DESIRED_REPLICAS] === String(d.spec.replicas) &&
    rs.state.availableReplicas === d.spec.replicas
  );
}

/** GetProportion / getReplicaSetFraction: this set's share of the replicas to add or remove. */
function proportionOf(
  rs: ReplicaSetObject,
  d: DeploymentObject,
  allowed: number,
  toAdd: number,
  added: number,
): number {
  if (rs.spec.replicas === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (d.spec.replicas === 0) fraction = -rs.spec.replicas;
  else {
    const annotated = Number(rs.meta.annotations[MAX_REPLICAS] ?? d.state.replicas) || d.state.replicas;
    fraction = Math.round((rs.spec.replicas * allowed) / annotated) - rs.spec.replicas;
  }
  const remaining = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, remaining) : Math.max(fraction, remaining);
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
