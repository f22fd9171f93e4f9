// Misspelled apiVersion / kind (the course's `piVersion`): which keys stand for them, whether a
// document is meant as a Kubernetes object at all, and the renames that fix them.
import type { RawDoc } from '../../engine/manifest';
import { has, isObj, obj, type Obj } from './objects';
import { fieldRange, keyTextAt } from './ranges';
import type { KeyFix, Translate } from './types';

/** Top-level fields of the kinds people write; never taken for a misspelling. */
const TOP_LEVEL_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'spec',
  'status',
  'data',
  'stringData',
  'binaryData',
  'type',
  'immutable',
  'items',
  'provisioner',
  'parameters',
  'reclaimPolicy',
  'volumeBindingMode',
  'allowVolumeExpansion',
  'mountOptions',
  'allowedTopologies',
]);

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** `apiVersion` or `kind` when `key` (quotes allowed) is a misspelling of it within edit distance 2. */
export function typoTarget(key: string): 'apiVersion' | 'kind' | null {
  const bare = key.replace(/^(["'])(.*)\1$/, '$2');
  if (TOP_LEVEL_FIELDS.has(bare)) return null;
  if (editDistance(bare, 'apiVersion') <= 2) return 'apiVersion';
  if (bare.length >= 3 && editDistance(bare, 'kind') <= 2) return 'kind';
  return null;
}

/** Keys of a document that stand for a missing apiVersion or kind. */
function typoKeys(body: Obj): Array<{ key: string; target: 'apiVersion' | 'kind' }> {
  const out: Array<{ key: string; target: 'apiVersion' | 'kind' }> = [];
  for (const key of Object.keys(body)) {
    const target = typoTarget(key);
    if (target && !has(body, target) && !out.some((o) => o.target === target)) out.push({ key, target });
  }
  return out;
}

/** Whether a document is meant as a Kubernetes object (so a missing apiVersion is worth reporting). */
export function looksLikeObject(body: unknown): boolean {
  if (!isObj(body)) return false;
  return has(body, 'apiVersion') || has(body, 'kind') || typoKeys(body).length > 0;
}

/** Renames of misspelled top-level keys standing for a missing apiVersion or kind (`piVersion`). */
export function keyTypoFixes(
  doc: RawDoc,
  t: Translate,
  lineText?: (line: number) => string | undefined,
): KeyFix[] {
  return typoKeys(obj(doc.body)).map(({ key, target }) => {
    const range = fieldRange(doc, [key], lineText, false);
    const quote = /^["']/.exec(keyTextAt(range, lineText) ?? '')?.[0] ?? '';
    return { title: t('Change {0} to {1}', key, target), range, newText: `${quote}${target}${quote}` };
  });
}
