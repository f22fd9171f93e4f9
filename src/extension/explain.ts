// What the hovers say (no vscode import, so that node tests can run it): which field is under the
// cursor (re-parsing the one YAML document that contains it), a short explanation of what that
// field does in the course's words, what it does HERE — computed from the manifests simulated
// together and, when a simulation covers the document, from the engine's state and events — and,
// where the course simplifies, a one-line note. The result is Markdown in which every name taken
// from a manifest is escaped (code spans, or backslash escapes), never trusted HTML.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { FieldPath, RawDoc } from '../engine/manifest';
import type { ClusterState, PodState } from '../engine/snapshot';
import type { ClusterConfig, Incarnation, SimEvent } from '../engine/types';
import { validateDoc } from '../engine/validation';
import { SetIndex } from './analysis/index-set';
import {
  ANNOTATION_PREFIX,
  CANARY_ANNOTATION,
  annotationsOf,
  canaryShare,
  goBool,
  ingressPaths,
  isCanary,
  primaryFor,
  type IngressPath,
} from './analysis/ingress';
import { clusterNodes, nodesFor } from './analysis/nodes';
import {
  arr,
  labelsMatch,
  labelsText,
  num,
  obj,
  objectRef,
  podSpecOf,
  str,
  strMap,
  type Obj,
  type ObjRef,
} from './analysis/objects';
import { isHeadless, ordinalsOf, podDnsName, selectedTemplates, serviceNamed } from './analysis/services';
import { multiAttachEvents, sharedClaimRisks } from './analysis/shared-claims';
import { effectiveClass, storageClassesOf, type ClassInfo } from './analysis/storage';
import type { Translate } from './analysis/types';

// ---------------------------------------------------------------------------------------------
// The field under the cursor

export interface FieldHit {
  /** Path from the document root to the node under the cursor (keys and list indexes). */
  path: Array<string | number>;
  /** Offsets (in the parsed text) of what the hover covers: the key and its scalar value, or the list item. */
  start: number;
  end: number;
}

const PARSE_OPTIONS = { version: '1.1', uniqueKeys: false, prettyErrors: false } as const;

function spanOf(node: unknown): [number, number] | null {
  const range = (node as Node | null)?.range;
  return range ? [range[0], range[1]] : null;
}

/**
 * The key path at `offset` of one YAML document's text: the innermost mapping key whose key or
 * value contains the offset, and the list item when the value is a list of scalars.
 */
export function fieldAt(text: string, offset: number): FieldHit | null {
  const doc = parseDocument(text, PARSE_OPTIONS);
  let node: unknown = doc.contents;
  const path: Array<string | number> = [];
  let hit: FieldHit | null = null;
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const key = spanOf(p.key);
        if (!key) return false;
        const end = spanOf(p.value)?.[1] ?? key[1];
        return offset >= key[0] && offset <= Math.max(end, key[1]);
      });
      if (!pair || !isScalar(pair.key)) break;
      const keySpan = spanOf(pair.key) ?? [0, 0];
      path.push(String(pair.key.value));
      const value = pair.value;
      const onKey = offset <= keySpan[1];
      const nested = isMap(value) || isSeq(value);
      const valueEnd = !nested ? (spanOf(value)?.[1] ?? keySpan[1]) : keySpan[1];
      hit = { path: [...path], start: keySpan[0], end: valueEnd };
      if (onKey || !nested) break;
      node = value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const span = spanOf(item);
        return span !== null && offset >= span[0] && offset <= span[1];
      });
      if (index < 0) break;
      path.push(index);
      const item: unknown = node.items[index];
      if (!isMap(item) && !isSeq(item)) {
        const span = spanOf(item);
        if (span) hit = { path: [...path], start: span[0], end: span[1] };
        break;
      }
      node = item;
    } else {
      break;
    }
  }
  return hit;
}

/** The document of a file that contains a 1-based line (docs in file order). */
export function docAtLine(docs: readonly RawDoc[], line: number): RawDoc | undefined {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = docs[mid];
    if (line < d.source.start.line) hi = mid - 1;
    else if (line > d.source.end.line) lo = mid + 1;
    else return d;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Backslash-escapes Markdown punctuation and neutralises HTML in text taken from a manifest. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+!|~>]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');
}

/** Characters a code span shows as they are; anything else is backslash-escaped text instead. */
const PLAIN = /^[\w.\-/:*=,@%+~… ]+$/u;

/** A name from a manifest as a code span (escaped text when it has unusual characters). */
export function code(text: string | number): string {
  const s = String(text);
  if (s.length > 0 && s.length <= 300 && PLAIN.test(s) && s.trim() === s) return '`' + s + '`';
  return escapeMarkdown(s.length > 300 ? `${s.slice(0, 300)}…` : s);
}

/** `a` → `b` → `c`, long lists shortened to the first three and the last two. */
function chain(names: readonly string[], separator = ' → '): string {
  const shown =
    names.length > 7 ? [...names.slice(0, 3).map(code), '…', ...names.slice(-2).map(code)] : names.map(code);
  return shown.join(separator);
}

function list(names: readonly string[]): string {
  return chain(names, ', ');
}

// ---------------------------------------------------------------------------------------------
// Explanations

export interface RunView {
  state: ClusterState;
  events: SimEvent[];
  objects: Incarnation[];
}

export interface ExplainContext {
  t: Translate;
  /** The objects simulated together with this document (its own included). */
  set: ObjRef[];
  cluster: ClusterConfig;
  /** The simulation, when it covers this version of the document. */
  run: RunView | null;
}

export interface Explanation {
  /** The field as written, e.g. `replicas` or the annotation key. */
  field: string;
  /** Kind of the object the field belongs to. */
  kind: string;
  /** What the field does (Markdown). */
  what: string;
  /** What it does here (Markdown list items). */
  here: string[];
  /** Problems found (Markdown list items). */
  warnings: string[];
  /** Where the course simplifies (Markdown). */
  notes: string[];
  /** Whether a simulation would add to `here`. */
  dynamic: boolean;
}

type FieldId =
  | 'kind'
  | 'replicas'
  | 'serviceName'
  | 'volumeClaimTemplates'
  | 'podManagementPolicy'
  | 'retention'
  | 'updateStrategy'
  | 'selector'
  | 'nodeSelector'
  | 'accessModes'
  | 'storageClassName'
  | 'clusterIP'
  | 'ingressClassName'
  | 'host'
  | 'path'
  | 'pathType'
  | 'tls'
  | 'secretName'
  | 'canary'
  | 'terminationGracePeriodSeconds';

interface Match {
  id: FieldId;
  /** Path of the field itself (the hovered node may be inside it). */
  path: Array<string | number>;
}

