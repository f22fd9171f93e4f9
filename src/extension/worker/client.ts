// Runs simulations on a worker thread (sim-worker.ts) so that typing never waits for one, and
// cancels a run a newer one overtakes by ending its worker (a fresh one serves the next). No vscode
// import: node tests drive it too. Without a worker script beside this file the run happens in
// process (build.ts, through the lazily loaded core), with the same scenario builder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScenarioRun } from '../../scenario/run';
import type { SimulationRequest } from './request';
import { core } from '../core-loader';

export interface WorkerRequest {
  id: number;
  request: SimulationRequest;
}

export type WorkerReply = { id: number; run: ScenarioRun } | { id: number; error: string };

/** Said when a newer run overtook this one (its result would be out of date). */
export class RunCancelled extends Error {
  constructor() {
    super('the simulation was overtaken by a newer one');
  }
}

interface Pending {
  id: number;
  resolve: (run: ScenarioRun) => void;
  reject: (e: Error) => void;
}

export class SimulationRunner {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextId = 1;
  private readonly script: string | null;
  /** The in-process fallback, made on its first run. */
  private inProcess: ((request: SimulationRequest) => ScenarioRun) | null = null;

  constructor(script = path.join(__dirname, 'sim-worker.js')) {
    this.script = fs.existsSync(script) ? script : null;
  }

  /** Whether runs go to a worker thread (false: the worker script is missing; runs in process). */
  get offThread(): boolean {
    return this.script !== null;
  }

  /** Runs `request`; a run still going is cancelled first (its promise rejects with RunCancelled). */
  run(request: SimulationRequest): Promise<ScenarioRun> {
    this.cancel();
    if (!this.script) {
      this.inProcess ??= core().inProcessRunner();
      return Promise.resolve(this.inProcess(request));
    }
    const worker = this.ensureWorker();
    const id = this.nextId++;
    // Referenced while it works (a test process waits for it), not while idle.
    worker.ref();
    return new Promise<ScenarioRun>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      worker.postMessage({ id, request } satisfies WorkerRequest);
    });
  }

  /** Ends the run in progress, if any: its worker is stopped and replaced on the next run. */
  cancel(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    void this.worker?.terminate();
    this.worker = null;
    pending.reject(new RunCancelled());
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script as string);
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending;
      if (!pending || pending.id !== reply.id) return;
      this.pending = null;
      worker.unref();
      if ('run' in reply) pending.resolve(reply.run);
      else pending.reject(new Error(reply.error));
    });
    worker.on('error', (e) => {
      if (this.worker === worker) this.worker = null;
      const pending = this.pending;
      this.pending = null;
      pending?.reject(e);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      // Ended without an error event (killed, or exited): the run in progress will never answer.
      const pending = this.pending;
      this.pending = null;
      pending?.reject(new Error(`the simulation worker stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    this.cancel();
    void this.worker?.terminate();
    this.worker = null;
  }
}
