// Hovers on the fields the course teaches: what the field does, what it does in these manifests
// (against the file's manifest scope, with the current simulation's facts when it covers this
// version of the document), and where the course
// simplifies. Only the YAML document under the cursor is re-parsed; everything else comes from the
// cached parse, so a hover stays cheap on a file of thousands of documents.
import * as vscode from 'vscode';
import type { RawDoc } from '../engine/manifest';
import { core } from './core-loader';
import { isObj, objectRef } from './analysis/objects';
import type { Translate } from './analysis/types';
import { toPosition, type ManifestIndex } from './manifests';
import type { ScopeContexts } from './scope';
import { COMMANDS } from './commands';

const SIMULATE = COMMANDS.simulate;

export const translate: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

export class ExplainHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly index: ManifestIndex,
    private readonly contexts: ScopeContexts,
  ) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.Hover | undefined> {
    const parsed = this.index.parse(document);
    if (parsed.scenario || parsed.docs.length === 0) return undefined;
    const doc = core().docAtLine(parsed.docs, position.line + 1);
    if (!doc || !isObj(doc.body)) return undefined;
    // From the start of the document's first line, so that indentation stays as written.
    const startOffset = document.offsetAt(new vscode.Position(doc.source.start.line - 1, 0));
    const end = toPosition(doc.source.end);
    const text = document.getText(new vscode.Range(document.positionAt(startOffset), end));
    const hit = core().fieldAt(text, document.offsetAt(position) - startOffset);
    if (!hit) return undefined;
    const context = await this.contexts.contextFor(document);
    const explanation = core().explainField(doc.body, hit.path, {
      t: translate,
      set: context.set,
      cluster: context.cluster,
      run: context.run,
    });
    if (!explanation) return undefined;
    const link = context.covered ? null : simulateLink(document, doc);
    const markdown = new vscode.MarkdownString(core().renderExplanation(explanation, translate, link));
    // Only the simulate command may run from this hover; manifest text is escaped, never HTML.
    if (link !== null && explanation.dynamic) markdown.isTrusted = { enabledCommands: [SIMULATE] };
    const range = new vscode.Range(
      document.positionAt(startOffset + hit.start),
      document.positionAt(startOffset + hit.end),
    );
    return new vscode.Hover(markdown, range);
  }
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
