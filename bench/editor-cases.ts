// Bench cases of the editor's own work (no VS Code needed): figures printed by bench.ts.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadManifestText } from '../src/engine/loader';
import { SimulationRunner } from '../src/extension/worker/client';
import type { SimulationRequest } from '../src/extension/worker/request';
import { median } from './common';
import { IncrementalParser } from '../src/extension/analysis/incremental-parse';

// The editor's re-parse while typing (case 13): one document of 2,000 changes per keystroke pause.

export function reparseCase(): { whole: number; edit: number } {
  const doc = (i: number, replicas: number) =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db-${i}\nspec:\n  replicas: ${replicas}\n  serviceName: db-${i}\n  selector:\n    matchLabels:\n      app: db-${i}\n  template:\n    metadata:\n      labels:\n        app: db-${i}\n    spec:\n      containers:\n      - name: app\n        image: kubetm/app\n`;
  const docs = Array.from({ length: 2000 }, (_, i) => doc(i, 3));
  const whole: number[] = [];
  const edit: number[] = [];
  for (let run = 0; run < 7; run++) {
    const text = docs.join('---\n');
    let t = performance.now();
    loadManifestText(text, 'bench.yaml');
    whole.push(performance.now() - t);
    const parser = new IncrementalParser('bench.yaml');
    parser.parse(text);
    docs[1000] = doc(1000, run);
    t = performance.now();
    parser.parse(docs.join('---\n'));
    edit.push(performance.now() - t);
  }
  return { whole: median(whole), edit: median(edit) };
}

// The extension host while a simulation runs (case 14): the longest its event loop waits, with the
// run on the worker thread (dist/sim-worker.js, as the extension does) and in process (the fallback).

export interface StallFigures {
  /** Median over the runs of the longest gap between two 5 ms ticks of the main thread. */
  stall: number;
  /** Median wall time of one run. */
  run: number;
}

async function stallDuring(run: () => Promise<unknown>): Promise<{ stall: number; run: number }> {
  let last = performance.now();
  let worst = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  last = t0;
  await run();
  const took = performance.now() - t0;
  worst = Math.max(worst, performance.now() - last);
  clearInterval(tick);
  return { stall: worst, run: took };
}

export async function workerCase(): Promise<{ worker: StallFigures; inProcess: StallFigures }> {
  const text = [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: web}',
    'spec:',
    '  replicas: 1000',
    '  serviceName: web',
    '  podManagementPolicy: Parallel',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec: {containers: [{name: app, image: kubetm/app}]}',
    '',
  ].join('\n');
  const request: SimulationRequest = {
    scenario: null,
    title: 'bench',
    files: [{ text, label: 'web.yaml' }],
    base: null,
    steps: [],
  };
  const figures = async (runner: SimulationRunner): Promise<StallFigures> => {
    await runner.run(request); // warm-up: the worker starts, the code is compiled
    const stalls: number[] = [];
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const f = await stallDuring(() => runner.run(request));
      stalls.push(f.stall);
      runs.push(f.run);
    }
    runner.dispose();
    return { stall: median(stalls), run: median(runs) };
  };
  const script = path.join(__dirname, '..', '..', 'dist', 'sim-worker.js');
  const worker = new SimulationRunner(script);
  if (!worker.offThread) throw new Error(`${script} is missing: run npm run build`);
  return {
    worker: await figures(worker),
    inProcess: await figures(new SimulationRunner(path.join(__dirname, 'no-worker-here.js'))),
  };
}
