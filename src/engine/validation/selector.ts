import { labelSelectorFrom, selectorMatches as engineSelectorMatches } from '../selector';
// Label selectors (apimachinery meta/v1/validation, labels)

import { E, FP, FieldError, forMessages } from './field';
import { goQuote } from './go-format';
import { validateLabels } from './meta';
import { isQualifiedName, isValidLabelValue } from './names';
import { Obj, arr, obj, str, strMap } from './values';

export function validateLabelSelector(sel: Obj, p: FP): FieldError[] {
  const errs = validateLabels(sel.matchLabels, p.child('matchLabels'));
  arr(sel.matchExpressions).forEach((e, i) => {
    const r = obj(e) ?? {};
    const rp = p.child('matchExpressions').index(i);
    const op = str(r.operator);
    const values = arr(r.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0)
        errs.push(E.required(rp.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0)
        errs.push(
          E.forbidden(
            rp.child('values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
    } else {
      errs.push(E.invalid(rp.child('operator'), goQuote(op), 'not a valid selector operator'));
    }
    const key = str(r.key);
    errs.push(...forMessages(isQualifiedName(key), (m) => E.invalid(rp.child('key'), goQuote(key), m)));
  });
  return errs;
}

/** metav1.LabelSelectorAsSelector: undefined when it fails (bad operator, values, key). */
export function selectorProblem(sel: Obj): boolean {
  for (const e of arr(sel.matchExpressions)) {
    const r = obj(e) ?? {};
    const op = str(r.operator);
    const n = arr(r.values).length;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) return true;
    if ((op === 'In' || op === 'NotIn') && n === 0) return true;
    if ((op === 'Exists' || op === 'DoesNotExist') && n > 0) return true;
    if (isQualifiedName(str(r.key)).length > 0) return true;
    if (arr(r.values).some((v) => isValidLabelValue(str(v)).length > 0)) return true;
  }
  const ml = obj(sel.matchLabels) ?? {};
  return Object.entries(ml).some(
    ([k, v]) => isQualifiedName(k).length > 0 || isValidLabelValue(str(v)).length > 0,
  );
}

export function selectorIsEmpty(sel: Obj): boolean {
  return Object.keys(obj(sel.matchLabels) ?? {}).length + arr(sel.matchExpressions).length === 0;
}

/** Whether a selector (already valid: selectorProblem found nothing) matches; the engine's matcher. */
export function selectorMatches(sel: Obj, labels: Record<string, string>): boolean {
  return engineSelectorMatches(labelSelectorFrom(sel), labels);
}

/** (*metav1.LabelSelector).String(), the generated protobuf printer. */
export function selectorText(sel: Obj): string {
  const ml = strMap(sel.matchLabels) ?? {};
  const labels = Object.keys(ml)
    .sort()
    .map((k) => `${k}: ${ml[k] ?? ''},`)
    .join('');
  const exprs = arr(sel.matchExpressions)
    .map((e) => {
      const r = obj(e) ?? {};
      const values = arr(r.values).map(str).join(' ');
      return `LabelSelectorRequirement{Key:${str(r.key)},Operator:${str(r.operator)},Values:[${values}],},`;
    })
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
