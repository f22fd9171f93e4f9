// One run: timeline with cursor, snapshot, traffic, steps
import { type ObjectRefMessage } from '../../shared/protocol';
import { type ScenarioView, type StepView } from '../model';
import { snapshotAt } from './cluster-at';
import { snapshotCards } from './snapshot-view';
import { GROUP_H, LANE_H, MIN_TICK_PX, OVERSCAN, PLAY_SECONDS, ZOOMS } from './constants';
import { Detail, badge, button, clamp, el, fmtT, niceStep, pct } from './dom';
import { Lane, Model, buildModel, objectText } from './lanes';
import { Row, legendItems, renderGroupRow, renderLane, stepTitle } from './rows';
import { mark, noteItem, notSimulatedText, rejectedText, renderSteps } from './steps';
import { renderTrafficCard } from './traffic';
import { type VscodeButton } from '@vscode-elements/elements/dist/vscode-button/index.js';
import { type VscodeContextMenu } from '@vscode-elements/elements/dist/vscode-context-menu/index.js';
import { l10n } from './l10n';

export interface ViewOptions {
  title: string;
  idx: number;
  /** Inside VS Code: lanes can be opened and deleted through the extension. */
  host: Host | null;
  initial: { t: number | null; zoom: number; laneScroll: number };
}

export interface Host {
  cursorMoved(t: number): void;
  reveal(o: ObjectRefMessage): void;
  simulateDelete(o: ObjectRefMessage & { kind: 'Pod' | 'PersistentVolumeClaim' }): void;
  stateChanged(): void;
}

export class RunView {
  readonly model: Model;
  readonly section: HTMLElement;
  private readonly rows: Row[] = [];
  private readonly offsets: number[] = [];
  private readonly lanes: Lane[] = [];
  private readonly built = new Map<number, HTMLElement>();
  private readonly shown = new Map<number, HTMLElement>();
  private activeRow = 0;
  private readonly scroller = el('div', 'timeline');
  private readonly inner = el('div', 'tl-inner');
  private readonly head = el('div', 'tl-head');
  private readonly axis = el('div', 'axis');
  /** The axis width the ticks were laid out for. */
  private axisWidth = 0;
  private axisObserver: ResizeObserver | null = null;
  private readonly knob = el('div', 'cursor-knob');
  private readonly lanesEl = el('div', 'lanes');
  private readonly cursorLine = el('div', 'cursor-line');
  private readonly slider = el('input', 'scrub');
  private readonly now = el('span', 'now');
  private readonly playBtn: VscodeButton;
  private readonly zoomLabel = el('span', 'zoomlabel', '1×');
  private readonly zoomOut: VscodeButton;
  private readonly zoomIn: VscodeButton;
  private readonly snapshotBody = el('div', 'nodes');
  private readonly snapshotTitle = el('h3');
  private readonly snapshotCount = badge('');
  private readonly trafficCards: Array<{ card: HTMLElement; step: StepView }> = [];
  private readonly expanded = new Set<string>();
  private snapshotKey = '';
  private snapshotFrame = 0;
  private windowFrame = 0;
  private t: number;
  private zoom: number;
  private playing = false;
  private playFrame = 0;
  private lastFrame = 0;
  private menu: VscodeContextMenu | null = null;

  constructor(
    readonly s: ScenarioView,
    private readonly opts: ViewOptions,
    private readonly showDetail: (d: Detail) => void,
  ) {
    this.model = buildModel(s);
    this.t = clamp(opts.initial.t ?? this.model.tEnd, 0, this.model.tEnd);
    this.zoom = clamp(opts.initial.zoom, 0, ZOOMS.length - 1);
    let y = 0;
    for (const g of this.model.groups) {
      this.rows.push({ type: 'group', group: g });
      this.offsets.push(y);
      y += GROUP_H;
      for (const lane of [...g.pods, ...g.claims]) {
        this.rows.push({ type: 'lane', group: g, lane });
        this.offsets.push(y);
        y += LANE_H;
        this.lanes.push(lane);
      }
    }
    this.offsets.push(y);
    this.playBtn = button(l10n.t('Play'), { aria: l10n.t('Play') });
    this.zoomOut = button('−', { secondary: true, aria: l10n.t('Zoom out') });
    this.zoomIn = button('+', { secondary: true, aria: l10n.t('Zoom in') });
    this.section = this.render();
  }

