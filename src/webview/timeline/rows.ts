// Rows
import { type SimEvent } from '../../engine/types';
import { type StepView } from '../model';
import { ellipsisSplit } from '../../shared/names';
import { SHORT_KIND } from './constants';
import { details, el, fmtT, hidden, pct, statusClass } from './dom';
import { Group, Lane, Model, eventText, objectText, segmentText } from './lanes';
import { l10n } from './l10n';

export function laneHistory(lane: Lane): string[] {
  const lines: string[] = [];
  let ready: boolean | undefined;
  for (const tr of lane.inc.transitions ?? []) {
    if (tr.ready !== undefined) ready = tr.ready;
    let s = `${fmtT(tr.t)}  ${tr.status}`;
    if (tr.status === 'Running' && ready !== undefined)
      s += ready ? l10n.t(', ready') : l10n.t(', not ready');
    if (tr.node) s += l10n.t(', on {0}', tr.node);
    lines.push(s);
  }
  return lines;
}

export function renderMarker(
  e: SimEvent,
  domain: number,
  nudge: number,
  withObject: boolean,
): HTMLButtonElement {
  const b = el('button', `ev ${e.type === 'Warning' ? 'ev-warning' : 'ev-normal'}`);
  b.type = 'button';
  b.tabIndex = -1;
  const label = `${withObject ? `${objectText(e.object)}: ` : ''}${eventText(e)}`;
  b.setAttribute('title', `${e.reason}: ${e.message}`);
  b.setAttribute('aria-label', label);
  b.dataset.t = String(e.t);
  b.appendChild(hidden(label));
  b.style.left = nudge > 0 ? `calc(${pct(e.t, domain)} + ${nudge * 7}px)` : pct(e.t, domain);
  details.set(b, () => ({
    title: l10n.t('{0} {1} at {2}', e.type, e.reason, fmtT(e.t)),
    lines: [objectText(e.object), e.message, e.source ? l10n.t('from {0}', e.source) : ''].filter(
      (x) => x !== '',
    ),
  }));
  return b;
}

/** One marker for many events close together (a row with hundreds of events, e.g. a workload's). */
export function renderCluster(events: SimEvent[], domain: number, withObject: boolean): HTMLButtonElement {
  const first = events[0];
  const last = events[events.length - 1];
  const warnings = events.filter((e) => e.type === 'Warning').length;
  const b = el('button', `ev ev-cluster ${warnings > 0 ? 'ev-warning' : 'ev-normal'}`);
  b.type = 'button';
  b.tabIndex = -1;
  const title =
    first.t === last.t
      ? l10n.t('{0} events at {1}', events.length, fmtT(first.t))
      : l10n.t('{0} events from {1} to {2}', events.length, fmtT(first.t), fmtT(last.t));
  const reasons = [...new Set(events.map((e) => e.reason))].slice(0, 4).join(', ');
  const label = `${title}: ${reasons}`;
  b.setAttribute('title', label);
  b.setAttribute('aria-label', label);
  b.dataset.t = String(first.t);
  b.appendChild(hidden(l10n.t('{0}. First: {1}', label, eventText(first))));
  b.style.left = pct(first.t, domain);
  details.set(b, () => ({
    title,
    lines: [
      ...events.slice(0, 40).map((e) => `${withObject ? `${objectText(e.object)}: ` : ''}${eventText(e)}`),
      events.length > 40 ? l10n.t('… and {0} more', events.length - 40) : '',
    ].filter((x) => x !== ''),
  }));
  return b;
}

/** Rows with more events than this draw close events as one cluster marker. */
export const CLUSTER_OVER = 120;
/** Cluster width, as a fraction of the run. */
export const CLUSTER_SPAN = 1 / 400;

export function appendMarkers(
  track: HTMLElement,
  events: SimEvent[],
  domain: number,
  withObject: boolean,
): void {
  if (events.length > CLUSTER_OVER) {
    let bucket: SimEvent[] = [];
    let key = NaN;
    const flush = () => {
      if (bucket.length === 1) track.appendChild(renderMarker(bucket[0], domain, 0, withObject));
      else if (bucket.length > 1) track.appendChild(renderCluster(bucket, domain, withObject));
      bucket = [];
    };
    for (const e of events) {
      const k = Math.floor(e.t / (domain * CLUSTER_SPAN));
      if (k !== key) flush();
      key = k;
      bucket.push(e);
    }
    flush();
    return;
  }
  let lastT = NaN;
  let nudge = 0;
  for (const e of events) {
    nudge = e.t === lastT ? nudge + 1 : 0;
    lastT = e.t;
    track.appendChild(renderMarker(e, domain, Math.min(nudge, 4), withObject));
  }
}

export type Row = { type: 'group'; group: Group } | { type: 'lane'; group: Group; lane: Lane };

