// The Test Explorer: every Scenario file of the workspace is a test item and its `expect` steps are
// the children. A run parses and runs the file exactly as `k8s-sim run` does (parseScenarioText,
// runScenario, on a worker thread of its own) and reports per item what the CLI prints; the report
// itself goes to the run's output.
// Invariants:
// - items are found lazily (when the Testing view asks) and kept up to date by a file watcher;
// - a file's children are its expect steps as last parsed; a run re-reads the file first;
// - a continuous run re-runs a scenario when it, or a manifest file it reads, is saved.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InputError, InputErrorException } from '../engine/manifest';
import type { SourceRange } from '../engine/types';
import type { Scenario } from '../scenario/scenario';
import { RunCancelled, SimulationRunner } from './worker/client';
import { looksLikeScenario, type Failure } from './analysis/scenario-tests';
import { core } from './core-loader';
import { baseDirOf, labelOf, toRange } from './manifests';

const CONTROLLER_ID = 'k8sSim.scenarios';
/** Upper bound of YAML files read when looking for scenarios (as the manifest scope has one). */
const MAX_DISCOVERED_FILES = 5000;
const YAML_GLOB = '**/*.{yaml,yml}';
const EXCLUDE_GLOB = '**/{node_modules,.git}/**';

export class ScenarioTests implements vscode.Disposable {
  private readonly controller: vscode.TestController;
  private readonly disposables: vscode.Disposable[] = [];
  /** Its own worker: a test run never cancels the editor's simulation, nor the reverse. */
  private readonly runner = new SimulationRunner();
  /** The content each changed file had when last handled (one run per content, not per event). */
  private readonly handled = new Map<string, string>();
  /** Per scenario file (uri string): the manifest files it read when last parsed. */
  private readonly reads = new Map<string, Set<string>>();
  /** Continuous runs in progress: what they cover (null: everything) and their profile. */
  private readonly continuous = new Set<{
    include: readonly vscode.TestItem[] | null;
    token: vscode.CancellationToken;
  }>();

