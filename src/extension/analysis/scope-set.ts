// Which documents a manifest is checked against: the files of its manifest scope (its folder by
// default, as `kubectl apply -f <folder>` reads it), whatever was simulated last. A simulation
// that covers the file adds the files it read from elsewhere (a Scenario's manifests), never
// replaces the scope: a sibling Service stays in the set after another folder was simulated.
import type { RawDoc } from '../../engine/manifest';

/** A file of the scope or of the simulation: its identity (URI) and documents as parsed. */
export interface SetFile {
  key: string;
  docs: readonly RawDoc[];
}

/**
 * The documents of `scope` with `own` as parsed now (it replaces the file's older parse), then
 * those of `simulated` (when the current simulation covers this file) not already in the scope.
 */
export function scopeSetDocs(
  own: SetFile,
  scope: readonly SetFile[],
  simulated: readonly SetFile[],
): RawDoc[] {
  const seen = new Set<string>([own.key]);
  const docs: RawDoc[] = [...own.docs];
  for (const files of [scope, simulated]) {
    for (const f of files) {
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      docs.push(...f.docs);
    }
  }
  return docs;
}
