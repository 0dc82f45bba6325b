// Binary heaps over small integers (machine or service indexes).

/** A min-heap of integers under `less`; each item at most once; positions are tracked so keys may change. */
export class IndexedHeap {
  private items: number[] = [];
  constructor(
    private readonly less: (a: number, b: number) => boolean,
    /** item → position in this heap, −1 when absent; sized for every item. */
    private readonly pos: Int32Array,
  ) {}

  get size(): number {
    return this.items.length;
  }

  top(): number {
    return this.items[0]!;
  }

  has(x: number): boolean {
    return this.pos[x]! >= 0;
  }

  push(x: number): void {
    this.items.push(x);
    this.pos[x] = this.items.length - 1;
    this.up(this.items.length - 1);
  }

  /** Builds the heap from items in O(n). */
  fill(xs: readonly number[]): void {
    this.items = [...xs];
    this.items.forEach((x, i) => (this.pos[x] = i));
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  pop(): number {
    const top = this.items[0]!;
    const last = this.items.pop()!;
    this.pos[top] = -1;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.pos[last] = 0;
      this.down(0);
    }
    return top;
  }

  /** Restores order after x's key changed. */
  update(x: number): void {
    const i = this.pos[x]!;
    if (i < 0) return;
    this.up(i);
    this.down(this.pos[x]!);
  }

  private up(i: number): void {
    const items = this.items;
    const x = items[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const y = items[p]!;
      if (!this.less(x, y)) break;
      items[i] = y;
      this.pos[y] = i;
      i = p;
    }
    items[i] = x;
    this.pos[x] = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const x = items[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(items[c + 1]!, items[c]!)) c++;
      const y = items[c]!;
      if (!this.less(y, x)) break;
      items[i] = y;
      this.pos[y] = i;
      i = c;
    }
    items[i] = x;
    this.pos[x] = i;
  }
}

/** A plain min-heap of numbers. */
export class NumberHeap {
  private items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(x: number): void {
    const a = this.items;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= x) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      const n = a.length;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && a[c + 1]! < a[c]!) c++;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
