// Rule `multi-attach`: replicas of a ReplicaSet or Deployment sharing one ReadWriteOnce claim across
// nodes (from the simulation's events when it covers the file, else from the manifests).
import type { RawDoc } from '../../../engine/manifest';
import type { SetIndex } from '../index-set';
import { arr, obj, podSpecOf, str, type ObjRef } from '../objects';
import { fieldRange } from '../ranges';
import { multiAttachEvents, sharedClaimRisks } from '../shared-claims';
import type { RuleInput, Translate } from '../types';
import type { Report, Rule } from './rule';

/** RS-SHAREDPVC + AM-RWO-ATTACH: replicas sharing one ReadWriteOnce claim across nodes. */
export const multiAttachRule: Rule = {
  id: 'multi-attach',
  severity: 'warning',
  kinds: ['ReplicaSet', 'Deployment'],
  object: (o, doc, input, t) => multiAttach(o, doc, input.index, input, t),
};

function multiAttach(o: ObjRef, doc: RawDoc, set: SetIndex, input: RuleInput, t: Translate): Report[] {
  const pod = podSpecOf(o);
  if (!pod) return [];
  const volumes = arr(pod.spec.volumes);
  const out: Report[] = [];
  const run = input.run;
  if (run) {
    const messages = multiAttachEvents(o, run);
    if (messages.length === 0) return [];
    volumes.forEach((v, i) => {
      const claimName = str(obj(obj(v).persistentVolumeClaim).claimName);
      if (!claimName) return;
      const volume = run.state.pvcs.find((c) => c.namespace === o.namespace && c.name === claimName)?.volume;
      const mine = volume ? messages.filter((m) => m.includes(`"${volume}"`)) : messages;
      if (mine.length === 0) return;
      out.push({
        range: fieldRange(
          doc,
          [...pod.path, 'volumes', i, 'persistentVolumeClaim', 'claimName'],
          input.lineText,
        ),
        message: t(
          'In the simulation: {0} — replicas on other nodes fail with a Multi-Attach error. Pin the Pods to one node with nodeSelector.',
          mine[0],
        ),
      });
    });
    return out;
  }
  for (const risk of sharedClaimRisks(o, set)) {
    out.push({
      range: fieldRange(
        doc,
        [...pod.path, 'volumes', risk.volume, 'persistentVolumeClaim', 'claimName'],
        input.lineText,
      ),
      message: t(
        '{0} replicas share the ReadWriteOnce claim {1} and may run on {2} nodes: replicas on other nodes will fail with a Multi-Attach error. Pin them to one node with nodeSelector.',
        risk.replicas,
        risk.claim,
        risk.nodes,
      ),
    });
  }
  return out;
}
