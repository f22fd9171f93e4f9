// disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's status.
// Invariants (PDB-CALC, PDB-DISRUPTED):
// - the budget covers the pods of its namespace its selector matches; healthy = Ready, not
//   terminating, and not in status.disruptedPods;
// - minAvailable as an integer counts the matching pods as expected; a percentage, or
//   maxUnavailable, counts the replicas of the pods' controllers (each once), rounding up;
//   disruptionsAllowed = max(0, currentHealthy − desiredHealthy), 0 when nothing is expected;
// - an eviction's entry in disruptedPods is dropped when the pod is gone or after 2 minutes;
// - events as the controller records them: NoPods, UnmanagedPods.
import type { PodDisruptionBudgetSpec } from 'kubernetes-types/policy/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { labelSelectorFrom, selectorMatches } from '../selector';
import { objectKey, type Change } from '../store';
import type { Controller, Sim } from '../sim';
import type { DisruptionBudgetObject, KObject, PodObject } from '../types';
import { selectorText } from '../validation/selector';
import { splitKey } from './kubelet';

const SOURCE = 'controllermanager';
/** DeletionTimeout: a disruptedPods entry older than this is dropped. */
export const DISRUPTED_ENTRY_TIMEOUT = 120;

/** The budget's selector; null when it is empty (callers differ on what an empty one means). */
export function budgetSelector(pdb: DisruptionBudgetObject): LabelSelector | null {
  const sel = labelSelectorFrom(pdb.spec.selector ?? {});
  const empty = Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
  return empty ? null : sel;
}

export function budgetSelects(pdb: DisruptionBudgetObject, pod: PodObject): boolean {
  if (pod.meta.namespace !== pdb.meta.namespace) return false;
  // policy/v1: an empty selector selects every pod of the namespace.
  const sel = budgetSelector(pdb);
  return sel === null || selectorMatches(sel, pod.meta.labels);
}

/** GetScaledValueFromIntOrPercent(…, roundUp true). */
function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number.parseInt(v, 10) || 0;
}

export class DisruptionController implements Controller {
  readonly name = 'disruption-controller';
  readonly watches = ['PodDisruptionBudget', 'Pod', 'ReplicaSet', 'Deployment', 'StatefulSet'] as const;
  /** Budgets already told they match no pod / unmanaged pods (until that changes). */
  private readonly toldNoPods = new Set<string>();
  private readonly toldUnmanaged = new Set<string>();

  constructor(private readonly sim: Sim) {}

  onChange({ obj }: Change): void {
    if (obj.kind === 'PodDisruptionBudget') {
      this.sim.enqueue(this, objectKey(obj.meta.namespace, obj.meta.name));
      return;
    }
    for (const pdb of this.sim.store.list('PodDisruptionBudget')) {
      if (pdb.meta.namespace !== obj.meta.namespace) continue;
      if (obj.kind === 'Pod' && !budgetSelects(pdb, obj)) continue;
      this.sim.enqueue(this, objectKey(pdb.meta.namespace, pdb.meta.name));
    }
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const pdb = this.sim.store.get('PodDisruptionBudget', namespace, name);
    if (!pdb || pdb.meta.deletionTime !== null) return;
    const sim = this.sim;
    const pods = [...sim.store.list('Pod')].filter((p) => budgetSelects(pdb, p));
    const disrupted = this.trimDisrupted(pdb, pods);
    if (pods.length === 0) {
      if (!this.toldNoPods.has(key)) sim.event('Normal', 'NoPods', pdb, SOURCE, 'No matching pods found');
      this.toldNoPods.add(key);
    } else this.toldNoPods.delete(key);
    const { expected, desired } = this.expectation(pdb, pods, key);
    const healthy = pods.filter(
      (p) => p.meta.deletionTime === null && p.state.ready && !disrupted.has(p.meta.name),
    ).length;
    const allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
    const s = pdb.state;
    if (
      s.expectedPods === expected &&
      s.desiredHealthy === desired &&
      s.currentHealthy === healthy &&
      s.disruptionsAllowed === allowed &&
      s.observedGeneration === pdb.meta.generation
    ) {
      return;
    }
    Object.assign(s, {
      expectedPods: expected,
      desiredHealthy: desired,
      currentHealthy: healthy,
      disruptionsAllowed: allowed,
      observedGeneration: pdb.meta.generation,
    });
    sim.store.changed(pdb);
  }

  /** getExpectedPodCount: expected pods and desired healthy. */
  private expectation(
    pdb: DisruptionBudgetObject,
    pods: PodObject[],
    key: string,
  ): { expected: number; desired: number } {
    const spec: PodDisruptionBudgetSpec = pdb.spec;
    if (spec.minAvailable !== undefined && typeof spec.minAvailable === 'number') {
      return { expected: pods.length, desired: spec.minAvailable };
    }
    // From the controllers' scale: each controller once; bare pods are left out and reported.
    const counted = new Set<string>();
    let expected = 0;
    let unmanaged = false;
    for (const pod of pods) {
      const scale = this.scaleOwner(pod);
      if (!scale) {
        unmanaged = true;
        continue;
      }
      if (counted.has(scale.meta.uid)) continue;
      counted.add(scale.meta.uid);
      expected += 'spec' in scale && 'replicas' in scale.spec ? (scale.spec.replicas as number) : 0;
    }
    if (unmanaged && !this.toldUnmanaged.has(key)) {
      this.toldUnmanaged.add(key);
      this.sim.event(
        'Warning',
        'UnmanagedPods',
        pdb,
        SOURCE,
        `Pods selected by this PodDisruptionBudget (selector: ${selectorText((pdb.spec.selector ?? {}) as Record<string, unknown>)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    if (spec.maxUnavailable !== undefined) {
      return { expected, desired: Math.max(0, expected - scaled(spec.maxUnavailable, expected)) };
    }
    return { expected, desired: scaled(spec.minAvailable ?? 1, expected) };
  }

  /** The object with a scale subresource that owns the pod: a Deployment through its
   * ReplicaSet, a ReplicaSet, a StatefulSet. */
  private scaleOwner(pod: PodObject): KObject | undefined {
    const ref = pod.meta.ownerReferences.find((r) => r.controller);
    const owner = ref ? this.sim.store.byUID(ref.uid) : undefined;
    if (!owner) return undefined;
    if (owner.kind === 'ReplicaSet') {
      const up = owner.meta.ownerReferences.find((r) => r.controller && r.kind === 'Deployment');
      const d = up ? this.sim.store.byUID(up.uid) : undefined;
      return d ?? owner;
    }
    return owner.kind === 'StatefulSet' ? owner : undefined;
  }

  /** PDB-DISRUPTED: entries of pods that are gone, or older than the timeout, are dropped. */
  private trimDisrupted(pdb: DisruptionBudgetObject, pods: PodObject[]): Map<string, number> {
    const map = pdb.state.disruptedPods;
    const live = new Set(pods.filter((p) => p.meta.deletionTime === null).map((p) => p.meta.name));
    for (const [pod, at] of [...map]) {
      if (!live.has(pod) || this.sim.now - at >= DISRUPTED_ENTRY_TIMEOUT) map.delete(pod);
      else {
        const key = objectKey(pdb.meta.namespace, pdb.meta.name);
        this.sim.after(at + DISRUPTED_ENTRY_TIMEOUT - this.sim.now, () => this.sim.enqueue(this, key));
      }
    }
    return map;
  }
}
