// What the editor asks the simulation worker to run, as plain data (no vscode import): the texts of
// the files in scope, the base version of a "Simulate This Change", and the steps the user added.
// scenarioOf turns it into the Scenario that runScenario runs — on the worker (parsing the texts,
// build.ts), and in the extension host from the editor's own parse — so both run the same scenario.
// Light on purpose: the editor's half loads it at activation (the parser stays in build.ts).
import { DEFAULT_CLUSTER } from '../../engine/types';
import type { RawDoc } from '../../engine/manifest';
import type { Scenario, Step } from '../../scenario/scenario';

export interface SourceText {
  text: string;
  /** The file's name in positions and messages. */
  label: string;
}

export interface SimulationRequest {
  /** The anchor file is a Scenario: its own steps run, then `steps`. */
  scenario: (SourceText & { baseDir: string }) | null;
  /** A plain manifest set: its name (the timeline's title) and the files of the scope. */
  title: string;
  files: SourceText[];
  /** Simulate This Change: the version the cluster starts from; `files` are applied as step 1. */
  base: SourceText[] | null;
  steps: Step[];
}

/** Where a request's documents come from: parsed here from its texts (the worker), or the editor's
 * own parse of the same texts (the extension host). */
export interface ScenarioInputs {
  /** The anchor Scenario file, parsed (only asked when `request.scenario` is set). */
  scenario(): Scenario;
  docs(which: 'files' | 'base'): RawDoc[];
}

/** The scenario a request stands for: the one builder for both sides. */
export function scenarioOf(request: SimulationRequest, inputs: ScenarioInputs): Scenario {
  if (request.scenario && !request.base) {
    const own = inputs.scenario();
    return { ...own, steps: [...own.steps, ...request.steps] };
  }
  const docs = inputs.docs('files');
  const first = request.files[0]?.label ?? request.title;
  const at = { file: first, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  // A change: the base version first, then the files as they are now, applied as one step.
  const change: Step[] = request.base ? [{ type: 'apply', docs, for: null, at }] : [];
  return {
    origin: 'manifests',
    name: request.title,
    description: null,
    file: first,
    seed: 1,
    settleLimit: 3600,
    cluster: DEFAULT_CLUSTER,
    manifests: request.base ? inputs.docs('base') : docs,
    steps: [...change, ...request.steps],
  };
}
