// Expectations (contract section 3): each present key is one assertion whose message shows the
// expected and the actual value.
import { resolveKind } from '../engine/kinds';
import type { ClusterState } from '../engine/snapshot';
import type { SimEvent } from '../engine/types';
import type { HttpResponse } from '../engine/net';
import type { Rejection } from '../engine/manifest';
import type { Expectation } from './scenario';
import type { RequestRecord, ResolveResult } from './traffic';

export interface ExpectationResult {
  ok: boolean;
  text: string;
  /** A failure's two sides, as values a diff can show (optional extension of the contract). */
  expected?: string;
  actual?: string;
}

/** A failed expectation with its expected and actual values. */
const miss = (text: string, expected: string, actual: string): ExpectationResult => ({
  ok: false,
  text,
  expected,
  actual,
});

const list = (names: readonly string[]) => `[${names.join(', ')}]`;
const sorted = (names: readonly string[]) => [...names].sort();

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

/** What an expect step looks at: the cluster now, and what earlier steps produced. */
export interface ExpectContext {
  state: ClusterState;
  events: readonly SimEvent[];
  /** Objects refused so far in the run. */
  rejected: readonly Rejection[];
  /** The previous request step, if any. */
  lastRequest: RequestRecord | null;
  /** The previous resolve step, if any. */
  lastResolve: ResolveResult | null;
}

export function checkExpectation(e: Expectation, ctx: ExpectContext): ExpectationResult[] {
  const { state, events, rejected } = ctx;
  const out: ExpectationResult[] = [];
  const podNames = state.pods.map((p) => p.name);
  const pod = (name: string) => state.pods.find((p) => p.name === name);
  if (e.pods) {
    const ok = sameSet(e.pods, podNames);
    out.push(
      ok
        ? { ok, text: `pods: ${list(e.pods)}` }
        : miss(
            `pods: expected ${list(e.pods)}, got ${list(podNames)}`,
            list(sorted(e.pods)),
            list(sorted(podNames)),
          ),
    );
  }
  if (e.pvcs) {
    const names = state.pvcs.map((c) => c.name);
    const ok = sameSet(e.pvcs, names);
    out.push(
      ok
        ? { ok, text: `pvcs: ${list(e.pvcs)}` }
        : miss(
            `pvcs: expected ${list(e.pvcs)}, got ${list(names)}`,
            list(sorted(e.pvcs)),
            list(sorted(names)),
          ),
    );
  }
  if (e.ready) {
    const notReady = e.ready.filter((n) => {
      const p = pod(n);
      return !p || p.status !== 'Running' || !p.ready;
    });
    const actual = state.pods.filter((p) => p.status === 'Running' && p.ready).map((p) => p.name);
    const ok = notReady.length === 0;
    out.push(
      ok
        ? { ok, text: `ready: ${list(e.ready)}` }
        : miss(
            `ready: expected ${list(e.ready)} Running and Ready, got ${list(actual)}`,
            list(sorted(e.ready)),
            // The diff compares like with like: which of the expected pods are Running and Ready.
            list(sorted(e.ready.filter((n) => !notReady.includes(n)))),
          ),
    );
  }
  if (e.podNodes) {
    for (const [name, node] of Object.entries(e.podNodes)) {
      const p = pod(name);
      const actual = p ? p.node : undefined;
      const ok = p !== undefined && actual === node;
      const want = node ?? 'no node (unscheduled)';
      const got = p ? (actual ?? 'no node (unscheduled)') : 'no such pod';
      out.push(
        ok
          ? { ok, text: `podNodes: ${name} on ${node ?? 'no node'}` }
          : miss(`podNodes: expected ${name} on ${want}, got ${got}`, `${name}: ${want}`, `${name}: ${got}`),
      );
    }
  }
  // kubectl's columns, one assertion per pod (or node): STATUS, RESTARTS, READY, node STATUS.
  // `holds` says the expectation as met, `wanted` as the expected half of a failure.
  const column = <T>(
    expected: Record<string, T> | undefined,
    key: string,
    actualOf: (name: string) => T | undefined,
    missing: string,
    holds: (name: string, value: T) => string,
    wanted: (name: string, value: T) => string,
  ) => {
    for (const [name, want] of Object.entries(expected ?? {})) {
      const got = actualOf(name);
      const ok = got === want;
      const shown = got === undefined ? missing : String(got);
      out.push(
        ok
          ? { ok, text: `${key}: ${holds(name, want)}` }
          : miss(
              `${key}: expected ${wanted(name, want)}, got ${shown}`,
              `${name}: ${String(want)}`,
              `${name}: ${shown}`,
            ),
      );
    }
  };
  const is = (n: string, v: unknown) => `${n} is ${String(v)}`;
  const toBe = (n: string, v: unknown) => `${n} to be ${String(v)}`;
  column(e.status, 'status', (n) => pod(n)?.status, 'no such pod', is, toBe);
  column(
    e.restarts,
    'restarts',
    (n) => pod(n)?.restarts,
    'no such pod',
    (n, v) => `${n} restarted ${v} times`,
    (n, v) => `${n} to have restarted ${v} times`,
  );
  column(e.readyColumn, 'readyColumn', (n) => pod(n)?.readyColumn, 'no such pod', is, toBe);
  column(e.nodes, 'nodes', (n) => state.nodes.find((x) => x.name === n)?.status, 'no such node', is, toBe);
  if (e.events) out.push(checkEvents(e.events, events));
  if (e.rejected && e.rejected.length === 0) {
    // `rejected: []` asserts that nothing at all was refused so far.
    const refused = rejected.map((r) => `${r.kind}/${r.name}`);
    const ok = refused.length === 0;
    out.push(
      ok
        ? { ok, text: 'rejected: nothing refused' }
        : miss(
            `rejected: expected nothing to be refused, refused so far: ${list(refused)}`,
            list([]),
            list(refused),
          ),
    );
  } else if (e.rejected) {
    const refused = rejected.map((r) => `${r.kind}/${r.name}`);
    const missing = e.rejected.filter((want) => {
      const m = /^([^/]+)\/(.+)$/.exec(want);
      const kind = m ? (resolveKind(m[1]) ?? m[1]) : want;
      return !refused.includes(m ? `${kind}/${m[2]}` : want);
    });
    const ok = missing.length === 0;
    out.push(
      ok
        ? { ok, text: `rejected: ${list(e.rejected)}` }
        : miss(
            `rejected: expected ${list(e.rejected)} to be refused, refused so far: ${list(refused)}`,
            list(e.rejected),
            list(refused),
          ),
    );
  }
  if (e.traffic) out.push(...checkTraffic(e.traffic, ctx.lastRequest));
  if (e.responses) out.push(checkResponses(e.responses, ctx.lastRequest));
  if (e.answers !== undefined) out.push(checkAnswers(e.answers, ctx.lastResolve, state));
  return out;
}

