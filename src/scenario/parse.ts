// Parses a scenario file (contract section 1) into a Scenario, or a plain manifest file into a
// Scenario without steps. It walks the yaml node tree rather than plain data so that every
// message names the line and column of the key or value at fault.
//
// Optional extensions beyond the contract (documented in the README):
//   spec.cluster.timing: {containerStart, provision, attach, sigtermExit}  durations; sigtermExit
//     may be null (= the container ignores SIGTERM and is killed at the end of the grace period)
//   spec.cluster.storageClasses: [{name, provisioner, volumeBindingMode, reclaimPolicy, isDefault}]
//     replaces the default list (the lab's `fast` Longhorn class)
//   spec.cluster.nodes[].unschedulable: true  (a cordoned node)
//   delete.gracePeriod: N  like `kubectl delete --grace-period=N`
//   manifest `file:` may name a folder: its *.yaml / *.yml files, sorted, like `kubectl apply -f`
import * as fs from 'fs';
import * as nodePath from 'path';
import { isAlias, isMap, isNode, isScalar, isSeq, visit, type Scalar, type YAMLMap } from 'yaml';
import { InputErrorException, replicasLimitError, type RawDoc } from '../engine/manifest';
import { KIND_TABLE, SCALABLE_KINDS, isNamespaced, resolveKind } from '../engine/kinds';
import {
  describeFsError,
  listYamlFiles,
  loadManifestFile,
  loadManifestText,
  parseYamlText,
  readInputFile,
  InputBudget,
  type LoadOptions,
  type ParsedYamlDoc,
} from '../engine/loader';
import {
  DEFAULT_CLUSTER,
  type ClusterConfig,
  type NodeSpecInput,
  type SourcePosition,
  type SourceRange,
  type Timing,
} from '../engine/types';
import type { DeleteStep, Expectation, ScaleStep, Scenario, Step, StepType } from './scenario';

const API_VERSION = 'k8s-sim/v1';
const DEFAULT_SEED = 1;
const DEFAULT_SETTLE_LIMIT = 3600;
const MAX_REQUEST_COUNT = 1_000_000;
/**
 * The longest duration a scenario may write (wait, for, settleLimit, timing, gracePeriod): one
 * year of simulated time. Far beyond any lesson, and it keeps every time in the JSON a finite,
 * exactly printable number (1.7e308 or 99999999999h would not be).
 */
export const MAX_DURATION_SECONDS = 365 * 24 * 3600;
const COMMAND_LINE = '<command line>';

const STEP_TYPES: readonly StepType[] = [
  'apply',
  'scale',
  'delete',
  'readiness',
  'wait',
  'request',
  'resolve',
  'expect',
];
const SETTLING_STEPS: readonly StepType[] = ['apply', 'scale', 'delete', 'readiness'];
const EXPECT_KEYS = [
  'pods',
  'pvcs',
  'ready',
  'podNodes',
  'status',
  'traffic',
  'responses',
  'answers',
  'events',
  'rejected',
] as const satisfies ReadonlyArray<keyof Expectation>;

/** Reads a scenario or plain manifest file; `file:` entries are relative to its folder. */
export function parseScenarioFile(path: string, displayName?: string): Scenario {
  const file = displayName ?? path;
  return parseScenarioText(readInputFile(path, file), file, nodePath.dirname(path));
}

/** Same as parseScenarioFile, from text; `file:` entries are resolved relative to baseDir. */
export function parseScenarioText(text: string, file: string, baseDir: string): Scenario {
  // The loader drops a BOM too; dropping it here keeps offsets into `text` aligned with the nodes.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const docs = parseYamlText(source, file);
  if (docs.length === 0) return plainScenario(file, []);
  const later = docs.findIndex((d, i) => i > 0 && isScenarioBody(d.raw.body));
  if (!isScenarioBody(docs[0].raw.body)) {
    if (later > 0) {
      throw lineError(
        file,
        docs[later].raw.source.start,
        'the Scenario must be the first document of its file',
      );
    }
    return plainScenario(
      file,
      docs.map((d) => d.raw),
    );
  }
  if (docs.length > 1) {
    throw lineError(
      file,
      docs[1].raw.source.start,
      'a scenario file holds only the Scenario document; list manifests under spec.manifests (file or inline)',
    );
  }
  return new Reader(docs[0], file, source, baseDir).scenario();
}

