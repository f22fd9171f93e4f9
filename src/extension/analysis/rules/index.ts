// Static checks of a manifest file against the set of manifests simulated with it, as plain data:
// each finding carries the source range of the offending field, a message, a severity and a code.
import { SetIndex } from '../index-set';
import { objectRef, objectsIn } from '../objects';
import { looksLikeObject } from '../typos';
import type { Finding, RuleInput, Translate } from '../types';
import { RULES } from './registry';
import { findingsOf, type RuleContext } from './rule';

/** Every registered rule over one file, pass by pass (see Rule), in registry order within a pass. */
export function checkRules(input: RuleInput, t: Translate): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) if (rule.errors) findings.push(...findingsOf(rule, rule.errors(input, t)));
  const run = input.scenario;
  if (run)
    for (const rule of RULES)
      if (rule.scenario) findings.push(...findingsOf(rule, rule.scenario(run, input, t)));
  const own = input.docs.filter((d) => looksLikeObject(d.body));
  if (own.length === 0) return findings;
  const ctx: RuleContext = { ...input, own, index: new SetIndex(objectsIn(input.set), input.cluster) };
  for (const doc of own)
    for (const rule of RULES)
      if (rule.document) findings.push(...findingsOf(rule, rule.document(doc, ctx, t)));
  for (const rule of RULES) if (rule.file) findings.push(...findingsOf(rule, rule.file(ctx, t)));
  for (const doc of own) {
    const o = objectRef(doc.body, doc);
    if (!o) continue;
    for (const rule of RULES)
      if (rule.object && rule.kinds?.includes(o.kind))
        findings.push(...findingsOf(rule, rule.object(o, doc, ctx, t)));
  }
  return findings;
}
