// A diagnostic rule, as ESLint's rules are: its code, the severity of its findings and the checks
// that report them; checkRules (rules/index.ts) runs the registered rules pass by pass.
import type { RawDoc } from '../../../engine/manifest';
import type { SetIndex } from '../index-set';
import type { ObjRef } from '../objects';
import type { Finding, RuleCode, RuleInput, ScenarioFacts, Severity, Translate } from '../types';

/** What a check reports; the rule adds its code and severity. */
export type Report = Omit<Finding, 'code' | 'severity'>;

/** The input of a file's checks once it has documents meant as Kubernetes objects. */
export interface RuleContext extends RuleInput {
  /** The documents of the file meant as Kubernetes objects, in file order. */
  own: RawDoc[];
  /** Lookups over the objects simulated together with the file. */
  index: SetIndex;
}

/**
 * A rule reports in one or more of five passes, each over the registered rules in registry order:
 * 1. `errors`: the file's YAML errors, then `scenario`: the run of a Scenario file;
 * 2. `document`: each document of the file meant as a Kubernetes object, on its own, in file order;
 * 3. `file`: the file as a whole;
 * 4. `object`: each object of the file of one of `kinds`, in file order, against the simulated set.
 */
export interface Rule {
  /** The code of its findings. */
  readonly id: RuleCode;
  /** The severity of its findings. */
  readonly severity: Severity;
  /** The kinds `object` checks. */
  readonly kinds?: readonly string[];
  errors?(input: RuleInput, t: Translate): Report[];
  scenario?(facts: ScenarioFacts, input: RuleInput, t: Translate): Report[];
  document?(doc: RawDoc, input: RuleContext, t: Translate): Report[];
  file?(input: RuleContext, t: Translate): Report[];
  object?(o: ObjRef, doc: RawDoc, input: RuleContext, t: Translate): Report[];
}

/** The findings of a rule's reports: each with the rule's code and severity. */
export function findingsOf(rule: Rule, reports: readonly Report[]): Finding[] {
  return reports.map((r) => {
    const finding: Finding = { range: r.range, message: r.message, severity: rule.severity, code: rule.id };
    if (r.fix) finding.fix = r.fix;
    return finding;
  });
}
