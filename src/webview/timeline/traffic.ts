// Traffic
import type { RequestSent } from '../../shared/protocol';
import { type RequestView, type StepView } from '../model';
import { badge, byNameNumeric, el, fmtPct, fmtT } from './dom';
import { l10n } from './l10n';

/** Colour classes for the parts of a bar, in order (the biggest part first). */
export const PART_COLOURS = 8;

export function renderSplit(
  title: string,
  counts: Record<string, number>,
  total: number,
  none: string,
  name: (k: string) => string,
): HTMLElement {
  const box = el('div', 'split');
  box.appendChild(el('h5', undefined, title));
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || byNameNumeric(a[0], b[0]))
    .map(([k, n], i) => ({ label: name(k), n, cls: `c${i % PART_COLOURS}` }));
  const sum = parts.reduce((a, p) => a + p.n, 0);
  if (sum < total) parts.push({ label: none, n: total - sum, cls: 'cnone' });
  const bar = el('div', 'bar');
  bar.setAttribute('aria-hidden', 'true');
  const legend = el('ul', 'blegend');
  legend.setAttribute('aria-label', title);
  for (const p of parts) {
    const seg = el('div', `bseg ${p.cls}`);
    seg.style.width = `${((p.n / Math.max(1, total)) * 100).toFixed(4)}%`;
    seg.setAttribute('title', `${p.label}: ${fmtPct(p.n, total)} (${p.n})`);
    bar.appendChild(seg);
    const li = el('li');
    li.append(
      el('span', `sw ${p.cls}`),
      el('span', 'lbl', p.label),
      el('span', 'pc', fmtPct(p.n, total)),
      el('span', 'ct', `${p.n}`),
    );
    legend.appendChild(li);
  }
  box.append(bar, legend);
  return box;
}

export function renderTrafficCard(st: StepView, req: RequestView): HTMLElement {
  const card = el('article', 'tcard');
  const h = el('h4', undefined, l10n.t('Step {0}: request at {1}', st.index + 1, fmtT(st.start)));
  h.appendChild(badge(req.count === 1 ? l10n.t('1 request') : l10n.t('{0} requests', req.count)));
  card.appendChild(h);
  if (req.sent) card.appendChild(renderSent(req.sent));
  const total = req.count;
  card.appendChild(
    renderSplit(l10n.t('By Service'), req.byService ?? {}, total, l10n.t('no Service answered'), (k) => k),
  );
  card.appendChild(
    renderSplit(l10n.t('By pod'), req.byPod ?? {}, total, l10n.t('no pod answered'), (k) => k),
  );
  card.appendChild(
    renderSplit(l10n.t('By status'), req.byStatus ?? {}, total, l10n.t('no answer'), (k) =>
      k === '0' ? l10n.t('no answer (connection refused)') : `HTTP ${k}`,
    ),
  );
  const reasons = req.reasons ?? [];
  if (reasons.length > 0) {
    const box = el('div', 'split');
    box.appendChild(el('h5', undefined, l10n.t('Why')));
    const ul = el('ul', 'reasons');
    for (const r of reasons) {
      const li = el('li');
      li.append(
        el('span', 'ct', `${r.count}×`),
        ` ${r.reason} `,
        el('span', 'muted', `(${fmtPct(r.count, total)})`),
      );
      ul.appendChild(li);
    }
    box.appendChild(ul);
    card.appendChild(box);
  }
  return card;
}

/** What was sent: method and URL, each header and cookie on its own line, and from where. */
function renderSent(sent: RequestSent): HTMLElement {
  const box = el('div', 'sent');
  box.setAttribute('aria-label', l10n.t('Request sent'));
  box.appendChild(el('code', 'sent-url', `${sent.method} ${sent.url}`));
  const lines = el('ul', 'sent-headers');
  for (const [k, v] of Object.entries(sent.headers)) lines.appendChild(el('li', undefined, `${k}: ${v}`));
  const cookies = Object.entries(sent.cookies);
  if (cookies.length > 0)
    lines.appendChild(el('li', undefined, `Cookie: ${cookies.map(([k, v]) => `${k}=${v}`).join('; ')}`));
  if (lines.childElementCount > 0) box.appendChild(lines);
  box.appendChild(
    el(
      'div',
      'muted',
      sent.from
        ? l10n.t(
            'sent by pod {0}, inside the cluster (cluster DNS, Service IPs)',
            `${sent.from.namespace}/${sent.from.pod}`,
          )
        : l10n.t('sent from outside the cluster, through the ingress controller'),
    ),
  );
  return box;
}
