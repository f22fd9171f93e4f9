// The human-readable report of `k8s-sim run`: per step, what kubectl answered, then a timeline
// that reads like `kubectl get pods -w` interleaved with `kubectl get events`, then the
// expectations. Colour only when the caller says the output is a terminal.
import type { LogEntry } from '../engine/sim';
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
};

export function formatSeconds(t: number): string {
  const rounded = Math.round(t * 1000) / 1000;
  return `${rounded}s`;
}

export function describeStep(step: Step): string {
  switch (step.type) {
    case 'apply':
      return `apply ${step.docs.length} document${step.docs.length === 1 ? '' : 's'}`;
    case 'scale':
      return `scale ${step.kind}/${step.name} --replicas=${step.replicas}`;
    case 'delete':
      return `delete ${step.kind}/${step.name}${step.gracePeriod !== null ? ` --grace-period=${step.gracePeriod}` : ''}`;
    case 'readiness':
      return `readiness ${step.pod} → ${step.ready ? 'passing' : 'failing'}`;
    case 'wait':
      return `wait ${formatSeconds(step.seconds)}`;
    case 'request':
      return `request ${step.url}`;
    case 'resolve':
      return `resolve ${step.name}`;
    case 'expect':
      return 'expect';
  }
}

export function formatRun(scenario: Scenario, run: ScenarioRun, opts: FormatOptions): string {
  const paint: Paint = opts.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  const r = run.result;
  const lines: string[] = [];
  lines.push(paint('1', `━━ ${r.scenario} `) + paint('90', `${r.file} · seed ${r.seed}`));
  if (r.description) lines.push(`   ${r.description}`);
  lines.push('');
  const initialSpan = `  t=0s → ${formatSeconds(run.initialEnd)}${run.settled ? '' : '  (not settled: stopped at settleLimit)'}`;
  lines.push(paint('1', '▸ manifests') + paint('90', initialSpan));
  for (const a of run.applied) lines.push(`    ${a}`);
  for (const rej of r.rejected)
    lines.push(
      paint(
        '31',
        `    ✗ ${rej.file}:${rej.line}:${rej.column}: ${rej.kind}/${rej.name || '?'}: ${rej.message}`,
      ),
    );
  for (const w of r.warnings ?? []) lines.push(paint('33', `    ! ${w}`));
  for (const ns of r.notSimulated)
    lines.push(
      paint('90', `    · ${ns.file}:${ns.line}: ${ns.kind}/${ns.name} (${ns.apiVersion}) not simulated`),
    );
  appendAll(lines, timeline(run.log.slice(run.ranges[0][0], run.ranges[0][1]), paint));
  r.steps.forEach((st, i) => {
    const step = scenario.steps[i];
    lines.push('');
    const span =
      st.type === 'expect'
        ? `t=${formatSeconds(st.start)}`
        : `t=${formatSeconds(st.start)} → ${formatSeconds(st.end)}`;
    lines.push(
      paint('1', `▸ ${i + 1}. ${describeStep(step)}`) +
        paint('90', `  ${span}${st.settled ? '' : '  (not settled: stopped at settleLimit)'}`),
    );
    for (const o of st.output ?? []) lines.push(`    ${o}`);
    if (st.resolve) appendAll(lines, formatResolve(st.resolve, paint));
    if (st.requests) appendAll(lines, formatRequests(st.requests, paint));
    for (const rej of st.rejected)
      lines.push(
        paint(
          '31',
          `    ✗ ${rej.file}:${rej.line}:${rej.column}: ${rej.kind}/${rej.name || '?'}: ${rej.message}`,
        ),
      );
    for (const w of st.warnings ?? []) lines.push(paint('33', `    ! ${w}`));
    for (const ns of st.notSimulated ?? [])
      lines.push(paint('90', `    · ${ns.file}:${ns.line}: ${ns.kind}/${ns.name} not simulated`));
    const range = run.ranges[i + 1];
    appendAll(lines, timeline(run.log.slice(range[0], range[1]), paint));
    for (const e of st.expectations)
      lines.push(e.ok ? paint('32', `    ✓ ${e.text}`) : paint('31', `    ✗ ${e.text}`));
  });
  const all = r.steps.flatMap((s) => s.expectations);
  const failed = all.filter((e) => !e.ok).length;
  lines.push('');
  lines.push(
    failed === 0
      ? paint('32', `✓ ${r.scenario}: ${all.length} expectation${all.length === 1 ? '' : 's'} held`)
      : paint(
          '31',
          `✗ ${r.scenario}: ${failed} of ${all.length} expectation${all.length === 1 ? '' : 's'} failed`,
        ),
  );
  return lines.join('\n');
}

