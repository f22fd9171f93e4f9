// Validation of one manifest document, in the order kubectl and the API server apply it, with the
// messages they print. Target: kubectl + kube-apiserver 1.33/1.34.
//
//  1. kubectl: the document must be an object that names apiVersion and kind
//     (kubectl/pkg/validation GetObjectKind, run by paramVerifyingSchema) →
//     `error validating data: apiVersion not set` (cli-runtime resource.ValidateSchema). kubectl
//     prints `error: error validating "<file>": <that>; if you choose to ignore these errors, turn
//     validation off with --validate=false`; the CLI adds the file, we keep the part in the middle.
//  2. kubectl REST mapping → `no matches for kind "StatefulSet" in version "apps/v1beta1"`
//     (apimachinery meta.NoKindMatchError; kubectl wraps it in `resource mapping not found for
//     name: ... ensure CRDs are installed first`), also for a misspelled kind in a built-in group.
//     Kinds the engine does not model (Job, DaemonSet, CRDs…) are returned as not-simulated.
//  3. API server decoding. kubectl ≥ 1.25 sends fieldValidation=Strict and skips its own OpenAPI
//     type check whenever the server supports that parameter (GA in 1.27), so type mismatches and
//     unknown fields are reported by the server's strict JSON decoder:
//     `StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal
//     string into Go struct field StatefulSetSpec.spec.replicas of type int32`, and
//     `...: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolcy"`
//     (apiserver handlers transformDecodeError + encoding/json UnmarshalTypeError + sigs.k8s.io/json
//     strict errors). The older client-side form `error validating data: ValidationError(...)` is
//     what kubectl printed before 1.25 / against servers without field validation; note that it
//     accepted numbers for string fields and 1.5 for integers (kube-openapi validation/types.go).
//  4. Defaulting, then API validation (pkg/apis/{core,apps,networking,storage}/validation).
//     Every error found is reported, the way kubectl prints an Invalid status for one object
//     (kubectl cmd/util/helpers.go checkErr → MultilineError): one error →
//     `The StatefulSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or
//     equal to 0`; several → `The StatefulSet "web" is invalid: \n* <error>\n* <error>` (one bullet
//     per line, duplicates dropped). The API server's own text (`StatefulSet.apps "web" is invalid:
//     [a, b]`) is what kubectl shows only when several objects of one apply fail.
//     Errors that Go collects from a map come out in random order there; we use document order.
//     StatefulSet pod templates and volumeClaimTemplates are validated as Kubernetes does since
//     PRs #131790 and #132212 (merged mid-2025, 1.34); before, such mistakes were accepted and only
//     surfaced as FailedCreate events of the StatefulSet controller.
//     A missing metadata.name gives the server's `name or generateName is required` (what
//     `kubectl create` shows; `kubectl apply` stops earlier with `resource name may not be empty`).
//  5. The simulator's own limit (MAX_REPLICAS).
//
// Rejection.line/column point at the offending field (or its nearest existing ancestor); kubectl
// step errors point at the document start.
import { KIND_TABLE, isNamespaced } from '../kinds';
import {
  FieldPath,
  MAX_REPLICAS,
  Manifest,
  NotSimulated,
  RawDoc,
  Rejection,
  SourcedManifest,
  replicasLimitError,
} from '../manifest';
import { validateDeploymentSpec, validateReplicaSetSpec, validateStatefulSetSpec } from './apps';
import { validateConfigMap, validateSecret } from './core-config';
import { validatePodSpec } from './core-pod';
import { allocateNodePorts, validateServiceSpec } from './core-service';
import { validateClaimSpec, validatePersistentVolumeSpec, validateStorageClass } from './core-storage';
import { FieldError, root } from './field';
import { goNumber, goQuote } from './go-format';
import { validateObjectMeta } from './meta';
import { NameFn, nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain } from './names';
import { validateIngress, validateIngressClass } from './networking';
import { strictDecode } from './strict-decode';
import { Loc, Obj, isObj, num, obj, str } from './values';

export type ValidationResult =
  | { ok: true; manifest: SourcedManifest }
  | { ok: false; rejection: Rejection }
  | { ok: 'not-simulated'; item: NotSimulated };

