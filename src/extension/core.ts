// The heavy half of the extension: the YAML parser, the engine's loader, scenario parsing, the
// diagnostics rules, hover explanations and the in-process simulation. Bundled apart
// (dist/extension-core.js) and required on first use through core-loader.ts, so that activation
// loads only the editor's wiring. No vscode import: everything here is plain analysis.
export { HelmTemplateError, loadManifestText } from '../engine/loader';
// The core's parser throws these: the editor tests errors against the core's class, not a copy.
export { InputErrorException } from '../engine/manifest';
export { parseScenarioText } from '../scenario/parse';
export { writeRun } from '../scenario/format';
export { IncrementalParser } from './analysis/incremental-parse';
export { docAtLine, fieldAt } from './analysis/cursor';
export {
  commandTarget,
  currentReplicas,
  MAX_REPLICAS,
  replicaChoices,
  typedReplicas,
} from './analysis/picks';
export { checkRules } from './analysis/rules';
export { keyTypoFixes } from './analysis/typos';
export { explainField, renderExplanation } from './analysis/hover';
export { objectChanges } from './analysis/change';
export { expectItems, outcomesOf } from './analysis/scenario-tests';
export { inProcessRunner } from './worker/build';