  // ----------------------------------------------------------------- building

  private render(): HTMLElement {
    const { s, model } = this;
    const { idx } = this.opts;
    const sec = el('section', 'scenario');
    sec.id = `scenario-${idx}`;
    const h = el('h2', undefined, `K8s Sim: ${this.opts.title}`);
    h.id = `sc-h-${idx}`;
    sec.setAttribute('aria-labelledby', h.id);
    const header = el('header', 'sc-head');
    header.appendChild(h);
    const exps = (s.steps ?? []).flatMap((st) => st.expectations ?? []);
    const failed = exps.filter((e) => !e.ok).length;
    // A run without expectations has nothing to pass: said plainly, without a tick.
    const verdict = el('p', exps.length === 0 && s.ok ? 'badge' : `badge ${s.ok ? 'ok' : 'bad'}`);
    if (exps.length === 0 && s.ok) verdict.textContent = l10n.t('nothing to check: no expectations');
    else
      verdict.appendChild(
        mark(
          s.ok,
          exps.length === 0
            ? l10n.t('the run has problems')
            : s.ok
              ? l10n.t('all {0} expectations held', exps.length)
              : l10n.t('{0} of {1} expectations failed', failed, exps.length),
        ),
      );
    header.appendChild(verdict);
    sec.appendChild(header);
    if (s.description) sec.appendChild(el('p', 'desc', s.description));
    const meta = el('p', 'meta');
    const metaParts = [
      s.file ? l10n.t('file {0}', s.file) : '',
      s.scenario !== this.opts.title ? l10n.t('scenario {0}', s.scenario) : '',
      l10n.t('seed {0}', s.seed),
      l10n.t('simulated {0}', fmtT(model.tEnd)),
      laneCount(
        this.lanes.filter((l) => l.inc.kind === 'Pod' || l.inc.kind === 'PersistentVolumeClaim').length,
      ),
      eventCount((s.events ?? []).length),
    ];
    meta.textContent = metaParts.filter((x) => x !== '').join(' · ');
    sec.appendChild(meta);

    const notes = el('ul', 'notices');
    for (const r of s.rejected ?? []) notes.appendChild(noteItem(rejectedText(r), 'bad'));
    for (const n of s.notSimulated ?? []) notes.appendChild(noteItem(notSimulatedText(n), 'warn'));
    if (notes.childElementCount > 0) sec.appendChild(notes);

    sec.appendChild(this.renderTimeline());
    sec.appendChild(this.renderSnapshotSection());
    const traffic = this.renderTraffic();
    if (traffic) sec.appendChild(traffic);
    sec.appendChild(renderSteps(s, idx));
    sec.addEventListener('keydown', (ev) => this.onKey(ev));
    // Space on an event marker plays / pauses (keydown); keep the button from also "clicking" on keyup.
    sec.addEventListener('keyup', (ev) => {
      if (ev.key === ' ' && ev.target instanceof HTMLElement && ev.target.classList.contains('ev'))
        ev.preventDefault();
    });
    return sec;
  }

