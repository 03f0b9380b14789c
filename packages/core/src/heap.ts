/** A node of a {@link Heap}; keep it to remove or re-sort its item in O(log n). */
export interface HeapNode<T> {
  readonly item: T;
  /** Position in the heap's array, -1 once removed. */
  index: number;
}

/**
 * A binary min-heap whose nodes know their position, so any node can be removed in
 * O(log n). The scheduler keeps waiting jobs in these instead of scanning them.
 */
export class Heap<T> {
  private readonly nodes: HeapNode<T>[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.nodes.length;
  }

  peek(): T | undefined {
    return this.nodes[0]?.item;
  }

  push(item: T): HeapNode<T> {
    const node: HeapNode<T> = { item, index: this.nodes.length };
    this.nodes.push(node);
    this.up(node.index);
    return node;
  }

  pop(): T | undefined {
    const top = this.nodes[0];
    if (!top) return undefined;
    this.remove(top);
    return top.item;
  }

  remove(node: HeapNode<T>): void {
    const i = node.index;
    if (i < 0 || this.nodes[i] !== node) return;
    const last = this.nodes.pop()!;
    node.index = -1;
    if (last === node) return;
    this.nodes[i] = last;
    last.index = i;
    this.down(i);
    this.up(last.index);
  }

  /** Visits, in no particular order, every item for which `within` holds, pruning below the first that fails. */
  visitWhile(within: (item: T) => boolean, visit: (item: T) => void): void {
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
    for (const node of this.nodes) yield node.item;
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