  constructor() {
    this.controller = vscode.tests.createTestController(CONTROLLER_ID, vscode.l10n.t('K8s Sim scenarios'));
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
      else await this.refreshItem(item.uri);
    };
    this.controller.refreshHandler = async () => {
      this.controller.items.replace([]);
      await this.discover();
    };
    this.controller.createRunProfile(
      vscode.l10n.t('Run scenario'),
      vscode.TestRunProfileKind.Run,
      (request, token) => this.run(request, token),
      true,
      undefined,
      true,
    );
    const watcher = vscode.workspace.createFileSystemWatcher(YAML_GLOB);
    this.disposables.push(
      this.controller,
      watcher,
      watcher.onDidCreate((uri) => void this.refreshItem(uri)),
      watcher.onDidChange((uri) => void this.changed(uri)),
      watcher.onDidDelete((uri) => this.remove(uri)),
      vscode.workspace.onDidSaveTextDocument((d) => void this.changed(d.uri)),
      // An opened scenario is listed at once (its gutter gets the run buttons), before the
      // Testing view ever asks for the workspace's.
      vscode.workspace.onDidOpenTextDocument((d) => this.opened(d)),
    );
    setTimeout(() => vscode.workspace.textDocuments.forEach((d) => this.opened(d)), 0);
  }

  private opened(document: vscode.TextDocument): void {
    if (document.languageId !== 'yaml' || document.uri.scheme !== 'file') return;
    if (this.controller.items.get(document.uri.toString())) return;
    if (looksLikeScenario(document.getText())) void this.refreshItem(document.uri);
  }

  /** Every Scenario file of the workspace, without parsing any. */
  private async discover(): Promise<void> {
    const uris = await vscode.workspace.findFiles(YAML_GLOB, EXCLUDE_GLOB, MAX_DISCOVERED_FILES);
    for (const uri of uris) await this.refreshItem(uri, { children: false });
  }

  private async textOf(uri: vscode.Uri): Promise<string | null> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return null;
    }
  }

  /** Adds, updates or drops the item of one file; its children are parsed when shown or run. */
  private async refreshItem(uri: vscode.Uri | undefined, opts = { children: true }): Promise<void> {
    if (!uri) return;
    const text = await this.textOf(uri);
    if (text === null || !looksLikeScenario(text)) {
      this.remove(uri);
      return;
    }
    let item = this.controller.items.get(uri.toString());
    if (!item) {
      item = this.controller.createTestItem(uri.toString(), labelOf(uri), uri);
      item.canResolveChildren = true;
      this.controller.items.add(item);
    }
    if (opts.children) this.parse(item, text);
  }

  private remove(uri: vscode.Uri): void {
    this.controller.items.delete(uri.toString());
    this.reads.delete(uri.toString());
  }

  /** The file as the CLI would read it, and its expect steps as children. */
  private parse(item: vscode.TestItem, text: string): Scenario | InputErrorException {
    const uri = item.uri as vscode.Uri;
    try {
      const scenario = core().parseScenarioText(text, labelOf(uri), baseDirOf(uri));
      item.error = undefined;
      item.description = scenario.name;
      item.range = new vscode.Range(0, 0, 0, 0);
      this.reads.set(uri.toString(), readFiles(scenario, uri));
      item.children.replace(
        core()
          .expectItems(scenario)
          .map((e) => {
            const child = this.controller.createTestItem(
              `${uri.toString()}#${e.index}`,
              expectLabel(e.keys),
              uri,
            );
            child.description = e.after
              ? vscode.l10n.t('after {0}', e.after)
              : vscode.l10n.t('after the manifests are applied');
            child.range = toRange(e.at);
            return child;
          }),
      );
      return scenario;
    } catch (e) {
      if (!(e instanceof core().InputErrorException)) throw e;
      item.error = e.errors.map((x) => `${x.file}:${x.line}:${x.column}: ${x.message}`).join('\n');
      item.children.replace([]);
      return e;
    }
  }

  /** A file was saved or changed on disk: re-read it, and re-run it where a continuous run asks. */
  private async changed(uri: vscode.Uri): Promise<void> {
    // A save fires both the file watcher and onDidSaveTextDocument: handle each content once.
    const key = uri.toString();
    const text = await this.textOf(uri);
    if (text !== null && this.handled.get(key) === text) return;
    if (text === null) this.handled.delete(key);
    else this.handled.set(key, text);
    await this.refreshItem(uri);
    const affected: vscode.TestItem[] = [];
    this.controller.items.forEach((item) => {
      if (item.id === key || this.reads.get(item.id)?.has(uri.fsPath)) affected.push(item);
    });
    for (const c of this.continuous) {
      if (c.token.isCancellationRequested) {
        this.continuous.delete(c);
        continue;
      }
      const covered = affected.filter(
        (item) => c.include === null || c.include.some((i) => sameFile(i, item)),
      );
      if (covered.length > 0) {
        await this.runItems(new vscode.TestRunRequest(covered), covered, c.token);
      }
    }
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    if (request.continuous) {
      const entry = { include: request.include ?? null, token };
      this.continuous.add(entry);
      token.onCancellationRequested(() => this.continuous.delete(entry));
      return;
    }
    const roots: vscode.TestItem[] = [];
    if (request.include) {
      for (const item of request.include) {
        const root = this.controller.items.get(fileIdOf(item)) ?? item;
        if (!roots.includes(root)) roots.push(root);
      }
    } else {
      if (this.controller.items.size === 0) await this.discover();
      this.controller.items.forEach((item) => roots.push(item));
    }
    await this.runItems(request, roots, token);
  }

  private async runItems(
    request: vscode.TestRunRequest,
    roots: readonly vscode.TestItem[],
    token: vscode.CancellationToken,
  ): Promise<void> {
    const run = this.controller.createTestRun(request);
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    try {
      for (const root of roots) {
        if (excluded.has(root.id)) continue;
        if (token.isCancellationRequested) {
          run.skipped(root);
          continue;
        }
        const cancelling = token.onCancellationRequested(() => this.runner.cancel());
        const only = request.include?.filter((i) => i.id !== root.id && fileIdOf(i) === root.id) ?? [];
        try {
          await this.runOne(run, root, only.length > 0 ? new Set(only.map((i) => i.id)) : null, excluded);
        } finally {
          cancelling.dispose();
        }
      }
    } finally {
      run.end();
    }
  }

  /** One scenario file: its report to the output, an outcome per expect step and for the file. */
  private async runOne(
    run: vscode.TestRun,
    root: vscode.TestItem,
    only: ReadonlySet<string> | null,
    excluded: ReadonlySet<string>,
  ): Promise<void> {
    const uri = root.uri as vscode.Uri;
    const text = await this.textOf(uri);
    if (text === null) {
      run.errored(root, new vscode.TestMessage(vscode.l10n.t('The file could not be read.')));
      return;
    }
    const parsed = this.parse(root, text);
    const children: vscode.TestItem[] = [];
    root.children.forEach((c) => {
      if (!excluded.has(c.id) && (only === null || only.has(c.id))) children.push(c);
    });
    if (parsed instanceof core().InputErrorException) {
      run.errored(
        root,
        parsed.errors.map((e) => inputMessage(e, uri)),
      );
      return;
    }
    run.started(root);
    for (const c of children) run.started(c);
    const began = Date.now();
    let result;
    try {
      // On the worker thread, as the editor's simulations: the same parse and run as `k8s-sim run`.
      const scenarioRun = await this.runner.run({
        scenario: { text, label: labelOf(uri), baseDir: baseDirOf(uri) },
        title: parsed.name,
        files: [],
        base: null,
        steps: [],
      });
      result = scenarioRun.result;
      core().writeRun(parsed, scenarioRun, { color: true }, (line) =>
        run.appendOutput(`${line}\r\n`, undefined, root),
      );
    } catch (e) {
      if (e instanceof RunCancelled) {
        run.skipped(root);
        for (const c of children) run.skipped(c);
        return;
      }
      // The CLI's exit 2: bad input found while running, or a limit reached.
      run.errored(root, new vscode.TestMessage(e instanceof Error ? e.message : String(e)));
      for (const c of children)
        run.errored(c, new vscode.TestMessage(vscode.l10n.t('The scenario did not run to its end.')));
      return;
    }
    const duration = Date.now() - began;
    const outcomes = core().outcomesOf(parsed, result);
    for (const c of children) {
      const index = Number(c.id.slice(c.id.lastIndexOf('#') + 1));
      const failures = outcomes.steps.get(index) ?? [];
      if (failures.length === 0) run.passed(c);
      else
        run.failed(
          c,
          failures.map((f) => failureMessage(f, uri)),
        );
    }
    if (outcomes.ok) {
      run.passed(root, duration);
      return;
    }
    // The CLI's closing line, without a place (each failure is shown at its own step).
    const summary = new vscode.TestMessage(
      vscode.l10n.t('{0}: {1} of {2} expectations failed', parsed.name, outcomes.failed, outcomes.checked),
    );
    run.failed(root, [summary, ...outcomes.fileFailures.map((f) => failureMessage(f, uri))], duration);
  }

  dispose(): void {
    this.runner.dispose();
    for (const d of this.disposables.reverse()) d.dispose();
  }
}

