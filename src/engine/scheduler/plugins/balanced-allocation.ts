// NodeResourcesBalancedAllocation (plugins/noderesources/balanced_allocation.go): prefers nodes
// whose cpu and memory would be used in equal shares, from the actual requests (FIT-BALANCED).
// BestEffort pods (no requests at all) are not scored by it (PR #130260; §8 item 3). Weight 1.
import type { Plugin } from '../framework';
import { podRequestsOf } from '../resources';

export const balancedAllocation: Plugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  preFilter: (pod) => {
    const requests = podRequestsOf(pod.spec);
    const bestEffort = (requests.get('cpu') ?? 0) === 0 && (requests.get('memory') ?? 0) === 0;
    if (bestEffort) return null;
    return {
      score: (node) => {
        const fractions: number[] = [];
        for (const name of ['cpu', 'memory']) {
          const allocatable = node.node.allocatable.get(name) ?? 0;
          if (allocatable === 0) continue;
          const requested = (node.requested.get(name) ?? 0) + (requests.get(name) ?? 0);
          fractions.push(Math.min(1, requested / allocatable));
        }
        if (fractions.length < 2) return 0;
        const std = Math.abs(fractions[0] - fractions[1]) / 2;
        return Math.trunc((1 - std) * 100);
      },
    };
  },
};
