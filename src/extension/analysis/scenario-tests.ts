// What the Test Explorer shows of a Scenario file and how a run's result maps onto it (no vscode
// import, so node tests run it): the file is the test, its `expect` steps are the children, and a
// run's outcome per child comes from the same ScenarioResult `k8s-sim run` prints.
import type { SourceRange } from '../../engine/types';
import type { ScenarioResult } from '../../scenario/run';
import type { Scenario } from '../../scenario/scenario';
import { describeStep } from '../../scenario/format';

/** A `kind: Scenario` file of K8s Sim, told from its text without parsing it (cheap, for discovery). */
export function looksLikeScenario(text: string): boolean {
  return /^\s*kind:\s*["']?Scenario["']?\s*$/m.test(text) && /k8s-sim\/v1/.test(text);
}

/** One `expect` step as a test item. */
export interface ExpectItem {
  /** The step's index in spec.steps (its result is result.steps[index]). */
  index: number;
  /** The expectation keys it checks, in the order written (`pods`, `ready`, …). */
  keys: string[];
  /** The last step before it that acts (not another expect), as the CLI describes it; null when
   * only the manifests were applied before it. */
  after: string | null;
  at: SourceRange;
}

export function expectItems(scenario: Scenario): ExpectItem[] {
  const items: ExpectItem[] = [];
  scenario.steps.forEach((step, index) => {
    if (step.type !== 'expect') return;
    const before = scenario.steps
      .slice(0, index)
      .reverse()
      .find((st) => st.type !== 'expect');
    items.push({
      index,
      keys: Object.keys(step.expect),
      after: before === undefined ? null : describeStep(before),
      at: step.at,
    });
  });
  return items;
}

/** A failed check, where the Test Explorer shows it. */
export interface Failure {
  text: string;
  expected?: string;
  actual?: string;
  at: SourceRange;
}

export interface Outcomes {
  /** The whole file: passed exactly when `k8s-sim run` would exit 0 for it. */
  ok: boolean;
  /** Failures of steps that are not `expect` (a scale of a missing object…), shown on the file. */
  fileFailures: Failure[];
  /** Expectations checked and failed in the whole run (the CLI's closing line). */
  checked: number;
  failed: number;
  /** Per expect step index: its failures (empty when it held). */
  steps: Map<number, Failure[]>;
}

/** How one run's result reads per test item (the same result the CLI reports). */
export function outcomesOf(scenario: Scenario, result: ScenarioResult): Outcomes {
  const fileFailures: Failure[] = [];
  const steps = new Map<number, Failure[]>();
  scenario.steps.forEach((step, index) => {
    const failures = (result.steps[index]?.expectations ?? [])
      .filter((e) => !e.ok)
      .map((e): Failure => ({ text: e.text, expected: e.expected, actual: e.actual, at: step.at }));
    if (step.type === 'expect') steps.set(index, failures);
    else fileFailures.push(...failures);
  });
  const all = result.steps.flatMap((st) => st.expectations);
  return {
    ok: result.ok,
    fileFailures,
    steps,
    checked: all.length,
    failed: all.filter((e) => !e.ok).length,
  };
}
