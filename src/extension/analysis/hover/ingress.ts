// Hover topics of an Ingress: ingressClassName (whether ingress-nginx serves it), host, path and
// pathType; also its routes and the note on "an Ingress alone does nothing".
import { annotationsOf, ingressPaths, isCanary, type IngressPath } from '../ingress';
import { code, escapeMarkdown } from '../markdown';
import { arr, obj, str } from '../objects';
import { serviceNamed } from '../services';
import type { Subject } from './subject';

export function ingressClassName(h: Subject): void {
  h.e.what = h.t(
    'Which Ingress Controller serves this Ingress (IngressClass). Without a controller an Ingress is stored and nothing happens.',
  );
  servedHere(h);
  ingressNote(h);
}

export function host(h: Subject): void {
  const t = h.t;
  const e = h.e;
  e.what = t(
    'The domain this rule serves, matched against the Host header (the host of the URL). Exact names win over wildcards (`*.example.com`: one label); a rule without host serves any host.',
  );
  for (const p of rulePaths(h).slice(0, 8)) e.here.push(routeLine(h, p));
  const host = str(h.value()) ?? '';
  const tls = arr(obj(h.self.body.spec).tls).some((x) => arr(obj(x).hosts).includes(host));
  if (tls) e.here.push(t('Listed in tls: plain HTTP to {0} is redirected to HTTPS (308).', code(host)));
  const why = whyNotServed(h);
  if (why) e.warnings.push(why);
}

export function path(h: Subject): void {
  const t = h.t;
  const e = h.e;
  e.what = t(
    'Requests whose path matches go to this backend. Prefix matches whole path elements (`/customer` matches `/customer` and `/customer/1`, not `/customers`); Exact matches only the path itself; ImplementationSpecific is treated as Prefix. The longest match wins, across all Ingresses of the host.',
  );
  const rule = h.match.path[2];
  const index = h.match.path[5];
  const p = ingressPaths(h.self).find((x) => x.rule === rule && x.index === index);
  if (!p) return;
  e.here.push(routeLine(h, p));
  if (p.pathType === 'Exact') e.here.push(t('Matches only {0}.', code(p.path)));
  else if (p.path === '/') e.here.push(t('Matches every path not matched by a longer one.'));
  else {
    const base = p.path.replace(/\/+$/, '');
    e.here.push(t('Matches {0} and {1}, not {2}.', code(base), code(`${base}/…`), code(`${base}x`)));
  }
  const service = serviceNamed(h.ctx.set, h.self.namespace, p.service);
  if (p.service && !service)
    e.warnings.push(
      t('Service {0} is not in the simulated set: requests for this path get 503.', code(p.service)),
    );
}

/** Null when ingress-nginx serves the Ingress, else why not. */
function whyNotServed(h: Subject): string | null {
  const t = h.t;
  if (h.ctx.cluster.ingressController === 'none')
    return t('No Ingress Controller in this cluster: the Ingress is stored and nothing happens.');
  const spec = obj(h.self.body.spec);
  const className = str(spec.ingressClassName);
  if (className !== undefined) {
    if (className === 'nginx') return null;
    const cls = h.ctx.set.find((o) => o.kind === 'IngressClass' && o.name === className);
    if (!cls) return t('No IngressClass {0}: no controller serves this Ingress.', code(className));
    const controller = str(obj(cls.body.spec).controller) ?? '';
    return controller === 'k8s.io/ingress-nginx'
      ? null
      : t(
          'IngressClass {0} belongs to {1}, not ingress-nginx: nothing serves this Ingress here.',
          code(className),
          code(controller),
        );
  }
  const annotation = annotationsOf(h.self)['kubernetes.io/ingress.class'];
  if (annotation === 'nginx') return null;
  return t(
    'Neither ingressClassName nor the kubernetes.io/ingress.class annotation: ingress-nginx ignores this Ingress.',
  );
}

export function servedHere(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const why = whyNotServed(h);
  if (why) e.warnings.push(why);
  else
    e.here.push(
      t(
        'Served by ingress-nginx (class nginx), reached from outside on the node ports 30431 (HTTP) and 30798 (HTTPS).',
      ),
    );
  if (isCanary(h.self)) {
    e.here.push(t('A canary: it adds no routes of its own but splits the matching primary Ingress.'));
    return;
  }
  for (const p of ingressPaths(h.self).slice(0, 8)) e.here.push(routeLine(h, p));
}

function routeLine(h: Subject, p: IngressPath): string {
  const t = h.t;
  return t(
    '{0} ({1}) → Service {2}',
    code(`${p.host}${p.path}`),
    escapeMarkdown(p.pathType),
    code(`${p.service}:${p.port ?? '-'}`),
  );
}

function rulePaths(h: Subject): IngressPath[] {
  const rule = h.match.path[2];
  return ingressPaths(h.self).filter((p) => p.rule === rule);
}

export function ingressNote(h: Subject): void {
  if (h.ctx.cluster.ingressController === 'none') return;
  h.e.notes.push(
    h.t(
      'The course says an Ingress alone does nothing — true without an Ingress Controller. This simulated cluster has ingress-nginx installed; a Scenario with cluster.ingressController: none shows the other case.',
    ),
  );
}
