// Run-wide limits (README, Limits): every limit counts the whole run — the initial apply and all
// steps together — so many small steps cannot add up to an unbounded run. The engine-level cases
// lower the limits so that they are reached cheaply; the CLI cases in test/hostile/limits.test.ts
// reach the real ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { SimulationLimitError, type RunLimits } from '../src/engine/sim';
import { stateRows } from '../src/engine/snapshot';
import { numFeasibleNodesToFind } from '../src/engine/controllers/scheduler';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import { MAX_REQUESTS_PER_RUN, runScenario } from '../src/scenario/run';
import { InputErrorException } from '../src/engine/manifest';
import type { RequestStep, Scenario, WaitStep } from '../src/scenario/scenario';
import { replicaSetYaml } from './fixtures';

const replicaSet = (replicas: number): string => replicaSetYaml('web', replicas);

function cluster(limits: RunLimits): Cluster {
  const c = new Cluster(DEFAULT_CLUSTER, 1, limits);
  c.apply(loadManifestText(replicaSet(2), 'rs.yaml'));
  return c;
}

/** Scales 2 → 0 → 2 … settling after each, as scale steps do; returns the steps completed. */
function scaleUntilStopped(c: Cluster, steps: number): { completed: number; error: unknown } {
  for (let i = 0; i < steps; i++) {
    try {
      c.scale('ReplicaSet', 'default', 'web', i % 2 === 0 ? 0 : 2);
      c.settle(3600);
    } catch (error) {
      return { completed: i, error };
    }
  }
  return { completed: steps, error: null };
}

test('the internal-event limit counts the whole run, not each step', () => {
  // One cycle of this scale costs well under 400 queue items, so a per-step count would never stop it.
  const perStep = new Cluster(DEFAULT_CLUSTER, 1);
  perStep.apply(loadManifestText(replicaSet(2), 'rs.yaml'));
  perStep.settle(3600);
  const c = cluster({ queueItems: 400, records: Number.MAX_SAFE_INTEGER });
  const { completed, error } = scaleUntilStopped(c, 100);
  assert.ok(error instanceof SimulationLimitError, `stopped by the limit, got ${String(error)}`);
  assert.ok(completed > 1 && completed < 100, `stopped after ${completed} steps`);
  assert.match(error.message, /after 400 internal events, the limit for one run/);
});

