// The simulation worker (src/extension/worker/): a run on the worker thread equals the same run in
// process, and a newer run cancels the one still going.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { RunCancelled, SimulationRunner } from '../src/extension/worker/client';
import { buildScenario, Parsers } from '../src/extension/worker/build';
import type { SimulationRequest } from '../src/extension/worker/request';
import { runScenario } from '../src/scenario/run';
import { webStatefulSetYaml } from './fixtures';

const sts = (replicas: number) => webStatefulSetYaml(replicas);
const request = (replicas: number, base: string | null = null): SimulationRequest => ({
  scenario: null,
  title: 'web',
  files: [{ text: sts(replicas), label: 'web.yaml' }],
  base: base === null ? null : [{ text: base, label: 'web.yaml' }],
  steps: [
    {
      type: 'scale',
      kind: 'StatefulSet',
      namespace: 'default',
      name: 'web',
      replicas: 1,
      for: null,
      at: { file: 'web.yaml', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    },
  ],
});

test('a run on the worker thread is the run in process, also for a change (base, then apply)', async () => {
  const runner = new SimulationRunner(
    path.join(__dirname, '..', 'src', 'extension', 'worker', 'sim-worker.js'),
  );
  try {
    for (const r of [request(3), request(3, sts(2))]) {
      const onWorker = await runner.run(r);
      const inProcess = runScenario(buildScenario(r, new Parsers()));
      assert.deepEqual(onWorker.result, inProcess.result);
      assert.deepEqual(onWorker.log, inProcess.log);
    }
  } finally {
    runner.dispose();
  }
});

test('a newer run cancels the one still going; the newer one completes', async () => {
  const runner = new SimulationRunner(
    path.join(__dirname, '..', 'src', 'extension', 'worker', 'sim-worker.js'),
  );
  try {
    const first = runner.run(request(500));
    const second = runner.run(request(2));
    await assert.rejects(first, RunCancelled);
    const run = await second;
    assert.deepEqual(
      run.result.state.pods.map((p) => p.name),
      ['web-0'],
    );
  } finally {
    runner.dispose();
  }
});