/** "Reason Kind/name" patterns, matched in order against the event log (kinds by alias too). */
function checkEvents(expected: readonly string[], events: readonly SimEvent[]): ExpectationResult {
  let from = 0;
  for (const pattern of expected) {
    const m = /^(\S+)\s+([^/\s]+)\/(\S+)$/.exec(pattern.trim());
    if (!m) return { ok: false, text: `events: "${pattern}" is not of the form "Reason Kind/name"` };
    const [, reason, kindText, name] = m;
    const kind = resolveKind(kindText) ?? kindText;
    const at = events.findIndex(
      (ev, i) => i >= from && ev.reason === reason && ev.object.kind === kind && ev.object.name === name,
    );
    if (at < 0) {
      const anywhere = events.some(
        (ev) => ev.reason === reason && ev.object.kind === kind && ev.object.name === name,
      );
      return {
        ok: false,
        text: anywhere
          ? `events: "${pattern}" occurred, but not after ${expected[expected.indexOf(pattern) - 1] ? `"${expected[expected.indexOf(pattern) - 1]}"` : 'the start'}`
          : `events: expected "${pattern}", which never occurred`,
      };
    }
    from = at + 1;
  }
  return { ok: true, text: `events: ${expected.map((p) => `"${p}"`).join(' → ')}` };
}

/** `"10%±2"`: a share in percent with a tolerance in percentage points (`"10%"` means ±0). */
export function parseShare(text: string): { share: number; tolerance: number } | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*(?:(?:±|\+-|\+\/-)\s*(\d+(?:\.\d+)?)\s*%?)?\s*$/.exec(text);
  if (!m) return null;
  return { share: Number(m[1]), tolerance: m[2] === undefined ? 0 : Number(m[2]) };
}

