/** A node of a {@link Heap}; keep it to remove its item later. */
export interface HeapNode<T> {
  readonly item: T;
  /** Position in the binary heap; `IN_RUN` while in the sorted run; -1 once removed. */
  index: number;
}

const IN_RUN = -2;
const REMOVED = -1;

/**
 * A min-heap whose nodes know where they are, so any node can be removed. Items that
 * arrive in order (most jobs: enqueued now and due in the order they came) go to a sorted
 * run, where push and pop cost O(1); the others go to a binary heap, O(log n). The
 * scheduler keeps waiting jobs in these instead of scanning them.
 */
export class Heap<T> {
  private readonly nodes: HeapNode<T>[] = [];
  /** Nodes pushed in order; removed ones stay as holes until they reach the head. */
  private run: HeapNode<T>[] = [];
  private runHead = 0;
  private runLive = 0;
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.nodes.length + this.runLive;
  }

  peek(): T | undefined {
    const runTop = this.runTop();
    const heapTop = this.nodes[0];
    if (!runTop) return heapTop?.item;
    if (!heapTop) return runTop.item;
    return this.less(heapTop.item, runTop.item) ? heapTop.item : runTop.item;
  }

  push(item: T): HeapNode<T> {
    const tail = this.run[this.run.length - 1];
    if (this.runLive === 0 || (tail !== undefined && !this.less(item, tail.item))) {
      if (this.runLive === 0 && this.run.length > 0) this.resetRun();
      const node: HeapNode<T> = { item, index: IN_RUN };
      this.run.push(node);
      this.runLive++;
      return node;
    }
    const node: HeapNode<T> = { item, index: this.nodes.length };
    this.nodes.push(node);
    this.up(node.index);
    return node;
  }

  pop(): T | undefined {
    const runTop = this.runTop();
    const heapTop = this.nodes[0];
    if (runTop && (!heapTop || !this.less(heapTop.item, runTop.item))) {
      this.remove(runTop);
      return runTop.item;
    }
    if (!heapTop) return undefined;
    this.remove(heapTop);
    return heapTop.item;
  }

  remove(node: HeapNode<T>): void {
    if (node.index === IN_RUN) {
      node.index = REMOVED;
      this.runLive--;
      return;
    }
    const i = node.index;
    if (i < 0 || this.nodes[i] !== node) return;
    const last = this.nodes.pop()!;
    node.index = REMOVED;
    if (last === node) return;
    this.nodes[i] = last;
    last.index = i;
    this.down(i);
    this.up(last.index);
  }

  /** Visits, in no particular order, every item for which `within` holds, pruning below the first that fails. */
  visitWhile(within: (item: T) => boolean, visit: (item: T) => void): void {
    // The run is sorted: it stops at the first item out of bounds.
    for (let i = this.runHead; i < this.run.length; i++) {
      const node = this.run[i]!;
      if (node.index === REMOVED) continue;
      if (!within(node.item)) break;
      visit(node.item);
    }
    const stack = [0];
    while (stack.length > 0) {
      const i = stack.pop()!;
      const node = this.nodes[i];
      if (!node || !within(node.item)) continue;
      visit(node.item);
      stack.push(2 * i + 1, 2 * i + 2);
    }
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.runHead; i < this.run.length; i++) {
      const node = this.run[i]!;
      if (node.index !== REMOVED) yield node.item;
    }
    for (const node of this.nodes) yield node.item;
  }

  /** The first live node of the run, dropping the holes before it. */
  private runTop(): HeapNode<T> | undefined {
    if (this.runLive === 0) return undefined;
    let head = this.runHead;
    while (this.run[head]!.index === REMOVED) head++;
    if (head > 1024 && head * 2 > this.run.length) {
      this.run = this.run.slice(head);
      head = 0;
    }
    this.runHead = head;
    return this.run[head];
  }

  private resetRun(): void {
    this.run = [];
    this.runHead = 0;
  }

  private up(i: number): void {
    const nodes = this.nodes;
    const node = nodes[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = nodes[p]!;
      if (!this.less(node.item, parent.item)) break;
      nodes[i] = parent;
      parent.index = i;
      i = p;
    }
    nodes[i] = node;
    node.index = i;
  }

  private down(i: number): void {
    const nodes = this.nodes;
    const n = nodes.length;
    const node = nodes[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(nodes[r]!.item, nodes[l]!.item)) c = r;
      const child = nodes[c]!;
      if (!this.less(child.item, node.item)) break;
      nodes[i] = child;
      child.index = i;
      i = c;
    }
    nodes[i] = node;
    node.index = i;
  }
}
