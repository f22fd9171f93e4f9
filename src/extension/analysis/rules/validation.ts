// Rules `rejected`, `key-typo` and `not-simulated`: what kubectl or the API server would refuse
// (validateDoc), the misspelled keys standing for a missing apiVersion/kind (with their fix) and the
// kinds not simulated; `rejected` also reports the refusals only the apply can tell (from the run).
import type { RawDoc } from '../../../engine/manifest';
import { validateDoc, type ValidationResult } from '../../../engine/validation';
import { fieldRange, rangeAt } from '../ranges';
import { keyTypoFixes } from '../typos';
import type { KeyFix, Translate } from '../types';
import type { Report, Rule, RuleContext } from './rule';

interface Validated {
  result: ValidationResult;
  /** Renames of misspelled keys, when the rejection is a missing apiVersion or kind. */
  fixes: KeyFix[];
}

/** validateDoc of each document, once per check of a file (the three rules share it). */
const validatedByCheck = new WeakMap<RuleContext, Map<RawDoc, Validated>>();

function validated(doc: RawDoc, input: RuleContext, t: Translate): Validated {
  let byDoc = validatedByCheck.get(input);
  if (!byDoc) {
    byDoc = new Map();
    validatedByCheck.set(input, byDoc);
  }
  let v = byDoc.get(doc);
  if (!v) {
    const result = validateDoc(doc);
    const fixes =
      result.ok === false && /not set/.test(result.rejection.message)
        ? keyTypoFixes(doc, t, input.lineText)
        : [];
    v = { result, fixes };
    byDoc.set(doc, v);
  }
  return v;
}

/** kubectl / API server rejections (validateDoc) that no key rename fixes, and those of the run. */
export const rejectedRule: Rule = {
  id: 'rejected',
  severity: 'error',
  document(doc, input, t) {
    const { result, fixes } = validated(doc, input, t);
    if (result.ok !== false || fixes.length > 0) return [];
    const r = result.rejection;
    return [
      {
        range: rangeAt(doc.source.file, { line: r.line, column: r.column }, '', input.lineText, true),
        message: r.message,
      },
    ];
  },
  file(input, t) {
    const out: Report[] = [];
    const seen = new Set<string>();
    for (const doc of input.own) {
      const { result } = validated(doc, input, t);
      if (result.ok === false) seen.add(`${result.rejection.line}:${result.rejection.message}`);
    }
    // Refusals only the apply can tell (the ingress-nginx admission webhook, duplicates).
    const file = input.own[0]?.source.file;
    for (const r of input.run?.rejected ?? []) {
      if (r.file !== file || seen.has(`${r.line}:${r.message}`)) continue;
      seen.add(`${r.line}:${r.message}`);
      out.push({
        range: rangeAt(r.file, { line: r.line, column: r.column }, '', input.lineText, true),
        message: r.message,
      });
    }
    return out;
  },
};

/** A missing apiVersion or kind written as a misspelled key: kubectl's message on the key, with its rename. */
export const keyTypoRule: Rule = {
  id: 'key-typo',
  severity: 'error',
  document(doc, input, t) {
    const { result, fixes } = validated(doc, input, t);
    if (result.ok !== false) return [];
    return fixes.map((fix) => ({ range: fix.range, message: result.rejection.message, fix }));
  },
};

/** Kinds K8s Sim leaves out, on `kind`. */
export const notSimulatedRule: Rule = {
  id: 'not-simulated',
  severity: 'information',
  document(doc, input, t) {
    const { result } = validated(doc, input, t);
    if (result.ok !== 'not-simulated') return [];
    const item = result.item;
    return [
      {
        range: fieldRange(doc, ['kind'], input.lineText),
        message: t(
          '{0} ({1}) is not simulated: K8s Sim leaves it out and models no controller for it.',
          item.kind,
          item.apiVersion,
        ),
      },
    ];
  },
};
