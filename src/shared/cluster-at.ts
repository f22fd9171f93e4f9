// The cluster at a moment of a finished run, rebuilt from each incarnation's transitions: the one
// implementation behind the sidebar (src/extension/tree.ts) and the timeline page's snapshot panel
// (src/webview/timeline/), so both list the same pods with the same status in the same order.
// Pure data in, data out: no DOM, Node or vscode; it compiles under the webview's tsconfig too.
import type { PodState, PvcState, ServiceState } from '../engine/snapshot';
import type { Incarnation } from '../engine/types';

export interface PodAt {
  name: string;
  namespace: string;
  uid: string;
  status: string;
  ready: boolean;
  node: string | null;
  ip: string | null;
  owner: { kind: string; name: string } | null;
  claims: string[];
}

export interface PvcAt {
  name: string;
  namespace: string;
  uid: string;
  status: string;
  volume: string | null;
  node: string | null;
}

export interface ClusterAt {
  pods: PodAt[];
  pvcs: PvcAt[];
  /** Each node's STATUS column (`Ready`, `NotReady`, `…,SchedulingDisabled`) at that moment. */
  nodeStatus: Record<string, string>;
}

interface StateRows {
  pods: readonly PodState[];
  pvcs: readonly PvcState[];
  services?: readonly ServiceState[];
}

/** What clusterAt reads of a run result: the contract's `objects`, and the steps' and end states. */
export interface RunHistory {
  objects?: readonly Incarnation[];
  events?: ReadonlyArray<{ t: number }>;
  state?: StateRows;
  steps?: ReadonlyArray<{ state?: StateRows; start?: number; end?: number }>;
}

/** The run's last change: the latest step boundary, event or transition (0 for an empty run). */
export function runEnd(run: RunHistory): number {
  let end = 0;
  for (const st of run.steps ?? []) end = Math.max(end, st.end ?? 0, st.start ?? 0);
  for (const e of run.events ?? []) end = Math.max(end, e.t);
  for (const o of run.objects ?? []) for (const tr of o.transitions ?? []) end = Math.max(end, tr.t);
  return end;
}

export interface EndpointAt {
  pod: string;
  ip: string;
  ready: boolean;
}

/**
 * A Service's endpoints at a moment (`at` from clusterAt; null = the end of the run): the pods that
 * were its endpoints in some state of the run, as they were then — present with an IP, ready or
 * not. The run's states do not keep selectors, so a pod that matched only between two states
 * is not listed.
 */
export function endpointsAt(
  run: RunHistory,
  service: { name: string; namespace: string },
  at: ClusterAt | null,
): EndpointAt[] {
  const rowsOf = (state: StateRows | undefined) =>
    state?.services?.find((s) => s.name === service.name && s.namespace === service.namespace)?.endpoints ??
    [];
  if (at === null) return rowsOf(run.state).map((e) => ({ pod: e.pod, ip: e.ip, ready: e.ready }));
  const members = new Set<string>();
  for (const state of [...(run.steps ?? []).map((st) => st.state), run.state])
    for (const e of rowsOf(state)) members.add(e.pod);
  const out: EndpointAt[] = [];
  for (const p of at.pods)
    if (p.namespace === service.namespace && members.has(p.name) && p.ip !== null)
      out.push({ pod: p.name, ip: p.ip, ready: p.ready });
  return out;
}

/** Names as a person sorts them: `web-2` before `web-10` (kubectl sorts as text; ordinals read better). */
export function byNameNumeric(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function byNamespaceAndName(
  a: { namespace: string; name: string },
  b: { namespace: string; name: string },
): number {
  return a.namespace === b.namespace
    ? byNameNumeric(a.name, b.name)
    : byNameNumeric(a.namespace, b.namespace);
}

/** The pods and claims that existed at `t` (null = the end of the run) with their status then. */
export function clusterAt(run: RunHistory, t: number | null): ClusterAt {
  // What a state row says of a pod (by uid) or a claim: the latest state that lists it, so pods
  // deleted before the end keep their claims and IP.
  const podRows = new Map<string, PodState>();
  const claimRows = new Map<string, PvcState>();
  for (const state of [...(run.steps ?? []).map((st) => st.state), run.state]) {
    for (const p of state?.pods ?? []) podRows.set(p.uid, p);
    for (const c of state?.pvcs ?? []) claimRows.set(`${c.namespace}/${c.name}`, c);
  }
  const pods: PodAt[] = [];
  const pvcs: PvcAt[] = [];
  const nodeStatus: Record<string, string> = {};
  for (const inc of run.objects ?? []) {
    let last = null;
    let node: string | null = null;
    for (const tr of inc.transitions) {
      if (t !== null && tr.t > t) break;
      last = tr;
      if (tr.node) node = tr.node;
    }
    if (!last || last.status === 'Deleted') continue;
    if (inc.kind === 'Node') nodeStatus[inc.name] = last.status;
    else if (inc.kind === 'Pod') {
      const final = podRows.get(inc.uid);
      pods.push({
        name: inc.name,
        namespace: inc.namespace,
        uid: inc.uid,
        status: last.status,
        ready: last.ready === true,
        node,
        ip: final && last.status !== 'Pending' && last.status !== 'ContainerCreating' ? final.ip : null,
        owner: inc.owner,
        claims: final?.claims ?? [],
      });
    } else if (inc.kind === 'PersistentVolumeClaim') {
      const final = claimRows.get(`${inc.namespace}/${inc.name}`);
      pvcs.push({
        name: inc.name,
        namespace: inc.namespace,
        uid: inc.uid,
        status: last.status,
        volume: last.status === 'Bound' ? (final?.volume ?? null) : null,
        node,
      });
    }
  }
  return { pods: pods.sort(byNamespaceAndName), pvcs: pvcs.sort(byNamespaceAndName), nodeStatus };
}
