// NodeAffinity (plugins/nodeaffinity): `nodeSelector` and required node affinity filter
// (NA-FILTER); preferred terms score by the sum of the weights of the terms a node matches,
// scaled by the largest (NA-FILTER, score part). A required affinity made only of
// `matchFields metadata.name In [...]` terms narrows the nodes at PreFilter, as upstream does.
import type { NodeSelector } from 'kubernetes-types/core/v1';
import { defaultNormalizeScore, unresolvable, type Plugin, type PluginCycle } from '../framework';
import { nodeSelectorMatches, requiredNodeAffinityMatches } from '../../selector';

function namedNodes(required: NodeSelector | undefined): Set<string> | undefined {
  if (!required || required.nodeSelectorTerms.length === 0) return undefined;
  const names = new Set<string>();
  for (const term of required.nodeSelectorTerms) {
    // Requirements of a term are ANDed: the names all its metadata.name In lists share.
    let termNames: Set<string> | undefined;
    for (const f of term.matchFields ?? []) {
      if (f.key !== 'metadata.name' || f.operator !== 'In') continue;
      const values = new Set(f.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => values.has(n))) : values;
    }
    // A term without one leaves every node eligible, terms being ORed.
    if (!termNames) return undefined;
    for (const n of termNames) names.add(n);
  }
  return names;
}

export const nodeAffinity: Plugin = {
  name: 'NodeAffinity',
  weight: 2,
  preFilter: (pod) => {
    const selector = Object.entries(pod.spec.nodeSelector ?? {});
    const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (selector.length === 0 && !required && preferred.length === 0) return null;
    const cycle: PluginCycle = {};
    if (selector.length > 0 || required) {
      cycle.nodeNames = namedNodes(required);
      cycle.filter = (node) =>
        requiredNodeAffinityMatches(pod.spec, node.node.meta.labels, node.name)
          ? null
          : unresolvable("node(s) didn't match Pod's node affinity/selector");
    }
    if (preferred.length > 0) {
      cycle.score = (node) => {
        let sum = 0;
        for (const term of preferred) {
          const sel = { nodeSelectorTerms: [term.preference] };
          if (term.weight !== 0 && nodeSelectorMatches(sel, node.node.meta.labels, node.name))
            sum += term.weight;
        }
        return sum;
      };
      cycle.normalize = (scores) => defaultNormalizeScore(scores, false);
    }
    return cycle;
  },
};