  private renderTimeline(): HTMLElement {
    const { model } = this;
    const steps = this.s.steps ?? [];
    const idx = this.opts.idx;
    const wrap = el('section', 'tl-section');
    const h = el('h3', undefined, l10n.t('Timeline'));
    h.id = `tl-h-${idx}`;
    wrap.setAttribute('aria-labelledby', h.id);

    const bar = el('div', 'toolbar');
    bar.appendChild(h);
    bar.appendChild(legendItems());
    const zoomBox = el('div', 'zoom');
    zoomBox.setAttribute('role', 'group');
    zoomBox.setAttribute('aria-label', l10n.t('Zoom'));
    this.zoomLabel.setAttribute('aria-live', 'polite');
    zoomBox.append(this.zoomOut, this.zoomLabel, this.zoomIn);
    bar.appendChild(zoomBox);
    wrap.appendChild(bar);

    // Player: play / pause, previous / next event, the slider and the time.
    const player = el('div', 'player');
    player.setAttribute('role', 'group');
    player.setAttribute('aria-label', l10n.t('Time cursor'));
    const prev = button(l10n.t('◀ Event'), { secondary: true, aria: l10n.t('Previous event') });
    const next = button(l10n.t('Event ▶'), { secondary: true, aria: l10n.t('Next event') });
    this.playBtn.setAttribute('aria-pressed', 'false');
    this.playBtn.classList.add('play');
    prev.classList.add('prev');
    next.classList.add('next');
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.max = String(model.tEnd);
    this.slider.step = String(Math.max(0.1, Math.round((model.tEnd / 400) * 10) / 10));
    this.slider.setAttribute('aria-label', l10n.t('Time cursor'));
    this.now.setAttribute('aria-live', 'off');
    player.append(this.playBtn, prev, next, this.slider, this.now);
    player.appendChild(badge(l10n.t('{0} event times', model.eventTimes.length)));
    wrap.appendChild(player);
    wrap.appendChild(
      el(
        'p',
        'hint',
        this.opts.host
          ? l10n.t(
              'Drag the time cursor or the slider; Space plays / pauses, ←/→ step between events. Tab to the lanes: ↑/↓ move, Enter opens the object, Shift+F10 for actions.',
            )
          : l10n.t(
              'Drag the time cursor or the slider; Space plays / pauses, ←/→ step between events. Tab to the lanes: ↑/↓ move between them. Details show below.',
            ),
      ),
    );

    this.playBtn.addEventListener('click', () => this.togglePlay());
    prev.addEventListener('click', () => this.stepEvent(-1));
    next.addEventListener('click', () => this.stepEvent(1));
    this.slider.addEventListener('input', () => {
      this.pause();
      this.setCursor(Number(this.slider.value), 'user');
    });

    this.scroller.appendChild(this.inner);
    this.head.setAttribute('aria-hidden', 'true');
    this.head.appendChild(el('div', 'corner', l10n.t('object')));
    this.head.appendChild(this.axis);
    this.inner.appendChild(this.head);

    // Step bands behind the lanes.
    const bands = el('div', 'overlay bands');
    steps.forEach((st, i) => {
      if (st.end > st.start) {
        const b = el('div', `band${i % 2 ? ' alt' : ''}`);
        b.style.left = pct(st.start, model.domain);
        b.style.width = pct(st.end - st.start, model.domain);
        bands.appendChild(b);
      }
    });
    this.inner.appendChild(bands);

    this.lanesEl.style.height = `${this.offsets[this.offsets.length - 1]}px`;
    if (this.rows.length === 0) {
      this.lanesEl.style.height = '';
      this.lanesEl.appendChild(el('p', 'empty', l10n.t('No pods or claims in this run.')));
    }
    this.inner.appendChild(this.lanesEl);

    // Step boundaries and the cursor in front of the segments.
    const lines = el('div', 'overlay lines');
    steps.forEach((st, i) => {
      const line = el('div', 'stepline');
      line.style.left = pct(st.start, model.domain);
      line.setAttribute('title', stepTitle(st, i));
      lines.appendChild(line);
    });
    const endLine = el('div', 'endline');
    endLine.style.left = pct(model.tEnd, model.domain);
    lines.appendChild(endLine);
    const tail = el('div', 'run-tail');
    tail.style.left = pct(model.tEnd, model.domain);
    tail.style.width = pct(model.domain - model.tEnd, model.domain);
    tail.setAttribute(
      'title',
      l10n.t('After the last change ({0}): the final states, held', fmtT(model.tEnd)),
    );
    lines.appendChild(tail);
    this.inner.appendChild(lines);
    const cursor = el('div', 'overlay cursor');
    cursor.setAttribute('aria-hidden', 'true');
    this.cursorLine.setAttribute('title', l10n.t('Time cursor: drag to move'));
    cursor.appendChild(this.cursorLine);
    this.inner.appendChild(cursor);

    this.zoomOut.addEventListener('click', () => this.setZoom(this.zoom - 1));
    this.zoomIn.addEventListener('click', () => this.setZoom(this.zoom + 1));
    this.applyZoom();

    this.axis.addEventListener('pointerdown', (ev) => this.startDrag(ev));
    this.cursorLine.addEventListener('pointerdown', (ev) => this.startDrag(ev));
    this.lanesEl.addEventListener('pointerdown', (ev) => {
      const target = ev.target instanceof Element ? ev.target : null;
      if (target?.closest('.track') && !target.closest('.ev')) this.startDrag(ev);
    });
    this.lanesEl.addEventListener('click', (ev) => this.onLaneClick(ev));
    this.lanesEl.addEventListener('focusin', (ev) => {
      const row = ev.target instanceof Element ? ev.target.closest<HTMLElement>('.lane') : null;
      if (row?.dataset.row) this.setActiveRow(Number(row.dataset.row));
    });
    if (this.opts.host) this.lanesEl.addEventListener('contextmenu', (ev) => this.onContextMenu(ev));
    this.scroller.addEventListener('scroll', () => {
      this.scheduleWindow();
      this.opts.host?.stateChanged();
    });
    wrap.appendChild(this.scroller);
    return wrap;
  }

