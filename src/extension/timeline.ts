// The timeline webview panel (view type k8sSim.timeline): the same page as `--html`
// (src/scenario/html.ts renderWebviewHtml, src/webview/timeline/), fed by message with the current
// simulation. The panel does not keep its context when hidden: the page saves its cursor, zoom and
// scroll with setState, asks for the run again (`ready`) when it comes back, and the serializer
// revives it after a reload.
import * as vscode from 'vscode';
import { makeNonce, renderWebviewHtml } from '../scenario/html';
import {
  TIMELINE_VIEW_TYPE,
  isTimelineState,
  isWebviewMessage,
  type ExtensionToWebview,
  type ObjectRefMessage,
  type SimulateDeleteMessage,
  type WebviewToExtension,
} from '../shared/protocol';
import type { ScenarioView } from '../webview/model';
import type { Simulation, Simulator } from './session';
import { runEnd } from '../shared/cluster-at';

/** A pod or claim the user asked to delete from the timeline. */
export type DeleteRequest = Omit<SimulateDeleteMessage, 'type'>;

export class TimelineController implements vscode.Disposable {
  private panel: vscode.WebviewPanel | null = null;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** The page has said `ready` since its HTML was (re)loaded: messages reach it. */
  private ready = false;
  /** Cursor to hand to the next `show` (from the serializer's saved state). */
  private pendingAt: number | undefined;
  /** The one time cursor of the page and the sidebar (seconds; null = the end of the run). */
  private cursor: number | null = null;
  /** The simulation the cursor was placed for. */
  private shown: Simulation | null = null;

