// The timeline page: the standalone `--html` report and the VS Code webview are the same page. Per
// run it draws one lane per Pod / PVC incarnation grouped by owner (status segments over simulated
// time, event markers, step boundaries), a time cursor (drag it, use the slider, play / pause / step
// to the next event), the cluster at the cursor (nodes, their pods and volumes), the traffic of
// request steps, and the expectation results.
//
// Hosts: inside VS Code (`acquireVsCodeApi` exists) the run arrives by message
// (src/shared/protocol.ts) and the cursor, zoom and scroll are kept with getState/setState; standalone,
// the runs come from the JSON data island.
//
// Rules: every string from the data goes in through textContent / setAttribute (never innerHTML);
// positions are set through CSSOM (allowed under the nonce-only CSP, unlike style attributes); lanes
// are virtualised (only the rows in view exist), so 1,000 pods draw as fast as ten.
//
// This file: the host (VS Code or standalone), the page that holds the runs, and the bootstrap.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-context-menu/index.js';
import {
  type ExtensionToWebview,
  type TimelineState,
  type WebviewToExtension,
  isExtensionMessage,
  isTimelineState,
} from '../../shared/protocol';
import { type ScenarioView } from '../model';
import { DATA_ID, scriptNonce } from './constants';
import { Detail, details, el, throttle } from './dom';
import { Host, RunView } from './run-view';
import { mark } from './steps';
import { l10n } from './l10n';

export interface VsCodeApi {
  postMessage(message: WebviewToExtension): void;
  getState(): unknown;
  setState(state: TimelineState): void;
}
declare const acquireVsCodeApi: undefined | (() => VsCodeApi);

export class Page {
  private views: RunView[] = [];
  private readonly root = document.getElementById('app') ?? document.body;
  private readonly panel = el('aside', 'details');
  /** The panel's content under its toggle; the toggle keeps a one-line bar when collapsed. */
  private readonly panelBody = el('div', 'dbody');
  private readonly panelToggle = el('button', 'dtoggle');
  private title = '';
  private readonly post = throttle(120, (t: number) => this.api?.postMessage({ type: 'cursorMoved', t }));
  private readonly save = throttle(250, () => this.saveState());

  constructor(private readonly api: VsCodeApi | null) {
    this.panel.id = 'details';
    this.panel.setAttribute('aria-live', 'polite');
    this.panel.setAttribute('aria-label', l10n.t('Details'));
    this.panelToggle.type = 'button';
    this.panelToggle.addEventListener('click', () =>
      this.setPanelCollapsed(!this.panel.classList.contains('collapsed')),
    );
    this.setPanelCollapsed(false);
    this.panel.append(this.panelToggle, this.panelBody);
    this.resetPanel();
    // The panel is fixed at the bottom: pad the page by its height so it never hides the end.
    if (typeof ResizeObserver !== 'undefined')
      new ResizeObserver(() => {
        document.body.style.paddingBottom = `${this.panel.offsetHeight + 12}px`;
      }).observe(this.panel);
    document.addEventListener('focusin', (ev) => {
      const t = ev.target;
      if (!(t instanceof Element)) return;
      const get = details.get(t);
      if (get) this.showDetail(get());
    });
    // Buttons do not take focus on click everywhere (Safari): make a click on a marker focus it.
    document.addEventListener('click', (ev) => {
      const t = ev.target instanceof Element ? ev.target.closest('.ev, .lane') : null;
      if (t instanceof HTMLElement && details.has(t) && document.activeElement !== t) t.focus();
    });
    // Keys pressed with nothing focused go to the first run.
    document.addEventListener('keydown', (ev) => {
      if (ev.target === document.body || ev.target === document.documentElement) this.views[0]?.onKey(ev);
    });
    window.addEventListener('resize', () => {
      for (const v of this.views) v.mount(v.laneScroll);
    });
    window.addEventListener('scroll', () => this.save(), { passive: true });
  }

  private setPanelCollapsed(collapsed: boolean): void {
    this.panel.classList.toggle('collapsed', collapsed);
    this.panelToggle.setAttribute('aria-expanded', String(!collapsed));
    this.panelToggle.textContent = collapsed ? '▸' : '▾';
    this.panelToggle.title = collapsed
      ? l10n.t('Show the details')
      : l10n.t('Hide the details (keep one line)');
    this.panelToggle.setAttribute('aria-label', this.panelToggle.title);
  }

  private resetPanel(): void {
    this.panelBody.replaceChildren(
      el(
        'span',
        'muted',
        l10n.t('Focus a lane or an event marker (Tab, arrow keys, or click) to see its details here.'),
      ),
    );
  }

  private showDetail(d: Detail): void {
    const frag = document.createDocumentFragment();
    frag.appendChild(el('strong', 'dtitle', d.title));
    const ul = el('ul');
    for (const line of d.lines) ul.appendChild(el('li', undefined, line));
    frag.appendChild(ul);
    this.panelBody.replaceChildren(frag);
  }

  private hostFor(): Host | null {
    if (!this.api) return null;
    const api = this.api;
    return {
      cursorMoved: (t) => this.post(t),
      reveal: (o) => api.postMessage({ type: 'reveal', kind: o.kind, name: o.name, namespace: o.namespace }),
      simulateDelete: (o) =>
        api.postMessage({ type: 'simulateDelete', kind: o.kind, name: o.name, namespace: o.namespace }),
      stateChanged: () => this.save(),
    };
  }