/** A manifest file run as it is: applied at t=0, then actions from the command line. */
function plainScenario(file: string, manifests: RawDoc[]): Scenario {
  return {
    origin: 'manifests',
    name: nodePath.basename(file, nodePath.extname(file)),
    description: null,
    file,
    seed: DEFAULT_SEED,
    settleLimit: DEFAULT_SETTLE_LIMIT,
    cluster: defaultCluster(),
    manifests,
    steps: [],
  };
}

function isScenarioBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Scenario';
}

/**
 * `500ms`, `30s`, `5m`, `2h`, combinations like `1m30s` or `1.5h`, or a bare number of seconds.
 * Returns seconds; throws an Error (without position, the caller adds it) when invalid or longer
 * than MAX_DURATION_SECONDS. `written` is how a number was written, for the message.
 */
export function parseDuration(s: string | number, written?: string): number {
  const hint = 'write it like 500ms, 30s, 5m, 2h or 1m30s';
  const atMost = (seconds: number): number => {
    if (seconds > MAX_DURATION_SECONDS) {
      const shown = typeof s === 'number' ? (written ?? String(s)) : JSON.stringify(s);
      throw new Error(
        `duration ${shown} is longer than the maximum of 1 year (${MAX_DURATION_SECONDS.toLocaleString('en-US')} s)`,
      );
    }
    return seconds;
  };
  if (typeof s === 'number') {
    if (!Number.isFinite(s) || s < 0) throw new Error(`invalid duration ${s}: ${hint}`);
    return atMost(s);
  }
  const text = s.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return atMost(Number(text));
  const part = /(\d+(?:\.\d+)?|\.\d+)(ms|h|m|s)/y;
  const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms = 0;
  let index = 0;
  while (index < text.length) {
    part.lastIndex = index;
    const m = part.exec(text);
    if (!m) break;
    ms += Number(m[1]) * unitMs[m[2]];
    index = part.lastIndex;
  }
  // Summed in milliseconds so that 100ms200ms is exactly 0.3 s.
  const seconds = ms / 1000;
  if (text === '' || index < text.length) {
    throw new Error(`invalid duration ${JSON.stringify(s)}: ${hint}`);
  }
  // Infinity too (a run of digits beyond 1e308).
  return atMost(seconds);
}

/**
 * Steps for the command line's `--scale KIND/NAME=N` and `--delete KIND/NAME`, scale steps first.
 * Use cliStep to keep the order in which the flags were given. `at` names `file`.
 */
export function cliSteps(scale: string[], del: string[], file: string): Step[] {
  return [...scale.map((s) => cliStep('scale', s, file)), ...del.map((d) => cliStep('delete', d, file))];
}

