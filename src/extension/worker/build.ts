// The worker's side of a SimulationRequest: it parses the request's texts (keeping its parsers
// between requests) and runs the scenario scenarioOf builds. Also the editor's in-process fallback
// when there is no worker script (node tests), reached through the lazily loaded core.
import type { RawDoc } from '../../engine/manifest';
import { parseScenarioText } from '../../scenario/parse';
import { runScenario, type ScenarioRun } from '../../scenario/run';
import type { Scenario } from '../../scenario/scenario';
import { IncrementalParser } from '../analysis/incremental-parse';
import { scenarioOf, type SimulationRequest, type SourceText } from './request';

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

/** Runs requests in this thread, with parsers of its own kept between them. */
export function inProcessRunner(): (request: SimulationRequest) => ScenarioRun {
  const parsers = new Parsers();
  return (request) => runScenario(buildScenario(request, parsers));
}
