// NodeResourcesFit (plugins/noderesources/fit.go, least_allocated.go): the node must hold one
// more pod and the pod's requests beside those of the pods already there (FIT-FILTER, every
// insufficient resource reported); LeastAllocated scoring over cpu and memory with the non-zero
// requests (FIT-SCORE). Allocatable and requests, never usage or limits. Score weight 1.
import { unschedulable, type Plugin } from '../framework';
import { nonZeroRequestsOf, podRequestsOf } from '../resources';
import type { NodeInfo } from '../cache';

/** fit.go checks these first and in this order; other (extended) resources follow. */
const ORDERED = ['cpu', 'memory', 'ephemeral-storage'];

export function insufficientResources(requests: ReadonlyMap<string, number>, node: NodeInfo): string[] {
  const reasons: string[] = [];
  const allocatable = node.node.allocatable;
  if (node.pods.size + 1 > (allocatable.get('pods') ?? 0)) reasons.push('Too many pods');
  const names = [...ORDERED, ...[...requests.keys()].filter((n) => !ORDERED.includes(n)).sort()];
  for (const name of names) {
    const want = requests.get(name) ?? 0;
    if (want <= 0) continue;
    const free = (allocatable.get(name) ?? 0) - (node.requested.get(name) ?? 0);
    if (want > free) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

/** least_allocated.go: per resource `(allocatable − requested) · 100 / allocatable`, averaged. */
export function leastAllocatedScore(pod: { cpu: number; memory: number }, node: NodeInfo): number {
  let sum = 0;
  let weights = 0;
  for (const name of ['cpu', 'memory'] as const) {
    const allocatable = node.node.allocatable.get(name) ?? 0;
    if (allocatable === 0) continue;
    const requested = node.nonZeroRequested[name] + pod[name];
    sum += requested > allocatable ? 0 : Math.trunc(((allocatable - requested) * 100) / allocatable);
    weights += 1;
  }
  return weights === 0 ? 0 : Math.trunc(sum / weights);
}

export const nodeResourcesFit: Plugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  preFilter: (pod) => {
    const requests = podRequestsOf(pod.spec);
    const nonZero = nonZeroRequestsOf(pod.spec);
    return {
      filter: (node) => {
        const reasons = insufficientResources(requests, node);
        return reasons.length > 0 ? unschedulable(...reasons) : null;
      },
      score: (node) => leastAllocatedScore(nonZero, node),
    };
  },
};
