// The simulation off the extension host's thread (a worker_threads worker, dist/sim-worker.js):
// it receives SimulationRequests, runs them as the editor would in process, and posts the run back.
// A request is never interrupted here; the extension cancels one by ending the worker.
import { parentPort } from 'node:worker_threads';
import { inProcessRunner } from './build';
import type { WorkerReply, WorkerRequest } from './client';

const runRequest = inProcessRunner();

parentPort?.on('message', (message: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const run = runRequest(message.request);
    reply = { id: message.id, run };
  } catch (e) {
    reply = { id: message.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
