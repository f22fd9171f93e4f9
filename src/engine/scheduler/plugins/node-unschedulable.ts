// NodeUnschedulable (plugins/nodeunschedulable): a cordoned node (`spec.unschedulable`) takes
// only pods that tolerate `node.kubernetes.io/unschedulable:NoSchedule` (MISC-FILTERS).
import { unresolvable, type Plugin } from '../framework';
import { tolerated } from '../taints';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export const nodeUnschedulable: Plugin = {
  name: 'NodeUnschedulable',
  weight: 0,
  preFilter: (pod) => ({
    filter: (node) =>
      node.node.unschedulable && !tolerated(pod.spec.tolerations, UNSCHEDULABLE_TAINT)
        ? unresolvable('node(s) were unschedulable')
        : null,
  }),
};