  /** The axis again when its drawn width is not the one its ticks were laid out for. */
  private fitAxis(): void {
    if (this.axis.clientWidth !== this.axisWidth) this.renderAxis();
  }

  /** Ticks, step labels and the cursor knob: rebuilt on zoom (the only part that depends on it). */
  private renderAxis(): void {
    const { model } = this;
    const steps = this.s.steps ?? [];
    const zoom = ZOOMS[this.zoom];
    const frag = document.createDocumentFragment();
    // As many ticks as fit with room for a label like `2m30s` (the panel may be narrow); before
    // the page is laid out, ten per screen width.
    const width = this.axis.clientWidth;
    this.axisWidth = width;
    const step = niceStep(model.domain, width > 0 ? Math.max(2, Math.floor(width / MIN_TICK_PX)) : 10 * zoom);
    for (let t = 0; t <= model.domain + 1e-9; t += step) {
      const tick = el('div', 'tick', fmtT(t));
      tick.style.left = pct(t, model.domain);
      frag.appendChild(tick);
    }
    // Step labels on up to three rows so close labels do not overlap; a step with no room left
    // joins the last label as "+N" (its title lists every step it stands for).
    const lastPos: number[] = [];
    const lastLabel: Array<{ el: HTMLElement; text: string; extra: number }> = [];
    const minGap = 9 / zoom; // percent of the track one label needs
    let levels = 0;
    steps.forEach((st, i) => {
      const pos = (st.start / model.domain) * 100;
      let level = lastPos.findIndex((p) => pos - p >= minGap);
      if (level < 0 && lastPos.length < 3) level = lastPos.length;
      if (level < 0) {
        const joined = lastLabel[2];
        joined.extra++;
        joined.el.textContent = `${joined.text} +${joined.extra}`;
        joined.el.setAttribute('title', `${joined.el.getAttribute('title') ?? ''}\n${stepTitle(st, i)}`);
        return;
      }
      lastPos[level] = pos;
      levels = Math.max(levels, level + 1);
      const text = `${i + 1} ${st.type}`;
      const lab = el('div', `steplabel lvl${level}${pos > 88 ? ' end' : ''}`, text);
      lab.style.left = pct(st.start, model.domain);
      lab.setAttribute('title', stepTitle(st, i));
      lastLabel[level] = { el: lab, text, extra: 0 };
      frag.appendChild(lab);
    });
    frag.appendChild(this.knob);
    this.axis.style.setProperty('--levels', String(levels));
    this.axis.replaceChildren(frag);
  }

  private renderSnapshotSection(): HTMLElement {
    const sec = el('section', 'snapshot');
    this.snapshotTitle.id = `sn-h-${this.opts.idx}`;
    sec.setAttribute('aria-labelledby', this.snapshotTitle.id);
    const head = el('div', 'sn-head');
    head.append(this.snapshotTitle, this.snapshotCount);
    sec.appendChild(head);
    sec.appendChild(this.snapshotBody);
    this.snapshotBody.addEventListener('click', (ev) => {
      const b = ev.target instanceof Element ? ev.target.closest<HTMLElement>('.more') : null;
      const node = b?.dataset.node;
      if (node === undefined) return;
      if (this.expanded.has(node)) this.expanded.delete(node);
      else this.expanded.add(node);
      this.snapshotKey = '';
      this.renderSnapshot();
    });
    return sec;
  }

  private renderSnapshot(): void {
    const snap = snapshotAt(this.s, this.model.nodes, this.t);
    this.snapshotTitle.textContent = l10n.t('Cluster at {0}', fmtT(this.t));
    this.snapshotCount.textContent = l10n.t('{0} pod(s), {1} claim(s)', snap.pods, snap.claims);
    if (snap.key === this.snapshotKey && this.snapshotBody.childElementCount > 0) return;
    this.snapshotKey = snap.key;
    this.snapshotBody.replaceChildren(snapshotCards(snap, this.model.showNamespace, this.expanded, this.t));
  }

