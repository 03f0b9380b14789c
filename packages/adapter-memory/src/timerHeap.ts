/**
 * One timer waiting in a {@link TimerHeap}.
 *
 * @internal
 */
export interface TimerEntry {
  /** When the timer is due; already clamped to "not before the instant it was set". */
  at: number;
  /** Insertion order: breaks ties between timers due at the same instant. */
  seq: number;
  callback: () => void;
  /** Set when the timer was cancelled; the heap drops such entries lazily. */
  cancelled: boolean;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * A binary min-heap of timers ordered by `(at, seq)`.
 *
 * A sorted array would make inserting 100k timers quadratic; the heap keeps both insert and
 * pop logarithmic. Cancelled entries stay in place until they surface at the top (or a
 * compaction drops them), because finding them inside the heap would cost a linear scan.
 *
 * @internal
 */
export class TimerHeap {
  private items: TimerEntry[] = [];
  private cancelledCount = 0;

  /** Entries held, cancelled ones included. */
  get size(): number {
    return this.items.length;
  }

  push(entry: TimerEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!before(entry, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = entry;
  }

  /** The earliest live entry, without removing it. */
  peek(): TimerEntry | undefined {
    this.dropCancelledTop();
    return this.items[0];
  }

  /** Removes and returns the earliest live entry. */
  pop(): TimerEntry | undefined {
    this.dropCancelledTop();
    return this.removeTop();
  }

  /** Records that an entry inside the heap was cancelled, compacting when most are dead. */
  noteCancelled(): void {
    this.cancelledCount++;
    // Code that sets and cancels a timeout per run would otherwise grow the heap without bound.
    if (this.items.length > 64 && this.cancelledCount * 2 > this.items.length) this.compact();
  }

  private dropCancelledTop(): void {
    while (this.items.length > 0 && this.items[0]!.cancelled) {
      this.removeTop();
      this.cancelledCount--;
    }
  }

  private removeTop(): TimerEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(items[r]!, items[l]!) ? r : l;
      const c = items[child]!;
      if (!before(c, last)) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }

  private compact(): void {
    const live = this.items.filter((e) => !e.cancelled);
    this.items = [];
    this.cancelledCount = 0;
    for (const e of live) this.push(e);
  }
}