/** Largest spec.replicas the simulator runs; defined beside replicasLimitError. */
export { MAX_REPLICAS };
// The public surface, as it was when this was one file.
export { goQuote } from './go-format';
export {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from './names';
export { parseQuantity } from './quantity';
export { nginxAdmissionError } from './nginx-webhook';
import { validatePodDisruptionBudgetSpec } from './policy';

// The pipeline

/** Built-in kinds the engine does not model, with the versions a 1.33 server serves. */
export const OTHER_BUILTIN_KINDS: Record<string, string[]> = {
  DaemonSet: ['apps/v1'],
  ControllerRevision: ['apps/v1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1'],
  HorizontalPodAutoscaler: ['autoscaling/v1', 'autoscaling/v2'],
  NetworkPolicy: ['networking.k8s.io/v1'],
  EndpointSlice: ['discovery.k8s.io/v1'],
  ServiceAccount: ['v1'],
  Endpoints: ['v1'],
  LimitRange: ['v1'],
  ResourceQuota: ['v1'],
  ReplicationController: ['v1'],
  PodTemplate: ['v1'],
  Node: ['v1'],
  Role: ['rbac.authorization.k8s.io/v1'],
  ClusterRole: ['rbac.authorization.k8s.io/v1'],
  RoleBinding: ['rbac.authorization.k8s.io/v1'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io/v1'],
  CustomResourceDefinition: ['apiextensions.k8s.io/v1'],
  CSIDriver: ['storage.k8s.io/v1'],
  VolumeAttachment: ['storage.k8s.io/v1'],
  RuntimeClass: ['node.k8s.io/v1'],
  Lease: ['coordination.k8s.io/v1'],
};

/** Every kind a 1.33 server serves in these built-in group versions (a kind outside them is a typo). */
export const BUILTIN_GROUP_VERSION_KINDS: Record<string, string[]> = {
  v1: [
    'Binding',
    'ComponentStatus',
    'ConfigMap',
    'Endpoints',
    'Event',
    'LimitRange',
    'Namespace',
    'Node',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'Pod',
    'PodTemplate',
    'ReplicationController',
    'ResourceQuota',
    'Secret',
    'Service',
    'ServiceAccount',
  ],
  'apps/v1': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'batch/v1': ['CronJob', 'Job'],
  'networking.k8s.io/v1': ['IPAddress', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR'],
  'policy/v1': ['Eviction', 'PodDisruptionBudget'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'storage.k8s.io/v1': [
    'CSIDriver',
    'CSINode',
    'CSIStorageCapacity',
    'StorageClass',
    'VolumeAttachment',
    'VolumeAttributesClass',
  ],
};

export const NAME_FNS: Record<string, NameFn> = {
  StatefulSet: nameIsDNSLabel,
  Service: nameIsDNS1035Label,
  Namespace: nameIsDNSLabel,
};

/** API validation of a decoded object of a modelled kind (defaults are applied on the fly). */
export function validateObject(kind: string, body: Obj): FieldError[] {
  const meta = obj(body.metadata) ?? {};
  const spec = obj(body.spec) ?? {};
  const errs = validateObjectMeta(meta, isNamespaced(kind), NAME_FNS[kind] ?? nameIsDNSSubdomain);
  switch (kind) {
    case 'Pod':
      return [...errs, ...validatePodSpec(spec, root('spec'), { isPod: true })];
    case 'StatefulSet':
      return [...errs, ...validateStatefulSetSpec(spec)];
    case 'ReplicaSet':
      return [...errs, ...validateReplicaSetSpec(spec)];
    case 'Deployment':
      return [...errs, ...validateDeploymentSpec(spec)];
    case 'PersistentVolumeClaim':
      return [...errs, ...validateClaimSpec(spec, root('spec'))];
    case 'PersistentVolume':
      return [...errs, ...validatePersistentVolumeSpec(spec)];
    case 'StorageClass':
      return [...errs, ...validateStorageClass(body)];
    case 'Service':
      return [...errs, ...validateServiceSpec(spec)];
    case 'Ingress':
      return [...errs, ...validateIngress(meta, spec)];
    case 'IngressClass':
      return [...errs, ...validateIngressClass(spec)];
    case 'Secret':
      return [...errs, ...validateSecret(body)];
    case 'ConfigMap':
      return [...errs, ...validateConfigMap(body)];
    case 'PodDisruptionBudget':
      return [...errs, ...validatePodDisruptionBudgetSpec(spec)];
    default:
      return errs;
  }
}

/** kubectl's rendering of an Invalid status for one object (see the header). */
export function invalidMessage(kind: string, name: string, errs: FieldError[]): string {
  return invalidText(
    kind,
    name,
    errs.map((e) => `${e.field}: ${e.body}`),
  );
}

/** The same rendering for `<field>: <body>` lines (update checks outside this file use it). */
export function invalidText(kind: string, name: string, errors: readonly string[]): string {
  const lines: string[] = [];
  for (const line of errors) if (!lines.includes(line)) lines.push(line);
  const prefix = `The ${kind} ${goQuote(name)} is invalid: `;
  if (lines.length === 1) return prefix + lines[0];
  return prefix + '\n' + lines.map((l) => `* ${l}`).join('\n');
}

/** JSON with sorted keys, as Go marshals a map (used in "Object 'Kind' is missing in '…'"). */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(goJson).join(',') + ']';
  if (isObj(v))
    return (
      '{' +
      Object.keys(v)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + goJson(v[k]))
        .join(',') +
      '}'
    );
  if (typeof v === 'number') return goNumber(v);
  return v === undefined ? 'null' : JSON.stringify(v);
}

export function validateDoc(doc: RawDoc): ValidationResult {
  const body = doc.body;
  const file = doc.source.file;
  const metaOf = obj(obj(body)?.metadata) ?? {};
  const name = str(metaOf.name);
  const kindText = str(obj(body)?.kind);
  const reject = (
    message: string,
    loc: Loc | null,
    namespaced = isNamespaced(kindText),
  ): ValidationResult => {
    const pos = loc === null ? doc.source.start : doc.locate(loc);
    const namespace = namespaced ? str(metaOf.namespace) || 'default' : '';
    return {
      ok: false,
      rejection: { kind: kindText, name, namespace, file, line: pos.line, column: pos.column, message },
    };
  };

  // 1. kubectl: GetObjectKind
  if (!isObj(body)) return reject('error validating data: invalid object to validate', null);
  const problems: string[] = [];
  const apiVersion = body.apiVersion;
  const kind = body.kind;
  if (apiVersion === undefined || apiVersion === null) problems.push('apiVersion not set');
  else if (typeof apiVersion !== 'string') problems.push("apiVersion isn't string type");
  else if (apiVersion.split('/').length > 2) problems.push(`unexpected GroupVersion string: ${apiVersion}`);
  if (kind === undefined || kind === null) problems.push('kind not set');
  else if (typeof kind !== 'string') problems.push("kind isn't string type");
  if (problems.length > 0) {
    const agg = problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`;
    return reject(`error validating data: ${agg}`, null);
  }
  const gv = str(apiVersion);
  const k = str(kind);
  // The unstructured decoder needs a kind; an empty apiVersion fails the same way.
  if (k === '') return reject(`Object 'Kind' is missing in '${goJson(body)}'`, null);
  if (gv === '') return reject(`Object 'apiVersion' is missing in '${goJson(body)}'`, null);

  // 2. kubectl: REST mapping (kinds are case-sensitive)
  const info = KIND_TABLE.find((i) => i.kind.toLowerCase() === k.toLowerCase());
  const otherVersions = Object.entries(OTHER_BUILTIN_KINDS).find(
    ([n]) => n.toLowerCase() === k.toLowerCase(),
  );
  const servedVersions = info?.apiVersions ?? otherVersions?.[1];
  const servedKind = info?.kind ?? otherVersions?.[0];
  if (servedVersions !== undefined && (servedKind !== k || !servedVersions.includes(gv)))
    return reject(`no matches for kind ${goQuote(k)} in version ${goQuote(gv)}`, [
      servedKind !== k ? 'kind' : 'apiVersion',
    ]);
  const groupKinds = BUILTIN_GROUP_VERSION_KINDS[gv];
  if (
    servedVersions === undefined &&
    groupKinds !== undefined &&
    !groupKinds.includes(k) &&
    !k.endsWith('List')
  )
    return reject(`no matches for kind ${goQuote(k)} in version ${goQuote(gv)}`, ['kind']);
  if (info === undefined) {
    const line = doc.source.start.line;
    return { ok: 'not-simulated', item: { apiVersion: gv, kind: k, name, file, line } };
  }

  // 3. API server: strict decoding
  const version = gv.includes('/') ? gv.slice(gv.indexOf('/') + 1) : gv;
  const decodeProblem = strictDecode(body, k);
  if (decodeProblem !== undefined)
    return reject(
      `${k} in version ${goQuote(version)} cannot be handled as a ${k}: ${decodeProblem.message}`,
      decodeProblem.loc,
    );

  // 4. API server: node port allocation, then validation
  if (k === 'Service') {
    const portErrs = allocateNodePorts(obj(body.spec) ?? {});
    const first = portErrs[0];
    if (first !== undefined) return reject(invalidMessage(k, name, portErrs), first.loc);
  }
  const errs = validateObject(k, body);
  const firstErr = errs[0];
  if (firstErr !== undefined) return reject(invalidMessage(k, name, errs), firstErr.loc);

  // 5. The simulator's limit
  if (k === 'StatefulSet' || k === 'ReplicaSet' || k === 'Deployment') {
    const replicas = num(obj(body.spec)?.replicas);
    const limitError = replicas === undefined ? null : replicasLimitError(replicas);
    if (limitError !== null) return reject(limitError, ['spec', 'replicas']);
  }

  const metadata: Obj = { ...metaOf };
  if (info.namespaced) metadata.namespace = str(metaOf.namespace) || 'default';
  else delete metadata.namespace;
  const manifest = { ...body, metadata } as unknown as Manifest;
  return {
    ok: true,
    manifest: { manifest, source: doc.source, locate: (path: FieldPath) => doc.locate(path) },
  };
}
