// Plain access to manifest data (unknown JSON from YAML): objects, lists, strings, numbers, label
// maps; the objects of a set (kind, name, namespace), the pod spec of a workload and label matching.
import { isWorkloadKind } from '../../engine/kinds';
import type { RawDoc } from '../../engine/manifest';
import { labelSelectorFrom, selectorMatches } from '../../engine/selector';

export type Obj = { [key: string]: unknown };

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
  }
  return out;
}

/** A Kubernetes object of the set: its kind, name, namespace, body and (when known) document. */
export interface ObjRef {
  kind: string;
  name: string;
  namespace: string;
  body: Obj;
  doc: RawDoc | null;
}

const CLUSTER_SCOPED = new Set([
  'PersistentVolume',
  'StorageClass',
  'IngressClass',
  'Namespace',
  'Node',
  'PriorityClass',
]);

export function objectRef(body: unknown, doc: RawDoc | null = null): ObjRef | null {
  if (!isObj(body)) return null;
  const kind = str(body.kind);
  if (!kind) return null;
  const metadata = obj(body.metadata);
  const namespace = CLUSTER_SCOPED.has(kind) ? '' : str(metadata.namespace) || 'default';
  return { kind, name: str(metadata.name) ?? '', namespace, body, doc };
}

export function objectsIn(docs: readonly RawDoc[]): ObjRef[] {
  const out: ObjRef[] = [];
  for (const d of docs) {
    const o = objectRef(d.body, d);
    if (o) out.push(o);
  }
  return out;
}

/** The pod spec of a Pod or of a workload's template, and where it is written. */
export function podSpecOf(o: ObjRef): { spec: Obj; labels: Record<string, string>; path: string[] } | null {
  if (o.kind === 'Pod')
    return { spec: obj(o.body.spec), labels: strMap(obj(o.body.metadata).labels), path: ['spec'] };
  if (!isWorkloadKind(o.kind)) return null;
  const template = obj(obj(o.body.spec).template);
  return {
    spec: obj(template.spec),
    labels: strMap(obj(template.metadata).labels),
    path: ['spec', 'template', 'spec'],
  };
}

/** matchLabels and matchExpressions (a LabelSelector) or a plain map (a Service selector), matched
 * by the engine's one selector implementation (an unknown operator matches nothing). */
export function labelsMatch(selector: Obj, labels: Record<string, string>, plain: boolean): boolean {
  // Label values written as numbers or booleans count as their text, as the diagnostics show them.
  const written = plain
    ? { matchLabels: strMap(selector) }
    : { ...selector, matchLabels: strMap(selector.matchLabels) };
  return selectorMatches(labelSelectorFrom(written), labels);
}

/** `a=b, c=d` */
export function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

export function has(o: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}
