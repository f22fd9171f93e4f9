// TaintToleration (plugins/tainttoleration): filter on the first untolerated NoSchedule /
// NoExecute taint (TAINT-FILTER); score by the PreferNoSchedule taints the pod does not tolerate,
// fewer is better (TAINT-SCORE). Score weight 3 in the default profile.
import { defaultNormalizeScore, unresolvable, type Plugin } from '../framework';
import { firstUntoleratedTaint, taintText, toleratesTaint } from '../taints';

export const taintToleration: Plugin = {
  name: 'TaintToleration',
  weight: 3,
  preFilter: (pod) => {
    const tolerations = pod.spec.tolerations ?? [];
    // Only tolerations that could tolerate a PreferNoSchedule taint take part in scoring.
    const soft = tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    return {
      filter: (node) => {
        const taint = firstUntoleratedTaint(node.node.taints, tolerations);
        return taint ? unresolvable(`node(s) had untolerated taint ${taintText(taint)}`) : null;
      },
      score: (node) =>
        node.node.taints.filter(
          (taint) => taint.effect === 'PreferNoSchedule' && !soft.some((t) => toleratesTaint(t, taint)),
        ).length,
      normalize: (scores) => defaultNormalizeScore(scores, true),
    };
  },
};
