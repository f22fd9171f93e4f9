// The message protocol between the extension (src/extension/timeline.ts) and the timeline webview
// (src/webview/timeline/). This is the one file both sides import: it has no DOM, Node or vscode
// dependencies, so it compiles under the root tsconfig and under src/webview/tsconfig.json.
//
// Every message has a literal `type`. Messages coming FROM the webview are untrusted input (the page
// renders user manifests): the extension runs them through isWebviewMessage(), which checks every
// field and rejects unknown ones, before acting on them.
import type { ScenarioView } from '../webview/model';

/** A request step's request as it was sent: written by the scenario runner (RequestResult.sent),
 * drawn by the page's traffic card. */
export interface RequestSent {
  method: string;
  url: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  /** The pod it was sent from, null from outside the cluster (through the ingress controller). */
  from: { namespace: string; pod: string } | null;
}

/** One field of an object that differs between two versions of its manifest (`kubectl diff`). */
export interface FieldChange {
  /** `spec.template.spec.containers[0].image` */
  path: string;
  /** The value as one short line; null where the field is not set. */
  before: string | null;
  after: string | null;
}

/** An object of a "Simulate This Change" apply step: how its manifest changed (optional in a
 * step result: only that step has it). */
export interface ObjectChange {
  kind: string;
  namespace: string;
  name: string;
  /** `removed`: gone from the files; `kubectl apply` (without --prune) leaves the object running. */
  change: 'added' | 'changed' | 'unchanged' | 'removed';
  fields: FieldChange[];
  /** Differing fields beyond those listed. */
  moreFields: number;
}

/** The panel's view type: used by createWebviewPanel and registerWebviewPanelSerializer. */
export const TIMELINE_VIEW_TYPE = 'k8sSim.timeline';

// ---------------------------------------------------------------------------------------------
// Extension → webview

/**
 * Extension → webview: draw this run. `result` is the run's ScenarioResult (src/scenario/run.ts);
 * it is typed through its structural view so that this file needs no engine code (the extension's
 * ScenarioResult is assignable to it, checked where the message is built). `at` places the time
 * cursor (seconds); without it the webview keeps its cursor (clamped to the new run), or starts at
 * the end of the run.
 */
export interface ShowMessage {
  type: 'show';
  title: string;
  result: ScenarioView;
  at?: number;
  /** Said above the run, e.g. that a file with a YAML error is shown in its last valid version. */
  notice?: string;
}

/** Extension → webview: nothing to show (no simulation yet, or after a reset). */
export interface EmptyMessage {
  type: 'empty';
  title: string;
  message: string;
}

/** Extension → webview: move the time cursor (e.g. the tree view selected an event). */
export interface CursorMessage {
  type: 'cursor';
  t: number;
}

export type ExtensionToWebview = ShowMessage | EmptyMessage | CursorMessage;

// ---------------------------------------------------------------------------------------------
// Webview → extension

/** Webview → extension: the page's script is running and listens for messages. */
export interface ReadyMessage {
  type: 'ready';
}

/** Webview → extension: the user moved the time cursor (dragged, stepped or played) to `t`. */
export interface CursorMovedMessage {
  type: 'cursorMoved';
  t: number;
}

/** Webview → extension: the user opened a lane (label click / Enter): reveal the object. */
export interface RevealMessage {
  type: 'reveal';
  kind: string;
  name: string;
  namespace: string;
}

/** Webview → extension: context action on a pod or claim lane: simulate deleting it. */
export interface SimulateDeleteMessage {
  type: 'simulateDelete';
  kind: 'Pod' | 'PersistentVolumeClaim';
  name: string;
  namespace: string;
}

export type WebviewToExtension = ReadyMessage | CursorMovedMessage | RevealMessage | SimulateDeleteMessage;

/** What `reveal` and `simulateDelete` point at. */
export interface ObjectRefMessage {
  kind: string;
  name: string;
  namespace: string;
}

// ---------------------------------------------------------------------------------------------
// Webview state (vscode.setState): survives hide/show and is handed to the panel serializer.

export interface TimelineState {
  /** The title of the run the state belongs to: the cursor is restored only for the same one. */
  title: string;
  /** Time cursor, in simulated seconds. */
  t: number;
  /** Index into the zoom levels. */
  zoom: number;
  /** Scroll offsets: the lanes' scroller and the page. */
  laneScroll: number;
  pageScroll: number;
}

// ---------------------------------------------------------------------------------------------
// Validation

const MAX_NAME = 253; // a DNS subdomain: the longest Kubernetes object name
const MAX_KIND = 63;
const MAX_TIME = 1e9;
/** Kinds, names and namespaces as Kubernetes writes them; no control or markup characters. */
const NAME_RE = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const KIND_RE = /^[A-Za-z][A-Za-z0-9]*$/;
const DELETABLE = new Set(['Pod', 'PersistentVolumeClaim']);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Exactly these keys (no extra ones: unexpected input is refused, not ignored). */
function hasExactKeys(x: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(x, k));
}

export function isTime(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= MAX_TIME;
}

function isName(x: unknown): x is string {
  return typeof x === 'string' && x.length <= MAX_NAME && NAME_RE.test(x);
}

function isKind(x: unknown): x is string {
  return typeof x === 'string' && x.length <= MAX_KIND && KIND_RE.test(x);
}

/** A namespace: a name, or '' for cluster-scoped objects. */
function isNamespace(x: unknown): x is string {
  return x === '' || (isName(x) && x.length <= 63);
}

/** Validates a message from the webview: its type and every field of its payload. */
export function isWebviewMessage(x: unknown): x is WebviewToExtension {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'ready':
      return hasExactKeys(x, ['type']);
    case 'cursorMoved':
      return hasExactKeys(x, ['type', 't']) && isTime(x.t);
    case 'reveal':
      return (
        hasExactKeys(x, ['type', 'kind', 'name', 'namespace']) &&
        isKind(x.kind) &&
        isName(x.name) &&
        isNamespace(x.namespace)
      );
    case 'simulateDelete':
      return (
        hasExactKeys(x, ['type', 'kind', 'name', 'namespace']) &&
        typeof x.kind === 'string' &&
        DELETABLE.has(x.kind) &&
        isName(x.name) &&
        isNamespace(x.namespace)
      );
    default:
      return false;
  }
}

/**
 * Checks the shape of a message from the extension (the webview's side of the channel). The
 * result itself is the extension's own data and is rendered as text, so only its outline is checked.
 */
export function isExtensionMessage(x: unknown): x is ExtensionToWebview {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'show':
      return (
        typeof x.title === 'string' &&
        isRecord(x.result) &&
        Array.isArray(x.result.objects) &&
        Array.isArray(x.result.events) &&
        Array.isArray(x.result.steps) &&
        (x.at === undefined || isTime(x.at))
      );
    case 'empty':
      return typeof x.title === 'string' && typeof x.message === 'string';
    case 'cursor':
      return isTime(x.t);
    default:
      return false;
  }
}

/** Validates a persisted webview state (it comes back from disk through the serializer). */
export function isTimelineState(x: unknown): x is TimelineState {
  return (
    isRecord(x) &&
    typeof x.title === 'string' &&
    x.title.length <= 1000 &&
    isTime(x.t) &&
    typeof x.zoom === 'number' &&
    Number.isInteger(x.zoom) &&
    x.zoom >= 0 &&
    x.zoom < 16 &&
    isTime(x.laneScroll) &&
    isTime(x.pageScroll)
  );
}
