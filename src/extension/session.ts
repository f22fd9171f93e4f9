// The simulation the user is looking at: the manifests of a scope plus the steps they added
// through CodeLens and the sidebar (scale, delete, traffic). Every change re-runs the whole
// scenario from t=0 — the engine is deterministic, so earlier steps replay identically.
import * as vscode from 'vscode';
import type { SourceRange } from '../engine/types';
import type { ScenarioRun } from '../scenario/run';
import type { Scenario, Step } from '../scenario/scenario';
import { baseDirOf, type ManifestIndex, type ManifestScope, type ParsedFile } from './manifests';
import type { RawDoc } from '../engine/manifest';
import type { BaseSource } from './git';
import { core } from './core-loader';
import { RunCancelled, SimulationRunner } from './worker/client';
import { scenarioOf, type SimulationRequest, type SourceText } from './worker/request';

/** "Simulate This Change": the version the cluster starts from (git HEAD or the saved files). */
export interface ChangeBase {
  docs: RawDoc[];
  /** The same version as texts, for the simulation worker. */
  files: SourceText[];
  source: BaseSource;
}

/** A file as the worker parses it: its text, or nothing when the editor could not parse it. */
function sourceOf(f: ParsedFile): SourceText {
  return { label: f.label, text: f.errors.length > 0 || f.helm ? '' : f.text };
}

export interface Simulation {
  /** Identifies the scope: the Scenario file, or the folder/file/workspace of manifests. */
  key: string;
  /** Shown in the timeline's title: the object, file or scenario name. */
  title: string;
  files: ParsedFile[];
  /** Steps added by the user, in order (not those of a Scenario file). */
  steps: Step[];
  /** Set when the cluster starts from an older version and the first step applies the files. */
  base: ChangeBase | null;
  scenario: Scenario;
  run: ScenarioRun;
}

/** A simulation with added steps that a simulation of another scope replaced. */
export interface Discarded {
  title: string;
  steps: number;
}

/** What a window reload must not lose: the anchor file and the added steps (the run is replayed). */
interface SavedSimulation {
  version: 1;
  anchor: string;
  title: string;
  steps: Step[];
  /** A "Simulate This Change" simulation: its base is read again on resume. */
  change?: boolean;
}
const SAVED_KEY = 'k8sSim.simulation';

function isSaved(value: unknown): value is SavedSimulation {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<SavedSimulation>;
  return (
    v.version === 1 &&
    typeof v.anchor === 'string' &&
    typeof v.title === 'string' &&
    Array.isArray(v.steps) &&
    v.steps.every(
      (st) => !!st && typeof st === 'object' && typeof (st as { type?: unknown }).type === 'string',
    )
  );
}

export class Simulator implements vscode.Disposable {
  private current: Simulation | null = null;
  /** The last simulation replaced with its added steps, until restored or replaced in turn. */
  private discarded: Simulation | null = null;
  /** Counts every request (command or refresh): a refresh overtaken while it read files is dropped. */
  private requests = 0;
  /** Runs the simulations off the extension host's thread; a newer run cancels an older one. */
  private readonly runner = new SimulationRunner();
  /** A command's run in progress: refreshes wait for it instead of cancelling it. */
  private commandRun: Promise<ScenarioRun> | null = null;
  private readonly changed = new vscode.EventEmitter<Simulation | null>();
  private readonly discards = new vscode.EventEmitter<Discarded>();
  /** Fires after every run (and with null after a reset). */
  readonly onDidChange = this.changed.event;
  /** Fires when a run of another scope replaced a simulation with added steps (restorable). */
  readonly onDidDiscard = this.discards.event;

  constructor(
    private readonly index: ManifestIndex,
    private readonly scope: () => ManifestScope,
    /** The workspace's storage: the simulation survives a window reload. */
    private readonly memento?: vscode.Memento,
    /** Reads the base version of a scope's files (for "Simulate This Change"). */
    private readonly baseOf?: (files: ParsedFile[]) => Promise<ChangeBase>,
  ) {}

