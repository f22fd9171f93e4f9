// Hover topic nginx.ingress.kubernetes.io/canary* annotations: what each does and how this canary
// splits the primary's requests.
import {
  ANNOTATION_PREFIX,
  CANARY_ANNOTATION,
  annotationsOf,
  canaryShare,
  goBool,
  ingressPaths,
  primaryFor,
} from '../ingress';
import { ignoredCanaryOf, ignoredCanaryText } from '../canaries';
import { code, escapeMarkdown } from '../markdown';
import type { Subject } from './subject';

export function canary(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const key = String(h.match.path[2]);
  const suffix = key.slice(ANNOTATION_PREFIX.length);
  const annotations = annotationsOf(h.self);
  switch (suffix) {
    case 'canary':
      e.what = t(
        'Marks this Ingress as a canary of the Ingress with the same host, path and pathType (the primary); it adds no routes of its own.',
      );
      break;
    case 'canary-weight':
      e.what = t(
        'The share of requests (out of canary-weight-total, default 100) sent to the canary; each request is drawn separately.',
      );
      break;
    case 'canary-weight-total':
      e.what = t(
        'The total that canary-weight is counted against (default 100; values below 100 are ignored).',
      );
      break;
    case 'canary-by-header':
      e.what = t(
        'Requests carrying this header go to the canary when its value is always, to the primary when never; any other value falls through to cookie and weight (unless canary-by-header-value is set).',
      );
      break;
    case 'canary-by-header-value':
      e.what = t(
        'Requests whose canary-by-header header equals this value exactly go to the canary; other values fall through to cookie and weight.',
      );
      break;
    case 'canary-by-header-pattern':
      e.what = t('Like canary-by-header-value, with a regular expression.');
      break;
    case 'canary-by-cookie':
      e.what = t('Requests with this cookie set to always go to the canary, never to the primary.');
      break;
    default:
      e.what = t('An ingress-nginx canary annotation.');
  }
  if (goBool(annotations[CANARY_ANNOTATION]) !== true) {
    e.warnings.push(
      t(
        'Ignored: nginx.ingress.kubernetes.io/canary is not "true", so this Ingress is served as a normal one.',
      ),
    );
    return;
  }
  // CAN-ONE, CAN-SVC-REUSE: a canary ingress-nginx never consults promises no route.
  const ignored = ignoredCanaryOf(h.self, h.ctx.set, h.ctx.cluster);
  if (ignored.length > 0) {
    for (const c of ignored) e.warnings.push(escapeMarkdown(ignoredCanaryText(c, t)));
    return;
  }
  const paths = ingressPaths(h.self);
  const share = canaryShare(annotations);
  const header = annotations[`${ANNOTATION_PREFIX}canary-by-header`];
  const headerValue = annotations[`${ANNOTATION_PREFIX}canary-by-header-value`];
  const cookie = annotations[`${ANNOTATION_PREFIX}canary-by-cookie`];
  for (const p of paths.slice(0, 8)) {
    const primary = primaryFor(p, h.ctx.set);
    const where = code(`${p.host}${p.path}`);
    if (!primary) {
      e.warnings.push(
        t(
          'No primary Ingress with host {0}, path {1} ({2}): this canary is ignored.',
          code(p.host || t('(any host)')),
          code(p.path),
          escapeMarkdown(p.pathType),
        ),
      );
      continue;
    }
    if (suffix === 'canary-weight' || suffix === 'canary-weight-total' || suffix === 'canary') {
      e.here.push(
        t(
          'About {0}% of the requests for {1} go to {2}; the rest to {3} of Ingress {4}.',
          share.percent,
          where,
          code(p.service),
          code(primary.service),
          code(primary.ing.name),
        ),
      );
    }
    if (
      header &&
      (suffix === 'canary-by-header' || suffix === 'canary-by-header-value' || suffix === 'canary')
    )
      e.here.push(
        headerValue
          ? t(
              '{0}: {1} on {2} → {3}; other values fall through.',
              code(header),
              code(headerValue),
              where,
              code(p.service),
            )
          : t(
              '{0}: always on {1} → {2}; never → {3}.',
              code(header),
              where,
              code(p.service),
              code(primary.service),
            ),
      );
    if (cookie && (suffix === 'canary-by-cookie' || suffix === 'canary'))
      e.here.push(t('Cookie {0}=always on {1} → {2}.', code(cookie), where, code(p.service)));
    if (suffix === 'canary-weight')
      e.here.push(
        t(
          'The split is attached to Service {0}, so every host and path that uses it is split the same way.',
          code(primary.service),
        ),
      );
  }
  if (suffix === 'canary-weight' && (header || cookie))
    e.here.push(t('Header and cookie rules are checked first; the weight decides the rest.'));
  if (suffix === 'canary-weight' && share.percent > 0 && share.percent < 100)
    e.notes.push(
      t(
        'The course says {0}% of the traffic goes to the canary; each request is drawn separately, so that is the share over many requests, not exactly one in every {1}.',
        share.percent,
        Math.round(100 / share.percent),
      ),
    );
}