/** The id of the file item an item belongs to (children are `<file id>#<step index>`). */
function fileIdOf(item: vscode.TestItem): string {
  const hash = item.id.lastIndexOf('#');
  return hash < 0 ? item.id : item.id.slice(0, hash);
}

function sameFile(a: vscode.TestItem, b: vscode.TestItem): boolean {
  return fileIdOf(a) === fileIdOf(b);
}

/** `pods, ready` → the child's label. */
function expectLabel(keys: readonly string[]): string {
  return vscode.l10n.t('expect {0}', keys.join(', '));
}

/** The manifest files a scenario reads (its `file:` entries), as file system paths. */
function readFiles(scenario: Scenario, uri: vscode.Uri): Set<string> {
  const own = labelOf(uri);
  const out = new Set<string>();
  for (const doc of scenario.manifests) {
    if (doc.source.file === own) continue;
    // Labels of manifest files are relative to the working directory (as the CLI shows them).
    out.add(path.resolve(doc.source.file));
  }
  return out;
}

function locationOf(at: SourceRange, uri: vscode.Uri): vscode.Location {
  return new vscode.Location(uri, toRange(at));
}

function failureMessage(f: Failure, uri: vscode.Uri): vscode.TestMessage {
  const message =
    f.expected !== undefined && f.actual !== undefined
      ? vscode.TestMessage.diff(f.text, f.expected, f.actual)
      : new vscode.TestMessage(f.text);
  message.location = locationOf(f.at, uri);
  return message;
}

function inputMessage(e: InputError, uri: vscode.Uri): vscode.TestMessage {
  const message = new vscode.TestMessage(`${e.file}:${e.line}:${e.column}: ${e.message}`);
  if (e.file === labelOf(uri)) {
    const at = new vscode.Position(Math.max(0, e.line - 1), Math.max(0, e.column - 1));
    message.location = new vscode.Location(uri, at);
  }
  return message;
}