  /**
   * After a window reload: replay the simulation the window showed (its file as it is now, and
   * the steps the user added). Nothing when another simulation started meanwhile or the file is gone.
   */
  async resume(): Promise<Simulation | null> {
    const saved: unknown = this.memento?.get(SAVED_KEY);
    if (!isSaved(saved) || this.current) return null;
    const ticket = ++this.requests;
    try {
      const anchor = await vscode.workspace.openTextDocument(vscode.Uri.parse(saved.anchor));
      const files = await this.index.collect(anchor, this.scope(), true);
      const base = saved.change && this.baseOf ? await this.baseOf(files) : null;
      if (ticket !== this.requests || this.current) return null;
      return this.runWith(scopeKey(files, this.scope()), saved.title, files, saved.steps, base);
    } catch {
      // The file was removed or renamed since: there is nothing to show.
      if (ticket === this.requests) void this.memento?.update(SAVED_KEY, undefined);
      return null;
    }
  }

  private save(): void {
    const sim = this.current;
    const saved: SavedSimulation | undefined = sim
      ? {
          version: 1,
          anchor: sim.files[0].uri.toString(),
          title: sim.title,
          steps: sim.steps,
          ...(sim.base ? { change: true } : {}),
        }
      : undefined;
    void this.memento?.update(SAVED_KEY, saved);
  }

  /** Whether simulations run off the extension host's thread. */
  get offThread(): boolean {
    return this.runner.offThread;
  }

  get simulation(): Simulation | null {
    return this.current;
  }

  /** Simulate the scope of `document`; keeps the added steps when it is the same scope. */
  async simulate(document: vscode.TextDocument, title?: string): Promise<Simulation | null> {
    this.requests++;
    const files = await this.index.collect(document, this.scope(), true);
    const key = scopeKey(files, this.scope());
    const same = this.current?.key === key && !this.current.base ? this.current : null;
    return this.runWith(key, title ?? same?.title ?? files[0].label, files, same?.steps ?? []);
  }

  /**
   * Simulate This Change: the cluster starts from `base` (the scope's files at git HEAD, or as
   * saved), settles, then `files` (the same scope as they are now, the files the base was read
   * for) are applied, as `kubectl apply -f` would.
   */
  async simulateChange(files: ParsedFile[], base: ChangeBase, title: string): Promise<Simulation | null> {
    this.requests++;
    const key = scopeKey(files, this.scope());
    // Steps added to a plain simulation of this scope were another experiment: set aside (restorable).
    const steps = this.current?.key === key && this.current.base ? this.current.steps : [];
    return this.runWith(key, title, files, steps, base);
  }

  /** Append a step (scale, delete, request) to the current simulation of `document`'s scope. */
  async addStep(document: vscode.TextDocument, step: Step, title?: string): Promise<Simulation | null> {
    this.requests++;
    const files = await this.index.collect(document, this.scope(), true);
    const key = scopeKey(files, this.scope());
    const same = this.current?.key === key ? this.current : null;
    const steps = same ? [...same.steps, step] : [step];
    return this.runWith(key, same?.base ? same.title : (title ?? files[0].label), files, steps, same?.base);
  }

  /** Re-run after an edit, if the edited document belongs to the current simulation. */
  async refresh(document: vscode.TextDocument): Promise<Simulation | null> {
    for (;;) {
      // A refresh never cancels a command's run (the user's step): it waits for it, then looks
      // again at what is current.
      while (this.commandRun) await this.commandRun.catch(() => undefined);
      const sim = this.current;
      if (!sim || !sim.files.some((f) => f.uri.toString() === document.uri.toString())) return null;
      const ticket = ++this.requests;
      // Keep the simulation anchored on the file it started from, whatever file was edited.
      const anchor = await vscode.workspace.openTextDocument(sim.files[0].uri);
      const files = await this.index.collect(anchor, this.scope(), true);
      // A command (or a later refresh) started meanwhile: its run is the one to show.
      if (ticket !== this.requests || this.current !== sim) return null;
      // A command's run began while this one read the files: it goes first.
      if (this.commandRun) continue;
      const key = scopeKey(files, this.scope());
      return key === sim.key
        ? this.runWith(key, sim.title, files, sim.steps, sim.base, 'refresh')
        : this.runWith(key, sim.title, files, [], null, 'refresh');
    }
  }