/** Aligned rows: time, object, status (READY, NODE) or event (TYPE REASON MESSAGE). */
function timeline(entries: LogEntry[], paint: Paint): string[] {
  if (entries.length === 0) return [];
  const objectName = (e: LogEntry) =>
    e.type === 'event'
      ? `${shortKind(e.event.object.kind)}/${e.event.object.name}`
      : `${shortKind(e.incarnation.kind)}/${e.incarnation.name}`;
  // Loops, not Math.max(...array): a run with tens of thousands of pods would overflow the stack.
  let timeWidth = 0;
  let nameWidth = 0;
  for (const e of entries) {
    timeWidth = Math.max(timeWidth, formatSeconds(entryTime(e)).length);
    nameWidth = Math.min(48, Math.max(nameWidth, objectName(e).length));
  }
  const out: string[] = [];
  for (const e of entries) {
    const t = formatSeconds(entryTime(e)).padStart(timeWidth);
    const name = objectName(e).padEnd(nameWidth);
    if (e.type === 'status') {
      const tr = e.transition;
      const status = tr.status.padEnd(COLUMN);
      const ready =
        e.incarnation.kind === 'Pod' && tr.status !== 'Deleted' ? (tr.ready ? '1/1' : '0/1') : '   ';
      const node = tr.node ?? '';
      out.push(
        `    ${paint('90', t)}  ${name}  ${paint(STATUS_COLOR[tr.status] ?? '0', status)} ${ready}  ${node}`.trimEnd(),
      );
    } else {
      const ev = e.event;
      const reason = ev.reason.padEnd(COLUMN);
      const painted = ev.type === 'Warning' ? paint('33', reason) : paint('36', reason);
      out.push(`    ${paint('90', t)}  ${paint('90', name)}  ${painted} ${ev.message}`);
    }
  }
  return out;
}

const SHORT_KINDS: Record<string, string> = { PersistentVolumeClaim: 'pvc', PersistentVolume: 'pv' };

function shortKind(kind: string): string {
  return SHORT_KINDS[kind] ?? kind.toLowerCase();
}

/** Width of the STATUS / REASON column (the longest common reason, FailedAttachVolume, fits). */
const COLUMN = 23;

function entryTime(e: LogEntry): number {
  return e.type === 'event' ? e.event.t : e.transition.t;
}

function appendAll(target: string[], items: readonly string[]): void {
  for (const item of items) target.push(item);
}

/** Like nslookup: the name that answered and its addresses. */
function formatResolve(r: ResolveResult, paint: Paint): string[] {
  if (r.rcode !== 'NOERROR' || r.answers.length === 0) {
    return [paint('33', `    ** server can't find ${r.name}: ${r.rcode}`)];
  }
  return [`    Name:    ${r.name}`, ...r.answers.map((ip) => `    Address: ${ip}`)];
}

/** The split of a request step by status, Service and pod, then why, most frequent first. */
function formatRequests(r: RequestResult, paint: Paint): string[] {
  const pct = (n: number) => `${Math.round((n * 1000) / r.count) / 10}%`;
  const split = (m: Record<string, number>) =>
    Object.entries(m)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}: ${n} (${pct(n)})`)
      .join(', ');
  const out = [`    ${r.count} request${r.count === 1 ? '' : 's'} → status ${split(r.byStatus)}`];
  if (Object.keys(r.byService).length > 0) out.push(`    by Service: ${split(r.byService)}`);
  if (Object.keys(r.byPod).length > 0) out.push(`    by pod:     ${split(r.byPod)}`);
  for (const { reason, count } of r.reasons.slice(0, 8))
    out.push(paint('90', `    ${String(count).padStart(7)} × ${reason}`));
  if (r.reasons.length > 8)
    out.push(paint('90', `            … ${r.reasons.length - 8} more reasons (see --json)`));
  const first = r.responses[0];
  if (first) {
    const body = first.body.length > 80 ? `${first.body.slice(0, 77)}...` : first.body;
    const where = first.location ? ` Location: ${first.location}` : '';
    out.push(`    first response: ${first.status}${where} ${JSON.stringify(body)}`);
  }
  return out;
}
