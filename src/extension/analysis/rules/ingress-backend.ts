// Rule `ingress-backend`: each backend of an Ingress names a Service of the set and one of its ports,
// or requests for that path get 503.
import type { RawDoc } from '../../../engine/manifest';
import type { SetIndex } from '../index-set';
import { arr, isObj, num, obj, str, type Obj, type ObjRef } from '../objects';
import { fieldRange } from '../ranges';
import type { RuleInput, Translate } from '../types';
import type { Report, Rule } from './rule';

export const ingressBackendRule: Rule = {
  id: 'ingress-backend',
  severity: 'warning',
  kinds: ['Ingress'],
  object: (ing, doc, input, t) => ingressBackend(ing, doc, input.index, input, t),
};

function servicePorts(svc: ObjRef): Array<{ port: number | undefined; name: string | undefined }> {
  return arr(obj(svc.body.spec).ports).map((p) => ({ port: num(obj(p).port), name: str(obj(p).name) }));
}

function ingressBackend(ing: ObjRef, doc: RawDoc, set: SetIndex, input: RuleInput, t: Translate): Report[] {
  const out: Report[] = [];
  const backends: Array<{ path: Array<string | number>; service: Obj }> = [];
  const spec = obj(ing.body.spec);
  if (isObj(obj(spec.defaultBackend).service))
    backends.push({
      path: ['spec', 'defaultBackend', 'service'],
      service: obj(obj(spec.defaultBackend).service),
    });
  arr(spec.rules).forEach((rule, i) =>
    arr(obj(obj(rule).http).paths).forEach((p, j) => {
      const service = obj(obj(p).backend).service;
      if (isObj(service))
        backends.push({ path: ['spec', 'rules', i, 'http', 'paths', j, 'backend', 'service'], service });
    }),
  );
  for (const b of backends) {
    const name = str(b.service.name);
    if (!name) continue;
    const svc = set.service(ing.namespace, name);
    if (!svc) {
      out.push({
        range: fieldRange(doc, [...b.path, 'name'], input.lineText),
        message: t('Service {0} is not in the simulated set: requests for this path get 503.', name),
      });
      continue;
    }
    const port = obj(b.service.port);
    const ports = servicePorts(svc);
    const number = num(port.number);
    const portName = str(port.name);
    const listed = ports.map((p) => p.name ?? String(p.port ?? '')).join(', ') || '-';
    if (number !== undefined && !ports.some((p) => p.port === number)) {
      out.push({
        range: fieldRange(doc, [...b.path, 'port', 'number'], input.lineText),
        message: t(
          'Service {0} has no port {1} (its ports: {2}): requests for this path get 503.',
          name,
          number,
          ports.map((p) => String(p.port ?? '')).join(', ') || '-',
        ),
      });
    } else if (portName !== undefined && !ports.some((p) => p.name === portName)) {
      out.push({
        range: fieldRange(doc, [...b.path, 'port', 'name'], input.lineText),
        message: t(
          'Service {0} has no port {1} (its ports: {2}): requests for this path get 503.',
          name,
          portName,
          listed,
        ),
      });
    }
  }
  return out;
}
