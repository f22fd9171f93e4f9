// What the timeline page reads from the data island: the parts of the contract's ScenarioResult
// (src/scenario/run.ts, contract section 4) that it draws. Declared structurally here so the page
// only depends on the engine's pure type modules; test/html.test.ts checks that a ScenarioResult
// is assignable to ScenarioView, so the two cannot drift apart silently.
import type { ClusterState } from '../engine/snapshot';
import type { Incarnation, SimEvent } from '../engine/types';
import type { ObjectChange, RequestSent } from '../shared/protocol';

export interface ExpectationView {
  ok: boolean;
  text: string;
}

export interface RejectionView {
  kind: string;
  name: string;
  file: string;
  line: number;
  message: string;
}

export interface NotSimulatedView {
  kind: string;
  name: string;
  file: string;
  line: number;
}

/** A request step's traffic (src/scenario/traffic.ts RequestResult): how the requests split. */
export interface RequestView {
  /** The request as it was sent (optional: older results lack it). */
  sent?: RequestSent;
  count: number;
  byService: Record<string, number>;
  byPod: Record<string, number>;
  byStatus: Record<string, number>;
  /** Why requests went where they went, most frequent first (optional extension). */
  reasons?: Array<{ reason: string; count: number }>;
}

export interface StepView {
  index: number;
  type: string;
  start: number;
  end: number;
  settled: boolean;
  rejected: RejectionView[];
  notSimulated?: NotSimulatedView[];
  output?: string[];
  /** State at the end of the step: used to tell which workload's pods mount a claim. */
  state?: ClusterState;
  expectations: ExpectationView[];
  /** request steps only. */
  requests?: RequestView;
  /** "Simulate This Change": what changed per object (optional extension). */
  changes?: ObjectChange[];
}

export interface ScenarioView {
  scenario: string;
  file?: string;
  description: string | null;
  seed: number;
  ok: boolean;
  rejected: RejectionView[];
  notSimulated?: NotSimulatedView[];
  steps: StepView[];
  events: SimEvent[];
  objects: Incarnation[];
  state: ClusterState;
}