  /** Standalone: all runs of the data island. */
  showAll(results: ScenarioView[]): void {
    this.views = results.map(
      (s, i) =>
        new RunView(
          s,
          { title: s.scenario, idx: i, host: null, initial: { t: null, zoom: 0, laneScroll: 0 } },
          (d) => this.showDetail(d),
        ),
    );
    const frag = document.createDocumentFragment();
    if (results.length > 1) {
      const nav = el('nav', 'toc');
      nav.setAttribute('aria-label', l10n.t('Scenarios'));
      const ul = el('ul');
      results.forEach((s, i) => {
        const li = el('li');
        const a = el('a', undefined, s.scenario);
        a.setAttribute('href', `#scenario-${i}`);
        li.appendChild(mark(s.ok));
        li.appendChild(a);
        ul.appendChild(li);
      });
      nav.appendChild(ul);
      frag.appendChild(nav);
    }
    for (const v of this.views) frag.appendChild(v.section);
    if (results.length === 0) frag.appendChild(el('p', 'muted', 'No scenarios were run.'));
    frag.appendChild(this.panel);
    this.root.replaceChildren(frag);
    for (const v of this.views) v.mount(0);
  }

  /** VS Code: one run, keeping the cursor, zoom and scroll when it is the same simulation. */
  show(title: string, result: ScenarioView, at: number | undefined, notice?: string): void {
    const live = this.views[0];
    const saved = this.api?.getState();
    let initial = { t: null as number | null, zoom: 0, laneScroll: 0 };
    let pageScroll = 0;
    if (live && this.title === title) {
      initial = { t: live.cursor, zoom: live.zoomIndex, laneScroll: live.laneScroll };
      pageScroll = window.scrollY;
    } else if (isTimelineState(saved) && saved.title === title) {
      initial = { t: saved.t, zoom: saved.zoom, laneScroll: saved.laneScroll };
      pageScroll = saved.pageScroll;
    }
    if (at !== undefined) initial.t = at;
    for (const v of this.views) v.dispose();
    this.title = title;
    document.title = `K8s Sim: ${title}`;
    const view = new RunView(result, { title, idx: 0, host: this.hostFor(), initial }, (d) =>
      this.showDetail(d),
    );
    this.views = [view];
    this.resetPanel();
    if (notice) {
      // As text, like everything the page shows of the user's files.
      const box = el('p', 'notice', notice);
      box.setAttribute('role', 'status');
      this.root.replaceChildren(box, view.section, this.panel);
    } else this.root.replaceChildren(view.section, this.panel);
    view.mount(initial.laneScroll);
    if (pageScroll > 0) window.scrollTo(0, pageScroll);
    this.saveState();
  }

  showEmpty(title: string, message: string): void {
    for (const v of this.views) v.dispose();
    this.views = [];
    this.title = title;
    document.title = `K8s Sim: ${title}`;
    const box = el('section', 'empty-state');
    box.appendChild(el('h2', undefined, `K8s Sim: ${title}`));
    const p = el('p', undefined, message);
    p.setAttribute('role', 'status');
    box.appendChild(p);
    this.root.replaceChildren(box);
  }

  onMessage(m: ExtensionToWebview): void {
    switch (m.type) {
      case 'show':
        this.show(m.title, m.result, m.at, m.notice);
        break;
      case 'empty':
        this.showEmpty(m.title, m.message);
        break;
      case 'cursor':
        this.views[0]?.setCursor(m.t, 'host');
        break;
    }
  }

  private saveState(): void {
    const v = this.views[0];
    if (!this.api || !v) return;
    this.api.setState({
      title: this.title,
      t: v.cursor,
      zoom: v.zoomIndex,
      laneScroll: Math.max(0, v.laneScroll),
      pageScroll: Math.max(0, window.scrollY),
    });
  }

  error(message: string): void {
    const p = el('p', 'error', l10n.t('Cannot show the report: {0}', message));
    p.setAttribute('role', 'alert');
    this.root.replaceChildren(p);
  }
}

export function readData(): ScenarioView[] {
  const node = document.getElementById(DATA_ID);
  if (!node) throw new Error(`the page has no #${DATA_ID} data`);
  const parsed: unknown = JSON.parse(node.textContent ?? 'null');
  if (Array.isArray(parsed)) return parsed as ScenarioView[];
  if (parsed && typeof parsed === 'object') return [parsed as ScenarioView];
  throw new Error('the data is not a list of scenario results');
}

/** Marks the first paint after the data was drawn (read by the performance test). */
export function markPainted(): void {
  performance.mark('k8s-sim:rendered');
  requestAnimationFrame(() => setTimeout(() => performance.mark('k8s-sim:painted'), 0));
}

export function main(): void {
  if (scriptNonce) (globalThis as { litNonce?: string }).litNonce = scriptNonce;
  const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  document.documentElement.classList.add(api ? 'has-host' : 'standalone');
  const page = new Page(api);
  if (!api) {
    performance.mark('k8s-sim:data');
    try {
      page.showAll(readData());
    } catch (e) {
      page.error(e instanceof Error ? e.message : String(e));
      return;
    }
    markPainted();
    return;
  }
  window.addEventListener('message', (ev: MessageEvent<unknown>) => {
    if (!isExtensionMessage(ev.data)) return;
    if (ev.data.type === 'show') performance.mark('k8s-sim:data');
    try {
      page.onMessage(ev.data);
    } catch (e) {
      page.error(e instanceof Error ? e.message : String(e));
      return;
    }
    if (ev.data.type === 'show') markPainted();
  });
  const p = el('p', 'muted', l10n.t('Waiting for the simulation…'));
  p.setAttribute('role', 'status');
  document.getElementById('app')?.replaceChildren(p);
  api.postMessage({ type: 'ready' });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
