// The extension's context: owns every disposable, registers the commands in one place and
// wires the providers to the one Simulator. Activation creates objects only — no parsing and no
// simulation happen until the user opens a YAML file or runs a command.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ManifestIndex, labelOf, objectOf } from './manifests';
import { readSettings, SETTINGS_SECTION, type Settings } from './settings';
import { COMMANDS, type CommandName } from './commands';
import { Simulator, stepRange, type Simulation } from './session';
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
}

export class Ctx implements vscode.Disposable, K8sSimApi {
  readonly index = new ManifestIndex();
  readonly simulator: Simulator;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly timeline: TimelineController;
  private readonly tree: ClusterTree;
  private readonly diagnostics: DiagnosticsController;
  private readonly contexts: ScopeContexts;
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(readonly extension: vscode.ExtensionContext) {
    this.simulator = new Simulator(this.index, () => this.settings().manifestScope);
    this.timeline = new TimelineController(extension, this.simulator);
    this.tree = new ClusterTree(this.simulator);
    this.contexts = new ScopeContexts(this.index, this.simulator, () => this.settings().manifestScope);
    this.diagnostics = new DiagnosticsController(this.index, this.contexts, this.simulator);
    this.subscriptions.push(
      this.simulator,
      this.contexts,
      this.timeline,
      this.tree,
      this.diagnostics,
      this.timeline.onDidMoveCursor((t) => this.tree.setCursor(t)),
      this.timeline.onDidRequestReveal((o) => this.revealObject(o.kind, o.name, o.namespace)),
      this.timeline.onDidRequestDelete((o) =>
        vscode.commands.executeCommand(
          COMMANDS.simulateDelete,
          this.ownerTarget(o.kind, o.name, o.namespace),
          o.name,
        ),
      ),
      vscode.languages.registerCodeLensProvider(YAML, new SimulateCodeLensProvider(this.index)),
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
      runScenario: (arg) => this.simulate(arg),
      saveAsScenario: () => this.saveAsScenario(),
      showTimeline: () => this.showTimeline(),
      reset: () => this.simulator.reset(),
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

  /** The object a command was invoked on: a CodeLens target, a tree item, or the active editor. */
  private async resolve(
    arg: unknown,
  ): Promise<{ document: vscode.TextDocument; target: ObjectTarget | null }> {
    const target = asTarget(arg);
    if (target && target.uri) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
      return { document, target };
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new Error(vscode.l10n.t('open a Kubernetes manifest first'));
    return { document: editor.document, target };
  }

  private async simulate(arg: unknown): Promise<Simulation> {
    const { document, target } = await this.resolve(arg);
    const sim = await this.simulator.simulate(document, target ? titleOf(target) : undefined);
    this.timeline.show();
    return sim;
  }

  /** `replicas` (optional) skips the quick pick: for keybindings, scripts and tests. */
  private async simulateScale(arg: unknown, replicasArg?: unknown): Promise<Simulation | undefined> {
    const { document, target } = await this.resolve(arg);
    if (!target || !isWorkloadKind(target.kind)) {
      throw new Error(vscode.l10n.t('scale works on a StatefulSet, ReplicaSet or Deployment'));
    }
    const replicas =
      typeof replicasArg === 'number' && Number.isInteger(replicasArg) && replicasArg >= 0
        ? replicasArg
        : await pickReplicas(target);
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
    return sim;
  }

  /** `victimArg` (optional): the pod name to delete, skipping the quick pick. */
  private async simulateDelete(arg: unknown, victimArg?: unknown): Promise<Simulation | undefined> {
    const { document, target } = await this.resolve(arg);
    if (!target) throw new Error(vscode.l10n.t('choose an object to delete'));
    let victim: { kind: string; name: string } | undefined = { kind: target.kind, name: target.name };
    if (typeof victimArg === 'string' && victimArg !== '') {
      victim = { kind: 'Pod', name: victimArg };
    } else if (target.kind !== 'Pod' && target.kind !== 'PersistentVolumeClaim') {
      let sim = this.simulator.simulation;
      if (!sim || !sim.files.some((f) => f.uri.toString() === document.uri.toString())) {
        sim = await this.simulator.simulate(document, titleOf(target));
      }
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
    return sim;
  }

  /** `options` ({url, count, headers, cookies}) skips the input boxes: for scripts and tests. */
  private async simulateTraffic(arg: unknown, options?: unknown): Promise<Simulation | undefined> {
    const { document, target } = await this.resolve(arg);
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
    return sim;
  }

  /** The simulation a failure what-if adds to: the current one, else one of the active file. */
  private async currentSimulation(): Promise<{ sim: Simulation; document: vscode.TextDocument }> {
    let sim = this.simulator.simulation;
    if (!sim) {
      const editor = vscode.window.activeTextEditor;
      if (!editor) throw new Error(vscode.l10n.t('open a Kubernetes manifest first'));
      sim = await this.simulator.simulate(editor.document);
    }
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
    return next;
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
    return next;
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

async function pickReplicas(target: ObjectTarget): Promise<number | undefined> {
  const other = vscode.l10n.t('Another number…');
  const choice = await vscode.window.showQuickPick(['0', '1', '3', '5', other], {
    title: vscode.l10n.t('Scale {0} {1} to', target.kind, target.name),
  });
  if (choice === undefined) return undefined;
  if (choice !== other) return Number(choice);
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Scale {0} {1} to', target.kind, target.name),
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) <= 100_000 ? null : vscode.l10n.t('a whole number from 0 to 100,000'),
  });
  return text === undefined ? undefined : Number(text);
}

/** Pods the simulation created for the object (at the end of the run), or the object itself. */
async function pickVictim(
  sim: Simulation,
  target: ObjectTarget,
): Promise<{ kind: string; name: string } | undefined> {
  const result = sim.run.result;
  const owners = new WorkloadOwners([...result.steps.map((st) => st.state), result.state]);
  const owned = result.state.pods.filter((p) => owners.controls(target, p.owner, p.namespace));
  type Item = vscode.QuickPickItem & { victim: { kind: string; name: string } };
  const items: Item[] = owned.map((p) => ({
    label: p.name,
    description: `${p.status}${p.node ? ` · ${p.node}` : ''}`,
    victim: { kind: 'Pod', name: p.name },
  }));
  items.push({
    label: `${target.kind}/${target.name}`,
    description: vscode.l10n.t('the object itself'),
    victim: { kind: target.kind, name: target.name },
  });
  const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Simulate delete') });
  return choice?.victim;
}

interface TrafficRequest {
  url: string;
  count: number;
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

function trafficOptions(options: unknown): TrafficRequest | null {
  if (!options || typeof options !== 'object') return null;
  const o = options as Record<string, unknown>;
  if (typeof o.url !== 'string' || !/^https?:\/\//.test(o.url)) return null;
  const strings = (v: unknown): Record<string, string> =>
    v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]))
      : {};
  const count =
    typeof o.count === 'number' && Number.isInteger(o.count) && o.count >= 1
      ? Math.min(o.count, 1_000_000)
      : 1;
  return { url: o.url, count, headers: strings(o.headers), cookies: strings(o.cookies) };
}

async function askTraffic(defaultValue: string): Promise<TrafficRequest | undefined> {
  const url = await vscode.window.showInputBox({
    title: vscode.l10n.t('Simulate traffic: URL'),
    prompt: vscode.l10n.t(
      'Sent to the ingress controller (HTTP NodePort 30431, HTTPS 30798); the host is the Host header',
    ),
    value: defaultValue,
    validateInput: (v) =>
      /^https?:\/\/[^\s/]+/.test(v) ? null : vscode.l10n.t('an http:// or https:// URL'),
  });
  if (url === undefined) return undefined;
  const countText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Simulate traffic: number of requests'),
    value: '100',
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1_000_000
        ? null
        : vscode.l10n.t('a number from 1 to 1,000,000'),
  });
  if (countText === undefined) return undefined;
  const headerText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Simulate traffic: headers (optional)'),
    placeHolder: 'Accept-Language: kr; X-Canary: always',
    validateInput: (v) => (parsePairs(v, ':') ? null : vscode.l10n.t('Name: value pairs separated by ";"')),
  });
  if (headerText === undefined) return undefined;
  const cookieText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Simulate traffic: cookies (optional)'),
    placeHolder: 'canary=always',
    validateInput: (v) => (parsePairs(v, '=') ? null : vscode.l10n.t('name=value pairs separated by ";"')),
  });
  if (cookieText === undefined) return undefined;
  return {
    url,
    count: Number(countText),
    headers: parsePairs(headerText, ':') ?? {},
    cookies: parsePairs(cookieText, '=') ?? {},
  };
}

/** The first rule of the Ingress as a URL on the controller's HTTP NodePort (from the shared parse). */
function defaultUrl(
  index: ManifestIndex,
  document: vscode.TextDocument,
  target: ObjectTarget | null,
): string {
  if (target?.kind === 'Ingress') {
    for (const doc of index.parse(document).docs) {
      const o = objectOf(doc);
      if (!o || o.name !== target.name || o.kind !== 'Ingress') continue;
      const spec = (
        doc.body as {
          spec?: { rules?: Array<{ host?: string; http?: { paths?: Array<{ path?: string }> } }> };
        }
      ).spec;
      const rule = spec?.rules?.[0];
      const host = rule?.host && !rule.host.startsWith('*') ? `${rule.host}:30431` : '192.168.56.30:30431';
      return `http://${host}${rule?.http?.paths?.[0]?.path ?? '/'}`;
    }
  }
  return 'http://192.168.56.30:30431/';
}

/** "A: 1; B: 2" → {A: '1', B: '2'}; empty → {}; null when malformed. */
export function parsePairs(text: string, sep: ':' | '='): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const i = part.indexOf(sep);
    if (i <= 0) return null;
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
