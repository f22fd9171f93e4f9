// Rule `canary-primary`: a canary Ingress path needs a primary (another Ingress with the same host,
// path and pathType), or ingress-nginx ignores the canary.
import type { RawDoc } from '../../../engine/manifest';
import type { SetIndex } from '../index-set';
import { ingressPaths, isCanary } from '../ingress';
import type { ObjRef } from '../objects';
import { fieldRange } from '../ranges';
import type { RuleInput, Translate } from '../types';
import type { Report, Rule } from './rule';

export const canaryPrimaryRule: Rule = {
  id: 'canary-primary',
  severity: 'warning',
  kinds: ['Ingress'],
  object: (ing, doc, input, t) => canaryPrimary(ing, doc, input.index, input, t),
};

function canaryPrimary(ing: ObjRef, doc: RawDoc, set: SetIndex, input: RuleInput, t: Translate): Report[] {
  if (!isCanary(ing)) return [];
  const out: Report[] = [];
  for (const p of ingressPaths(ing)) {
    if (set.primary(p)) continue;
    out.push({
      range: fieldRange(doc, ['spec', 'rules', p.rule, 'http', 'paths', p.index, 'path'], input.lineText),
      message: t(
        'Canary without a primary: no other Ingress serves host {0}, path {1} ({2}), so this canary is ignored.',
        p.host || t('(any host)'),
        p.path,
        p.pathType,
      ),
    });
  }
  return out;
}
