/**
 * Prefix sums that can change one value at a time (a Fenwick tree): a value update, a prefix sum
 * and "which index holds position x" all take O(log n). VirtualList keeps item heights in one.
 */
export class PrefixSums {
  private readonly tree: Float64Array;

  constructor(values: ArrayLike<number>) {
    const n = values.length;
    this.tree = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) this.tree[i + 1] = values[i]!;
    // Linear-time build: push each node's sum to its parent.
    for (let i = 1; i <= n; i++) {
      const parent = i + (i & -i);
      if (parent <= n) this.tree[parent]! += this.tree[i]!;
    }
  }

  get length(): number {
    return this.tree.length - 1;
  }

  /** Adds `delta` to value `index`. */
  add(index: number, delta: number): void {
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]! += delta;
  }

  /** The sum of the values before `index` (the start offset of item `index`). */
  prefix(index: number): number {
    let sum = 0;
    for (let i = Math.min(index, this.length); i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }

  /** The index whose span [prefix(i), prefix(i + 1)) holds `position` (clamped to the items). */
  indexAt(position: number): number {
    let index = 0;
    let rest = position;
    let step = 1;
    while (step * 2 <= this.length) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = index + step;
      if (next <= this.length && this.tree[next]! <= rest) {
        index = next;
        rest -= this.tree[next]!;
      }
    }
    return Math.min(index, Math.max(0, this.length - 1));
  }
}
