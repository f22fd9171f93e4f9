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
import { isScalar, isSeq, type Scalar } from 'yaml';
import { replicasLimitError, type RawDoc } from '../engine/manifest';
import { KIND_TABLE, SCALABLE_KINDS, isNamespaced, resolveKind } from '../engine/kinds';
import {
  describeFsError,
  listYamlFiles,
  loadManifestFile,
  loadManifestText,
  parseYamlText,
  readInputFile,
  templateError,
  InputBudget,
  type LoadOptions,
  type ParsedYamlDoc,
} from '../engine/loader';
import type { SourceRange } from '../engine/types';
import type { DeleteStep, Expectation, ScaleStep, Scenario, Step, StepType } from './scenario';
import { MAX_DURATION_SECONDS, parseDuration } from './duration';
import { Field, lineError, type Fields } from './yaml-fields';
import { ClusterReader, defaultCluster } from './parse-cluster';
import { NODE_ACTIONS } from '../engine/node-actions';
import { ROLLOUT_ACTIONS, ROLLOUT_KINDS, type RolloutKind } from '../engine/rollout';

export { MAX_DURATION_SECONDS, parseDuration };

const API_VERSION = 'k8s-sim/v1';
const DEFAULT_SEED = 1;
const DEFAULT_SETTLE_LIMIT = 3600;
const MAX_REQUEST_COUNT = 1_000_000;
const COMMAND_LINE = '<command line>';

