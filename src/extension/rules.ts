// Static checks of a manifest file against the set of manifests simulated with it, as plain data
// (no vscode import, so that node tests can run them): each finding carries the source range of the
// offending field, a message, a severity and a code; the diagnostics controller turns them into
// vscode Diagnostics. Also the shared helpers of the hovers (explain.ts): which headless Service a
// StatefulSet names, which Ingress a canary splits, which StorageClass a claim uses, which nodes a
// nodeSelector matches.
import type { FieldPath, InputError, RawDoc, Rejection } from '../engine/manifest';
import { validateDoc } from '../engine/validation';
import { isNodeLocalProvisioner } from '../engine/controllers/volumebinding';
import { nodeSelectorMatches } from '../engine/selector';
import type { ClusterConfig, Incarnation, SimEvent, SourcePosition, SourceRange } from '../engine/types';
import type { ClusterState } from '../engine/snapshot';
import type { NodeSelector } from 'kubernetes-types/core/v1';

/** vscode.l10n.t, or a formatter that fills {0} {1} in tests. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

export type Severity = 'error' | 'warning' | 'information';

export type RuleCode =
  | 'yaml'
  | 'rejected'
  | 'key-typo'
  | 'not-simulated'
  | 'headless-service'
  | 'service-selector'
  | 'ingress-backend'
  | 'canary-primary'
  | 'storage-class'
  | 'multi-attach';

/** A text edit that fixes a finding (the quick fix). */
export interface KeyFix {
  title: string;
  range: SourceRange;
  newText: string;
}

export interface Finding {
  range: SourceRange;
  message: string;
  severity: Severity;
  code: RuleCode;
  fix?: KeyFix;
}

/** What the simulation showed, when one covers the file being checked. */
export interface RunFacts {
  events: SimEvent[];
  objects: Incarnation[];
  rejected: Rejection[];
  state: ClusterState;
}

export interface RuleInput {
  /** The documents of the file being checked (its findings are the only ones reported). */
  docs: RawDoc[];
  /** Every document simulated together with it, its own included. */
  set: RawDoc[];
  cluster: ClusterConfig;
  /** Events and rejections of the current simulation, when it covers this version of the file. */
  run?: RunFacts | null;
  /** Text of a 1-based line of the file, to make ranges span the written key and value. */
  lineText?: (line: number) => string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Plain data access

export type Obj = { [key: string]: unknown };

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
  }
  return out;
}

/** A Kubernetes object of the set: its kind, name, namespace, body and (when known) document. */
export interface ObjRef {
  kind: string;
  name: string;
  namespace: string;
  body: Obj;
  doc: RawDoc | null;
}

const CLUSTER_SCOPED = new Set(['PersistentVolume', 'StorageClass', 'IngressClass', 'Namespace', 'Node']);

export function objectRef(body: unknown, doc: RawDoc | null = null): ObjRef | null {
  if (!isObj(body)) return null;
  const kind = str(body.kind);
  if (!kind) return null;
  const metadata = obj(body.metadata);
  const namespace = CLUSTER_SCOPED.has(kind) ? '' : str(metadata.namespace) || 'default';
  return { kind, name: str(metadata.name) ?? '', namespace, body, doc };
}

export function objectsIn(docs: readonly RawDoc[]): ObjRef[] {
  const out: ObjRef[] = [];
  for (const d of docs) {
    const o = objectRef(d.body, d);
    if (o) out.push(o);
  }
  return out;
}

export const WORKLOADS = new Set(['StatefulSet', 'ReplicaSet', 'Deployment']);

/** The pod spec of a Pod or of a workload's template, and where it is written. */
export function podSpecOf(o: ObjRef): { spec: Obj; labels: Record<string, string>; path: string[] } | null {
  if (o.kind === 'Pod')
    return { spec: obj(o.body.spec), labels: strMap(obj(o.body.metadata).labels), path: ['spec'] };
  if (!WORKLOADS.has(o.kind)) return null;
  const template = obj(obj(o.body.spec).template);
  return {
    spec: obj(template.spec),
    labels: strMap(obj(template.metadata).labels),
    path: ['spec', 'template', 'spec'],
  };
}

