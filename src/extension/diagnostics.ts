// Problems in the open manifests, each on the field that causes it and gone once it is fixed:
// YAML errors, what kubectl or the API server would refuse (with a quick fix for a misspelled
// apiVersion/kind such as the course's `piVersion`), kinds not simulated, and the mistakes that
// only show against the other manifests: a missing headless Service, a Service selecting nothing,
// an Ingress backend or canary primary that is not there, a missing StorageClass, and replicas
// sharing a ReadWriteOnce claim across nodes (from the simulation's events when it covers the file).
import * as vscode from 'vscode';
import { DEFAULT_CLUSTER } from '../engine/types';
import { core } from './core-loader';
import type { Finding, ScenarioFacts, Severity } from './analysis/types';
import { translate } from './hover';
import type { ScopeContexts, SimulatedContext } from './scope';
import { toRange, type ManifestIndex, type ParsedFile } from './manifests';
import type { Simulator } from './session';

export const DIAGNOSTIC_SOURCE = 'K8s Sim';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

function lineTextOf(document: vscode.TextDocument): (line: number) => string | undefined {
  return (line) => (line >= 1 && line <= document.lineCount ? document.lineAt(line - 1).text : undefined);
}

function isManifestDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml';
}

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('k8s-sim');
  private readonly disposables: vscode.Disposable[] = [];
  /** The context each document was last checked in: unchanged context, unchanged findings. */
  private readonly last = new Map<string, Promise<SimulatedContext> | null>();
  /** Latest request per document: an older check finishing later is dropped. */
  private readonly requests = new Map<string, number>();
  private sequence = 0;

  constructor(
    private readonly index: ManifestIndex,
    private readonly contexts: ScopeContexts,
    private readonly simulator: Simulator,
  ) {
    this.disposables.push(
      this.collection,
      simulator.onDidChange(() => this.refreshOpen()),
      contexts.onDidChange(() => this.refreshOpen()),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
    );
  }

  /** Re-checks `document` against its manifest scope (and the simulation, when it covers it). */
  async update(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    if (!isManifestDocument(document) || document.isClosed) {
      this.clear(document.uri);
      return;
    }
    const parsed = this.index.parse(document);
    // A Scenario file, or one without documents, only gets its YAML errors.
    const pending = !parsed.scenario && parsed.docs.length > 0 ? this.contexts.contextFor(document) : null;
    if (this.last.has(key) && this.last.get(key) === pending && pending !== null) return;
    const request = ++this.sequence;
    this.requests.set(key, request);
    this.last.set(key, pending);
    const context = pending ? await pending : null;
    if (this.requests.get(key) !== request || document.isClosed) return;
    const result = context?.sim ? context.sim.run.result : null;
    const findings: Finding[] = core().checkRules(
      {
        errors: parsed.errors,
        docs: context ? parsed.docs : [],
        set: context ? context.set.map((o) => o.doc).filter((d) => d !== null) : [],
        cluster: context?.cluster ?? DEFAULT_CLUSTER,
        run: result
          ? {
              events: result.events,
              objects: result.objects,
              rejected: result.rejected,
              state: result.state,
            }
          : null,
        lineText: lineTextOf(document),
        scenario: parsed.scenario ? this.scenarioFacts(parsed) : null,
        helm: parsed.helm ? { file: parsed.label, ...parsed.helm } : null,
      },
      translate,
    );
    this.collection.set(document.uri, findings.map(toDiagnostic));
  }

  /** The failed expectations of this Scenario file, when the current simulation ran this version. */
  private scenarioFacts(parsed: ParsedFile): ScenarioFacts | null {
    const sim = this.simulator.simulation;
    const own = sim?.files[0];
    if (!sim || !own || own.uri.toString() !== parsed.uri.toString() || own.stamp !== parsed.stamp)
      return null;
    const results = sim.run.result.steps;
    return {
      steps: sim.scenario.steps.flatMap((step, i) => {
        const failed = (results[i]?.expectations ?? []).filter((e) => !e.ok).map((e) => e.text);
        return step.at.file === parsed.label && failed.length > 0 ? [{ at: step.at, failed }] : [];
      }),
    };
  }

  /** Re-checks every open YAML document: a file of its scope or the simulation may have changed. */
  refreshOpen(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (isManifestDocument(document)) void this.update(document);
    }
  }

  private clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.last.delete(uri.toString());
    this.requests.delete(uri.toString());
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
    this.last.clear();
  }
}

function toDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.code;
  return d;
}

/** "Change piVersion to apiVersion": renames a misspelled apiVersion/kind key. */
export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly index: ManifestIndex) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const typos = context.diagnostics.filter(
      (d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === 'key-typo',
    );
    if (typos.length === 0) return [];
    const parsed = this.index.parse(document);
    const lineText = lineTextOf(document);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of typos) {
      const doc = core().docAtLine(parsed.docs, diagnostic.range.start.line + 1);
      if (!doc) continue;
      for (const fix of core().keyTypoFixes(doc, translate, lineText)) {
        const range = toRange(fix.range);
        if (!range.isEqual(diagnostic.range)) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, range, fix.newText);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
    }
    return actions;
  }
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}
