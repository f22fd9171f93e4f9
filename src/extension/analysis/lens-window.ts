// Which documents of a large file get CodeLenses: those near what the editor shows (no vscode
// import, so node tests run it). VS Code asks for every lens of a file at once and ships them all
// to the window; for 2,000 documents that is 6,000 lenses per keystroke pause. Above
// ALL_LENSES_UP_TO documents only those within MARGIN_LINES of a visible range are listed, and the
// lenses are asked again when the visible ranges move.
import type { RawDoc } from '../../engine/manifest';

/** Files with at most this many documents get every lens (no change while scrolling). */
export const ALL_LENSES_UP_TO = 200;
/** Lines above and below the visible ranges whose documents get lenses too (scrolling ahead). */
export const MARGIN_LINES = 300;

/** 1-based inclusive line ranges of what the editors show. */
export type LineRange = readonly [number, number];

/** The first index whose document starts at or after `line` (docs are in file order). */
function firstFrom(docs: readonly RawDoc[], line: number): number {
  let lo = 0;
  let hi = docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid].source.start.line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The documents to give lenses: all of a small file, or of a file no editor shows; else those that
 * start within MARGIN_LINES of a visible range, and the one a range starts inside.
 */
export function documentsForLenses(docs: readonly RawDoc[], visible: readonly LineRange[]): RawDoc[] {
  if (docs.length <= ALL_LENSES_UP_TO || visible.length === 0) return [...docs];
  const chosen = new Set<number>();
  for (const [from, to] of visible) {
    // The document the margin starts inside: the last one starting at or before that line.
    const start = Math.max(0, firstFrom(docs, from - MARGIN_LINES + 1) - 1);
    for (let i = start; i < docs.length && docs[i].source.start.line <= to + MARGIN_LINES; i++) chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b).map((i) => docs[i]);
}
