// The extension's context: owns every disposable, registers the commands in one place and
// wires the providers to the one Simulator. Activation creates objects only — no parsing and no
// simulation happen until the user opens a YAML file or runs a command.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ManifestIndex, labelOf, objectOf } from './manifests';
import { readSettings, SETTINGS_SECTION, type Settings } from './settings';
import { COMMANDS, type CommandName } from './commands';
import { Simulator, stepRange, type Discarded, type Simulation } from './session';
import { scenarioText } from './scenarioText';
import { SimulateCodeLensProvider, type ObjectTarget } from './codelens';
import { isWorkloadKind } from '../engine/kinds';
import { ClusterTree, type TreeNode } from './tree';
import { TimelineController } from './timeline';
import { ExplainHoverProvider } from './hover';
import { DiagnosticsController, QuickFixProvider } from './diagnostics';
import { ScopeContexts } from './scope';
import type { CrashStep, DeleteStep, NodeStep, RequestStep, ScaleStep } from '../scenario/scenario';
import { NODE_ACTION_TITLES, nodeOf, pickNode, pickPod } from './failures';
import { WorkloadOwners } from '../scenario/ownership';
import type { FileObject } from './analysis/picks';
import { pickObject, pickReplicas, pickVictim } from './picks';
import { askTraffic, defaultUrl, trafficOptions } from './traffic-input';
import { ScenarioTests } from './testing';
import { Lessons } from './walkthrough';
import { BaseVersions, ChangeTracker, type BaseSource } from './git';
import type { ChangeBase } from './session';
import type { ParsedFile } from './manifests';
import type { RawDoc } from '../engine/manifest';
import { core, coreLoaded } from './core-loader';
import type { SourceText } from './worker/request';

const YAML: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
  { language: 'yaml', scheme: 'vscode-remote' },
  { language: 'yaml', scheme: 'vscode-vfs' },
];

/** What the extension hands to its tests (the `activate` return value). */
export interface K8sSimApi {
  readonly index: ManifestIndex;
  readonly simulator: Simulator;
  /** The one time cursor and the sidebar that follows it (for the extension's tests). */
  readonly timeline: TimelineController;
  readonly tree: ClusterTree;
  /** Whether the heavy half (parser, engine, analysis) was loaded yet: activation never loads it. */
  readonly coreLoaded: boolean;
}

export class Ctx implements vscode.Disposable, K8sSimApi {
  readonly index = new ManifestIndex();
  readonly simulator: Simulator;
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly timeline: TimelineController;
  readonly tree: ClusterTree;
  private readonly diagnostics: DiagnosticsController;
  private readonly contexts: ScopeContexts;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly bases = new BaseVersions();
  private readonly changes = new ChangeTracker(this.bases);
  private readonly lessons: Lessons;
  private readonly lenses: SimulateCodeLensProvider;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.simulator = new Simulator(
      this.index,
      () => this.settings().manifestScope,
      extension.workspaceState,
      (files) => this.changeBase(files),
    );
    this.timeline = new TimelineController(extension, this.simulator);
    this.lenses = new SimulateCodeLensProvider(this.index, this.changes);
    this.lessons = new Lessons(extension, this.simulator, () => this.simulate(undefined));
    this.tree = new ClusterTree(this.simulator);
    this.contexts = new ScopeContexts(this.index, this.simulator, () => this.settings().manifestScope);
    this.diagnostics = new DiagnosticsController(this.index, this.contexts, this.simulator);
    this.subscriptions.push(
      this.simulator,
      this.contexts,
      this.timeline,
      this.tree,
      this.diagnostics,
      new ScenarioTests(),
      this.lessons,
      this.simulator.onDidDiscard((d) => void this.offerRestore(d).catch((e: unknown) => this.report(e))),
      this.timeline.onDidMoveCursor((t) => this.tree.setCursor(t)),
      this.timeline.onDidRequestReveal((o) => this.revealObject(o.kind, o.name, o.namespace)),
      this.timeline.onDidRequestDelete((o) =>
        vscode.commands.executeCommand(
          COMMANDS.simulateDelete,
          this.ownerTarget(o.kind, o.name, o.namespace),
          o.name,
        ),
      ),
      this.bases,
      this.changes,
      this.lenses,
      vscode.languages.registerCodeLensProvider(YAML, this.lenses),
      vscode.languages.registerHoverProvider(YAML, new ExplainHoverProvider(this.index, this.contexts)),
      vscode.languages.registerCodeActionsProvider(YAML, new QuickFixProvider(this.index), {
        providedCodeActionKinds: QuickFixProvider.providedCodeActionKinds,
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.index.forget(d.uri)),
    );
    this.registerCommands();
    // Diagnostics for YAML files already open when the extension starts (deferred, not in activate's time).
    setTimeout(() => vscode.workspace.textDocuments.forEach((d) => this.schedule(d)), 0);
    // After a window reload, the simulation comes back (also deferred).
    setTimeout(() => void this.simulator.resume().catch((e: unknown) => this.report(e)), 0);
  }

