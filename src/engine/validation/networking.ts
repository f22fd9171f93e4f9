// Ingress (pkg/apis/networking/validation)

import { E, FP, FieldError, forMessages, root } from './field';
import { goQuote } from './go-format';
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  regexError,
} from './names';
import { Obj, arr, byteLen, num, obj, str } from './values';

export const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
export const INVALID_PATH_SUFFIXES = ['/..', '/.'];

export function validateIngressBackend(backend: Obj, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  const resource = obj(backend.resource);
  const service = obj(backend.service);
  if (resource !== undefined && service !== undefined)
    return [E.invalid(p, '""', 'cannot set both resource and service backends')];
  if (resource !== undefined) {
    const rp = p.child('resource');
    if (str(resource.kind) === '') errs.push(E.required(rp.child('kind'), 'kind is required'));
    if (str(resource.name) === '') errs.push(E.required(rp.child('name'), 'name is required'));
    return errs;
  }
  if (service === undefined) return [E.invalid(p, '""', 'resource or service backend is required')];
  const name = str(service.name);
  const np = p.child('service', 'name');
  if (name === '') errs.push(E.required(np));
  else errs.push(...forMessages(isDNS1035Label(name), (m) => E.invalid(np, goQuote(name), m)));
  const port = obj(service.port) ?? {};
  const portName = str(port.name);
  const portNumber = num(port.number) ?? 0;
  if (portName !== '' && portNumber !== 0)
    errs.push(E.invalid(p, '""', 'cannot set both port name & port number'));
  else if (portName !== '')
    errs.push(
      ...forMessages(isValidPortName(portName), (m) =>
        E.invalid(p.child('service', 'port', 'name'), goQuote(portName), m),
      ),
    );
  else if (portNumber !== 0)
    errs.push(
      ...forMessages(isValidPortNum(portNumber), (m) =>
        E.invalid(p.child('service', 'port', 'number'), String(portNumber), m),
      ),
    );
  else errs.push(E.required(p, 'port name or number is required'));
  return errs;
}

export function validateIngress(meta: Obj, spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const sp = root('spec');
  const rules = arr(spec.rules);
  const defaultBackend = obj(spec.defaultBackend);
  if (rules.length === 0 && defaultBackend === undefined)
    errs.push(
      E.invalid(
        sp,
        rules.length === 0 && !Array.isArray(spec.rules)
          ? '[]networking.IngressRule(nil)'
          : '[]networking.IngressRule{}',
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  if (defaultBackend !== undefined)
    errs.push(...validateIngressBackend(defaultBackend, sp.child('defaultBackend')));
  rules.forEach((raw, i) => {
    const rule = obj(raw) ?? {};
    const rp = sp.child('rules').index(i);
    const host = str(rule.host);
    if (host !== '') {
      const hp = rp.child('host');
      if (/^(\d{1,3}\.){3}\d{1,3}$/.test(host) || host.includes(':'))
        errs.push(E.invalid(hp, goQuote(host), 'must be a DNS name, not an IP address'));
      if (host.includes('*'))
        errs.push(...forMessages(isWildcardDNS1123Subdomain(host), (m) => E.invalid(hp, goQuote(host), m)));
      else errs.push(...forMessages(isDNS1123Subdomain(host), (m) => E.invalid(hp, goQuote(host), m)));
    }
    const http = obj(rule.http);
    if (http === undefined) return;
    const paths = arr(http.paths);
    if (paths.length === 0) errs.push(E.required(rp.child('http', 'paths')));
    paths.forEach((rawPath, j) => {
      const path = obj(rawPath) ?? {};
      const pp = rp.child('http', 'paths').index(j);
      if (path.pathType === undefined || path.pathType === null) {
        errs.push(E.required(pp.child('pathType'), 'pathType must be specified'));
        return;
      }
      const pathType = str(path.pathType);
      const value = str(path.path);
      const vp = pp.child('path');
      if (pathType === 'Exact' || pathType === 'Prefix') {
        if (!value.startsWith('/')) errs.push(E.invalid(vp, goQuote(value), 'must be an absolute path'));
        if (value.length > 0) {
          for (const seq of INVALID_PATH_SEQUENCES)
            if (value.includes(seq)) errs.push(E.invalid(vp, goQuote(value), `must not contain '${seq}'`));
          for (const suffix of INVALID_PATH_SUFFIXES)
            if (value.endsWith(suffix))
              errs.push(E.invalid(vp, goQuote(value), `cannot end with '${suffix}'`));
        }
      } else if (pathType === 'ImplementationSpecific') {
        if (value.length > 0 && !value.startsWith('/'))
          errs.push(E.invalid(vp, goQuote(value), 'must be an absolute path'));
      } else {
        errs.push(
          E.notSupported(pp.child('pathType'), goQuote(pathType), [
            'Exact',
            'ImplementationSpecific',
            'Prefix',
          ]),
        );
      }
      errs.push(...validateIngressBackend(obj(path.backend) ?? {}, pp.child('backend')));
    });
  });
  arr(spec.tls).forEach((raw, i) => {
    const tls = obj(raw) ?? {};
    const tp = sp.child('tls').index(i);
    arr(tls.hosts).forEach((h, j) => {
      const host = str(h);
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      errs.push(...msgs.map((m) => E.invalid(tp.child('hosts').index(j), goQuote(host), m)));
    });
    const secret = str(tls.secretName);
    if (secret !== '')
      errs.push(
        ...forMessages(isDNS1123Subdomain(secret), (m) =>
          E.invalid(tp.child('secretName'), goQuote(secret), m),
        ),
      );
  });
  const className = spec.ingressClassName;
  if (typeof className === 'string')
    errs.push(
      ...forMessages(isDNS1123Subdomain(className), (m) =>
        E.invalid(sp.child('ingressClassName'), goQuote(className), m),
      ),
    );
  const annotations = obj(meta.annotations) ?? {};
  const classAnnotation = 'kubernetes.io/ingress.class';
  if (classAnnotation in annotations && typeof className === 'string')
    errs.push(
      E.invalid(
        new FP(`annotations.${classAnnotation}`, ['metadata', 'annotations', classAnnotation]),
        goQuote(str(annotations[classAnnotation])),
        'can not be set when the class field is also set',
      ),
    );
  return errs;
}

export function validateIngressClass(spec: Obj): FieldError[] {
  const p = root('spec').child('controller');
  const controller = str(spec.controller);
  if (controller === '') return [E.required(p)];
  const errs: FieldError[] = [];
  if (byteLen(controller) > 250) errs.push(E.tooLong(p, 250));
  const slash = controller.indexOf('/');
  const host = slash < 0 ? '' : controller.slice(0, slash);
  const rest = slash < 0 ? '' : controller.slice(slash + 1);
  if (slash < 0 || host === '' || rest === '')
    return [
      ...errs,
      E.invalid(p, goQuote(controller), 'must be a domain-prefixed path (such as "acme.io/foo")'),
    ];
  errs.push(...forMessages(isDNS1123Subdomain(host), (m) => E.invalid(p, goQuote(host), m)));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest))
    errs.push(E.invalid(p, goQuote(rest), regexError('Invalid path', "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")));
  return errs;
}
