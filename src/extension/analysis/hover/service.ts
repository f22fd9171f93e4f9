// Hover topic clusterIP, and what a Service does here (selected Pods, headless names, endpoints) for
// the Service topics.
import { code, list } from '../markdown';
import { labelsText, obj, strMap } from '../objects';
import { isHeadless, ordinalsOf, podDnsName, selectedTemplates } from '../services';
import type { Subject } from './subject';

export function clusterIP(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const v = h.value();
  if (v === 'None') {
    e.what = t(
      'clusterIP: None makes a headless Service: no virtual IP; its DNS name gives the IPs of the ready Pods, and StatefulSet Pods that name it in serviceName get names of their own.',
    );
  } else {
    e.what = t(
      'The virtual IP of the Service; requests to it are spread over the ready Pods. Usually left out so that one is allocated.',
    );
  }
  serviceHere(h);
}

export function serviceHere(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const s = h.self;
  const selector = obj(obj(s.body.spec).selector);
  e.dynamic = true;
  if (Object.keys(strMap(selector)).length === 0) {
    e.here.push(t('No selector: no endpoints are kept for this Service.'));
    return;
  }
  const matched = selectedTemplates(h.ctx.set, s.namespace, selector);
  if (matched.length > 0)
    e.here.push(t('Selects the Pods of {0}.', list(matched.map((m) => `${m.kind}/${m.name}`))));
  else
    e.warnings.push(
      t(
        'No Pod or Pod template in the simulated set has the labels {0}: this Service gets no endpoints.',
        code(labelsText(strMap(selector))),
      ),
    );
  if (isHeadless(s)) {
    const users = h.ctx.set.filter(
      (o) =>
        o.kind === 'StatefulSet' && o.namespace === s.namespace && obj(o.body.spec).serviceName === s.name,
    );
    for (const sts of users) {
      const { start } = ordinalsOf(sts);
      e.here.push(
        t(
          'StatefulSet {0} names it in serviceName: {1}',
          code(sts.name),
          code(podDnsName(`${sts.name}-${start}`, s.name, s.namespace)),
        ),
      );
    }
  }
  const svc = h.ctx.run?.state.services.find((x) => x.namespace === s.namespace && x.name === s.name);
  if (svc) {
    e.here.push(
      svc.endpoints.length > 0
        ? t(
            'In the simulation: ClusterIP {0}, endpoints {1}',
            code(svc.clusterIP),
            svc.endpoints
              .map((ep) => `${code(ep.pod)} ${code(ep.ip)}${ep.ready ? '' : ` (${t('not ready')})`}`)
              .join(', '),
          )
        : t('In the simulation: ClusterIP {0}, no endpoints', code(svc.clusterIP)),
    );
  }
}
