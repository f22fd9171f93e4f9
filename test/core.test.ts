// The simulation core: event queue order, seeded PRNG, work-queue coalescing, runaway guard,
// kubectl STATUS text and selectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventQueue } from '../src/engine/queue';
import { Prng } from '../src/engine/prng';
import { Sim, SimulationLimitError, type Controller } from '../src/engine/sim';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import { nodeSelectorMatches, pinnedHostnames, selectorMatches } from '../src/engine/selector';
import { parseOrdinal } from '../src/engine/controllers/statefulset';
import { safeEncodeDigits } from '../src/engine/hash';
import { NAME_SUFFIX_ALPHABET } from '../src/engine/api';
import { kindLabel, resourceName } from '../src/engine/kinds';

test('queue: earlier time first, ties in insertion order', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 200 }), (times) => {
      const q = new EventQueue();
      const out: Array<[number, number]> = [];
      times.forEach((t, i) => q.push(t, () => out.push([t, i])));
      while (q.size > 0) q.pop()?.run();
      const expected = times
        .map((t, i) => [t, i] as [number, number])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      assert.deepEqual(out, expected);
    }),
  );
});

test('prng: same seed same stream, different seeds differ', () => {
  const a = new Prng(42);
  const b = new Prng(42);
  const c = new Prng(43);
  const sa = Array.from({ length: 20 }, () => a.uint32());
  assert.deepEqual(
    sa,
    Array.from({ length: 20 }, () => b.uint32()),
  );
  assert.notDeepEqual(
    sa,
    Array.from({ length: 20 }, () => c.uint32()),
  );
});

test('prng: int(27) is uniform (chi-square, 26 degrees of freedom, p ≈ 0.001 bound 54.05)', () => {
  // With a fixed seed this is deterministic; the bound is the 99.9th percentile, so a correct
  // generator passes with any seed but a biased one (e.g. modulo bias on a small range) fails.
  const rng = new Prng(2026);
  const n = 27 * 4000;
  const counts = new Array<number>(27).fill(0);
  for (let i = 0; i < n; i++) counts[rng.int(27)]++;
  const expected = n / 27;
  const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  assert.ok(chi2 < 54.05, `chi-square ${chi2.toFixed(1)}`);
});

test('prng: uid has the RFC 4122 version 4 shape', () => {
  const rng = new Prng(1);
  for (let i = 0; i < 100; i++)
    assert.match(rng.uid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('generated name alphabet has no vowels, no y, no 0/1/3 (RS-ALPHABET)', () => {
  assert.equal(NAME_SUFFIX_ALPHABET, 'bcdfghjklmnpqrstvwxz2456789');
  assert.equal(NAME_SUFFIX_ALPHABET.length, 27);
});

test('work queue: keys already waiting are coalesced; a key queued again after its sync runs again', () => {
  const sim = new Sim(DEFAULT_CLUSTER, 1);
  const synced: string[] = [];
  const ctrl: Controller = {
    name: 'test',
    watches: [],
    onChange: () => undefined,
    sync: (k) => synced.push(k),
  };
  sim.enqueue(ctrl, 'a');
  sim.enqueue(ctrl, 'a');
  sim.enqueue(ctrl, 'b');
  sim.settle(10);
  sim.enqueue(ctrl, 'a');
  sim.settle(10);
  assert.deepEqual(synced, ['a', 'b', 'a']);
});

test('runaway guard: a controller that never stops ends with SimulationLimitError, not a hang', () => {
  const sim = new Sim(DEFAULT_CLUSTER, 1);
  const ctrl: Controller = {
    name: 'loop',
    watches: [],
    onChange: () => undefined,
    sync: () => sim.enqueue(ctrl, 'again'),
  };
  sim.enqueue(ctrl, 'start');
  assert.throws(() => sim.settle(3600), SimulationLimitError);
});

test('settle reports false and stops at the limit when timers remain', () => {
  const sim = new Sim(DEFAULT_CLUSTER, 1);
  let fired = 0;
  sim.after(100, () => fired++);
  assert.equal(sim.settle(50), false);
  assert.equal(sim.now, 50);
  assert.equal(fired, 0);
  assert.equal(sim.settle(3600), true);
  assert.equal(fired, 1);
  assert.equal(sim.now, 100); // the timer was due at t=100; settling ends at the last event
});

test('label selectors: matchLabels and every operator', () => {
  const labels = { app: 'web', tier: 'db' };
  const rows: Array<[Parameters<typeof selectorMatches>[0], boolean]> = [
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'api' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db', 'cache'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{}, true],
    [undefined, false],
  ];
  for (const [sel, expected] of rows)
    assert.equal(selectorMatches(sel, labels), expected, JSON.stringify(sel));
});

test('node selectors: terms are ORed, Gt/Lt numeric, matchFields on metadata.name', () => {
  const labels = { 'kubernetes.io/hostname': 'n1', cpus: '8' };
  const term = (e: object) => ({ nodeSelectorTerms: [e] });
  assert.equal(
    nodeSelectorMatches(
      term({ matchExpressions: [{ key: 'cpus', operator: 'Gt', values: ['4'] }] }),
      labels,
      'n1',
    ),
    true,
  );
  assert.equal(
    nodeSelectorMatches(
      term({ matchExpressions: [{ key: 'cpus', operator: 'Lt', values: ['4'] }] }),
      labels,
      'n1',
    ),
    false,
  );
  assert.equal(
    nodeSelectorMatches(
      term({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }),
      labels,
      'n1',
    ),
    false,
  );
  assert.equal(nodeSelectorMatches(term({}), labels, 'n1'), false);
  assert.deepEqual(
    pinnedHostnames(
      term({ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] }),
    ),
    ['n1'],
  );
});

test('ordinals and revision hash alphabet', () => {
  assert.equal(parseOrdinal('web-12', 'web'), 12);
  assert.equal(parseOrdinal('web-0', 'web'), 0);
  assert.equal(parseOrdinal('web-01', 'web'), null);
  assert.equal(parseOrdinal('web-x', 'web'), null);
  assert.equal(parseOrdinal('web-', 'web'), null);
  assert.equal(parseOrdinal('webx-1', 'web'), null);
  assert.equal(parseOrdinal('web-db-3', 'web-db'), 3);
  assert.equal(safeEncodeDigits(1234567890), '56789bcdf4');
});

test('kubectl names kinds the way its answers and errors do', () => {
  const rows: Array<[string, string, string]> = [
    ['sts', 'statefulset.apps', 'statefulsets.apps'],
    ['Pod', 'pod', 'pods'],
    ['pvc', 'persistentvolumeclaim', 'persistentvolumeclaims'],
    ['ing', 'ingress.networking.k8s.io', 'ingresses.networking.k8s.io'],
    ['StorageClass', 'storageclass.storage.k8s.io', 'storageclasses.storage.k8s.io'],
  ];
  for (const [kind, label, resource] of rows) {
    assert.equal(kindLabel(kind), label);
    assert.equal(resourceName(kind), resource);
  }
});