test('the record limit counts events and status changes of the whole run', () => {
  const c = cluster({ queueItems: Number.MAX_SAFE_INTEGER, records: 300 });
  const { completed, error } = scaleUntilStopped(c, 100);
  assert.ok(error instanceof SimulationLimitError, `stopped by the limit, got ${String(error)}`);
  assert.ok(completed > 1 && completed < 100, `stopped after ${completed} steps`);
  assert.ok(c.sim.events.length + c.sim.incarnations.reduce((n, i) => n + i.transitions.length, 0) <= 300);
  assert.match(error.message, /after recording 300 events, status changes and steps' state rows/);
});

test('a drain refused for ever stops at the record limit: its retry lines count', () => {
  const c = new Cluster(DEFAULT_CLUSTER, 1, { queueItems: Number.MAX_SAFE_INTEGER, records: 2000 });
  c.apply(
    loadManifestText(
      replicaSet(1) +
        '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}}\n',
      'rs.yaml',
    ),
  );
  c.settle(3600);
  const node = c.state().pods[0].node as string;
  c.node(node, 'drain');
  assert.throws(() => c.advance(100 * 3600), SimulationLimitError);
  assert.ok(c.takeLaterOutput().length < 2000);
});

test("each step's state counts its rows against the record limit", () => {
  const c = new Cluster(DEFAULT_CLUSTER, 1);
  c.apply(loadManifestText(replicaSet(3), 'rs.yaml'));
  c.settle(3600);
  const state = c.state();
  // 3 pods, the ReplicaSet's workload row and the cluster's nodes (plus any built-in Services
  // and their endpoints).
  assert.equal(state.workloads.length, 1);
  assert.equal(
    stateRows(state),
    3 +
      1 +
      state.nodes.length +
      state.services.length +
      state.services.reduce((n, s) => n + s.endpoints.length, 0) +
      state.pvcs.length +
      state.pvs.length +
      state.ingresses.length,
  );

  // A run without steps fits; 200 wait steps, each keeping a state of the same rows, pass the limit.
  const small = runScenario(scenarioOf([]));
  const rows = 1 + stateRows(small.result.state);
  const kept = small.log.length + rows;
  const limits = { queueItems: Number.MAX_SAFE_INTEGER, records: kept + 10 * rows };
  assert.ok(runScenario(scenarioOf([]), undefined, limits).result.ok);
  const waits: WaitStep[] = Array.from({ length: 200 }, () => ({ type: 'wait', seconds: 1, at: AT }));
  assert.throws(() => runScenario(scenarioOf(waits), undefined, limits), SimulationLimitError);
});

const AT = { file: 'limits.yaml', start: { line: 9, column: 7 }, end: { line: 9, column: 20 } };

function scenarioOf(steps: Scenario['steps']): Scenario {
  return {
    origin: 'scenario',
    name: 'limits',
    description: null,
    file: 'limits.yaml',
    seed: 1,
    settleLimit: 3600,
    cluster: DEFAULT_CLUSTER,
    manifests: loadManifestText(replicaSet(1), 'rs.yaml'),
    steps,
  };
}

test('request steps are counted together and refused before anything runs', () => {
  const request = (count: number, line: number): RequestStep => ({
    type: 'request',
    url: 'http://www.app.com/',
    headers: {},
    cookies: {},
    count,
    from: null,
    fromNamespace: 'default',
    at: { ...AT, start: { line, column: 7 } },
  });
  const half = MAX_REQUESTS_PER_RUN / 2;
  assert.throws(
    () => runScenario(scenarioOf([request(half, 9), request(half, 10), request(1, 11)])),
    (e: unknown) => {
      assert.ok(e instanceof InputErrorException);
      assert.deepEqual(
        e.errors.map((x) => [x.file, x.line, x.column]),
        [['limits.yaml', 11, 7]],
      );
      assert.match(
        e.errors[0].message,
        /brings the run to 10,000,001 requests; the limit for one run is 10,000,000/,
      );
      return true;
    },
  );
});

// SCHED-PCT: schedule_one.go numFeasibleNodesToFind with percentageOfNodesToScore unset.
for (const [nodes, expected] of [
  [0, 0],
  [3, 3],
  [99, 99],
  [100, 100], // 50 − 0 = 50 % of 100 = 50, raised to the minimum of 100
  [1000, 420], // 50 − 8 = 42 %
  [5000, 500], // 50 − 40 = 10 %
  [10_000, 500], // 50 − 80 < 5 ⇒ 5 %
] as const) {
  test(`the scheduler looks for ${expected} feasible nodes among ${nodes}`, () => {
    assert.equal(numFeasibleNodesToFind(nodes), expected);
  });
}

test('a cluster of 1,000 nodes spreads 1,000 pods, every pod IP distinct and valid', () => {
  const nodes = Array.from({ length: 1000 }, (_, i) => ({ name: `n${i}` }));
  const c = new Cluster({ ...DEFAULT_CLUSTER, nodes }, 1);
  c.apply(loadManifestText(replicaSet(1000), 'rs.yaml'));
  assert.ok(c.settle(3600));
  const pods = c.state().pods;
  assert.equal(pods.length, 1000);
  // Each search stops after 420 feasible nodes (SCHED-PCT), so the last pods may not see the few
  // empty nodes left: spread, but not perfectly, as with a real scheduler.
  const perNode = new Map<string, number>();
  for (const p of pods) perNode.set(p.node ?? '', (perNode.get(p.node ?? '') ?? 0) + 1);
  assert.ok(!perNode.has(''), 'every pod is bound');
  assert.ok(Math.max(...perNode.values()) <= 2, 'no node gets more than two');
  assert.ok(perNode.size > 950, `the round robin reaches nearly every node (${perNode.size})`);
  const ips = pods.map((p) => p.ip ?? '');
  assert.equal(new Set(ips).size, 1000);
  for (const ip of ips) {
    const octets = ip.split('.').map(Number);
    assert.equal(octets.length, 4, ip);
    assert.ok(octets[0] === 10 && octets.every((o) => Number.isInteger(o) && o >= 0 && o <= 255), ip);
  }
});
