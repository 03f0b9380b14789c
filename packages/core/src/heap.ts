/**
 * What a {@link Heap} holds. The heap keeps the item's place in `heapIndex`, so any item
 * can be removed without a node object per item. An item is in one heap at a time.
 */
export interface HeapItem {
  /** -1 while in no heap; set by the heap, read by nobody else. */
  heapIndex: number;
}

/** `heapIndex` of an item in no heap. Items in the sorted run are at `RUN - position`. */
const OUT = -1;
const RUN = -2;

/**
 * A min-heap that can remove any of its items. Items that arrive in order (most jobs:
 * enqueued now and due in the order they came) go to a sorted run, where push and pop cost
 * O(1); the others go to a binary heap, O(log n). The scheduler keeps waiting jobs in these
 * instead of scanning them.
 */
export class Heap<T extends HeapItem> {
  private readonly nodes: T[] = [];
  /** Items pushed in order; a removed one leaves a hole until the hole reaches the head. */
  private run: Array<T | undefined> = [];
  private runHead = 0;
  /** The position of `run[0]` among every item the run took: positions survive trimming. */
  private runBase = 0;
  private runLive = 0;
  /**
   * The last item pushed to the run, even if removed since. An item's key only grows after
   * it left (a retry is due later), so comparing with it errs towards the binary heap.
   */
  private runLast: T | undefined;
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.nodes.length + this.runLive;
  }

  peek(): T | undefined {
    const runTop = this.runTop();
    const heapTop = this.nodes[0];
    if (!runTop) return heapTop;
    if (!heapTop) return runTop;
    return this.less(heapTop, runTop) ? heapTop : runTop;
  }

  push(item: T): void {
    if (this.runLive === 0 || !this.less(item, this.runLast!)) {
      if (this.runLive === 0 && this.run.length > 0) this.resetRun();
      item.heapIndex = RUN - (this.runBase + this.run.length);
      this.run.push(item);
      this.runLive++;
      this.runLast = item;
      return;
    }
    item.heapIndex = this.nodes.length;
    this.nodes.push(item);
    this.up(item.heapIndex);
  }

  pop(): T | undefined {
    const top = this.peek();
    if (top) this.remove(top);
    return top;
  }

  /** Removes `item` if it is in this heap. */
  remove(item: T): void {
    const i = item.heapIndex;
    if (i <= RUN) {
      const at = RUN - i - this.runBase;
      if (this.run[at] !== item) return;
      this.run[at] = undefined;
      item.heapIndex = OUT;
      // An empty run holds on to nothing: a drained queue keeps no job alive through it.
      if (--this.runLive === 0) this.runLast = undefined;
      return;
    }
    if (i < 0 || this.nodes[i] !== item) return;
    const last = this.nodes.pop()!;
    item.heapIndex = OUT;
    if (last === item) return;
    this.nodes[i] = last;
    last.heapIndex = i;
    this.down(i);
    this.up(last.heapIndex);
  }

  /** Visits, in no particular order, every item for which `within` holds, pruning below the first that fails. */
  visitWhile(within: (item: T) => boolean, visit: (item: T) => void): void {
    // The run is sorted: it stops at the first item out of bounds.
    for (let i = this.runHead; i < this.run.length; i++) {
      const item = this.run[i];
      if (item === undefined) continue;
      if (!within(item)) break;
      visit(item);
    }
    const stack = [0];
    while (stack.length > 0) {
      const i = stack.pop()!;
      const item = this.nodes[i];
      if (!item || !within(item)) continue;
      visit(item);
      stack.push(2 * i + 1, 2 * i + 2);
    }
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.runHead; i < this.run.length; i++) {
      const item = this.run[i];
      if (item !== undefined) yield item;
    }
    yield* this.nodes;
  }

  /** The first live item of the run, dropping the holes before it. */
  private runTop(): T | undefined {
    if (this.runLive === 0) return undefined;
    let head = this.runHead;
    while (this.run[head] === undefined) head++;
    if (head > 1024 && head * 2 > this.run.length) {
      this.run = this.run.slice(head);
      this.runBase += head;
      head = 0;
    }
    this.runHead = head;
    return this.run[head];
  }

  private resetRun(): void {
    this.run = [];
    this.runHead = 0;
    this.runBase = 0;
  }

  private up(i: number): void {
    const nodes = this.nodes;
    const item = nodes[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = nodes[p]!;
      if (!this.less(item, parent)) break;
      nodes[i] = parent;
      parent.heapIndex = i;
      i = p;
    }
    nodes[i] = item;
    item.heapIndex = i;
  }

  private down(i: number): void {
    const nodes = this.nodes;
    const n = nodes.length;
    const item = nodes[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(nodes[r]!, nodes[l]!)) c = r;
      const child = nodes[c]!;
      if (!this.less(child, item)) break;
      nodes[i] = child;
      child.heapIndex = i;
      i = c;
    }
    nodes[i] = item;
    item.heapIndex = i;
  }
}
