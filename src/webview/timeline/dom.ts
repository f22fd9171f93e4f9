// Small helpers
import { type VscodeButton } from '@vscode-elements/elements/dist/vscode-button/index.js';

export type Tag = keyof HTMLElementTagNameMap;

export function el<K extends Tag>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Text that screen readers and tests read but that is not drawn. */
export function hidden(text: string): HTMLSpanElement {
  return el('span', 'vh', text);
}

export function button(label: string, opts: { secondary?: boolean; aria?: string } = {}): VscodeButton {
  const b = el('vscode-button', undefined, label);
  if (opts.secondary) b.secondary = true;
  if (opts.aria) b.setAttribute('aria-label', opts.aria);
  return b;
}

export function badge(text: string): HTMLElement {
  return el('vscode-badge', undefined, text);
}

export function fmtT(t: number): string {
  const r = Math.round(t * 10) / 10;
  if (r < 60) return `${r}s`;
  if (r >= 3600) {
    const h = Math.floor(r / 3600);
    const m = Math.floor((r - h * 3600) / 60);
    const s = Math.round(r - h * 3600 - m * 60);
    return `${h}h${m > 0 || s > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
  }
  const m = Math.floor(r / 60);
  const s = Math.round((r - m * 60) * 10) / 10;
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}

export function pct(t: number, domain: number): string {
  return `${((t / domain) * 100).toFixed(4)}%`;
}

export function fmtPct(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  // One decimal always, so shares side by side read alike ("86.0%" beside "14.0%").
  return `${((part / whole) * 100).toFixed(1)}%`;
}

export function niceStep(range: number, target: number): number {
  const raw = range / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export { byNameNumeric } from '../../shared/cluster-at';

export function statusClass(status: string): string {
  switch (status) {
    case 'Pending':
      return 's-pending';
    case 'ContainerCreating':
    case 'PodInitializing':
      return 's-creating';
    case 'Running':
      return 's-running';
    case 'Terminating':
      return 's-terminating';
    case 'Bound':
      return 's-bound';
    case 'Completed':
    case 'Succeeded':
      return 's-done';
    case 'Ready':
      return 's-running';
    case 'Ready,SchedulingDisabled':
      return 's-pending';
  }
  if (status.startsWith('NotReady')) return 's-failed';
  // A PodDisruptionBudget lane: `0 disruptions allowed` blocks evictions.
  if (status.endsWith(' allowed')) return status.startsWith('0 ') ? 's-pending' : 's-bound';
  if (status.startsWith('Init:')) return 's-creating';
  if (/Err|BackOff|Fail|Error|Lost|OOM|Evicted|Unknown/.test(status)) return 's-failed';
  return 's-other';
}

/** Calls `fn` at most every `ms`, always with the last arguments (trailing call guaranteed). */
export function throttle<A extends unknown[]>(ms: number, fn: (...args: A) => void): (...args: A) => void {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  return (...args: A) => {
    pending = args;
    const wait = last + ms - Date.now();
    if (wait <= 0 && timer === null) {
      last = Date.now();
      pending = null;
      fn(...args);
      return;
    }
    if (timer !== null) return;
    timer = setTimeout(
      () => {
        timer = null;
        last = Date.now();
        const a = pending;
        pending = null;
        if (a) fn(...a);
      },
      Math.max(0, wait),
    );
  };
}

/** What the details panel shows for a focused lane or marker. */
export interface Detail {
  title: string;
  lines: string[];
}
export const details = new WeakMap<Element, () => Detail>();
