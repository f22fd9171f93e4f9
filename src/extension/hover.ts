// Hovers on the fields the course teaches: what the field does, what it does in these manifests
// (from the current simulation when it covers this version of the document), and where the course
// simplifies. Only the YAML document under the cursor is re-parsed; everything else comes from the
// cached parse, so a hover stays cheap on a file of thousands of documents.
import * as vscode from 'vscode';
import { DEFAULT_CLUSTER, type ClusterConfig } from '../engine/types';
import type { RawDoc } from '../engine/manifest';
import { docAtLine, fieldAt } from './analysis/cursor';
import { explainField, renderExplanation, type RunView } from './analysis/hover';
import { isObj, objectsIn, objectRef, type ObjRef } from './analysis/objects';
import type { Translate } from './analysis/types';
import { toPosition, type ManifestIndex, type ParsedFile } from './manifests';
import type { Simulation, Simulator } from './session';
import { COMMANDS } from './commands';

const SIMULATE = COMMANDS.simulate;

export const translate: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

/** The manifests a document is simulated with, and the simulation facts when they are current. */
export interface SimulatedContext {
  set: ObjRef[];
  cluster: ClusterConfig;
  run: RunView | null;
  /** The current simulation covers this version of the document. */
  covered: boolean;
}

interface CacheEntry {
  parsed: ParsedFile;
  sim: Simulation | null;
  context: SimulatedContext;
}

export class ExplainHoverProvider implements vscode.HoverProvider {
  private cache: CacheEntry | null = null;

  constructor(
    private readonly index: ManifestIndex,
    private readonly simulator: Simulator,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const parsed = this.index.parse(document);
    if (parsed.scenario || parsed.docs.length === 0) return undefined;
    const doc = docAtLine(parsed.docs, position.line + 1);
    if (!doc || !isObj(doc.body)) return undefined;
    // From the start of the document's first line, so that indentation stays as written.
    const startOffset = document.offsetAt(new vscode.Position(doc.source.start.line - 1, 0));
    const end = toPosition(doc.source.end);
    const text = document.getText(new vscode.Range(document.positionAt(startOffset), end));
    const hit = fieldAt(text, document.offsetAt(position) - startOffset);
    if (!hit) return undefined;
    const context = this.contextFor(document, parsed);
    const explanation = explainField(doc.body, hit.path, {
      t: translate,
      set: context.set,
      cluster: context.cluster,
      run: context.run,
    });
    if (!explanation) return undefined;
    const link = context.covered ? null : simulateLink(document, doc);
    const markdown = new vscode.MarkdownString(renderExplanation(explanation, translate, link));
    // Only the simulate command may run from this hover; manifest text is escaped, never HTML.
    if (link !== null && explanation.dynamic) markdown.isTrusted = { enabledCommands: [SIMULATE] };
    const range = new vscode.Range(
      document.positionAt(startOffset + hit.start),
      document.positionAt(startOffset + hit.end),
    );
    return new vscode.Hover(markdown, range);
  }

  private contextFor(document: vscode.TextDocument, parsed: ParsedFile): SimulatedContext {
    const sim = this.simulator.simulation;
    const hit = this.cache;
    if (hit && hit.parsed === parsed && hit.sim === sim) return hit.context;
    const context = simulatedContext(document.uri, parsed, sim);
    this.cache = { parsed, sim, context };
    return context;
  }
}

/** The set a document is checked against: the simulated files (this one as parsed now), else itself. */
export function simulatedContext(
  uri: vscode.Uri,
  parsed: ParsedFile,
  sim: Simulation | null,
): SimulatedContext {
  const key = uri.toString();
  const own = sim?.files.find((f) => f.uri.toString() === key);
  if (!sim || !own)
    return { set: objectsIn(parsed.docs), cluster: DEFAULT_CLUSTER, run: null, covered: false };
  const docs = sim.files.flatMap((f) => (f.uri.toString() === key ? parsed.docs : f.docs));
  const covered = own.stamp === parsed.stamp;
  const result = sim.run.result;
  return {
    set: objectsIn(docs),
    cluster: sim.scenario.cluster,
    run: covered ? { state: result.state, events: result.events, objects: result.objects } : null,
    covered,
  };
}

/** `command:k8sSim.simulate?[target]` with the object as a CodeLens would pass it. */
function simulateLink(document: vscode.TextDocument, doc: RawDoc): string {
  const o = objectRef(doc.body);
  const target = {
    uri: document.uri.toString(),
    kind: o?.kind ?? '',
    name: o?.name ?? '',
    namespace: o?.namespace || 'default',
    line: doc.source.start.line,
  };
  return `command:${SIMULATE}?${encodeURIComponent(JSON.stringify([target]))}`;
}
