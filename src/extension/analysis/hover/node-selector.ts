// Hover topic nodeSelector: the nodes the Pods can be scheduled on and where they ran.
import { code, list } from '../markdown';
import { clusterNodes, nodesFor } from '../nodes';
import { arr, obj, podSpecOf, str } from '../objects';
import { rwoNote } from './storage-class';
import type { Subject } from './subject';

export function nodeSelector(h: Subject): void {
  const t = h.t;
  const e = h.e;
  e.what = t('The Pods are scheduled only on nodes that have all of these labels.');
  const pod = podSpecOf(h.self);
  if (!pod) return;
  e.dynamic = true;
  const nodes = nodesFor(pod.spec, h.ctx.cluster);
  const all = clusterNodes(h.ctx.cluster);
  if (nodes.length > 0)
    e.here.push(
      t('Matching nodes: {0} (of {1}).', list(nodes.map((n) => n.name)), list(all.map((n) => n.name))),
    );
  else
    e.warnings.push(
      t(
        'No node of the simulated cluster matches: the Pods stay Pending (FailedScheduling: 0/{0} nodes are available).',
        all.length,
      ),
    );
  const placed = h.podsOwned().filter((p) => p.node);
  if (placed.length > 0)
    e.here.push(
      t('In the simulation: {0}', placed.map((p) => `${code(p.name)} → ${code(p.node ?? '')}`).join(', ')),
    );
  if (h.self.kind === 'ReplicaSet' || h.self.kind === 'Deployment') {
    const hasClaim = arr(pod.spec.volumes).some((v) => str(obj(obj(v).persistentVolumeClaim).claimName));
    if (hasClaim) rwoNote(h);
  }
}
