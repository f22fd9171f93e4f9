// The timeline page (standalone `--html` report now, the VS Code webview later). It reads the run
// results from the JSON data island and draws, per scenario: one lane per Pod / PVC incarnation
// grouped by owner, status segments over simulated time, event markers, step boundaries, the
// expectation results and the final cluster snapshot.
//
// Rules: every string from the data goes in through textContent / setAttribute (never innerHTML);
// the DOM is built once into a DocumentFragment; positions are percentages set through CSSOM
// (allowed under the page's nonce-only CSP, unlike style attributes); no per-frame work.
import type { ClusterState, PodState, PvcState } from '../engine/snapshot';
import type { Incarnation, SimEvent } from '../engine/types';
import type { ScenarioView, StepView } from './model';

const DATA_ID = 'k8s-sim-data';
const ZOOMS = [1, 2, 4, 8, 16, 32];
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob']);
const KIND_RANK: Record<string, number> = {
  Deployment: 0,
  CronJob: 0,
  StatefulSet: 1,
  ReplicaSet: 1,
  DaemonSet: 1,
  Job: 1,
};
const SHORT_KIND: Record<string, string> = { Pod: 'Pod', PersistentVolumeClaim: 'PVC' };

// ---------------------------------------------------------------------------------------------
// Small helpers

type Tag = keyof HTMLElementTagNameMap;

function el<K extends Tag>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Text that screen readers and tests read but that is not drawn. */
function hidden(text: string): HTMLSpanElement {
  return el('span', 'vh', text);
}

function fmtT(t: number): string {
  const r = Math.round(t * 10) / 10;
  if (r < 60) return `${r}s`;
  const m = Math.floor(r / 60);
  const s = Math.round((r - m * 60) * 10) / 10;
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}

function pct(t: number, domain: number): string {
  return `${((t / domain) * 100).toFixed(4)}%`;
}

