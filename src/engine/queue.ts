// Event queue of the discrete-event simulation: a binary min-heap ordered by simulated time,
// ties broken by insertion order so that the same input always runs in the same order.

export interface QueueItem {
  t: number;
  seq: number;
  run: () => void;
  /** Set by cancel(): the item is dropped unrun, and never moves the clock. */
  cancelled?: boolean;
  /** Set when it leaves the queue (run or dropped): cancelling it then changes nothing. */
  gone?: boolean;
  /** A step of a steady cycle (a crash loop at its back-off's cap): it runs when time passes,
   * but a settling step does not wait for it. */
  background?: boolean;
}

export class EventQueue {
  private heap: QueueItem[] = [];
  private seq = 0;
  /** Cancelled items still in the heap (dropped when they reach the top). */
  private dead = 0;
  /** Live background items in the heap. */
  private backgroundItems = 0;

  /** Items still to run. */
  get size(): number {
    return this.heap.length - this.dead;
  }

  /** Items still to run that a settling step waits for. */
  get foregroundSize(): number {
    return this.heap.length - this.dead - this.backgroundItems;
  }

  push(t: number, run: () => void, background = false): QueueItem {
    const item: QueueItem = { t, seq: this.seq++, run };
    if (background) {
      item.background = true;
      this.backgroundItems++;
    }
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
    return item;
  }

  /** A timer that is no longer wanted (an eviction cancelled, a wait that ended otherwise). */
  cancel(item: QueueItem): void {
    if (item.cancelled || item.gone) return;
    item.cancelled = true;
    this.dead++;
    if (item.background) this.backgroundItems--;
  }

  peekTime(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.t;
  }

  pop(): QueueItem | undefined {
    this.dropCancelled();
    const item = this.popTop();
    if (item) {
      item.gone = true;
      if (item.background) this.backgroundItems--;
    }
    return item;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) {
      (this.popTop() as QueueItem).gone = true;
      this.dead--;
    }
  }

  private popTop(): QueueItem | undefined {
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
