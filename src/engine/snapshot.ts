// The State object of the contract (section 4): what `kubectl get` would list at this moment.
import { claimNamesOf } from './store';
import { claimStatusText, nodeStatusText, podStatusText, readyColumnText } from './status';
import type { Sim } from './sim';
import { TEMPLATE_HASH_LABEL } from './controllers/deployment';
import type { DeploymentObject, KObject, ReplicaSetObject, StatefulSetObject } from './types';

export interface PodState {
  name: string;
  namespace: string;
  uid: string;
  status: string;
  phase: string;
  ready: boolean;
  node: string | null;
  ip: string | null;
  labels: Record<string, string>;
  owner: { kind: string; name: string } | null;
  claims: string[];
  hostname: string | null;
  subdomain: string | null;
  /** kubectl's RESTARTS column: container restarts in this pod (contract section 5.3). */
  restarts: number;
  /** kubectl's READY column (contract 5.3), e.g. `1/2`. */
  readyColumn: string;
}

export interface PvcState {
  name: string;
  namespace: string;
  status: string;
  volume: string | null;
  storageClass: string | null;
  accessModes: string[];
  owner: { kind: string; name: string } | null;
}

export interface PvState {
  name: string;
  status: string;
  claim: string | null;
  storageClass: string | null;
  node: string | null;
}

export interface ServicePort {
  name: string | null;
  port: number;
  targetPort: number | string;
  protocol: string;
  nodePort: number | null;
}

export interface ServiceState {
  name: string;
  namespace: string;
  type: string;
  clusterIP: string;
  ports: ServicePort[];
  endpoints: Array<{ pod: string; ip: string; ready: boolean }>;
  /** Extension, cluster Services only: what answers it outside the simulation (no endpoints here). */
  servedBy?: 'apiserver' | 'coredns';
}

export interface IngressState {
  name: string;
  namespace: string;
  className: string | null;
  canary: boolean;
  rules: Array<{
    host: string | null;
    paths: Array<{ path: string; pathType: string; service: string; port: number | string }>;
  }>;
  tls: Array<{ hosts: string[]; secretName: string | null }>;
}

export interface NodeState {
  name: string;
  labels: Record<string, string>;
  /** kubectl's STATUS column (contract 5.3): Ready, Ready,SchedulingDisabled. */
  status: string;
  /** Allocatable as written or defaulted: cpu, memory, pods, ephemeral-storage. */
  capacity: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
}

/**
 * A StatefulSet, ReplicaSet or Deployment (contract section 5.3, `state.workloads`), with its
 * controlling owner, so that a reader follows Pod → ReplicaSet → Deployment by facts, never by
 * name prefixes. `replicas` is the desired count (spec.replicas, defaulted to 1); the revisions are
 * the StatefulSet's controller revisions, or pod-template-hash values for the other two.
 */
export interface WorkloadState {
  kind: 'StatefulSet' | 'ReplicaSet' | 'Deployment';
  name: string;
  namespace: string;
  replicas: number;
  readyReplicas: number;
  currentRevision: string | null;
  updateRevision: string | null;
  owner: { kind: string; name: string } | null;
  /** metadata.generation and status.observedGeneration (optional extension): a rollout has been
   * seen by its controller when they are equal, as `kubectl rollout status` checks. */
  generation: number;
  observedGeneration: number;
  /** status.availableReplicas: Ready for minReadySeconds (optional extension). */
  availableReplicas: number;
  /** status.updatedReplicas of a StatefulSet or Deployment; null for a ReplicaSet, which has
   * no such field (optional extension). */
  updatedReplicas: number | null;
}

/** A PodDisruptionBudget as `kubectl get pdb` shows it, with its status (contract 5, optional). */
export interface PdbState {
  name: string;
  namespace: string;
  /** As written (`2`, `50%`), null when unset (kubectl: N/A). */
  minAvailable: string | null;
  maxUnavailable: string | null;
  expectedPods: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
}

export interface ClusterState {
  pods: PodState[];
  pvcs: PvcState[];
  pvs: PvState[];
  services: ServiceState[];
  ingresses: IngressState[];
  nodes: NodeState[];
  workloads: WorkloadState[];
  pdbs: PdbState[];
}

/** Rows a state holds (objects and endpoints): what keeping it costs, for the run's record limit. */
export function stateRows(state: ClusterState): number {
  let rows = state.pods.length + state.pvcs.length + state.pvs.length + state.ingresses.length;
  rows += state.nodes.length + state.services.length + state.workloads.length + state.pdbs.length;
  for (const svc of state.services) rows += svc.endpoints.length;
  return rows;
}

function ownerOf(obj: KObject): { kind: string; name: string } | null {
  const ref = obj.meta.ownerReferences.find((r) => r.controller) ?? obj.meta.ownerReferences[0];
  return ref ? { kind: ref.kind, name: ref.name } : null;
}

