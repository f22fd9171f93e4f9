// The Eviction API (`POST pods/<name>/eviction`, pkg/registry/core/pod/storage/eviction.go) as
// kubectl drain uses it: a pod is deleted only if its PodDisruptionBudget allows (EVICT-API).
import { deleteObject } from './api';
import { budgetSelects } from './controllers/disruption';
import type { Sim } from './sim';
import type { PodObject } from './types';

export interface EvictionResult {
  /** 201 evicted, 429 refused by a budget, 500 more than one budget. */
  code: 201 | 429 | 500;
  message: string;
  /** The Status' cause (kubectl does not print it). */
  cause?: string;
}

export const BUDGET_VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

export function evictPod(sim: Sim, pod: PodObject): EvictionResult {
  const evicted: EvictionResult = { code: 201, message: 'evicted' };
  // 1. Finished, pending or already terminating: deleted without looking at any budget.
  const phase = pod.state.phase;
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.meta.deletionTime !== null) {
    deleteObject(sim, pod);
    return evicted;
  }
  const budgets = [...sim.store.list('PodDisruptionBudget')].filter((b) => budgetSelects(b, pod));
  if (budgets.length > 1) {
    return {
      code: 500,
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    };
  }
  const pdb = budgets[0];
  if (!pdb) {
    deleteObject(sim, pod);
    return evicted;
  }
  const s = pdb.state;
  // 4. A pod that is not Ready does not spend the budget (IfHealthyBudget: only while it is met).
  if (!pod.state.ready) {
    const policy = pdb.spec.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
    if (policy === 'AlwaysAllow' || (s.currentHealthy >= s.desiredHealthy && s.desiredHealthy > 0)) {
      deleteObject(sim, pod);
      return evicted;
    }
  }
  if (s.observedGeneration < pdb.meta.generation) {
    return {
      code: 429,
      message: BUDGET_VIOLATION,
      cause: `The disruption budget ${pdb.meta.name} is still being processed by the server.`,
    };
  }
  if (s.disruptionsAllowed <= 0) {
    return {
      code: 429,
      message: BUDGET_VIOLATION,
      cause: `The disruption budget ${pdb.meta.name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently`,
    };
  }
  // 7. PDB-DISRUPTED: spend one disruption in the same write, then delete gracefully.
  s.disruptionsAllowed--;
  s.disruptedPods.set(pod.meta.name, sim.now);
  sim.store.changed(pdb);
  deleteObject(sim, pod);
  return evicted;
}
