/** A fixed-size window of prices (one per instrument): O(1) push, first and last. */

export class PriceWindow {
  private readonly values: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(capacity);
  }

  push(price: number): void {
    this.values[(this.head + this.count) % this.capacity] = price;
    if (this.count < this.capacity) this.count++;
    else this.head = (this.head + 1) % this.capacity;
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  first(): number {
    return this.values[this.head]!;
  }

  last(): number {
    return this.values[(this.head + this.count - 1) % this.capacity]!;
  }

  /** (last − first) / first once full, else null. */
  momentum(): number | null {
    return this.full && this.first() > 0 ? (this.last() - this.first()) / this.first() : null;
  }

  toArray(): number[] {
    return Array.from({ length: this.count }, (_, i) => this.values[(this.head + i) % this.capacity]!);
  }
}
