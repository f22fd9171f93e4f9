// The one table of fields that change what a real cluster does but that K8s Sim does not model
// (never silent): each is reported once per object with its path, in the CLI, in the JSON
// `warnings` and as an Information diagnostic in the editor. Reviewed against the API types of
// Pod, Deployment, StatefulSet, ReplicaSet, Service and PersistentVolumeClaim, and the ingress-nginx
// annotations of an Ingress; fields the engine
// follows (affinity, tolerations, topology spread, resources, probes' initial delay, …) are not here.
// When the engine learns one of these, remove its row and its test fails until the row is gone.

import { SIMULATED_NGINX_ANNOTATIONS } from './controllers/ingress-nginx/annotations';
import { ANN as NGINX_PREFIX } from './controllers/ingress-nginx/constants';

type Path = Array<string | number>;

interface Row {
  /** Path below the pod spec (pod rows) or the object (others). */
  field: string;
  /** The value as written; true when the row applies. */
  applies: (value: unknown) => boolean;
  /** What the simulation does instead, after "is not simulated: ". */
  effect: string;
}

const set = (v: unknown) => v !== undefined && v !== null;
const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

/** Rows below a pod spec (a Pod's `spec`, a workload's `spec.template.spec`). */
const POD_SPEC_ROWS: Row[] = [
  { field: 'schedulingGates', applies: nonEmpty, effect: 'the pod is scheduled at once' },
  { field: 'readinessGates', applies: nonEmpty, effect: 'the pod is Ready when its containers are' },
  {
    field: 'hostNetwork',
    applies: (v) => v === true,
    effect: 'the pod gets an address from the pod network',
  },
  { field: 'activeDeadlineSeconds', applies: set, effect: 'the pod is never failed for running too long' },
  {
    field: 'resourceClaims',
    applies: nonEmpty,
    effect: 'no device is allocated and the pod starts without it',
  },
];

/** Rows below each container of a pod spec. */
const CONTAINER_ROWS: Row[] = [
  { field: 'startupProbe', applies: set, effect: 'the container counts as started at once' },
];

const OBJECT_ROWS: Record<string, Row[]> = {
  Deployment: [
    {
      field: 'spec.progressDeadlineSeconds',
      applies: set,
      effect: 'the Progressing condition never reports ProgressDeadlineExceeded',
    },
  ],
  PersistentVolumeClaim: [
    {
      field: 'spec.dataSource',
      applies: set,
      effect: 'the volume is provisioned empty (no clone, no snapshot restore)',
    },
    {
      field: 'spec.dataSourceRef',
      applies: set,
      effect: 'the volume is provisioned empty (no clone, no snapshot restore)',
    },
  ],
  Service: [
    {
      field: 'spec.sessionAffinity',
      applies: (v) => v === 'ClientIP',
      effect: 'each connection picks a ready endpoint at random, whoever sent it',
    },
    {
      field: 'spec.externalTrafficPolicy',
      applies: (v) => v === 'Local',
      effect: 'traffic from outside reaches endpoints on every node',
    },
    {
      field: 'spec.internalTrafficPolicy',
      applies: (v) => v === 'Local',
      effect: 'traffic from pods reaches endpoints on every node',
    },
  ],
};

/** An ingress-nginx annotation the simulated controller does not read. */
const NGINX_ANNOTATION_EFFECT =
  'the simulated ingress-nginx reads only its canary, rewrite-target, ssl-redirect, force-ssl-redirect, preserve-trailing-slash and use-regex annotations';

/** Every effect text of the table (the editor translates them; a test checks each has Korean). */
export const UNSIMULATED_EFFECTS: readonly string[] = [
  ...new Set(
    [...POD_SPEC_ROWS, ...CONTAINER_ROWS, ...Object.values(OBJECT_ROWS).flat()].map((r) => r.effect),
  ),
  NGINX_ANNOTATION_EFFECT,
];

const POD_SPEC_AT: Record<string, Path> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
};

export interface UnsimulatedField {
  /** Where the field is in the object, e.g. ['spec', 'template', 'spec', 'containers', 0, 'livenessProbe']. */
  path: Path;
  /** The path as kubectl explain writes it: `spec.template.spec.containers[0].livenessProbe`. */
  field: string;
  /** What the simulation does instead. */
  effect: string;
}

function at(body: unknown, path: Path): unknown {
  let v = body;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

export function fieldText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function check(body: unknown, base: Path, rows: Row[], out: UnsimulatedField[]): void {
  for (const row of rows) {
    const path = [...base, ...row.field.split('.')];
    if (row.applies(at(body, path))) out.push({ path, field: fieldText(path), effect: row.effect });
  }
}

/** The fields of a manifest (as written) that a real cluster acts on and K8s Sim does not. */
export function unsimulatedFields(kind: string, body: unknown): UnsimulatedField[] {
  const out: UnsimulatedField[] = [];
  const podSpec = POD_SPEC_AT[kind];
  if (podSpec) {
    check(body, podSpec, POD_SPEC_ROWS, out);
    for (const list of ['containers', 'initContainers']) {
      const containers = at(body, [...podSpec, list]);
      if (!Array.isArray(containers)) continue;
      containers.forEach((_, i) => check(body, [...podSpec, list, i], CONTAINER_ROWS, out));
    }
  }
  check(body, [], OBJECT_ROWS[kind] ?? [], out);
  if (kind === 'Ingress') {
    const annotations = at(body, ['metadata', 'annotations']);
    if (annotations && typeof annotations === 'object' && !Array.isArray(annotations)) {
      for (const key of Object.keys(annotations).sort()) {
        if (!key.startsWith(NGINX_PREFIX) || SIMULATED_NGINX_ANNOTATIONS.has(key.slice(NGINX_PREFIX.length)))
          continue;
        const path = ['metadata', 'annotations', key];
        out.push({ path, field: `metadata.annotations[${key}]`, effect: NGINX_ANNOTATION_EFFECT });
      }
    }
  }
  return out;
}

/** The warning line for one field: `spec.x is not simulated: <effect>`. */
export function unsimulatedText(f: UnsimulatedField): string {
  return `${f.field} is not simulated: ${f.effect}`;
}
