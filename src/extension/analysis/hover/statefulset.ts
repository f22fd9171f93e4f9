// Hover topics of a StatefulSet's Pods: what its replicas make here (names, order, claims, scale-down),
// podManagementPolicy and updateStrategy.
import { code } from '../markdown';
import { arr, num, obj, str } from '../objects';
import { ordinalsOf } from '../services';
import type { Subject } from './subject';

export function statefulSetHere(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const s = h.self;
  const spec = obj(s.body.spec);
  const names = h.podNames();
  const render = (list: string[], sep: string): string =>
    list.map((n) => (n === '…' ? '…' : code(n))).join(sep);
  e.dynamic = true;
  if (names.length === 0) {
    e.here.push(t('No Pods: replicas is 0.'));
  } else if (spec.podManagementPolicy === 'Parallel') {
    e.here.push(t('Pods {0}, all created at once (Parallel).', render(names, ', ')));
  } else {
    e.here.push(t('Pods {0}, each after the previous is Running and Ready.', render(names, ' → ')));
  }
  const templates = arr(spec.volumeClaimTemplates)
    .map((v) => str(obj(obj(v).metadata).name))
    .filter((n): n is string => !!n);
  if (templates.length > 0 && names.length > 0) {
    const claims = templates.flatMap((tpl) => names.map((n) => (n === '…' ? '…' : `${tpl}-${n}`)));
    e.here.push(t('Claims {0}, each created just before its Pod and kept for it.', render(claims, ', ')));
  }
  if (names.length > 0) {
    const reversed = [...names].reverse();
    e.here.push(t('Scaling to 0 removes {0}, one at a time.', render(reversed, ' → ')));
  }
  const order = creationOrder(h);
  if (order) e.here.push(t('In the simulation: created {0}.', order));
  e.here.push(...h.podLines(h.podsOwned()));
}

/** `web-0 (0s) → web-1 (3s)`: the order the StatefulSet created its Pods in. */
function creationOrder(h: Subject): string | null {
  const run = h.ctx.run;
  if (!run) return null;
  const created: string[] = [];
  for (const ev of run.events) {
    if (ev.reason !== 'SuccessfulCreate' || ev.object.kind !== h.self.kind) continue;
    if (ev.object.name !== h.self.name || ev.object.namespace !== h.self.namespace) continue;
    if (ev.related?.kind === 'Pod') created.push(`${code(ev.related.name)} (${formatSeconds(ev.t)})`);
  }
  if (created.length === 0) return null;
  return (created.length > 7 ? [...created.slice(0, 3), '…', ...created.slice(-2)] : created).join(' → ');
}

export function podManagementPolicy(h: Subject): void {
  const t = h.t;
  h.e.what = t(
    'OrderedReady (default): Pods are created one at a time in ordinal order, each after the previous is Running and Ready, and removed from the highest ordinal down. Parallel: all at once, without waiting.',
  );
  statefulSetHere(h);
}

export function updateStrategy(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const spec = obj(h.self.body.spec);
  const strategy = obj(spec.updateStrategy);
  e.what = t(
    'RollingUpdate (default): on a template change the Pods are replaced from the highest ordinal down, one at a time, each after the previous is Ready again; Pods below partition keep the old template. OnDelete: only the Pods you delete get the new template.',
  );
  if (strategy.type === 'OnDelete') {
    e.here.push(t('A template change replaces no Pod until you delete it.'));
    return;
  }
  const partition = num(obj(strategy.rollingUpdate).partition) ?? 0;
  const { start } = ordinalsOf(h.self);
  const names = h.podNames().filter((n) => {
    const ordinal = Number(n.slice(h.self.name.length + 1));
    return n === '…' || !(ordinal < start + partition);
  });
  if (names.length === 0) e.here.push(t('partition {0}: a template change reaches no Pod.', partition));
  else
    e.here.push(
      t(
        'A template change replaces {0}.',
        [...names]
          .reverse()
          .map((n) => (n === '…' ? '…' : code(n)))
          .join(' → '),
      ),
    );
}

function formatSeconds(t: number): string {
  return `${Math.round(t * 10) / 10}s`;
}
