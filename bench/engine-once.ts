// Bench helper for case 8: in a fresh process, as `k8s-sim run` has it, parse one scenario file and
// time runScenario alone (the engine, unwarmed), then print the milliseconds on stdout.
import { performance } from 'node:perf_hooks';
import { parseScenarioFile } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';

const scenario = parseScenarioFile(process.argv[2]);
const start = performance.now();
runScenario(scenario);
process.stdout.write(`${(performance.now() - start).toFixed(3)}\n`);
