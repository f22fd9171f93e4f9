// Model: lanes, groups, events
import { type ClusterState } from '../../engine/snapshot';
import { type Incarnation, type SimEvent } from '../../engine/types';
import { runEnd } from '../../shared/cluster-at';
import { type ScenarioView } from '../model';
import { KIND_RANK, WORKLOAD_KINDS } from './constants';
import { fmtT } from './dom';
import { l10n } from './l10n';

export interface Segment {
  from: number;
  to: number;
  status: string;
  ready: boolean | undefined;
  node: string | null;
  /** The pod's RESTARTS during the segment. */
  restarts: number;
}

export interface Lane {
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

export interface Group {
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

export function buildLane(inc: Incarnation, tEnd: number): Lane {
  const segments: Segment[] = [];
  const trs = inc.transitions ?? [];
  let node: string | null = null;
  let ready: boolean | undefined;
  let deletedAt: number | null = null;
  let restarts = 0;
  for (let i = 0; i < trs.length; i++) {
    const tr = trs[i];
    if (tr.node !== undefined) node = tr.node;
    if (tr.restarts !== undefined) restarts = tr.restarts;
    if (tr.ready !== undefined) ready = tr.ready;
    if (tr.status === 'Deleted') {
      deletedAt = tr.t;
      break;
    }
    const to = i + 1 < trs.length ? trs[i + 1].t : tEnd;
    segments.push({ from: tr.t, to: Math.max(tr.t, to), status: tr.status, ready, node, restarts });
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

export function segmentText(seg: Segment): string {
  let s = seg.status;
  if (seg.status === 'Running' && seg.ready === false) s += l10n.t(' (not ready)');
  if (seg.node) s += ` · ${seg.node}`;
  // The RESTARTS column, so a crash loop reads on the lane itself.
  if (seg.restarts > 0)
    s += seg.restarts === 1 ? l10n.t(' · 1 restart') : l10n.t(' · {0} restarts', seg.restarts);
  return s;
}

export function eventText(e: SimEvent): string {
  return `${fmtT(e.t)} ${e.type} ${e.reason}: ${e.message}`;
}

export function objectText(o: { kind: string; namespace: string; name: string }): string {
  return o.namespace ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`;
}

/** The tail drawn after the run's last change, as a share of the run and at least in seconds. */
export const TAIL_SHARE = 0.12;
export const MIN_TAIL_SECONDS = 2;

export interface Model {
  groups: Group[];
  /** The run's last change: the cursor stops there. */
  tEnd: number;
  /** The drawn span: the run and its tail, where the final states are held. */
  domain: number;
  showNamespace: boolean;
  /** Distinct event times, ascending: the stops of "next / previous event". */
  eventTimes: number[];
  /** Events by time, for the details panel when the cursor stops on them. */
  eventsAt: Map<number, SimEvent[]>;
  nodes: string[];
}

export function buildModel(s: ScenarioView): Model {
  const objects = s.objects ?? [];
  const events = s.events ?? [];
  const steps = s.steps ?? [];
  // The same end as the extension's (it places the cursor there for the sidebar too).
  const tEnd = runEnd(s);
  // A tail after the last change, so the final states have a width (a pod Running at the run's
  // last instant would otherwise be a zero-width segment and read as stuck in its previous state).
  const domain = tEnd > 0 ? tEnd + Math.max(tEnd * TAIL_SHARE, MIN_TAIL_SECONDS) : 1;

  // Cluster-scoped lanes (nodes) have no namespace and do not count.
  const namespaces = new Set(objects.filter((o) => o.namespace !== '').map((o) => o.namespace));
  const showNamespace = namespaces.size > 1;

  // Which workload's pods mount a claim (claims from volumeClaimTemplates have no owner, but the
  // reader expects them next to the StatefulSet's pods).
  const mountedBy = new Map<string, { key: string; pod: string }>();
  const nodeNames = new Set<string>();
  const states: ClusterState[] = [];
  for (const st of steps) if (st.state) states.push(st.state);
  if (s.state) states.push(s.state);
  // A ReplicaSet's owner (its Deployment), from the run's workloads: a Deployment's pods are
  // drawn under the Deployment, whichever ReplicaSet made them.
  const workloadOwner = new Map<string, { kind: string; name: string }>();
  for (const state of states) {
    for (const w of state.workloads ?? [])
      if (w.owner && WORKLOAD_KINDS.has(w.owner.kind))
        workloadOwner.set(`${w.namespace}/${w.kind}/${w.name}`, w.owner);
  }
  const topOwner = (namespace: string, owner: { kind: string; name: string }) =>
    workloadOwner.get(`${namespace}/${owner.kind}/${owner.name}`) ?? owner;
  for (const state of states) {
    for (const n of state.nodes ?? []) nodeNames.add(n.name);
    for (const p of state.pods ?? []) {
      if (!p.owner) continue;
      for (const c of p.claims ?? []) {
        const ck = `${p.namespace}/${c}`;
        if (mountedBy.has(ck)) continue;
        const top = topOwner(p.namespace, p.owner);
        mountedBy.set(ck, { key: `${p.namespace}/${top.kind}/${top.name}`, pod: p.name });
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
  const NODES = '\u0000nodes';
  const BUDGETS = '\u0000budgets';

  // Lanes by object identity, for placing events.
  const lanesByObject = new Map<string, Lane[]>();
  for (const inc of objects) {
    const lane = buildLane(inc, domain);
    for (const seg of lane.segments) if (seg.node) nodeNames.add(seg.node);
    let g: Group;
    if (inc.kind === 'Node') {
      // Node lanes (Ready, NotReady, SchedulingDisabled) come first, in a group of their own.
      g = groupFor(NODES, null, l10n.t('Nodes'), '', -Infinity);
    } else if (inc.kind === 'PodDisruptionBudget') {
      g = groupFor(BUDGETS, null, 'PodDisruptionBudgets', '', -Infinity);
    } else if (inc.owner) {
      const owner = topOwner(inc.namespace, inc.owner);
      g = groupFor(
        `${inc.namespace}/${owner.kind}/${owner.name}`,
        owner.kind,
        owner.name,
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
        g = groupFor(NO_OWNER, null, l10n.t('No owner'), '', Infinity);
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
    // A ReplicaSet's events go to its Deployment's row, where its pods are.
    const top = topOwner(o.namespace, { kind: o.kind, name: o.name });
    const gk = `${o.namespace}/${top.kind}/${top.name}`;
    const g = groups.get(gk);
    if (g) g.events.push(e);
    else if (WORKLOAD_KINDS.has(top.kind)) groupFor(gk, top.kind, top.name, o.namespace, e.t).events.push(e);
    else groupFor(OTHER, null, l10n.t('Other objects'), '', Infinity).events.push(e);
  }
  const eventTimes = [...eventsAt.keys()].sort((a, b) => a - b);

  const sorted = [...groups.values()].sort((a, b) => {
    const place = (g: Group) =>
      g.key === NODES ? -2 : g.key === BUDGETS ? -1 : g.kind ? 0 : g.key === NO_OWNER ? 1 : 2;
    const fa = place(a);
    const fb = place(b);
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
    nodes: [...nodeNames],
  };
}
