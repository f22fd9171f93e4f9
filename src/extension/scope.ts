// The context a manifest's hovers and diagnostics are computed in: the objects of its manifest
// scope (folder by default), and the simulation's facts when the current simulation covers this
// version of the file. Computed asynchronously (the scope's files are read from disk when not
// open) and shared by hover and diagnostics until a YAML file, the simulation or the settings
// change.
import * as vscode from 'vscode';
import { DEFAULT_CLUSTER, type ClusterConfig } from '../engine/types';
import type { RunView } from './analysis/hover';
import { objectsIn, type ObjRef } from './analysis/objects';
import { scopeSetDocs } from './analysis/scope-set';
import type { ManifestIndex, ManifestScope, ParsedFile } from './manifests';
import type { Simulation, Simulator } from './session';

/** The manifests a document is checked with, and the simulation facts when they are current. */
export interface SimulatedContext {
  set: ObjRef[];
  cluster: ClusterConfig;
  run: RunView | null;
  /** The current simulation covers this version of the document. */
  covered: boolean;
  /** The simulation, when it covers this version of the document. */
  sim: Simulation | null;
}

interface Entry {
  generation: number;
  parsed: ParsedFile;
  context: Promise<SimulatedContext>;
}

export class ScopeContexts implements vscode.Disposable {
  private generation = 0;
  private readonly cache = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when a file of some scope changed on disk or in an editor: re-check open documents. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly index: ManifestIndex,
    private readonly simulator: Simulator,
    private readonly scope: () => ManifestScope,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    const onDisk = (uri: vscode.Uri, deleted = false) => {
      this.index.forget(uri, deleted);
      this.invalidate();
    };
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidCreate((uri) => onDisk(uri)),
      watcher.onDidChange((uri) => onDisk(uri)),
      watcher.onDidDelete((uri) => onDisk(uri, true)),
      simulator.onDidChange(() => this.invalidate(false)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId === 'yaml' && e.contentChanges.length > 0) this.invalidate(false);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('k8sSim.manifestScope')) this.invalidate();
      }),
    );
  }

  /** Forget every computed context; `notify` re-checks the open documents (a file changed on disk). */
  invalidate(notify = true): void {
    this.generation++;
    this.cache.clear();
    if (notify) this.changed.fire();
  }

  contextFor(document: vscode.TextDocument): Promise<SimulatedContext> {
    const key = document.uri.toString();
    const parsed = this.index.parse(document);
    const hit = this.cache.get(key);
    if (hit && hit.generation === this.generation && hit.parsed === parsed) return hit.context;
    const context = this.compute(document, parsed);
    this.cache.set(key, { generation: this.generation, parsed, context });
    return context;
  }

  private async compute(document: vscode.TextDocument, parsed: ParsedFile): Promise<SimulatedContext> {
    const key = document.uri.toString();
    const sim = this.simulator.simulation;
    const scopeFiles = await this.index.collect(document, this.scope());
    const simulated = sim?.files.find((f) => f.uri.toString() === key);
    const covered = simulated !== undefined && simulated.stamp === parsed.stamp;
    const docs = scopeSetDocs(
      { key, docs: parsed.docs },
      scopeFiles.map((f) => ({ key: f.uri.toString(), docs: f.docs })),
      sim && simulated ? sim.files.map((f) => ({ key: f.uri.toString(), docs: f.docs })) : [],
    );
    const result = covered && sim ? sim.run.result : null;
    return {
      set: objectsIn(docs),
      cluster: sim && simulated ? sim.scenario.cluster : DEFAULT_CLUSTER,
      run: result ? { state: result.state, events: result.events, objects: result.objects } : null,
      covered,
      sim: covered ? sim : null,
    };
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
    this.cache.clear();
  }
}
