// Cluster at time t, from the incarnations' transitions
import { byNameNumeric } from './dom';
import { Lane, Model, Segment, segmentAt } from './lanes';

export interface PodAt {
  lane: Lane;
  seg: Segment;
  claims: Array<{ name: string; claim: ClaimAt | null }>;
}

export interface ClaimAt {
  lane: Lane;
  seg: Segment;
  volume: string | null;
}

export interface SnapshotAt {
  byNode: Map<string, PodAt[]>;
  unscheduled: PodAt[];
  unmounted: ClaimAt[];
  pods: number;
  claims: number;
  /** Changes exactly when what the snapshot draws changes. */
  key: string;
}

export function snapshotAt(model: Model, lanes: Lane[], t: number): SnapshotAt {
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
