// The data the analysis works on and hands out, without vscode: findings (the diagnostics to be),
// their codes and severities, the input of the rules and the translation function.
import type { InputError, RawDoc, Rejection } from '../../engine/manifest';
import type { ClusterConfig, Incarnation, SimEvent, SourceRange } from '../../engine/types';
import type { ClusterState } from '../../engine/snapshot';

/** vscode.l10n.t, or a formatter that fills {0} {1} in tests. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

export type Severity = 'error' | 'warning' | 'information';

export type RuleCode =
  | 'yaml'
  | 'rejected'
  | 'key-typo'
  | 'not-simulated'
  | 'headless-service'
  | 'service-selector'
  | 'ingress-backend'
  | 'canary-primary'
  | 'canary-ignored'
  | 'storage-class'
  | 'multi-attach'
  | 'unsimulated-field'
  | 'expectation'
  | 'helm-template';

/** A text edit that fixes a finding (the quick fix). */
export interface KeyFix {
  title: string;
  range: SourceRange;
  newText: string;
}

export interface Finding {
  range: SourceRange;
  message: string;
  severity: Severity;
  code: RuleCode;
  fix?: KeyFix;
}

/** What the simulation showed, when one covers the file being checked. */
export interface RunFacts {
  events: SimEvent[];
  objects: Incarnation[];
  rejected: Rejection[];
  state: ClusterState;
}

export interface RuleInput {
  /** The file's YAML errors (from its parse), when it has any. */
  errors?: readonly InputError[];
  /** The documents of the file being checked (its findings are the only ones reported). */
  docs: RawDoc[];
  /** Every document simulated together with it, its own included. */
  set: RawDoc[];
  cluster: ClusterConfig;
  /** Events and rejections of the current simulation, when it covers this version of the file. */
  run?: RunFacts | null;
  /** Text of a 1-based line of the file, to make ranges span the written key and value. */
  lineText?: (line: number) => string | undefined;
  /** The run of this Scenario file, when the current simulation is of this version of it. */
  scenario?: ScenarioFacts | null;
  /** Where the file's first Helm template action is, when it is a chart's template. */
  helm?: { file: string; line: number; column: number } | null;
}

/** A Scenario file's run: each step where it is written and its expectations that failed. */
export interface ScenarioFacts {
  steps: Array<{ at: SourceRange; failed: string[] }>;
}
