// Shared object model of the engine. Specs use the official Kubernetes API types
// (kubernetes-types); runtime state that a real cluster keeps in `status` is held in
// plain numeric form (simulated seconds) so that controllers never parse timestamps.
import type {
  PersistentVolumeClaimSpec,
  PersistentVolumeSpec,
  PodSpec,
  ServicePort,
  Taint,
  ServiceSpec,
} from 'kubernetes-types/core/v1';
import type {
  DeploymentSpec,
  DeploymentStrategy,
  ReplicaSetSpec,
  RollingUpdateDeployment,
  StatefulSetPersistentVolumeClaimRetentionPolicy,
  StatefulSetSpec,
  StatefulSetUpdateStrategy,
} from 'kubernetes-types/apps/v1';
import type { IngressSpec } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudgetSpec } from 'kubernetes-types/policy/v1';

/** A place in a source file: 1-based line and column. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Where an object (or one of its fields) was written. */
export interface SourceRange {
  file: string;
  start: SourcePosition;
  end: SourcePosition;
}

export interface OwnerRef {
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
}

/** Metadata common to every stored object; times are simulated seconds. */
export interface Meta {
  name: string;
  namespace: string; // '' for cluster-scoped kinds
  uid: string;
  generateName?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerReferences: OwnerRef[];
  finalizers: string[];
  creationTime: number;
  deletionTime: number | null;
  /** Grace period of a pending deletion (metadata.deletionGracePeriodSeconds). */
  deletionGracePeriodSeconds: number | null;
  /** Monotonic order of creation, used where Kubernetes sorts by creationTimestamp + name. */
  creationIndex: number;
  /** metadata.generation: 1 on create, + 1 on every change of the spec (the registry strategies'
   * PrepareForUpdate); controllers report the one they acted on as observedGeneration. */
  generation: number;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface PodState {
  phase: PodPhase;
  nodeName: string | null;
  ip: string | null;
  /** Ready condition as the kubelet reports it. */
  ready: boolean;
  readySince: number | null;
  /** Scenario `readiness` step override; null = follow the probe. */
  readinessOverride: boolean | null;
  containersStarted: boolean;
  /** Waiting reason shown in kubectl STATUS while not running, e.g. ContainerCreating. */
  waitingReason: string | null;
  /** status.reason, which kubectl's STATUS shows before anything else: the kubelet's rejection
   * (`OutOfcpu`, KUBELET-ADMIT). */
  reason: string | null;
  /** Last FailedScheduling message, cleared on bind. */
  unschedulable: string | null;
  /** status.nominatedNodeName: where its preemption made room (PREEMPT-ACT). */
  nominatedNode: string | null;
  /** The StatefulSet revision (controller-revision-hash value) this pod was built from. */
  revision: string | null;
  restartCount: number;
  /** Init containers passed so far, in order: completed ones and started sidecars (INIT-SEQ). */
  initialized: number;
  /** Ready flag of each app container (spec.containers order): READY column and pod Ready. */
  containerReady: boolean[];
  /** Each app container's runtime status once one has done anything but run as started (an exit,
   * a failed pull); null while all simply run (most pods: no array per pod). */
  runtime: ContainerRuntime[] | null;
}

/** A container's state as the kubelet reports it (containerStatuses[].state). */
export type ContainerState =
  | { state: 'running' }
  | {
      state: 'waiting';
      reason: 'ContainerCreating' | 'CrashLoopBackOff' | 'ErrImagePull' | 'ImagePullBackOff';
    }
  | { state: 'terminated'; reason: 'Error' | 'Completed'; exitCode: number };

export interface ContainerRuntime {
  /** containerStatuses[].restartCount. */
  restarts: number;
  current: ContainerState;
  /** Bumped at every start, so a timer of an earlier run of the container does nothing. */
  run: number;
  /** The restart back-off (flowcontrol.Backoff, key pod+container): current delay and last update. */
  backoff: number;
  backoffUpdated: number;
  /** Seconds the previous restart waited (a repeated wait is a steady cycle). */
  lastWait: number | null;
}

/** A Pod spec after the API server's pod-level defaulting (admission/core-defaults.ts). */
export type PodSpecDefaulted = PodSpec & {
  restartPolicy: string;
  terminationGracePeriodSeconds: number;
  dnsPolicy: string;
  schedulerName: string;
};

export interface PodObject {
  kind: 'Pod';
  meta: Meta;
  spec: PodSpecDefaulted;
  state: PodState;
  source?: SourceRange;
}

export type ClaimPhase = 'Pending' | 'Bound' | 'Lost';

export interface ClaimState {
  phase: ClaimPhase;
  volumeName: string | null;
  /** Effective class after the DefaultStorageClass admission step; null = no class. */
  storageClassName: string | null;
  /** volume.kubernetes.io/selected-node for WaitForFirstConsumer claims. */
  selectedNode: string | null;
}

export interface ClaimObject {
  kind: 'PersistentVolumeClaim';
  meta: Meta;
  spec: PersistentVolumeClaimSpec;
  state: ClaimState;
  source?: SourceRange;
}

export type VolumePhase = 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';

export interface VolumeState {
  phase: VolumePhase;
  claim: { namespace: string; name: string; uid: string } | null;
  /** Node the volume is pinned to by its node affinity, if any (kubernetes.io/hostname). */
  pinnedNode: string | null;
  /** Attachable volumes (CSI block devices such as Longhorn) go through attach/detach. */
  attachable: boolean;
  /** Nodes it is currently attached to (attachable volumes only). */
  attachedTo: string[];
}

export interface VolumeObject {
  kind: 'PersistentVolume';
  meta: Meta;
  spec: PersistentVolumeSpec;
  state: VolumeState;
  source?: SourceRange;
}

export interface StorageClassObject {
  kind: 'StorageClass';
  meta: Meta;
  provisioner: string;
  volumeBindingMode: 'Immediate' | 'WaitForFirstConsumer';
  reclaimPolicy: 'Delete' | 'Retain';
  isDefault: boolean;
  source?: SourceRange;
}

/** The Ready condition's status (NLC-GRACE): True while the kubelet posts status, Unknown once the
 * node lifecycle controller's grace period has passed without a heartbeat. */
export type NodeReadyStatus = 'True' | 'Unknown';

export interface NodeObject {
  kind: 'Node';
  meta: Meta;
  unschedulable: boolean;
  ready: NodeReadyStatus;
  /** Whether its kubelet runs and renews the node's Lease (a `node fail` step stops it). */
  kubeletUp: boolean;
  /** Simulated second of the last heartbeat (Lease renewal) the node lifecycle controller saw. */
  lastHeartbeat: number;
  /** spec.taints, in order (the scheduler reports the first untolerated one). */
  taints: Taint[];
  /** status.allocatable: cpu in millicores, memory and ephemeral-storage in bytes, pods a count. */
  allocatable: ReadonlyMap<string, number>;
  /** The allocatable as written (or defaulted), for the state's `capacity`. */
  capacityText: Record<string, string>;
  source?: SourceRange;
}

export interface StatefulSetState {
  observedGeneration: number;
  currentRevision: string;
  updateRevision: string;
  /** Templates of the revisions still referenced, by revision name. */
  revisions: Map<string, PodTemplateLike>;
  /** ControllerRevision.revision of each: a new (or re-used older) template gets max + 1
   * (STS-ROLLBACK, pkg/controller/history). */
  revisionNumbers: Map<string, number>;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  /** Claims a pod creation is waiting on (STS-PVC-TERMINATING / STS-STALE), `ns/name`. */
  blockedOnClaims: Set<string>;
  /** Pods of other owners holding a name this set needs, `ns/name`. */
  blockedOnPods: Set<string>;
}

export interface PodTemplateLike {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: PodSpec;
}

/** A StatefulSet spec after the API server's defaulting (admission/apps-defaults.ts): what the
 * controller reads, so that it never defaults a field again. */
export type StatefulSetSpecDefaulted = StatefulSetSpec & {
  replicas: number;
  podManagementPolicy: string;
  updateStrategy: StatefulSetUpdateStrategy & { type: string };
  revisionHistoryLimit: number;
  minReadySeconds: number;
  persistentVolumeClaimRetentionPolicy: Required<StatefulSetPersistentVolumeClaimRetentionPolicy>;
};

/** A ReplicaSet spec after defaulting. */
export type ReplicaSetSpecDefaulted = ReplicaSetSpec & { replicas: number; minReadySeconds: number };

/** A Deployment spec after defaulting. */
export type DeploymentSpecDefaulted = DeploymentSpec & {
  replicas: number;
  strategy: DeploymentStrategy & { type: string; rollingUpdate?: Required<RollingUpdateDeployment> };
  revisionHistoryLimit: number;
  progressDeadlineSeconds: number;
  minReadySeconds: number;
};

export interface StatefulSetObject {
  kind: 'StatefulSet';
  meta: Meta;
  spec: StatefulSetSpecDefaulted;
  state: StatefulSetState;
  source?: SourceRange;
}

export interface ReplicaSetState {
  /** status.observedGeneration: the generation the controller last synced. */
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

export interface ReplicaSetObject {
  kind: 'ReplicaSet';
  meta: Meta;
  spec: ReplicaSetSpecDefaulted;
  state: ReplicaSetState;
  source?: SourceRange;
}

export interface DeploymentState {
  /** Name of the ReplicaSet matching the current template. */
  newReplicaSet: string | null;
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

export interface DeploymentObject {
  kind: 'Deployment';
  meta: Meta;
  spec: DeploymentSpecDefaulted;
  state: DeploymentState;
  source?: SourceRange;
}

/** One address of a Service's EndpointSlice (endpointslice utils podToEndpoint). */
export interface EndpointEntry {
  pod: string;
  ip: string;
  node: string | null;
  /** Pod Ready. */
  serving: boolean;
  /** Pod has a deletion timestamp. */
  terminating: boolean;
  /** What consumers use: publishNotReadyAddresses OR (serving AND NOT terminating). */
  ready: boolean;
  /** Set when the pod's hostname is set and its subdomain is this Service (DNS-POD). */
  hostname: string | null;
  /** Per entry of spec.ports: the pod's port for it, null when a named targetPort is missing. */
  targetPorts: Array<number | null>;
}

/** A Service spec after defaulting: its type, and every port's protocol and targetPort. */
export type ServiceSpecDefaulted = Omit<ServiceSpec, 'ports'> & {
  type: string;
  sessionAffinity: string;
  ports: Array<ServicePort & { protocol: string; targetPort: number | string }>;
};

export interface ServiceObject {
  kind: 'Service';
  meta: Meta;
  spec: ServiceSpecDefaulted;
  /** Allocated ClusterIP, or `None` for a headless Service. */
  clusterIP: string;
  /** Allocated node port per entry of spec.ports (NodePort/LoadBalancer), else null. */
  nodePorts: Array<number | null>;
  /** Kept by the endpoints controller. */
  endpoints: EndpointEntry[];
  /** A cluster Service whose backends are not simulated: the API server, or the CoreDNS pods. */
  servedBy?: 'apiserver' | 'coredns';
  source?: SourceRange;
}

export interface IngressObject {
  kind: 'Ingress';
  meta: Meta;
  spec: IngressSpec;
  source?: SourceRange;
}

/** Kinds the engine stores without a controller (Secret, ConfigMap, IngressClass, …). */
export interface PassiveObject {
  kind: 'Secret' | 'ConfigMap' | 'IngressClass' | 'Namespace' | 'PriorityClass';
  meta: Meta;
  body: Record<string, unknown>;
  source?: SourceRange;
}

/** PDB-CALC: what the disruption controller last wrote in a PodDisruptionBudget's status. */
export interface DisruptionBudgetState {
  observedGeneration: number;
  expectedPods: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
  /** status.disruptedPods: pod name → when an eviction was granted (PDB-DISRUPTED). */
  disruptedPods: Map<string, number>;
}

export interface DisruptionBudgetObject {
  kind: 'PodDisruptionBudget';
  meta: Meta;
  spec: PodDisruptionBudgetSpec;
  state: DisruptionBudgetState;
  source?: SourceRange;
}

export type KObject =
  | PodObject
  | ClaimObject
  | VolumeObject
  | StorageClassObject
  | NodeObject
  | StatefulSetObject
  | ReplicaSetObject
  | DeploymentObject
  | ServiceObject
  | IngressObject
  | DisruptionBudgetObject
  | PassiveObject;

export type Kind = KObject['kind'];

export type ObjectOfKind<K extends Kind> = Extract<KObject, { kind: K }>;

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

/** A Kubernetes Event as `kubectl get events` shows it. */
export interface SimEvent {
  t: number;
  type: 'Normal' | 'Warning';
  reason: string;
  object: ObjectRef;
  /** The secondary object the event is about (events.k8s.io/v1 `related`): the Pod a controller
   * created or deleted, the ReplicaSet a Deployment scaled, the Node a Pod was bound to. */
  related?: ObjectRef;
  source: string;
  message: string;
}

/** One point of an object's status history (contract section 4). */
export interface Transition {
  t: number;
  status: string;
  ready?: boolean;
  node?: string | null;
  /** Pods: kubectl's READY column, e.g. `1/2` (optional extension). */
  readyColumn?: string;
  /** Pods: kubectl's RESTARTS column once above 0 (optional extension). */
  restarts?: number;
}

export interface Incarnation {
  /** Pods and claims; nodes (STATUS column) and PodDisruptionBudgets (allowed disruptions) too. */
  kind: 'Pod' | 'PersistentVolumeClaim' | 'Node' | 'PodDisruptionBudget';
  namespace: string;
  name: string;
  uid: string;
  owner: { kind: string; name: string } | null;
  transitions: Transition[];
}

/** Timing defaults in simulated seconds (documented in the README). */
export interface Timing {
  /** Scheduled pod with its volumes ready → containers running (image pull + start). */
  containerStart: number;
  /** Dynamic provisioning of a PersistentVolume by an external provisioner. */
  provision: number;
  /** Attach of an attachable volume to a node. */
  attach: number;
  /**
   * How long a container takes to exit after SIGTERM. null = it does not handle SIGTERM and is
   * killed when terminationGracePeriodSeconds runs out (the case of most PID-1 apps, and of
   * the course's kubetm/app).
   */
  sigtermExit: number | null;
}

export const DEFAULT_TIMING: Timing = {
  containerStart: 3,
  provision: 2,
  attach: 1,
  sigtermExit: null,
};

export interface NodeSpecInput {
  name: string;
  labels?: Record<string, string>;
  unschedulable?: boolean;
  /** Allocatable resources (contract 5.1); defaults in scheduler/resources.ts. */
  capacity?: { cpu?: string; memory?: string; pods?: number; 'ephemeral-storage'?: string };
  taints?: Taint[];
}

/** How containers of an image behave (contract 5.1 `cluster.images`); absent = the course's app:
 * it pulls, starts, runs for ever and answers HTTP. */
export interface ImageBehaviour {
  /** `fail`: every pull fails (ErrImagePull, then ImagePullBackOff). */
  pull?: 'fail';
  /** Seconds a started container runs before it exits with exitCode. */
  exitAfter?: number;
  exitCode?: number;
  /** Extension: seconds after each start from which the app fails its liveness probe (the
   * kubelet then kills and restarts it). */
  unhealthyAfter?: number;
}

export interface ClusterConfig {
  nodes: NodeSpecInput[];
  /** Image key (`repo:tag`, or `repo` for every tag) → behaviour. */
  images: Record<string, ImageBehaviour>;
  ingressController: 'nginx' | 'none';
  timing: Timing;
  /** StorageClasses present before any manifest, e.g. the lab's default `fast` (Longhorn). */
  storageClasses: Array<{
    name: string;
    provisioner: string;
    volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
    reclaimPolicy?: 'Delete' | 'Retain';
    isDefault?: boolean;
  }>;
}

export const DEFAULT_CLUSTER: ClusterConfig = {
  nodes: [{ name: 'k8s-node1' }, { name: 'k8s-node2' }],
  images: {},
  ingressController: 'nginx',
  timing: DEFAULT_TIMING,
  storageClasses: [
    {
      name: 'fast',
      provisioner: 'driver.longhorn.io',
      volumeBindingMode: 'Immediate',
      reclaimPolicy: 'Delete',
      isDefault: true,
    },
  ],
};
