// `k8s-sim` command line (contract section 2). Exit codes: 0 every expectation held,
// 1 an expectation failed, 2 the input could not be run. Never prints a stack trace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputErrorException, type InputError } from './engine/manifest';
import { describeFsError, InputBudget, listYamlFiles } from './engine/loader';
import { SimulationLimitError } from './engine/sim';
import { cliStep, parseScenarioFile } from './scenario/parse';
import { runScenario, type ScenarioResult, type ScenarioRun } from './scenario/run';
import { writeRun } from './scenario/format';
import type { Scenario } from './scenario/scenario';
import { ReportTargetError, reportTarget, writeHtmlReport } from './scenario/html';
import { FdWriter, OutputClosedError } from './scenario/fd-writer';
import { escapeJsonControlBytes, writeJson } from './scenario/json-stream';
import { escapeField, escapeOutput } from './scenario/terminal';

const USAGE = `Usage: k8s-sim run <scenario-or-manifest.yaml | folder>... [options]

Simulates what Kubernetes would do with the manifests, without a cluster.

Options:
  --json                 print the result as JSON (an array for several files)
  --html FILE            also write a standalone timeline page to FILE
  --seed N               override the scenario's seed
  --scale KIND/NAME=N    scale after the files are applied (repeatable)
  --delete KIND/NAME     delete after the files are applied (repeatable)
  --no-color             plain text even on a terminal
  -h, --help             show this help
  --version              print the version`;

