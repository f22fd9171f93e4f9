// The cluster at a moment of a finished run, rebuilt from each incarnation's transitions, for
// the sidebar to follow the timeline's cursor. No vscode import: it is unit-tested in Node.
import type { ScenarioResult } from '../scenario/run';

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
  status: string;
  volume: string | null;
  node: string | null;
}

export interface ClusterAt {
  pods: PodAt[];
  pvcs: PvcAt[];
}

/** The pods and claims that existed at `t` (null = the end of the run) with their status then. */
export function clusterAt(result: ScenarioResult, t: number | null): ClusterAt {
  const finalPods = new Map(result.state.pods.map((p) => [p.uid, p]));
  const finalClaims = new Map(result.state.pvcs.map((c) => [`${c.namespace}/${c.name}`, c]));
  if (t === null) {
    return {
      pods: result.state.pods.map((p) => ({
        name: p.name,
        namespace: p.namespace,
        uid: p.uid,
        status: p.status,
        ready: p.ready,
        node: p.node,
        ip: p.ip,
        owner: p.owner,
        claims: p.claims,
      })),
      pvcs: result.state.pvcs.map((c) => ({
        name: c.name,
        namespace: c.namespace,
        status: c.status,
        volume: c.volume,
        node: null,
      })),
    };
  }
  const pods: PodAt[] = [];
  const pvcs: PvcAt[] = [];
  for (const inc of result.objects) {
    const seen = inc.transitions.filter((tr) => tr.t <= t);
    const last = seen[seen.length - 1];
    if (!last || last.status === 'Deleted') continue;
    const node = [...seen].reverse().find((tr) => tr.node)?.node ?? null;
    if (inc.kind === 'Pod') {
      const final = finalPods.get(inc.uid);
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
    } else {
      const final = finalClaims.get(`${inc.namespace}/${inc.name}`);
      pvcs.push({
        name: inc.name,
        namespace: inc.namespace,
        status: last.status,
        volume: last.status === 'Bound' ? (final?.volume ?? null) : null,
        node,
      });
    }
  }
  const byName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
    `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1;
  return { pods: pods.sort(byName), pvcs: pvcs.sort(byName) };
}
