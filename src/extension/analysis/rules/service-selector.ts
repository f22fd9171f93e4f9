// Rule `service-selector`: a Service whose selector matches no Pod or Pod template of the set gets no
// endpoints.
import type { RawDoc } from '../../../engine/manifest';
import type { SetIndex } from '../index-set';
import { labelsText, obj, strMap, type ObjRef } from '../objects';
import { fieldRange } from '../ranges';
import type { RuleInput, Translate } from '../types';
import type { Report, Rule } from './rule';

export const serviceSelectorRule: Rule = {
  id: 'service-selector',
  severity: 'warning',
  kinds: ['Service'],
  object: (svc, doc, input, t) => serviceSelector(svc, doc, input.index, input, t),
};

function serviceSelector(svc: ObjRef, doc: RawDoc, set: SetIndex, input: RuleInput, t: Translate): Report[] {
  const selector = obj(obj(svc.body.spec).selector);
  if (Object.keys(strMap(selector)).length === 0) return [];
  if (set.selectsAny(svc.namespace, selector)) return [];
  return [
    {
      range: fieldRange(doc, ['spec', 'selector'], input.lineText),
      message: t(
        'No Pod or Pod template in the simulated set has the labels {0}: this Service gets no endpoints.',
        labelsText(strMap(selector)),
      ),
    },
  ];
}