/** matchLabels and matchExpressions (a LabelSelector) or a plain map (a Service selector). */
export function labelsMatch(selector: Obj, labels: Record<string, string>, plain: boolean): boolean {
  const pairs = plain ? strMap(selector) : strMap(selector.matchLabels);
  for (const [k, v] of Object.entries(pairs)) if (labels[k] !== v) return false;
  if (plain) return true;
  for (const raw of arr(selector.matchExpressions)) {
    const e = obj(raw);
    const key = str(e.key) ?? '';
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const values = arr(e.values).map(String);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `a=b, c=d` */
export function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

// ---------------------------------------------------------------------------------------------
// Services

export function serviceNamed(set: readonly ObjRef[], namespace: string, name: string): ObjRef | undefined {
  return set.find((o) => o.kind === 'Service' && o.namespace === namespace && o.name === name);
}

export function isHeadless(service: ObjRef): boolean {
  return obj(service.body.spec).clusterIP === 'None';
}

/** The Pods and workloads of `namespace` whose pod labels a Service selector selects. */
export function selectedTemplates(set: readonly ObjRef[], namespace: string, selector: Obj): ObjRef[] {
  if (Object.keys(strMap(selector)).length === 0) return [];
  return set.filter((o) => {
    if (o.namespace !== namespace) return false;
    const pod = podSpecOf(o);
    return pod !== null && labelsMatch(selector, pod.labels, true);
  });
}

/** `<pod>.<service>.<namespace>.svc.cluster.local` */
export function podDnsName(pod: string, service: string, namespace: string): string {
  return `${pod}.${service}.${namespace}.svc.cluster.local`;
}

/** Ordinals of a StatefulSet's pods: spec.ordinals.start … start + replicas − 1. */
export function ordinalsOf(sts: ObjRef): { start: number; replicas: number } {
  const spec = obj(sts.body.spec);
  return { start: num(obj(spec.ordinals).start) ?? 0, replicas: num(spec.replicas) ?? 1 };
}

// ---------------------------------------------------------------------------------------------
// Storage

export interface ClassInfo {
  name: string;
  provisioner: string;
  bindingMode: string;
  reclaimPolicy: string;
  isDefault: boolean;
  nodeLocal: boolean;
  /** Written in the manifests (else: part of the simulated cluster, like the lab's `fast`). */
  fromManifest: boolean;
}

export function storageClassesOf(set: readonly ObjRef[], cluster: ClusterConfig): Map<string, ClassInfo> {
  const out = new Map<string, ClassInfo>();
  for (const sc of cluster.storageClasses) {
    out.set(sc.name, {
      name: sc.name,
      provisioner: sc.provisioner,
      bindingMode: sc.volumeBindingMode ?? 'Immediate',
      reclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      isDefault: sc.isDefault ?? false,
      nodeLocal: isNodeLocalProvisioner(sc.provisioner),
      fromManifest: false,
    });
  }
  for (const o of set) {
    if (o.kind !== 'StorageClass') continue;
    const provisioner = str(o.body.provisioner) ?? '';
    const annotations = strMap(obj(o.body.metadata).annotations);
    out.set(o.name, {
      name: o.name,
      provisioner,
      bindingMode: str(o.body.volumeBindingMode) ?? 'Immediate',
      reclaimPolicy: str(o.body.reclaimPolicy) ?? 'Delete',
      isDefault: annotations['storageclass.kubernetes.io/is-default-class'] === 'true',
      nodeLocal: isNodeLocalProvisioner(provisioner),
      fromManifest: true,
    });
  }
  return out;
}

/** The class a claim spec ends up with: its storageClassName, else the default class (null: none). */
export function effectiveClass(claimSpec: Obj, classes: Map<string, ClassInfo>): string | null {
  const written = claimSpec.storageClassName;
  if (typeof written === 'string') return written;
  for (const c of classes.values()) if (c.isDefault) return c.name;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Nodes

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  unschedulable: boolean;
}

export function clusterNodes(cluster: ClusterConfig): NodeInfo[] {
  return cluster.nodes.map((n) => ({
    name: n.name,
    labels: { 'kubernetes.io/hostname': n.name, ...(n.labels ?? {}) },
    unschedulable: n.unschedulable ?? false,
  }));
}

/** Nodes a pod spec can be scheduled on: nodeName, nodeSelector, required node affinity, cordons. */
export function nodesFor(podSpec: Obj, cluster: ClusterConfig): NodeInfo[] {
  const selector = strMap(podSpec.nodeSelector);
  const nodeName = str(podSpec.nodeName);
  const required = obj(
    obj(obj(podSpec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution,
  );
  const terms = arr(required.nodeSelectorTerms);
  return clusterNodes(cluster).filter((n) => {
    if (nodeName) return n.name === nodeName;
    if (n.unschedulable) return false;
    for (const [k, v] of Object.entries(selector)) if (n.labels[k] !== v) return false;
    if (terms.length > 0 && !nodeSelectorMatches(required as unknown as NodeSelector, n.labels, n.name))
      return false;
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Ingress

export const ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io/';
export const CANARY_ANNOTATION = `${ANNOTATION_PREFIX}canary`;

/** Go's strconv.ParseBool, as ingress-nginx reads boolean annotations. */
export function goBool(v: string | undefined): boolean | null {
  if (v === '1' || v === 't' || v === 'T' || v === 'true' || v === 'TRUE' || v === 'True') return true;
  if (v === '0' || v === 'f' || v === 'F' || v === 'false' || v === 'FALSE' || v === 'False') return false;
  return null;
}

/** strconv.Atoi; invalid numbers count as the default, as ingress-nginx does. */
export function goInt(v: string | undefined, fallback: number): number {
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return fallback;
  return Number.parseInt(v, 10);
}

export function annotationsOf(o: ObjRef): Record<string, string> {
  return strMap(obj(o.body.metadata).annotations);
}

export function isCanary(ing: ObjRef): boolean {
  return goBool(annotationsOf(ing)[CANARY_ANNOTATION]) === true;
}

/** The share of requests a weighted canary gets, in percent (weight out of max(total, 100)). */
export function canaryShare(annotations: Record<string, string>): {
  weight: number;
  total: number;
  percent: number;
} {
  const weight = goInt(annotations[`${ANNOTATION_PREFIX}canary-weight`], 0);
  const written = goInt(annotations[`${ANNOTATION_PREFIX}canary-weight-total`], 100);
  const total = written > 100 ? written : 100;
  const clamped = Math.min(Math.max(weight, 0), total);
  return { weight, total, percent: Math.round((clamped / total) * 10000) / 100 };
}

export interface IngressPath {
  ing: ObjRef;
  rule: number;
  index: number;
  /** '' when the rule has no host (any host). */
  host: string;
  path: string;
  /** As ingress-nginx uses it: ImplementationSpecific (or none) counts as Prefix. */
  pathType: string;
  service: string;
  port: number | string | undefined;
}

export function ingressPaths(ing: ObjRef): IngressPath[] {
  const out: IngressPath[] = [];
  arr(obj(ing.body.spec).rules).forEach((rawRule, rule) => {
    const r = obj(rawRule);
    arr(obj(r.http).paths).forEach((rawPath, index) => {
      const p = obj(rawPath);
      const type = str(p.pathType);
      const service = obj(obj(p.backend).service);
      const port = obj(service.port);
      out.push({
        ing,
        rule,
        index,
        host: str(r.host) ?? '',
        path: str(p.path) ?? '/',
        pathType: type === 'Exact' ? 'Exact' : 'Prefix',
        service: str(service.name) ?? '',
        port: num(port.number) ?? str(port.name),
      });
    });
  });
  return out;
}

/** The non-canary path a canary path is attached to (same host, path and pathType), oldest first. */
export function primaryFor(canary: IngressPath, set: readonly ObjRef[]): IngressPath | undefined {
  for (const o of set) {
    if (o.kind !== 'Ingress' || o === canary.ing || isCanary(o)) continue;
    const hit = ingressPaths(o).find(
      (p) => p.host === canary.host && p.path === canary.path && p.pathType === canary.pathType,
    );
    if (hit) return hit;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Lookups over the set, built on first use (a rules pass over thousands of objects stays linear)

export class SetIndex {
  private services?: Map<string, ObjRef>;
  private claims?: Map<string, ObjRef>;
  private labelled?: Map<string, Array<Record<string, string>>>;
  private primaries?: Map<string, IngressPath>;
  private storage?: Map<string, ClassInfo>;

  constructor(
    readonly objects: readonly ObjRef[],
    readonly cluster: ClusterConfig,
  ) {}

  private byName(kind: string): Map<string, ObjRef> {
    const out = new Map<string, ObjRef>();
    for (const o of this.objects) {
      const key = `${o.namespace}/${o.name}`;
      if (o.kind === kind && !out.has(key)) out.set(key, o);
    }
    return out;
  }

  service(namespace: string, name: string): ObjRef | undefined {
    this.services ??= this.byName('Service');
    return this.services.get(`${namespace}/${name}`);
  }

  claim(namespace: string, name: string): ObjRef | undefined {
    this.claims ??= this.byName('PersistentVolumeClaim');
    return this.claims.get(`${namespace}/${name}`);
  }

  /** Whether a Service selector selects a Pod or Pod template of `namespace`. */
  selectsAny(namespace: string, selector: Obj): boolean {
    const pairs = Object.entries(strMap(selector));
    if (pairs.length === 0) return false;
    if (!this.labelled) {
      this.labelled = new Map();
      for (const o of this.objects) {
        const pod = podSpecOf(o);
        if (!pod) continue;
        for (const [k, v] of Object.entries(pod.labels)) {
          const key = `${o.namespace}/${k}=${v}`;
          const list = this.labelled.get(key) ?? [];
          list.push(pod.labels);
          this.labelled.set(key, list);
        }
      }
    }
    const [k, v] = pairs[0];
    return (this.labelled.get(`${namespace}/${k}=${v}`) ?? []).some((labels) =>
      pairs.every(([key, value]) => labels[key] === value),
    );
  }

  /** The first non-canary path with this host, path and pathType (set order). */
  primary(p: IngressPath): IngressPath | undefined {
    if (!this.primaries) {
      this.primaries = new Map();
      for (const o of this.objects) {
        if (o.kind !== 'Ingress' || isCanary(o)) continue;
        for (const q of ingressPaths(o)) {
          const key = `${q.host}\u0000${q.path}\u0000${q.pathType}`;
          if (!this.primaries.has(key)) this.primaries.set(key, q);
        }
      }
    }
    return this.primaries.get(`${p.host}\u0000${p.path}\u0000${p.pathType}`);
  }

  classes(): Map<string, ClassInfo> {
    this.storage ??= storageClassesOf(this.objects, this.cluster);
    return this.storage;
  }
}

// ---------------------------------------------------------------------------------------------
// Ranges

/** Range of the field at `path`: its key and, with `withValue`, the rest of its line (no comment). */
export function fieldRange(
  doc: RawDoc,
  path: FieldPath,
  lineText?: (line: number) => string | undefined,
  withValue = true,
): SourceRange {
  return rangeAt(doc.source.file, doc.locate(path), String(path[path.length - 1] ?? ''), lineText, withValue);
}

const KEY_TOKEN = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s:#,[\]{}]+(?::[^\s,[\]{}][^\s:#,[\]{}]*)*)/;

function rangeAt(
  file: string,
  start: SourcePosition,
  key: string,
  lineText: ((line: number) => string | undefined) | undefined,
  withValue: boolean,
): SourceRange {
  const line = lineText?.(start.line);
  let length = Math.max(1, key.length);
  if (line !== undefined) {
    const rest = line.slice(start.column - 1);
    if (withValue) {
      const text = rest.replace(/\s+#.*$/, '').trimEnd();
      if (text.length > 0) length = text.length;
    } else {
      const m = KEY_TOKEN.exec(rest);
      if (m && m[0].length > 0) length = m[0].length;
    }
  }
  return { file, start, end: { line: start.line, column: start.column + length } };
}

function has(o: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

// ---------------------------------------------------------------------------------------------
// Misspelled apiVersion / kind

/** Top-level fields of the kinds people write; never taken for a misspelling. */
const TOP_LEVEL_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'spec',
  'status',
  'data',
  'stringData',
  'binaryData',
  'type',
  'immutable',
  'items',
  'provisioner',
  'parameters',
  'reclaimPolicy',
  'volumeBindingMode',
  'allowVolumeExpansion',
  'mountOptions',
  'allowedTopologies',
]);

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** `apiVersion` or `kind` when `key` (quotes allowed) is a misspelling of it within edit distance 2. */
export function typoTarget(key: string): 'apiVersion' | 'kind' | null {
  const bare = key.replace(/^(["'])(.*)\1$/, '$2');
  if (TOP_LEVEL_FIELDS.has(bare)) return null;
  if (editDistance(bare, 'apiVersion') <= 2) return 'apiVersion';
  if (bare.length >= 3 && editDistance(bare, 'kind') <= 2) return 'kind';
  return null;
}

/** Keys of a document that stand for a missing apiVersion or kind. */
function typoKeys(body: Obj): Array<{ key: string; target: 'apiVersion' | 'kind' }> {
  const out: Array<{ key: string; target: 'apiVersion' | 'kind' }> = [];
  for (const key of Object.keys(body)) {
    const target = typoTarget(key);
    if (target && !has(body, target) && !out.some((o) => o.target === target)) out.push({ key, target });
  }
  return out;
}

/** Whether a document is meant as a Kubernetes object (so a missing apiVersion is worth reporting). */
export function looksLikeObject(body: unknown): boolean {
  if (!isObj(body)) return false;
  return has(body, 'apiVersion') || has(body, 'kind') || typoKeys(body).length > 0;
}

// ---------------------------------------------------------------------------------------------
// The rules

export function inputErrorFindings(
  errors: readonly InputError[],
  lineText?: (line: number) => string | undefined,
): Finding[] {
  return errors.map((e) => {
    const start = { line: e.line, column: e.column };
    const line = lineText?.(e.line);
    const endColumn =
      line !== undefined && line.length >= e.column ? line.trimEnd().length + 1 : e.column + 1;
    return {
      range: { file: e.file, start, end: { line: e.line, column: Math.max(endColumn, e.column + 1) } },
      message: e.message,
      severity: 'error',
      code: 'yaml',
    };
  });
}

/** Every rule over the documents of one file. */
export function checkRules(input: RuleInput, t: Translate): Finding[] {
  const set = new SetIndex(objectsIn(input.set), input.cluster);
  const findings: Finding[] = [];
  const own = input.docs.filter((d) => looksLikeObject(d.body));
  if (own.length === 0) return findings;
  findings.push(...validationFindings(input, own, t));
  for (const doc of own) {
    const o = objectRef(doc.body, doc);
    if (!o) continue;
    if (o.kind === 'StatefulSet') findings.push(...headlessServiceRule(o, doc, set, input, t));
    if (o.kind === 'Service') findings.push(...serviceSelectorRule(o, doc, set, input, t));
    if (o.kind === 'Ingress') {
      findings.push(...ingressBackendRule(o, doc, set, input, t));
      findings.push(...canaryPrimaryRule(o, doc, set, input, t));
    }
    if (o.kind === 'PersistentVolumeClaim' || o.kind === 'StatefulSet')
      findings.push(...storageClassRule(o, doc, set, input, t));
    if (o.kind === 'ReplicaSet' || o.kind === 'Deployment')
      findings.push(...multiAttachRule(o, doc, set, input, t));
  }
  return findings;
}

/** kubectl / API server rejections (validateDoc), misspelled keys with their fix, kinds not simulated. */
function validationFindings(input: RuleInput, own: RawDoc[], t: Translate): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const doc of own) {
    const result = validateDoc(doc);
    if (result.ok === true) continue;
    if (result.ok === 'not-simulated') {
      const item = result.item;
      out.push({
        range: fieldRange(doc, ['kind'], input.lineText),
        message: t(
          '{0} ({1}) is not simulated: K8s Sim leaves it out and models no controller for it.',
          item.kind,
          item.apiVersion,
        ),
        severity: 'information',
        code: 'not-simulated',
      });
      continue;
    }
    const r = result.rejection;
    seen.add(`${r.line}:${r.message}`);
    const fixes = /not set/.test(r.message) ? keyTypoFixes(doc, t, input.lineText) : [];
    if (fixes.length > 0) {
      for (const fix of fixes)
        out.push({ range: fix.range, message: r.message, severity: 'error', code: 'key-typo', fix });
      continue;
    }
    out.push({
      range: rangeAt(doc.source.file, { line: r.line, column: r.column }, '', input.lineText, true),
      message: r.message,
      severity: 'error',
      code: 'rejected',
    });
  }
  // Refusals only the apply can tell (the ingress-nginx admission webhook, duplicates).
  const file = own[0]?.source.file;
  for (const r of input.run?.rejected ?? []) {
    if (r.file !== file || seen.has(`${r.line}:${r.message}`)) continue;
    seen.add(`${r.line}:${r.message}`);
    out.push({
      range: rangeAt(r.file, { line: r.line, column: r.column }, '', input.lineText, true),
      message: r.message,
      severity: 'error',
      code: 'rejected',
    });
  }
  return out;
}

/** Renames of misspelled top-level keys standing for a missing apiVersion or kind (`piVersion`). */
export function keyTypoFixes(
  doc: RawDoc,
  t: Translate,
  lineText?: (line: number) => string | undefined,
): KeyFix[] {
  return typoKeys(obj(doc.body)).map(({ key, target }) => {
    const range = fieldRange(doc, [key], lineText, false);
    const quote = /^["']/.exec(keyTextAt(range, lineText) ?? '')?.[0] ?? '';
    return { title: t('Change {0} to {1}', key, target), range, newText: `${quote}${target}${quote}` };
  });
}

function keyTextAt(range: SourceRange, lineText?: (line: number) => string | undefined): string | undefined {
  return lineText?.(range.start.line)?.slice(range.start.column - 1, range.end.column - 1);
}

function headlessServiceRule(
  sts: ObjRef,
  doc: RawDoc,
  set: SetIndex,
  input: RuleInput,
  t: Translate,
): Finding[] {
  const serviceName = str(obj(sts.body.spec).serviceName);
  if (!serviceName) return [];
  const { start } = ordinalsOf(sts);
  const example = podDnsName(`${sts.name}-${start}`, serviceName, sts.namespace);
  const service = set.service(sts.namespace, serviceName);
  let message: string;
  if (!service) {
    message = t(
      'No headless Service {0} in the simulated set: the Pods get no DNS names such as {1}. Create a Service with clusterIP: None — the StatefulSet does not create it.',
      serviceName,
      example,
    );
  } else if (!isHeadless(service)) {
    message = t(
      'Service {0} is not headless (clusterIP: None): the Pods get no DNS names such as {1}.',
      serviceName,
      example,
    );
  } else {
    return [];
  }
  return [
    {
      range: fieldRange(doc, ['spec', 'serviceName'], input.lineText),
      message,
      severity: 'warning',
      code: 'headless-service',
    },
  ];
}

function serviceSelectorRule(
  svc: ObjRef,
  doc: RawDoc,
  set: SetIndex,
  input: RuleInput,
  t: Translate,
): Finding[] {
  const selector = obj(obj(svc.body.spec).selector);
  if (Object.keys(strMap(selector)).length === 0) return [];
  if (set.selectsAny(svc.namespace, selector)) return [];
  return [
    {
      range: fieldRange(doc, ['spec', 'selector'], input.lineText),
      message: t(
        'No Pod or Pod template in the simulated set has the labels {0}: this Service gets no endpoints.',
        labelsText(strMap(selector)),
      ),
      severity: 'warning',
      code: 'service-selector',
    },
  ];
}

function servicePorts(svc: ObjRef): Array<{ port: number | undefined; name: string | undefined }> {
  return arr(obj(svc.body.spec).ports).map((p) => ({ port: num(obj(p).port), name: str(obj(p).name) }));
}

function ingressBackendRule(
  ing: ObjRef,
  doc: RawDoc,
  set: SetIndex,
  input: RuleInput,
  t: Translate,
): Finding[] {
  const out: Finding[] = [];
  const backends: Array<{ path: Array<string | number>; service: Obj }> = [];
  const spec = obj(ing.body.spec);
  if (isObj(obj(spec.defaultBackend).service))
    backends.push({
      path: ['spec', 'defaultBackend', 'service'],
      service: obj(obj(spec.defaultBackend).service),
    });
  arr(spec.rules).forEach((rule, i) =>
    arr(obj(obj(rule).http).paths).forEach((p, j) => {
      const service = obj(obj(p).backend).service;
      if (isObj(service))
        backends.push({ path: ['spec', 'rules', i, 'http', 'paths', j, 'backend', 'service'], service });
    }),
  );
  for (const b of backends) {
    const name = str(b.service.name);
    if (!name) continue;
    const svc = set.service(ing.namespace, name);
    if (!svc) {
      out.push({
        range: fieldRange(doc, [...b.path, 'name'], input.lineText),
        message: t('Service {0} is not in the simulated set: requests for this path get 503.', name),
        severity: 'warning',
        code: 'ingress-backend',
      });
      continue;
    }
    const port = obj(b.service.port);
    const ports = servicePorts(svc);
    const number = num(port.number);
    const portName = str(port.name);
    const listed = ports.map((p) => p.name ?? String(p.port ?? '')).join(', ') || '-';
    if (number !== undefined && !ports.some((p) => p.port === number)) {
      out.push({
        range: fieldRange(doc, [...b.path, 'port', 'number'], input.lineText),
        message: t(
          'Service {0} has no port {1} (its ports: {2}): requests for this path get 503.',
          name,
          number,
          ports.map((p) => String(p.port ?? '')).join(', ') || '-',
        ),
        severity: 'warning',
        code: 'ingress-backend',
      });
    } else if (portName !== undefined && !ports.some((p) => p.name === portName)) {
      out.push({
        range: fieldRange(doc, [...b.path, 'port', 'name'], input.lineText),
        message: t(
          'Service {0} has no port {1} (its ports: {2}): requests for this path get 503.',
          name,
          portName,
          listed,
        ),
        severity: 'warning',
        code: 'ingress-backend',
      });
    }
  }
  return out;
}

function canaryPrimaryRule(
  ing: ObjRef,
  doc: RawDoc,
  set: SetIndex,
  input: RuleInput,
  t: Translate,
): Finding[] {
  if (!isCanary(ing)) return [];
  const out: Finding[] = [];
  for (const p of ingressPaths(ing)) {
    if (set.primary(p)) continue;
    out.push({
      range: fieldRange(doc, ['spec', 'rules', p.rule, 'http', 'paths', p.index, 'path'], input.lineText),
      message: t(
        'Canary without a primary: no other Ingress serves host {0}, path {1} ({2}), so this canary is ignored.',
        p.host || t('(any host)'),
        p.path,
        p.pathType,
      ),
      severity: 'warning',
      code: 'canary-primary',
    });
  }
  return out;
}

function storageClassRule(o: ObjRef, doc: RawDoc, set: SetIndex, input: RuleInput, t: Translate): Finding[] {
  const classes = set.classes();
  const claims: Array<{ spec: Obj; path: Array<string | number> }> = [];
  if (o.kind === 'PersistentVolumeClaim') claims.push({ spec: obj(o.body.spec), path: ['spec'] });
  else
    arr(obj(o.body.spec).volumeClaimTemplates).forEach((vct, i) =>
      claims.push({ spec: obj(obj(vct).spec), path: ['spec', 'volumeClaimTemplates', i, 'spec'] }),
    );
  const out: Finding[] = [];
  for (const c of claims) {
    const name = str(c.spec.storageClassName);
    if (!name || classes.has(name)) continue;
    out.push({
      range: fieldRange(doc, [...c.path, 'storageClassName'], input.lineText),
      message: t(
        'StorageClass {0} does not exist in the simulated cluster (classes: {1}): the claim stays Pending.',
        name,
        [...classes.keys()].join(', ') || '-',
      ),
      severity: 'warning',
      code: 'storage-class',
    });
  }
  return out;
}

/** RS-SHAREDPVC + AM-RWO-ATTACH: replicas sharing one ReadWriteOnce claim across nodes. */
function multiAttachRule(o: ObjRef, doc: RawDoc, set: SetIndex, input: RuleInput, t: Translate): Finding[] {
  const pod = podSpecOf(o);
  if (!pod) return [];
  const volumes = arr(pod.spec.volumes);
  const out: Finding[] = [];
  const run = input.run;
  if (run) {
    const messages = multiAttachEvents(o, run);
    if (messages.length === 0) return [];
    volumes.forEach((v, i) => {
      const claimName = str(obj(obj(v).persistentVolumeClaim).claimName);
      if (!claimName) return;
      const volume = run.state.pvcs.find((c) => c.namespace === o.namespace && c.name === claimName)?.volume;
      const mine = volume ? messages.filter((m) => m.includes(`"${volume}"`)) : messages;
      if (mine.length === 0) return;
      out.push({
        range: fieldRange(
          doc,
          [...pod.path, 'volumes', i, 'persistentVolumeClaim', 'claimName'],
          input.lineText,
        ),
        message: t(
          'In the simulation: {0} — replicas on other nodes fail with a Multi-Attach error. Pin the Pods to one node with nodeSelector.',
          mine[0],
        ),
        severity: 'warning',
        code: 'multi-attach',
      });
    });
    return out;
  }
  for (const risk of sharedClaimRisks(o, set)) {
    out.push({
      range: fieldRange(
        doc,
        [...pod.path, 'volumes', risk.volume, 'persistentVolumeClaim', 'claimName'],
        input.lineText,
      ),
      message: t(
        '{0} replicas share the ReadWriteOnce claim {1} and may run on {2} nodes: replicas on other nodes will fail with a Multi-Attach error. Pin them to one node with nodeSelector.',
        risk.replicas,
        risk.claim,
        risk.nodes,
      ),
      severity: 'warning',
      code: 'multi-attach',
    });
  }
  return out;
}

/**
 * Claims of a ReplicaSet/Deployment template that its replicas share although they may land on
 * several nodes: ReadWriteOnce, of an attachable (not node-local) class, replicas ≥ 2 and no
 * nodeSelector / nodeName / node affinity narrowing them to one node.
 */
export function sharedClaimRisks(
  o: ObjRef,
  set: SetIndex,
): Array<{ volume: number; claim: string; replicas: number; nodes: number }> {
  const pod = podSpecOf(o);
  if (!pod || o.kind === 'Pod') return [];
  const replicas = num(obj(o.body.spec).replicas) ?? 1;
  if (replicas < 2) return [];
  const nodes = nodesFor(pod.spec, set.cluster);
  if (nodes.length < 2) return [];
  const classes = set.classes();
  const out: Array<{ volume: number; claim: string; replicas: number; nodes: number }> = [];
  arr(pod.spec.volumes).forEach((v, volume) => {
    const claimName = str(obj(obj(v).persistentVolumeClaim).claimName);
    if (!claimName) return;
    const claim = set.claim(o.namespace, claimName);
    if (!claim) return;
    const spec = obj(claim.body.spec);
    if (!arr(spec.accessModes).includes('ReadWriteOnce') || str(spec.volumeName)) return;
    const className = effectiveClass(spec, classes);
    const cls = className ? classes.get(className) : undefined;
    if (!cls || cls.nodeLocal) return;
    out.push({ volume, claim: claimName, replicas, nodes: nodes.length });
  });
  return out;
}

/** FailedAttachVolume messages of the Pods of a ReplicaSet or Deployment in a run. */
export function multiAttachEvents(o: ObjRef, run: RunFacts): string[] {
  const owners = new Map<string, string>();
  for (const inc of run.objects) {
    if (inc.kind === 'Pod' && inc.namespace === o.namespace && inc.owner)
      owners.set(inc.name, inc.owner.name);
  }
  const hashed = new RegExp(`^${o.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[4-9bcdf]{1,10}$`);
  const ownedBy = (rs: string | undefined): boolean =>
    rs !== undefined && (o.kind === 'ReplicaSet' ? rs === o.name : hashed.test(rs));
  const out: string[] = [];
  for (const e of run.events) {
    if (e.reason !== 'FailedAttachVolume' || e.object.kind !== 'Pod' || e.object.namespace !== o.namespace)
      continue;
    if (ownedBy(owners.get(e.object.name))) out.push(`${e.object.name}: ${e.message}`);
  }
  return out;
}
