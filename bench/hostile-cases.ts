// Hostile input is refused quickly (printed by bench.ts; timings moved here from
// test/loader.test.ts and test/cli.test.ts, which keep the functional checks: `npm test` asserts no
// wall-clock time). In-process: loadManifestText, median of RUNS after WARMUPS. The command:
// `node dist/cli.js run` in a child process, process start included, median of 3.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadManifestText } from '../src/engine/loader';
import { median, ms, RUNS, STRICT, WARMUPS } from './common';

export function hostileInputs(): void {
  const loaderCases: Array<[string, () => string, number]> = [
    ['60,000-key mapping (duplicate-key check stays linear)', () => keys60k, 5000],
    ['alias bomb refused', () => bomb, 2000],
    ...nesting.map(([title, text]): [string, () => string, number] => [title, () => text, 5000]),
    ['20 MB text refused before parsing', () => twentyMb, 1000],
  ];
  const rows: Array<[string, string, string, string]> = [];
  console.log('\nHostile input (loadManifestText in process; `k8s-sim run` as a child process)');
  for (const [title, text, target] of loaderCases) {
    const once = (): number => {
      const input = text();
      const start = performance.now();
      try {
        loadManifestText(input, 'x.yaml');
      } catch {
        /* refused: the case being timed */
      }
      return performance.now() - start;
    };
    for (let i = 0; i < WARMUPS; i++) once();
    const t = median(Array.from({ length: RUNS }, once));
    console.log(`  ${title.padEnd(56)} ${ms(t)}`);
    rows.push([`hostile load: ${title}`, ms(t), `< ${target} ms`, t < target ? 'PASS' : 'FAIL']);
  }
  const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
  if (fs.existsSync(cli)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-bench-'));
    const sts = (replicas: string): string =>
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n` +
      `  serviceName: web\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n` +
      `      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: kubetm/app\n`;
    const files: Array<[string, string, number]> = [
      ['deeply nested YAML', `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 3000],
      ['YAML alias bomb', bomb, 3000],
      ['a 20 MB file', twentyMb, 3000],
      ['replicas: 1e9', sts('1e9'), 5000],
    ];
    for (const [title, text, target] of files) {
      const file = path.join(dir, `${title.replace(/\W+/g, '-')}.yaml`);
      fs.writeFileSync(file, text);
      const once = (): number => {
        const start = performance.now();
        spawnSync(process.execPath, [cli, 'run', file], { stdio: 'ignore' });
        return performance.now() - start;
      };
      const t = median([once(), once(), once()]);
      console.log(`  k8s-sim run: ${title.padEnd(43)} ${ms(t)}`);
      rows.push([`hostile cli: ${title}`, ms(t), `< ${target} ms`, t < target ? 'PASS' : 'FAIL']);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log('');
  for (const r of rows)
    console.log(
      r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
  if (STRICT && rows.some((r) => r[3] === 'FAIL')) process.exitCode = 1;
}

const keys60k = Array.from({ length: 60_000 }, (_, i) => `key${i}: ${i}\n`).join('');
const bomb = ((): string => {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const n of 'bcdefghijklm') {
    text += `${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = n;
  }
  return text;
})();
const nesting: Array<[string, string]> = [
  ['200,000 "[" refused', '['.repeat(200_000)],
  ['100,000 "{b: " refused', 'a: ' + '{b: '.repeat(100_000)],
  ['200,000 "- " refused', '- '.repeat(200_000) + 'x\n'],
  ['200,000 "? " refused', '? '.repeat(200_000) + 'x\n'],
  ['a 600,000-item document refused', '- 1\n'.repeat(600_000)],
  ['10,001 documents refused', '---\na: 1\n'.repeat(10_001)],
];
const twentyMb = '#'.repeat(20 * 1024 * 1024);
