// The engine's public face: a simulated cluster with every controller running, and the
// operations a user performs on it (apply, scale, delete, readiness), each answering in the
// terms kubectl would. Everything above the engine (scenario runner, CLI, extension) uses this.
import {
  replicasLimitError,
  type FieldPath,
  type RawDoc,
  type NotSimulated,
  type Rejection,
  type SourcedManifest,
} from './manifest';
import { invalidText, validateDoc } from './validation';
import { expandLists } from './lists';
import { isNamespaced, kindLabel, resolveKind, resourceName } from './kinds';
import { Sim, type RunLimits } from './sim';
import { admitClaim, deleteObject, isRefusal, newPod, type Cascade } from './api';
import { Kubelet, overrideReadiness, restartContainers } from './controllers/kubelet';
import { crashContainer } from './controllers/containers';
import {
  rollout,
  watchRolloutStatus,
  type RolloutAction,
  type RolloutKind,
  type RolloutResult,
} from './rollout';
import { changedImages, validatePodUpdate } from './pod-update';
import { EndpointsController } from './controllers/endpoints';
import { unsimulatedFields, unsimulatedText } from './unsimulated';
import { admitPriority } from './admission/priority';
import { withDefaultTolerations } from './admission/default-tolerations';
import { ClusterIPAllocator } from './clusterips';
import { BUILTIN_NAMESPACES, bootstrapServices } from './bootstrap';
import { Prng } from './prng';
import { allocateNodePorts, nodePortConflict, nodePortConflictText } from './nodeports';
import { Scheduler } from './controllers/scheduler';
import { VolumeBinding, isNodeLocalProvisioner } from './controllers/volumebinding';
import { AttachDetach } from './controllers/attachdetach';
import { PvProtection } from './controllers/pvprotection';
import { NodeLifecycleController } from './controllers/nodelifecycle';
import { TaintEvictionController } from './controllers/tainteviction';
import { PodGarbageCollector } from './controllers/podgc';
import { DisruptionController } from './controllers/disruption';
import { nodeAction, type NodeAction, type NodeActionResult } from './node-actions';
import { PvcProtection } from './controllers/pvcprotection';
import { GarbageCollector } from './controllers/garbagecollector';
import { ReplicaSetController } from './controllers/replicaset';
import { StatefulSetController } from './controllers/statefulset';
import { DeploymentController } from './controllers/deployment';
import { pinnedHostnames } from './selector';
import { stableJson } from './hash';
import { snapshot, type ClusterState } from './snapshot';
import type { StatefulSetSpec } from 'kubernetes-types/apps/v1';
import type {
  ClusterConfig,
  KObject,
  Meta,
  OwnerRef,
  PodObject,
  SourceRange,
  StorageClassObject,
} from './types';
import type { Taint } from 'kubernetes-types/core/v1';
import type { HttpRequest, HttpResponse } from './net';
import { parseHttpUrl, requestFromPod } from './incluster';
import { appResponse } from './app';
import {
  DEFAULT_CONTROLLER_CLASS,
  DEFAULT_INGRESS_CLASS,
  IngressNginxController,
  NGINX_PAGES,
  admitIngress,
  ingressRegexWarnings,
  toHttpResponse,
} from './controllers/ingress-nginx';
import { resolveName, type ResolveResult } from './dns';
import {
  defaultDeploymentSpec,
  defaultReplicaSetSpec,
  defaultStatefulSetSpec,
} from './admission/apps-defaults';
import { defaultPodSpec, defaultServiceSpec } from './admission/core-defaults';

export interface ApplyResult {
  rejected: Rejection[];
  notSimulated: NotSimulated[];
  /** `statefulset.apps/web created` lines, as kubectl apply prints them. */
  applied: string[];
  /** Things kubectl would accept but a reader should know, e.g. an object defined twice. */
  warnings: string[];
}

/** Why the API server refused an update, and the field it names (null: the whole object). */
interface UpdateRefusal {
  message: string;
  at: FieldPath | null;
}

/** The NamespaceLifecycle admission plugin refuses to delete these (immortalNamespaces). */
const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);

