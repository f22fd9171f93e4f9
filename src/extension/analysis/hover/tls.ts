// Hover topic tls / secretName (Ingress): the certificate each host gets.
import { code, list } from '../markdown';
import { arr, obj, str } from '../objects';
import type { Subject } from './subject';

export function tls(h: Subject): void {
  const t = h.t;
  const e = h.e;
  e.what = t(
    'HTTPS for the listed hosts with the certificate of the named Secret (type kubernetes.io/tls); plain HTTP to those hosts is redirected to HTTPS (308).',
  );
  const entries = arr(obj(h.self.body.spec).tls);
  const index = h.match.path[2];
  const chosen = typeof index === 'number' ? [entries[index]] : entries;
  for (const raw of chosen) {
    const entry = obj(raw);
    const hosts = arr(entry.hosts).map(String);
    const secretName = str(entry.secretName);
    if (!secretName) {
      e.here.push(t('{0}: no secretName, so the controller’s fake certificate is served.', list(hosts)));
      continue;
    }
    const secret = h.ctx.set.find(
      (o) => o.kind === 'Secret' && o.namespace === h.self.namespace && o.name === secretName,
    );
    if (secret) e.here.push(t('{0}: certificate from Secret {1}.', list(hosts), code(secretName)));
    else
      e.warnings.push(
        t(
          'Secret {0} is not in the simulated set, so the controller’s fake certificate is served (the course makes it with kubectl create secret tls).',
          code(secretName),
        ),
      );
  }
}