  /** Remove the last added step and re-run; null when there is none. */
  async undoStep(): Promise<Simulation | null> {
    // The step being added goes first: undo then removes it, not the one before.
    while (this.commandRun) await this.commandRun.catch(() => undefined);
    this.requests++;
    const sim = this.current;
    if (!sim || sim.steps.length === 0) return null;
    const files = await this.recollect(sim);
    return this.runWith(sim.key, sim.title, files, sim.steps.slice(0, -1), sim.base);
  }

  /** Bring back the simulation a run of another scope replaced, with its steps. */
  async restore(): Promise<Simulation | null> {
    while (this.commandRun) await this.commandRun.catch(() => undefined);
    this.requests++;
    const old = this.discarded;
    if (!old) return null;
    this.discarded = null;
    const files = await this.recollect(old);
    return this.runWith(old.key, old.title, files, old.steps, old.base);
  }

  /** The files of a simulation's scope as they are now (edits since are simulated). */
  private async recollect(sim: Simulation): Promise<ParsedFile[]> {
    const anchor = await vscode.workspace.openTextDocument(sim.files[0].uri);
    return this.index.collect(anchor, this.scope(), true);
  }

  reset(): void {
    this.requests++;
    // A run still going would bring back what was just reset.
    this.runner.cancel();
    this.current = null;
    this.save();
    this.changed.fire(null);
  }

  /**
   * Runs the simulation on the worker thread and makes it the current one; null when a newer run
   * overtook it (that one is shown instead).
   */
  private async runWith(
    key: string,
    title: string,
    files: ParsedFile[],
    steps: Step[],
    base: ChangeBase | null = null,
    /** A command's run (a user's step) or a refresh after an edit, which may be cancelled. */
    cause: 'command' | 'refresh' = 'command',
  ): Promise<Simulation | null> {
    const own = files[0];
    const docs = files.flatMap((f) => f.docs);
    const request: SimulationRequest = {
      scenario:
        own.scenario && !base ? { text: own.text, label: own.label, baseDir: baseDirOf(own.uri) } : null,
      title,
      files: files.map(sourceOf),
      base: base ? base.files : null,
      steps,
    };
    // The worker builds the same scenario from the texts; here it is built from the editor's parse.
    const scenario = scenarioOf(request, {
      scenario: () => own.scenario as Scenario,
      docs: (which) => (which === 'files' ? docs : (base?.docs ?? [])),
    });
    let run: ScenarioRun;
    const ticket = this.requests;
    const running = this.runner.run(request);
    if (cause === 'command') this.commandRun = running;
    try {
      run = await running;
    } catch (e) {
      if (e instanceof RunCancelled) return null;
      throw e;
    } finally {
      if (this.commandRun === running) this.commandRun = null;
    }
    // A reset (or another request) came while it ran: its result is out of date.
    if (ticket !== this.requests) return null;
    if (base && run.result.steps[0]) run.result.steps[0].changes = core().objectChanges(base.docs, docs);
    const replaced = this.current;
    const other = replaced !== null && (replaced.key !== key || (replaced.base === null) !== (base === null));
    if (replaced && other && replaced.steps.length > 0) {
      this.discarded = replaced;
      this.discards.fire({ title: replaced.title, steps: replaced.steps.length });
    }
    this.current = {
      key,
      title: own.scenario && !base ? own.scenario.name : title,
      files,
      steps,
      base,
      scenario,
      run,
    };
    this.save();
    this.changed.fire(this.current);
    return this.current;
  }

  dispose(): void {
    this.runner.dispose();
    this.changed.dispose();
    this.discards.dispose();
  }
}

function scopeKey(files: ParsedFile[], scope: ManifestScope): string {
  const own = files[0];
  if (own.scenario || scope === 'file') return own.uri.toString();
  if (scope === 'workspace') return 'workspace';
  return vscode.Uri.joinPath(own.uri, '..').toString();
}

/** Where a user-added step points in the source: the object's document. */
export function stepRange(file: string, line: number): SourceRange {
  return { file, start: { line, column: 1 }, end: { line, column: 1 } };
}