/** StatefulSet spec fields that cannot change (compared after defaulting), with Go's zero value
 * for the ones defaulting leaves absent. */
const IMMUTABLE_STS_FIELDS: ReadonlyArray<[keyof StatefulSetSpec, unknown]> = [
  ['selector', null],
  ['serviceName', ''],
  ['volumeClaimTemplates', []],
  ['podManagementPolicy', null],
];

/** What a user's manifest sets on a stored object besides metadata (its spec or body), as text
 * independent of key order. Unchanged with the labels and annotations after an apply means
 * `unchanged` (APPLY-UNCHANGED); changed means a new metadata.generation (ADM-GENERATION). */
function specState(obj: KObject): string {
  const { meta: _meta, source: _source, ...rest } = obj;
  const written: Record<string, unknown> = { ...rest };
  delete written.state; // status, kept by controllers
  delete written.endpoints;
  return stableJson(written);
}

/** Equal after defaulting, whatever the key order (the API server compares decoded objects). */
function sameValue(a: unknown, b: unknown, dflt: unknown): boolean {
  return stableJson(a ?? dflt) === stableJson(b ?? dflt);
}

export class Cluster {
  readonly sim: Sim;
  /** The ingress-nginx controller, when the cluster has one installed. */
  readonly ingress: IngressNginxController | null = null;
  /** The Service CIDR's addresses (BOOT-CLUSTERIP), on a PRNG stream of their own. */
  private readonly clusterIPs: ClusterIPAllocator;
  /** Warnings an update raised during the current apply (returned with its result). */
  private applyWarnings: string[] = [];
  private readonly reportedIngressWarnings = new Set<string>();
  /** The metadata each object's last apply wrote (kubectl's last-applied-configuration). */
  private readonly lastApplied = new WeakMap<
    KObject,
    { labels: Record<string, string>; annotations: Record<string, string> }
  >();
  /** `kind/namespace/name` + field of the unsimulated fields already reported. */
  private readonly warnedFields = new Set<string>();

  private readonly nodeLifecycle: NodeLifecycleController;
  /** Lines of kubectl commands that go on printing after their step's own answer (drain). */
  private readonly laterOutput: string[] = [];

