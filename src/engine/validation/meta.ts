// Object metadata: names, namespaces, labels and annotations (apimachinery pkg/api/validation
// ValidateObjectMeta)

import { E, FP, FieldError, forMessages, nonNegative, root } from './field';
import { goQuote } from './go-format';
import { NameFn, isQualifiedName, isValidLabelValue, nameIsDNSLabel } from './names';
import { Obj, arr, byteLen, obj, str } from './values';

export function validateLabels(labels: unknown, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj(labels);
  if (m === undefined) return errs;
  for (const [k, v] of Object.entries(m)) {
    const at = p.at([...p.loc, k]);
    errs.push(...forMessages(isQualifiedName(k), (msg) => E.invalid(at, goQuote(k), msg)));
    errs.push(...forMessages(isValidLabelValue(str(v)), (msg) => E.invalid(at, goQuote(str(v)), msg)));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj(annotations);
  if (m === undefined) return errs;
  let size = 0;
  for (const [k, v] of Object.entries(m)) {
    const at = p.at([...p.loc, k]);
    errs.push(...forMessages(isQualifiedName(k.toLowerCase()), (msg) => E.invalid(at, goQuote(k), msg)));
    size += byteLen(k) + byteLen(str(v));
  }
  if (size > 256 * 1024) errs.push(E.tooLong(p, 256 * 1024));
  return errs;
}

export function validateObjectMeta(meta: Obj, namespaced: boolean, nameFn: NameFn): FieldError[] {
  const p = root('metadata');
  const errs: FieldError[] = [];
  const name = str(meta.name);
  const generateName = str(meta.generateName);
  if (generateName !== '')
    errs.push(
      ...forMessages(nameFn(generateName, true), (m) =>
        E.invalid(p.child('generateName'), goQuote(generateName), m),
      ),
    );
  if (name === '') {
    // With generateName the server generates the name before validating it.
    if (generateName === '') errs.push(E.required(p.child('name'), 'name or generateName is required'));
  } else {
    errs.push(...forMessages(nameFn(name, false), (m) => E.invalid(p.child('name'), goQuote(name), m)));
  }
  const namespace = str(meta.namespace);
  if (namespaced && namespace !== '')
    errs.push(
      ...forMessages(nameIsDNSLabel(namespace, false), (m) =>
        E.invalid(p.child('namespace'), goQuote(namespace), m),
      ),
    );
  errs.push(...nonNegative(meta.generation, p.child('generation')));
  errs.push(...validateLabels(meta.labels, p.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, p.child('annotations')));
  arr(meta.finalizers).forEach((f) =>
    errs.push(
      ...forMessages(isQualifiedName(str(f)), (m) => E.invalid(p.child('finalizers'), goQuote(str(f)), m)),
    ),
  );
  return errs;
}
