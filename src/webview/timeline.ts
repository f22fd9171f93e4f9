// The timeline page: the standalone `--html` report and the VS Code webview are the same page. Per
// run it draws one lane per Pod / PVC incarnation grouped by owner (status segments over simulated
// time, event markers, step boundaries), a time cursor (drag it, use the slider, play / pause / step
// to the next event), the cluster at the cursor (nodes, their pods and volumes), the traffic of
// request steps, and the expectation results.
//
// Hosts: inside VS Code (`acquireVsCodeApi` exists) the run arrives by message
// (src/shared/protocol.ts) and the cursor, zoom and scroll are kept with getState/setState; standalone,
// the runs come from the JSON data island.
//
// Rules: every string from the data goes in through textContent / setAttribute (never innerHTML);
// positions are set through CSSOM (allowed under the nonce-only CSP, unlike style attributes); lanes
// are virtualised (only the rows in view exist), so 1,000 pods draw as fast as ten.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-context-menu/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeContextMenu } from '@vscode-elements/elements/dist/vscode-context-menu/index.js';
import type { ClusterState, PvcState } from '../engine/snapshot';
import type { Incarnation, SimEvent } from '../engine/types';
import {
  isExtensionMessage,
  isTimelineState,
  type ExtensionToWebview,
  type ObjectRefMessage,
  type TimelineState,
  type WebviewToExtension,
} from '../shared/protocol';
import type { RequestView, ScenarioView, StepView } from './model';

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
const GROUP_H = 26;
const LANE_H = 22;
/** Rows drawn above and below the visible ones. */
const OVERSCAN = 12;
/** Pods listed per node in the snapshot before "Show all". */
const PODS_PER_NODE = 40;
/** A run plays in about this many seconds (at least one simulated second per second). */
const PLAY_SECONDS = 20;

// The nonce of this script: lit falls back to <style> elements (which need it) only where
// adoptedStyleSheets is missing; Chromium and VS Code use constructable stylesheets.
const scriptNonce = document.currentScript instanceof HTMLScriptElement ? document.currentScript.nonce : '';

// ---------------------------------------------------------------------------------------------
// Host

interface VsCodeApi {
  postMessage(message: WebviewToExtension): void;
  getState(): unknown;
  setState(state: TimelineState): void;
}
declare const acquireVsCodeApi: undefined | (() => VsCodeApi);

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

function button(label: string, opts: { secondary?: boolean; aria?: string } = {}): VscodeButton {
  const b = el('vscode-button', undefined, label);
  if (opts.secondary) b.secondary = true;
  if (opts.aria) b.setAttribute('aria-label', opts.aria);
  return b;
}

function badge(text: string): HTMLElement {
  return el('vscode-badge', undefined, text);
}

