// The human-readable report of `k8s-sim run`: per step, what kubectl answered, then a timeline
// that reads like `kubectl get pods -w` interleaved with `kubectl get events`, then the
// expectations. Colour only when the caller says the output is a terminal.
import type { LogEntry } from '../engine/sim';
import type { Rejection } from '../engine/manifest';
import { escapeField as f, escapeText } from './terminal';
import type { Scenario, Step } from './scenario';
import type { ScenarioRun } from './run';
import type { RequestResult, ResolveResult } from './traffic';

export interface FormatOptions {
  color: boolean;
}

type Paint = (code: string, text: string) => string;

const STATUS_COLOR: Record<string, string> = {
  Running: '32',
  Bound: '32',
  Pending: '33',
  ContainerCreating: '33',
  Terminating: '35',
  Deleted: '90',
  Lost: '31',
  Error: '31',
  Completed: '36',
  CrashLoopBackOff: '31',
  ErrImagePull: '31',
  ImagePullBackOff: '31',
  Ready: '32',
  NotReady: '31',
  'Ready,SchedulingDisabled': '33',
  'NotReady,SchedulingDisabled': '31',
};

export function formatSeconds(t: number): string {
  const rounded = Math.round(t * 1000) / 1000;
  return `${rounded}s`;
}

/** The step as a command line would read; names escaped (they come from the user's files). */
export function describeStep(step: Step): string {
  switch (step.type) {
    case 'apply':
      return `apply ${step.docs.length} document${step.docs.length === 1 ? '' : 's'}`;
    case 'scale':
      return `scale ${f(step.kind)}/${f(step.name)} --replicas=${step.replicas}`;
    case 'delete':
      return `delete ${f(step.kind)}/${f(step.name)}${step.gracePeriod !== null ? ` --grace-period=${step.gracePeriod}${step.gracePeriod === 0 ? ' --force' : ''}` : ''}${step.cascade ? ` --cascade=${step.cascade}` : ''}`;
    case 'readiness':
      return `readiness ${f(step.pod)} → ${step.ready ? 'passing' : 'failing'}`;
    case 'node':
      return `node ${f(step.name)} ${step.action}${step.taint ? ` ${f(step.taint.key)}${step.taint.value ? `=${f(step.taint.value)}` : ''}:${step.taint.effect}` : ''}`;
    case 'crash':
      return `crash ${f(step.pod)}${step.container ? `/${f(step.container)}` : ''} exit ${step.exitCode}`;
    case 'rollout':
      return `rollout ${step.action} ${f(step.kind)}/${f(step.name)}${step.toRevision > 0 ? ` --to-revision=${step.toRevision}` : ''}`;
    case 'wait':
      return `wait ${formatSeconds(step.seconds)}`;
    case 'request':
      return `request ${requestLine(step)}`;
    case 'resolve':
      return `resolve ${f(step.name)}`;
    case 'expect':
      return 'expect';
  }
}

/** The request as curl's options would write it: headers, cookies, the pod it is sent from. */
function requestLine(step: Extract<Step, { type: 'request' }>): string {
  const parts = [f(step.url)];
  for (const [k, v] of Object.entries(step.headers)) parts.push(`-H '${f(k)}: ${f(v)}'`);
  const cookies = Object.entries(step.cookies).map(([k, v]) => `${f(k)}=${f(v)}`);
  if (cookies.length > 0) parts.push(`-b '${cookies.join('; ')}'`);
  if (step.from !== null) parts.push(`from pod ${f(step.fromNamespace)}/${f(step.from)}`);
  if (step.count !== 1) parts.push(`× ${step.count}`);
  return parts.join(' ');
}

/** Where the report's lines go, one call per line (without its newline). */
export type LineSink = (line: string) => void;

/** The whole report as one string (lines joined by newlines). */
export function formatRun(scenario: Scenario, run: ScenarioRun, opts: FormatOptions): string {
  const lines: string[] = [];
  writeRun(scenario, run, opts, (line) => lines.push(line));
  return lines.join('\n');
}

/**
 * The report, line by line as it is formatted, so that the CLI can stream it instead of holding
 * it whole. Every text from the input goes through f() (one line) or escapeText() (a
 * description) before it is painted: see terminal.ts.
 */
