// Whole-run limits, measured through the command line (README, Limits): the largest runs the
// documented limits accept, and runs that must stop at a counted limit, with their wall time,
// exit code and peak memory. Target: no run within the limits exceeds 1.5 GB. Run by `npm run
// bench` after the engine cases; `--strict` makes a miss exit 1.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { replicaSetYaml } from '../test/fixtures';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const PRELOAD = path.join(__dirname, 'peak-rss.js');
const MEMORY_TARGET = 1.5 * 1024 ** 3;
const STRICT = process.argv.includes('--strict');

const scenario = (manifest: string, steps: string[], cluster = ''): string =>
  [
    'apiVersion: k8s-sim/v1',
    'kind: Scenario',
    'metadata: {name: limits-bench}',
    'spec:',
    ...(cluster ? [cluster] : []),
    '  manifests:',
    `    - file: ${manifest}`,
    ...(steps.length > 0 ? ['  steps:', ...steps] : []),
    '',
  ].join('\n');

interface Case {
  name: string;
  files: Record<string, string>;
  args: string[];
  /** The exit code the case must end with (2 where a limit stops it). */
  code: number;
}

/** Two lab nodes that hold any number of pods (the kubelet's default is 110 each). */
const ROOMY =
  '  cluster: {nodes: [{name: k8s-node1, capacity: {pods: 1000000}}, {name: k8s-node2, capacity: {pods: 1000000}}]}';

const cases: Case[] = [
  {
    name: 'ReplicaSet of 100,000 (the largest accepted), text',
    files: { 'rs.yaml': replicaSetYaml('web', 100_000), 's.yaml': scenario('rs.yaml', [], ROOMY) },
    args: ['s.yaml'],
    code: 0,
  },
  {
    name: 'ReplicaSet of 100,000, --json',
    files: { 'rs.yaml': replicaSetYaml('web', 100_000), 's.yaml': scenario('rs.yaml', [], ROOMY) },
    args: ['s.yaml', '--json'],
    code: 0,
  },
  {
    name: '5 ReplicaSets of 100,000: stops at the record limit',
    files: {
      'rs.yaml': [0, 1, 2, 3, 4].map((i) => replicaSetYaml(`web${i}`, 100_000)).join('---\n'),
      's.yaml': scenario('rs.yaml', [], ROOMY),
    },
    args: ['s.yaml'],
    code: 2,
  },
  {
    name: '20,000 pods and 80 steps: stops at the record limit',
    files: {
      'rs.yaml': replicaSetYaml('web', 20_000),
      's.yaml': scenario(
        'rs.yaml',
        Array.from({ length: 80 }, () => '    - wait: 1s'),
        ROOMY,
      ),
    },
    args: ['s.yaml'],
    code: 2,
  },
  {
    name: '10,000 nodes and 1,000 pods',
    files: {
      'rs.yaml': replicaSetYaml('web', 1000),
      's.yaml': scenario(
        'rs.yaml',
        [],
        `  cluster: {nodes: [${Array.from({ length: 10_000 }, (_, i) => `n${i}`).join(', ')}]}`,
      ),
    },
    args: ['s.yaml'],
    code: 0,
  },
  {
    name: '10 request steps of 1,000,000 (the run-wide request limit)',
    files: {
      'rs.yaml': replicaSetYaml('web', 3),
      's.yaml': scenario(
        'rs.yaml',
        Array.from({ length: 10 }, () => "    - request: {url: 'http://www.app.com/', count: 1000000}"),
      ),
    },
    args: ['s.yaml'],
    code: 0,
  },
];

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-limits-bench-'));
  let missed = 0;
  try {
    console.log('Whole-run limits through the command line (peak memory target ≤ 1.5 GB)');
    for (const c of cases) {
      const caseDir = fs.mkdtempSync(path.join(dir, 'case-'));
      for (const [file, text] of Object.entries(c.files)) fs.writeFileSync(path.join(caseDir, file), text);
      const rssFile = path.join(caseDir, 'peak-rss');
      const start = performance.now();
      const r = spawnSync(process.execPath, ['--require', PRELOAD, CLI, 'run', ...c.args], {
        cwd: caseDir,
        env: { ...process.env, NO_COLOR: '1', K8S_SIM_PEAK_RSS_FILE: rssFile },
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
      const seconds = (performance.now() - start) / 1000;
      const rss = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : NaN;
      const ok = r.status === c.code && rss <= MEMORY_TARGET;
      if (!ok) missed++;
      const stopped = r.status === 2 ? `  — ${String(r.stderr).trim().split('\n')[0].slice(0, 90)}…` : '';
      console.log(
        `  ${ok ? '✓' : '✗'} ${c.name.padEnd(58)} exit ${r.status}  ${seconds.toFixed(1).padStart(6)} s  ` +
          `peak ${(rss / 1024 ** 2).toFixed(0).padStart(5)} MB${stopped}`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (STRICT && missed > 0) process.exitCode = 1;
}

main();
