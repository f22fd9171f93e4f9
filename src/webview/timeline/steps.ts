// Steps and expectations
import { type PvcState } from '../../engine/snapshot';
import { type NotSimulatedView, type RejectionView, type ScenarioView } from '../model';
import type { ObjectChange } from '../../shared/protocol';
import type { PvcAt } from '../../shared/cluster-at';
import { el, fmtT, hidden, statusClass } from './dom';
import { l10n } from './l10n';

export function renderSteps(s: ScenarioView, idx: number): HTMLElement {
  const sec = el('section', 'steps');
  const h = el('h3', undefined, l10n.t('Steps and expectations'));
  h.id = `st-h-${idx}`;
  sec.setAttribute('aria-labelledby', h.id);
  sec.appendChild(h);
  const steps = s.steps ?? [];
  if (steps.length === 0) {
    sec.appendChild(
      el(
        'p',
        'muted',
        l10n.t('This run has no steps: the manifests were applied at 0s and the cluster settled.'),
      ),
    );
    return sec;
  }
  const table = el('table', 'expect');
  const thead = el('thead');
  const hr = el('tr');
  for (const c of [l10n.t('Step'), l10n.t('Time'), l10n.t('Result'), l10n.t('Expectations and notes')]) {
    const th = el('th', undefined, c);
    th.scope = 'col';
    hr.appendChild(th);
  }
  thead.appendChild(hr);
  table.appendChild(thead);
  const tbody = el('tbody');
  steps.forEach((st, i) => {
    const tr = el('tr');
    const th = el('th', undefined, `${i + 1} ${st.type}`);
    th.scope = 'row';
    tr.appendChild(th);
    tr.appendChild(
      el('td', 'num', st.end > st.start ? `${fmtT(st.start)} → ${fmtT(st.end)}` : fmtT(st.start)),
    );
    const exps = st.expectations ?? [];
    const failed = exps.filter((e) => !e.ok).length;
    const res = el('td', 'res');
    if (exps.length === 0) res.appendChild(el('span', 'muted', '—'));
    else
      res.appendChild(
        mark(
          failed === 0,
          failed === 0 ? l10n.t('{0} held', exps.length) : l10n.t('{0} of {1} failed', failed, exps.length),
        ),
      );
    tr.appendChild(res);
    const td = el('td');
    const ul = el('ul', 'checks');
    for (const e of exps) {
      const li = el('li', e.ok ? 'ok' : 'bad');
      li.appendChild(mark(e.ok));
      li.appendChild(el('span', 'text', e.text));
      ul.appendChild(li);
    }
    for (const r of st.rejected ?? []) ul.appendChild(noteItem(rejectedText(r), 'bad'));
    for (const n of st.notSimulated ?? []) ul.appendChild(noteItem(notSimulatedText(n), 'warn'));
    if (st.settled === false)
      ul.appendChild(noteItem(l10n.t('did not settle within the settle limit'), 'warn'));
    for (const line of st.output ?? []) ul.appendChild(noteItem(line, 'muted'));
    const changes = st.changes ?? [];
    for (const c of changes) if (c.change !== 'unchanged') ul.appendChild(changeItem(c));
    const same = changes.filter((c) => c.change === 'unchanged').map((c) => `${c.kind}/${c.name}`);
    if (same.length > 0) ul.appendChild(noteItem(l10n.t('unchanged: {0}', same.join(', ')), 'muted'));
    if (ul.childElementCount === 0)
      ul.appendChild(noteItem(l10n.t('nothing to check in this step'), 'muted'));
    td.appendChild(ul);
    tr.appendChild(td);
    tbody.appendChild(tr);
  });
  table.appendChild(tbody);
  sec.appendChild(table);
  return sec;
}

/** One object of a "Simulate This Change" apply: what changed, field by field. */
function changeItem(c: ObjectChange): HTMLLIElement {
  const object = `${c.kind}/${c.name}`;
  const text = {
    added: () => l10n.t('{0} added', object),
    changed: () => l10n.t('{0} changed', object),
    unchanged: () => l10n.t('{0} unchanged', object),
    removed: () => l10n.t('{0} removed from the files (kubectl apply leaves it running)', object),
  }[c.change]();
  const li = noteItem(text, 'change');
  if (c.fields.length > 0) {
    const fields = el('ul', 'fields');
    for (const f of c.fields) {
      const item = el('li', 'field');
      item.appendChild(el('code', 'path', f.path));
      item.appendChild(el('span', 'before', f.before ?? l10n.t('(not set)')));
      item.appendChild(el('span', 'arrow', ' → '));
      item.appendChild(el('span', 'after', f.after ?? l10n.t('(not set)')));
      fields.appendChild(item);
    }
    if (c.moreFields > 0) fields.appendChild(el('li', 'field muted', l10n.t('… and {0} more', c.moreFields)));
    li.appendChild(fields);
  }
  return li;
}

export function mark(ok: boolean, text?: string): HTMLSpanElement {
  const span = el('span', ok ? 'mark ok' : 'mark bad');
  const sym = el('span', 'sym', ok ? '✓' : '✗');
  sym.setAttribute('aria-hidden', 'true');
  span.appendChild(sym);
  span.appendChild(
    text !== undefined
      ? el('span', 'marktext', ` ${text}`)
      : hidden(ok ? l10n.t('passed: ') : l10n.t('failed: ')),
  );
  return span;
}

type Rejected = RejectionView;
type NotSimulated = NotSimulatedView;

/** An object the API server refused, with its message as the API server wrote it. */
export function rejectedText(r: Rejected): string {
  return l10n.t('rejected {0} ({1}): {2}', `${r.kind}/${r.name}`, `${r.file}:${r.line}`, r.message);
}

export function notSimulatedText(n: NotSimulated): string {
  return l10n.t('not simulated: {0} ({1})', `${n.kind}/${n.name}`, `${n.file}:${n.line}`);
}

export function noteItem(text: string, cls: string): HTMLLIElement {
  return el('li', `note ${cls}`, text);
}

export function claimItem(name: string, claim: PvcAt | PvcState | null): HTMLLIElement {
  const status = claim ? claim.status : null;
  const volume = claim ? claim.volume : null;
  const li = el('li', 'claim');
  const dot = el('span', `dot ${status ? statusClass(status) : 's-failed'}`);
  dot.setAttribute('aria-hidden', 'true');
  li.appendChild(dot);
  li.appendChild(el('span', 'kind k-pvc', 'PVC'));
  li.appendChild(el('span', 'name', name));
  li.appendChild(el('span', 'st', status ?? l10n.t('missing')));
  if (volume) li.appendChild(el('span', 'vol', volume));
  return li;
}