  get coreLoaded(): boolean {
    return coreLoaded();
  }

  private settings(): Settings {
    return readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
  }

  /** Re-simulate and re-check after a short pause in typing. */
  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== 'yaml') return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    const delay = this.settings().debounceMs;
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        // Every open manifest: the edited file may be in another one's scope.
        this.diagnostics.refreshOpen();
        void this.simulator.refresh(document).catch((e: unknown) => this.report(e));
      }, delay),
    );
  }

  private registerCommands(): void {
    const commands: Record<CommandName, (...args: unknown[]) => unknown> = {
      simulate: (arg) => this.simulate(arg),
      simulateScale: (arg, replicas) => this.simulateScale(arg, replicas),
      simulateDelete: (arg, victim) => this.simulateDelete(arg, victim),
      simulateTraffic: (arg, options) => this.simulateTraffic(arg, options),
      simulateNodeFailure: (arg, node) => this.simulateNode('fail', arg, node),
      simulateNodeRecovery: (arg, node) => this.simulateNode('recover', arg, node),
      simulateCordon: (arg, node) => this.simulateNode('cordon', arg, node),
      simulateUncordon: (arg, node) => this.simulateNode('uncordon', arg, node),
      simulateDrain: (arg, node) => this.simulateNode('drain', arg, node),
      simulateCrash: (arg, pod, container) => this.simulateCrash(arg, pod, container),
      simulateChange: (arg) => this.simulateChange(arg),
      runScenario: (arg) => this.simulate(arg),
      openLesson: (arg) => this.lessons.open(arg),
      saveAsScenario: () => this.saveAsScenario(),
      showTimeline: () => this.showTimeline(),
      reset: () => this.simulator.reset(),
      undoStep: () => this.undoStep(),
      revealSource: (arg) => this.revealSource(arg),
    };
    for (const [name, run] of Object.entries(commands)) {
      this.subscriptions.push(
        vscode.commands.registerCommand(COMMANDS[name as CommandName], async (...args: unknown[]) => {
          try {
            return await run(...args);
          } catch (e) {
            this.report(e);
            return undefined;
          }
        }),
      );
    }
  }

  private report(e: unknown): void {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('K8s Sim: {0}', e instanceof Error ? e.message : String(e)),
    );
  }

  /**
   * The object a command was invoked on: a CodeLens target or a tree item; from the palette, the
   * object under the cursor when `command` applies to it, else the file's only such object, else
   * one the user picks. Null when the user cancels the pick.
   */
  private async resolve(
    arg: unknown,
    command?: CommandObjects,
  ): Promise<{ document: vscode.TextDocument; target: ObjectTarget | null } | null> {
    const target = asTarget(arg);
    if (target && target.uri) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
      return { document, target };
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new Error(vscode.l10n.t('open a Kubernetes manifest first'));
    const document = editor.document;
    if (target || !command) return { document, target };
    const chosen = core().commandTarget(
      this.index.parse(document).docs,
      editor.selection.active.line + 1,
      command.applies,
    );
    let object: FileObject | undefined;
    if ('target' in chosen) object = chosen.target;
    else if (chosen.candidates.length === 0) {
      if (command.optional) return { document, target: null };
      throw new Error(command.none());
    } else {
      object = await pickObject(chosen.candidates, command.title());
      if (!object) return null;
    }
    return { document, target: { uri: document.uri.toString(), ...object } };
  }

  private async simulate(arg: unknown): Promise<Simulation | undefined> {
    const resolved = await this.resolve(arg);
    if (!resolved) return undefined;
    const { document, target } = resolved;
    const sim = await this.simulator.simulate(document, target ? titleOf(target) : undefined);
    this.timeline.show();
    return sim ?? undefined;
  }

  /**
   * Simulate This Change: the cluster starts from the scope's files at git HEAD (or as saved,
   * outside git), settles, then the files as they are in the editor are applied.
   */
  private async simulateChange(arg: unknown): Promise<Simulation | undefined> {
    const resolved = await this.resolve(arg);
    if (!resolved) return undefined;
    const { document } = resolved;
    if (this.index.parse(document).scenario) {
      throw new Error(vscode.l10n.t('Simulate This Change works on manifest files, not on a scenario'));
    }
    const files = await this.index.collect(document, this.settings().manifestScope, true);
    const base = await this.changeBase(files);
    const changed = core()
      .objectChanges(
        base.docs,
        files.flatMap((f) => f.docs),
      )
      .some((c) => c.change !== 'unchanged');
    if (!changed) {
      const from =
        base.source.kind === 'git'
          ? vscode.l10n.t('git HEAD ({0})', base.source.commit.slice(0, 7))
          : vscode.l10n.t('their saved version');
      void vscode.window.showInformationMessage(
        vscode.l10n.t('K8s Sim: nothing to simulate: the manifests here are as in {0}.', from),
      );
      return undefined;
    }
    const title = vscode.l10n.t('{0}: this change', labelOf(document.uri));
    const sim = await this.simulator.simulateChange(files, base, title);
    this.timeline.show();
    return sim ?? undefined;
  }

  /** The base version of a scope's files: each at git HEAD, or as saved outside a repository. */
  private async changeBase(files: ParsedFile[]): Promise<ChangeBase> {
    const docs: RawDoc[] = [];
    const texts: SourceText[] = [];
    let source: BaseSource = { kind: 'saved' };
    for (const f of files) {
      const base = await this.bases.of(f.uri);
      if (base.source.kind === 'git') source = base.source;
      if (base.text === null) continue;
      try {
        docs.push(...core().loadManifestText(base.text, f.label));
        texts.push({ text: base.text, label: f.label });
      } catch {
        // That version did not parse (or was a template): the change starts without its objects.
      }
    }
    return { docs, files: texts, source };
  }

  /** `replicas` (optional) skips the quick pick: for keybindings, scripts and tests. */
  private async simulateScale(arg: unknown, replicasArg?: unknown): Promise<Simulation | undefined> {
    const resolved = await this.resolve(arg, SCALABLE);
    if (!resolved) return undefined;
    const { document, target } = resolved;
    if (!target || !isWorkloadKind(target.kind)) {
      throw new Error(vscode.l10n.t('scale works on a StatefulSet, ReplicaSet or Deployment'));
    }
    const replicas =
      typeof replicasArg === 'number' && Number.isInteger(replicasArg) && replicasArg >= 0
        ? replicasArg
        : await pickReplicas(target, this.replicasNow(document, target));
    if (replicas === undefined) return undefined;
    const step: ScaleStep = {
      type: 'scale',
      at: stepRange(labelOf(document.uri), target.line),
      for: null,
      kind: target.kind,
      namespace: target.namespace,
      name: target.name,
      replicas,
    };
    const sim = await this.simulator.addStep(document, step, titleOf(target));
    this.timeline.show();
    return sim ?? undefined;
  }

  /** `victimArg` (optional): the pod name to delete, skipping the quick pick. */
  private async simulateDelete(arg: unknown, victimArg?: unknown): Promise<Simulation | undefined> {
    const resolved = await this.resolve(arg, DELETABLE);
    if (!resolved) return undefined;
    const { document, target } = resolved;
    if (!target) throw new Error(vscode.l10n.t('choose an object to delete'));
    let victim: { kind: string; name: string } | undefined = { kind: target.kind, name: target.name };
    if (typeof victimArg === 'string' && victimArg !== '') {
      victim = { kind: 'Pod', name: victimArg };
    } else if (target.kind !== 'Pod' && target.kind !== 'PersistentVolumeClaim') {
      let sim = this.simulator.simulation;
      if (!sim || !sim.files.some((f) => f.uri.toString() === document.uri.toString())) {
        sim = await this.simulator.simulate(document, titleOf(target));
      }
      if (!sim) return undefined;
      victim = await pickVictim(sim, target);
    }
    if (!victim) return undefined;
    const step: DeleteStep = {
      type: 'delete',
      at: stepRange(labelOf(document.uri), target.line),
      for: null,
      kind: victim.kind,
      namespace: target.namespace,
      name: victim.name,
      gracePeriod: null,
    };
    const sim = await this.simulator.addStep(document, step, titleOf(target));
    this.timeline.show();
    return sim ?? undefined;
  }

  /** `options` ({url, count, headers, cookies}) skips the input boxes: for scripts and tests. */
  private async simulateTraffic(arg: unknown, options?: unknown): Promise<Simulation | undefined> {
    const resolved = await this.resolve(arg, ROUTABLE);
    if (!resolved) return undefined;
    const { document, target } = resolved;
    const given = trafficOptions(options);
    const request = given ?? (await askTraffic(defaultUrl(this.index, document, target)));
    if (!request) return undefined;
    const { url, count, headers, cookies } = request;
    const step: RequestStep = {
      type: 'request',
      at: stepRange(labelOf(document.uri), target?.line ?? 1),
      url,
      headers,
      cookies,
      count,
      from: null,
      fromNamespace: 'default',
    };
    const sim = await this.simulator.addStep(document, step, target ? titleOf(target) : undefined);
    this.timeline.show();
    return sim ?? undefined;
  }

  /** The simulation a failure what-if adds to: the current one, else one of the active file. */
  private async currentSimulation(): Promise<{ sim: Simulation; document: vscode.TextDocument }> {
    let sim = this.simulator.simulation;
    if (!sim) {
      const editor = vscode.window.activeTextEditor;
      if (!editor) throw new Error(vscode.l10n.t('open a Kubernetes manifest first'));
      sim = await this.simulator.simulate(editor.document);
    }
    if (!sim) throw new Error(vscode.l10n.t('a newer simulation started meanwhile; try again'));
    const document = await vscode.workspace.openTextDocument(sim.files[0].uri);
    return { sim, document };
  }

  /** `nodeArg` (optional): the node's name, skipping the quick pick (scripts and tests). */
  private async simulateNode(
    action: NodeStep['action'],
    arg: unknown,
    nodeArg?: unknown,
  ): Promise<Simulation | undefined> {
    const { sim, document } = await this.currentSimulation();
    const title = NODE_ACTION_TITLES[action as keyof typeof NODE_ACTION_TITLES]();
    const node =
      typeof nodeArg === 'string' && nodeArg !== '' ? nodeArg : (nodeOf(arg) ?? (await pickNode(sim, title)));
    if (!node) return undefined;
    if (!sim.run.result.state.nodes.some((n) => n.name === node)) {
      throw new Error(vscode.l10n.t('no node {0} in the simulated cluster', node));
    }
    const step: NodeStep = {
      type: 'node',
      at: stepRange(labelOf(document.uri), 1),
      for: null,
      name: node,
      action,
    };
    const next = await this.simulator.addStep(document, step, sim.title);
    this.timeline.show();
    return next ?? undefined;
  }

  /** `podArg`, `containerArg` (optional) skip the quick pick; the container defaults to the first. */
  private async simulateCrash(
    arg: unknown,
    podArg?: unknown,
    containerArg?: unknown,
  ): Promise<Simulation | undefined> {
    const { sim, document } = await this.currentSimulation();
    const target = asTarget(arg);
    const pod =
      typeof podArg === 'string' && podArg !== ''
        ? { name: podArg, namespace: target?.namespace ?? 'default' }
        : target?.kind === 'Pod'
          ? { name: target.name, namespace: target.namespace }
          : await pickPod(sim);
    if (!pod) return undefined;
    const step: CrashStep = {
      type: 'crash',
      at: stepRange(labelOf(document.uri), 1),
      for: null,
      namespace: pod.namespace,
      pod: pod.name,
      container: typeof containerArg === 'string' && containerArg !== '' ? containerArg : null,
      exitCode: 1,
    };
    const next = await this.simulator.addStep(document, step, sim.title);
    this.timeline.show();
    return next ?? undefined;
  }

  private async undoStep(): Promise<Simulation | undefined> {
    const sim = await this.simulator.undoStep();
    if (!sim) {
      void vscode.window.showInformationMessage(vscode.l10n.t('K8s Sim: no added step to undo'));
      return undefined;
    }
    this.timeline.show();
    return sim;
  }

  /** Said when a simulation of another scope replaced one with added steps, with a way back. */
  private async offerRestore(discarded: Discarded): Promise<void> {
    const restore = vscode.l10n.t('Restore');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'K8s Sim: the {0} step(s) added to {1} were set aside for this simulation.',
        discarded.steps,
        discarded.title,
      ),
      restore,
    );
    if (choice !== restore) return;
    if (await this.simulator.restore()) this.timeline.show();
  }

  /** The workload's replicas now: at the end of the current simulation of its file, else as written. */
  private replicasNow(document: vscode.TextDocument, target: ObjectTarget): number {
    const sim = this.simulator.simulation;
    const covers = sim?.files.some((f) => f.uri.toString() === document.uri.toString()) ?? false;
    const doc = this.index.parse(document).docs.find((d) => d.source.start.line === target.line);
    return core().currentReplicas(target, covers && sim ? sim.run.result.state : null, doc?.body);
  }

  private async showTimeline(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!this.simulator.simulation && editor?.document.languageId === 'yaml') {
      await this.simulator.simulate(editor.document);
    }
    this.timeline.show();
  }

  private async saveAsScenario(): Promise<vscode.Uri | undefined> {
    const sim = this.simulator.simulation;
    if (!sim) throw new Error(vscode.l10n.t('nothing simulated yet'));
    // A scenario file names its manifests, not a git revision: it could not replay the change.
    if (sim.base) throw new Error(vscode.l10n.t('a simulated change cannot be saved as a scenario'));
    const folder = vscode.Uri.joinPath(sim.files[0].uri, '..');
    const suggested = vscode.Uri.joinPath(
      folder,
      `${sim.scenario.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.scenario.yaml`,
    );
    // The save dialog asks before replacing an existing file.
    const target = await vscode.window.showSaveDialog({
      defaultUri: suggested,
      filters: { YAML: ['yaml', 'yml'] },
      title: vscode.l10n.t('Save the simulated steps as a scenario'),
    });
    if (!target) return undefined;
    const dir = path.dirname(target.fsPath);
    const manifests = sim.files.map((f) => path.relative(dir, f.uri.fsPath).split(path.sep).join('/'));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(scenarioText(sim, manifests)));
    await vscode.window.showTextDocument(target);
    return target;
  }

  /** Where an object of the current simulation was written: its own document or its owner's. */
  private ownerTarget(kind: string, name: string, namespace: string): ObjectTarget | null {
    const sim = this.simulator.simulation;
    if (!sim) return null;
    const pod = sim.run.result.state.pods.find((p) => p.name === name && p.namespace === namespace);
    const candidates: Array<[string, string]> = [[kind, name]];
    // The pod's owner chain from the run's workloads (a Deployment through its ReplicaSet), never
    // from names.
    const result = sim.run.result;
    const owners = new WorkloadOwners([...result.steps.map((st) => st.state), result.state]);
    for (const ref of owners.chain(pod?.owner ?? null, namespace)) candidates.push([ref.kind, ref.name]);
    for (const [k, n] of candidates) {
      for (const f of sim.files) {
        for (const doc of f.docs) {
          const o = objectOf(doc);
          if (o && o.kind === k && o.name === n && o.namespace === namespace) {
            return { uri: f.uri.toString(), kind: k, name: n, namespace, line: doc.source.start.line };
          }
        }
      }
    }
    return null;
  }

  private async revealObject(kind: string, name: string, namespace: string): Promise<void> {
    const target = this.ownerTarget(kind, name, namespace);
    if (target) await this.revealSource(target);
  }

  private async revealSource(arg: unknown): Promise<void> {
    const target = asTarget(arg);
    if (!target || !target.uri) return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    const line = Math.max(0, target.line - 1);
    const range = new vscode.Range(
      line,
      0,
      line,
      document.lineAt(Math.min(line, document.lineCount - 1)).text.length,
    );
    await vscode.window.showTextDocument(document, { selection: range, preserveFocus: true, preview: true });
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.subscriptions.reverse()) d.dispose();
  }
}

