// PodDisruptionBudgets (pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec).

import { intOrPercent, notMoreThan100Percent } from './apps';
import { E, FieldError, root } from './field';
import { validateLabelSelector } from './selector';
import { Obj, obj } from './values';

const POLICIES = ['IfHealthyBudget', 'AlwaysAllow'];

export function validatePodDisruptionBudgetSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const sp = root('spec');
  const min = spec.minAvailable;
  const max = spec.maxUnavailable;
  if (min !== undefined && min !== null && max !== undefined && max !== null) {
    errs.push(
      E.invalid(
        sp,
        'policy.PodDisruptionBudgetSpec{…}',
        'minAvailable and maxUnavailable cannot be both set',
      ),
    );
  }
  for (const [name, v] of [
    ['minAvailable', min],
    ['maxUnavailable', max],
  ] as const) {
    if (v === undefined || v === null) continue;
    errs.push(...intOrPercent(v, sp.child(name)), ...notMoreThan100Percent(v, sp.child(name)));
  }
  const selector = obj(spec.selector);
  if (selector) errs.push(...validateLabelSelector(selector, sp.child('selector')));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (typeof policy === 'string' && !POLICIES.includes(policy)) {
    errs.push(E.notSupported(sp.child('unhealthyPodEvictionPolicy'), policy, POLICIES));
  }
  return errs;
}
