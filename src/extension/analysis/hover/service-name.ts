// Hover topic serviceName (StatefulSet): the headless Service and the Pods' DNS names, with what
// keeps them from resolving.
import { code, list } from '../markdown';
import { labelsMatch, labelsText, obj, podSpecOf, str, strMap } from '../objects';
import { isHeadless, podDnsName, serviceNamed } from '../services';
import type { Subject } from './subject';

export function serviceName(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const s = h.self;
  const serviceName = str(h.value()) ?? '';
  e.what = t(
    'Names the headless Service that gives each Pod a DNS name `<pod>.<serviceName>.<namespace>.svc.cluster.local`, so another Pod can reach one chosen Pod. The StatefulSet does not create that Service; you do.',
  );
  if (!serviceName) return;
  e.dynamic = true;
  const names = h.podNames().filter((n) => n !== '…');
  const dns = names.map((n) => podDnsName(n, serviceName, s.namespace));
  if (dns.length > 0) e.here.push(t('DNS names: {0}', list(dns)));
  if (names.length > 0)
    e.here.push(
      t(
        'From a Pod in namespace {0}, the short form {1} works too (DNS search path).',
        code(s.namespace),
        code(`${names[0]}.${serviceName}`),
      ),
    );
  const service = serviceNamed(h.ctx.set, s.namespace, serviceName);
  if (!service) {
    e.warnings.push(
      t(
        'No headless Service {0} in the simulated set: these names do not resolve. Create a Service with clusterIP: None — the StatefulSet does not create it.',
        code(serviceName),
      ),
    );
  } else if (!isHeadless(service)) {
    e.warnings.push(
      t('Service {0} is not headless (clusterIP: None): these names do not resolve.', code(serviceName)),
    );
  } else {
    const pod = podSpecOf(s);
    if (pod && !labelsMatch(obj(obj(service.body.spec).selector), pod.labels, true))
      e.warnings.push(
        t(
          'Service {0} does not select these Pods (selector {1}): these names do not resolve.',
          code(serviceName),
          code(labelsText(strMap(obj(service.body.spec).selector))),
        ),
      );
  }
  const run = h.ctx.run;
  const svc = run?.state.services.find((x) => x.namespace === s.namespace && x.name === serviceName);
  if (svc) {
    const mine = new Set(h.podsOwned().map((p) => p.name));
    for (const ep of svc.endpoints.filter((x) => mine.has(x.pod)))
      e.here.push(
        t(
          '{0} → {1} ({2})',
          code(podDnsName(ep.pod, serviceName, s.namespace)),
          code(ep.ip),
          ep.ready ? t('ready') : t('not ready: no answer yet'),
        ),
      );
  }
}
