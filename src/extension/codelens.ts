// CodeLens above workloads, Ingresses and Scenario files. Lenses are listed from the cached
// parse only (cheap on a 2,000-document file), with their commands: a title is one l10n lookup,
// and a lens that comes resolved saves the editor a round trip to the extension host per lens.
import * as vscode from 'vscode';
import type { ManifestIndex } from './manifests';
import { objectOf, toPosition } from './manifests';
import { isWorkloadKind } from '../engine/kinds';
import { COMMANDS } from './commands';
import type { ChangeTracker } from './git';
import { ALL_LENSES_UP_TO, documentsForLenses, type LineRange } from './analysis/lens-window';

/** How long scrolling must pause before a large file's lenses are listed again. */
const SCROLL_PAUSE_MS = 100;

/** The 1-based line ranges the editors showing `document` have on screen. */
function visibleLines(document: vscode.TextDocument): LineRange[] {
  const out: LineRange[] = [];
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor.document !== document) continue;
    for (const r of editor.visibleRanges) out.push([r.start.line + 1, r.end.line + 1]);
  }
  return out;
}

/** What a lens (and the commands it runs) points at. */
export interface ObjectTarget {
  uri: string;
  kind: string;
  name: string;
  namespace: string;
  /** 1-based line of the object's document. */
  line: number;
}

type LensAction = 'simulate' | 'scale' | 'delete' | 'traffic' | 'scenario' | 'stale' | 'change';

const LENS_COMMANDS: Record<LensAction, { command: string; title: (target: ObjectTarget) => string }> = {
  simulate: { command: COMMANDS.simulate, title: () => vscode.l10n.t('$(play) Simulate') },
  scale: { command: COMMANDS.simulateScale, title: () => vscode.l10n.t('Simulate scale…') },
  delete: { command: COMMANDS.simulateDelete, title: () => vscode.l10n.t('Simulate delete…') },
  traffic: { command: COMMANDS.simulateTraffic, title: () => vscode.l10n.t('Simulate traffic…') },
  scenario: { command: COMMANDS.runScenario, title: () => vscode.l10n.t('$(play) Run scenario') },
  change: {
    command: COMMANDS.simulateChange,
    title: () => vscode.l10n.t('$(git-compare) Simulate this change'),
  },
  // The target's line is the error's: the lens goes there.
  stale: {
    command: COMMANDS.revealSource,
    title: (target) =>
      vscode.l10n.t('$(warning) YAML error on line {0}: showing the last valid version', target.line),
  },
};

/** A lens with its command: the action's title, run on `target`. */
function k8sLens(range: vscode.Range, action: LensAction, target: ObjectTarget): vscode.CodeLens {
  const c = LENS_COMMANDS[action];
  return new vscode.CodeLens(range, { command: c.command, title: c.title(target), arguments: [target] });
}

export class SimulateCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when whether a file differs from its base became known, or when a large file scrolled. */
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private scrolled: NodeJS.Timeout | undefined;

  constructor(
    private readonly index: ManifestIndex,
    private readonly changes?: ChangeTracker,
  ) {
    if (changes) this.disposables.push(changes.onDidChange(() => this.changed.fire()));
    this.disposables.push(
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        // Only large files list lenses by what is visible; ask again once scrolling pauses.
        const document = e.textEditor.document;
        if (document.languageId !== 'yaml' || this.index.lastValid(document).docs.length <= ALL_LENSES_UP_TO)
          return;
        clearTimeout(this.scrolled);
        this.scrolled = setTimeout(() => this.changed.fire(), SCROLL_PAUSE_MS);
      }),
    );
  }

  dispose(): void {
    clearTimeout(this.scrolled);
    for (const d of this.disposables) d.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // While a line is half typed, the lenses of the last valid version stay (and say so).
    const parsed = this.index.lastValid(document);
    const uri = document.uri.toString();
    if (parsed.scenario) {
      const range = new vscode.Range(0, 0, 0, 0);
      const target = { uri, kind: 'Scenario', name: parsed.scenario.name, namespace: '', line: 1 };
      return [k8sLens(range, 'scenario', target)];
    }
    const lenses: vscode.CodeLens[] = [];
    // The file differs from git HEAD (or from its saved version outside git).
    if (parsed.docs.length > 0 && this.changes?.differs(document)) {
      const target = { uri, kind: 'Change', name: '', namespace: '', line: 1 };
      lenses.push(k8sLens(new vscode.Range(0, 0, 0, 0), 'change', target));
    }
    if (parsed.stale) {
      const line = Math.max(0, parsed.stale.line - 1);
      const range = new vscode.Range(0, 0, 0, 0);
      const target = { uri, kind: 'YAML', name: '', namespace: '', line: line + 1 };
      lenses.push(k8sLens(range, 'stale', target));
    }
    for (const doc of documentsForLenses(parsed.docs, visibleLines(document))) {
      const obj = objectOf(doc);
      if (!obj) continue;
      const start = toPosition(doc.source.start);
      const range = new vscode.Range(start, start);
      const target: ObjectTarget = {
        uri,
        kind: obj.kind,
        name: obj.name,
        namespace: obj.namespace,
        line: doc.source.start.line,
      };
      if (isWorkloadKind(obj.kind)) {
        for (const action of ['simulate', 'scale', 'delete'] as const)
          lenses.push(k8sLens(range, action, target));
      } else if (obj.kind === 'Ingress') {
        lenses.push(k8sLens(range, 'simulate', target), k8sLens(range, 'traffic', target));
      }
    }
    return lenses;
  }
}
