// Manifest documents as read from YAML: the typed object (after validation) plus where it was
// written. The loader (loader.ts) produces RawDocs; validation.ts turns each into a Manifest or
// a Rejection with the message kubectl / the API server would print.
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type {
  ConfigMap,
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Secret,
  Service,
} from 'kubernetes-types/core/v1';
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1';
import type { SourcePosition, SourceRange } from './types';

export type FieldPath = ReadonlyArray<string | number>;

/** One YAML document of a manifest file, before validation. */
export interface RawDoc {
  /** The document as plain data (null for an empty document). */
  body: unknown;
  /** Range of the whole document in its file. */
  source: SourceRange;
  /** 0-based index of the document within its file. */
  index: number;
  /** Position of a field (or of its nearest existing ancestor) inside this document. */
  locate(path: FieldPath): SourcePosition;
}

export type Manifest =
  | (StatefulSet & { kind: 'StatefulSet' })
  | (ReplicaSet & { kind: 'ReplicaSet' })
  | (Deployment & { kind: 'Deployment' })
  | (Pod & { kind: 'Pod' })
  | (PersistentVolumeClaim & { kind: 'PersistentVolumeClaim' })
  | (PersistentVolume & { kind: 'PersistentVolume' })
  | (StorageClass & { kind: 'StorageClass' })
  | (Service & { kind: 'Service' })
  | (Ingress & { kind: 'Ingress' })
  | (IngressClass & { kind: 'IngressClass' })
  | (Secret & { kind: 'Secret' })
  | (ConfigMap & { kind: 'ConfigMap' })
  | (Namespace & { kind: 'Namespace' })
  | (PriorityClass & { kind: 'PriorityClass' })
  | (PodDisruptionBudget & { kind: 'PodDisruptionBudget' });

export type ManifestKind = Manifest['kind'];

/** A validated manifest with its origin. */
export interface SourcedManifest {
  manifest: Manifest;
  source: SourceRange;
  locate(path: FieldPath): SourcePosition;
}

/** An object refused by kubectl or the API server (contract: `rejected` entries). */
export interface Rejection {
  kind: string;
  name: string;
  namespace: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A document of a kind the engine does not model: reported, never silently dropped. */
export interface NotSimulated {
  apiVersion: string;
  kind: string;
  name: string;
  file: string;
  line: number;
}

/** Input that cannot be run at all (exit code 2): unreadable file, YAML syntax error, … */
export interface InputError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export class InputErrorException extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  }
}

/** The simulator's own limit on spec.replicas (README, Limits); the API server allows any int32. */
export const MAX_REPLICAS = 100000;

/**
 * The simulator's replicas limit, for a manifest's spec.replicas and for `scale` (steps, `--scale`,
 * the extension): one message everywhere. `replicas` may be the digits as
 * written, so that a number beyond 2^53 is shown as typed rather than rounded. Returns null when
 * the value is within the limit; other problems (negative, not an integer) are the caller's.
 */
export function replicasLimitError(replicas: number | string): string | null {
  const above =
    typeof replicas === 'number'
      ? replicas > MAX_REPLICAS
      : /^\d+$/.test(replicas) && BigInt(replicas) > MAX_REPLICAS;
  return above
    ? `k8s-sim: spec.replicas ${replicas} is above the largest value simulated (${MAX_REPLICAS})`
    : null;
}