export function writeRun(scenario: Scenario, run: ScenarioRun, opts: FormatOptions, out: LineSink): void {
  const paint: Paint = opts.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  const r = run.result;
  out(paint('1', `━━ ${f(r.scenario)} `) + paint('90', `${f(r.file)} · seed ${r.seed}`));
  // A description may have several lines; each stays indented under the title.
  if (r.description) out(`   ${escapeText(r.description).replace(/\n/g, '\n   ')}`);
  out('');
  const initialSpan = `  t=0s → ${formatSeconds(run.initialEnd)}${run.settled ? '' : '  (not settled: stopped at settleLimit)'}`;
  out(paint('1', '▸ manifests') + paint('90', initialSpan));
  for (const a of run.applied) out(`    ${f(a)}`);
  for (const rej of r.rejected) out(paint('31', `    ✗ ${rejection(rej)}`));
  for (const w of r.warnings ?? []) out(paint('33', `    ! ${f(w)}`));
  for (const ns of r.notSimulated)
    out(
      paint(
        '90',
        `    · ${f(ns.file)}:${ns.line}: ${f(ns.kind)}/${f(ns.name)} (${f(ns.apiVersion)}) not simulated`,
      ),
    );
  timeline(run.log, run.ranges[0], paint, out);
  r.steps.forEach((st, i) => {
    const step = scenario.steps[i];
    out('');
    const span =
      st.type === 'expect'
        ? `t=${formatSeconds(st.start)}`
        : `t=${formatSeconds(st.start)} → ${formatSeconds(st.end)}`;
    out(
      paint('1', `▸ ${i + 1}. ${describeStep(step)}`) +
        paint('90', `  ${span}${st.settled ? '' : '  (not settled: stopped at settleLimit)'}`),
    );
    for (const o of st.output ?? []) out(`    ${f(o)}`);
    if (st.resolve) formatResolve(st.resolve, paint, out);
    if (st.requests) formatRequests(st.requests, paint, out);
    for (const rej of st.rejected) out(paint('31', `    ✗ ${rejection(rej)}`));
    for (const w of st.warnings ?? []) out(paint('33', `    ! ${f(w)}`));
    for (const ns of st.notSimulated ?? [])
      out(paint('90', `    · ${f(ns.file)}:${ns.line}: ${f(ns.kind)}/${f(ns.name)} not simulated`));
    timeline(run.log, run.ranges[i + 1], paint, out);
    for (const e of st.expectations)
      out(e.ok ? paint('32', `    ✓ ${f(e.text)}`) : paint('31', `    ✗ ${f(e.text)}`));
  });
  let total = 0;
  let failed = 0;
  for (const st of r.steps) {
    for (const e of st.expectations) {
      total++;
      if (!e.ok) failed++;
    }
  }
  out('');
  out(
    failed === 0
      ? paint('32', `✓ ${f(r.scenario)}: ${total} expectation${total === 1 ? '' : 's'} held`)
      : paint('31', `✗ ${f(r.scenario)}: ${failed} of ${total} expectation${total === 1 ? '' : 's'} failed`),
  );
}

/**
 * The API server's refusal. Its message keeps its line breaks: an aggregate of field errors is
 * one per line, as kubectl prints it ("is invalid: \n* spec.selector: …"); the names it quotes are
 * Go-quoted (validation.ts goQuote), so they cannot break a line themselves.
 */
function rejection(rej: Rejection): string {
  return `${f(rej.file)}:${rej.line}:${rej.column}: ${f(rej.kind)}/${f(rej.name || '?')}: ${escapeText(rej.message)}`;
}

/**
 * Aligned rows of log[range[0]..range[1]): time, object, status (READY, NODE) or event (TYPE
 * REASON MESSAGE). Two passes over the range, no copy of it: the first measures the columns.
 */
