// The object store (the simulated API server's storage) with the indexes controllers need so
// that no reaction scans every pod: by owner, by node, by claim. Objects are mutated in place
// by controllers, which then call `changed` so watchers see the update.
import type { ClaimObject, Kind, KObject, ObjectOfKind, PodObject } from './types';

export type ChangeType = 'added' | 'modified' | 'deleted';

export interface Change {
  type: ChangeType;
  obj: KObject;
}

export type Watcher = (change: Change) => void;

export function objectKey(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

export function claimNamesOf(pod: PodObject): string[] {
  const names: string[] = [];
  for (const v of pod.spec.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) names.push(v.persistentVolumeClaim.claimName);
  }
  return names;
}

export class Store {
  private readonly byKind = new Map<Kind, Map<string, KObject>>();
  private readonly byUid = new Map<string, KObject>();
  private readonly dependents = new Map<string, Set<KObject>>();
  private readonly podsOnNode = new Map<string, Set<PodObject>>();
  private readonly podsByClaim = new Map<string, Set<PodObject>>();
  private readonly watchers: Watcher[] = [];

  /** Calls `w` on every change from now on; the returned function stops it. */
  watch(w: Watcher): () => void {
    this.watchers.push(w);
    return () => {
      const i = this.watchers.indexOf(w);
      if (i >= 0) this.watchers.splice(i, 1);
    };
  }

  get<K extends Kind>(kind: K, namespace: string, name: string): ObjectOfKind<K> | undefined {
    return this.byKind.get(kind)?.get(objectKey(namespace, name)) as ObjectOfKind<K> | undefined;
  }

  byUID(uid: string): KObject | undefined {
    return this.byUid.get(uid);
  }

  /** Objects of a kind in creation order. */
  list<K extends Kind>(kind: K): IterableIterator<ObjectOfKind<K>> {
    const m = this.byKind.get(kind) ?? new Map<string, KObject>();
    return m.values() as IterableIterator<ObjectOfKind<K>>;
  }

  count(kind: Kind): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  /** Objects whose ownerReferences name this uid. */
  dependentsOf(uid: string): ReadonlySet<KObject> {
    return this.dependents.get(uid) ?? EMPTY;
  }

  podsOn(node: string): ReadonlySet<PodObject> {
    return this.podsOnNode.get(node) ?? EMPTY_PODS;
  }

  podsUsingClaim(namespace: string, claim: string): ReadonlySet<PodObject> {
    return this.podsByClaim.get(objectKey(namespace, claim)) ?? EMPTY_PODS;
  }

  add(obj: KObject): void {
    let m = this.byKind.get(obj.kind);
    if (!m) this.byKind.set(obj.kind, (m = new Map()));
    const key = objectKey(obj.meta.namespace, obj.meta.name);
    if (m.has(key)) throw new Error(`${obj.kind} ${key} already exists`);
    m.set(key, obj);
    this.byUid.set(obj.meta.uid, obj);
    for (const ref of obj.meta.ownerReferences) this.addDependent(ref.uid, obj);
    if (obj.kind === 'Pod') {
      if (obj.state.nodeName) setAdd(this.podsOnNode, obj.state.nodeName, obj);
      for (const c of claimNamesOf(obj)) setAdd(this.podsByClaim, objectKey(obj.meta.namespace, c), obj);
    }
    this.notify({ type: 'added', obj });
  }

  /** Announce an in-place modification. */
  changed(obj: KObject): void {
    this.notify({ type: 'modified', obj });
  }

  remove(obj: KObject): void {
    const m = this.byKind.get(obj.kind);
    const key = objectKey(obj.meta.namespace, obj.meta.name);
    if (!m || m.get(key) !== obj) return;
    m.delete(key);
    this.byUid.delete(obj.meta.uid);
    for (const ref of obj.meta.ownerReferences) this.dependents.get(ref.uid)?.delete(obj);
    if (obj.kind === 'Pod') {
      if (obj.state.nodeName) this.podsOnNode.get(obj.state.nodeName)?.delete(obj);
      for (const c of claimNamesOf(obj)) this.podsByClaim.get(objectKey(obj.meta.namespace, c))?.delete(obj);
    }
    this.notify({ type: 'deleted', obj });
  }

  bindPod(pod: PodObject, node: string): void {
    if (pod.state.nodeName) this.podsOnNode.get(pod.state.nodeName)?.delete(pod);
    pod.state.nodeName = node;
    setAdd(this.podsOnNode, node, pod);
    this.changed(pod);
  }

  setOwners(obj: KObject, owners: KObject['meta']['ownerReferences']): void {
    for (const ref of obj.meta.ownerReferences) this.dependents.get(ref.uid)?.delete(obj);
    obj.meta.ownerReferences = owners;
    for (const ref of owners) this.addDependent(ref.uid, obj);
    this.changed(obj);
  }

  claim(namespace: string, name: string): ClaimObject | undefined {
    return this.get('PersistentVolumeClaim', namespace, name);
  }

  private addDependent(ownerUid: string, obj: KObject): void {
    let s = this.dependents.get(ownerUid);
    if (!s) this.dependents.set(ownerUid, (s = new Set()));
    s.add(obj);
  }

  private notify(change: Change): void {
    for (const w of this.watchers) w(change);
  }
}

const EMPTY: ReadonlySet<KObject> = new Set();
const EMPTY_PODS: ReadonlySet<PodObject> = new Set();

function setAdd<T>(m: Map<string, Set<T>>, key: string, v: T): void {
  let s = m.get(key);
  if (!s) m.set(key, (s = new Set()));
  s.add(v);
}