export function renderLane(lane: Lane, model: Model): HTMLElement {
  const { inc } = lane;
  const row = el('div', 'lane');
  row.setAttribute('role', 'group');
  const kind = SHORT_KIND[inc.kind] ?? inc.kind;
  const name = model.showNamespace && inc.namespace ? `${inc.namespace}/${inc.name}` : inc.name;
  const again =
    lane.incarnation > 2
      ? l10n.t('recreated ×{0}', lane.incarnation - 1)
      : lane.incarnation > 1
        ? l10n.t('recreated')
        : '';
  row.setAttribute('aria-label', `${inc.kind} ${name}${again ? ` (${again})` : ''}`);
  row.dataset.kind = inc.kind;

  const label = el('div', 'label');
  label.appendChild(el('span', `kind k-${kind.toLowerCase()}`, kind));
  label.appendChild(nameElement(name));
  if (again) label.appendChild(el('span', 'note', again));
  if (lane.mountedBy) label.appendChild(el('span', 'note', l10n.t('no owner')));
  const object = `${inc.kind} ${inc.namespace}/${inc.name}`;
  label.setAttribute(
    'title',
    inc.owner
      ? l10n.t('{0} (owner {1})', object, `${inc.owner.kind} ${inc.owner.name}`)
      : lane.mountedBy
        ? l10n.t('{0} (no owner; mounted by {1})', object, lane.mountedBy)
        : object,
  );
  row.appendChild(label);

  const track = el('div', 'track');
  for (const seg of lane.segments) {
    if (seg.to <= seg.from) continue;
    const notReady = seg.status === 'Running' && seg.ready === false;
    const d = el('div', `seg ${statusClass(seg.status)}${notReady ? ' notready' : ''}`);
    d.style.left = pct(seg.from, model.domain);
    d.style.width = pct(seg.to - seg.from, model.domain);
    const text = segmentText(seg);
    d.setAttribute('title', `${inc.name}: ${text}, ${fmtT(seg.from)} → ${fmtT(seg.to)}`);
    d.appendChild(el('span', 'st', text));
    d.appendChild(hidden(l10n.t(', {0} to {1}', fmtT(seg.from), fmtT(seg.to))));
    track.appendChild(d);
  }
  if (lane.deletedAt !== null) {
    const end = el('div', 'gone');
    end.style.left = pct(lane.deletedAt, model.domain);
    end.setAttribute('title', l10n.t('{0} deleted at {1}', inc.name, fmtT(lane.deletedAt)));
    end.appendChild(hidden(l10n.t('deleted at {0}', fmtT(lane.deletedAt))));
    track.appendChild(end);
  }
  appendMarkers(track, lane.events, model.domain, false);
  row.appendChild(track);

  details.set(row, () => ({
    title: `${inc.kind} ${inc.namespace}/${inc.name}`,
    lines: [
      inc.owner
        ? l10n.t('owner: {0}', `${inc.owner.kind} ${inc.owner.name}`)
        : lane.mountedBy
          ? l10n.t('no owner; mounted by pod {0}', lane.mountedBy)
          : l10n.t('no owner'),
      lane.incarnation > 1
        ? l10n.t('uid: {0} (incarnation {1} of this name)', inc.uid, lane.incarnation)
        : `uid: ${inc.uid}`,
      ...laneHistory(lane),
      lane.events.length > 0
        ? l10n.t('{0} event(s): ←/→ step the time cursor through them', lane.events.length)
        : '',
    ].filter((x) => x !== ''),
  }));
  return row;
}

/** A lane's name cut in the middle when the column is narrow: its end (the ordinal) stays. */
function nameElement(name: string): HTMLElement {
  const { head, tail } = ellipsisSplit(name);
  const box = el('span', tail !== '' ? 'name split' : 'name');
  box.setAttribute('title', name);
  box.appendChild(el('span', 'nm-head', head));
  if (tail !== '') box.appendChild(el('span', 'nm-tail', tail));
  return box;
}

export function renderGroupRow(g: Group, model: Model): HTMLElement {
  const row = el('div', 'lane group');
  row.setAttribute('role', 'group');
  row.setAttribute('aria-label', g.label);
  const label = el('div', 'label');
  label.appendChild(el('span', 'name', g.label));
  label.setAttribute('title', g.label);
  row.appendChild(label);
  const track = el('div', 'track');
  // A row with another object's events (a Deployment's ReplicaSets) names the object on each.
  const mixed = g.kind === null || g.events.some((e) => e.object.kind !== g.kind || e.object.name !== g.name);
  appendMarkers(track, g.events, model.domain, mixed);
  row.appendChild(track);
  details.set(row, () => ({
    title: g.label,
    lines: [
      l10n.t('{0} pod lane(s), {1} claim lane(s)', g.pods.length, g.claims.length),
      g.events.length > 0
        ? l10n.t('{0} event(s) on this object: ←/→ step through them', g.events.length)
        : '',
    ].filter((x) => x !== ''),
  }));
  return row;
}

export function stepTitle(st: StepView, i: number): string {
  const span = st.end > st.start ? `${fmtT(st.start)} → ${fmtT(st.end)}` : l10n.t('at {0}', fmtT(st.start));
  const text = l10n.t('Step {0}: {1}, {2}', i + 1, st.type, span);
  return st.settled === false ? l10n.t('{0}, did not settle', text) : text;
}

export function legendItems(): HTMLElement {
  const legend = el('ul', 'legend');
  legend.setAttribute('aria-label', l10n.t('Legend'));
  const items: Array<[string, string]> = [
    ['s-pending', 'Pending'],
    ['s-creating', 'ContainerCreating'],
    ['s-running', l10n.t('Running, ready')],
    ['s-running notready', l10n.t('Running, not ready')],
    ['s-terminating', 'Terminating'],
    ['s-bound', 'Bound'],
    ['s-failed', l10n.t('Lost / failed')],
    ['s-done', l10n.t('Completed / other')],
  ];
  for (const [cls, text] of items) {
    const li = el('li');
    li.appendChild(el('span', `sw ${cls}`));
    li.appendChild(document.createTextNode(text));
    legend.appendChild(li);
  }
  for (const [cls, text] of [
    ['ev-normal', l10n.t('Normal event')],
    ['ev-warning', l10n.t('Warning event')],
  ]) {
    const li = el('li');
    li.appendChild(el('span', `sw ev ${cls}`));
    li.appendChild(document.createTextNode(text));
    legend.appendChild(li);
  }
  return legend;
}
