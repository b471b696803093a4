/**
 * A compact L2 book for the simulated venue: per side, prices and sizes in sorted typed arrays
 * (bids descending, asks ascending, best first), absolute-size updates (size 0 removes), binary
 * search for a price. Most updates touch the top few levels, so inserts move little memory.
 */

/** Prices closer than this (relative) are the same level: order prices may carry float noise. */
const PRICE_EPS = 1e-9;

function samePrice(a: number, b: number): boolean {
  return Math.abs(a - b) <= PRICE_EPS * Math.max(1, Math.abs(a));
}

export class BookSide {
  private prices: Float64Array;
  private sizes: Float64Array;
  private n = 0;

  constructor(readonly descending: boolean, capacity = 64) {
    this.prices = new Float64Array(capacity);
    this.sizes = new Float64Array(capacity);
  }

  get depth(): number {
    return this.n;
  }

  priceAt(i: number): number {
    return this.prices[i]!;
  }

  sizeAt(i: number): number {
    return this.sizes[i]!;
  }

  clear(): void {
    this.n = 0;
  }

  /** First index whose price is not better than `price` (where `price` would be inserted). */
  private lowerBound(price: number): number {
    let lo = 0;
    let hi = this.n;
    const desc = this.descending;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = this.prices[mid]!;
      if (desc ? p > price : p < price) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the level at `price`, or −1. */
  indexOf(price: number): number {
    const i = this.lowerBound(price);
    if (i < this.n && samePrice(this.prices[i]!, price)) return i;
    if (i > 0 && samePrice(this.prices[i - 1]!, price)) return i - 1;
    return -1;
  }

  /** Shown size at `price` (0 when there is no level). */
  size(price: number): number {
    const i = this.indexOf(price);
    return i < 0 ? 0 : this.sizes[i]!;
  }

  /** Sets the absolute size at `price`; 0 removes the level. */
  set(price: number, size: number): void {
    const at = this.indexOf(price);
    if (at >= 0) {
      if (size > 0) this.sizes[at] = size;
      else this.removeAt(at);
      return;
    }
    if (!(size > 0)) return;
    if (this.n === this.prices.length) this.grow();
    const i = this.lowerBound(price);
    this.prices.copyWithin(i + 1, i, this.n);
    this.sizes.copyWithin(i + 1, i, this.n);
    this.prices[i] = price;
    this.sizes[i] = size;
    this.n++;
  }

  /** Takes up to `quantity` from level `i` (our own fill); removes it when empty. Returns what was taken. */
  take(i: number, quantity: number): number {
    const available = this.sizes[i]!;
    const taken = Math.min(available, quantity);
    if (taken >= available) this.removeAt(i);
    else this.sizes[i] = available - taken;
    return taken;
  }

  /** Replaces the side with flat `[price, size, …]` levels. */
  reset(levels: readonly number[]): void {
    this.n = 0;
    for (let k = 0; k + 1 < levels.length; k += 2) this.set(levels[k]!, levels[k + 1]!);
  }

  private removeAt(i: number): void {
    this.prices.copyWithin(i, i + 1, this.n);
    this.sizes.copyWithin(i, i + 1, this.n);
    this.n--;
  }

  private grow(): void {
    const prices = new Float64Array(this.prices.length * 2);
    const sizes = new Float64Array(this.sizes.length * 2);
    prices.set(this.prices);
    sizes.set(this.sizes);
    this.prices = prices;
    this.sizes = sizes;
  }
}

/** True when a taker on `side` may trade at `levelPrice` under `limit` (buy: level ≤ limit; sell: level ≥ limit). */
export function withinLimit(side: 'buy' | 'sell', levelPrice: number, limit: number): boolean {
  const eps = PRICE_EPS * Math.max(1, Math.abs(limit));
  return side === 'buy' ? levelPrice <= limit + eps : levelPrice >= limit - eps;
}

export { samePrice };

export class SimBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  /** True once a book snapshot or delta arrived: tickers then no longer set the top. */
  hasDepth = false;

  bestBid(): number | null {
    return this.bids.depth > 0 ? this.bids.priceAt(0) : null;
  }

  bestAsk(): number | null {
    return this.asks.depth > 0 ? this.asks.priceAt(0) : null;
  }
}