  private renderTraffic(): HTMLElement | null {
    const steps = (this.s.steps ?? []).filter((st) => st.requests);
    if (steps.length === 0) return null;
    const sec = el('section', 'traffic');
    const h = el('h3', undefined, l10n.t('Traffic'));
    h.id = `tr-h-${this.opts.idx}`;
    sec.setAttribute('aria-labelledby', h.id);
    sec.appendChild(h);
    const grid = el('div', 'tcards');
    for (const st of steps) {
      const req = st.requests;
      if (!req) continue;
      const card = renderTrafficCard(st, req);
      const go = button(l10n.t('Go to'), {
        secondary: true,
        aria: l10n.t('Move the time cursor to step {0}', st.index + 1),
      });
      go.addEventListener('click', () => {
        this.pause();
        this.setCursor(st.start, 'user');
      });
      card.querySelector('h4')?.appendChild(go);
      this.trafficCards.push({ card, step: st });
      grid.appendChild(card);
    }
    sec.appendChild(grid);
    return sec;
  }

  // ----------------------------------------------------------------- mounting, virtual rows

  /** Call once the section is in the document (sizes are known). */
  mount(laneScroll: number): void {
    if (laneScroll > 0) this.scroller.scrollTop = laneScroll;
    // The ticks depend on the axis's drawn width: known from now on, and again when it changes
    // (one observer per view, however often the page mounts it again).
    this.fitAxis();
    if (!this.axisObserver && typeof ResizeObserver !== 'undefined') {
      this.axisObserver = new ResizeObserver(() => this.fitAxis());
      this.axisObserver.observe(this.axis);
    }
    this.updateWindow();
    this.setCursor(this.t, 'restore');
  }

  get laneScroll(): number {
    return this.scroller.scrollTop;
  }

  get cursor(): number {
    return this.t;
  }

  get zoomIndex(): number {
    return this.zoom;
  }

  private scheduleWindow(): void {
    if (this.windowFrame) return;
    this.windowFrame = requestAnimationFrame(() => {
      this.windowFrame = 0;
      this.updateWindow();
    });
  }