  constructor(config: ClusterConfig, seed: number, limits?: RunLimits) {
    const sim = (this.sim = new Sim(config, seed, limits));
    sim.register((this.nodeLifecycle = new NodeLifecycleController(sim)));
    sim.register(new TaintEvictionController(sim));
    sim.register(new PodGarbageCollector(sim));
    sim.register(new DisruptionController(sim));
    sim.register(new GarbageCollector(sim));
    sim.register(new DeploymentController(sim));
    sim.register(new ReplicaSetController(sim));
    sim.register(new StatefulSetController(sim));
    sim.register(new VolumeBinding(sim));
    sim.register(new Scheduler(sim));
    sim.register(new AttachDetach(sim));
    sim.register(new Kubelet(sim));
    sim.register(new EndpointsController(sim));
    sim.register(new PvcProtection(sim));
    sim.register(new PvProtection(sim));
    if (config.ingressController === 'nginx') {
      this.ingress = new IngressNginxController(sim);
      sim.register(this.ingress);
    }
    this.clusterIPs = new ClusterIPAllocator(new Prng(seed ^ 0x73766369));
    sim.store.watch(({ type, obj }) => {
      if (type === 'deleted' && obj.kind === 'Service' && obj.clusterIP !== 'None')
        this.clusterIPs.release(obj.clusterIP);
    });
    sim.bootstrap();
    for (const ns of BUILTIN_NAMESPACES) {
      sim.store.add({ kind: 'Namespace', meta: sim.newMeta(ns, ''), body: {} });
    }
    for (const svc of bootstrapServices(sim)) {
      this.clusterIPs.take(svc.clusterIP);
      sim.store.add(svc);
    }
    if (this.ingress) {
      // What the ingress-nginx install creates: IngressClass nginx (not the default class).
      sim.store.add({
        kind: 'IngressClass',
        meta: sim.newMeta(DEFAULT_INGRESS_CLASS, ''),
        body: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'IngressClass',
          metadata: { name: DEFAULT_INGRESS_CLASS },
          spec: { controller: DEFAULT_CONTROLLER_CLASS },
        },
      });
    }
  }

  get now(): number {
    return this.sim.now;
  }

  /** `kubectl apply -f` of these documents, in order; a list document item by item. */
  apply(docs: RawDoc[]): ApplyResult {
    const result: ApplyResult = { rejected: [], notSimulated: [], applied: [], warnings: [] };
    this.applyWarnings = result.warnings;
    const seen = new Map<string, string>();
    for (const doc of expandLists(docs)) {
      const v = validateDoc(doc);
      if (v.ok === 'not-simulated') result.notSimulated.push(v.item);
      else if (v.ok === false) result.rejected.push(v.rejection);
      else {
        const m = v.manifest.manifest;
        const key = `${m.kind}/${m.metadata?.namespace ?? ''}/${m.metadata?.name ?? ''}`;
        const here = `${v.manifest.source.file}:${v.manifest.source.start.line}`;
        const earlier = seen.get(key);
        if (earlier) {
          result.warnings.push(
            `${here}: ${m.kind} "${m.metadata?.name ?? ''}" is also defined at ${earlier}; the later definition is applied over the earlier one, as kubectl apply does`,
          );
        }
        seen.set(key, here);
        const outcome = this.applyManifest(v.manifest);
        if (typeof outcome === 'string') {
          result.applied.push(outcome);
          // Patterns the simulator cannot evaluate are said at apply time, never skipped silently.
          if (m.kind === 'Ingress' && this.ingress)
            result.warnings.push(...ingressRegexWarnings(m, [...this.sim.store.list('IngressClass')]));
          result.warnings.push(...this.unsimulatedWarnings(v.manifest, key));
        } else result.rejected.push(outcome);
      }
    }
    return result;
  }

  /** Warnings of the run not reported yet: the ingress controller's configuration, and what the
   * controllers met that the engine does not simulate (each said once per run). */
  runWarnings(): string[] {
    const fresh = this.sim.takeWarnings();
    if (!this.ingress) return fresh;
    const config = this.ingress.config;
    for (const w of [...config.ignoredCanaries.map((c) => c.message), ...config.invalidAnnotations]) {
      if (this.reportedIngressWarnings.has(w)) continue;
      this.reportedIngressWarnings.add(w);
      fresh.push(w);
    }
    return fresh;
  }

  /** Fields a real cluster acts on and the engine does not: said once per object and field. */
  private unsimulatedWarnings(sm: SourcedManifest, objectKey: string): string[] {
    const m = sm.manifest;
    const out: string[] = [];
    for (const f of unsimulatedFields(m.kind, m)) {
      const key = `${objectKey}\u0000${f.field}`;
      if (this.warnedFields.has(key)) continue;
      this.warnedFields.add(key);
      const pos = sm.locate(f.path);
      out.push(
        `${sm.source.file}:${pos.line}:${pos.column}: ${m.kind}/${m.metadata?.name ?? ''}: ${unsimulatedText(f)}`,
      );
    }
    return out;
  }

  private applyManifest(sm: SourcedManifest): string | Rejection {
    const m = sm.manifest;
    const sim = this.sim;
    const name = m.metadata?.name ?? '';
    const namespace = isNamespaced(m.kind) ? (m.metadata?.namespace ?? 'default') : '';
    /** Positioned at the field `at` when given (else the document), as validation does. */
    const reject = (message: string, at: FieldPath | null = null): Rejection => {
      const pos = at === null ? sm.source.start : sm.locate(at);
      return {
        kind: m.kind,
        name,
        namespace,
        file: sm.source.file,
        line: pos.line,
        column: pos.column,
        message,
      };
    };
    if (namespace && !sim.store.get('Namespace', '', namespace))
      return reject(`namespaces "${namespace}" not found`);
    if (m.kind === 'Ingress' && this.ingress) {
      const denied = admitIngress(m, this.ingress.ingresses, true, [...sim.store.list('IngressClass')]);
      if (denied) return reject(denied);
    }
    const existing = sim.store.get(m.kind, namespace, name);
    const resource = `${kindLabel(m.kind)}/${name}`;
    const labels = { ...(m.metadata?.labels ?? {}) };
    const annotations = { ...(m.metadata?.annotations ?? {}) };
    if (existing) {
      const specBefore = specState(existing);
      const metaBefore = stableJson([existing.meta.labels, existing.meta.annotations]);
      const refusal = this.update(existing, sm);
      if (refusal) return reject(refusal.message, refusal.at);
      const specChanged = specState(existing) !== specBefore;
      // kubectl sends no patch when nothing differs after defaulting, and says so.
      if (!specChanged && stableJson([existing.meta.labels, existing.meta.annotations]) === metaBefore)
        return `${resource} unchanged`;
      if (specChanged) existing.meta.generation++;
      sim.store.changed(existing);
      return `${resource} configured`;
    }
    const meta = (): Meta => sim.newMeta(name, namespace, { labels, annotations });
    const source: SourceRange = sm.source;
    let obj: KObject;
    switch (m.kind) {
      case 'Pod': {
        const created = newPod(sim, {
          name,
          namespace,
          template: { metadata: { labels, annotations }, spec: m.spec },
        });
        if (isRefusal(created)) return reject(created.refused, ['spec', 'priorityClassName']);
        obj = created;
        break;
      }
      case 'ReplicaSet':
        obj = {
          kind: 'ReplicaSet',
          meta: meta(),
          spec: defaultReplicaSetSpec(structuredClone(m.spec ?? { selector: {} })),
          state: { observedGeneration: 0, replicas: 0, readyReplicas: 0, availableReplicas: 0 },
        };
        break;
      case 'Deployment':
        obj = {
          kind: 'Deployment',
          meta: meta(),
          spec: defaultDeploymentSpec(structuredClone(m.spec ?? { selector: {}, template: {} })),
          state: {
            newReplicaSet: null,
            observedGeneration: 0,
            replicas: 0,
            updatedReplicas: 0,
            readyReplicas: 0,
            availableReplicas: 0,
          },
        };
        break;
      case 'StatefulSet':
        obj = {
          kind: 'StatefulSet',
          meta: meta(),
          spec: defaultStatefulSetSpec(structuredClone(m.spec ?? ({} as StatefulSetSpec))),
          state: {
            observedGeneration: 0,
            currentRevision: '',
            updateRevision: '',
            revisions: new Map(),
            revisionNumbers: new Map(),
            replicas: 0,
            readyReplicas: 0,
            availableReplicas: 0,
            currentReplicas: 0,
            updatedReplicas: 0,
            blockedOnClaims: new Set(),
            blockedOnPods: new Set(),
          },
        };
        break;
      case 'PersistentVolumeClaim': {
        const claim: KObject = {
          kind: 'PersistentVolumeClaim',
          meta: meta(),
          spec: structuredClone(m.spec ?? {}),
          state: { phase: 'Pending', volumeName: null, storageClassName: null, selectedNode: null },
        };
        admitClaim(sim, claim);
        obj = claim;
        break;
      }
      case 'PersistentVolume': {
        const spec = structuredClone(m.spec ?? {});
        const hosts = pinnedHostnames(spec.nodeAffinity?.required);
        const attachable =
          !spec.local &&
          !spec.hostPath &&
          !spec.nfs &&
          !(spec.csi && isNodeLocalProvisioner(spec.csi.driver));
        obj = {
          kind: 'PersistentVolume',
          meta: sim.newMeta(name, '', { labels, annotations, finalizers: ['kubernetes.io/pv-protection'] }),
          spec,
          state: {
            phase: 'Available',
            claim: null,
            pinnedNode: hosts?.length === 1 ? hosts[0] : null,
            attachable,
            attachedTo: [],
          },
        };
        break;
      }
      case 'StorageClass':
        obj = {
          kind: 'StorageClass',
          meta: meta(),
          provisioner: m.provisioner,
          volumeBindingMode:
            m.volumeBindingMode === 'WaitForFirstConsumer' ? 'WaitForFirstConsumer' : 'Immediate',
          reclaimPolicy: m.reclaimPolicy === 'Retain' ? 'Retain' : 'Delete',
          isDefault: annotations['storageclass.kubernetes.io/is-default-class'] === 'true',
        };
        break;
      case 'Service': {
        const conflict = nodePortConflict(sim, m.spec ?? {});
        if (conflict) {
          const at = ['spec', 'ports', conflict.index, 'nodePort'];
          return reject(invalidText(m.kind, name, [nodePortConflictText(conflict)]), at);
        }
        const wanted = m.spec?.clusterIP;
        let clusterIP: string;
        if (wanted === 'None') clusterIP = 'None';
        else if (wanted) {
          const refused = this.clusterIPs.refusal(wanted);
          if (refused) {
            const detail = `spec.clusterIPs: Invalid value: []string{"${wanted}"}: failed to allocate IP ${wanted}: ${refused}`;
            return reject(invalidText(m.kind, name, [detail]), ['spec', 'clusterIP']);
          }
          this.clusterIPs.take(wanted);
          clusterIP = wanted;
        } else {
          const picked = this.clusterIPs.allocate();
          if (picked === null) {
            return reject(
              invalidText(m.kind, name, [
                `spec.clusterIPs: Internal error: failed to allocate a serviceIP: range is full`,
              ]),
            );
          }
          clusterIP = picked;
        }
        obj = {
          kind: 'Service',
          meta: meta(),
          spec: defaultServiceSpec(structuredClone(m.spec ?? {})),
          clusterIP,
          nodePorts: allocateNodePorts(sim, m.spec ?? {}),
          endpoints: [],
        };
        break;
      }
      case 'Ingress':
        obj = { kind: 'Ingress', meta: meta(), spec: structuredClone(m.spec ?? {}) };
        break;
      case 'PodDisruptionBudget':
        obj = {
          kind: 'PodDisruptionBudget',
          meta: meta(),
          spec: structuredClone(m.spec ?? {}),
          state: {
            observedGeneration: 0,
            expectedPods: 0,
            currentHealthy: 0,
            desiredHealthy: 0,
            disruptionsAllowed: 0,
            disruptedPods: new Map(),
          },
        };
        break;
      default:
        obj = { kind: m.kind, meta: meta(), body: structuredClone(m) as unknown as Record<string, unknown> };
        break;
    }
    obj.source = source;
    // ownerReferences written in the manifest (e.g. an exported object) are kept: the garbage
    // collector then deletes the object with its owner, or at once if no such owner exists.
    const written = writtenOwnerReferences(m.metadata?.ownerReferences);
    if (written.length > 0) obj.meta.ownerReferences = [...obj.meta.ownerReferences, ...written];
    this.lastApplied.set(obj, { labels: { ...labels }, annotations: { ...annotations } });
    sim.store.add(obj);
    return `${resource} created`;
  }

  /** kubectl apply on an existing object: the mutable parts change, immutable ones are refused. */
  private update(obj: KObject, sm: SourcedManifest): UpdateRefusal | null {
    const m = sm.manifest;
    const sim = this.sim;
    const invalid = (detail: string, at: FieldPath | null = null): UpdateRefusal => ({
      message: invalidText(m.kind, obj.meta.name, [detail]),
      at,
    });
    if (obj.kind === 'StatefulSet' && m.kind === 'StatefulSet') {
      const spec = defaultStatefulSetSpec(structuredClone(m.spec ?? ({} as StatefulSetSpec)));
      for (const [f, dflt] of IMMUTABLE_STS_FIELDS) {
        if (!sameValue(spec[f], obj.spec[f], dflt)) {
          return invalid(
            "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
          );
        }
      }
      obj.spec = spec;
    } else if (obj.kind === 'ReplicaSet' && m.kind === 'ReplicaSet') {
      if (!sameValue(m.spec?.selector, obj.spec.selector, null)) {
        return invalid('spec.selector: Invalid value: field is immutable');
      }
      if (m.spec) obj.spec = defaultReplicaSetSpec(structuredClone(m.spec));
    } else if (obj.kind === 'Deployment' && m.kind === 'Deployment') {
      if (!sameValue(m.spec?.selector, obj.spec.selector, null)) {
        return invalid('spec.selector: Invalid value: field is immutable');
      }
      if (m.spec) obj.spec = defaultDeploymentSpec(structuredClone(m.spec));
    } else if (obj.kind === 'Pod' && m.kind === 'Pod') {
      // Defaulted first, as the API server does, so an unwritten default is no change.
      const next = defaultPodSpec(structuredClone(m.spec ?? { containers: [] }));
      next.tolerations = withDefaultTolerations(next.tolerations);
      admitPriority(sim.store, obj.meta.name, next);
      const errs = validatePodUpdate(next, obj.spec);
      if (errs.length > 0) {
        return {
          message: invalidText(
            m.kind,
            obj.meta.name,
            errs.map((e) => e.text),
          ),
          at: errs[0].at,
        };
      }
      const restart = changedImages(next, obj.spec);
      obj.spec = next;
      // The kubelet notices the new container definition and restarts that container.
      if (restart.length > 0) restartContainers(sim, obj, restart);
    } else if (obj.kind === 'PersistentVolumeClaim' && m.kind === 'PersistentVolumeClaim') {
      const { resources: _a, ...rest } = m.spec ?? {};
      const { resources: _b, ...current } = obj.spec;
      if (stableJson(rest) !== stableJson(current)) {
        return invalid(
          'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
        );
      }
      obj.spec.resources = structuredClone(m.spec?.resources);
    } else if (obj.kind === 'Service' && m.kind === 'Service') {
      const conflict = nodePortConflict(sim, m.spec ?? {}, obj);
      if (conflict) {
        return invalid(nodePortConflictText(conflict), ['spec', 'ports', conflict.index, 'nodePort']);
      }
      obj.spec = defaultServiceSpec({ ...structuredClone(m.spec ?? {}), clusterIP: obj.spec.clusterIP });
      // Allocated by the API server on update, like on create.
      obj.nodePorts = allocateNodePorts(sim, obj.spec, obj.nodePorts, obj);
    } else if (obj.kind === 'StorageClass' && m.kind === 'StorageClass') {
      const refusal = this.updateStorageClass(obj, sm);
      if (refusal) return refusal;
    } else if (obj.kind === 'Ingress' && m.kind === 'Ingress') {
      obj.spec = structuredClone(m.spec ?? {});
    } else if (obj.kind === 'PodDisruptionBudget' && m.kind === 'PodDisruptionBudget') {
      obj.spec = structuredClone(m.spec ?? {});
    } else if ('body' in obj) {
      obj.body = structuredClone(m) as unknown as Record<string, unknown>;
    }
    obj.source = sm.source;
    // APPLY-PATCH: client-side apply's three-way merge of metadata: keys the last apply wrote and
    // this one does not are removed; keys others wrote (a controller's revision annotation) stay.
    const before = this.lastApplied.get(obj) ?? { labels: {}, annotations: {} };
    const written = {
      labels: { ...(m.metadata?.labels ?? {}) },
      annotations: { ...(m.metadata?.annotations ?? {}) },
    };
    obj.meta.labels = { ...othersKeys(obj.meta.labels, before.labels), ...written.labels };
    obj.meta.annotations = {
      ...othersKeys(obj.meta.annotations, before.annotations),
      ...written.annotations,
    };
    this.lastApplied.set(obj, written);
    return null;
  }

  /**
   * A StorageClass's provisioner, reclaimPolicy and volumeBindingMode are immutable
   * (ValidateStorageClassUpdate). A manifest naming one of the simulated lab's own classes
   * describes the user's cluster, though: it replaces the built-in class, with a warning that a
   * real cluster would refuse the change.
   */
  private updateStorageClass(obj: StorageClassObject, sm: SourcedManifest): UpdateRefusal | null {
    const m = sm.manifest;
    if (m.kind !== 'StorageClass') return null;
    const next = {
      provisioner: m.provisioner,
      reclaimPolicy: m.reclaimPolicy === 'Retain' ? ('Retain' as const) : ('Delete' as const),
      volumeBindingMode:
        m.volumeBindingMode === 'WaitForFirstConsumer'
          ? ('WaitForFirstConsumer' as const)
          : ('Immediate' as const),
    };
    const errors: string[] = [];
    if (next.provisioner !== obj.provisioner)
      errors.push('provisioner: Forbidden: updates to provisioner are forbidden.');
    if (next.reclaimPolicy !== obj.reclaimPolicy)
      errors.push('reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.');
    if (next.volumeBindingMode !== obj.volumeBindingMode)
      errors.push(`volumeBindingMode: Invalid value: "${next.volumeBindingMode}": field is immutable`);
    if (errors.length > 0 && obj.source !== undefined) {
      return { message: invalidText(m.kind, obj.meta.name, errors), at: null };
    }
    if (errors.length > 0) {
      const at = sm.source;
      this.applyWarnings.push(
        `${at.file}:${at.start.line}:${at.start.column}: StorageClass/${obj.meta.name} replaces the simulated cluster's built-in class (${obj.provisioner}, ${obj.volumeBindingMode}, reclaim ${obj.reclaimPolicy}); a real cluster refuses this change (${errors.map((e) => e.split(':')[0]).join(', ')} are immutable): delete the class first`,
      );
    }
    Object.assign(obj, next);
    obj.isDefault = m.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
    return null;
  }

  /** `kubectl scale`; returns an error text when there is nothing to scale. */
  scale(kind: string, namespace: string, name: string, replicas: number): string | null {
    const k = resolveKind(kind);
    if (k !== 'StatefulSet' && k !== 'ReplicaSet' && k !== 'Deployment') {
      return `error: the server doesn't have a resource type "${kind}" that can be scaled`;
    }
    // Scenario files and --scale are checked when parsed; this also covers steps built elsewhere
    // (the extension), so that no caller can start an unbounded run.
    if (!Number.isSafeInteger(replicas) || replicas < 0) {
      return `error: replicas must be a non-negative integer (got ${replicas})`;
    }
    const limit = replicasLimitError(replicas);
    if (limit) return limit;
    const obj = this.sim.store.get(k, namespace, name);
    if (!obj || obj.meta.deletionTime !== null) return notFound(k, name);
    if (obj.spec.replicas !== replicas) obj.meta.generation++; // the scale subresource writes spec
    obj.spec.replicas = replicas;
    this.sim.store.changed(obj);
    return null;
  }

  /** `kubectl delete`; returns an error text when the object does not exist or may not be deleted. */
  delete(
    kind: string,
    namespace: string,
    name: string,
    gracePeriod: number | null = null,
    cascade: Cascade = 'background',
  ): string | null {
    const k = resolveKind(kind);
    if (!k) return `error: the server doesn't have a resource type "${kind}"`;
    const obj = this.sim.store.get(k, isNamespaced(k) ? namespace : '', name);
    if (!obj) return notFound(k, name);
    if (k === 'Namespace' && IMMORTAL_NAMESPACES.has(name)) {
      return `Error from server (Forbidden): ${resourceName(k)} "${name}" is forbidden: this namespace may not be deleted`;
    }
    deleteObject(this.sim, obj, { gracePeriod, cascade });
    return null;
  }

  /** Scenario `node` step: fail, recover, cordon, uncordon, drain (contract 5.2), taint, untaint. */
  node(name: string, action: NodeAction, taint?: Taint): NodeActionResult {
    return nodeAction(this.sim, this.nodeLifecycle, name, action, taint, (line) => {
      // A drain refused for ever prints every 5 s: each line counts against the run's record limit.
      this.sim.retain(1);
      this.laterOutput.push(line);
    });
  }

  /** What kubectl commands still running (a drain waiting on evictions) printed since the last call. */
  takeLaterOutput(): string[] {
    return this.laterOutput.splice(0);
  }

  /** Contract 5.2 `rollout` step: kubectl rollout undo | restart | pause | resume. */
  rollout(
    kind: RolloutKind,
    namespace: string,
    name: string,
    action: RolloutAction,
    toRevision = 0,
  ): RolloutResult {
    return rollout(this.sim, kind, namespace, name, action, toRevision);
  }

  /** `kubectl rollout status` from now on: call the returned function to stop and get its lines. */
  watchRollout(kind: RolloutKind, namespace: string, name: string): () => string[] {
    return watchRolloutStatus(this.sim, kind, namespace, name);
  }

  /** Scenario `crash` step: null when the container exited, else why it cannot (what exists). */
  crash(namespace: string, pod: string, container: string | null, exitCode: number): string | null {
    return crashContainer(this.sim, namespace, pod, container, exitCode);
  }

  /** Scenario `readiness` step. */
  setReadiness(namespace: string, pod: string, ready: boolean): string | null {
    const obj = this.sim.store.get('Pod', namespace, pod);
    if (!obj) return notFound('Pod', pod);
    overrideReadiness(this.sim, obj, ready);
    return null;
  }

  /** An HTTP request from outside (through the ingress controller) or, with `from`, from that pod. */
  request(req: HttpRequest, from: PodObject | null): HttpResponse {
    if (from) return requestFromPod(this.sim, from, req, () => this.sim.trafficRng.float());
    if (!this.ingress) return noIngressController(req);
    const routed = this.ingress.handle(req);
    let appBody = '';
    if (routed.endpoint && routed.pod && routed.namespace) {
      const pod = this.sim.store.get('Pod', routed.namespace, routed.pod);
      const answer = pod ? appResponse(pod, routed.endpoint.port, routed.upstreamUri ?? '/') : null;
      if (answer) {
        appBody = answer.body;
        routed.status = answer.status;
      } else {
        // The endpoint was ready but nothing listens on the target port: nginx answers 502.
        routed.status = 502;
        routed.body = NGINX_PAGES[502];
        routed.reason += `; nothing listens on ${routed.endpoint.ip}:${routed.endpoint.port} → 502`;
      }
    }
    return toHttpResponse(routed, appBody);
  }

  /** A DNS lookup from a pod of `namespace`, like nslookup. */
  resolve(name: string, namespace: string): ResolveResult {
    return resolveName(this.sim, name, namespace);
  }

  settle(limit: number): boolean {
    return this.sim.settle(limit);
  }

  advance(seconds: number): void {
    this.sim.advance(seconds);
  }

  state(): ClusterState {
    return snapshot(this.sim);
  }
}