interface Options {
  inputs: string[];
  json: boolean;
  html: string | null;
  seed: number | undefined;
  /** --scale and --delete in the order given. */
  actions: Array<{ flag: 'scale' | 'delete'; arg: string }>;
  color: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const opts: Options = {
    inputs: [],
    json: false,
    html: null,
    seed: undefined,
    actions: [],
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
  if (argv.includes('-h') || argv.includes('--help')) return 'help';
  if (argv.includes('--version')) return 'version';
  const [command, ...rest] = argv;
  if (command !== 'run') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const value = (i: number, flag: string): string => {
    const v = rest[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const take = () => {
      if (inline !== undefined) return inline;
      const v = value(i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '--json':
        opts.json = true;
        break;
      case '--no-color':
        opts.color = false;
        break;
      case '--html': {
        const v = take();
        if (v === '') throw new UsageError('--html needs a file name');
        opts.html = v;
        break;
      }
      case '--seed': {
        const v = take();
        if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
          throw new UsageError(`--seed must be an integer between -(2^53-1) and 2^53-1, got "${v}"`);
        }
        opts.seed = Number(v);
        break;
      }
      case '--scale':
        opts.actions.push({ flag: 'scale', arg: take() });
        break;
      case '--delete':
        opts.actions.push({ flag: 'delete', arg: take() });
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option "${a}"`);
        opts.inputs.push(a);
    }
  }
  if (opts.inputs.length === 0) throw new UsageError('name at least one scenario or manifest file or folder');
  return opts;
}

/** Files to run: a folder gives its scenario files, or itself as one manifest set when it has none. */
function collectScenarios(inputs: string[]): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (e) {
      // ENOENT, but also a symlink loop (ELOOP) or a path through a file (ENOTDIR).
      throw new InputErrorException([
        { file: input, line: 1, column: 1, message: `cannot read file: ${describeFsError(e)}` },
      ]);
    }
    if (!stat.isDirectory()) {
      scenarios.push(parseScenarioFile(input));
      continue;
    }
    const files = listYamlFiles(input);
    if (files.length === 0) {
      throw new InputErrorException([
        { file: input, line: 1, column: 1, message: 'the folder holds no .yaml or .yml file' },
      ]);
    }
    // The folder's files are read together (as one manifest set, or scenarios run one by one).
    const budget = new InputBudget();
    for (const f of files) {
      const message = budget.addFile(f);
      if (message !== null) throw new InputErrorException([{ file: f, line: 1, column: 1, message }]);
    }
    const parsed = files.map((f) => parseScenarioFile(f));
    const real = parsed.filter((s) => s.origin === 'scenario');
    if (real.length > 0) {
      scenarios.push(...real);
    } else {
      // A folder of plain manifests is one set, as `kubectl apply -f <folder>` sees it.
      scenarios.push({
        ...parsed[0],
        name: path.basename(path.resolve(input)),
        file: input,
        manifests: parsed.flatMap((s) => s.manifests),
      });
    }
  }
  return scenarios;
}

class OutputError extends Error {}

/**
 * Refuses an --html target that is not a regular file, before anything runs (html.ts reportTarget:
 * a FIFO, a device, a folder, a link to one of these or to nothing). Nothing is opened: opening a
 * FIFO to write would block.
 */
function checkHtmlTarget(file: string): void {
  let verdict: ReturnType<typeof reportTarget>;
  try {
    verdict = reportTarget(file);
  } catch (e) {
    throw new OutputError(`cannot write ${file}: ${reasonOf(e)}`);
  }
  if ('refused' in verdict) {
    const hint = verdict.refused.includes('folder') ? '; name a file' : '';
    throw new OutputError(`--html ${file}: ${verdict.refused}${hint}`);
  }
}

function reasonOf(e: unknown): string {
  const fsError = e instanceof Error && 'code' in e && typeof e.code === 'string';
  return fsError ? describeFsError(e) : e instanceof Error ? e.message : String(e);
}

function writeHtml(file: string, results: ScenarioResult[]): void {
  try {
    writeHtmlReport(file, results);
  } catch (e) {
    if (e instanceof ReportTargetError) throw new OutputError(`--html ${file}: ${e.message}`);
    throw new OutputError(`cannot write ${file}: ${reasonOf(e)}`);
  }
}

/**
 * One message on stderr, as one line. Every message may quote the input (file names, object names,
 * YAML text, command-line arguments), so control characters, and line breaks that could fake a
 * line of their own, are escaped here, once for all of them (terminal.ts).
 */
function printError(message: string): void {
  process.stderr.write(`${escapeField(message)}\n`);
}

function printInputErrors(errors: InputError[]): void {
  for (const e of errors) printError(`${e.file}:${e.line}:${e.column}: error: ${e.message}`);
}

/** stdout could not be written (ENOSPC, EIO…): said on stderr, exit 2. */
class StdoutError extends Error {}

/**
 * The run's results on stdout, streamed in chunks as they are produced (fd-writer.ts): the JSON
 * document (json-stream.ts), or the text report with every line through the terminal filter.
 * A reader that goes away (EPIPE) ends the output quietly; the run's verdict still stands.
 */
function printResults(runs: Array<{ scenario: Scenario; run: ScenarioRun }>, opts: Options): void {
  const out = opts.json
    ? new FdWriter(1, undefined, escapeJsonControlBytes)
    : new FdWriter(1, (s) => escapeOutput(s, opts.color));
  try {
    if (opts.json) {
      const results = runs.map((r) => r.run.result);
      writeJson(results.length === 1 ? results[0] : results, (s) => out.write(s));
      out.write('\n');
    } else {
      runs.forEach((r, i) => {
        if (i > 0) out.write('\n');
        writeRun(r.scenario, r.run, { color: opts.color }, (line) => out.write(`${line}\n`));
      });
    }
    out.flush();
  } catch (e) {
    if (e instanceof OutputClosedError) return;
    if (e instanceof Error && 'code' in e && typeof e.code === 'string') {
      throw new StdoutError(`cannot write the output: ${describeFsError(e)}`);
    }
    throw e;
  }
}

/** A line on stdout outside the report (help, version, "wrote FILE"); a closed reader is not an error. */
function printLine(text: string): void {
  const out = new FdWriter(1);
  try {
    out.write(`${text}\n`);
    out.flush();
  } catch (e) {
    if (e instanceof OutputClosedError) return;
    throw new StdoutError(`cannot write the output: ${reasonOf(e)}`);
  }
}

export function main(argv: string[]): number {
  let opts: Options;
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      printLine(USAGE);
      return 0;
    }
    if (parsed === 'version') {
      printLine('k8s-sim 0.1.0');
      return 0;
    }
    opts = parsed;
  } catch (e) {
    if (e instanceof StdoutError) {
      printError(`k8s-sim: ${e.message}`);
      return 2;
    }
    printError(`k8s-sim: ${(e as Error).message}`);
    process.stderr.write(`\n${USAGE}\n`);
    return 2;
  }
  try {
    // Before anything runs: a refused target must not cost a simulation.
    if (opts.html) checkHtmlTarget(opts.html);
    const scenarios = collectScenarios(opts.inputs);
    const extra = opts.actions.map((a) => cliStep(a.flag, a.arg, '<command line>'));
    const runs: Array<{ scenario: Scenario; run: ScenarioRun }> = [];
    for (const s of scenarios) {
      const scenario = extra.length > 0 ? { ...s, steps: [...s.steps, ...extra] } : s;
      runs.push({ scenario, run: runScenario(scenario, opts.seed) });
    }
    printResults(runs, opts);
    if (opts.html) {
      writeHtml(
        opts.html,
        runs.map((r) => r.run.result),
      );
      if (!opts.json) printLine(`wrote ${escapeField(opts.html)}`);
    }
    return runs.every((r) => r.run.result.ok) ? 0 : 1;
  } catch (e) {
    if (e instanceof InputErrorException) {
      printInputErrors(e.errors);
      return 2;
    }
    if (e instanceof OutputError || e instanceof StdoutError || e instanceof SimulationLimitError) {
      printError(`k8s-sim: ${e.message}`);
      return 2;
    }
    printError(
      `k8s-sim: internal error: ${(e as Error).message ?? String(e)} (please report this with the input that caused it)`,
    );
    return 2;
  }
}

if (require.main === module) {
  // A closed pipe (`| head`) or a full disk must not end in an unhandled 'error' stack trace.
  // stdout is written through fs.writeSync (fd-writer.ts), whose errors main() handles; stderr
  // still goes through its stream.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      if (stream === process.stdout) {
        try {
          process.stderr.write(`k8s-sim: cannot write the output: ${describeFsError(e)}\n`);
        } catch {
          // stderr is gone too; the exit code still tells.
        }
      }
      process.exit(2);
    });
  }
  process.exitCode = main(process.argv.slice(2));
}
