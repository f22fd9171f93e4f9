// Rule `headless-service`: a StatefulSet's serviceName must name a headless Service of the set, or
// its Pods get no DNS names.
import type { RawDoc } from '../../../engine/manifest';
import type { SetIndex } from '../index-set';
import { obj, str, type ObjRef } from '../objects';
import { fieldRange } from '../ranges';
import { isHeadless, ordinalsOf, podDnsName } from '../services';
import type { RuleInput, Translate } from '../types';
import type { Report, Rule } from './rule';

export const headlessServiceRule: Rule = {
  id: 'headless-service',
  severity: 'warning',
  kinds: ['StatefulSet'],
  object: (sts, doc, input, t) => headlessService(sts, doc, input.index, input, t),
};

function headlessService(sts: ObjRef, doc: RawDoc, set: SetIndex, input: RuleInput, t: Translate): Report[] {
  const serviceName = str(obj(sts.body.spec).serviceName);
  if (!serviceName) return [];
  const { start } = ordinalsOf(sts);
  const example = podDnsName(`${sts.name}-${start}`, serviceName, sts.namespace);
  const service = set.service(sts.namespace, serviceName);
  let message: string;
  if (!service) {
    message = t(
      'No headless Service {0} in the simulated set: the Pods get no DNS names such as {1}. Create a Service with clusterIP: None — the StatefulSet does not create it.',
      serviceName,
      example,
    );
  } else if (!isHeadless(service)) {
    message = t(
      'Service {0} is not headless (clusterIP: None): the Pods get no DNS names such as {1}.',
      serviceName,
      example,
    );
  } else {
    return [];
  }
  return [
    {
      range: fieldRange(doc, ['spec', 'serviceName'], input.lineText),
      message,
    },
  ];
}
