// What a ReplicaSet's or Deployment's replicas make here: Pod names, a shared claim and its
// Multi-Attach risk (or failures, from a run).
import { SetIndex } from '../index-set';
import { code, escapeMarkdown } from '../markdown';
import { arr, num, obj, podSpecOf, str } from '../objects';
import { multiAttachEvents, sharedClaimRisks } from '../shared-claims';
import type { Subject } from './subject';

export function replicaSetHere(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const s = h.self;
  const replicas = num(obj(s.body.spec).replicas) ?? 1;
  e.dynamic = true;
  const pattern = s.kind === 'Deployment' ? `${s.name}-<hash>-xxxxx` : `${s.name}-xxxxx`;
  e.here.push(
    t('{0} Pods named {1} (5 random characters), created together, in no order.', replicas, code(pattern)),
  );
  const pod = podSpecOf(s);
  const claims = arr(pod?.spec.volumes)
    .map((v) => str(obj(obj(v).persistentVolumeClaim).claimName))
    .filter((n): n is string => !!n);
  for (const claim of claims)
    e.here.push(t('All of them mount the same claim {0} (no claim per Pod).', code(claim)));
  const run = h.ctx.run;
  if (run) {
    const failures = multiAttachEvents(s, {
      events: run.events,
      objects: run.objects,
      rejected: [],
      state: run.state,
    });
    if (failures.length > 0) e.warnings.push(t('In the simulation: {0}', escapeMarkdown(failures[0])));
  } else {
    for (const risk of sharedClaimRisks(s, new SetIndex(h.ctx.set, h.ctx.cluster)))
      e.warnings.push(
        t(
          '{0} replicas share the ReadWriteOnce claim {1} and may run on {2} nodes: replicas on other nodes will fail with a Multi-Attach error. Pin them to one node with nodeSelector.',
          risk.replicas,
          code(risk.claim),
          risk.nodes,
        ),
      );
  }
  e.here.push(...h.podLines(h.podsOwned()));
}
