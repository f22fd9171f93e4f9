// Source ranges of findings: the key of a field and, usually, the rest of its line as written.
import type { FieldPath, RawDoc } from '../../engine/manifest';
import type { SourcePosition, SourceRange } from '../../engine/types';

/** Range of the field at `path`: its key and, with `withValue`, the rest of its line (no comment). */
export function fieldRange(
  doc: RawDoc,
  path: FieldPath,
  lineText?: (line: number) => string | undefined,
  withValue = true,
): SourceRange {
  return rangeAt(doc.source.file, doc.locate(path), String(path[path.length - 1] ?? ''), lineText, withValue);
}

const KEY_TOKEN = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s:#,[\]{}]+(?::[^\s,[\]{}][^\s:#,[\]{}]*)*)/;

export function rangeAt(
  file: string,
  start: SourcePosition,
  key: string,
  lineText: ((line: number) => string | undefined) | undefined,
  withValue: boolean,
): SourceRange {
  const line = lineText?.(start.line);
  let length = Math.max(1, key.length);
  if (line !== undefined) {
    const rest = line.slice(start.column - 1);
    if (withValue) {
      const text = rest.replace(/\s+#.*$/, '').trimEnd();
      if (text.length > 0) length = text.length;
    } else {
      const m = KEY_TOKEN.exec(rest);
      if (m && m[0].length > 0) length = m[0].length;
    }
  }
  return { file, start, end: { line: start.line, column: start.column + length } };
}

export function keyTextAt(
  range: SourceRange,
  lineText?: (line: number) => string | undefined,
): string | undefined {
  return lineText?.(range.start.line)?.slice(range.start.column - 1, range.end.column - 1);
}
