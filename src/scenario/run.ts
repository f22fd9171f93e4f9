// Runs a parsed scenario against a fresh simulated cluster and builds the contract's JSON result.
import { Cluster } from '../engine/cluster';
import { kindLabel } from '../engine/kinds';
import { InputErrorException, type NotSimulated, type Rejection } from '../engine/manifest';
import { stateRows, type ClusterState } from '../engine/snapshot';
import type { Incarnation, SimEvent } from '../engine/types';
import type { LogEntry, RunLimits } from '../engine/sim';
import type { Scenario, Step, StepType } from './scenario';
import { checkExpectation, type ExpectationResult } from './expect';
import type { ObjectChange } from '../shared/protocol';
import { runRequests, type RequestRecord, type RequestResult, type ResolveResult } from './traffic';

export interface StepResult {
  index: number;
  type: StepType;
  start: number;
  end: number;
  settled: boolean;
  rejected: Rejection[];
  /** Documents of kinds the engine does not model (optional extension of the contract). */
  notSimulated?: NotSimulated[];
  /** kubectl's answer lines, e.g. `statefulset.apps/web created` (optional extension). */
  output?: string[];
  /** Accepted but noteworthy input, e.g. an object defined twice (optional extension). */
  warnings?: string[];
  state: ClusterState;
  /** request steps only. */
  requests?: RequestResult;
  /** resolve steps only. */
  resolve?: ResolveResult;
  expectations: ExpectationResult[];
  /** The editor's "Simulate This Change" apply step: what changed per object (optional extension). */
  changes?: ObjectChange[];
}

export interface ScenarioResult {
  scenario: string;
  /** Optional extensions: where the scenario came from and its description. */
  file: string;
  description: string | null;
  seed: number;
  ok: boolean;
  rejected: Rejection[];
  notSimulated: NotSimulated[];
  /** Warnings of the initial apply (optional extension). */
  warnings?: string[];
  steps: StepResult[];
  events: SimEvent[];
  objects: Incarnation[];
  state: ClusterState;
}

/** A run: the contract's result plus the ordered log the timeline views are drawn from. */
export interface ScenarioRun {
  result: ScenarioResult;
  log: LogEntry[];
  /** [from, to) indexes into `log`: the initial apply, then one range per step. */
  ranges: Array<[number, number]>;
  /** kubectl's lines for the initial apply of spec.manifests. */
  applied: string[];
  /** Whether the initial apply settled within settleLimit, and when it ended. */
  settled: boolean;
  initialEnd: number;
}

/** What kubectl prints (stderr) before a force delete. */
export const FORCE_DELETE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.';

/** Requests all `request` steps of one run may send together: each is simulated one by one, so
 * this bounds the run's time (README, Limits). */
export const MAX_REQUESTS_PER_RUN = 10_000_000;

/** Refuses, before anything runs, a scenario whose request steps add up past the run's limit. */
function checkRequestBudget(s: Scenario): void {
  let total = 0;
  for (const step of s.steps) {
    if (step.type !== 'request') continue;
    total += step.count;
    if (total > MAX_REQUESTS_PER_RUN) {
      const fmt = (n: number) => n.toLocaleString('en-US');
      throw new InputErrorException([
        {
          file: step.at.file,
          line: step.at.start.line,
          column: step.at.start.column,
          message:
            `this request step brings the run to ${fmt(total)} requests; ` +
            `the limit for one run is ${fmt(MAX_REQUESTS_PER_RUN)} (all request steps together)`,
        },
      ]);
    }
  }
}

export function runScenario(s: Scenario, seedOverride?: number, limits?: RunLimits): ScenarioRun {
  checkRequestBudget(s);
  const seed = seedOverride ?? s.seed;
  const cluster = new Cluster(s.cluster, seed, limits);
  const log = cluster.sim.log;
  const initial = cluster.apply(s.manifests);
  const settled = cluster.settle(s.settleLimit);
  initial.warnings.push(...cluster.runWarnings());
  const initialEnd = cluster.now;
  const ranges: Array<[number, number]> = [[0, log.length]];
  const steps: StepResult[] = [];
  const memory: RunMemory = { refused: [...initial.rejected], lastRequest: null, lastResolve: null };
  s.steps.forEach((step, index) => {
    const from = log.length;
    cluster.sim.beginSegment();
    const result = runStep(cluster, s, step, index, memory);
    memory.refused.push(...result.rejected);
    steps.push(result);
    ranges.push([from, log.length]);
  });
  const ok = steps.every((st) => st.expectations.every((e) => e.ok));
  const result: ScenarioResult = {
    scenario: s.name,
    file: s.file,
    description: s.description,
    seed,
    ok,
    rejected: initial.rejected,
    notSimulated: initial.notSimulated,
    ...(initial.warnings.length > 0 ? { warnings: initial.warnings } : {}),
    steps,
    events: cluster.sim.events,
    objects: cluster.sim.incarnations,
    state: keptState(cluster),
  };
  return { result, log, ranges, applied: initial.applied, settled, initialEnd };
}

