// Event queue of the discrete-event simulation: a binary min-heap ordered by simulated time,
// ties broken by insertion order so that the same input always runs in the same order.

export interface QueueItem {
  t: number;
  seq: number;
  run: () => void;
}

export class EventQueue {
  private heap: QueueItem[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(t: number, run: () => void): void {
    const item = { t, seq: this.seq++, run };
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(item, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = item;
  }

  peekTime(): number | undefined {
    return this.heap[0]?.t;
  }

  pop(): QueueItem | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop() as QueueItem;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r], h[l]) ? r : l;
        if (!before(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(x: QueueItem, y: QueueItem): boolean {
  return x.t < y.t || (x.t === y.t && x.seq < y.seq);
}