function fmtT(t: number): string {
  const r = Math.round(t * 10) / 10;
  if (r < 60) return `${r}s`;
  if (r >= 3600) {
    const h = Math.floor(r / 3600);
    const m = Math.floor((r - h * 3600) / 60);
    const s = Math.round(r - h * 3600 - m * 60);
    return `${h}h${m > 0 || s > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
  }
  const m = Math.floor(r / 60);
  const s = Math.round((r - m * 60) * 10) / 10;
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}

function pct(t: number, domain: number): string {
  return `${((t / domain) * 100).toFixed(4)}%`;
}

function fmtPct(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const p = (part / whole) * 100;
  return Number.isInteger(p) ? `${p}%` : `${p.toFixed(1)}%`;
}

function niceStep(range: number, target: number): number {
  const raw = range / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

const byNameNumeric = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

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

/** Calls `fn` at most every `ms`, always with the last arguments (trailing call guaranteed). */
function throttle<A extends unknown[]>(ms: number, fn: (...args: A) => void): (...args: A) => void {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  return (...args: A) => {
    pending = args;
    const wait = last + ms - Date.now();
    if (wait <= 0 && timer === null) {
      last = Date.now();
      pending = null;
      fn(...args);
      return;
    }
    if (timer !== null) return;
    timer = setTimeout(
      () => {
        timer = null;
        last = Date.now();
        const a = pending;
        pending = null;
        if (a) fn(...a);
      },
      Math.max(0, wait),
    );
  };
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

/** The lane's segment at time t, or null when the object does not exist then. */
function segmentAt(lane: Lane, t: number): Segment | null {
  if (t < lane.start) return null;
  if (lane.deletedAt !== null && t >= lane.deletedAt) return null;
  const segs = lane.segments;
  for (let i = segs.length - 1; i >= 0; i--) if (segs[i].from <= t) return segs[i];
  return null;
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
  /** Distinct event times, ascending: the stops of "next / previous event". */
  eventTimes: number[];
  /** Events by time, for the details panel when the cursor stops on them. */
  eventsAt: Map<number, SimEvent[]>;
  /** A pod incarnation's claims (by uid), from the step and final states. */
  claimsByPod: Map<string, string[]>;
  /** Volumes of claims (namespace/name), from the step and final states. */
  volumes: Map<string, string>;
  nodes: string[];
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
  // reader expects them next to the StatefulSet's pods); each pod's claims; each claim's volume.
  const mountedBy = new Map<string, { key: string; pod: string }>();
  const claimsByPod = new Map<string, string[]>();
  const volumes = new Map<string, string>();
  const nodeNames = new Set<string>();
  const states: ClusterState[] = [];
  for (const st of steps) if (st.state) states.push(st.state);
  if (s.state) states.push(s.state);
  for (const state of states) {
    for (const n of state.nodes ?? []) nodeNames.add(n.name);
    for (const c of state.pvcs ?? []) if (c.volume) volumes.set(`${c.namespace}/${c.name}`, c.volume);
    for (const p of state.pods ?? []) {
      if ((p.claims ?? []).length > 0) claimsByPod.set(p.uid, p.claims);
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
    for (const seg of lane.segments) if (seg.node) nodeNames.add(seg.node);
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

  const eventsAt = new Map<number, SimEvent[]>();
  for (const e of events) {
    const at = eventsAt.get(e.t);
    if (at) at.push(e);
    else eventsAt.set(e.t, [e]);
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
  const eventTimes = [...eventsAt.keys()].sort((a, b) => a - b);

  const sorted = [...groups.values()].sort((a, b) => {
    const fa = a.kind ? 0 : a.key === NO_OWNER ? 1 : 2;
    const fb = b.kind ? 0 : b.key === NO_OWNER ? 1 : 2;
    if (fa !== fb) return fa - fb;
    if (a.first !== b.first) return a.first - b.first;
    if (a.rank !== b.rank) return a.rank - b.rank;
    return a.seq - b.seq;
  });
  return {
    groups: sorted,
    tEnd,
    domain,
    showNamespace,
    eventTimes,
    eventsAt,
    claimsByPod,
    volumes,
    nodes: [...nodeNames],
  };
}

// ---------------------------------------------------------------------------------------------
// Cluster at time t, from the incarnations' transitions

interface PodAt {
  lane: Lane;
  seg: Segment;
  claims: Array<{ name: string; claim: ClaimAt | null }>;
}

interface ClaimAt {
  lane: Lane;
  seg: Segment;
  volume: string | null;
}

interface SnapshotAt {
  byNode: Map<string, PodAt[]>;
  unscheduled: PodAt[];
  unmounted: ClaimAt[];
  pods: number;
  claims: number;
  /** Changes exactly when what the snapshot draws changes. */
  key: string;
}

function snapshotAt(model: Model, lanes: Lane[], t: number): SnapshotAt {
  const claims = new Map<string, ClaimAt>();
  const pods: PodAt[] = [];
  const keys: string[] = [];
  for (const lane of lanes) {
    const seg = segmentAt(lane, t);
    if (!seg) continue;
    const { inc } = lane;
    if (inc.kind === 'PersistentVolumeClaim') {
      const volume =
        seg.status === 'Bound' ? (model.volumes.get(`${inc.namespace}/${inc.name}`) ?? null) : null;
      claims.set(`${inc.namespace}/${inc.name}`, { lane, seg, volume });
    } else pods.push({ lane, seg, claims: [] });
    keys.push(`${inc.uid}:${seg.status}:${seg.ready === false ? 0 : 1}:${seg.node ?? ''}`);
  }
  const byNode = new Map<string, PodAt[]>();
  for (const n of model.nodes) byNode.set(n, []);
  const unscheduled: PodAt[] = [];
  const used = new Set<string>();
  for (const p of pods) {
    const { inc } = p.lane;
    for (const name of model.claimsByPod.get(inc.uid) ?? []) {
      const key = `${inc.namespace}/${name}`;
      used.add(key);
      p.claims.push({ name, claim: claims.get(key) ?? null });
    }
    if (!p.seg.node) {
      unscheduled.push(p);
      continue;
    }
    const list = byNode.get(p.seg.node);
    if (list) list.push(p);
    else byNode.set(p.seg.node, [p]);
  }
  const cmp = (a: PodAt, b: PodAt): number => byNameNumeric(a.lane.inc.name, b.lane.inc.name);
  for (const list of byNode.values()) list.sort(cmp);
  unscheduled.sort(cmp);
  const unmounted = [...claims.entries()].filter(([k]) => !used.has(k)).map(([, c]) => c);
  unmounted.sort((a, b) => byNameNumeric(a.lane.inc.name, b.lane.inc.name));
  return { byNode, unscheduled, unmounted, pods: pods.length, claims: claims.size, key: keys.join('|') };
}

// ---------------------------------------------------------------------------------------------
// Rows

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
  b.dataset.t = String(e.t);
  b.appendChild(hidden(label));
  b.style.left = nudge > 0 ? `calc(${pct(e.t, domain)} + ${nudge * 7}px)` : pct(e.t, domain);
  details.set(b, () => ({
    title: `${e.type} ${e.reason} at ${fmtT(e.t)}`,
    lines: [objectText(e.object), e.message, e.source ? `from ${e.source}` : ''].filter((x) => x !== ''),
  }));
  return b;
}

/** One marker for many events close together (a row with hundreds of events, e.g. a workload's). */
function renderCluster(events: SimEvent[], domain: number, withObject: boolean): HTMLButtonElement {
  const first = events[0];
  const last = events[events.length - 1];
  const warnings = events.filter((e) => e.type === 'Warning').length;
  const b = el('button', `ev ev-cluster ${warnings > 0 ? 'ev-warning' : 'ev-normal'}`);
  b.type = 'button';
  b.tabIndex = -1;
  const span = first.t === last.t ? `at ${fmtT(first.t)}` : `from ${fmtT(first.t)} to ${fmtT(last.t)}`;
  const reasons = [...new Set(events.map((e) => e.reason))].slice(0, 4).join(', ');
  const label = `${events.length} events ${span}: ${reasons}`;
  b.setAttribute('title', label);
  b.setAttribute('aria-label', label);
  b.dataset.t = String(first.t);
  b.appendChild(hidden(`${label}. First: ${eventText(first)}`));
  b.style.left = pct(first.t, domain);
  details.set(b, () => ({
    title: `${events.length} events ${span}`,
    lines: [
      ...events.slice(0, 40).map((e) => `${withObject ? `${objectText(e.object)}: ` : ''}${eventText(e)}`),
      events.length > 40 ? `… and ${events.length - 40} more` : '',
    ].filter((x) => x !== ''),
  }));
  return b;
}

/** Rows with more events than this draw close events as one cluster marker. */
const CLUSTER_OVER = 120;
/** Cluster width, as a fraction of the run. */
const CLUSTER_SPAN = 1 / 400;

function appendMarkers(track: HTMLElement, events: SimEvent[], domain: number, withObject: boolean): void {
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

type Row = { type: 'group'; group: Group } | { type: 'lane'; group: Group; lane: Lane };

function renderLane(lane: Lane, model: Model): HTMLElement {
  const { inc } = lane;
  const row = el('div', 'lane');
  row.setAttribute('role', 'group');
  const kind = SHORT_KIND[inc.kind] ?? inc.kind;
  const name = model.showNamespace ? `${inc.namespace}/${inc.name}` : inc.name;
  const again =
    lane.incarnation > 1 ? `recreated${lane.incarnation > 2 ? ` ×${lane.incarnation - 1}` : ''}` : '';
  row.setAttribute('aria-label', `${inc.kind} ${name}${again ? ` (${again})` : ''}`);
  row.dataset.kind = inc.kind;

  const label = el('div', 'label');
  label.appendChild(el('span', `kind k-${kind.toLowerCase()}`, kind));
  label.appendChild(el('span', 'name', name));
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
      lane.events.length > 0 ? `${lane.events.length} event(s): ←/→ step the time cursor through them` : '',
    ].filter((x) => x !== ''),
  }));
  return row;
}

function renderGroupRow(g: Group, model: Model): HTMLElement {
  const row = el('div', 'lane group');
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
      g.events.length > 0 ? `${g.events.length} event(s) on this object: ←/→ step through them` : '',
    ].filter((x) => x !== ''),
  }));
  return row;
}

function stepTitle(st: StepView, i: number): string {
  const span = st.end > st.start ? `${fmtT(st.start)} → ${fmtT(st.end)}` : `at ${fmtT(st.start)}`;
  return `Step ${i + 1}: ${st.type}, ${span}${st.settled === false ? ', did not settle' : ''}`;
}

function legendItems(): HTMLElement {
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
  return legend;
}

// ---------------------------------------------------------------------------------------------
// One run: timeline with cursor, snapshot, traffic, steps

interface ViewOptions {
  title: string;
  idx: number;
  /** Inside VS Code: lanes can be opened and deleted through the extension. */
  host: Host | null;
  initial: { t: number | null; zoom: number; laneScroll: number };
}

interface Host {
  cursorMoved(t: number): void;
  reveal(o: ObjectRefMessage): void;
  simulateDelete(o: ObjectRefMessage & { kind: 'Pod' | 'PersistentVolumeClaim' }): void;
  stateChanged(): void;
}

class RunView {
  readonly model: Model;
  readonly section: HTMLElement;
  private readonly rows: Row[] = [];
  private readonly offsets: number[] = [];
  private readonly lanes: Lane[] = [];
  private readonly built = new Map<number, HTMLElement>();
  private readonly shown = new Map<number, HTMLElement>();
  private activeRow = 0;
  private readonly scroller = el('div', 'timeline');
  private readonly inner = el('div', 'tl-inner');
  private readonly head = el('div', 'tl-head');
  private readonly axis = el('div', 'axis');
  private readonly knob = el('div', 'cursor-knob');
  private readonly lanesEl = el('div', 'lanes');
  private readonly cursorLine = el('div', 'cursor-line');
  private readonly slider = el('input', 'scrub');
  private readonly now = el('span', 'now');
  private readonly playBtn: VscodeButton;
  private readonly zoomLabel = el('span', 'zoomlabel', '1×');
  private readonly zoomOut: VscodeButton;
  private readonly zoomIn: VscodeButton;
  private readonly snapshotBody = el('div', 'nodes');
  private readonly snapshotTitle = el('h3');
  private readonly snapshotCount = badge('');
  private readonly trafficCards: Array<{ card: HTMLElement; step: StepView }> = [];
  private readonly expanded = new Set<string>();
  private snapshotKey = '';
  private snapshotFrame = 0;
  private windowFrame = 0;
  private t: number;
  private zoom: number;
  private playing = false;
  private playFrame = 0;
  private lastFrame = 0;
  private menu: VscodeContextMenu | null = null;

  constructor(
    readonly s: ScenarioView,
    private readonly opts: ViewOptions,
    private readonly showDetail: (d: Detail) => void,
  ) {
    this.model = buildModel(s);
    this.t = clamp(opts.initial.t ?? this.model.tEnd, 0, this.model.tEnd);
    this.zoom = clamp(opts.initial.zoom, 0, ZOOMS.length - 1);
    let y = 0;
    for (const g of this.model.groups) {
      this.rows.push({ type: 'group', group: g });
      this.offsets.push(y);
      y += GROUP_H;
      for (const lane of [...g.pods, ...g.claims]) {
        this.rows.push({ type: 'lane', group: g, lane });
        this.offsets.push(y);
        y += LANE_H;
        this.lanes.push(lane);
      }
    }
    this.offsets.push(y);
    this.playBtn = button('Play', { aria: 'Play' });
    this.zoomOut = button('−', { secondary: true, aria: 'Zoom out' });
    this.zoomIn = button('+', { secondary: true, aria: 'Zoom in' });
    this.section = this.render();
  }

  // ----------------------------------------------------------------- building

  private render(): HTMLElement {
    const { s, model } = this;
    const { idx } = this.opts;
    const sec = el('section', 'scenario');
    sec.id = `scenario-${idx}`;
    const h = el('h2', undefined, `K8s Sim: ${this.opts.title}`);
    h.id = `sc-h-${idx}`;
    sec.setAttribute('aria-labelledby', h.id);
    const header = el('header', 'sc-head');
    header.appendChild(h);
    const exps = (s.steps ?? []).flatMap((st) => st.expectations ?? []);
    const failed = exps.filter((e) => !e.ok).length;
    const verdict = el('p', `badge ${s.ok ? 'ok' : 'bad'}`);
    verdict.appendChild(
      mark(
        s.ok,
        exps.length === 0
          ? 'no expectations'
          : s.ok
            ? `all ${exps.length} expectations held`
            : `${failed} of ${exps.length} expectations failed`,
      ),
    );
    header.appendChild(verdict);
    sec.appendChild(header);
    if (s.description) sec.appendChild(el('p', 'desc', s.description));
    const meta = el('p', 'meta');
    const metaParts = [
      s.file ? `file ${s.file}` : '',
      s.scenario !== this.opts.title ? `scenario ${s.scenario}` : '',
      `seed ${s.seed}`,
      `simulated ${fmtT(model.tEnd)}`,
      `${this.lanes.length} object incarnation(s), ${(s.events ?? []).length} event(s)`,
    ];
    meta.textContent = metaParts.filter((x) => x !== '').join(' · ');
    sec.appendChild(meta);

    const notes = el('ul', 'notices');
    for (const r of s.rejected ?? [])
      notes.appendChild(noteItem(`rejected ${r.kind}/${r.name} (${r.file}:${r.line}): ${r.message}`, 'bad'));
    for (const n of s.notSimulated ?? [])
      notes.appendChild(noteItem(`not simulated: ${n.kind}/${n.name} (${n.file}:${n.line})`, 'warn'));
    if (notes.childElementCount > 0) sec.appendChild(notes);

    sec.appendChild(this.renderTimeline());
    sec.appendChild(this.renderSnapshotSection());
    const traffic = this.renderTraffic();
    if (traffic) sec.appendChild(traffic);
    sec.appendChild(renderSteps(s, idx));
    sec.addEventListener('keydown', (ev) => this.onKey(ev));
    // Space on an event marker plays / pauses (keydown); keep the button from also "clicking" on keyup.
    sec.addEventListener('keyup', (ev) => {
      if (ev.key === ' ' && ev.target instanceof HTMLElement && ev.target.classList.contains('ev'))
        ev.preventDefault();
    });
    return sec;
  }

  private renderTimeline(): HTMLElement {
    const { model } = this;
    const steps = this.s.steps ?? [];
    const idx = this.opts.idx;
    const wrap = el('section', 'tl-section');
    const h = el('h3', undefined, 'Timeline');
    h.id = `tl-h-${idx}`;
    wrap.setAttribute('aria-labelledby', h.id);

    const bar = el('div', 'toolbar');
    bar.appendChild(h);
    bar.appendChild(legendItems());
    const zoomBox = el('div', 'zoom');
    zoomBox.setAttribute('role', 'group');
    zoomBox.setAttribute('aria-label', 'Zoom');
    this.zoomLabel.setAttribute('aria-live', 'polite');
    zoomBox.append(this.zoomOut, this.zoomLabel, this.zoomIn);
    bar.appendChild(zoomBox);
    wrap.appendChild(bar);

    // Player: play / pause, previous / next event, the slider and the time.
    const player = el('div', 'player');
    player.setAttribute('role', 'group');
    player.setAttribute('aria-label', 'Time cursor');
    const prev = button('◀ Event', { secondary: true, aria: 'Previous event' });
    const next = button('Event ▶', { secondary: true, aria: 'Next event' });
    this.playBtn.setAttribute('aria-pressed', 'false');
    this.playBtn.classList.add('play');
    prev.classList.add('prev');
    next.classList.add('next');
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.max = String(model.tEnd);
    this.slider.step = String(Math.max(0.1, Math.round((model.tEnd / 400) * 10) / 10));
    this.slider.setAttribute('aria-label', 'Time cursor');
    this.now.setAttribute('aria-live', 'off');
    player.append(this.playBtn, prev, next, this.slider, this.now);
    player.appendChild(badge(`${model.eventTimes.length} event times`));
    wrap.appendChild(player);
    wrap.appendChild(
      el(
        'p',
        'hint',
        this.opts.host
          ? 'Drag the time cursor or the slider; Space plays / pauses, ←/→ step between events. Tab to the lanes: ↑/↓ move, Enter opens the object, Shift+F10 for actions.'
          : 'Drag the time cursor or the slider; Space plays / pauses, ←/→ step between events. Tab to the lanes: ↑/↓ move between them. Details show below.',
      ),
    );

    this.playBtn.addEventListener('click', () => this.togglePlay());
    prev.addEventListener('click', () => this.stepEvent(-1));
    next.addEventListener('click', () => this.stepEvent(1));
    this.slider.addEventListener('input', () => {
      this.pause();
      this.setCursor(Number(this.slider.value), 'user');
    });

    this.scroller.appendChild(this.inner);
    this.head.setAttribute('aria-hidden', 'true');
    this.head.appendChild(el('div', 'corner', 'object'));
    this.head.appendChild(this.axis);
    this.inner.appendChild(this.head);

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
    this.inner.appendChild(bands);

    this.lanesEl.style.height = `${this.offsets[this.offsets.length - 1]}px`;
    if (this.rows.length === 0) {
      this.lanesEl.style.height = '';
      this.lanesEl.appendChild(el('p', 'empty', 'No pods or claims in this run.'));
    }
    this.inner.appendChild(this.lanesEl);

    // Step boundaries and the cursor in front of the segments.
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
    this.inner.appendChild(lines);
    const cursor = el('div', 'overlay cursor');
    cursor.setAttribute('aria-hidden', 'true');
    this.cursorLine.setAttribute('title', 'Time cursor: drag to move');
    cursor.appendChild(this.cursorLine);
    this.inner.appendChild(cursor);

    this.zoomOut.addEventListener('click', () => this.setZoom(this.zoom - 1));
    this.zoomIn.addEventListener('click', () => this.setZoom(this.zoom + 1));
    this.applyZoom();

    this.axis.addEventListener('pointerdown', (ev) => this.startDrag(ev));
    this.cursorLine.addEventListener('pointerdown', (ev) => this.startDrag(ev));
    this.lanesEl.addEventListener('pointerdown', (ev) => {
      const target = ev.target instanceof Element ? ev.target : null;
      if (target?.closest('.track') && !target.closest('.ev')) this.startDrag(ev);
    });
    this.lanesEl.addEventListener('click', (ev) => this.onLaneClick(ev));
    this.lanesEl.addEventListener('focusin', (ev) => {
      const row = ev.target instanceof Element ? ev.target.closest<HTMLElement>('.lane') : null;
      if (row?.dataset.row) this.setActiveRow(Number(row.dataset.row));
    });
    if (this.opts.host) this.lanesEl.addEventListener('contextmenu', (ev) => this.onContextMenu(ev));
    this.scroller.addEventListener('scroll', () => {
      this.scheduleWindow();
      this.opts.host?.stateChanged();
    });
    wrap.appendChild(this.scroller);
    return wrap;
  }

  /** Ticks, step labels and the cursor knob: rebuilt on zoom (the only part that depends on it). */
  private renderAxis(): void {
    const { model } = this;
    const steps = this.s.steps ?? [];
    const zoom = ZOOMS[this.zoom];
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
    frag.appendChild(this.knob);
    this.axis.style.setProperty('--levels', String(levels));
    this.axis.replaceChildren(frag);
  }

  private renderSnapshotSection(): HTMLElement {
    const sec = el('section', 'snapshot');
    this.snapshotTitle.id = `sn-h-${this.opts.idx}`;
    sec.setAttribute('aria-labelledby', this.snapshotTitle.id);
    const head = el('div', 'sn-head');
    head.append(this.snapshotTitle, this.snapshotCount);
    sec.appendChild(head);
    sec.appendChild(this.snapshotBody);
    this.snapshotBody.addEventListener('click', (ev) => {
      const b = ev.target instanceof Element ? ev.target.closest<HTMLElement>('.more') : null;
      const node = b?.dataset.node;
      if (node === undefined) return;
      if (this.expanded.has(node)) this.expanded.delete(node);
      else this.expanded.add(node);
      this.snapshotKey = '';
      this.renderSnapshot();
    });
    return sec;
  }

  private renderSnapshot(): void {
    const snap = snapshotAt(this.model, this.lanes, this.t);
    this.snapshotTitle.textContent = `Cluster at ${fmtT(this.t)}`;
    this.snapshotCount.textContent = `${snap.pods} pod(s), ${snap.claims} claim(s)`;
    if (snap.key === this.snapshotKey && this.snapshotBody.childElementCount > 0) return;
    this.snapshotKey = snap.key;
    const showNs = this.model.showNamespace;
    const frag = document.createDocumentFragment();
    const card = (title: string, cls: string, list: PodAt[], key: string): HTMLElement => {
      const c = el('div', `node ${cls}`);
      const h = el('h4', undefined, title);
      h.appendChild(badge(String(list.length)));
      c.appendChild(h);
      if (list.length === 0) {
        c.appendChild(el('p', 'muted', 'no pods'));
        return c;
      }
      const ul = el('ul', 'pods');
      const all = this.expanded.has(key);
      const shown = all ? list : list.slice(0, PODS_PER_NODE);
      for (const p of shown) {
        const li = el('li');
        const row = el('div', 'pod');
        const notReady = p.seg.status === 'Running' && p.seg.ready === false;
        const dot = el('span', `dot ${statusClass(p.seg.status)}${notReady ? ' notready' : ''}`);
        dot.setAttribute('aria-hidden', 'true');
        row.appendChild(dot);
        const inc = p.lane.inc;
        row.appendChild(el('span', 'name', showNs ? `${inc.namespace}/${inc.name}` : inc.name));
        row.appendChild(el('span', 'st', notReady ? 'Running, not ready' : p.seg.status));
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
        const more = button(all ? 'Show fewer' : `Show all ${list.length}`, { secondary: true });
        more.classList.add('more');
        more.dataset.node = key;
        c.appendChild(more);
      }
      return c;
    };
    for (const [node, list] of snap.byNode) frag.appendChild(card(node, '', list, node));
    if (snap.unscheduled.length > 0)
      frag.appendChild(card('Not scheduled', 'unscheduled', snap.unscheduled, '\u0000unscheduled'));
    if (snap.unmounted.length > 0) {
      const c = el('div', 'node claimsonly');
      const h = el('h4', undefined, 'Claims not mounted');
      h.appendChild(badge(String(snap.unmounted.length)));
      c.appendChild(h);
      const ul = el('ul', 'claims');
      const all = this.expanded.has('\u0000claims');
      for (const claim of all ? snap.unmounted : snap.unmounted.slice(0, PODS_PER_NODE)) {
        const inc = claim.lane.inc;
        ul.appendChild(claimItem(showNs ? `${inc.namespace}/${inc.name}` : inc.name, claim));
      }
      c.appendChild(ul);
      if (snap.unmounted.length > PODS_PER_NODE) {
        const more = button(all ? 'Show fewer' : `Show all ${snap.unmounted.length}`, { secondary: true });
        more.classList.add('more');
        more.dataset.node = '\u0000claims';
        c.appendChild(more);
      }
      frag.appendChild(c);
    }
    if (!frag.hasChildNodes())
      frag.appendChild(el('p', 'muted', `The cluster has no nodes, pods or claims at ${fmtT(this.t)}.`));
    this.snapshotBody.replaceChildren(frag);
  }

  private renderTraffic(): HTMLElement | null {
    const steps = (this.s.steps ?? []).filter((st) => st.requests);
    if (steps.length === 0) return null;
    const sec = el('section', 'traffic');
    const h = el('h3', undefined, 'Traffic');
    h.id = `tr-h-${this.opts.idx}`;
    sec.setAttribute('aria-labelledby', h.id);
    sec.appendChild(h);
    const grid = el('div', 'tcards');
    for (const st of steps) {
      const req = st.requests;
      if (!req) continue;
      const card = renderTrafficCard(st, req);
      const go = button('Go to', { secondary: true, aria: `Move the time cursor to step ${st.index + 1}` });
      go.addEventListener('click', () => {
        this.pause();
        this.setCursor(st.start, 'user');
      });
      card.querySelector('h4')?.appendChild(go);
      this.trafficCards.push({ card, step: st });
      grid.appendChild(card);
    }
    sec.appendChild(grid);
    return sec;
  }

  // ----------------------------------------------------------------- mounting, virtual rows

  /** Call once the section is in the document (sizes are known). */
  mount(laneScroll: number): void {
    if (laneScroll > 0) this.scroller.scrollTop = laneScroll;
    this.updateWindow();
    this.setCursor(this.t, 'restore');
  }

  get laneScroll(): number {
    return this.scroller.scrollTop;
  }

  get cursor(): number {
    return this.t;
  }

  get zoomIndex(): number {
    return this.zoom;
  }

  private scheduleWindow(): void {
    if (this.windowFrame) return;
    this.windowFrame = requestAnimationFrame(() => {
      this.windowFrame = 0;
      this.updateWindow();
    });
  }

  private rowAt(y: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private rowElement(i: number): HTMLElement {
    let row = this.built.get(i);
    if (row) return row;
    const r = this.rows[i];
    row = r.type === 'group' ? renderGroupRow(r.group, this.model) : renderLane(r.lane, this.model);
    if (i === 0) row.classList.add('first');
    row.dataset.row = String(i);
    row.style.top = `${this.offsets[i]}px`;
    row.tabIndex = i === this.activeRow ? 0 : -1;
    this.built.set(i, row);
    return row;
  }

  /** Draws the rows in view (plus a margin, the active row and the focused one); removes the rest. */
  private updateWindow(): void {
    const n = this.rows.length;
    if (n === 0) return;
    const top = this.scroller.scrollTop - this.lanesEl.offsetTop;
    const height = this.scroller.clientHeight || window.innerHeight;
    const first = Math.max(0, this.rowAt(Math.max(0, top)) - OVERSCAN);
    const last = Math.min(n - 1, this.rowAt(Math.max(0, top + height)) + OVERSCAN);
    const want = new Set<number>();
    for (let i = first; i <= last; i++) want.add(i);
    want.add(this.activeRow);
    const focused = document.activeElement?.closest<HTMLElement>('.lane');
    if (focused?.dataset.row && this.lanesEl.contains(focused)) want.add(Number(focused.dataset.row));
    for (const [i, row] of this.shown) {
      if (!want.has(i)) {
        row.remove();
        this.shown.delete(i);
      }
    }
    // Insert the missing rows in index order so the DOM (and screen readers) read them in order.
    const order = [...want].sort((a, b) => a - b);
    let cursor: Element | null = this.lanesEl.firstElementChild;
    for (const i of order) {
      const existing = this.shown.get(i);
      if (existing) {
        cursor = existing.nextElementSibling;
        continue;
      }
      const row = this.rowElement(i);
      this.lanesEl.insertBefore(row, cursor);
      this.shown.set(i, row);
    }
  }

  private setActiveRow(i: number): void {
    if (i === this.activeRow) return;
    const old = this.built.get(this.activeRow);
    if (old) old.tabIndex = -1;
    this.activeRow = i;
    this.rowElement(i).tabIndex = 0;
  }

  private focusRow(i: number): void {
    if (this.rows.length === 0) return;
    i = clamp(i, 0, this.rows.length - 1);
    this.setActiveRow(i);
    // Bring the row into the scroller's view first, so the window around it is drawn.
    const y = this.lanesEl.offsetTop + this.offsets[i];
    const h = this.offsets[i + 1] - this.offsets[i];
    const headH = this.head.offsetHeight;
    if (y - headH < this.scroller.scrollTop) this.scroller.scrollTop = y - headH;
    else if (y + h > this.scroller.scrollTop + this.scroller.clientHeight)
      this.scroller.scrollTop = y + h - this.scroller.clientHeight;
    this.updateWindow();
    this.rowElement(i).focus();
  }

  // ----------------------------------------------------------------- cursor

  setCursor(t: number, source: 'user' | 'host' | 'restore' | 'play'): void {
    const { model } = this;
    this.t = clamp(Number.isFinite(t) ? t : model.tEnd, 0, model.tEnd);
    const left = pct(this.t, model.domain);
    this.cursorLine.style.left = left;
    this.knob.style.left = left;
    this.slider.value = String(this.t);
    this.slider.setAttribute('aria-valuetext', fmtT(this.t));
    this.now.replaceChildren(el('strong', undefined, fmtT(this.t)), ` / ${fmtT(model.tEnd)}`);
    for (const { card, step } of this.trafficCards)
      card.classList.toggle('current', step.start <= this.t && this.t <= Math.max(step.end, step.start));
    this.scheduleSnapshot();
    if (source === 'user' || source === 'play') this.opts.host?.cursorMoved(this.t);
    if (source !== 'restore') this.opts.host?.stateChanged();
  }

  private scheduleSnapshot(): void {
    if (this.snapshotFrame) return;
    this.snapshotFrame = requestAnimationFrame(() => {
      this.snapshotFrame = 0;
      this.renderSnapshot();
    });
  }

  /** Moves the cursor to the next (dir 1) or previous (dir -1) event time; returns it, or null. */
  stepEvent(dir: 1 | -1, times: number[] = this.model.eventTimes): number | null {
    const eps = 1e-6;
    let target: number | undefined;
    if (dir > 0) target = times.find((x) => x > this.t + eps);
    else
      for (let i = times.length - 1; i >= 0 && target === undefined; i--)
        if (times[i] < this.t - eps) target = times[i];
    if (target === undefined) return null;
    this.pause();
    this.setCursor(target, 'user');
    this.revealCursor();
    const at = this.model.eventsAt.get(target) ?? [];
    if (times === this.model.eventTimes && at.length > 0)
      this.showDetail({
        title: `${at.length} event(s) at ${fmtT(target)}`,
        lines: at.slice(0, 12).map((e) => `${objectText(e.object)}: ${e.reason}: ${e.message}`),
      });
    return target;
  }

  /** Scrolls horizontally so that the cursor is in view (when zoomed in). */
  private revealCursor(): void {
    const labelW =
      this.head.firstElementChild instanceof HTMLElement ? this.head.firstElementChild.offsetWidth : 0;
    const trackW = this.inner.offsetWidth - labelW;
    const x = labelW + (this.t / this.model.domain) * trackW;
    const viewL = this.scroller.scrollLeft + labelW;
    const viewR = this.scroller.scrollLeft + this.scroller.clientWidth;
    if (x < viewL + 10 || x > viewR - 10)
      this.scroller.scrollLeft = Math.max(0, x - labelW - (this.scroller.clientWidth - labelW) / 2);
  }

  private timeAtX(clientX: number): number {
    const r = this.axis.getBoundingClientRect();
    if (r.width <= 0) return this.t;
    return clamp(((clientX - r.left) / r.width) * this.model.domain, 0, this.model.tEnd);
  }

  private startDrag(ev: PointerEvent): void {
    if (ev.button !== 0) return;
    ev.preventDefault();
    this.pause();
    const target = ev.currentTarget instanceof HTMLElement ? ev.currentTarget : this.axis;
    target.setPointerCapture(ev.pointerId);
    document.body.classList.add('dragging');
    this.setCursor(this.timeAtX(ev.clientX), 'user');
    const move = (e: PointerEvent) => this.setCursor(this.timeAtX(e.clientX), 'user');
    const end = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', end);
      target.removeEventListener('pointercancel', end);
      document.body.classList.remove('dragging');
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', end);
    target.addEventListener('pointercancel', end);
  }

  togglePlay(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.playing || this.model.tEnd <= 0) return;
    if (this.t >= this.model.tEnd - 1e-6) this.setCursor(0, 'play');
    this.playing = true;
    this.playBtn.textContent = 'Pause';
    this.playBtn.setAttribute('aria-label', 'Pause');
    this.playBtn.setAttribute('aria-pressed', 'true');
    const rate = Math.max(1, this.model.tEnd / PLAY_SECONDS);
    this.lastFrame = performance.now();
    const tick = (now: number) => {
      if (!this.playing) return;
      const dt = Math.min(0.25, (now - this.lastFrame) / 1000);
      this.lastFrame = now;
      const t = this.t + dt * rate;
      this.setCursor(t, 'play');
      this.revealCursor();
      if (t >= this.model.tEnd) this.pause();
      else this.playFrame = requestAnimationFrame(tick);
    };
    this.playFrame = requestAnimationFrame(tick);
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.playFrame);
    this.playBtn.textContent = 'Play';
    this.playBtn.setAttribute('aria-label', 'Play');
    this.playBtn.setAttribute('aria-pressed', 'false');
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  private setZoom(z: number): void {
    const next = clamp(z, 0, ZOOMS.length - 1);
    if (next === this.zoom) return;
    this.zoom = next;
    this.applyZoom();
    this.revealCursor();
    this.opts.host?.stateChanged();
  }

  private applyZoom(): void {
    const z = ZOOMS[this.zoom];
    this.inner.style.setProperty('--zoom', String(z));
    this.zoomLabel.textContent = `${z}×`;
    this.zoomOut.disabled = this.zoom === 0;
    this.zoomIn.disabled = this.zoom === ZOOMS.length - 1;
    this.renderAxis();
  }

  // ----------------------------------------------------------------- input

  /** Keyboard for the whole run: lanes (↑/↓, ←/→ through events, Enter), Space, ←/→ elsewhere. */
  onKey(ev: KeyboardEvent): void {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const target = ev.target instanceof HTMLElement ? ev.target : null;
    if (!target) return;
    const tag = target.tagName;
    const inLanes = this.lanesEl.contains(target);
    const onMarker = inLanes && target.classList.contains('ev');
    const isControl =
      (tag === 'BUTTON' && !onMarker) ||
      tag === 'VSCODE-BUTTON' ||
      tag === 'A' ||
      tag === 'TEXTAREA' ||
      tag === 'SELECT' ||
      tag === 'VSCODE-CONTEXT-MENU' ||
      (tag === 'INPUT' && (target as HTMLInputElement).type !== 'range');
    if (ev.key === ' ' || ev.key === 'Spacebar') {
      if (isControl) return; // buttons activate themselves
      ev.preventDefault();
      this.togglePlay();
      return;
    }
    if (inLanes) {
      this.onLaneKey(ev, target, onMarker);
      return;
    }
    if (isControl && ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
    if (tag === 'INPUT') return; // the slider moves itself
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
      ev.preventDefault();
      this.stepEvent(ev.key === 'ArrowRight' ? 1 : -1);
    }
  }

  private onLaneKey(ev: KeyboardEvent, target: HTMLElement, onMarker: boolean): void {
    const row = target.closest<HTMLElement>('.lane');
    if (!row?.dataset.row) return;
    const i = Number(row.dataset.row);
    const markers = (): HTMLElement[] => Array.from(row.querySelectorAll<HTMLElement>('.ev'));
    switch (ev.key) {
      case 'ArrowDown':
        this.focusRow(i + 1);
        break;
      case 'ArrowUp':
        this.focusRow(i - 1);
        break;
      case 'Home':
        this.focusRow(0);
        break;
      case 'End':
        this.focusRow(this.rows.length - 1);
        break;
      case 'PageDown':
      case 'PageUp': {
        const page = Math.max(1, Math.floor(this.scroller.clientHeight / LANE_H) - 2);
        this.focusRow(i + (ev.key === 'PageDown' ? page : -page));
        break;
      }
      case 'ArrowRight':
      case 'ArrowLeft': {
        // Through this lane's events when it has some, else through all events.
        const dir = ev.key === 'ArrowRight' ? 1 : -1;
        const ms = markers();
        const times = ms.map((m) => Number(m.dataset.t));
        const t = ms.length > 0 ? this.stepEvent(dir, times) : null;
        if (t !== null) {
          const m = ms.find((x) => Number(x.dataset.t) === t);
          m?.focus();
        } else {
          if (onMarker) row.focus();
          this.stepEvent(dir);
        }
        break;
      }
      case 'Escape':
        if (!onMarker) return;
        row.focus();
        break;
      case 'Enter':
        if (onMarker) {
          this.setCursor(Number(target.dataset.t), 'user');
          break;
        }
        if (!this.revealRow(i)) return;
        break;
      case 'ContextMenu':
      case 'F10':
        if (ev.key === 'F10' && !ev.shiftKey) return;
        if (!this.opts.host) return;
        this.openMenu(i, row.getBoundingClientRect().left + 24, row.getBoundingClientRect().bottom);
        break;
      default:
        return;
    }
    ev.preventDefault();
    ev.stopPropagation();
  }

  private onLaneClick(ev: MouseEvent): void {
    const target = ev.target instanceof Element ? ev.target : null;
    const marker = target?.closest<HTMLElement>('.ev');
    if (marker?.dataset.t) {
      this.pause();
      this.setCursor(Number(marker.dataset.t), 'user');
      return;
    }
    if (this.opts.host && target?.closest('.label .name')) {
      const row = target.closest<HTMLElement>('.lane');
      if (row?.dataset.row) this.revealRow(Number(row.dataset.row));
    }
  }

  private objectOfRow(i: number): ObjectRefMessage | null {
    const r = this.rows[i];
    if (!r) return null;
    if (r.type === 'lane')
      return { kind: r.lane.inc.kind, name: r.lane.inc.name, namespace: r.lane.inc.namespace };
    if (!r.group.kind) return null;
    return { kind: r.group.kind, name: r.group.name, namespace: r.group.namespace };
  }

  private revealRow(i: number): boolean {
    const o = this.objectOfRow(i);
    if (!o || !this.opts.host) return false;
    this.opts.host.reveal(o);
    return true;
  }

  private onContextMenu(ev: MouseEvent): void {
    const row = ev.target instanceof Element ? ev.target.closest<HTMLElement>('.lane') : null;
    if (!row?.dataset.row) return;
    ev.preventDefault();
    this.openMenu(Number(row.dataset.row), ev.clientX, ev.clientY);
  }

  private openMenu(i: number, x: number, y: number): void {
    const host = this.opts.host;
    const o = this.objectOfRow(i);
    if (!host || !o) return;
    const row = this.rowElement(i);
    const items = [{ label: 'Reveal in manifest', value: 'reveal' }];
    if (o.kind === 'Pod' || o.kind === 'PersistentVolumeClaim')
      items.push({ label: `Simulate delete of ${o.name}`, value: 'delete' });
    this.menu?.remove();
    const menu = el('vscode-context-menu', 'lane-menu');
    menu.setAttribute('aria-label', `Actions for ${o.kind} ${o.name}`);
    menu.data = items;
    menu.style.left = `${Math.min(x, window.innerWidth - 220)}px`;
    menu.style.top = `${Math.min(y, window.innerHeight - 80)}px`;
    menu.addEventListener('vsc-context-menu-select', (e) => {
      const value = e.detail.value;
      menu.remove();
      row.focus();
      if (value === 'reveal') host.reveal(o);
      else if (value === 'delete' && (o.kind === 'Pod' || o.kind === 'PersistentVolumeClaim'))
        host.simulateDelete({ kind: o.kind, name: o.name, namespace: o.namespace });
    });
    menu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' || e.key === 'Tab') {
        menu.remove();
        row.focus();
      }
    });
    document.body.appendChild(menu);
    menu.show = true;
    this.menu = menu;
  }
}

// ---------------------------------------------------------------------------------------------
// Traffic

/** Colour classes for the parts of a bar, in order (the biggest part first). */
const PART_COLOURS = 8;

function renderSplit(
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

function renderTrafficCard(st: StepView, req: RequestView): HTMLElement {
  const card = el('article', 'tcard');
  const h = el('h4', undefined, `Step ${st.index + 1}: request at ${fmtT(st.start)}`);
  h.appendChild(badge(`${req.count} request${req.count === 1 ? '' : 's'}`));
  card.appendChild(h);
  const total = req.count;
  card.appendChild(renderSplit('By Service', req.byService ?? {}, total, 'no Service answered', (k) => k));
  card.appendChild(renderSplit('By pod', req.byPod ?? {}, total, 'no pod answered', (k) => k));
  card.appendChild(
    renderSplit('By status', req.byStatus ?? {}, total, 'no answer', (k) =>
      k === '0' ? 'no answer (connection refused)' : `HTTP ${k}`,
    ),
  );
  const reasons = req.reasons ?? [];
  if (reasons.length > 0) {
    const box = el('div', 'split');
    box.appendChild(el('h5', undefined, 'Why'));
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

function claimItem(name: string, claim: ClaimAt | PvcState | null): HTMLLIElement {
  const status = claim ? ('seg' in claim ? claim.seg.status : claim.status) : null;
  const volume = claim ? claim.volume : null;
  const li = el('li', 'claim');
  const dot = el('span', `dot ${status ? statusClass(status) : 's-failed'}`);
  dot.setAttribute('aria-hidden', 'true');
  li.appendChild(dot);
  li.appendChild(el('span', 'kind k-pvc', 'PVC'));
  li.appendChild(el('span', 'name', name));
  li.appendChild(el('span', 'st', status ?? 'missing'));
  if (volume) li.appendChild(el('span', 'vol', volume));
  return li;
}

// ---------------------------------------------------------------------------------------------
// Page

class Page {
  private views: RunView[] = [];
  private readonly root = document.getElementById('app') ?? document.body;
  private readonly panel = el('aside', 'details');
  private title = '';
  private readonly post = throttle(120, (t: number) => this.api?.postMessage({ type: 'cursorMoved', t }));
  private readonly save = throttle(250, () => this.saveState());

  constructor(private readonly api: VsCodeApi | null) {
    this.panel.id = 'details';
    this.panel.setAttribute('aria-live', 'polite');
    this.panel.setAttribute('aria-label', 'Details');
    this.resetPanel();
    document.addEventListener('focusin', (ev) => {
      const t = ev.target;
      if (!(t instanceof Element)) return;
      const get = details.get(t);
      if (get) this.showDetail(get());
    });
    // Buttons do not take focus on click everywhere (Safari): make a click on a marker focus it.
    document.addEventListener('click', (ev) => {
      const t = ev.target instanceof Element ? ev.target.closest('.ev, .lane') : null;
      if (t instanceof HTMLElement && details.has(t) && document.activeElement !== t) t.focus();
    });
    // Keys pressed with nothing focused go to the first run.
    document.addEventListener('keydown', (ev) => {
      if (ev.target === document.body || ev.target === document.documentElement) this.views[0]?.onKey(ev);
    });
    window.addEventListener('resize', () => {
      for (const v of this.views) v.mount(v.laneScroll);
    });
    window.addEventListener('scroll', () => this.save(), { passive: true });
  }

  private resetPanel(): void {
    this.panel.replaceChildren(
      el(
        'span',
        'muted',
        'Focus a lane or an event marker (Tab, arrow keys, or click) to see its details here.',
      ),
    );
  }

  private showDetail(d: Detail): void {
    const frag = document.createDocumentFragment();
    frag.appendChild(el('strong', 'dtitle', d.title));
    const ul = el('ul');
    for (const line of d.lines) ul.appendChild(el('li', undefined, line));
    frag.appendChild(ul);
    this.panel.replaceChildren(frag);
  }

  private hostFor(): Host | null {
    if (!this.api) return null;
    const api = this.api;
    return {
      cursorMoved: (t) => this.post(t),
      reveal: (o) => api.postMessage({ type: 'reveal', kind: o.kind, name: o.name, namespace: o.namespace }),
      simulateDelete: (o) =>
        api.postMessage({ type: 'simulateDelete', kind: o.kind, name: o.name, namespace: o.namespace }),
      stateChanged: () => this.save(),
    };
  }

  /** Standalone: all runs of the data island. */
  showAll(results: ScenarioView[]): void {
    this.views = results.map(
      (s, i) =>
        new RunView(
          s,
          { title: s.scenario, idx: i, host: null, initial: { t: null, zoom: 0, laneScroll: 0 } },
          (d) => this.showDetail(d),
        ),
    );
    const frag = document.createDocumentFragment();
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
    for (const v of this.views) frag.appendChild(v.section);
    if (results.length === 0) frag.appendChild(el('p', 'muted', 'No scenarios were run.'));
    frag.appendChild(this.panel);
    this.root.replaceChildren(frag);
    for (const v of this.views) v.mount(0);
  }

  /** VS Code: one run, keeping the cursor, zoom and scroll when it is the same simulation. */
  show(title: string, result: ScenarioView, at: number | undefined): void {
    const live = this.views[0];
    const saved = this.api?.getState();
    let initial = { t: null as number | null, zoom: 0, laneScroll: 0 };
    let pageScroll = 0;
    if (live && this.title === title) {
      initial = { t: live.cursor, zoom: live.zoomIndex, laneScroll: live.laneScroll };
      pageScroll = window.scrollY;
    } else if (isTimelineState(saved) && saved.title === title) {
      initial = { t: saved.t, zoom: saved.zoom, laneScroll: saved.laneScroll };
      pageScroll = saved.pageScroll;
    }
    if (at !== undefined) initial.t = at;
    for (const v of this.views) v.pause();
    this.title = title;
    document.title = `K8s Sim: ${title}`;
    const view = new RunView(result, { title, idx: 0, host: this.hostFor(), initial }, (d) =>
      this.showDetail(d),
    );
    this.views = [view];
    this.resetPanel();
    this.root.replaceChildren(view.section, this.panel);
    view.mount(initial.laneScroll);
    if (pageScroll > 0) window.scrollTo(0, pageScroll);
    this.saveState();
  }

  showEmpty(title: string, message: string): void {
    for (const v of this.views) v.pause();
    this.views = [];
    this.title = title;
    document.title = `K8s Sim: ${title}`;
    const box = el('section', 'empty-state');
    box.appendChild(el('h2', undefined, `K8s Sim: ${title}`));
    const p = el('p', undefined, message);
    p.setAttribute('role', 'status');
    box.appendChild(p);
    this.root.replaceChildren(box);
  }

  onMessage(m: ExtensionToWebview): void {
    switch (m.type) {
      case 'show':
        this.show(m.title, m.result, m.at);
        break;
      case 'empty':
        this.showEmpty(m.title, m.message);
        break;
      case 'cursor':
        this.views[0]?.setCursor(m.t, 'host');
        break;
    }
  }

  private saveState(): void {
    const v = this.views[0];
    if (!this.api || !v) return;
    this.api.setState({
      title: this.title,
      t: v.cursor,
      zoom: v.zoomIndex,
      laneScroll: Math.max(0, v.laneScroll),
      pageScroll: Math.max(0, window.scrollY),
    });
  }

  error(message: string): void {
    const p = el('p', 'error', `Cannot show the report: ${message}`);
    p.setAttribute('role', 'alert');
    this.root.replaceChildren(p);
  }
}

function readData(): ScenarioView[] {
  const node = document.getElementById(DATA_ID);
  if (!node) throw new Error(`the page has no #${DATA_ID} data`);
  const parsed: unknown = JSON.parse(node.textContent ?? 'null');
  if (Array.isArray(parsed)) return parsed as ScenarioView[];
  if (parsed && typeof parsed === 'object') return [parsed as ScenarioView];
  throw new Error('the data is not a list of scenario results');
}

/** Marks the first paint after the data was drawn (read by the performance test). */
function markPainted(): void {
  performance.mark('k8s-sim:rendered');
  requestAnimationFrame(() => setTimeout(() => performance.mark('k8s-sim:painted'), 0));
}

export function main(): void {
  if (scriptNonce) (globalThis as { litNonce?: string }).litNonce = scriptNonce;
  const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  document.documentElement.classList.add(api ? 'has-host' : 'standalone');
  const page = new Page(api);
  if (!api) {
    performance.mark('k8s-sim:data');
    try {
      page.showAll(readData());
    } catch (e) {
      page.error(e instanceof Error ? e.message : String(e));
      return;
    }
    markPainted();
    return;
  }
  window.addEventListener('message', (ev: MessageEvent<unknown>) => {
    if (!isExtensionMessage(ev.data)) return;
    if (ev.data.type === 'show') performance.mark('k8s-sim:data');
    try {
      page.onMessage(ev.data);
    } catch (e) {
      page.error(e instanceof Error ? e.message : String(e));
      return;
    }
    if (ev.data.type === 'show') markPainted();
  });
  const p = el('p', 'muted', 'Waiting for the simulation…');
  p.setAttribute('role', 'status');
  document.getElementById('app')?.replaceChildren(p);
  api.postMessage({ type: 'ready' });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