interface Pattern {
  kinds: readonly string[] | '*';
  pattern: string;
  id: FieldId;
  /** Also for the keys and items inside the field. */
  deep?: boolean;
}

const WORKLOAD = ['StatefulSet', 'ReplicaSet', 'Deployment'];
const TEMPLATE = 'spec.template.spec';
const VCT = 'spec.volumeClaimTemplates.#';

const PATTERNS: readonly Pattern[] = [
  { kinds: '*', pattern: 'kind', id: 'kind' },
  { kinds: WORKLOAD, pattern: 'spec.replicas', id: 'replicas' },
  { kinds: ['StatefulSet'], pattern: 'spec.serviceName', id: 'serviceName' },
  { kinds: ['StatefulSet'], pattern: `${VCT}.spec.accessModes`, id: 'accessModes', deep: true },
  { kinds: ['StatefulSet'], pattern: `${VCT}.spec.storageClassName`, id: 'storageClassName' },
  { kinds: ['StatefulSet'], pattern: 'spec.volumeClaimTemplates', id: 'volumeClaimTemplates' },
  { kinds: ['StatefulSet'], pattern: VCT, id: 'volumeClaimTemplates' },
  { kinds: ['StatefulSet'], pattern: `${VCT}.metadata`, id: 'volumeClaimTemplates', deep: true },
  { kinds: ['StatefulSet'], pattern: 'spec.podManagementPolicy', id: 'podManagementPolicy' },
  {
    kinds: ['StatefulSet'],
    pattern: 'spec.persistentVolumeClaimRetentionPolicy',
    id: 'retention',
    deep: true,
  },
  { kinds: ['StatefulSet'], pattern: 'spec.updateStrategy', id: 'updateStrategy', deep: true },
  { kinds: [...WORKLOAD, 'Service'], pattern: 'spec.selector', id: 'selector', deep: true },
  { kinds: WORKLOAD, pattern: `${TEMPLATE}.nodeSelector`, id: 'nodeSelector', deep: true },
  { kinds: ['Pod'], pattern: 'spec.nodeSelector', id: 'nodeSelector', deep: true },
  {
    kinds: WORKLOAD,
    pattern: `${TEMPLATE}.terminationGracePeriodSeconds`,
    id: 'terminationGracePeriodSeconds',
  },
  { kinds: ['Pod'], pattern: 'spec.terminationGracePeriodSeconds', id: 'terminationGracePeriodSeconds' },
  {
    kinds: ['PersistentVolumeClaim', 'PersistentVolume'],
    pattern: 'spec.accessModes',
    id: 'accessModes',
    deep: true,
  },
  {
    kinds: ['PersistentVolumeClaim', 'PersistentVolume'],
    pattern: 'spec.storageClassName',
    id: 'storageClassName',
  },
  { kinds: ['Service'], pattern: 'spec.clusterIP', id: 'clusterIP' },
  { kinds: ['Ingress'], pattern: 'spec.ingressClassName', id: 'ingressClassName' },
  { kinds: ['Ingress'], pattern: 'spec.rules.#.host', id: 'host' },
  { kinds: ['Ingress'], pattern: 'spec.rules.#.http.paths.#.path', id: 'path' },
  { kinds: ['Ingress'], pattern: 'spec.rules.#.http.paths.#.pathType', id: 'pathType' },
  { kinds: ['Ingress'], pattern: 'spec.tls.#.secretName', id: 'secretName' },
  { kinds: ['Ingress'], pattern: 'spec.tls', id: 'tls', deep: true },
];

/** Which taught field a path is (or is inside), for an object of `kind`. */
export function classify(kind: string, path: readonly (string | number)[]): Match | null {
  if (
    kind === 'Ingress' &&
    path[0] === 'metadata' &&
    path[1] === 'annotations' &&
    typeof path[2] === 'string' &&
    path[2].startsWith(CANARY_ANNOTATION)
  )
    return { id: 'canary', path: path.slice(0, 3) };
  if (path.some((s) => typeof s === 'string' && (s.includes('.') || s === '#'))) return null;
  const segments = path.map((s) => (typeof s === 'number' ? '#' : s));
  for (const p of PATTERNS) {
    if (p.kinds !== '*' && !p.kinds.includes(kind)) continue;
    const want = p.pattern.split('.');
    if (segments.length < want.length || (!p.deep && segments.length !== want.length)) continue;
    if (want.every((w, i) => w === segments[i])) return { id: p.id, path: path.slice(0, want.length) };
  }
  return null;
}

function get(body: unknown, path: FieldPath): unknown {
  let v: unknown = body;
  for (const seg of path) {
    if (typeof seg === 'number') v = arr(v)[seg];
    else v = obj(v)[seg];
  }
  return v;
}

/** The explanation of the field at `path` of the object `body`, or null when it is not a taught field. */
export function explainField(
  body: unknown,
  path: readonly (string | number)[],
  ctx: ExplainContext,
): Explanation | null {
  const self = objectRef(body);
  if (!self) return null;
  const match = classify(self.kind, path);
  if (!match) return null;
  const own = ctx.set.find((o) => o.body === body) ?? self;
  const last = match.path[match.path.length - 1];
  const e: Explanation = {
    field: String(last),
    kind: self.kind,
    what: '',
    here: [],
    warnings: [],
    notes: [],
    dynamic: false,
  };
  const b = new Builder(ctx, own, match, e);
  b.build();
  return e.what === '' ? null : e;
}

/** Renders an explanation; `simulateLink` is the command URI offered when no simulation covers the document. */
export function renderExplanation(e: Explanation, t: Translate, simulateLink: string | null): string {
  const parts: string[] = [`**${code(e.field)}** · ${escapeMarkdown(e.kind)}`, e.what];
  if (e.warnings.length > 0) parts.push(e.warnings.map((w) => `- ⚠️ ${w}`).join('\n'));
  if (e.here.length > 0) parts.push(`**${t('Here')}**\n\n${e.here.map((h) => `- ${h}`).join('\n')}`);
  for (const n of e.notes) parts.push(`*${t('Where the course simplifies:')}* ${n}`);
  if (simulateLink !== null && e.dynamic) parts.push(`[${t('Simulate to see more')}](${simulateLink})`);
  return parts.join('\n\n');
}

class Builder {
  private readonly t: Translate;

  constructor(
    private readonly ctx: ExplainContext,
    private readonly self: ObjRef,
    private readonly match: Match,
    private readonly e: Explanation,
  ) {
    this.t = ctx.t;
  }

  private value(): unknown {
    return get(this.self.body, this.match.path);
  }