function runStep(cluster: Cluster, s: Scenario, step: Step, index: number, memory: RunMemory): StepResult {
  const start = cluster.now;
  const result: StepResult = {
    index,
    type: step.type,
    start,
    end: start,
    settled: true,
    rejected: [],
    state: undefined as unknown as ClusterState,
    expectations: [],
  };
  const failed = (text: string) => result.expectations.push({ ok: false, text });
  let acted = true;
  /** `kubectl rollout status` of a rollout step, read once the step has settled. */
  let rolloutStatus: (() => string[]) | null = null;
  switch (step.type) {
    case 'apply': {
      const r = cluster.apply(step.docs);
      result.rejected = r.rejected;
      if (r.notSimulated.length > 0) result.notSimulated = r.notSimulated;
      result.output = r.applied;
      if (r.warnings.length > 0) result.warnings = r.warnings;
      break;
    }
    case 'scale': {
      const error = cluster.scale(step.kind, step.namespace, step.name, step.replicas);
      if (error) failed(`scale ${step.kind}/${step.name}: ${error}`);
      else result.output = [`${kindLabel(step.kind)}/${step.name} scaled`];
      break;
    }
    case 'delete': {
      const error = cluster.delete(step.kind, step.namespace, step.name, step.gracePeriod, step.cascade);
      if (error) failed(`delete ${step.kind}/${step.name}: ${error}`);
      else if (step.gracePeriod === 0) {
        // kubectl delete --grace-period=0 --force: the API server forgets the object at once.
        result.output = [FORCE_DELETE_WARNING, `${kindLabel(step.kind)} "${step.name}" force deleted`];
      } else result.output = [`${kindLabel(step.kind)} "${step.name}" deleted`];
      break;
    }
    case 'readiness': {
      const error = cluster.setReadiness(step.namespace, step.pod, step.ready);
      if (error) failed(`readiness ${step.pod}: ${error}`);
      break;
    }
    case 'node': {
      const r = cluster.node(step.name, step.action, step.taint);
      if (r.output.length > 0) result.output = r.output;
      if (r.error) failed(`node ${step.name} ${step.action}: ${r.error}`);
      break;
    }
    case 'crash': {
      const error = cluster.crash(step.namespace, step.pod, step.container, step.exitCode);
      // Contract 5.2: a crash step names a running container, else the run stops (exit 2).
      if (error) throw stepInputError(step, `crash: ${error}`);
      break;
    }
    case 'rollout': {
      const r = cluster.rollout(step.kind, step.namespace, step.name, step.action, step.toRevision);
      if (r.error) failed(`rollout ${step.action} ${step.kind}/${step.name}: ${r.error}`);
      else {
        result.output = r.output;
        if (step.action !== 'pause')
          rolloutStatus = cluster.watchRollout(step.kind, step.namespace, step.name);
      }
      break;
    }
    case 'wait':
      acted = false;
      cluster.advance(step.seconds);
      break;
    case 'expect':
      acted = false;
      result.expectations.push(
        ...checkExpectation(step.expect, {
          state: cluster.state(),
          events: cluster.sim.events,
          rejected: memory.refused,
          lastRequest: memory.lastRequest,
          lastResolve: memory.lastResolve,
        }),
      );
      break;
    case 'request': {
      acted = false;
      const from = step.from === null ? null : cluster.sim.store.get('Pod', step.fromNamespace, step.from);
      if (step.from !== null && !from) {
        failed(`request from ${step.from}: Error from server (NotFound): pods "${step.from}" not found`);
        break;
      }
      const record = runRequests(step, (req) => cluster.request(req, from ?? null));
      memory.lastRequest = record;
      result.requests = record.result;
      break;
    }
    case 'resolve': {
      acted = false;
      const from = step.from === null ? null : cluster.sim.store.get('Pod', step.fromNamespace, step.from);
      if (step.from !== null && !from) {
        failed(`resolve from ${step.from}: Error from server (NotFound): pods "${step.from}" not found`);
        break;
      }
      const answer = cluster.resolve(step.name, from?.meta.namespace ?? 'default');
      memory.lastResolve = answer;
      result.resolve = answer;
      break;
    }
  }
  if (acted && step.type !== 'wait' && step.type !== 'expect' && 'for' in step) {
    if (step.for !== null) cluster.advance(step.for);
    else result.settled = cluster.settle(s.settleLimit);
  }
  if (rolloutStatus) result.output = [...(result.output ?? []), ...rolloutStatus()];
  // A kubectl command still running (a drain) prints under whichever step is running.
  const later = cluster.takeLaterOutput();
  if (later.length > 0) result.output = [...(result.output ?? []), ...later];
  // What the ingress controller made of the change, said once (e.g. a canary it ignores).
  const ingress = cluster.runWarnings();
  if (ingress.length > 0) result.warnings = [...(result.warnings ?? []), ...ingress];
  result.end = cluster.now;
  result.state = keptState(cluster);
  return result;
}

/** A step that cannot run as written: the run stops with exit 2, naming the step's place. */
function stepInputError(step: Step, message: string): InputErrorException {
  return new InputErrorException([
    { file: step.at.file, line: step.at.start.line, column: step.at.start.column, message },
  ]);
}

/** The cluster's state, counted against the run's record limit since the result keeps it. */
function keptState(cluster: Cluster): ClusterState {
  const state = cluster.state();
  cluster.sim.retain(1 + stateRows(state));
  return state;
}

/** What later steps of a run look back at. */
interface RunMemory {
  refused: Rejection[];
  lastRequest: RequestRecord | null;
  lastResolve: ResolveResult | null;
}
