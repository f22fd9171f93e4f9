// Which kinds the engine models, under which apiVersion, and how kubectl lets users name them
// (case-insensitive kind, plural, short names); the one place that says which kinds are
// namespaced, which are workloads (own Pods through a template) and which have a scale subresource.
import type { ManifestKind } from './manifest';

interface KindInfo {
  kind: ManifestKind;
  apiVersions: readonly string[];
  plural: string;
  shortNames: readonly string[];
  namespaced: boolean;
  /** Creates Pods from `spec.template` (directly or through ReplicaSets). */
  workload?: true;
  /** Serves the `/scale` subresource: `kubectl scale` and a `scale` step accept it. */
  scalable?: true;
}

export const KIND_TABLE: readonly KindInfo[] = [
  { kind: 'Pod', apiVersions: ['v1'], plural: 'pods', shortNames: ['po'], namespaced: true },
  {
    kind: 'ReplicaSet',
    apiVersions: ['apps/v1'],
    plural: 'replicasets',
    shortNames: ['rs'],
    namespaced: true,
    workload: true,
    scalable: true,
  },
  {
    kind: 'Deployment',
    apiVersions: ['apps/v1'],
    plural: 'deployments',
    shortNames: ['deploy'],
    namespaced: true,
    workload: true,
    scalable: true,
  },
  {
    kind: 'StatefulSet',
    apiVersions: ['apps/v1'],
    plural: 'statefulsets',
    shortNames: ['sts'],
    namespaced: true,
    workload: true,
    scalable: true,
  },
  {
    kind: 'PersistentVolumeClaim',
    apiVersions: ['v1'],
    plural: 'persistentvolumeclaims',
    shortNames: ['pvc'],
    namespaced: true,
  },
  {
    kind: 'PersistentVolume',
    apiVersions: ['v1'],
    plural: 'persistentvolumes',
    shortNames: ['pv'],
    namespaced: false,
  },
  {
    kind: 'StorageClass',
    apiVersions: ['storage.k8s.io/v1'],
    plural: 'storageclasses',
    shortNames: ['sc'],
    namespaced: false,
  },
  { kind: 'Service', apiVersions: ['v1'], plural: 'services', shortNames: ['svc'], namespaced: true },
  {
    kind: 'Ingress',
    apiVersions: ['networking.k8s.io/v1'],
    plural: 'ingresses',
    shortNames: ['ing'],
    namespaced: true,
  },
  {
    kind: 'IngressClass',
    apiVersions: ['networking.k8s.io/v1'],
    plural: 'ingressclasses',
    shortNames: [],
    namespaced: false,
  },
  { kind: 'Secret', apiVersions: ['v1'], plural: 'secrets', shortNames: [], namespaced: true },
  { kind: 'ConfigMap', apiVersions: ['v1'], plural: 'configmaps', shortNames: ['cm'], namespaced: true },
  { kind: 'Namespace', apiVersions: ['v1'], plural: 'namespaces', shortNames: ['ns'], namespaced: false },
  {
    kind: 'PodDisruptionBudget',
    apiVersions: ['policy/v1'],
    plural: 'poddisruptionbudgets',
    shortNames: ['pdb'],
    namespaced: true,
  },
  {
    kind: 'PriorityClass',
    apiVersions: ['scheduling.k8s.io/v1'],
    plural: 'priorityclasses',
    shortNames: ['pc'],
    namespaced: false,
  },
];

const byAlias = new Map<string, KindInfo>();
for (const info of KIND_TABLE) {
  for (const alias of [info.kind, info.plural, ...info.shortNames]) byAlias.set(alias.toLowerCase(), info);
}

/** `sts`, `StatefulSets`, `statefulset` → `StatefulSet`; undefined when the engine does not model it. */
export function resolveKind(name: string): ManifestKind | undefined {
  return byAlias.get(name.toLowerCase())?.kind;
}

export function kindInfo(kind: ManifestKind): KindInfo {
  const info = byAlias.get(kind.toLowerCase());
  if (!info) throw new Error(`unknown kind ${kind}`);
  return info;
}

/** The workload kinds, in the table's order: ReplicaSet, Deployment, StatefulSet. */
export const WORKLOAD_KINDS: readonly ManifestKind[] = KIND_TABLE.filter((k) => k.workload).map(
  (k) => k.kind,
);

/** The kinds with a scale subresource, in the table's order. */
export const SCALABLE_KINDS: readonly ManifestKind[] = KIND_TABLE.filter((k) => k.scalable).map(
  (k) => k.kind,
);

/** Exactly a workload kind as written in a manifest's `kind` (no aliases). */
export function isWorkloadKind(kind: string): boolean {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

export function isNamespaced(kind: string): boolean {
  return byAlias.get(kind.toLowerCase())?.namespaced ?? true;
}

function groupOf(info: KindInfo | undefined): string {
  const v = info?.apiVersions[0] ?? '';
  return v.includes('/') ? v.split('/')[0] : '';
}

/** How kubectl names a kind in its answers: `statefulset.apps/web created`, `pod "web-0" deleted`. */
export function kindLabel(kind: string): string {
  const info = byAlias.get(kind.toLowerCase());
  const group = groupOf(info);
  return `${(info?.kind ?? kind).toLowerCase()}${group ? `.${group}` : ''}`;
}

/** The resource in API errors: `statefulsets.apps "web" not found`, `pods "web-0" not found`. */
export function resourceName(kind: string): string {
  const info = byAlias.get(kind.toLowerCase());
  if (!info) return `${kind.toLowerCase()}s`;
  const group = groupOf(info);
  return `${info.plural}${group ? `.${group}` : ''}`;
}
