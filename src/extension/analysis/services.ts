// Services of the set: which one a StatefulSet names, whether it is headless, what a selector selects,
// and the DNS names and ordinals of a StatefulSet's Pods.
import { labelsMatch, num, obj, podSpecOf, strMap, type Obj, type ObjRef } from './objects';

export function serviceNamed(set: readonly ObjRef[], namespace: string, name: string): ObjRef | undefined {
  return set.find((o) => o.kind === 'Service' && o.namespace === namespace && o.name === name);
}

export function isHeadless(service: ObjRef): boolean {
  return obj(service.body.spec).clusterIP === 'None';
}

/** The Pods and workloads of `namespace` whose pod labels a Service selector selects. */
export function selectedTemplates(set: readonly ObjRef[], namespace: string, selector: Obj): ObjRef[] {
  if (Object.keys(strMap(selector)).length === 0) return [];
  return set.filter((o) => {
    if (o.namespace !== namespace) return false;
    const pod = podSpecOf(o);
    return pod !== null && labelsMatch(selector, pod.labels, true);
  });
}

/** `<pod>.<service>.<namespace>.svc.cluster.local` */
export function podDnsName(pod: string, service: string, namespace: string): string {
  return `${pod}.${service}.${namespace}.svc.cluster.local`;
}

/** Ordinals of a StatefulSet's pods: spec.ordinals.start … start + replicas − 1. */
export function ordinalsOf(sts: ObjRef): { start: number; replicas: number } {
  const spec = obj(sts.body.spec);
  return { start: num(obj(spec.ordinals).start) ?? 0, replicas: num(spec.replicas) ?? 1 };
}