function asTarget(arg: unknown): ObjectTarget | null {
  if (!arg || typeof arg !== 'object') return null;
  const node = arg as Partial<TreeNode> & Partial<ObjectTarget>;
  const t =
    node.target ??
    (typeof node.kind === 'string' && typeof node.name === 'string' ? (node as ObjectTarget) : null);
  if (!t || typeof t.kind !== 'string' || typeof t.name !== 'string') return null;
  return {
    uri: t.uri ?? '',
    kind: t.kind,
    name: t.name,
    namespace: t.namespace ?? 'default',
    line: t.line ?? 1,
  };
}

function titleOf(target: ObjectTarget): string {
  return `${target.kind} ${target.name}`;
}

/** Which objects of a file a palette command works on, and what it says when there is none. */
interface CommandObjects {
  applies: (kind: string) => boolean;
  title: () => string;
  none: () => string;
  /** The command also works without an object (traffic: any URL). */
  optional?: boolean;
}

const SCALABLE: CommandObjects = {
  applies: isWorkloadKind,
  title: () => vscode.l10n.t('Which workload to scale?'),
  none: () => vscode.l10n.t('scale works on a StatefulSet, ReplicaSet or Deployment'),
};

const DELETABLE: CommandObjects = {
  applies: () => true,
  title: () => vscode.l10n.t('Which object to delete?'),
  none: () => vscode.l10n.t('choose an object to delete'),
};

const ROUTABLE: CommandObjects = {
  applies: (kind) => kind === 'Ingress',
  title: () => vscode.l10n.t('Which Ingress to send traffic through?'),
  none: () => '',
  optional: true,
};