  build(): void {
    switch (this.match.id) {
      case 'kind':
        return this.kind();
      case 'replicas':
        return this.replicas();
      case 'serviceName':
        return this.serviceName();
      case 'volumeClaimTemplates':
        return this.volumeClaimTemplates();
      case 'podManagementPolicy':
        return this.podManagementPolicy();
      case 'retention':
        return this.retention();
      case 'updateStrategy':
        return this.updateStrategy();
      case 'selector':
        return this.selector();
      case 'nodeSelector':
        return this.nodeSelector();
      case 'accessModes':
        return this.accessModes();
      case 'storageClassName':
        return this.storageClassName();
      case 'clusterIP':
        return this.clusterIP();
      case 'ingressClassName':
        return this.ingressClassName();
      case 'host':
        return this.host();
      case 'path':
      case 'pathType':
        return this.path();
      case 'tls':
      case 'secretName':
        return this.tls();
      case 'canary':
        return this.canary();
      case 'terminationGracePeriodSeconds':
        return this.grace();
    }
  }

  // --- simulation facts ------------------------------------------------------------------------

  private podsOwned(): PodState[] {
    const run = this.ctx.run;
    if (!run) return [];
    const s = this.self;
    const hashed = new RegExp(`^${s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[4-9bcdf]{1,10}$`);
    return run.state.pods.filter((p) => {
      if (p.namespace !== s.namespace) return false;
      if (s.kind === 'Pod') return p.name === s.name;
      if (!p.owner) return false;
      if (s.kind === 'Deployment') return p.owner.kind === 'ReplicaSet' && hashed.test(p.owner.name);
      return p.owner.kind === s.kind && p.owner.name === s.name;
    });
  }

  private podLines(pods: PodState[]): string[] {
    const t = this.t;
    const shown = pods.length > 8 ? pods.slice(0, 8) : pods;
    const lines = shown.map((p) =>
      p.node
        ? t('{0}: {1} on {2}', code(p.name), escapeMarkdown(p.status), code(p.node))
        : t('{0}: {1}, not scheduled', code(p.name), escapeMarkdown(p.status)),
    );
    if (pods.length > shown.length) lines.push(t('… and {0} more', pods.length - shown.length));
    return lines;
  }

  /** `web-0 (0s) → web-1 (3s)`: the order the StatefulSet created its Pods in. */
  private creationOrder(): string | null {
    const run = this.ctx.run;
    if (!run) return null;
    const created: string[] = [];
    for (const ev of run.events) {
      if (ev.reason !== 'SuccessfulCreate' || ev.object.kind !== this.self.kind) continue;
      if (ev.object.name !== this.self.name || ev.object.namespace !== this.self.namespace) continue;
      const m =
        /^create Pod (\S+) in StatefulSet /.exec(ev.message) ?? /^Created pod: (\S+)$/.exec(ev.message);
      if (m) created.push(`${code(m[1])} (${formatSeconds(ev.t)})`);
    }
    if (created.length === 0) return null;
    return (created.length > 7 ? [...created.slice(0, 3), '…', ...created.slice(-2)] : created).join(' → ');
  }

  private classes(): Map<string, ClassInfo> {
    return storageClassesOf(this.ctx.set, this.ctx.cluster);
  }

  private classLine(info: ClassInfo): string {
    const t = this.t;
    const binding =
      info.bindingMode === 'WaitForFirstConsumer'
        ? t('the volume is made when the first Pod using the claim is scheduled, on that node')
        : t('the volume is made as soon as the claim exists');
    const placement = info.nodeLocal
      ? t('node-local: the volume stays on one node and its Pods are scheduled there')
      : t('attachable: the volume follows the Pod to its node, one node at a time for ReadWriteOnce');
    return t(
      'StorageClass {0}: provisioner {1}, {2} ({3}); {4}.',
      code(info.name) + (info.isDefault ? ` ${t('(default)')}` : ''),
      code(info.provisioner),
      code(info.bindingMode),
      binding,
      placement,
    );
  }

  private sameNodeNote(info: ClassInfo | undefined): void {
    if (info && info.nodeLocal) return;
    this.e.notes.push(
      this.t(
        'The course says a StatefulSet makes each Pod and its PVC on the same node. That holds for node-local volumes (e.g. local-path with WaitForFirstConsumer); with {0} ({1}) the volume is attached to whichever node the Pod is scheduled on.',
        code(info?.name ?? '-'),
        code(info?.provisioner ?? '-'),
      ),
    );
  }

  private ingressNote(): void {
    if (this.ctx.cluster.ingressController === 'none') return;
    this.e.notes.push(
      this.t(
        'The course says an Ingress alone does nothing — true without an Ingress Controller. This simulated cluster has ingress-nginx installed; a Scenario with cluster.ingressController: none shows the other case.',
      ),
    );
  }

  // --- StatefulSet / ReplicaSet / Deployment --------------------------------------------------------

  private kind(): void {
    const t = this.t;
    const s = this.self;
    const e = this.e;
    const result = s.doc ? validateDoc(s.doc) : null;
    if (result && result.ok === 'not-simulated') {
      e.what = t(
        '{0} ({1}) is not simulated: K8s Sim leaves it out and models no controller for it.',
        code(s.kind),
        code(result.item.apiVersion),
      );
      return;
    }
    switch (s.kind) {
      case 'StatefulSet':
        e.what = t(
          'A controller for Stateful Applications: each Pod gets a fixed name (`<name>-0`, `-1`, …) and its own PVC from volumeClaimTemplates, and a deleted Pod comes back under the same name.',
        );
        this.workloadHere();
        return;
      case 'ReplicaSet':
        e.what = t(
          'A controller for Stateless Applications: it keeps `replicas` Pods with random names (`<name>-xxxxx`), creates missing ones all at once and replaces a deleted Pod under a new name.',
        );
        this.workloadHere();
        return;
      case 'Deployment':
        e.what = t(
          'Manages ReplicaSets (`<name>-<hash>`): a template change starts a new ReplicaSet and moves the Pods over to it.',
        );
        this.workloadHere();
        return;
      case 'Pod':
        e.what = t('A single Pod, created as written; no controller re-creates it when it is deleted.');
        e.dynamic = true;
        e.here.push(...this.podLines(this.podsOwned()));
        return;
      case 'Service':
        e.what = isHeadless(s)
          ? t(
              'A headless Service (clusterIP: None): no virtual IP; its DNS name gives the IPs of the ready Pods, and StatefulSet Pods that name it in serviceName get names of their own.',
            )
          : t(
              'Gives the Pods matching its selector one stable name and virtual IP (ClusterIP), spreading requests over the ready ones.',
            );
        this.serviceHere();
        return;
      case 'Ingress':
        e.what = t(
          'Host and path rules that an Ingress Controller (here ingress-nginx) applies to route requests from outside to Services.',
        );
        this.servedHere();
        this.ingressNote();
        return;
      case 'PersistentVolumeClaim':
        e.what = t(
          'A request for storage that a Pod mounts; the StorageClass named by the claim makes the volume (dynamic provisioning).',
        );
        this.claimClassHere(obj(s.body.spec), [s.name]);
        return;
      case 'PersistentVolume':
        e.what = t('A volume of the cluster, bound to one claim at a time.');
        return;
      case 'StorageClass': {
        e.what = t(
          'Which provisioner makes the volumes of the claims that name this class, and when (volumeBindingMode).',
        );
        const info = this.classes().get(s.name);
        if (info) e.here.push(this.classLine(info));
        return;
      }
      case 'Secret':
        e.what = t(
          'Keeps data such as a TLS certificate (type kubernetes.io/tls: tls.crt and tls.key) that an Ingress names in tls.secretName.',
        );
        return;
      default:
        e.what = t('{0} is stored in the simulated cluster; no controller acts on it.', code(s.kind));
    }
  }

