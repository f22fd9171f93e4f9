// Shared by the tests of the extension's pure parts (explain, rules): the l10n stand-in and a run
// of a file's manifests as "K8s: Simulate" makes it.
import type { RawDoc } from '../src/engine/manifest';
import { DEFAULT_CLUSTER, type ClusterConfig } from '../src/engine/types';
import { runScenario, type ScenarioResult } from '../src/scenario/run';

/** Fills {0} {1} … as vscode.l10n.t does with the English source string. */
export const t = (message: string, ...args: Array<string | number>): string =>
  message.replace(/\{(\d+)\}/g, (m: string, i: string) =>
    args[Number(i)] === undefined ? m : String(args[Number(i)]),
  );

/** The result of simulating `docs` as one file, test.yaml, with seed 1. */
export function runManifests(docs: RawDoc[], cluster: ClusterConfig = DEFAULT_CLUSTER): ScenarioResult {
  return runScenario({
    origin: 'manifests',
    name: 'test',
    description: null,
    file: 'test.yaml',
    seed: 1,
    settleLimit: 3600,
    cluster,
    manifests: docs,
    steps: [],
  }).result;
}
