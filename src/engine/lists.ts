// `kind: List` and the typed lists (`PodList`, `ServiceList`, …) as kubectl's resource builder
// flattens them (cli-runtime FlattenListVisitor): every item is applied on its own, in order, so
// one invalid item is refused alone and the others go ahead. Items keep their own place in the
// file: an item is a RawDoc whose positions are those of its node inside the list document.
import type { FieldPath, RawDoc } from './manifest';
import type { SourcePosition } from './types';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A document kubectl treats as a list: a kind ending in `List` with an `items` list (or none). */
export function isListDoc(body: unknown): body is Obj {
  if (!isObj(body) || typeof body.kind !== 'string' || !body.kind.endsWith('List')) return false;
  return Array.isArray(body.items) || body.items === undefined || body.items === null;
}

/**
 * The documents as kubectl applies them: list documents replaced by their items (lists inside
 * lists too), every other document as it is.
 */
export function expandLists(docs: readonly RawDoc[]): RawDoc[] {
  const out: RawDoc[] = [];
  const visit = (doc: RawDoc): void => {
    const body = doc.body;
    if (isListDoc(body)) listItems(doc, body).forEach(visit);
    else out.push(doc);
  };
  docs.forEach(visit);
  return out;
}

/** The items of one list document, each positioned at its node. */
function listItems(list: RawDoc, body: Obj): RawDoc[] {
  const items: unknown[] = Array.isArray(body.items) ? body.items : [];
  const listKind = String(body.kind);
  const listVersion = body.apiVersion;
  const starts: SourcePosition[] = items.map((_, i) => list.locate(['items', i]));
  return items.map((item, i): RawDoc => {
    const at = (path: FieldPath): SourcePosition => list.locate(['items', i, ...path]);
    return {
      body: withInferredType(item, listKind, listVersion),
      // An item ends where the next one starts (the last where the list ends).
      source: { file: list.source.file, start: starts[i], end: starts[i + 1] ?? list.source.end },
      index: list.index,
      locate: at,
    };
  });
}

/**
 * An item without apiVersion and kind takes them from its list, as the unstructured decoder
 * does (`PodList` items become `Pod` of the list's apiVersion); `kind: List` gives no kind.
 */
function withInferredType(item: unknown, listKind: string, listVersion: unknown): unknown {
  const unset = (v: unknown): boolean => typeof v !== 'string' || v === '';
  if (!isObj(item) || !unset(item.kind) || !unset(item.apiVersion)) return item;
  const kind = listKind.slice(0, -'List'.length);
  if (kind === '') return item;
  return { ...item, apiVersion: listVersion, kind };
}
