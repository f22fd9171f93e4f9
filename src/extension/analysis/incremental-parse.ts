// Re-parse only the documents that changed (no vscode import, so node tests run it): a file of
// 2,000 documents takes a second to parse whole, and the editor parses on every pause in typing.
// The text is cut at its document markers — lines that are `---` or `...` at column 0, which YAML
// lets no scalar cross — and each piece is parsed once and kept by its text; a piece that moved
// (lines added above it) is reused with its positions shifted.
// Invariant: the result equals loadManifestText(text, file) — same bodies, positions, indexes, and
// for any error the very same errors (an error anywhere falls back to the whole-file parse).
import type { RawDoc } from '../../engine/manifest';
import type { SourcePosition, SourceRange } from '../../engine/types';
import {
  CONTROL_CHARACTER,
  loadManifestText,
  MAX_DOCUMENTS,
  MAX_FILE_BYTES,
  templateError,
} from '../../engine/loader';

interface Piece {
  text: string;
  /** 0-based line of the file where the piece's first line is. */
  line: number;
}

/** A line that only marks a document boundary (nothing but a comment may follow the marker). */
const MARKER = /^(?:---|\.\.\.)(?:[ \t]+(?:#.*)?)?\r?$/;
/** Lines that make the cut unsafe: a marker with content after it, or a directive. */
const UNSAFE = /^(?:(?:---|\.\.\.)[ \t]+[^#\s]|%)/;

/** The pieces between document markers, or null when the text must be parsed whole. */
export function splitAtMarkers(text: string): Piece[] | null {
  if (text.charCodeAt(0) === 0xfeff) return null;
  const pieces: Piece[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  let at = 0;
  while (at <= text.length) {
    const end = text.indexOf('\n', at);
    const stop = end < 0 ? text.length : end;
    const content = text.slice(at, stop);
    if (content.length > 0 && (content[0] === '-' || content[0] === '.' || content[0] === '%')) {
      if (UNSAFE.test(content)) return null;
      if (MARKER.test(content)) {
        // Checks the whole-file parse makes on every line, which a piece would not see.
        if (CONTROL_CHARACTER.test(content)) return null;
        pieces.push({ text: text.slice(start, at), line: startLine });
        start = end < 0 ? text.length : end + 1;
        startLine = line + 1;
      }
    }
    if (end < 0) break;
    at = end + 1;
    line++;
  }
  pieces.push({ text: text.slice(start), line: startLine });
  // A piece starting with U+FEFF would lose it as a byte order mark; in the file it is content.
  if (pieces.some((p) => p.text.charCodeAt(0) === 0xfeff)) return null;
  return pieces;
}

function shiftPosition(p: SourcePosition, lines: number): SourcePosition {
  return { line: p.line + lines, column: p.column };
}

function shift(doc: RawDoc, lines: number, index: number): RawDoc {
  if (lines === 0 && index === doc.index) return doc;
  const source: SourceRange = {
    file: doc.source.file,
    start: shiftPosition(doc.source.start, lines),
    end: shiftPosition(doc.source.end, lines),
  };
  return { body: doc.body, source, index, locate: (path) => shiftPosition(doc.locate(path), lines) };
}

/** One file's parser: keeps the documents of each piece of its last parse. */
export class IncrementalParser {
  private pieces = new Map<string, RawDoc[]>();

  constructor(readonly file: string) {}

  /** The documents of `text`, as loadManifestText(text, file) gives them (and throws as it does). */
  parse(text: string): RawDoc[] {
    // Whole-file limits and checks are the plain parse's: it reports them exactly.
    const whole = text.length > MAX_FILE_BYTES / 4 || templateError(text, this.file) !== null;
    const pieces = whole ? null : splitAtMarkers(text);
    // One piece (nothing to reuse), or about as many as a file may hold: the plain parse.
    if (pieces === null || pieces.length < 2 || pieces.length >= MAX_DOCUMENTS - 1) {
      this.pieces = new Map();
      return loadManifestText(text, this.file);
    }
    const next = new Map<string, RawDoc[]>();
    const out: RawDoc[] = [];
    for (const piece of pieces) {
      let docs = next.get(piece.text) ?? this.pieces.get(piece.text);
      if (!docs) {
        try {
          docs = loadManifestText(piece.text, this.file, { templateCheck: false });
        } catch {
          // Errors are reported as the whole-file parse reports them (count, order, limits).
          this.pieces = new Map();
          return loadManifestText(text, this.file);
        }
      }
      next.set(piece.text, docs);
      for (const doc of docs) out.push(shift(doc, piece.line, out.length));
    }
    this.pieces = next;
    return out;
  }
}