  private rowAt(y: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private rowElement(i: number): HTMLElement {
    let row = this.built.get(i);
    if (row) return row;
    const r = this.rows[i];
    row = r.type === 'group' ? renderGroupRow(r.group, this.model) : renderLane(r.lane, this.model);
    if (i === 0) row.classList.add('first');
    row.dataset.row = String(i);
    row.style.top = `${this.offsets[i]}px`;
    row.tabIndex = i === this.activeRow ? 0 : -1;
    this.built.set(i, row);
    return row;
  }

  /** Draws the rows in view (plus a margin, the active row and the focused one); removes the rest. */
  private updateWindow(): void {
    const n = this.rows.length;
    if (n === 0) return;
    const top = this.scroller.scrollTop - this.lanesEl.offsetTop;
    const height = this.scroller.clientHeight || window.innerHeight;
    const first = Math.max(0, this.rowAt(Math.max(0, top)) - OVERSCAN);
    const last = Math.min(n - 1, this.rowAt(Math.max(0, top + height)) + OVERSCAN);
    const want = new Set<number>();
    for (let i = first; i <= last; i++) want.add(i);
    want.add(this.activeRow);
    const focused = document.activeElement?.closest<HTMLElement>('.lane');
    if (focused?.dataset.row && this.lanesEl.contains(focused)) want.add(Number(focused.dataset.row));
    for (const [i, row] of this.shown) {
      if (!want.has(i)) {
        row.remove();
        this.shown.delete(i);
      }
    }
    // Insert the missing rows in index order so the DOM (and screen readers) read them in order.
    const order = [...want].sort((a, b) => a - b);
    let cursor: Element | null = this.lanesEl.firstElementChild;
    for (const i of order) {
      const existing = this.shown.get(i);
      if (existing) {
        cursor = existing.nextElementSibling;
        continue;
      }
      const row = this.rowElement(i);
      this.lanesEl.insertBefore(row, cursor);
      this.shown.set(i, row);
    }
  }

  private setActiveRow(i: number): void {
    if (i === this.activeRow) return;
    const old = this.built.get(this.activeRow);
    if (old) old.tabIndex = -1;
    this.activeRow = i;
    this.rowElement(i).tabIndex = 0;
  }

  private focusRow(i: number): void {
    if (this.rows.length === 0) return;
    i = clamp(i, 0, this.rows.length - 1);
    this.setActiveRow(i);
    // Bring the row into the scroller's view first, so the window around it is drawn.
    const y = this.lanesEl.offsetTop + this.offsets[i];
    const h = this.offsets[i + 1] - this.offsets[i];
    const headH = this.head.offsetHeight;
    if (y - headH < this.scroller.scrollTop) this.scroller.scrollTop = y - headH;
    else if (y + h > this.scroller.scrollTop + this.scroller.clientHeight)
      this.scroller.scrollTop = y + h - this.scroller.clientHeight;
    this.updateWindow();
    this.rowElement(i).focus();
  }

  // ----------------------------------------------------------------- cursor

  setCursor(t: number, source: 'user' | 'host' | 'restore' | 'play'): void {
    const { model } = this;
    this.t = clamp(Number.isFinite(t) ? t : model.tEnd, 0, model.tEnd);
    const left = pct(this.t, model.domain);
    this.cursorLine.style.left = left;
    this.knob.style.left = left;
    this.slider.value = String(this.t);
    this.slider.setAttribute('aria-valuetext', fmtT(this.t));
    this.now.replaceChildren(el('strong', undefined, fmtT(this.t)), ` / ${fmtT(model.tEnd)}`);
    for (const { card, step } of this.trafficCards)
      card.classList.toggle('current', step.start <= this.t && this.t <= Math.max(step.end, step.start));
    this.scheduleSnapshot();
    if (source === 'user' || source === 'play') this.opts.host?.cursorMoved(this.t);
    if (source !== 'restore') this.opts.host?.stateChanged();
  }

  private scheduleSnapshot(): void {
    if (this.snapshotFrame) return;
    this.snapshotFrame = requestAnimationFrame(() => {
      this.snapshotFrame = 0;
      this.renderSnapshot();
    });
  }

  /** Moves the cursor to the next (dir 1) or previous (dir -1) event time; returns it, or null. */
  stepEvent(dir: 1 | -1, times: number[] = this.model.eventTimes): number | null {
    const eps = 1e-6;
    let target: number | undefined;
    if (dir > 0) target = times.find((x) => x > this.t + eps);
    else
      for (let i = times.length - 1; i >= 0 && target === undefined; i--)
        if (times[i] < this.t - eps) target = times[i];
    if (target === undefined) return null;
    this.pause();
    this.setCursor(target, 'user');
    this.revealCursor();
    const at = this.model.eventsAt.get(target) ?? [];
    if (times === this.model.eventTimes && at.length > 0)
      this.showDetail({
        title: l10n.t('{0} event(s) at {1}', at.length, fmtT(target)),
        lines: at.slice(0, 12).map((e) => `${objectText(e.object)}: ${e.reason}: ${e.message}`),
      });
    return target;
  }

  /** Scrolls horizontally so that the cursor is in view (when zoomed in). */
  private revealCursor(): void {
    const labelW =
      this.head.firstElementChild instanceof HTMLElement ? this.head.firstElementChild.offsetWidth : 0;
    const trackW = this.inner.offsetWidth - labelW;
    const x = labelW + (this.t / this.model.domain) * trackW;
    const viewL = this.scroller.scrollLeft + labelW;
    const viewR = this.scroller.scrollLeft + this.scroller.clientWidth;
    if (x < viewL + 10 || x > viewR - 10)
      this.scroller.scrollLeft = Math.max(0, x - labelW - (this.scroller.clientWidth - labelW) / 2);
  }

  private timeAtX(clientX: number): number {
    const r = this.axis.getBoundingClientRect();
    if (r.width <= 0) return this.t;
    return clamp(((clientX - r.left) / r.width) * this.model.domain, 0, this.model.tEnd);
  }

  private startDrag(ev: PointerEvent): void {
    if (ev.button !== 0) return;
    ev.preventDefault();
    this.pause();
    const target = ev.currentTarget instanceof HTMLElement ? ev.currentTarget : this.axis;
    target.setPointerCapture(ev.pointerId);
    document.body.classList.add('dragging');
    this.setCursor(this.timeAtX(ev.clientX), 'user');
    const move = (e: PointerEvent) => this.setCursor(this.timeAtX(e.clientX), 'user');
    const end = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', end);
      target.removeEventListener('pointercancel', end);
      document.body.classList.remove('dragging');
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', end);
    target.addEventListener('pointercancel', end);
  }

  togglePlay(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.playing || this.model.tEnd <= 0) return;
    if (this.t >= this.model.tEnd - 1e-6) this.setCursor(0, 'play');
    this.playing = true;
    this.playBtn.textContent = l10n.t('Pause');
    this.playBtn.setAttribute('aria-label', l10n.t('Pause'));
    this.playBtn.setAttribute('aria-pressed', 'true');
    const rate = Math.max(1, this.model.tEnd / PLAY_SECONDS);
    this.lastFrame = performance.now();
    const tick = (now: number) => {
      if (!this.playing) return;
      const dt = Math.min(0.25, (now - this.lastFrame) / 1000);
      this.lastFrame = now;
      const t = this.t + dt * rate;
      this.setCursor(t, 'play');
      this.revealCursor();
      if (t >= this.model.tEnd) this.pause();
      else this.playFrame = requestAnimationFrame(tick);
    };
    this.playFrame = requestAnimationFrame(tick);
  }