function niceStep(range: number, target: number): number {
  const raw = range / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function statusClass(status: string): string {
  switch (status) {
    case 'Pending':
      return 's-pending';
    case 'ContainerCreating':
    case 'PodInitializing':
      return 's-creating';
    case 'Running':
      return 's-running';
    case 'Terminating':
      return 's-terminating';
    case 'Bound':
      return 's-bound';
    case 'Completed':
    case 'Succeeded':
      return 's-done';
  }
  if (status.startsWith('Init:')) return 's-creating';
  if (/Err|BackOff|Fail|Error|Lost|OOM|Evicted|Unknown/.test(status)) return 's-failed';
  return 's-other';
}

/** What the details panel shows for a focused lane or marker. */
interface Detail {
  title: string;
  lines: string[];
}
const details = new WeakMap<Element, () => Detail>();

// ---------------------------------------------------------------------------------------------
// Model: lanes, groups, events

interface Segment {
  from: number;
  to: number;
  status: string;
  ready: boolean | undefined;
  node: string | null;
}

interface Lane {
  inc: Incarnation;
  segments: Segment[];
  start: number;
  /** Time of the `Deleted` transition, or null while the object still exists at the end. */
  deletedAt: number | null;
  /** A claim without an owner placed under the workload whose pods mount it. */
  mountedBy: string | null;
  /** 1 for the first object of that kind and name, 2 for the one recreated after it, … */
  incarnation: number;
  events: SimEvent[];
}

interface Group {
  key: string;
  kind: string | null;
  name: string;
  namespace: string;
  label: string;
  rank: number;
  first: number;
  seq: number;
  pods: Lane[];
  claims: Lane[];
  events: SimEvent[];
}

function buildLane(inc: Incarnation, tEnd: number): Lane {
  const segments: Segment[] = [];
  const trs = inc.transitions ?? [];
  let node: string | null = null;
  let ready: boolean | undefined;
  let deletedAt: number | null = null;
  for (let i = 0; i < trs.length; i++) {
    const tr = trs[i];
    if (tr.node !== undefined) node = tr.node;
    if (tr.ready !== undefined) ready = tr.ready;
    if (tr.status === 'Deleted') {
      deletedAt = tr.t;
      break;
    }
    const to = i + 1 < trs.length ? trs[i + 1].t : tEnd;
    segments.push({ from: tr.t, to: Math.max(tr.t, to), status: tr.status, ready, node });
  }
  return {
    inc,
    segments,
    start: trs.length > 0 ? trs[0].t : 0,
    deletedAt,
    mountedBy: null,
    incarnation: 1,
    events: [],
  };
}

function segmentText(seg: Segment): string {
  let s = seg.status;
  if (seg.status === 'Running' && seg.ready === false) s += ' (not ready)';
  if (seg.node) s += ` · ${seg.node}`;
  return s;
}

function eventText(e: SimEvent): string {
  return `${fmtT(e.t)} ${e.type} ${e.reason}: ${e.message}`;
}

function objectText(o: { kind: string; namespace: string; name: string }): string {
  return o.namespace ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`;
}

interface Model {
  groups: Group[];
  tEnd: number;
  domain: number;
  showNamespace: boolean;
}

function buildModel(s: ScenarioView): Model {
  const objects = s.objects ?? [];
  const events = s.events ?? [];
  const steps = s.steps ?? [];
  let tEnd = 0;
  for (const st of steps) tEnd = Math.max(tEnd, st.end, st.start);
  for (const e of events) tEnd = Math.max(tEnd, e.t);
  for (const o of objects) for (const tr of o.transitions ?? []) tEnd = Math.max(tEnd, tr.t);
  const domain = tEnd > 0 ? tEnd * 1.02 : 1;

  const namespaces = new Set(objects.map((o) => o.namespace));
  const showNamespace = namespaces.size > 1;

  // Which workload's pods mount a claim (claims from volumeClaimTemplates have no owner, but the
  // reader expects them next to the StatefulSet's pods).
  const mountedBy = new Map<string, { key: string; pod: string }>();
  const states: ClusterState[] = [];
  for (const st of steps) if (st.state) states.push(st.state);
  if (s.state) states.push(s.state);
  for (const state of states) {
    for (const p of state.pods ?? []) {
      if (!p.owner) continue;
      for (const c of p.claims ?? []) {
        const ck = `${p.namespace}/${c}`;
        if (!mountedBy.has(ck))
          mountedBy.set(ck, { key: `${p.namespace}/${p.owner.kind}/${p.owner.name}`, pod: p.name });
      }
    }
  }

  const groups = new Map<string, Group>();
  let seq = 0;
  const groupFor = (
    key: string,
    kind: string | null,
    name: string,
    namespace: string,
    first: number,
  ): Group => {
    let g = groups.get(key);
    if (!g) {
      const label = kind ? `${kind} ${showNamespace && namespace ? `${namespace}/` : ''}${name}` : name;
      g = {
        key,
        kind,
        name,
        namespace,
        label,
        rank: kind ? (KIND_RANK[kind] ?? 2) : 9,
        first,
        seq: seq++,
        pods: [],
        claims: [],
        events: [],
      };
      groups.set(key, g);
    }
    g.first = Math.min(g.first, first);
    return g;
  };
  const NO_OWNER = '\u0000no-owner';
  const OTHER = '\u0000other';

  // Lanes by object identity, for placing events.
  const lanesByObject = new Map<string, Lane[]>();
  for (const inc of objects) {
    const lane = buildLane(inc, tEnd);
    let g: Group;
    if (inc.owner) {
      g = groupFor(
        `${inc.namespace}/${inc.owner.kind}/${inc.owner.name}`,
        inc.owner.kind,
        inc.owner.name,
        inc.namespace,
        lane.start,
      );
    } else {
      const m =
        inc.kind === 'PersistentVolumeClaim' ? mountedBy.get(`${inc.namespace}/${inc.name}`) : undefined;
      const owner = m ? m.key.split('/') : null;
      if (m && owner && owner.length >= 3) {
        lane.mountedBy = m.pod;
        g = groupFor(m.key, owner[1], owner.slice(2).join('/'), owner[0], lane.start);
      } else {
        g = groupFor(NO_OWNER, null, 'No owner', '', Infinity);
      }
    }
    (inc.kind === 'PersistentVolumeClaim' ? g.claims : g.pods).push(lane);
    const ok = `${inc.kind}/${inc.namespace}/${inc.name}`;
    const list = lanesByObject.get(ok);
    if (list) {
      lane.incarnation = list.length + 1;
      list.push(lane);
    } else lanesByObject.set(ok, [lane]);
  }

  for (const e of events) {
    const o = e.object;
    const list = lanesByObject.get(`${o.kind}/${o.namespace}/${o.name}`);
    if (list) {
      // The incarnation alive at that moment; else the next one to appear; else the last one.
      let pick: Lane | undefined;
      for (const l of list) if (l.start <= e.t && (l.deletedAt === null || e.t <= l.deletedAt)) pick = l;
      pick ??= list.find((l) => l.start > e.t) ?? list[list.length - 1];
      pick.events.push(e);
      continue;
    }
    const gk = `${o.namespace}/${o.kind}/${o.name}`;
    const g = groups.get(gk);
    if (g) g.events.push(e);
    else if (WORKLOAD_KINDS.has(o.kind)) groupFor(gk, o.kind, o.name, o.namespace, e.t).events.push(e);
    else groupFor(OTHER, null, 'Other objects', '', Infinity).events.push(e);
  }

  const sorted = [...groups.values()].sort((a, b) => {
    const fa = a.kind ? 0 : a.key === NO_OWNER ? 1 : 2;
    const fb = b.kind ? 0 : b.key === NO_OWNER ? 1 : 2;
    if (fa !== fb) return fa - fb;
    if (a.first !== b.first) return a.first - b.first;
    if (a.rank !== b.rank) return a.rank - b.rank;
    return a.seq - b.seq;
  });
  return { groups: sorted, tEnd, domain, showNamespace };
}

// ---------------------------------------------------------------------------------------------
// Timeline

function laneHistory(lane: Lane): string[] {
  const lines: string[] = [];
  let ready: boolean | undefined;
  for (const tr of lane.inc.transitions ?? []) {
    if (tr.ready !== undefined) ready = tr.ready;
    let s = `${fmtT(tr.t)}  ${tr.status}`;
    if (tr.status === 'Running' && ready !== undefined) s += ready ? ', ready' : ', not ready';
    if (tr.node) s += `, on ${tr.node}`;
    lines.push(s);
  }
  return lines;
}

function renderMarker(e: SimEvent, domain: number, nudge: number, withObject: boolean): HTMLButtonElement {
  const b = el('button', `ev ${e.type === 'Warning' ? 'ev-warning' : 'ev-normal'}`);
  b.type = 'button';
  b.tabIndex = -1;
  const label = `${withObject ? `${objectText(e.object)}: ` : ''}${eventText(e)}`;
  b.setAttribute('title', `${e.reason}: ${e.message}`);
  b.setAttribute('aria-label', label);
  b.appendChild(hidden(label));
  b.style.left = nudge > 0 ? `calc(${pct(e.t, domain)} + ${nudge * 7}px)` : pct(e.t, domain);
  details.set(b, () => ({
    title: `${e.type} ${e.reason} at ${fmtT(e.t)}`,
    lines: [objectText(e.object), e.message, e.source ? `from ${e.source}` : ''].filter((x) => x !== ''),
  }));
  return b;
}

function appendMarkers(track: HTMLElement, events: SimEvent[], domain: number, withObject: boolean): void {
  let lastT = NaN;
  let nudge = 0;
  for (const e of events) {
    nudge = e.t === lastT ? nudge + 1 : 0;
    lastT = e.t;
    track.appendChild(renderMarker(e, domain, Math.min(nudge, 4), withObject));
  }
}

function renderLane(lane: Lane, model: Model): HTMLElement {
  const { inc } = lane;
  const row = el('div', 'lane');
  row.tabIndex = 0;
  row.setAttribute('role', 'group');
  const kind = SHORT_KIND[inc.kind] ?? inc.kind;
  const name = model.showNamespace ? `${inc.namespace}/${inc.name}` : inc.name;
  const again =
    lane.incarnation > 1 ? `recreated${lane.incarnation > 2 ? ` ×${lane.incarnation - 1}` : ''}` : '';
  row.setAttribute('aria-label', `${inc.kind} ${name}${again ? ` (${again})` : ''}`);
  row.dataset.kind = inc.kind;

  const label = el('div', 'label');
  label.appendChild(el('span', `kind k-${kind.toLowerCase()}`, kind));
  const nameEl = el('span', 'name', name);
  label.appendChild(nameEl);
  if (again) label.appendChild(el('span', 'note', again));
  if (lane.mountedBy) label.appendChild(el('span', 'note', 'no owner'));
  label.setAttribute(
    'title',
    `${inc.kind} ${inc.namespace}/${inc.name}${inc.owner ? ` (owner ${inc.owner.kind} ${inc.owner.name})` : lane.mountedBy ? ` (no owner; mounted by ${lane.mountedBy})` : ''}`,
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
    d.appendChild(hidden(`, ${fmtT(seg.from)} to ${fmtT(seg.to)}`));
    track.appendChild(d);
  }
  if (lane.deletedAt !== null) {
    const end = el('div', 'gone');
    end.style.left = pct(lane.deletedAt, model.domain);
    end.setAttribute('title', `${inc.name} deleted at ${fmtT(lane.deletedAt)}`);
    end.appendChild(hidden(`deleted at ${fmtT(lane.deletedAt)}`));
    track.appendChild(end);
  }
  appendMarkers(track, lane.events, model.domain, false);
  row.appendChild(track);

  details.set(row, () => ({
    title: `${inc.kind} ${inc.namespace}/${inc.name}`,
    lines: [
      inc.owner
        ? `owner: ${inc.owner.kind} ${inc.owner.name}`
        : lane.mountedBy
          ? `no owner; mounted by pod ${lane.mountedBy}`
          : 'no owner',
      `uid: ${inc.uid}${lane.incarnation > 1 ? ` (incarnation ${lane.incarnation} of this name)` : ''}`,
      ...laneHistory(lane),
      lane.events.length > 0 ? `${lane.events.length} event(s): → to move through them` : '',
    ].filter((x) => x !== ''),
  }));
  return row;
}

function renderGroupRow(g: Group, model: Model): HTMLElement {
  const row = el('div', 'lane group');
  row.tabIndex = 0;
  row.setAttribute('role', 'group');
  row.setAttribute('aria-label', g.label);
  const label = el('div', 'label');
  label.appendChild(el('span', 'name', g.label));
  label.setAttribute('title', g.label);
  row.appendChild(label);
  const track = el('div', 'track');
  appendMarkers(track, g.events, model.domain, g.kind === null);
  row.appendChild(track);
  details.set(row, () => ({
    title: g.label,
    lines: [
      `${g.pods.length} pod lane(s), ${g.claims.length} claim lane(s)`,
      g.events.length > 0 ? `${g.events.length} event(s) on this object: → to move through them` : '',
    ].filter((x) => x !== ''),
  }));
  return row;
}

/** Ticks and step labels: rebuilt on zoom (the only part that depends on it). */
function renderAxis(axis: HTMLElement, steps: StepView[], model: Model, zoom: number): void {
  axis.replaceChildren();
  const frag = document.createDocumentFragment();
  const step = niceStep(model.domain, 10 * zoom);
  for (let t = 0; t <= model.domain + 1e-9; t += step) {
    const tick = el('div', 'tick', fmtT(t));
    tick.style.left = pct(t, model.domain);
    frag.appendChild(tick);
  }
  // Step labels on up to three rows so close labels do not overlap.
  const lastPos: number[] = [];
  const minGap = 9 / zoom; // percent of the track one label needs
  let levels = 0;
  steps.forEach((st, i) => {
    const pos = (st.start / model.domain) * 100;
    let level = lastPos.findIndex((p) => pos - p >= minGap);
    if (level < 0) level = lastPos.length < 3 ? lastPos.length : 2;
    lastPos[level] = pos;
    levels = Math.max(levels, level + 1);
    const lab = el('div', `steplabel lvl${level}${pos > 88 ? ' end' : ''}`, `${i + 1} ${st.type}`);
    lab.style.left = pct(st.start, model.domain);
    lab.setAttribute('title', stepTitle(st, i));
    frag.appendChild(lab);
  });
  axis.style.setProperty('--levels', String(levels));
  axis.appendChild(frag);
}

function stepTitle(st: StepView, i: number): string {
  const span = st.end > st.start ? `${fmtT(st.start)} → ${fmtT(st.end)}` : `at ${fmtT(st.start)}`;
  return `Step ${i + 1}: ${st.type}, ${span}${st.settled === false ? ', did not settle' : ''}`;
}

function renderTimeline(s: ScenarioView, model: Model, idx: number): HTMLElement {
  const steps = s.steps ?? [];
  const wrap = el('section', 'tl-section');
  const h = el('h3', undefined, 'Timeline');
  h.id = `tl-h-${idx}`;
  wrap.setAttribute('aria-labelledby', h.id);

  const bar = el('div', 'toolbar');
  bar.appendChild(h);
  const legend = el('ul', 'legend');
  legend.setAttribute('aria-label', 'Legend');
  const items: Array<[string, string]> = [
    ['s-pending', 'Pending'],
    ['s-creating', 'ContainerCreating'],
    ['s-running', 'Running, ready'],
    ['s-running notready', 'Running, not ready'],
    ['s-terminating', 'Terminating'],
    ['s-bound', 'Bound'],
    ['s-failed', 'Lost / failed'],
    ['s-done', 'Completed / other'],
  ];
  for (const [cls, text] of items) {
    const li = el('li');
    li.appendChild(el('span', `sw ${cls}`));
    li.appendChild(document.createTextNode(text));
    legend.appendChild(li);
  }
  for (const [cls, text] of [
    ['ev-normal', 'Normal event'],
    ['ev-warning', 'Warning event'],
  ]) {
    const li = el('li');
    li.appendChild(el('span', `sw ev ${cls}`));
    li.appendChild(document.createTextNode(text));
    legend.appendChild(li);
  }
  bar.appendChild(legend);

  const zoomBox = el('div', 'zoom');
  zoomBox.setAttribute('role', 'group');
  zoomBox.setAttribute('aria-label', 'Zoom');
  const zoomOut = el('button', undefined, '−');
  const zoomIn = el('button', undefined, '+');
  const zoomLabel = el('span', 'zoomlabel', '1×');
  zoomLabel.setAttribute('aria-live', 'polite');
  zoomOut.type = zoomIn.type = 'button';
  zoomOut.setAttribute('aria-label', 'Zoom out');
  zoomIn.setAttribute('aria-label', 'Zoom in');
  zoomBox.append(zoomOut, zoomLabel, zoomIn);
  bar.appendChild(zoomBox);
  wrap.appendChild(bar);
  wrap.appendChild(
    el(
      'p',
      'hint',
      'Tab to the lanes; ↑/↓ move between lanes, →/← between a lane’s events, Esc back to the lane. Details show below.',
    ),
  );

  const scroller = el('div', 'timeline');
  const inner = el('div', 'tl-inner');
  scroller.appendChild(inner);

  const head = el('div', 'tl-head');
  head.setAttribute('aria-hidden', 'true');
  head.appendChild(el('div', 'corner', 'object'));
  const axis = el('div', 'axis');
  head.appendChild(axis);
  inner.appendChild(head);

  // Step bands behind the lanes.
  const bands = el('div', 'overlay bands');
  steps.forEach((st, i) => {
    if (st.end > st.start) {
      const b = el('div', `band${i % 2 ? ' alt' : ''}`);
      b.style.left = pct(st.start, model.domain);
      b.style.width = pct(st.end - st.start, model.domain);
      bands.appendChild(b);
    }
  });
  inner.appendChild(bands);

  const lanes = el('div', 'lanes');
  for (const g of model.groups) {
    lanes.appendChild(renderGroupRow(g, model));
    for (const l of g.pods) lanes.appendChild(renderLane(l, model));
    for (const l of g.claims) lanes.appendChild(renderLane(l, model));
  }
  if (model.groups.length === 0) lanes.appendChild(el('p', 'empty', 'No pods or claims in this run.'));
  inner.appendChild(lanes);

  // Step boundaries in front of the segments.
  const lines = el('div', 'overlay lines');
  steps.forEach((st, i) => {
    const line = el('div', 'stepline');
    line.style.left = pct(st.start, model.domain);
    line.setAttribute('title', stepTitle(st, i));
    lines.appendChild(line);
  });
  const endLine = el('div', 'endline');
  endLine.style.left = pct(model.tEnd, model.domain);
  lines.appendChild(endLine);
  inner.appendChild(lines);

  let zi = 0;
  const applyZoom = () => {
    const z = ZOOMS[zi];
    inner.style.setProperty('--zoom', String(z));
    zoomLabel.textContent = `${z}×`;
    zoomOut.disabled = zi === 0;
    zoomIn.disabled = zi === ZOOMS.length - 1;
    renderAxis(axis, steps, model, z);
  };
  zoomOut.addEventListener('click', () => {
    zi = Math.max(0, zi - 1);
    applyZoom();
  });
  zoomIn.addEventListener('click', () => {
    zi = Math.min(ZOOMS.length - 1, zi + 1);
    applyZoom();
  });
  applyZoom();

  inner.addEventListener('keydown', onTimelineKey);
  wrap.appendChild(scroller);
  return wrap;
}

function isLane(e: Element | null): e is HTMLElement {
  return e instanceof HTMLElement && e.classList.contains('lane');
}

function onTimelineKey(ev: KeyboardEvent): void {
  const target = ev.target;
  if (!(target instanceof HTMLElement)) return;
  const lane = target.closest('.lane');
  if (!isLane(lane)) return;
  const onMarker = target.classList.contains('ev');
  const markers = (): HTMLElement[] => Array.from(lane.querySelectorAll<HTMLElement>('.ev'));
  let next: Element | null | undefined = null;
  switch (ev.key) {
    case 'ArrowDown':
      next = lane.nextElementSibling;
      break;
    case 'ArrowUp':
      next = lane.previousElementSibling;
      break;
    case 'Home':
      next = onMarker ? markers()[0] : lane.parentElement?.firstElementChild;
      break;
    case 'End': {
      const m = markers();
      next = onMarker ? m[m.length - 1] : lane.parentElement?.lastElementChild;
      break;
    }
    case 'ArrowRight': {
      const m = markers();
      next = onMarker ? m[m.indexOf(target) + 1] : m[0];
      break;
    }
    case 'ArrowLeft': {
      if (!onMarker) return;
      const m = markers();
      const i = m.indexOf(target);
      next = i > 0 ? m[i - 1] : lane;
      break;
    }
    case 'Escape':
      if (!onMarker) return;
      next = lane;
      break;
    default:
      return;
  }
  ev.preventDefault();
  if (next instanceof HTMLElement && (next.classList.contains('lane') || next.classList.contains('ev')))
    next.focus();
}

// ---------------------------------------------------------------------------------------------
// Steps and expectations

function renderSteps(s: ScenarioView, idx: number): HTMLElement {
  const sec = el('section', 'steps');
  const h = el('h3', undefined, 'Steps and expectations');
  h.id = `st-h-${idx}`;
  sec.setAttribute('aria-labelledby', h.id);
  sec.appendChild(h);
  const steps = s.steps ?? [];
  if (steps.length === 0) {
    sec.appendChild(
      el('p', 'muted', 'This run has no steps: the manifests were applied at 0s and the cluster settled.'),
    );
    return sec;
  }
  const table = el('table', 'expect');
  const thead = el('thead');
  const hr = el('tr');
  for (const c of ['Step', 'Time', 'Result', 'Expectations and notes']) {
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
        mark(failed === 0, failed === 0 ? `${exps.length} held` : `${failed} of ${exps.length} failed`),
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
    for (const r of st.rejected ?? [])
      ul.appendChild(noteItem(`rejected ${r.kind}/${r.name} (${r.file}:${r.line}): ${r.message}`, 'bad'));
    for (const n of st.notSimulated ?? [])
      ul.appendChild(noteItem(`not simulated: ${n.kind}/${n.name} (${n.file}:${n.line})`, 'warn'));
    if (st.settled === false) ul.appendChild(noteItem('did not settle within the settle limit', 'warn'));
    for (const line of st.output ?? []) ul.appendChild(noteItem(line, 'muted'));
    if (ul.childElementCount === 0) ul.appendChild(noteItem('no expectations', 'muted'));
    td.appendChild(ul);
    tr.appendChild(td);
    tbody.appendChild(tr);
  });
  table.appendChild(tbody);
  sec.appendChild(table);
  return sec;
}

function mark(ok: boolean, text?: string): HTMLSpanElement {
  const span = el('span', ok ? 'mark ok' : 'mark bad');
  const sym = el('span', 'sym', ok ? '✓' : '✗');
  sym.setAttribute('aria-hidden', 'true');
  span.appendChild(sym);
  span.appendChild(
    text !== undefined ? el('span', 'marktext', ` ${text}`) : hidden(ok ? 'passed: ' : 'failed: '),
  );
  return span;
}

function noteItem(text: string, cls: string): HTMLLIElement {
  return el('li', `note ${cls}`, text);
}

// ---------------------------------------------------------------------------------------------
// Final cluster snapshot

function podStatus(p: PodState): string {
  return p.status === 'Running' && !p.ready ? 'Running, not ready' : p.status;
}

function renderSnapshot(s: ScenarioView, model: Model, idx: number): HTMLElement {
  const sec = el('section', 'snapshot');
  const h = el('h3', undefined, `Cluster snapshot at ${fmtT(model.tEnd)}`);
  h.id = `sn-h-${idx}`;
  sec.setAttribute('aria-labelledby', h.id);
  sec.appendChild(h);
  const state = s.state;
  const pods = state?.pods ?? [];
  const pvcs = state?.pvcs ?? [];
  const claims = new Map<string, PvcState>();
  for (const c of pvcs) claims.set(`${c.namespace}/${c.name}`, c);
  const used = new Set<string>();

  const byNode = new Map<string, PodState[]>();
  for (const n of state?.nodes ?? []) byNode.set(n.name, []);
  const unscheduled: PodState[] = [];
  for (const p of pods) {
    if (!p.node) {
      unscheduled.push(p);
      continue;
    }
    const list = byNode.get(p.node);
    if (list) list.push(p);
    else byNode.set(p.node, [p]);
  }

  const grid = el('div', 'nodes');
  const card = (title: string, cls: string, list: PodState[]): HTMLElement => {
    const c = el('div', `node ${cls}`);
    const ht = el('h4', undefined, title);
    c.appendChild(ht);
    if (list.length === 0) {
      c.appendChild(el('p', 'muted', 'no pods'));
      return c;
    }
    const ul = el('ul', 'pods');
    for (const p of list) {
      const li = el('li');
      const row = el('div', 'pod');
      const dot = el(
        'span',
        `dot ${statusClass(p.status)}${p.status === 'Running' && !p.ready ? ' notready' : ''}`,
      );
      dot.setAttribute('aria-hidden', 'true');
      row.appendChild(dot);
      row.appendChild(el('span', 'name', model.showNamespace ? `${p.namespace}/${p.name}` : p.name));
      row.appendChild(el('span', 'st', podStatus(p)));
      li.appendChild(row);
      if ((p.claims ?? []).length > 0) {
        const cl = el('ul', 'claims');
        for (const name of p.claims) {
          const key = `${p.namespace}/${name}`;
          used.add(key);
          cl.appendChild(claimItem(name, claims.get(key)));
        }
        li.appendChild(cl);
      }
      ul.appendChild(li);
    }
    c.appendChild(ul);
    return c;
  };
  for (const [node, list] of byNode) grid.appendChild(card(node, '', list));
  if (unscheduled.length > 0) grid.appendChild(card('Not scheduled', 'unscheduled', unscheduled));
  const unused = pvcs.filter((c) => !used.has(`${c.namespace}/${c.name}`));
  if (unused.length > 0) {
    const c = el('div', 'node claimsonly');
    c.appendChild(el('h4', undefined, 'Claims not mounted'));
    const ul = el('ul', 'claims');
    for (const pvc of unused)
      ul.appendChild(claimItem(model.showNamespace ? `${pvc.namespace}/${pvc.name}` : pvc.name, pvc));
    c.appendChild(ul);
    grid.appendChild(c);
  }
  if (grid.childElementCount === 0)
    grid.appendChild(el('p', 'muted', 'The cluster has no nodes, pods or claims.'));
  sec.appendChild(grid);
  return sec;
}

function claimItem(name: string, pvc: PvcState | undefined): HTMLLIElement {
  const li = el('li', 'claim');
  const dot = el('span', `dot ${pvc ? statusClass(pvc.status) : 's-failed'}`);
  dot.setAttribute('aria-hidden', 'true');
  li.appendChild(dot);
  li.appendChild(el('span', 'kind k-pvc', 'PVC'));
  li.appendChild(el('span', 'name', name));
  li.appendChild(el('span', 'st', pvc ? pvc.status : 'missing'));
  if (pvc?.volume) li.appendChild(el('span', 'vol', pvc.volume));
  return li;
}

// ---------------------------------------------------------------------------------------------
// Page

function renderScenario(s: ScenarioView, idx: number): HTMLElement {
  const sec = el('section', 'scenario');
  sec.id = `scenario-${idx}`;
  const h = el('h2', undefined, `K8s Sim: ${s.scenario}`);
  h.id = `sc-h-${idx}`;
  sec.setAttribute('aria-labelledby', h.id);
  const header = el('header', 'sc-head');
  header.appendChild(h);
  const exps = (s.steps ?? []).flatMap((st) => st.expectations ?? []);
  const failed = exps.filter((e) => !e.ok).length;
  const badge = el('p', `badge ${s.ok ? 'ok' : 'bad'}`);
  badge.appendChild(
    mark(
      s.ok,
      exps.length === 0
        ? 'no expectations'
        : s.ok
          ? `all ${exps.length} expectations held`
          : `${failed} of ${exps.length} expectations failed`,
    ),
  );
  header.appendChild(badge);
  sec.appendChild(header);
  if (s.description) sec.appendChild(el('p', 'desc', s.description));
  const model = buildModel(s);
  const meta = el('p', 'meta');
  const metaParts = [s.file ? `file ${s.file}` : '', `seed ${s.seed}`, `simulated ${fmtT(model.tEnd)}`];
  const lanes = model.groups.reduce((n, g) => n + g.pods.length + g.claims.length, 0);
  metaParts.push(`${lanes} object incarnation(s), ${(s.events ?? []).length} event(s)`);
  meta.textContent = metaParts.filter((x) => x !== '').join(' · ');
  sec.appendChild(meta);

  const notes = el('ul', 'notices');
  for (const r of s.rejected ?? [])
    notes.appendChild(noteItem(`rejected ${r.kind}/${r.name} (${r.file}:${r.line}): ${r.message}`, 'bad'));
  for (const n of s.notSimulated ?? [])
    notes.appendChild(noteItem(`not simulated: ${n.kind}/${n.name} (${n.file}:${n.line})`, 'warn'));
  if (notes.childElementCount > 0) sec.appendChild(notes);

  sec.appendChild(renderTimeline(s, model, idx));
  sec.appendChild(renderSteps(s, idx));
  sec.appendChild(renderSnapshot(s, model, idx));
  return sec;
}

function renderDetails(panel: HTMLElement, d: Detail): void {
  const frag = document.createDocumentFragment();
  frag.appendChild(el('strong', 'dtitle', d.title));
  const ul = el('ul');
  for (const line of d.lines) ul.appendChild(el('li', undefined, line));
  frag.appendChild(ul);
  panel.replaceChildren(frag);
}

function readData(): ScenarioView[] {
  const node = document.getElementById(DATA_ID);
  if (!node) throw new Error(`the page has no #${DATA_ID} data`);
  const parsed: unknown = JSON.parse(node.textContent ?? 'null');
  if (Array.isArray(parsed)) return parsed as ScenarioView[];
  if (parsed && typeof parsed === 'object') return [parsed as ScenarioView];
  throw new Error('the data is not a list of scenario results');
}

export function main(): void {
  const root = document.getElementById('app') ?? document.body;
  const frag = document.createDocumentFragment();
  let results: ScenarioView[];
  try {
    results = readData();
  } catch (e) {
    const p = el('p', 'error', `Cannot show the report: ${e instanceof Error ? e.message : String(e)}`);
    p.setAttribute('role', 'alert');
    root.replaceChildren(p);
    return;
  }
  if (results.length > 1) {
    const nav = el('nav', 'toc');
    nav.setAttribute('aria-label', 'Scenarios');
    const ul = el('ul');
    results.forEach((s, i) => {
      const li = el('li');
      const a = el('a', undefined, s.scenario);
      a.setAttribute('href', `#scenario-${i}`);
      li.appendChild(mark(s.ok));
      li.appendChild(a);
      ul.appendChild(li);
    });
    nav.appendChild(ul);
    frag.appendChild(nav);
  }
  results.forEach((s, i) => frag.appendChild(renderScenario(s, i)));
  if (results.length === 0) frag.appendChild(el('p', 'muted', 'No scenarios were run.'));

  const panel = el('aside', 'details');
  panel.id = 'details';
  panel.setAttribute('aria-live', 'polite');
  panel.setAttribute('aria-label', 'Details');
  panel.appendChild(
    el(
      'span',
      'muted',
      'Focus a lane or an event marker (Tab, arrow keys, or click) to see its details here.',
    ),
  );
  frag.appendChild(panel);

  root.replaceChildren(frag);

  document.addEventListener('focusin', (ev) => {
    const t = ev.target;
    if (!(t instanceof Element)) return;
    const get = details.get(t);
    if (get) renderDetails(panel, get());
  });
  // Buttons do not take focus on click everywhere (Safari): make a click on a marker focus it.
  document.addEventListener('click', (ev) => {
    const t = ev.target instanceof Element ? ev.target.closest('.ev, .lane') : null;
    if (t instanceof HTMLElement && details.has(t) && document.activeElement !== t) t.focus();
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