function timeline(
  log: readonly LogEntry[],
  range: readonly [number, number],
  paint: Paint,
  out: LineSink,
): void {
  const [from, to] = range;
  if (from >= to) return;
  // Loops, not Math.max(...array): a run with tens of thousands of pods would overflow the stack.
  let timeWidth = 0;
  let nameWidth = 0;
  for (let i = from; i < to; i++) {
    const e = log[i];
    const w = formatSeconds(e.type === 'event' ? e.event.t : e.transition.t).length;
    if (w > timeWidth) timeWidth = w;
    const len =
      e.type === 'event'
        ? nameLength(e.event.object.kind, e.event.object.name)
        : nameLength(e.incarnation.kind, e.incarnation.name);
    if (len > nameWidth) nameWidth = len < 48 ? len : 48;
  }
  for (let i = from; i < to; i++) {
    const e = log[i];
    if (e.type === 'status') {
      const tr = e.transition;
      const t = formatSeconds(tr.t).padStart(timeWidth);
      const name = objectName(e.incarnation.kind, e.incarnation.name).padEnd(nameWidth);
      const status = f(tr.status).padEnd(COLUMN);
      const ready =
        e.incarnation.kind === 'Pod' && tr.status !== 'Deleted'
          ? (tr.readyColumn ?? (tr.ready ? '1/1' : '0/1'))
          : '   ';
      const node = tr.node ? f(tr.node) : '';
      // kubectl's RESTARTS, once there are any.
      const restarts = tr.restarts ? `  ${paint('33', `↻${tr.restarts}`)}` : '';
      const line = `    ${paint('90', t)}  ${name}  ${paint(STATUS_COLOR[tr.status] ?? '0', status)} ${ready}  ${node}${restarts}`;
      out(line.trimEnd());
    } else {
      const ev = e.event;
      const t = formatSeconds(ev.t).padStart(timeWidth);
      const name = objectName(ev.object.kind, ev.object.name).padEnd(nameWidth);
      const reason = f(ev.reason).padEnd(COLUMN);
      const painted = ev.type === 'Warning' ? paint('33', reason) : paint('36', reason);
      out(`    ${paint('90', t)}  ${paint('90', name)}  ${painted} ${f(ev.message)}`);
    }
  }
}

/** kind/name as the timeline shows it, e.g. `pvc/data-web-0`. */
function objectName(kind: string, name: string): string {
  return `${shortKind(kind)}/${f(name)}`;
}

/** objectName(kind, name).length without building the string. */
function nameLength(kind: string, name: string): number {
  return shortKind(kind).length + 1 + f(name).length;
}

const SHORT_KINDS: Record<string, string> = {
  PersistentVolumeClaim: 'pvc',
  PersistentVolume: 'pv',
  PodDisruptionBudget: 'pdb',
};

/** Memoized: the timeline asks twice per row, for a handful of kinds. */
const shortKinds = new Map<string, string>();

function shortKind(kind: string): string {
  let short = shortKinds.get(kind);
  if (short === undefined) {
    short = SHORT_KINDS[kind] ?? f(kind.toLowerCase());
    shortKinds.set(kind, short);
  }
  return short;
}

/** Width of the STATUS / REASON column (the longest common reason, FailedAttachVolume, fits). */
const COLUMN = 23;

/** Like nslookup: the name that answered and its addresses. */
function formatResolve(r: ResolveResult, paint: Paint, out: LineSink): void {
  if (r.rcode !== 'NOERROR' || r.answers.length === 0) {
    out(paint('33', `    ** server can't find ${f(r.name)}: ${f(r.rcode)}`));
    return;
  }
  out(`    Name:    ${f(r.name)}`);
  for (const ip of r.answers) out(`    Address: ${f(ip)}`);
}

/** The split of a request step by status, Service and pod, then why, most frequent first. */
function formatRequests(r: RequestResult, paint: Paint, out: LineSink): void {
  const pct = (n: number) => `${Math.round((n * 1000) / r.count) / 10}%`;
  const split = (m: Record<string, number>) =>
    Object.entries(m)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${f(k)}: ${n} (${pct(n)})`)
      .join(', ');
  out(`    ${r.count} request${r.count === 1 ? '' : 's'} → status ${split(r.byStatus)}`);
  if (Object.keys(r.byService).length > 0) out(`    by Service: ${split(r.byService)}`);
  if (Object.keys(r.byPod).length > 0) out(`    by pod:     ${split(r.byPod)}`);
  for (const { reason, count } of r.reasons.slice(0, 8))
    out(paint('90', `    ${String(count).padStart(7)} × ${f(reason)}`));
  if (r.reasons.length > 8)
    out(paint('90', `            … ${r.reasons.length - 8} more reasons (see --json)`));
  const first = r.responses[0];
  if (first) {
    const body = first.body.length > 80 ? `${first.body.slice(0, 77)}...` : first.body;
    const where = first.location ? ` Location: ${f(first.location)}` : '';
    // JSON.stringify escapes C0 controls in the body; f() the rest (DEL, C1).
    out(`    first response: ${first.status}${where} ${f(JSON.stringify(body))}`);
  }
}
