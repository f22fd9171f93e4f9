// The snapshot panel's view of the cluster at the cursor: the shared clusterAt (the sidebar's too),
// grouped by node, with each pod's claims and the claims no pod mounts.
import { byNameNumeric, clusterAt, type PodAt, type PvcAt, type RunHistory } from '../../shared/cluster-at';

export interface PodOnNode {
  pod: PodAt;
  claims: Array<{ name: string; claim: PvcAt | null }>;
}

export interface SnapshotAt {
  byNode: Map<string, PodOnNode[]>;
  unscheduled: PodOnNode[];
  unmounted: PvcAt[];
  pods: number;
  claims: number;
  /** Each node's STATUS column at the cursor. */
  nodeStatus: Record<string, string>;
  /** Changes exactly when what the snapshot draws changes. */
  key: string;
}

/** `nodes`: the cluster's nodes, each shown even without pods, in this order. */
export function snapshotAt(run: RunHistory, nodes: readonly string[], t: number): SnapshotAt {
  const at = clusterAt(run, t);
  const claims = new Map(at.pvcs.map((c) => [`${c.namespace}/${c.name}`, c]));
  const keys = [
    ...at.pods.map((p) => `${p.uid}:${p.status}:${p.ready ? 1 : 0}:${p.node ?? ''}`),
    ...at.pvcs.map((c) => `${c.uid}:${c.status}`),
    ...Object.entries(at.nodeStatus).map(([n, st]) => `${n}:${st}`),
  ];
  const byNode = new Map<string, PodOnNode[]>();
  for (const n of nodes) byNode.set(n, []);
  const unscheduled: PodOnNode[] = [];
  const used = new Set<string>();
  // clusterAt lists pods in name order already (byNameNumeric), so each node's list is sorted.
  for (const pod of at.pods) {
    const entry: PodOnNode = { pod, claims: [] };
    for (const name of pod.claims) {
      const key = `${pod.namespace}/${name}`;
      used.add(key);
      entry.claims.push({ name, claim: claims.get(key) ?? null });
    }
    if (!pod.node) {
      unscheduled.push(entry);
      continue;
    }
    const list = byNode.get(pod.node);
    if (list) list.push(entry);
    else byNode.set(pod.node, [entry]);
  }
  const unmounted = at.pvcs.filter((c) => !used.has(`${c.namespace}/${c.name}`));
  unmounted.sort((a, b) => byNameNumeric(a.name, b.name));
  return {
    byNode,
    unscheduled,
    unmounted,
    pods: at.pods.length,
    claims: at.pvcs.length,
    nodeStatus: at.nodeStatus,
    key: keys.join('|'),
  };
}
