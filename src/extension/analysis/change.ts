// What changed between two versions of the manifests in scope, object by object, as `kubectl diff`
// would show it but summarised per field (no vscode import, so node tests run it). "Simulate This
// Change" starts the cluster from the old version and applies the new one; this is the summary
// shown on that apply step.
import type { RawDoc } from '../../engine/manifest';
import type { FieldChange, ObjectChange } from '../../shared/protocol';
import { objectsIn, type ObjRef } from './objects';

/** Fields listed per object; the rest are counted (`… and 12 more`). */
export const MAX_FIELDS_PER_OBJECT = 12;
/** A value longer than this is shown cut, with an ellipsis. */
const MAX_VALUE_CHARS = 60;

const keyOf = (o: ObjRef) => `${o.kind}\u0000${o.namespace}\u0000${o.name}`;

/** A value as one short line: scalars as written, structures as compact JSON. */
export function showValue(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** Every leaf that differs, with its path (`spec.template.spec.containers[0].image`). */
function diffValues(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (before === after) return;
  const bothObjects =
    before !== null &&
    after !== null &&
    typeof before === 'object' &&
    typeof after === 'object' &&
    Array.isArray(before) === Array.isArray(after);
  if (!bothObjects) {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    out.push({
      path,
      before: before === undefined ? null : showValue(before),
      after: after === undefined ? null : showValue(after),
    });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) diffValues(before[i], after[i], `${path}[${i}]`, out);
    return;
  }
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) diffValues(a[key], b[key], path === '' ? key : `${path}.${key}`, out);
}

/**
 * Object by object, in the order of the new version (then the removed ones in their old order):
 * added, changed with the fields that differ, unchanged, or removed from the files.
 */
export function objectChanges(before: readonly RawDoc[], after: readonly RawDoc[]): ObjectChange[] {
  // Objects with a name only: an unnamed one cannot be matched across versions.
  const named = (docs: readonly RawDoc[]) => objectsIn(docs).filter((o) => o.name !== '');
  const old = new Map<string, ObjRef>();
  for (const o of named(before)) old.set(keyOf(o), o);
  const out: ObjectChange[] = [];
  const seen = new Set<string>();
  for (const o of named(after)) {
    if (seen.has(keyOf(o))) continue;
    seen.add(keyOf(o));
    const ref = { kind: o.kind, namespace: o.namespace, name: o.name };
    const was = old.get(keyOf(o));
    if (!was) {
      out.push({ ...ref, change: 'added', fields: [], moreFields: 0 });
      continue;
    }
    const fields: FieldChange[] = [];
    diffValues(was.body, o.body, '', fields);
    out.push({
      ...ref,
      change: fields.length === 0 ? 'unchanged' : 'changed',
      fields: fields.slice(0, MAX_FIELDS_PER_OBJECT),
      moreFields: Math.max(0, fields.length - MAX_FIELDS_PER_OBJECT),
    });
  }
  for (const [key, o] of old) {
    if (seen.has(key)) continue;
    out.push({
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      change: 'removed',
      fields: [],
      moreFields: 0,
    });
  }
  return out;
}
