// What is under the cursor: the document of a file containing a line, and the key path at an
// offset of one YAML document's text (re-parsing that document only).
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { RawDoc } from '../../engine/manifest';

export interface FieldHit {
  /** Path from the document root to the node under the cursor (keys and list indexes). */
  path: Array<string | number>;
  /** Offsets (in the parsed text) of what the hover covers: the key and its scalar value, or the list item. */
  start: number;
  end: number;
}

const PARSE_OPTIONS = { version: '1.1', uniqueKeys: false, prettyErrors: false } as const;

function spanOf(node: unknown): [number, number] | null {
  const range = (node as Node | null)?.range;
  return range ? [range[0], range[1]] : null;
}

/**
 * The key path at `offset` of one YAML document's text: the innermost mapping key whose key or
 * value contains the offset, and the list item when the value is a list of scalars.
 */
export function fieldAt(text: string, offset: number): FieldHit | null {
  const doc = parseDocument(text, PARSE_OPTIONS);
  let node: unknown = doc.contents;
  const path: Array<string | number> = [];
  let hit: FieldHit | null = null;
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const key = spanOf(p.key);
        if (!key) return false;
        const end = spanOf(p.value)?.[1] ?? key[1];
        return offset >= key[0] && offset <= Math.max(end, key[1]);
      });
      if (!pair || !isScalar(pair.key)) break;
      const keySpan = spanOf(pair.key) ?? [0, 0];
      path.push(String(pair.key.value));
      const value = pair.value;
      const onKey = offset <= keySpan[1];
      const nested = isMap(value) || isSeq(value);
      const valueEnd = !nested ? (spanOf(value)?.[1] ?? keySpan[1]) : keySpan[1];
      hit = { path: [...path], start: keySpan[0], end: valueEnd };
      if (onKey || !nested) break;
      node = value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const span = spanOf(item);
        return span !== null && offset >= span[0] && offset <= span[1];
      });
      if (index < 0) break;
      path.push(index);
      const item: unknown = node.items[index];
      if (!isMap(item) && !isSeq(item)) {
        const span = spanOf(item);
        if (span) hit = { path: [...path], start: span[0], end: span[1] };
        break;
      }
      node = item;
    } else {
      break;
    }
  }
  return hit;
}

/** The document of a file that contains a 1-based line (docs in file order). */
export function docAtLine(docs: readonly RawDoc[], line: number): RawDoc | undefined {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = docs[mid];
    if (line < d.source.start.line) hi = mid - 1;
    else if (line > d.source.end.line) lo = mid + 1;
    else return d;
  }
  return undefined;
}