  private workloadHere(): void {
    if (this.self.kind === 'StatefulSet') this.statefulSetHere();
    else this.replicaSetHere();
  }

  private replicas(): void {
    const t = this.t;
    if (this.self.kind === 'StatefulSet') {
      this.e.what = t(
        'How many Pods the StatefulSet keeps. Pods are named `<name>-<ordinal>` from 0; with OrderedReady they are created one at a time, each after the previous is Running and Ready, and scaling down removes the highest ordinal first.',
      );
      this.statefulSetHere();
    } else {
      this.e.what = t(
        'How many Pods the controller keeps. Missing Pods are created all at once with random names; a Terminating Pod no longer counts, so its replacement starts at once.',
      );
      this.replicaSetHere();
    }
  }

  private podNames(): string[] {
    const { start, replicas } = ordinalsOf(this.self);
    const names: string[] = [];
    const n = Math.max(0, Math.min(replicas, 100000));
    const pick = n > 7 ? [0, 1, 2, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    for (const i of pick) names.push(`${this.self.name}-${start + i}`);
    if (n > 7) names.splice(3, 0, '…');
    return names;
  }

  private statefulSetHere(): void {
    const t = this.t;
    const e = this.e;
    const s = this.self;
    const spec = obj(s.body.spec);
    const names = this.podNames();
    const render = (list: string[], sep: string): string =>
      list.map((n) => (n === '…' ? '…' : code(n))).join(sep);
    e.dynamic = true;
    if (names.length === 0) {
      e.here.push(t('No Pods: replicas is 0.'));
    } else if (spec.podManagementPolicy === 'Parallel') {
      e.here.push(t('Pods {0}, all created at once (Parallel).', render(names, ', ')));
    } else {
      e.here.push(t('Pods {0}, each after the previous is Running and Ready.', render(names, ' → ')));
    }
    const templates = arr(spec.volumeClaimTemplates)
      .map((v) => str(obj(obj(v).metadata).name))
      .filter((n): n is string => !!n);
    if (templates.length > 0 && names.length > 0) {
      const claims = templates.flatMap((tpl) => names.map((n) => (n === '…' ? '…' : `${tpl}-${n}`)));
      e.here.push(t('Claims {0}, each created just before its Pod and kept for it.', render(claims, ', ')));
    }
    if (names.length > 0) {
      const reversed = [...names].reverse();
      e.here.push(t('Scaling to 0 removes {0}, one at a time.', render(reversed, ' → ')));
    }
    const order = this.creationOrder();
    if (order) e.here.push(t('In the simulation: created {0}.', order));
    e.here.push(...this.podLines(this.podsOwned()));
  }

  private replicaSetHere(): void {
    const t = this.t;
    const e = this.e;
    const s = this.self;
    const replicas = num(obj(s.body.spec).replicas) ?? 1;
    e.dynamic = true;
    const pattern = s.kind === 'Deployment' ? `${s.name}-<hash>-xxxxx` : `${s.name}-xxxxx`;
    e.here.push(
      t('{0} Pods named {1} (5 random characters), created together, in no order.', replicas, code(pattern)),
    );
    const pod = podSpecOf(s);
    const claims = arr(pod?.spec.volumes)
      .map((v) => str(obj(obj(v).persistentVolumeClaim).claimName))
      .filter((n): n is string => !!n);
    for (const claim of claims)
      e.here.push(t('All of them mount the same claim {0} (no claim per Pod).', code(claim)));
    const run = this.ctx.run;
    if (run) {
      const failures = multiAttachEvents(s, {
        events: run.events,
        objects: run.objects,
        rejected: [],
        state: run.state,
      });
      if (failures.length > 0) e.warnings.push(t('In the simulation: {0}', escapeMarkdown(failures[0])));
    } else {
      for (const risk of sharedClaimRisks(s, new SetIndex(this.ctx.set, this.ctx.cluster)))
        e.warnings.push(
          t(
            '{0} replicas share the ReadWriteOnce claim {1} and may run on {2} nodes: replicas on other nodes will fail with a Multi-Attach error. Pin them to one node with nodeSelector.',
            risk.replicas,
            code(risk.claim),
            risk.nodes,
          ),
        );
    }
    e.here.push(...this.podLines(this.podsOwned()));
  }

  private serviceName(): void {
    const t = this.t;
    const e = this.e;
    const s = this.self;
    const serviceName = str(this.value()) ?? '';
    e.what = t(
      'Names the headless Service that gives each Pod a DNS name `<pod>.<serviceName>.<namespace>.svc.cluster.local`, so another Pod can reach one chosen Pod. The StatefulSet does not create that Service; you do.',
    );
    if (!serviceName) return;
    e.dynamic = true;
    const names = this.podNames().filter((n) => n !== '…');
    const dns = names.map((n) => podDnsName(n, serviceName, s.namespace));
    if (dns.length > 0) e.here.push(t('DNS names: {0}', list(dns)));
    if (names.length > 0)
      e.here.push(
        t(
          'From a Pod in namespace {0}, the short form {1} works too (DNS search path).',
          code(s.namespace),
          code(`${names[0]}.${serviceName}`),
        ),
      );
    const service = serviceNamed(this.ctx.set, s.namespace, serviceName);
    if (!service) {
      e.warnings.push(
        t(
          'No headless Service {0} in the simulated set: these names do not resolve. Create a Service with clusterIP: None — the StatefulSet does not create it.',
          code(serviceName),
        ),
      );
    } else if (!isHeadless(service)) {
      e.warnings.push(
        t('Service {0} is not headless (clusterIP: None): these names do not resolve.', code(serviceName)),
      );
    } else {
      const pod = podSpecOf(s);
      if (pod && !labelsMatch(obj(obj(service.body.spec).selector), pod.labels, true))
        e.warnings.push(
          t(
            'Service {0} does not select these Pods (selector {1}): these names do not resolve.',
            code(serviceName),
            code(labelsText(strMap(obj(service.body.spec).selector))),
          ),
        );
    }
    const run = this.ctx.run;
    const svc = run?.state.services.find((x) => x.namespace === s.namespace && x.name === serviceName);
    if (svc) {
      const mine = new Set(this.podsOwned().map((p) => p.name));
      for (const ep of svc.endpoints.filter((x) => mine.has(x.pod)))
        e.here.push(
          t(
            '{0} → {1} ({2})',
            code(podDnsName(ep.pod, serviceName, s.namespace)),
            code(ep.ip),
            ep.ready ? t('ready') : t('not ready: no answer yet'),
          ),
        );
    }
  }

  private volumeClaimTemplates(): void {
    const t = this.t;
    const e = this.e;
    const s = this.self;
    e.what = t(
      'PVC templates: for every Pod the StatefulSet creates a claim `<template>-<pod>` just before the Pod, and a re-created Pod gets the same claim (and data) back.',
    );
    e.dynamic = true;
    const names = this.podNames();
    const classes = this.classes();
    let firstClass: ClassInfo | undefined;
    arr(obj(s.body.spec).volumeClaimTemplates).forEach((raw) => {
      const tpl = obj(raw);
      const name = str(obj(tpl.metadata).name);
      if (!name) return;
      const claims = names.map((n) => (n === '…' ? '…' : `${name}-${n}`));
      if (claims.length > 0)
        e.here.push(t('Claims {0}', claims.map((c) => (c === '…' ? '…' : code(c))).join(', ')));
      const className = effectiveClass(obj(tpl.spec), classes);
      const info = className ? classes.get(className) : undefined;
      if (info) {
        e.here.push(this.classLine(info));
        firstClass ??= info;
      }
    });
    this.retentionHere();
    const run = this.ctx.run;
    if (run) {
      const mine = run.state.pvcs.filter(
        (c) => c.namespace === s.namespace && c.owner === null && this.isTemplateClaim(c.name),
      );
      const owned = run.state.pvcs.filter(
        (c) => c.namespace === s.namespace && c.owner !== null && this.isTemplateClaim(c.name),
      );
      for (const c of [...mine, ...owned].slice(0, 8))
        e.here.push(t('{0}: {1}, volume {2}', code(c.name), escapeMarkdown(c.status), code(c.volume ?? '-')));
    }
    this.sameNodeNote(firstClass);
    this.keptNote();
  }

  private isTemplateClaim(claim: string): boolean {
    return arr(obj(this.self.body.spec).volumeClaimTemplates).some((raw) => {
      const name = str(obj(obj(raw).metadata).name);
      return !!name && claim.startsWith(`${name}-${this.self.name}-`);
    });
  }

  private retentionPolicy(): { whenDeleted: string; whenScaled: string } {
    const p = obj(obj(this.self.body.spec).persistentVolumeClaimRetentionPolicy);
    return { whenDeleted: str(p.whenDeleted) ?? 'Retain', whenScaled: str(p.whenScaled) ?? 'Retain' };
  }

  private retentionHere(): void {
    const t = this.t;
    const { whenDeleted, whenScaled } = this.retentionPolicy();
    this.e.here.push(
      whenScaled === 'Delete'
        ? t('Scaling down deletes the claims of the removed Pods (whenScaled: Delete).')
        : t('Scaling down keeps the claims; a Pod that comes back gets its old claim (whenScaled: Retain).'),
      whenDeleted === 'Delete'
        ? t('Deleting the StatefulSet deletes its claims (whenDeleted: Delete).')
        : t('Deleting the StatefulSet keeps its claims; you delete them yourself (whenDeleted: Retain).'),
    );
  }

  private keptNote(): void {
    if (this.retentionPolicy().whenScaled !== 'Retain') return;
    this.e.notes.push(
      this.t(
        'The course says PVCs are never deleted with the Pods — true with the default policy (Retain); persistentVolumeClaimRetentionPolicy can delete them.',
      ),
    );
  }

  private podManagementPolicy(): void {
    const t = this.t;
    this.e.what = t(
      'OrderedReady (default): Pods are created one at a time in ordinal order, each after the previous is Running and Ready, and removed from the highest ordinal down. Parallel: all at once, without waiting.',
    );
    this.statefulSetHere();
  }

  private retention(): void {
    this.e.what = this.t(
      'What happens to the claims made from volumeClaimTemplates: whenDeleted (the StatefulSet is deleted) and whenScaled (scale-down), each Retain (default) or Delete.',
    );
    this.retentionHere();
    this.keptNote();
  }

  private updateStrategy(): void {
    const t = this.t;
    const e = this.e;
    const spec = obj(this.self.body.spec);
    const strategy = obj(spec.updateStrategy);
    e.what = t(
      'RollingUpdate (default): on a template change the Pods are replaced from the highest ordinal down, one at a time, each after the previous is Ready again; Pods below partition keep the old template. OnDelete: only the Pods you delete get the new template.',
    );
    if (strategy.type === 'OnDelete') {
      e.here.push(t('A template change replaces no Pod until you delete it.'));
      return;
    }
    const partition = num(obj(strategy.rollingUpdate).partition) ?? 0;
    const { start } = ordinalsOf(this.self);
    const names = this.podNames().filter((n) => {
      const ordinal = Number(n.slice(this.self.name.length + 1));
      return n === '…' || !(ordinal < start + partition);
    });
    if (names.length === 0) e.here.push(t('partition {0}: a template change reaches no Pod.', partition));
    else
      e.here.push(
        t(
          'A template change replaces {0}.',
          [...names]
            .reverse()
            .map((n) => (n === '…' ? '…' : code(n)))
            .join(' → '),
        ),
      );
  }

  // --- selection and scheduling --------------------------------------------------------------------------

  private selector(): void {
    const t = this.t;
    const e = this.e;
    if (this.self.kind === 'Service') {
      e.what = t('Which Pods receive this Service’s requests: every Pod whose labels include all of these.');
      this.serviceHere();
      return;
    }
    e.what = t(
      'Which Pods the controller counts as its own. It must match the labels of the template, or the API server refuses the object.',
    );
    const pod = podSpecOf(this.self);
    const selector = obj(obj(this.self.body.spec).selector);
    if (pod && labelsMatch(selector, pod.labels, false))
      e.here.push(t('Matches the template labels {0}.', code(labelsText(pod.labels))));
    else if (pod)
      e.warnings.push(
        t('Does not match the template labels {0}: the object is refused.', code(labelsText(pod.labels))),
      );
  }

  private serviceHere(): void {
    const t = this.t;
    const e = this.e;
    const s = this.self;
    const selector = obj(obj(s.body.spec).selector);
    e.dynamic = true;
    if (Object.keys(strMap(selector)).length === 0) {
      e.here.push(t('No selector: no endpoints are kept for this Service.'));
      return;
    }
    const matched = selectedTemplates(this.ctx.set, s.namespace, selector);
    if (matched.length > 0)
      e.here.push(t('Selects the Pods of {0}.', list(matched.map((m) => `${m.kind}/${m.name}`))));
    else
      e.warnings.push(
        t(
          'No Pod or Pod template in the simulated set has the labels {0}: this Service gets no endpoints.',
          code(labelsText(strMap(selector))),
        ),
      );
    if (isHeadless(s)) {
      const users = this.ctx.set.filter(
        (o) =>
          o.kind === 'StatefulSet' && o.namespace === s.namespace && obj(o.body.spec).serviceName === s.name,
      );
      for (const sts of users) {
        const { start } = ordinalsOf(sts);
        e.here.push(
          t(
            'StatefulSet {0} names it in serviceName: {1}',
            code(sts.name),
            code(podDnsName(`${sts.name}-${start}`, s.name, s.namespace)),
          ),
        );
      }
    }
    const svc = this.ctx.run?.state.services.find((x) => x.namespace === s.namespace && x.name === s.name);
    if (svc) {
      e.here.push(
        svc.endpoints.length > 0
          ? t(
              'In the simulation: ClusterIP {0}, endpoints {1}',
              code(svc.clusterIP),
              svc.endpoints
                .map((ep) => `${code(ep.pod)} ${code(ep.ip)}${ep.ready ? '' : ` (${t('not ready')})`}`)
                .join(', '),
            )
          : t('In the simulation: ClusterIP {0}, no endpoints', code(svc.clusterIP)),
      );
    }
  }

  private nodeSelector(): void {
    const t = this.t;
    const e = this.e;
    e.what = t('The Pods are scheduled only on nodes that have all of these labels.');
    const pod = podSpecOf(this.self);
    if (!pod) return;
    e.dynamic = true;
    const nodes = nodesFor(pod.spec, this.ctx.cluster);
    const all = clusterNodes(this.ctx.cluster);
    if (nodes.length > 0)
      e.here.push(
        t('Matching nodes: {0} (of {1}).', list(nodes.map((n) => n.name)), list(all.map((n) => n.name))),
      );
    else
      e.warnings.push(
        t(
          'No node of the simulated cluster matches: the Pods stay Pending (FailedScheduling: 0/{0} nodes are available).',
          all.length,
        ),
      );
    const placed = this.podsOwned().filter((p) => p.node);
    if (placed.length > 0)
      e.here.push(
        t('In the simulation: {0}', placed.map((p) => `${code(p.name)} → ${code(p.node ?? '')}`).join(', ')),
      );
    if (this.self.kind === 'ReplicaSet' || this.self.kind === 'Deployment') {
      const hasClaim = arr(pod.spec.volumes).some((v) => str(obj(obj(v).persistentVolumeClaim).claimName));
      if (hasClaim) this.rwoNote();
    }
  }

  private rwoNote(): void {
    const classes = this.classes();
    const def = [...classes.values()].find((c) => c.isDefault) ?? [...classes.values()][0];
    if (def?.nodeLocal) return;
    this.e.notes.push(
      this.t(
        'The course says the Pod must run on the node where the PVC was made. That holds for node-local volumes; a volume of {0} can be attached to any node, but a ReadWriteOnce one to one node at a time, so replicas on a second node fail with a Multi-Attach error — hence the nodeSelector.',
        code(def?.provisioner ?? '-'),
      ),
    );
  }

  private grace(): void {
    const t = this.t;
    const e = this.e;
    const written = num(this.value());
    const seconds = written ?? 30;
    e.what = t(
      'How long a deleted Pod may take to stop: its containers get SIGTERM and are killed when the period runs out (default 30 s). The Pod shows Terminating meanwhile.',
    );
    const exit = this.ctx.cluster.timing.sigtermExit;
    if (exit === null || exit >= seconds)
      e.here.push(
        t(
          'A deleted Pod is Terminating for {0} s here: the container does not stop on SIGTERM (as kubetm/app), so it is killed when the period ends.',
          seconds,
        ),
      );
    else e.here.push(t('A deleted Pod is Terminating for {0} s here: its container exits on SIGTERM.', exit));
    const stay = exit === null ? seconds : Math.min(exit, seconds);
    if (this.self.kind === 'StatefulSet')
      e.here.push(
        t('The StatefulSet re-creates it under the same name only after it is gone, {0} s later.', stay),
      );
    else if (this.self.kind === 'ReplicaSet' || this.self.kind === 'Deployment')
      e.here.push(t('The ReplicaSet starts a replacement at once; the old Pod stays Terminating meanwhile.'));
  }

  // --- storage ---------------------------------------------------------------------------------------------

  private accessModes(): void {
    const t = this.t;
    const e = this.e;
    const modes = arr(this.value()).map(String);
    e.what = t(
      'ReadWriteOnce: read-write by the Pods of one node at a time. ReadOnlyMany / ReadWriteMany: by many nodes. ReadWriteOncePod: by a single Pod in the whole cluster.',
    );
    const spec = this.claimSpec();
    const classes = this.classes();
    const className = spec ? effectiveClass(spec, classes) : null;
    const info = className ? classes.get(className) : undefined;
    if (modes.includes('ReadWriteOnce') && info) {
      e.here.push(
        info.nodeLocal
          ? t(
              '{0} is node-local: every Pod using this volume runs on its node, so ReadWriteOnce never conflicts.',
              code(info.name),
            )
          : t(
              '{0} ({1}) makes attachable volumes: a second node that needs this ReadWriteOnce volume gets a Multi-Attach error while the first node uses it.',
              code(info.name),
              code(info.provisioner),
            ),
      );
    }
    if (modes.includes('ReadWriteOncePod'))
      e.here.push(t('Only one Pod can use the claim; any other Pod using it stays Pending.'));
    if (this.self.kind === 'StatefulSet')
      e.here.push(t('Each Pod has a claim of its own, so ReadWriteOnce is enough for a StatefulSet.'));
    if (this.self.kind === 'PersistentVolumeClaim') {
      const users = this.ctx.set.filter((o) => {
        if (o.kind !== 'ReplicaSet' && o.kind !== 'Deployment') return false;
        if (o.namespace !== this.self.namespace) return false;
        return arr(podSpecOf(o)?.spec.volumes).some(
          (v) => obj(obj(v).persistentVolumeClaim).claimName === this.self.name,
        );
      });
      for (const u of users) {
        const replicas = num(obj(u.body.spec).replicas) ?? 1;
        e.here.push(
          t('{0} {1} shares it among {2} replicas.', escapeMarkdown(u.kind), code(u.name), replicas),
        );
      }
      if (users.length > 0) this.rwoNote();
    }
  }

  private claimSpec(): Obj | null {
    const p = this.match.path;
    if (this.self.kind === 'StatefulSet' && p[1] === 'volumeClaimTemplates' && typeof p[2] === 'number')
      return obj(obj(arr(obj(this.self.body.spec).volumeClaimTemplates)[p[2]]).spec);
    if (this.self.kind === 'PersistentVolumeClaim') return obj(this.self.body.spec);
    return null;
  }

  private storageClassName(): void {
    const t = this.t;
    const e = this.e;
    e.what = t(
      'The StorageClass whose provisioner makes the volume for this claim (dynamic provisioning). Without it the default class is used; "" means no class: only a PersistentVolume made beforehand can bind.',
    );
    if (this.self.kind === 'PersistentVolume') return;
    const spec = this.claimSpec() ?? {};
    const p = this.match.path;
    let claimNames: string[] = [];
    if (this.self.kind === 'PersistentVolumeClaim') claimNames = [this.self.name];
    else if (typeof p[2] === 'number') {
      const tpl = str(obj(obj(arr(obj(this.self.body.spec).volumeClaimTemplates)[p[2]]).metadata).name) ?? '';
      claimNames = this.podNames().map((n) => (n === '…' ? '…' : `${tpl}-${n}`));
    }
    const info = this.claimClassHere(spec, claimNames);
    if (this.self.kind === 'StatefulSet') this.sameNodeNote(info);
  }

  /** The class of a claim spec: how its volumes are made, and (simulated) the claims' state. */
  private claimClassHere(spec: Obj, claimNames: string[]): ClassInfo | undefined {
    const t = this.t;
    const e = this.e;
    const classes = this.classes();
    const className = effectiveClass(spec, classes);
    e.dynamic = true;
    if (className === '') {
      e.here.push(t('No class: the claim binds only to a matching PersistentVolume made beforehand.'));
      return undefined;
    }
    if (className === null) {
      e.warnings.push(t('No default StorageClass in the simulated cluster: the claim stays Pending.'));
      return undefined;
    }
    const info = classes.get(className);
    if (!info) {
      e.warnings.push(
        t(
          'StorageClass {0} does not exist in the simulated cluster (classes: {1}): the claim stays Pending.',
          code(className),
          list([...classes.keys()]),
        ),
      );
      return undefined;
    }
    e.here.push(this.classLine(info));
    const run = this.ctx.run;
    if (run) {
      const wanted = new Set(claimNames);
      for (const c of run.state.pvcs
        .filter((x) => x.namespace === this.self.namespace && wanted.has(x.name))
        .slice(0, 8))
        e.here.push(t('{0}: {1}, volume {2}', code(c.name), escapeMarkdown(c.status), code(c.volume ?? '-')));
    }
    return info;
  }

  // --- Service -------------------------------------------------------------------------------------------

  private clusterIP(): void {
    const t = this.t;
    const e = this.e;
    const v = this.value();
    if (v === 'None') {
      e.what = t(
        'clusterIP: None makes a headless Service: no virtual IP; its DNS name gives the IPs of the ready Pods, and StatefulSet Pods that name it in serviceName get names of their own.',
      );
    } else {
      e.what = t(
        'The virtual IP of the Service; requests to it are spread over the ready Pods. Usually left out so that one is allocated.',
      );
    }
    this.serviceHere();
  }

  // --- Ingress -------------------------------------------------------------------------------------------

  /** Null when ingress-nginx serves the Ingress, else why not. */
  private whyNotServed(): string | null {
    const t = this.t;
    if (this.ctx.cluster.ingressController === 'none')
      return t('No Ingress Controller in this cluster: the Ingress is stored and nothing happens.');
    const spec = obj(this.self.body.spec);
    const className = str(spec.ingressClassName);
    if (className !== undefined) {
      if (className === 'nginx') return null;
      const cls = this.ctx.set.find((o) => o.kind === 'IngressClass' && o.name === className);
      if (!cls) return t('No IngressClass {0}: no controller serves this Ingress.', code(className));
      const controller = str(obj(cls.body.spec).controller) ?? '';
      return controller === 'k8s.io/ingress-nginx'
        ? null
        : t(
            'IngressClass {0} belongs to {1}, not ingress-nginx: nothing serves this Ingress here.',
            code(className),
            code(controller),
          );
    }
    const annotation = annotationsOf(this.self)['kubernetes.io/ingress.class'];
    if (annotation === 'nginx') return null;
    return t(
      'Neither ingressClassName nor the kubernetes.io/ingress.class annotation: ingress-nginx ignores this Ingress.',
    );
  }

  private servedHere(): void {
    const t = this.t;
    const e = this.e;
    const why = this.whyNotServed();
    if (why) e.warnings.push(why);
    else
      e.here.push(
        t(
          'Served by ingress-nginx (class nginx), reached from outside on the node ports 30431 (HTTP) and 30798 (HTTPS).',
        ),
      );
    if (isCanary(this.self)) {
      e.here.push(t('A canary: it adds no routes of its own but splits the matching primary Ingress.'));
      return;
    }
    for (const p of ingressPaths(this.self).slice(0, 8)) e.here.push(this.routeLine(p));
  }

  private routeLine(p: IngressPath): string {
    const t = this.t;
    return t(
      '{0} ({1}) → Service {2}',
      code(`${p.host}${p.path}`),
      escapeMarkdown(p.pathType),
      code(`${p.service}:${p.port ?? '-'}`),
    );
  }

  private ingressClassName(): void {
    this.e.what = this.t(
      'Which Ingress Controller serves this Ingress (IngressClass). Without a controller an Ingress is stored and nothing happens.',
    );
    this.servedHere();
    this.ingressNote();
  }

  private rulePaths(): IngressPath[] {
    const rule = this.match.path[2];
    return ingressPaths(this.self).filter((p) => p.rule === rule);
  }

  private host(): void {
    const t = this.t;
    const e = this.e;
    e.what = t(
      'The domain this rule serves, matched against the Host header (the host of the URL). Exact names win over wildcards (`*.example.com`: one label); a rule without host serves any host.',
    );
    for (const p of this.rulePaths().slice(0, 8)) e.here.push(this.routeLine(p));
    const host = str(this.value()) ?? '';
    const tls = arr(obj(this.self.body.spec).tls).some((x) => arr(obj(x).hosts).includes(host));
    if (tls) e.here.push(t('Listed in tls: plain HTTP to {0} is redirected to HTTPS (308).', code(host)));
    const why = this.whyNotServed();
    if (why) e.warnings.push(why);
  }

  private path(): void {
    const t = this.t;
    const e = this.e;
    e.what = t(
      'Requests whose path matches go to this backend. Prefix matches whole path elements (`/customer` matches `/customer` and `/customer/1`, not `/customers`); Exact matches only the path itself; ImplementationSpecific is treated as Prefix. The longest match wins, across all Ingresses of the host.',
    );
    const rule = this.match.path[2];
    const index = this.match.path[5];
    const p = ingressPaths(this.self).find((x) => x.rule === rule && x.index === index);
    if (!p) return;
    e.here.push(this.routeLine(p));
    if (p.pathType === 'Exact') e.here.push(t('Matches only {0}.', code(p.path)));
    else if (p.path === '/') e.here.push(t('Matches every path not matched by a longer one.'));
    else {
      const base = p.path.replace(/\/+$/, '');
      e.here.push(t('Matches {0} and {1}, not {2}.', code(base), code(`${base}/…`), code(`${base}x`)));
    }
    const service = serviceNamed(this.ctx.set, this.self.namespace, p.service);
    if (p.service && !service)
      e.warnings.push(
        t('Service {0} is not in the simulated set: requests for this path get 503.', code(p.service)),
      );
  }

  private tls(): void {
    const t = this.t;
    const e = this.e;
    e.what = t(
      'HTTPS for the listed hosts with the certificate of the named Secret (type kubernetes.io/tls); plain HTTP to those hosts is redirected to HTTPS (308).',
    );
    const entries = arr(obj(this.self.body.spec).tls);
    const index = this.match.path[2];
    const chosen = typeof index === 'number' ? [entries[index]] : entries;
    for (const raw of chosen) {
      const entry = obj(raw);
      const hosts = arr(entry.hosts).map(String);
      const secretName = str(entry.secretName);
      if (!secretName) {
        e.here.push(t('{0}: no secretName, so the controller’s fake certificate is served.', list(hosts)));
        continue;
      }
      const secret = this.ctx.set.find(
        (o) => o.kind === 'Secret' && o.namespace === this.self.namespace && o.name === secretName,
      );
      if (secret) e.here.push(t('{0}: certificate from Secret {1}.', list(hosts), code(secretName)));
      else
        e.warnings.push(
          t(
            'Secret {0} is not in the simulated set, so the controller’s fake certificate is served (the course makes it with kubectl create secret tls).',
            code(secretName),
          ),
        );
    }
  }

  private canary(): void {
    const t = this.t;
    const e = this.e;
    const key = String(this.match.path[2]);
    const suffix = key.slice(ANNOTATION_PREFIX.length);
    const annotations = annotationsOf(this.self);
    switch (suffix) {
      case 'canary':
        e.what = t(
          'Marks this Ingress as a canary of the Ingress with the same host, path and pathType (the primary); it adds no routes of its own.',
        );
        break;
      case 'canary-weight':
        e.what = t(
          'The share of requests (out of canary-weight-total, default 100) sent to the canary; each request is drawn separately.',
        );
        break;
      case 'canary-weight-total':
        e.what = t(
          'The total that canary-weight is counted against (default 100; values below 100 are ignored).',
        );
        break;
      case 'canary-by-header':
        e.what = t(
          'Requests carrying this header go to the canary when its value is always, to the primary when never; any other value falls through to cookie and weight (unless canary-by-header-value is set).',
        );
        break;
      case 'canary-by-header-value':
        e.what = t(
          'Requests whose canary-by-header header equals this value exactly go to the canary; other values fall through to cookie and weight.',
        );
        break;
      case 'canary-by-header-pattern':
        e.what = t('Like canary-by-header-value, with a regular expression.');
        break;
      case 'canary-by-cookie':
        e.what = t('Requests with this cookie set to always go to the canary, never to the primary.');
        break;
      default:
        e.what = t('An ingress-nginx canary annotation.');
    }
    if (goBool(annotations[CANARY_ANNOTATION]) !== true) {
      e.warnings.push(
        t(
          'Ignored: nginx.ingress.kubernetes.io/canary is not "true", so this Ingress is served as a normal one.',
        ),
      );
      return;
    }
    const paths = ingressPaths(this.self);
    const share = canaryShare(annotations);
    const header = annotations[`${ANNOTATION_PREFIX}canary-by-header`];
    const headerValue = annotations[`${ANNOTATION_PREFIX}canary-by-header-value`];
    const cookie = annotations[`${ANNOTATION_PREFIX}canary-by-cookie`];
    for (const p of paths.slice(0, 8)) {
      const primary = primaryFor(p, this.ctx.set);
      const where = code(`${p.host}${p.path}`);
      if (!primary) {
        e.warnings.push(
          t(
            'No primary Ingress with host {0}, path {1} ({2}): this canary is ignored.',
            code(p.host || t('(any host)')),
            code(p.path),
            escapeMarkdown(p.pathType),
          ),
        );
        continue;
      }
      if (suffix === 'canary-weight' || suffix === 'canary-weight-total' || suffix === 'canary') {
        e.here.push(
          t(
            'About {0}% of the requests for {1} go to {2}; the rest to {3} of Ingress {4}.',
            share.percent,
            where,
            code(p.service),
            code(primary.service),
            code(primary.ing.name),
          ),
        );
      }
      if (
        header &&
        (suffix === 'canary-by-header' || suffix === 'canary-by-header-value' || suffix === 'canary')
      )
        e.here.push(
          headerValue
            ? t(
                '{0}: {1} on {2} → {3}; other values fall through.',
                code(header),
                code(headerValue),
                where,
                code(p.service),
              )
            : t(
                '{0}: always on {1} → {2}; never → {3}.',
                code(header),
                where,
                code(p.service),
                code(primary.service),
              ),
        );
      if (cookie && (suffix === 'canary-by-cookie' || suffix === 'canary'))
        e.here.push(t('Cookie {0}=always on {1} → {2}.', code(cookie), where, code(p.service)));
      if (suffix === 'canary-weight')
        e.here.push(
          t(
            'The split is attached to Service {0}, so every host and path that uses it is split the same way.',
            code(primary.service),
          ),
        );
    }
    if (suffix === 'canary-weight' && (header || cookie))
      e.here.push(t('Header and cookie rules are checked first; the weight decides the rest.'));
    if (suffix === 'canary-weight' && share.percent > 0 && share.percent < 100)
      e.notes.push(
        t(
          'The course says {0}% of the traffic goes to the canary; each request is drawn separately, so that is the share over many requests, not exactly one in every {1}.',
          share.percent,
          Math.round(100 / share.percent),
        ),
      );
  }
}

function formatSeconds(t: number): string {
  return `${Math.round(t * 10) / 10}s`;
}
