// The cluster at the cursor, drawn: one card per node with its pods and their claims, the pods not
// scheduled, and the claims no pod mounts; long lists stop at PODS_PER_NODE until "Show all".

import type { PodOnNode, SnapshotAt } from './cluster-at';
import { PODS_PER_NODE } from './constants';
import { badge, button, el, fmtT, statusClass } from './dom';
import { claimItem } from './steps';
import { l10n } from './l10n';

/** The cards of the snapshot panel; `expanded` holds the keys of the cards showing every pod. */
export function snapshotCards(
  snap: SnapshotAt,
  showNs: boolean,
  expanded: ReadonlySet<string>,
  t: number,
): DocumentFragment {
  const frag = document.createDocumentFragment();
  const card = (title: string, cls: string, list: PodOnNode[], key: string): HTMLElement => {
    const c = el('div', `node ${cls}`);
    const h = el('h4', undefined, title);
    h.appendChild(badge(String(list.length)));
    c.appendChild(h);
    if (list.length === 0) {
      c.appendChild(el('p', 'muted', l10n.t('no pods')));
      return c;
    }
    const ul = el('ul', 'pods');
    const all = expanded.has(key);
    const shown = all ? list : list.slice(0, PODS_PER_NODE);
    for (const p of shown) {
      const li = el('li');
      const row = el('div', 'pod');
      const notReady = p.pod.status === 'Running' && !p.pod.ready;
      const dot = el('span', `dot ${statusClass(p.pod.status)}${notReady ? ' notready' : ''}`);
      dot.setAttribute('aria-hidden', 'true');
      row.appendChild(dot);
      const inc = p.pod;
      row.appendChild(el('span', 'name', showNs ? `${inc.namespace}/${inc.name}` : inc.name));
      row.appendChild(el('span', 'st', notReady ? l10n.t('Running, not ready') : p.pod.status));
      li.appendChild(row);
      if (p.claims.length > 0) {
        const cl = el('ul', 'claims');
        for (const c of p.claims) cl.appendChild(claimItem(c.name, c.claim));
        li.appendChild(cl);
      }
      ul.appendChild(li);
    }
    c.appendChild(ul);
    if (list.length > PODS_PER_NODE) {
      const more = button(all ? l10n.t('Show fewer') : l10n.t('Show all {0}', list.length), {
        secondary: true,
      });
      more.classList.add('more');
      more.dataset.node = key;
      c.appendChild(more);
    }
    return c;
  };
  for (const [node, list] of snap.byNode) {
    // A node that is not plain Ready says so in its title (NotReady, SchedulingDisabled).
    const status = snap.nodeStatus[node];
    const title = status && status !== 'Ready' ? `${node} · ${status}` : node;
    frag.appendChild(card(title, status?.startsWith('NotReady') ? 'notready' : '', list, node));
  }
  if (snap.unscheduled.length > 0)
    frag.appendChild(card(l10n.t('Not scheduled'), 'unscheduled', snap.unscheduled, '\u0000unscheduled'));
  if (snap.unmounted.length > 0) {
    const c = el('div', 'node claimsonly');
    const h = el('h4', undefined, l10n.t('Claims not mounted'));
    h.appendChild(badge(String(snap.unmounted.length)));
    c.appendChild(h);
    const ul = el('ul', 'claims');
    const all = expanded.has('\u0000claims');
    for (const claim of all ? snap.unmounted : snap.unmounted.slice(0, PODS_PER_NODE)) {
      const inc = claim;
      ul.appendChild(claimItem(showNs ? `${inc.namespace}/${inc.name}` : inc.name, claim));
    }
    c.appendChild(ul);
    if (snap.unmounted.length > PODS_PER_NODE) {
      const more = button(all ? l10n.t('Show fewer') : l10n.t('Show all {0}', snap.unmounted.length), {
        secondary: true,
      });
      more.classList.add('more');
      more.dataset.node = '\u0000claims';
      c.appendChild(more);
    }
    frag.appendChild(c);
  }
  if (!frag.hasChildNodes())
    frag.appendChild(el('p', 'muted', l10n.t('The cluster has no nodes, pods or claims at {0}.', fmtT(t))));
  return frag;
}