/** Sorted by "namespace/name" as text; each key is built once, not once per comparison. */
function byName<T extends { name: string; namespace?: string }>(rows: T[]): T[] {
  const keyed = rows.map((row) => ({ key: `${row.namespace ?? ''}/${row.name}`, row }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.row);
}

export function snapshot(sim: Sim): ClusterState {
  const store = sim.store;
  const pods: PodState[] = [];
  for (const p of store.list('Pod')) {
    pods.push({
      name: p.meta.name,
      namespace: p.meta.namespace,
      uid: p.meta.uid,
      status: podStatusText(p),
      phase: p.state.phase,
      ready: p.state.ready,
      node: p.state.nodeName,
      ip: p.state.ip,
      labels: { ...p.meta.labels },
      owner: ownerOf(p),
      claims: claimNamesOf(p),
      hostname: p.spec.hostname ?? null,
      subdomain: p.spec.subdomain ?? null,
      restarts: p.state.restartCount,
      readyColumn: readyColumnText(p),
    });
  }
  const pvcs: PvcState[] = [];
  for (const c of store.list('PersistentVolumeClaim')) {
    pvcs.push({
      name: c.meta.name,
      namespace: c.meta.namespace,
      status: claimStatusText(c),
      volume: c.state.volumeName,
      storageClass: c.state.storageClassName,
      accessModes: [...(c.spec.accessModes ?? [])],
      owner: ownerOf(c),
    });
  }
  const pvs: PvState[] = [];
  for (const v of store.list('PersistentVolume')) {
    pvs.push({
      name: v.meta.name,
      status: v.meta.deletionTime !== null ? 'Terminating' : v.state.phase,
      claim: v.state.claim ? `${v.state.claim.namespace}/${v.state.claim.name}` : null,
      storageClass: v.spec.storageClassName ?? null,
      node: v.state.pinnedNode,
    });
  }
  const services: ServiceState[] = [];
  for (const s of store.list('Service')) {
    services.push({
      name: s.meta.name,
      namespace: s.meta.namespace,
      type: s.spec.type,
      clusterIP: s.clusterIP,
      ports: s.spec.ports.map((p, i) => ({
        name: p.name ?? null,
        port: p.port,
        targetPort: p.targetPort,
        protocol: p.protocol,
        nodePort: s.nodePorts[i] ?? null,
      })),
      // Kept sorted by pod name by the endpoints controller.
      endpoints: s.endpoints.map((e) => ({ pod: e.pod, ip: e.ip, ready: e.ready })),
      ...(s.servedBy ? { servedBy: s.servedBy } : {}),
    });
  }
  const ingresses: IngressState[] = [];
  for (const i of store.list('Ingress')) {
    ingresses.push({
      name: i.meta.name,
      namespace: i.meta.namespace,
      className: i.spec.ingressClassName ?? i.meta.annotations['kubernetes.io/ingress.class'] ?? null,
      canary: i.meta.annotations['nginx.ingress.kubernetes.io/canary'] === 'true',
      rules: (i.spec.rules ?? []).map((r) => ({
        host: r.host ?? null,
        paths: (r.http?.paths ?? []).map((p) => ({
          path: p.path ?? '/',
          pathType: p.pathType,
          service: p.backend.service?.name ?? '',
          port: p.backend.service?.port?.number ?? p.backend.service?.port?.name ?? '',
        })),
      })),
      tls: (i.spec.tls ?? []).map((t) => ({ hosts: [...(t.hosts ?? [])], secretName: t.secretName ?? null })),
    });
  }
  const nodes: NodeState[] = [];
  for (const n of store.list('Node')) {
    nodes.push({
      name: n.meta.name,
      labels: { ...n.meta.labels },
      status: nodeStatusText(n),
      capacity: { ...n.capacityText },
      taints: n.taints.map((t) => ({ ...t })),
    });
  }
  return {
    pods: byName(pods),
    pvcs: byName(pvcs),
    pvs: byName(pvs),
    services: byName(services),
    ingresses: byName(ingresses),
    nodes,
    workloads: workloadsOf(sim),
    pdbs: byName(
      [...store.list('PodDisruptionBudget')].map((b) => ({
        name: b.meta.name,
        namespace: b.meta.namespace,
        minAvailable: b.spec.minAvailable === undefined ? null : String(b.spec.minAvailable),
        maxUnavailable: b.spec.maxUnavailable === undefined ? null : String(b.spec.maxUnavailable),
        expectedPods: b.state.expectedPods,
        currentHealthy: b.state.currentHealthy,
        desiredHealthy: b.state.desiredHealthy,
        disruptionsAllowed: b.state.disruptionsAllowed,
      })),
    ),
  };
}

function workloadsOf(sim: Sim): WorkloadState[] {
  const store = sim.store;
  const rows: WorkloadState[] = [];
  const row = (
    obj: StatefulSetObject | ReplicaSetObject | DeploymentObject,
    current: string | null,
    update: string | null,
  ) =>
    rows.push({
      kind: obj.kind,
      name: obj.meta.name,
      namespace: obj.meta.namespace,
      replicas: obj.spec.replicas,
      readyReplicas: obj.state.readyReplicas,
      currentRevision: current,
      updateRevision: update,
      owner: ownerOf(obj),
      generation: obj.meta.generation,
      observedGeneration: obj.state.observedGeneration,
      availableReplicas: obj.state.availableReplicas,
      updatedReplicas: obj.kind === 'ReplicaSet' ? null : obj.state.updatedReplicas,
    });
  for (const s of store.list('StatefulSet'))
    row(s, s.state.currentRevision || null, s.state.updateRevision || null);
  for (const rs of store.list('ReplicaSet')) {
    const hash = rs.meta.labels[TEMPLATE_HASH_LABEL] ?? null;
    row(rs, hash, hash);
  }
  for (const d of store.list('Deployment')) {
    const sets = [...store.dependentsOf(d.meta.uid)].filter(
      (o): o is ReplicaSetObject => o.kind === 'ReplicaSet',
    );
    const hashOf = (rs: ReplicaSetObject | undefined) => rs?.meta.labels[TEMPLATE_HASH_LABEL] ?? null;
    const update = sets.find((rs) => rs.meta.name === d.state.newReplicaSet);
    // The revision most pods still run: the new set once the old ones are scaled to 0.
    let current = update;
    for (const rs of sets)
      if (rs !== update && rs.spec.replicas > (current?.spec.replicas ?? 0)) current = rs;
    row(d, hashOf(current), hashOf(update));
  }
  return byName(rows);
}