/** One `--scale` or `--delete` argument as a step; errors name the file "<command line>". */
export function cliStep(flag: 'scale' | 'delete', arg: string, file: string): ScaleStep | DeleteStep {
  const fail = (message: string): never => {
    throw lineError(COMMAND_LINE, { line: 1, column: 1 }, `--${flag} ${arg}: ${message}`);
  };
  const at: SourceRange = { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const m =
    flag === 'scale' ? /^([^/=\s]+)\/([^/=\s]+)=(\S*)$/.exec(arg) : /^([^/=\s]+)\/([^/=\s]+)$/.exec(arg);
  if (!m) {
    fail(
      flag === 'scale'
        ? 'expected KIND/NAME=REPLICAS, e.g. --scale sts/web=3'
        : 'expected KIND/NAME, e.g. --delete pod/web-0',
    );
  }
  const [, kindText, name, replicasText] = m as RegExpExecArray;
  const kind = canonicalKind(kindText);
  if (!kind) fail(unknownKindMessage(kindText));
  const canonical = kind as string;
  if (flag === 'delete') {
    return {
      type: 'delete',
      at,
      for: null,
      kind: canonical,
      namespace: namespaceFor(canonical),
      name,
      gracePeriod: null,
    };
  }
  if (!(SCALABLE_KINDS as readonly string[]).includes(canonical)) fail(notScalableMessage(canonical));
  if (!/^\d+$/.test(replicasText)) fail('replicas must be a non-negative integer');
  // The digits as typed: a number beyond 2^53 is reported as written, not rounded.
  const limit = replicasLimitError(replicasText.replace(/^0+(?=\d)/, ''));
  if (limit) fail(limit);
  return {
    type: 'scale',
    at,
    for: null,
    kind: canonical,
    namespace: 'default',
    name,
    replicas: Number(replicasText),
  };
}

function lineError(file: string, pos: SourcePosition, message: string): InputErrorException {
  return new InputErrorException([{ file, line: pos.line, column: pos.column, message }]);
}

/** `sts`, `StatefulSets`, `statefulset.apps`, `deployments.v1.apps` → canonical kind. */
function canonicalKind(text: string): string | undefined {
  const direct = resolveKind(text);
  if (direct) return direct;
  const dot = text.indexOf('.');
  if (dot <= 0) return undefined;
  const kind = resolveKind(text.slice(0, dot));
  if (!kind) return undefined;
  const rest = text.slice(dot + 1);
  const info = KIND_TABLE.find((k) => k.kind === kind);
  const matches = info?.apiVersions.some((apiVersion) => {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return rest === group || rest === (group ? `${version}.${group}` : version);
  });
  return matches ? kind : undefined;
}

function unknownKindMessage(text: string): string {
  return `unknown kind "${text}" (k8s-sim models: ${KIND_TABLE.map((k) => k.kind).join(', ')})`;
}

function notScalableMessage(kind: string): string {
  return `${kind} cannot be scaled (only ${SCALABLE_KINDS.join(', ')} have replicas)`;
}

function namespaceFor(kind: string, namespace = 'default'): string {
  return isNamespaced(kind) ? namespace : '';
}

function withHostname(node: NodeSpecInput): NodeSpecInput {
  // The kubelet labels every node with its hostname; an explicit label in the file wins.
  return { ...node, labels: { 'kubernetes.io/hostname': node.name, ...node.labels } };
}

function defaultCluster(): ClusterConfig {
  return {
    nodes: DEFAULT_CLUSTER.nodes.map(withHostname),
    ingressController: DEFAULT_CLUSTER.ingressController,
    timing: { ...DEFAULT_CLUSTER.timing },
    storageClasses: DEFAULT_CLUSTER.storageClasses.map((sc) => ({ ...sc })),
  };
}

/** A key and its value in the scenario. */
class Field {
  constructor(
    readonly key: unknown,
    /** The value node, aliases resolved; null when the key has no value. */
    readonly value: unknown,
    /** Where to point for a bad value: the value as written, or the key when it is empty. */
    readonly at: unknown,
  ) {}
}

/** The entries of one mapping of the scenario, checked against the keys it may hold. */
class Fields {
  constructor(
    private readonly reader: Reader,
    readonly node: unknown,
    readonly what: string,
    private readonly map: Map<string, Field>,
  ) {}

  get(name: string): Field | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  required(name: string): Field {
    const f = this.map.get(name);
    if (!f) this.reader.fail(this.node, `${this.what} needs "${name}"`);
    return f as Field;
  }

  label(name: string): string {
    return `"${name}" in ${this.what}`;
  }
}

class Reader {
  private readonly aliasTargets = new Map<unknown, unknown>();
  /** Bytes of the scenario and every file it names, each time named (MAX_RUN_INPUT_BYTES). */
  private readonly budget = new InputBudget();

  constructor(
    private readonly parsed: ParsedYamlDoc,
    private readonly file: string,
    private readonly text: string,
    private readonly baseDir: string,
  ) {
    this.budget.add(Buffer.byteLength(text));
    // One pass in document order: an alias means the latest node anchored under its name.
    const anchors = new Map<string, unknown>();
    visit(parsed.doc, {
      Node: (_key, node) => {
        if (isAlias(node)) this.aliasTargets.set(node, anchors.get(node.source));
        else if (node.anchor) anchors.set(node.anchor, node);
      },
    });
  }

  scenario(): Scenario {
    const root = this.fields(this.parsed.doc.contents, 'Scenario', [
      'apiVersion',
      'kind',
      'metadata',
      'spec',
    ]);
    const apiVersion = this.string(root.required('apiVersion'), root.label('apiVersion'));
    if (apiVersion !== API_VERSION) {
      this.fail(
        root.required('apiVersion').at,
        `Scenario apiVersion must be "${API_VERSION}" (got "${apiVersion}")`,
      );
    }
    const metadata = this.fields(root.required('metadata'), 'Scenario metadata', [
      'name',
      'annotations',
      'labels',
    ]);
    const name = this.name(metadata.required('name'), metadata.label('name'));
    const annotations = this.stringMap(metadata.get('annotations'), 'metadata.annotations');
    this.stringMap(metadata.get('labels'), 'metadata.labels');
    const specField = root.get('spec');
    const spec = specField
      ? this.fields(specField, 'Scenario spec', ['seed', 'settleLimit', 'cluster', 'manifests', 'steps'])
      : null;
    const seedField = spec?.get('seed');
    const settleField = spec?.get('settleLimit');
    const settleLimit = settleField
      ? this.duration(settleField, '"settleLimit" in spec')
      : DEFAULT_SETTLE_LIMIT;
    if (settleField && settleLimit <= 0)
      this.fail(settleField.at, '"settleLimit" in spec must be more than 0');
    const clusterField = spec?.get('cluster');
    const manifestsField = spec?.get('manifests');
    const stepsField = spec?.get('steps');
    return {
      origin: 'scenario',
      name,
      description: annotations.description ?? null,
      file: this.file,
      seed: seedField ? this.integer(seedField, '"seed" in spec', -Number.MAX_SAFE_INTEGER) : DEFAULT_SEED,
      settleLimit,
      cluster: clusterField ? this.cluster(clusterField) : defaultCluster(),
      manifests: manifestsField
        ? this.list(manifestsField, '"manifests" in spec').flatMap((m) =>
            this.manifestEntry(m, 'manifest entry'),
          )
        : [],
      steps: stepsField ? this.list(stepsField, '"steps" in spec').map((s, i) => this.step(s, i)) : [],
    };
  }

  // --- cluster -----------------------------------------------------------------------------

  private cluster(field: Field): ClusterConfig {
    const f = this.fields(field, 'spec.cluster', ['nodes', 'ingressController', 'timing', 'storageClasses']);
    const cluster = defaultCluster();
    const nodes = f.get('nodes');
    if (nodes) {
      const seen = new Set<string>();
      cluster.nodes = this.list(nodes, '"nodes" in spec.cluster').map((n) => {
        const node = this.clusterNode(n);
        if (seen.has(node.name)) this.fail(n, `node "${node.name}" is listed twice`);
        seen.add(node.name);
        return node;
      });
    }
    const ingress = f.get('ingressController');
    if (ingress) {
      const value = this.string(ingress, f.label('ingressController'));
      if (value !== 'nginx' && value !== 'none') {
        this.fail(ingress.at, `${f.label('ingressController')} must be nginx or none (got "${value}")`);
      }
      cluster.ingressController = value;
    }
    const timing = f.get('timing');
    if (timing) cluster.timing = this.timing(timing);
    const classes = f.get('storageClasses');
    if (classes) {
      const seen = new Set<string>();
      cluster.storageClasses = this.list(classes, '"storageClasses" in spec.cluster').map((c) => {
        const sc = this.storageClass(c);
        if (seen.has(sc.name)) this.fail(c, `storage class "${sc.name}" is listed twice`);
        seen.add(sc.name);
        return sc;
      });
    }
    return cluster;
  }

  private clusterNode(node: unknown): NodeSpecInput {
    const value = this.deref(node);
    if (isScalar(value) && typeof value.value === 'string') {
      if (value.value === '') this.fail(node, 'a node name must not be empty');
      return withHostname({ name: value.value });
    }
    const f = this.fields(node, 'node', ['name', 'labels', 'unschedulable'], 'a node name or a map');
    const result: NodeSpecInput = { name: this.name(f.required('name'), f.label('name')) };
    const labels = f.get('labels');
    if (labels) result.labels = this.stringMap(labels, f.label('labels'));
    const unschedulable = f.get('unschedulable');
    if (unschedulable) result.unschedulable = this.boolean(unschedulable, f.label('unschedulable'));
    return withHostname(result);
  }

  private timing(field: Field): Timing {
    const f = this.fields(field, 'spec.cluster.timing', [
      'containerStart',
      'provision',
      'attach',
      'sigtermExit',
    ]);
    const timing: Timing = { ...DEFAULT_CLUSTER.timing };
    for (const key of ['containerStart', 'provision', 'attach'] as const) {
      const v = f.get(key);
      if (v) timing[key] = this.duration(v, f.label(key));
    }
    const sigterm = f.get('sigtermExit');
    if (sigterm)
      timing.sigtermExit = this.isNull(sigterm.value) ? null : this.duration(sigterm, f.label('sigtermExit'));
    return timing;
  }

  private storageClass(node: unknown): ClusterConfig['storageClasses'][number] {
    const f = this.fields(node, 'storage class', [
      'name',
      'provisioner',
      'volumeBindingMode',
      'reclaimPolicy',
      'isDefault',
    ]);
    const sc: ClusterConfig['storageClasses'][number] = {
      name: this.name(f.required('name'), f.label('name')),
      provisioner: this.name(f.required('provisioner'), f.label('provisioner')),
    };
    const mode = f.get('volumeBindingMode');
    if (mode)
      sc.volumeBindingMode = this.oneOf<'Immediate' | 'WaitForFirstConsumer'>(
        mode,
        f.label('volumeBindingMode'),
        ['Immediate', 'WaitForFirstConsumer'],
      );
    const reclaim = f.get('reclaimPolicy');
    if (reclaim)
      sc.reclaimPolicy = this.oneOf<'Delete' | 'Retain'>(reclaim, f.label('reclaimPolicy'), [
        'Delete',
        'Retain',
      ]);
    const isDefault = f.get('isDefault');
    if (isDefault) sc.isDefault = this.boolean(isDefault, f.label('isDefault'));
    return sc;
  }

  // --- manifests ---------------------------------------------------------------------------

  private manifestEntry(node: unknown, what: string): RawDoc[] {
    const f = this.fields(node, what, ['file', 'inline']);
    const file = f.get('file');
    const inline = f.get('inline');
    if (file && inline)
      this.fail(inline.key, `${what} has both "file" and "inline"; write them as two entries`);
    if (inline) return this.inline(inline, f.label('inline'));
    if (!file) this.fail(node, `${what} needs "file" or "inline"`);
    const written = this.name(file as Field, f.label('file'));
    const resolved = nodePath.resolve(this.baseDir, written);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(resolved);
    } catch (e) {
      this.fail((file as Field).at, `cannot read manifest file "${written}": ${describeFsError(e)}`);
    }
    const overBudget = (path: string) => {
      const message = this.budget.addFile(path);
      if (message !== null) this.fail((file as Field).at, message);
    };
    if (!stat.isDirectory()) {
      overBudget(resolved);
      return loadManifestFile(resolved, displayPath(resolved));
    }
    const files = listYamlFiles(resolved);
    if (files.length === 0) this.fail((file as Field).at, `folder "${written}" has no .yaml or .yml files`);
    files.forEach(overBudget);
    return files.flatMap((p) => loadManifestFile(p, displayPath(p)));
  }

  private inline(field: Field, label: string): RawDoc[] {
    const value = field.value;
    if (!isScalar(value) || typeof value.value !== 'string') {
      this.fail(field.at, `${label} must be YAML text, e.g. "inline: |" followed by indented lines`);
    }
    const scalar = value as Scalar.Parsed;
    return loadManifestText(scalar.value as string, this.file, this.inlineOffsets(scalar));
  }

  /** Where line 1 column 1 of an inline manifest is in the scenario file. */
  private inlineOffsets(scalar: Scalar.Parsed): LoadOptions {
    const start = this.parsed.position(scalar.range[0]);
    if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') {
      // Content starts on the line after the `|` header, indented like its first non-blank line.
      let lineStart = this.text.indexOf('\n', scalar.range[0]) + 1;
      let indent = 0;
      while (lineStart > 0 && lineStart < scalar.range[1]) {
        let i = lineStart;
        while (this.text[i] === ' ') i++;
        if (this.text[i] !== '\n' && this.text[i] !== '\r' && i < this.text.length) {
          indent = i - lineStart;
          break;
        }
        lineStart = this.text.indexOf('\n', i) + 1;
      }
      return { lineOffset: start.line, columnOffset: indent };
    }
    // A quoted or plain string: exact on its first line, approximate after folding.
    const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
    return { lineOffset: start.line - 1, columnOffset: start.column - 1 + (quoted ? 1 : 0) };
  }

  // --- steps -------------------------------------------------------------------------------

  private step(node: unknown, index: number): Step {
    const what = `step ${index + 1}`;
    const f = this.fields(node, what, [...STEP_TYPES, 'for'], `a map with one of: ${STEP_TYPES.join(', ')}`);
    const actions = STEP_TYPES.filter((t) => f.has(t));
    if (actions.length === 0)
      this.fail(node, `${what} has no action (expected one of: ${STEP_TYPES.join(', ')})`);
    if (actions.length > 1) {
      this.fail(
        f.required(actions[1]).key,
        `${what} has both "${actions[0]}" and "${actions[1]}"; write them as separate steps`,
      );
    }
    const type = actions[0];
    const body = f.required(type);
    const at = this.range(node);
    const forField = f.get('for');
    if (forField && !SETTLING_STEPS.includes(type)) {
      this.fail(forField.key, `"for" applies only to ${SETTLING_STEPS.join(', ')} steps, not to ${type}`);
    }
    const forSeconds = forField ? this.duration(forField, `"for" in ${what}`) : null;
    const bodyWhat = `${type} step`;
    const forHint = `; "for" goes next to "${type}:", at step level`;
    switch (type) {
      case 'apply': {
        const value = body.value;
        const entries = isSeq(value) ? value.items : [body.value];
        if (entries.length === 0) this.fail(body.at, 'apply step needs at least one manifest entry');
        const docs = entries.flatMap((e) => this.manifestEntry(e, bodyWhat));
        return { type, at, for: forSeconds, docs };
      }
      case 'scale': {
        const b = this.fields(body, bodyWhat, ['kind', 'name', 'namespace', 'replicas'], 'a map', forHint);
        const kind = this.kind(b);
        if (!(SCALABLE_KINDS as readonly string[]).includes(kind))
          this.fail(b.required('kind').at, notScalableMessage(kind));
        return {
          type,
          at,
          for: forSeconds,
          kind,
          namespace: this.namespace(b),
          name: this.name(b.required('name'), b.label('name')),
          replicas: this.replicas(b.required('replicas'), b.label('replicas')),
        };
      }
      case 'delete': {
        const keys = ['kind', 'name', 'namespace', 'gracePeriod'];
        const b = this.fields(body, bodyWhat, keys, 'a map', forHint);
        const kind = this.kind(b);
        const grace = b.get('gracePeriod');
        return {
          type,
          at,
          for: forSeconds,
          kind,
          namespace: namespaceFor(kind, this.namespace(b)),
          name: this.name(b.required('name'), b.label('name')),
          // Seconds of simulated time, so bounded like a duration.
          gracePeriod: grace ? this.integer(grace, b.label('gracePeriod'), 0, MAX_DURATION_SECONDS) : null,
        };
      }
      case 'readiness': {
        const b = this.fields(body, bodyWhat, ['pod', 'namespace', 'ready'], 'a map', forHint);
        return {
          type,
          at,
          for: forSeconds,
          namespace: this.namespace(b),
          pod: this.name(b.required('pod'), b.label('pod')),
          ready: this.boolean(b.required('ready'), b.label('ready')),
        };
      }
      case 'wait':
        return { type, at, seconds: this.duration(body, '"wait"') };
      case 'request': {
        const b = this.fields(body, bodyWhat, ['url', 'headers', 'cookies', 'count', 'from']);
        const urlField = b.required('url');
        const url = this.name(urlField, b.label('url'));
        if (!/^https?:\/\/[^/?#\s]+/i.test(url) || !URL.canParse(url)) {
          this.fail(
            urlField.at,
            `${b.label('url')} must be an absolute http:// or https:// URL (got "${url}")`,
          );
        }
        const count = b.get('count');
        const from = b.get('from');
        return {
          type,
          at,
          url,
          headers: this.stringMap(b.get('headers'), b.label('headers')),
          cookies: this.stringMap(b.get('cookies'), b.label('cookies')),
          count: count ? this.integer(count, b.label('count'), 1, MAX_REQUEST_COUNT) : 1,
          from: from ? this.name(from, b.label('from')) : null,
        };
      }
      case 'resolve': {
        const b = this.fields(body, bodyWhat, ['name', 'from']);
        const from = b.get('from');
        return {
          type,
          at,
          name: this.name(b.required('name'), b.label('name')),
          from: from ? this.name(from, b.label('from')) : null,
        };
      }
      case 'expect':
        return { type, at, expect: this.expectation(body) };
    }
  }

  private kind(b: Fields): string {
    const field = b.required('kind');
    const text = this.name(field, b.label('kind'));
    const kind = canonicalKind(text);
    if (!kind) this.fail(field.at, unknownKindMessage(text));
    return kind as string;
  }

  private namespace(b: Fields): string {
    const ns = b.get('namespace');
    return ns ? this.name(ns, b.label('namespace')) : 'default';
  }

  private expectation(field: Field): Expectation {
    const b = this.fields(field, 'expect step', EXPECT_KEYS);
    const e: Expectation = {};
    let assertions = 0;
    for (const key of EXPECT_KEYS) {
      const v = b.get(key);
      if (!v) continue;
      assertions++;
      const label = b.label(key);
      switch (key) {
        case 'pods':
        case 'pvcs':
        case 'ready':
        case 'events':
        case 'rejected':
          e[key] = this.stringList(v, label);
          break;
        case 'status':
        case 'traffic':
          e[key] = this.entries(v, label, (value, itemLabel) => this.name(value, itemLabel));
          break;
        case 'podNodes':
          e.podNodes = this.entries(v, label, (value, itemLabel) => {
            if (this.isNull(value.value)) return null;
            const node = this.scalarValue(value);
            if (typeof node === 'string' && node !== '') return node;
            return this.fail(
              value.at,
              `${itemLabel} must be a node name or null (got ${this.describe(value.value)})`,
            );
          });
          break;
        case 'responses':
          e.responses = this.entries(v, label, (value, itemLabel) => this.plainScalar(value, itemLabel));
          break;
        case 'answers': {
          const n = this.scalarValue(v);
          if (isSeq(v.value)) e.answers = this.stringList(v, label);
          else if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) e.answers = n;
          else
            this.fail(
              v.at,
              `${label} must be a count or a list of pod names (got ${this.describe(v.value)})`,
            );
          break;
        }
      }
    }
    if (assertions === 0) this.fail(field.at, `expect step needs at least one of: ${EXPECT_KEYS.join(', ')}`);
    return e;
  }

  // --- node access and typed values ---------------------------------------------------------

  fail(node: unknown, message: string): never {
    throw lineError(this.file, this.position(node), message);
  }

  private position(node: unknown): SourcePosition {
    const offset = isNode(node) && node.range ? node.range[0] : -1;
    return offset >= 0 ? this.parsed.position(offset) : this.parsed.raw.source.start;
  }

  private range(node: unknown): SourceRange {
    if (!isNode(node) || !node.range) return this.parsed.raw.source;
    let end = node.range[1];
    while (end > node.range[0] && /\s/.test(this.text[end - 1])) end--;
    return { file: this.file, start: this.parsed.position(node.range[0]), end: this.parsed.position(end) };
  }

  private deref(node: unknown): unknown {
    return isAlias(node) ? this.aliasTargets.get(node) : node;
  }

  private isNull(node: unknown): boolean {
    const v = this.deref(node);
    return v === null || v === undefined || (isScalar(v) && v.value === null);
  }

  /** The entries of a map given as a node or as a field's value. */
  private fields(
    source: unknown,
    what: string,
    allowed: readonly string[],
    expected = 'a map',
    unknownHint = '',
  ): Fields {
    const node = source instanceof Field ? source.value : source;
    const at = source instanceof Field ? source.at : node;
    const value = this.deref(node);
    if (!isMap(value)) this.fail(at, `${what} must be ${expected} (got ${this.describe(node)})`);
    const map = new Map<string, Field>();
    for (const pair of (value as YAMLMap).items) {
      const key = this.deref(pair.key);
      const name = isScalar(key) ? key.value : undefined;
      if (typeof name === 'symbol')
        this.fail(pair.key, 'merge keys (<<) are not supported in scenario files');
      const text = name === null || name === undefined ? '' : String(name);
      if (!allowed.includes(text)) {
        const hint = text === 'for' ? unknownHint : '';
        this.fail(
          pair.key,
          `unknown key "${text}" in ${what} (expected one of: ${allowed.join(', ')})${hint}`,
        );
      }
      const v = this.deref(pair.value);
      const written = isNode(pair.value) && pair.value.range && !this.isNull(v) ? pair.value : pair.key;
      map.set(text, new Field(pair.key, v ?? null, written));
    }
    return new Fields(this, at, what, map);
  }

  private describe(node: unknown): string {
    const v = this.deref(node);
    if (isMap(v)) return 'a map';
    if (isSeq(v)) return 'a list';
    if (!isScalar(v) || v.value === null || v.value === undefined) return 'nothing';
    if (typeof v.value === 'string')
      return JSON.stringify(v.value.length > 40 ? `${v.value.slice(0, 37)}...` : v.value);
    return String(v.value);
  }

  private scalarValue(field: Field): unknown {
    return isScalar(field.value) ? field.value.value : undefined;
  }

  private string(field: Field, label: string): string {
    const v = this.scalarValue(field);
    if (typeof v !== 'string')
      this.fail(field.at, `${label} must be a string (got ${this.describe(field.value)})`);
    return v as string;
  }

  /** A non-empty string. */
  private name(field: Field, label: string): string {
    const v = this.string(field, label);
    if (v === '') this.fail(field.at, `${label} must not be empty`);
    return v;
  }

  /** A string, or a number or boolean taken as written (label values, header values): `zone: 1`. */
  private looseString(field: Field, label: string): string {
    const v = field.value;
    if (isScalar(v) && typeof v.value === 'string') return v.value;
    if (isScalar(v) && (typeof v.value === 'number' || typeof v.value === 'boolean')) {
      return typeof v.source === 'string' ? v.source : String(v.value);
    }
    return this.fail(field.at, `${label} must be a string (got ${this.describe(v)})`);
  }

  private integer(field: Field, label: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.scalarValue(field);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      const kind = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : 'an integer';
      const bound = max < Number.MAX_SAFE_INTEGER ? ` of at most ${max.toLocaleString('en-US')}` : '';
      this.fail(field.at, `${label} must be ${kind}${bound} (got ${this.describe(field.value)})`);
    }
    return v as number;
  }

  /** A scale step's replicas: the manifest's limit with the manifest's wording (shared with --scale). */
  private replicas(field: Field, label: string): number {
    const v = this.scalarValue(field);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
      const source = isScalar(field.value) ? field.value.source : undefined;
      const limit = replicasLimitError(typeof source === 'string' && /^\d+$/.test(source) ? source : v);
      if (limit) this.fail(field.at, limit);
      return v;
    }
    return this.integer(field, label, 0);
  }

  private boolean(field: Field, label: string): boolean {
    const v = this.scalarValue(field);
    if (typeof v !== 'boolean')
      this.fail(field.at, `${label} must be true or false (got ${this.describe(field.value)})`);
    return v as boolean;
  }

  private duration(field: Field, label: string): number {
    const v = this.scalarValue(field);
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.fail(field.at, `${label} must be a duration like 30s or 5m (got ${this.describe(field.value)})`);
    }
    try {
      // A number is shown as written (1.7e308, not 1.7e+308).
      const source = isScalar(field.value) ? field.value.source : undefined;
      return parseDuration(v as string | number, typeof source === 'string' ? source : undefined);
    } catch (e) {
      return this.fail(field.at, `${label}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private oneOf<T extends string>(field: Field, label: string, values: readonly T[]): T {
    const v = this.string(field, label);
    if (!(values as readonly string[]).includes(v)) {
      this.fail(field.at, `${label} must be one of ${values.join(', ')} (got "${v}")`);
    }
    return v as T;
  }

  private plainScalar(field: Field, label: string): string | number | boolean | null {
    const v = field.value;
    if (v === null) return null;
    if (isScalar(v)) {
      const x = v.value;
      if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return x;
    }
    return this.fail(
      field.at,
      `${label} must be a string, number, boolean or null (got ${this.describe(v)})`,
    );
  }

  private list(field: Field, label: string): unknown[] {
    if (!isSeq(field.value))
      this.fail(field.at, `${label} must be a list (got ${this.describe(field.value)})`);
    return (field.value as { items: unknown[] }).items;
  }

  private stringList(field: Field, label: string): string[] {
    return this.list(field, label).map((item) => this.name(this.itemField(item), `an item of ${label}`));
  }

  private itemField(item: unknown): Field {
    const value = this.deref(item) ?? null;
    return new Field(item, value, item);
  }

  /** A map of names to values, each read by `read` with a label naming its key. */
  private entries<T>(
    field: Field,
    label: string,
    read: (value: Field, itemLabel: string) => T,
  ): Record<string, T> {
    const value = field.value;
    if (!isMap(value)) this.fail(field.at, `${label} must be a map (got ${this.describe(value)})`);
    const out: Record<string, T> = {};
    for (const pair of (value as YAMLMap).items) {
      const key = this.deref(pair.key);
      if (!isScalar(key) || key.value === null || typeof key.value === 'symbol') {
        this.fail(pair.key, `${label} must have names as keys`);
      }
      const name = String((key as Scalar).value);
      const v = this.deref(pair.value) ?? null;
      const at = isNode(pair.value) && pair.value.range && !this.isNull(v) ? pair.value : pair.key;
      // defineProperty: a key like __proto__ must stay an own property.
      Object.defineProperty(out, name, {
        value: read(new Field(pair.key, v, at), `"${name}" in ${label}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  private stringMap(field: Field | undefined, label: string): Record<string, string> {
    return field ? this.entries(field, label, (v, itemLabel) => this.looseString(v, itemLabel)) : {};
  }
}

function displayPath(path: string): string {
  // Shown the way the user would type it from where the command runs.
  const rel = nodePath.relative(process.cwd(), path);
  return rel !== '' && !nodePath.isAbsolute(rel) ? rel : path;
}
