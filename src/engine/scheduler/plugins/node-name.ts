// NodeName (plugins/nodename): a pod that names its node fits only there (MISC-FILTERS).
import { unresolvable, type Plugin } from '../framework';

export const nodeName: Plugin = {
  name: 'NodeName',
  weight: 0,
  preFilter: (pod) => {
    const wanted = pod.spec.nodeName;
    if (!wanted) return null;
    return {
      filter: (node) =>
        node.name === wanted ? null : unresolvable("node(s) didn't match the requested node name"),
    };
  },
};
