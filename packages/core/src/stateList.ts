/**
 * What a {@link StateList} links. The list keeps its links on the item itself, so a job
 * changing state costs a few pointer writes, not a hash-table update: this runs on every
 * transition of every job.
 */
export interface StateListItem {
  /** Set by the list, read by nobody else. */
  prevInState: this | undefined;
  /** Set by the list; read while walking it. */
  nextInState: this | undefined;
  readonly rec: { readonly seq: number };
}

/**
 * The jobs in one state, in the order they were made (`seq`), so `list({ state })` costs
 * O(jobs in that state) instead of a walk over every job. A job joins at the tail. Most
 * joins keep the order (a new job is the newest); one that does not (a retry goes back to
 * `enqueued`, a job starts `running` out of order) marks the list, and the next walk sorts
 * it once: the list is then one sorted run plus a few late items, which the engine's
 * merge sort takes in about one pass.
 */
export class StateList<T extends StateListItem> {
  size = 0;
  private head: T | undefined;
  private tail: T | undefined;
  private sorted = true;

  add(item: T): void {
    const tail = this.tail;
    item.prevInState = tail;
    item.nextInState = undefined;
    if (tail) {
      tail.nextInState = item;
      if (item.rec.seq < tail.rec.seq) this.sorted = false;
    } else {
      this.head = item;
    }
    this.tail = item;
    this.size++;
  }

  delete(item: T): void {
    const { prevInState: prev, nextInState: next } = item;
    if (prev) prev.nextInState = next;
    else this.head = next;
    if (next) next.prevInState = prev;
    else this.tail = prev;
    item.prevInState = undefined;
    item.nextInState = undefined;
    this.size--;
  }

  /** The first item by `seq`, sorting the list first if a join broke its order. */
  first(): T | undefined {
    if (!this.sorted) this.sort();
    return this.head;
  }

  private sort(): void {
    const items: T[] = new Array(this.size);
    let i = 0;
    for (let item = this.head; item; item = item.nextInState) items[i++] = item;
    items.sort((a, b) => a.rec.seq - b.rec.seq);
    let prev: T | undefined;
    for (const item of items) {
      item.prevInState = prev;
      if (prev) prev.nextInState = item;
      else this.head = item;
      prev = item;
    }
    if (prev) prev.nextInState = undefined;
    this.tail = prev;
    this.sorted = true;
  }
}
