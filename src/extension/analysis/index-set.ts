// Lookups over the set, built on first use (a rules pass over thousands of objects stays linear):
// Services and claims by name, selected labels, canary primaries and StorageClasses.
import type { ClusterConfig } from '../../engine/types';
import { ingressPaths, isCanary, type IngressPath } from './ingress';
import { podSpecOf, strMap, type Obj, type ObjRef } from './objects';
import { storageClassesOf, type ClassInfo } from './storage';

export class SetIndex {
  private services?: Map<string, ObjRef>;
  private claims?: Map<string, ObjRef>;
  private labelled?: Map<string, Array<Record<string, string>>>;
  private primaries?: Map<string, IngressPath>;
  private storage?: Map<string, ClassInfo>;

  constructor(
    readonly objects: readonly ObjRef[],
    readonly cluster: ClusterConfig,
  ) {}

  private byName(kind: string): Map<string, ObjRef> {
    const out = new Map<string, ObjRef>();
    for (const o of this.objects) {
      const key = `${o.namespace}/${o.name}`;
      if (o.kind === kind && !out.has(key)) out.set(key, o);
    }
    return out;
  }

  service(namespace: string, name: string): ObjRef | undefined {
    this.services ??= this.byName('Service');
    return this.services.get(`${namespace}/${name}`);
  }

  claim(namespace: string, name: string): ObjRef | undefined {
    this.claims ??= this.byName('PersistentVolumeClaim');
    return this.claims.get(`${namespace}/${name}`);
  }

  /** Whether a Service selector selects a Pod or Pod template of `namespace`. */
  selectsAny(namespace: string, selector: Obj): boolean {
    const pairs = Object.entries(strMap(selector));
    if (pairs.length === 0) return false;
    if (!this.labelled) {
      this.labelled = new Map();
      for (const o of this.objects) {
        const pod = podSpecOf(o);
        if (!pod) continue;
        for (const [k, v] of Object.entries(pod.labels)) {
          const key = `${o.namespace}/${k}=${v}`;
          const list = this.labelled.get(key) ?? [];
          list.push(pod.labels);
          this.labelled.set(key, list);
        }
      }
    }
    const [k, v] = pairs[0];
    return (this.labelled.get(`${namespace}/${k}=${v}`) ?? []).some((labels) =>
      pairs.every(([key, value]) => labels[key] === value),
    );
  }

  /** The first non-canary path with this host, path and pathType (set order). */
  primary(p: IngressPath): IngressPath | undefined {
    if (!this.primaries) {
      this.primaries = new Map();
      for (const o of this.objects) {
        if (o.kind !== 'Ingress' || isCanary(o)) continue;
        for (const q of ingressPaths(o)) {
          const key = `${q.host}\u0000${q.path}\u0000${q.pathType}`;
          if (!this.primaries.has(key)) this.primaries.set(key, q);
        }
      }
    }
    return this.primaries.get(`${p.host}\u0000${p.path}\u0000${p.pathType}`);
  }

  classes(): Map<string, ClassInfo> {
    this.storage ??= storageClassesOf(this.objects, this.cluster);
    return this.storage;
  }
}