  /** The view is no longer shown (another run replaced it). */
  dispose(): void {
    this.pause();
    this.axisObserver?.disconnect();
    this.axisObserver = null;
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.playFrame);
    this.playBtn.textContent = l10n.t('Play');
    this.playBtn.setAttribute('aria-label', l10n.t('Play'));
    this.playBtn.setAttribute('aria-pressed', 'false');
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  private setZoom(z: number): void {
    const next = clamp(z, 0, ZOOMS.length - 1);
    if (next === this.zoom) return;
    this.zoom = next;
    this.applyZoom();
    this.revealCursor();
    this.opts.host?.stateChanged();
  }

  private applyZoom(): void {
    const z = ZOOMS[this.zoom];
    this.inner.style.setProperty('--zoom', String(z));
    this.zoomLabel.textContent = `${z}×`;
    this.zoomOut.disabled = this.zoom === 0;
    this.zoomIn.disabled = this.zoom === ZOOMS.length - 1;
    this.renderAxis();
  }

  // ----------------------------------------------------------------- input

  /** Keyboard for the whole run: lanes (↑/↓, ←/→ through events, Enter), Space, ←/→ elsewhere. */
  onKey(ev: KeyboardEvent): void {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const target = ev.target instanceof HTMLElement ? ev.target : null;
    if (!target) return;
    const tag = target.tagName;
    const inLanes = this.lanesEl.contains(target);
    const onMarker = inLanes && target.classList.contains('ev');
    const isControl =
      (tag === 'BUTTON' && !onMarker) ||
      tag === 'VSCODE-BUTTON' ||
      tag === 'A' ||
      tag === 'TEXTAREA' ||
      tag === 'SELECT' ||
      tag === 'VSCODE-CONTEXT-MENU' ||
      (tag === 'INPUT' && (target as HTMLInputElement).type !== 'range');
    if (ev.key === ' ' || ev.key === 'Spacebar') {
      if (isControl) return; // buttons activate themselves
      ev.preventDefault();
      this.togglePlay();
      return;
    }
    if (inLanes) {
      this.onLaneKey(ev, target, onMarker);
      return;
    }
    if (isControl && ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
    if (tag === 'INPUT') return; // the slider moves itself
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
      ev.preventDefault();
      this.stepEvent(ev.key === 'ArrowRight' ? 1 : -1);
    }
  }