function checkTraffic(traffic: Record<string, string>, last: RequestRecord | null): ExpectationResult[] {
  if (!last) return [{ ok: false, text: 'traffic: there is no earlier request step to look at' }];
  const { count, byService } = last.result;
  return Object.entries(traffic).map(([service, text]) => {
    const want = parseShare(text);
    if (!want) return { ok: false, text: `traffic: "${text}" for ${service} is not of the form "10%±2"` };
    const got = count === 0 ? 0 : ((byService[service] ?? 0) * 100) / count;
    const ok = Math.abs(got - want.share) <= want.tolerance + 1e-9;
    const shown = `${round(got)}% (${byService[service] ?? 0} of ${count})`;
    return ok
      ? { ok, text: `traffic: ${service} got ${shown}, expected ${text}` }
      : miss(
          `traffic: expected ${service} to get ${text}, got ${shown}`,
          `${service}: ${text}`,
          `${service}: ${shown}`,
        );
  });
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

type ResponseField = 'status' | 'service' | 'pod' | 'body' | 'location' | 'tls' | 'reason';
const RESPONSE_FIELDS: readonly ResponseField[] = [
  'status',
  'service',
  'pod',
  'body',
  'location',
  'tls',
  'reason',
];

/** A response field against an expected scalar; `tls` is matched by secret name, `fake`, or null. */
function fieldMatches(
  r: HttpResponse,
  field: ResponseField,
  want: string | number | boolean | null,
): boolean {
  if (field === 'tls') {
    if (want === null || want === false) return r.tls === null;
    if (want === true) return r.tls !== null;
    if (want === 'fake') return r.tls?.fake === true;
    return r.tls !== null && (r.tls.secret === want || r.tls.secret?.split('/')[1] === want);
  }
  return r[field] === want;
}

function describeField(r: HttpResponse, field: ResponseField): string {
  if (field === 'tls') return r.tls === null ? 'null' : r.tls.fake ? 'fake' : String(r.tls.secret);
  return JSON.stringify(r[field]);
}

function checkResponses(
  want: Record<string, string | number | boolean | null>,
  last: RequestRecord | null,
): ExpectationResult {
  const shown = Object.entries(want)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  if (!last) return { ok: false, text: 'responses: there is no earlier request step to look at' };
  for (const key of Object.keys(want)) {
    if (!RESPONSE_FIELDS.includes(key as ResponseField)) {
      return { ok: false, text: `responses: unknown field "${key}" (fields: ${RESPONSE_FIELDS.join(', ')})` };
    }
  }
  const fields = Object.keys(want) as ResponseField[];
  const misses = last.distinct.filter(({ response }) =>
    fields.some((f) => !fieldMatches(response, f, want[f])),
  );
  if (misses.length === 0) return { ok: true, text: `responses: all ${last.result.count} match {${shown}}` };
  const wrong = misses.reduce((n, m) => n + m.count, 0);
  const first = misses[0].response;
  const actual = fields.map((f) => `${f}: ${describeField(first, f)}`).join(', ');
  return miss(
    `responses: expected every response to match {${shown}}, but ${wrong} of ${last.result.count} did not, e.g. {${actual}} (${first.reason})`,
    `{${shown}}`,
    `{${actual}}`,
  );
}

function checkAnswers(
  want: number | string[],
  last: ResolveResult | null,
  state: ClusterState,
): ExpectationResult {
  if (!last) return { ok: false, text: 'answers: there is no earlier resolve step to look at' };
  const got = `${last.rcode} [${last.answers.join(', ')}]`;
  if (typeof want === 'number') {
    const ok = last.answers.length === want;
    return ok
      ? { ok, text: `answers: ${last.name} has ${want} record(s)` }
      : miss(`answers: expected ${want} record(s) for ${last.name}, got ${got}`, `${want} record(s)`, got);
  }
  const ips: string[] = [];
  const unknown: string[] = [];
  for (const name of want) {
    const p = state.pods.find((x) => x.name === name);
    if (p?.ip) ips.push(p.ip);
    else unknown.push(name);
  }
  const ok = unknown.length === 0 && sameSet(ips, last.answers);
  const expected = want
    .map((n, i) => `${n}${ips[i] && !unknown.includes(n) ? ` (${ips[i]})` : ''}`)
    .join(', ');
  return ok
    ? { ok, text: `answers: ${last.name} → [${expected}]` }
    : miss(
        `answers: expected ${last.name} to resolve to [${expected}]${unknown.length ? ` (no IP for ${unknown.join(', ')})` : ''}, got ${got}`,
        `NOERROR [${sorted(ips).join(', ')}]`,
        `${last.rcode} [${sorted(last.answers).join(', ')}]`,
      );
}
