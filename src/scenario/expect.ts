// Expectations (contract section 3): each present key is one assertion whose message shows the
// expected and the actual value.
import { resolveKind } from '../engine/kinds';
import type { ClusterState } from '../engine/snapshot';
import type { SimEvent } from '../engine/types';
import type { Rejection } from '../engine/manifest';
import type { Expectation } from './scenario';

export interface ExpectationResult {
  ok: boolean;
  text: string;
}

const list = (names: readonly string[]) => `[${names.join(', ')}]`;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

export function checkExpectation(
  e: Expectation,
  state: ClusterState,
  events: readonly SimEvent[],
  rejected: readonly Rejection[] = [],
): ExpectationResult[] {
  const out: ExpectationResult[] = [];
  const podNames = state.pods.map((p) => p.name);
  const pod = (name: string) => state.pods.find((p) => p.name === name);
  if (e.pods) {
    const ok = sameSet(e.pods, podNames);
    out.push({
      ok,
      text: ok ? `pods: ${list(e.pods)}` : `pods: expected ${list(e.pods)}, got ${list(podNames)}`,
    });
  }
  if (e.pvcs) {
    const names = state.pvcs.map((c) => c.name);
    const ok = sameSet(e.pvcs, names);
    out.push({
      ok,
      text: ok ? `pvcs: ${list(e.pvcs)}` : `pvcs: expected ${list(e.pvcs)}, got ${list(names)}`,
    });
  }
  if (e.ready) {
    const notReady = e.ready.filter((n) => {
      const p = pod(n);
      return !p || p.status !== 'Running' || !p.ready;
    });
    const actual = state.pods.filter((p) => p.status === 'Running' && p.ready).map((p) => p.name);
    const ok = notReady.length === 0;
    out.push({
      ok,
      text: ok
        ? `ready: ${list(e.ready)}`
        : `ready: expected ${list(e.ready)} Running and Ready, got ${list(actual)}`,
    });
  }
  if (e.podNodes) {
    for (const [name, node] of Object.entries(e.podNodes)) {
      const p = pod(name);
      const actual = p ? p.node : undefined;
      const ok = p !== undefined && actual === node;
      out.push({
        ok,
        text: ok
          ? `podNodes: ${name} on ${node ?? 'no node'}`
          : `podNodes: expected ${name} on ${node ?? 'no node (unscheduled)'}, got ${p ? (actual ?? 'no node (unscheduled)') : 'no such pod'}`,
      });
    }
  }
  if (e.status) {
    for (const [name, status] of Object.entries(e.status)) {
      const p = pod(name);
      const ok = p?.status === status;
      out.push({
        ok,
        text: ok
          ? `status: ${name} is ${status}`
          : `status: expected ${name} to be ${status}, got ${p ? p.status : 'no such pod'}`,
      });
    }
  }
  if (e.events) out.push(checkEvents(e.events, events));
  if (e.rejected) {
    const refused = rejected.map((r) => `${r.kind}/${r.name}`);
    const missing = e.rejected.filter((want) => {
      const m = /^([^/]+)\/(.+)$/.exec(want);
      const kind = m ? (resolveKind(m[1]) ?? m[1]) : want;
      return !refused.includes(m ? `${kind}/${m[2]}` : want);
    });
    const ok = missing.length === 0;
    out.push({
      ok,
      text: ok
        ? `rejected: ${list(e.rejected)}`
        : `rejected: expected ${list(e.rejected)} to be refused, refused so far: ${list(refused)}`,
    });
  }
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
