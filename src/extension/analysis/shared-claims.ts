// Replicas of a ReplicaSet or Deployment sharing one ReadWriteOnce claim across nodes: the risk read
// from the manifests, and the FailedAttachVolume events of a run.
import { SetIndex } from './index-set';
import { nodesFor } from './nodes';
import { arr, num, obj, podSpecOf, str, type ObjRef } from './objects';
import { effectiveClass } from './storage';
import type { RunFacts } from './types';

/**
 * Claims of a ReplicaSet/Deployment template that its replicas share although they may land on
 * several nodes: ReadWriteOnce, of an attachable (not node-local) class, replicas ≥ 2 and no
 * nodeSelector / nodeName / node affinity narrowing them to one node.
 */
export function sharedClaimRisks(
  o: ObjRef,
  set: SetIndex,
): Array<{ volume: number; claim: string; replicas: number; nodes: number }> {
  const pod = podSpecOf(o);
  if (!pod || o.kind === 'Pod') return [];
  const replicas = num(obj(o.body.spec).replicas) ?? 1;
  if (replicas < 2) return [];
  const nodes = nodesFor(pod.spec, set.cluster);
  if (nodes.length < 2) return [];
  const classes = set.classes();
  const out: Array<{ volume: number; claim: string; replicas: number; nodes: number }> = [];
  arr(pod.spec.volumes).forEach((v, volume) => {
    const claimName = str(obj(obj(v).persistentVolumeClaim).claimName);
    if (!claimName) return;
    const claim = set.claim(o.namespace, claimName);
    if (!claim) return;
    const spec = obj(claim.body.spec);
    if (!arr(spec.accessModes).includes('ReadWriteOnce') || str(spec.volumeName)) return;
    const className = effectiveClass(spec, classes);
    const cls = className ? classes.get(className) : undefined;
    if (!cls || cls.nodeLocal) return;
    out.push({ volume, claim: claimName, replicas, nodes: nodes.length });
  });
  return out;
}

/** FailedAttachVolume messages of the Pods of a ReplicaSet or Deployment in a run. */
export function multiAttachEvents(o: ObjRef, run: RunFacts): string[] {
  const owners = new Map<string, string>();
  for (const inc of run.objects) {
    if (inc.kind === 'Pod' && inc.namespace === o.namespace && inc.owner)
      owners.set(inc.name, inc.owner.name);
  }
  const hashed = new RegExp(`^${o.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[4-9bcdf]{1,10}$`);
  const ownedBy = (rs: string | undefined): boolean =>
    rs !== undefined && (o.kind === 'ReplicaSet' ? rs === o.name : hashed.test(rs));
  const out: string[] = [];
  for (const e of run.events) {
    if (e.reason !== 'FailedAttachVolume' || e.object.kind !== 'Pod' || e.object.namespace !== o.namespace)
      continue;
    if (ownedBy(owners.get(e.object.name))) out.push(`${e.object.name}: ${e.message}`);
  }
  return out;
}
