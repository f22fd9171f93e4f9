// Services (pkg/apis/core/validation ValidateService and its ports)

import { validatePortNumOrName } from './core-pod';
import { E, FieldError, forMessages, root } from './field';
import { goQuote } from './go-format';
import { validateLabels } from './meta';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum } from './names';
import { Obj, arr, num, obj, str } from './values';

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

/** Node port allocation, which runs before validation (service REST beginCreate). */
export function allocateNodePorts(spec: Obj): FieldError[] {
  const type = str(spec.type) || 'ClusterIP';
  if (type !== 'NodePort' && type !== 'LoadBalancer') return [];
  const errs: FieldError[] = [];
  arr(spec.ports).forEach((raw, i) => {
    const np = num(obj(raw)?.nodePort) ?? 0;
    if (np !== 0 && (np < NODE_PORT_MIN || np > NODE_PORT_MAX))
      errs.push(
        E.invalid(
          root('spec').child('ports').index(i).child('nodePort'),
          String(np),
          `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
        ),
      );
  });
  return errs;
}

export function validateServiceSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const sp = root('spec');
  const type = str(spec.type) || 'ClusterIP';
  const headless = str(spec.clusterIP) === 'None';
  const ports = arr(spec.ports).map((p) => obj(p) ?? {});
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(E.required(sp.child('ports')));
  if (type === 'LoadBalancer' || type === 'NodePort') {
    if (type === 'LoadBalancer')
      ports.forEach((port, i) => {
        if (num(port.port) === 10250)
          errs.push(
            E.invalid(
              sp.child('ports').index(i),
              '10250',
              'may not expose port 10250 externally since it is used by kubelet',
            ),
          );
      });
    if (headless)
      errs.push(
        E.invalid(
          sp
            .child('clusterIPs')
            .index(0)
            .at([...sp.loc, 'clusterIP']),
          goQuote('None'),
          `may not be set to 'None' for ${type} services`,
        ),
      );
  } else if (type === 'ExternalName') {
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname === '') errs.push(E.required(sp.child('externalName')));
    else
      errs.push(
        ...forMessages(isDNS1123Subdomain(cname), (m) =>
          E.invalid(sp.child('externalName'), goQuote(cname), m),
        ),
      );
  }
  const portNames = new Set<string>();
  ports.forEach((port, i) => {
    const pp = sp.child('ports').index(i);
    const name = str(port.name);
    if (ports.length > 1 && name === '') errs.push(E.required(pp.child('name')));
    else if (name !== '') {
      errs.push(...forMessages(isDNS1123Label(name), (m) => E.invalid(pp.child('name'), goQuote(name), m)));
      if (portNames.has(name)) errs.push(E.duplicate(pp.child('name'), goQuote(name)));
      else portNames.add(name);
    }
    const pn = num(port.port) ?? 0;
    errs.push(...forMessages(isValidPortNum(pn), (m) => E.invalid(pp.child('port'), String(pn), m)));
    const proto = str(port.protocol) || 'TCP';
    if (!['TCP', 'UDP', 'SCTP'].includes(proto))
      errs.push(E.notSupported(pp.child('protocol'), goQuote(proto), ['SCTP', 'TCP', 'UDP']));
    const target =
      port.targetPort === undefined ||
      port.targetPort === null ||
      port.targetPort === 0 ||
      port.targetPort === ''
        ? pn
        : port.targetPort;
    errs.push(...validatePortNumOrName(target, pp.child('targetPort')));
    const ap = str(port.appProtocol);
    if (port.appProtocol !== undefined && port.appProtocol !== null)
      errs.push(
        ...forMessages(isQualifiedName(ap), (m) => E.invalid(pp.child('appProtocol'), goQuote(ap), m)),
      );
  });
  errs.push(...validateLabels(spec.selector, sp.child('selector')));
  const affinity = str(spec.sessionAffinity) || 'None';
  if (affinity !== 'ClientIP' && affinity !== 'None')
    errs.push(E.notSupported(sp.child('sessionAffinity'), goQuote(affinity), ['ClientIP', 'None']));
  if (affinity === 'None' && spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null)
    errs.push(
      E.forbidden(sp.child('sessionAffinityConfig'), 'must not be set when session affinity is None'),
    );
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type))
    errs.push(
      E.notSupported(sp.child('type'), goQuote(type), [
        'ClusterIP',
        'ExternalName',
        'LoadBalancer',
        'NodePort',
      ]),
    );
  if (type === 'ClusterIP')
    ports.forEach((port, i) => {
      if ((num(port.nodePort) ?? 0) !== 0)
        errs.push(
          E.forbidden(
            sp.child('ports').index(i).child('nodePort'),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
    });
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    const np = num(port.nodePort) ?? 0;
    if (np === 0) return;
    const key = `${str(port.protocol) || 'TCP'}/${np}`;
    if (nodePorts.has(key)) errs.push(E.duplicate(sp.child('ports').index(i).child('nodePort'), String(np)));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const proto = str(port.protocol) || 'TCP';
    const pn = num(port.port) ?? 0;
    const key = `${proto}/${pn}`;
    if (seen.has(key))
      errs.push(
        E.duplicate(
          sp.child('ports').index(i),
          `core.ServicePort{Name:"", Protocol:${goQuote(proto)}, AppProtocol:(*string)(nil), Port:${pn}, ` +
            'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
        ),
      );
    seen.add(key);
  });
  const externallyAccessible =
    type === 'NodePort' || type === 'LoadBalancer' || arr(spec.externalIPs).length > 0;
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible && etp !== '')
    errs.push(
      E.invalid(
        sp.child('externalTrafficPolicy'),
        goQuote(etp),
        'may only be set for externally-accessible services',
      ),
    );
  if (externallyAccessible && etp !== '' && etp !== 'Cluster' && etp !== 'Local')
    errs.push(E.notSupported(sp.child('externalTrafficPolicy'), goQuote(etp), ['Cluster', 'Local']));
  const itp = str(spec.internalTrafficPolicy);
  if (itp !== '' && itp !== 'Cluster' && itp !== 'Local')
    errs.push(E.notSupported(sp.child('internalTrafficPolicy'), goQuote(itp), ['Cluster', 'Local']));
  return errs;
}