  private onLaneKey(ev: KeyboardEvent, target: HTMLElement, onMarker: boolean): void {
    const row = target.closest<HTMLElement>('.lane');
    if (!row?.dataset.row) return;
    const i = Number(row.dataset.row);
    const markers = (): HTMLElement[] => Array.from(row.querySelectorAll<HTMLElement>('.ev'));
    switch (ev.key) {
      case 'ArrowDown':
        this.focusRow(i + 1);
        break;
      case 'ArrowUp':
        this.focusRow(i - 1);
        break;
      case 'Home':
        this.focusRow(0);
        break;
      case 'End':
        this.focusRow(this.rows.length - 1);
        break;
      case 'PageDown':
      case 'PageUp': {
        const page = Math.max(1, Math.floor(this.scroller.clientHeight / LANE_H) - 2);
        this.focusRow(i + (ev.key === 'PageDown' ? page : -page));
        break;
      }
      case 'ArrowRight':
      case 'ArrowLeft': {
        // Through this lane's events when it has some, else through all events.
        const dir = ev.key === 'ArrowRight' ? 1 : -1;
        const ms = markers();
        const times = ms.map((m) => Number(m.dataset.t));
        const t = ms.length > 0 ? this.stepEvent(dir, times) : null;
        if (t !== null) {
          const m = ms.find((x) => Number(x.dataset.t) === t);
          m?.focus();
        } else {
          if (onMarker) row.focus();
          this.stepEvent(dir);
        }
        break;
      }
      case 'Escape':
        if (!onMarker) return;
        row.focus();
        break;
      case 'Enter':
        if (onMarker) {
          this.setCursor(Number(target.dataset.t), 'user');
          break;
        }
        if (!this.revealRow(i)) return;
        break;
      case 'ContextMenu':
      case 'F10':
        if (ev.key === 'F10' && !ev.shiftKey) return;
        if (!this.opts.host) return;
        this.openMenu(i, row.getBoundingClientRect().left + 24, row.getBoundingClientRect().bottom);
        break;
      default:
        return;
    }
    ev.preventDefault();
    ev.stopPropagation();
  }

  private onLaneClick(ev: MouseEvent): void {
    const target = ev.target instanceof Element ? ev.target : null;
    const marker = target?.closest<HTMLElement>('.ev');
    if (marker?.dataset.t) {
      this.pause();
      this.setCursor(Number(marker.dataset.t), 'user');
      return;
    }
    if (this.opts.host && target?.closest('.label .name')) {
      const row = target.closest<HTMLElement>('.lane');
      if (row?.dataset.row) this.revealRow(Number(row.dataset.row));
    }
  }

  private objectOfRow(i: number): ObjectRefMessage | null {
    const r = this.rows[i];
    if (!r) return null;
    if (r.type === 'lane')
      return { kind: r.lane.inc.kind, name: r.lane.inc.name, namespace: r.lane.inc.namespace };
    if (!r.group.kind) return null;
    return { kind: r.group.kind, name: r.group.name, namespace: r.group.namespace };
  }

  private revealRow(i: number): boolean {
    const o = this.objectOfRow(i);
    if (!o || !this.opts.host) return false;
    this.opts.host.reveal(o);
    return true;
  }

  private onContextMenu(ev: MouseEvent): void {
    const row = ev.target instanceof Element ? ev.target.closest<HTMLElement>('.lane') : null;
    if (!row?.dataset.row) return;
    ev.preventDefault();
    this.openMenu(Number(row.dataset.row), ev.clientX, ev.clientY);
  }

  private openMenu(i: number, x: number, y: number): void {
    const host = this.opts.host;
    const o = this.objectOfRow(i);
    if (!host || !o) return;
    const row = this.rowElement(i);
    const items = [{ label: l10n.t('Reveal in manifest'), value: 'reveal' }];
    if (o.kind === 'Pod' || o.kind === 'PersistentVolumeClaim')
      items.push({ label: l10n.t('Simulate delete of {0}', o.name), value: 'delete' });
    this.menu?.remove();
    const menu = el('vscode-context-menu', 'lane-menu');
    menu.setAttribute('aria-label', l10n.t('Actions for {0} {1}', o.kind, o.name));
    menu.data = items;
    menu.style.left = `${Math.min(x, window.innerWidth - 220)}px`;
    menu.style.top = `${Math.min(y, window.innerHeight - 80)}px`;
    menu.addEventListener('vsc-context-menu-select', (e) => {
      const value = e.detail.value;
      menu.remove();
      row.focus();
      if (value === 'reveal') host.reveal(o);
      else if (value === 'delete' && (o.kind === 'Pod' || o.kind === 'PersistentVolumeClaim'))
        host.simulateDelete({ kind: o.kind, name: o.name, namespace: o.namespace });
    });
    menu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' || e.key === 'Tab') {
        menu.remove();
        row.focus();
      }
    });
    document.body.appendChild(menu);
    menu.show = true;
    this.menu = menu;
  }
}

function laneCount(n: number): string {
  return n === 1 ? l10n.t('1 pod and claim lane') : l10n.t('{0} pod and claim lanes', n);
}

function eventCount(n: number): string {
  return n === 1 ? l10n.t('1 event') : l10n.t('{0} events', n);
}
