// A synchronous, chunked writer to a file descriptor (stdout for `k8s-sim run`). The report and
// the JSON are written while they are produced, in ~64 KB chunks, instead of being built as one
// string: a large run's JSON passes V8's maximum string length (~512 MB), and building any large
// report whole costs memory and GC time. Writes are synchronous (the CLI's main() is), with no
// queue behind process.stdout that could grow without bound.
import * as fs from 'node:fs';

/** The reader went away (EPIPE): the rest of the output is dropped, the run's verdict stands. */
export class OutputClosedError extends Error {
  constructor() {
    super('the output was closed');
  }
}

const CHUNK = 64 * 1024;
/** One SharedArrayBuffer to sleep on (Atomics.wait) while a non-blocking pipe is full. */
let sleeper: Int32Array | undefined;

function pause(ms: number): void {
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, ms);
}

export class FdWriter {
  private pending: string[] = [];
  private size = 0;
  /** Set once the reader has gone: later writes are dropped silently. */
  closed = false;

  constructor(
    private readonly fd: number,
    /** Applied to every string before it is written (the terminal-safety chokepoint). */
    private readonly filter: (s: string) => string = (s) => s,
    /** Applied to the encoded bytes instead, when a check on bytes is cheaper (JSON). */
    private readonly bytesFilter: (b: Buffer) => Buffer = (b) => b,
  ) {}

  write(s: string): void {
    if (this.closed || s.length === 0) return;
    if (s.length >= CHUNK) {
      // Large already (a JSON batch): no copy into the pending chunk.
      this.flush();
      this.writeAll(this.bytesFilter(Buffer.from(this.filter(s), 'utf8')));
      return;
    }
    this.pending.push(s);
    this.size += s.length;
    if (this.size >= CHUNK) this.flush();
  }

  /** Writes what is pending. Throws OutputClosedError on EPIPE, or the fs error (ENOSPC, EIO…). */
  flush(): void {
    if (this.closed || this.size === 0) return;
    const text = this.filter(this.pending.join(''));
    this.pending = [];
    this.size = 0;
    this.writeAll(this.bytesFilter(Buffer.from(text, 'utf8')));
  }

  private writeAll(buf: Buffer): void {
    let off = 0;
    let waited = 0;
    while (off < buf.length) {
      try {
        off += fs.writeSync(this.fd, buf, off, buf.length - off);
        waited = 0;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          // A non-blocking pipe (set so by whoever shares it) is full: wait for the reader,
          // backing off up to 50 ms between tries.
          waited = Math.min(50, waited + 1);
          pause(waited);
          continue;
        }
        if (code === 'EPIPE') {
          this.closed = true;
          this.pending = [];
          throw new OutputClosedError();
        }
        throw e;
      }
    }
  }
}
