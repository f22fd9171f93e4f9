// The parsed form of a scenario file (contract section 1). parse.ts builds it; run.ts executes it.
import type { RawDoc } from '../engine/manifest';
import type { NodeAction } from '../engine/node-actions';
import type { RolloutAction, RolloutKind } from '../engine/rollout';
import type { Taint } from 'kubernetes-types/core/v1';
import type { ClusterConfig, SourceRange } from '../engine/types';

export interface Scenario {
  /** A `kind: Scenario` file, or a plain manifest set run as it is. */
  origin: 'scenario' | 'manifests';
  name: string;
  description: string | null;
  /** The file the scenario (or plain manifest set) came from. */
  file: string;
  seed: number;
  /** Simulated seconds a settling step may run before it reports `settled: false`. */
  settleLimit: number;
  cluster: ClusterConfig;
  /** Documents of spec.manifests, in order, loaded and positioned in their own files. */
  manifests: RawDoc[];
  steps: Step[];
}

interface StepBase {
  /** Where the step was written (for messages). */
  at: SourceRange;
}

/** Steps that settle the cluster afterwards; `for` limits the run to that many seconds. */
interface SettlingStep extends StepBase {
  for: number | null;
}

export interface ApplyStep extends SettlingStep {
  type: 'apply';
  docs: RawDoc[];
}

export interface ScaleStep extends SettlingStep {
  type: 'scale';
  /** Canonical kind (StatefulSet, ReplicaSet, Deployment). */
  kind: string;
  namespace: string;
  name: string;
  replicas: number;
}

export interface DeleteStep extends SettlingStep {
  type: 'delete';
  /** Canonical kind (Pod, StatefulSet, PersistentVolumeClaim, …). */
  kind: string;
  namespace: string;
  name: string;
  /** Optional: like `kubectl delete --grace-period=N`; 0 with force deletes at once. */
  gracePeriod: number | null;
  /** Optional (contract 5.2): like `kubectl delete --cascade=…`; background when absent. */
  cascade?: 'background' | 'foreground' | 'orphan';
}

export interface ReadinessStep extends SettlingStep {
  type: 'readiness';
  namespace: string;
  pod: string;
  ready: boolean;
}

/** Contract 5.2: a node's kubelet fails or recovers, or kubectl cordons or uncordons it. */
export interface NodeStep extends SettlingStep {
  type: 'node';
  name: string;
  action: NodeAction;
  /** taint and untaint (an extension): the taint, as `kubectl taint node` takes it. */
  taint?: Taint;
}

/** Contract 5.2: a running container exits once, now. */
export interface CrashStep extends SettlingStep {
  type: 'crash';
  namespace: string;
  pod: string;
  /** null: the pod's first container. */
  container: string | null;
  exitCode: number;
}

/** Contract 5.2: kubectl rollout undo (toRevision optional) | restart | pause | resume. */
export interface RolloutStep extends SettlingStep {
  type: 'rollout';
  kind: RolloutKind;
  namespace: string;
  name: string;
  action: RolloutAction;
  /** undo only: 0 = the previous revision. */
  toRevision: number;
}

export interface WaitStep extends StepBase {
  type: 'wait';
  seconds: number;
}

export interface RequestStep extends StepBase {
  type: 'request';
  url: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  count: number;
  /** The pod sending it (`from: pod` or `from: namespace/pod`), null from outside. */
  from: string | null;
  fromNamespace: string;
}

export interface ResolveStep extends StepBase {
  type: 'resolve';
  name: string;
  /** The pod sending it (`from: pod` or `from: namespace/pod`), null from outside. */
  from: string | null;
  fromNamespace: string;
}

export interface ExpectStep extends StepBase {
  type: 'expect';
  expect: Expectation;
}

export type Step =
  | ApplyStep
  | ScaleStep
  | DeleteStep
  | ReadinessStep
  | NodeStep
  | CrashStep
  | RolloutStep
  | WaitStep
  | RequestStep
  | ResolveStep
  | ExpectStep;

export type StepType = Step['type'];

/** Contract section 3. Every key optional; each present key is one assertion. */
export interface Expectation {
  pods?: string[];
  pvcs?: string[];
  ready?: string[];
  podNodes?: Record<string, string | null>;
  status?: Record<string, string>;
  /** Contract 5.3: kubectl's RESTARTS column per pod. */
  restarts?: Record<string, number>;
  /** Contract 5.3: kubectl's READY column per pod, e.g. "1/2". */
  readyColumn?: Record<string, string>;
  /** Contract 5.3: kubectl's STATUS column per node. */
  nodes?: Record<string, string>;
  /** service → "10%±2" */
  traffic?: Record<string, string>;
  responses?: Record<string, string | number | boolean | null>;
  answers?: number | string[];
  events?: string[];
  /** Extension: these objects ("Kind/name") were refused by kubectl or the API server so far. */
  rejected?: string[];
}