/** The entries of `current` that `lastWritten` did not set: someone else's. */
function othersKeys(
  current: Record<string, string>,
  lastWritten: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(current)) if (!Object.hasOwn(lastWritten, k)) out[k] = v;
  return out;
}

/** Without a controller nothing listens on the node ports: curl's connection refused. */
function noIngressController(req: HttpRequest): HttpResponse {
  const url = parseHttpUrl(req.url);
  const host = typeof url === 'string' ? req.url : url.host;
  const port = typeof url === 'string' ? 80 : (url.port ?? (url.scheme === 'https' ? 443 : 80));
  return {
    status: 0,
    service: null,
    pod: null,
    body: `curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`,
    location: null,
    tls: null,
    reason:
      'no ingress controller is installed (cluster.ingressController: none): nothing listens on the node ports, so the Ingress rules are never applied — an Ingress alone serves nothing',
  };
}

function notFound(kind: string, name: string): string {
  return `Error from server (NotFound): ${resourceName(kind)} "${name}" not found`;
}

/** metadata.ownerReferences as written: each entry naming a kind, a name and a uid. */
function writtenOwnerReferences(raw: unknown): OwnerRef[] {
  if (!Array.isArray(raw)) return [];
  const refs: OwnerRef[] = [];
  for (const r of raw as Array<Record<string, unknown>>) {
    if (typeof r?.uid !== 'string' || typeof r.kind !== 'string' || typeof r.name !== 'string') continue;
    refs.push({ kind: r.kind, name: r.name, uid: r.uid, controller: r.controller === true });
  }
  return refs;
}