  private readonly moved = new vscode.EventEmitter<number | null>();
  private readonly revealRequested = new vscode.EventEmitter<ObjectRefMessage>();
  private readonly deleteRequested = new vscode.EventEmitter<DeleteRequest>();
  /** The time cursor moved (simulated seconds; null = the end of the run): by the user, or placed
   * for a new run. The tree view follows it. */
  readonly onDidMoveCursor: vscode.Event<number | null> = this.moved.event;
  /** The user opened a lane: reveal the object in its manifest / the tree. */
  readonly onDidRequestReveal: vscode.Event<ObjectRefMessage> = this.revealRequested.event;
  /** The user chose "Simulate delete" on a pod or claim lane. */
  readonly onDidRequestDelete: vscode.Event<DeleteRequest> = this.deleteRequested.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly simulator: Simulator,
  ) {
    this.disposables.push(
      this.moved,
      this.revealRequested,
      this.deleteRequested,
      simulator.onDidChange((sim) => this.placeCursor(sim)),
      vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
          this.restore(panel, state);
        },
      }),
    );
  }

  /** Opens the panel beside the editor with the current simulation, or brings it to the front. */
  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      this.title(this.simulator.simulation),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      this.options(),
    );
    this.attach(panel);
  }

  /** The time cursor the page and the sidebar show (seconds; null = the end of the run). */
  get cursorTime(): number | null {
    return this.cursor;
  }

  /** Moves the page's time cursor (e.g. an event chosen in the tree). */
  setCursor(t: number): void {
    if (!Number.isFinite(t) || t < 0) return;
    this.cursor = t;
    this.post({ type: 'cursor', t });
    this.moved.fire(t);
  }

  /**
   * Where the cursor goes for a new run, for the page and the sidebar alike: at the start of a
   * step just added; where it was (within the run) when the same simulation re-ran; at the end of
   * a different simulation.
   */
  private placeCursor(sim: Simulation | null): void {
    const before = this.shown;
    this.shown = sim;
    this.cursor = sim ? cursorFor(before, sim, this.cursor) : null;
    this.update();
    this.moved.fire(this.cursor);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      retainContextWhenHidden: false,
      localResourceRoots: [
        vscode.Uri.joinPath(this.context.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.context.extensionUri, 'media'),
      ],
    };
  }

  /** Revives a panel after a reload: the page asks for the run once its script runs. */
  private restore(panel: vscode.WebviewPanel, state: unknown): void {
    this.panel?.dispose();
    this.pendingAt = isTimelineState(state) ? state.t : undefined;
    panel.webview.options = this.options();
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.title = this.title(this.simulator.simulation);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidDispose(() => this.detach(panel)),
    );
    panel.webview.html = this.html(panel.webview);
  }

  private detach(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) return;
    this.panel = null;
    this.ready = false;
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
  }

  private html(webview: vscode.Webview): string {
    const asset = (...parts: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...parts)).toString();
    return renderWebviewHtml({
      cspSource: webview.cspSource,
      scriptUri: asset('dist', 'webview.js'),
      styleUri: asset('media', 'timeline.css'),
      title: this.title(this.simulator.simulation),
      nonce: makeNonce(),
      // Without a bundle for the display language the page is in English, and says so.
      lang: vscode.l10n.bundle ? vscode.env.language : 'en',
      l10n: vscode.l10n.bundle,
    });
  }

  private title(sim: Simulation | null): string {
    return sim ? `K8s Sim: ${sim.title}` : 'K8s Sim: Timeline';
  }

  /** Messages from the page are untrusted: each one is validated field by field first. */
  private onMessage(raw: unknown): void {
    if (!isWebviewMessage(raw)) return;
    const m: WebviewToExtension = raw;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.pendingAt !== undefined) this.cursor = this.pendingAt;
        this.pendingAt = undefined;
        this.update();
        this.moved.fire(this.cursor);
        break;
      case 'cursorMoved':
        this.cursor = m.t;
        this.moved.fire(m.t);
        break;
      case 'reveal':
        this.revealRequested.fire({ kind: m.kind, name: m.name, namespace: m.namespace });
        break;
      case 'simulateDelete':
        this.deleteRequested.fire({ kind: m.kind, name: m.name, namespace: m.namespace });
        break;
    }
  }

  /** Sends the current simulation (or the empty state) to the page, if it is listening, with
   * the cursor the sidebar shows too. */
  private update(): void {
    const panel = this.panel;
    if (!panel) return;
    const sim = this.simulator.simulation;
    panel.title = this.title(sim);
    if (!sim) {
      this.post({
        type: 'empty',
        title: 'Timeline',
        message: vscode.l10n.t(
          'Nothing is simulated yet. Open a Kubernetes manifest and choose "Simulate" above a workload, or run "K8s Sim: Show Timeline" from a YAML file.',
        ),
      });
      return;
    }
    // The run's result is the contract's ScenarioResult; the page reads it through ScenarioView.
    const result: ScenarioView = sim.run.result;
    const at = this.cursor ?? runEnd(result);
    const stale = sim.files.filter((f) => f.stale);
    const notice = stale
      .map((f) =>
        vscode.l10n.t(
          'YAML error on line {0} of {1}: showing the last valid version',
          f.stale?.line ?? 1,
          f.label,
        ),
      )
      .join('; ');
    this.post(
      notice === ''
        ? { type: 'show', title: sim.title, result, at }
        : { type: 'show', title: sim.title, result, at, notice },
    );
  }

  private post(message: ExtensionToWebview): void {
    if (!this.panel || !this.ready) return;
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.panelDisposables) d.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The cursor for `next` after `before` was shown with the cursor at `cursor` (null = end). */
function cursorFor(before: Simulation | null, next: Simulation, cursor: number | null): number | null {
  const same = before !== null && before.key === next.key;
  const steps = next.run.result.steps;
  // A change just simulated: the start of its apply, where the rollout begins.
  if (next.base && !(same && before.base) && steps.length > 0) return steps[0].start;
  // One step added (scale, delete, a failure, traffic): its start, where its story begins.
  if (next.steps.length === (same ? before.steps.length : 0) + 1 && steps.length > 0)
    return steps[steps.length - 1].start;
  if (!same || cursor === null) return null;
  const end = runEnd(next.run.result);
  return cursor >= end ? null : cursor;
}