const STEP_TYPES: readonly StepType[] = [
  'apply',
  'scale',
  'delete',
  'readiness',
  'node',
  'crash',
  'rollout',
  'wait',
  'request',
  'resolve',
  'expect',
];
/** Steps that do something and then settle (`for:` stops them early); the others observe. */
const OBSERVING_STEPS: readonly StepType[] = ['wait', 'request', 'resolve', 'expect'];
const SETTLING_STEPS: readonly StepType[] = STEP_TYPES.filter((t) => !OBSERVING_STEPS.includes(t));
const EXPECT_KEYS = [
  'pods',
  'pvcs',
  'ready',
  'podNodes',
  'status',
  'restarts',
  'readyColumn',
  'nodes',
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
  // A Helm template inlined in a scenario is refused where its manifest is parsed, at its own
  // place; the file itself is a template only when it is not a scenario.
  let docs: ParsedYamlDoc[];
  try {
    docs = parseYamlText(source, file, { templateCheck: false });
  } catch (e) {
    throw templateError(source, file) ?? e;
  }
  if (docs.length === 0 || !isScenarioBody(docs[0].raw.body)) {
    const template = templateError(source, file);
    if (template) throw template;
  }
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

class Reader extends ClusterReader {
  /** Bytes of the scenario and every file it names, each time named (MAX_RUN_INPUT_BYTES). */
  private readonly budget = new InputBudget();
  /** The cluster's nodes, which `node` steps must name (contract 5.2). */
  private nodeNames: string[] = [];

  constructor(
    parsed: ParsedYamlDoc,
    file: string,
    text: string,
    private readonly baseDir: string,
  ) {
    super(parsed, file, text);
    this.budget.add(Buffer.byteLength(text));
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
    const cluster = clusterField ? this.cluster(clusterField) : defaultCluster();
    this.nodeNames = cluster.nodes.map((n) => n.name);
    return {
      origin: 'scenario',
      name,
      description: annotations.description ?? null,
      file: this.file,
      seed: seedField ? this.integer(seedField, '"seed" in spec', -Number.MAX_SAFE_INTEGER) : DEFAULT_SEED,
      settleLimit,
      cluster,
      manifests: manifestsField
        ? this.list(manifestsField, '"manifests" in spec').flatMap((m) =>
            this.manifestEntry(m, 'manifest entry'),
          )
        : [],
      steps: stepsField ? this.list(stepsField, '"steps" in spec').map((s, i) => this.step(s, i)) : [],
    };
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
        const keys = ['kind', 'name', 'namespace', 'gracePeriod', 'cascade'];
        const b = this.fields(body, bodyWhat, keys, 'a map', forHint);
        const kind = this.kind(b);
        const grace = b.get('gracePeriod');
        const cascade = b.get('cascade');
        return {
          ...(cascade
            ? {
                cascade: this.oneOf(cascade, b.label('cascade'), [
                  'background',
                  'foreground',
                  'orphan',
                ] as const),
              }
            : {}),
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
      case 'node': {
        const b = this.fields(body, bodyWhat, ['name', 'action', 'taint'], 'a map', forHint);
        const nameField = b.required('name');
        const name = this.name(nameField, b.label('name'));
        if (!this.nodeNames.includes(name)) {
          this.fail(
            nameField.at,
            `${b.label('name')}: no node "${name}" in the cluster (nodes: ${this.nodeNames.join(', ')})`,
          );
        }
        const action = this.oneOf(b.required('action'), b.label('action'), NODE_ACTIONS);
        const taintField = b.get('taint');
        const tainting = action === 'taint' || action === 'untaint';
        if (tainting && !taintField)
          this.fail(
            b.required('action').at,
            `${b.label('action')} ${action} needs "taint: {key, value, effect}"`,
          );
        if (!tainting && taintField)
          this.fail(
            taintField.key,
            `"taint" applies only to the taint and untaint actions, not to ${action}`,
          );
        return {
          type,
          at,
          for: forSeconds,
          name,
          action,
          ...(taintField ? { taint: this.taint(taintField.value) } : {}),
        };
      }
      case 'crash': {
        const b = this.fields(
          body,
          bodyWhat,
          ['pod', 'namespace', 'container', 'exitCode'],
          'a map',
          forHint,
        );
        const container = b.get('container');
        const exitCode = b.get('exitCode');
        return {
          type,
          at,
          for: forSeconds,
          namespace: this.namespace(b),
          pod: this.name(b.required('pod'), b.label('pod')),
          container: container ? this.name(container, b.label('container')) : null,
          // A crash: exit code 1 unless written.
          exitCode: exitCode ? this.integer(exitCode, b.label('exitCode'), 0, 255) : 1,
        };
      }
      case 'rollout': {
        const keys = ['kind', 'name', 'namespace', 'action', 'toRevision'];
        const b = this.fields(body, bodyWhat, keys, 'a map', forHint);
        const kindField = b.required('kind');
        const kind = this.kind(b);
        if (!(ROLLOUT_KINDS as readonly string[]).includes(kind)) {
          this.fail(
            kindField.at,
            `${kind} has no rollout (kubectl rollout works on ${ROLLOUT_KINDS.join(' and ')}, and DaemonSets)`,
          );
        }
        const actionField = b.required('action');
        const action = this.oneOf(actionField, b.label('action'), ROLLOUT_ACTIONS);
        if ((action === 'pause' || action === 'resume') && kind !== 'Deployment') {
          this.fail(
            actionField.at,
            `rollout ${action} works on Deployments only (kubectl: ${kind === 'StatefulSet' ? 'statefulsets' : kind}.apps ${action === 'pause' ? 'pausing' : 'resuming'} is not supported)`,
          );
        }
        const toRevision = b.get('toRevision');
        if (toRevision && action !== 'undo')
          this.fail(toRevision.key, `"toRevision" applies only to rollout undo`);
        return {
          type,
          at,
          for: forSeconds,
          kind: kind as RolloutKind,
          namespace: this.namespace(b),
          name: this.name(b.required('name'), b.label('name')),
          action,
          toRevision: toRevision ? this.integer(toRevision, b.label('toRevision'), 1) : 0,
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
          ...this.fromPod(from, b.label('from')),
        };
      }
      case 'resolve': {
        const b = this.fields(body, bodyWhat, ['name', 'from']);
        const from = b.get('from');
        return {
          type,
          at,
          name: this.name(b.required('name'), b.label('name')),
          ...this.fromPod(from, b.label('from')),
        };
      }
      case 'expect':
        return { type, at, expect: this.expectation(body) };
    }
  }

  /** `from: pod` or `from: namespace/pod` (contract 5.2). */
  private fromPod(field: Field | undefined, label: string): { from: string | null; fromNamespace: string } {
    if (!field) return { from: null, fromNamespace: 'default' };
    const text = this.name(field, label);
    const parts = text.split('/');
    if (parts.length > 2 || parts.some((p) => p === '')) {
      this.fail(field.at, `${label} must be a pod name or namespace/pod (got "${text}")`);
    }
    return parts.length === 2
      ? { from: parts[1], fromNamespace: parts[0] }
      : { from: text, fromNamespace: 'default' };
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
        case 'restarts':
          e.restarts = this.entries(v, label, (value, itemLabel) => this.integer(value, itemLabel, 0));
          break;
        case 'status':
        case 'readyColumn':
        case 'nodes':
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
}

function displayPath(path: string): string {
  // Shown the way the user would type it from where the command runs.
  const rel = nodePath.relative(process.cwd(), path);
  return rel !== '' && !nodePath.isAbsolute(rel) ? rel : path;
}
