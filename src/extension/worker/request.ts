// What the editor asks the simulation worker to run, as plain data (no vscode import): the texts of
// the files in scope, the base version of a "Simulate This Change", and the steps the user added.
// buildScenario turns it into the Scenario that runScenario runs — on the worker, and in the
// extension host when there is no worker — so both run exactly the same scenario.
import { DEFAULT_CLUSTER } from '../../engine/types';
import type { RawDoc } from '../../engine/manifest';
import { parseScenarioText } from '../../scenario/parse';
import type { Scenario, Step } from '../../scenario/scenario';
import { IncrementalParser } from '../analysis/incremental-parse';

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

/** Parsers kept between requests, so that an edit re-parses only what it touched. */
export class Parsers {
  private readonly byLabel = new Map<string, IncrementalParser>();

  docs(files: readonly SourceText[], kind: 'files' | 'base'): RawDoc[] {
    return files.flatMap((f) => {
      const key = `${kind}\u0000${f.label}`;
      let parser = this.byLabel.get(key);
      if (!parser) this.byLabel.set(key, (parser = new IncrementalParser(f.label)));
      return parser.parse(f.text);
    });
  }
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

/** The scenario of a request, its texts parsed (files that no longer parse are sent empty). */
export function buildScenario(request: SimulationRequest, parsers: Parsers): Scenario {
  return scenarioOf(request, {
    scenario: () => {
      const own = request.scenario as SourceText & { baseDir: string };
      return parseScenarioText(own.text, own.label, own.baseDir);
    },
    docs: (which) => parsers.docs(which === 'files' ? request.files : (request.base ?? []), which),
  });
}
