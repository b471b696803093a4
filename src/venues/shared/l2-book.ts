/**
 * A price-level (L2) book with absolute sizes, as the CEX venue clients (Binance, Coinbase) keep
 * it: one Map per side, best prices maintained incrementally (a rescan only when the best level
 * goes), sorted levels on request. Size 0 removes a level; removing an unknown level is a no-op,
 * as the venues document it can happen.
 */
export class L2Book {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private bestBidPrice: number | null = null;
  private bestAskPrice: number | null = null;

  /** Replaces everything with flat [price, size, …] levels (size 0 entries are skipped). */
  reset(bids: readonly number[], asks: readonly number[]): void {
    this.clear();
    this.apply(bids, asks);
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
    this.bestBidPrice = null;
    this.bestAskPrice = null;
  }

  /** Applies flat [price, size, …] changes in order, absolute sizes. */
  apply(bids: readonly number[], asks: readonly number[]): void {
    for (let i = 0; i + 1 < bids.length; i += 2) this.setBid(bids[i]!, bids[i + 1]!);
    for (let i = 0; i + 1 < asks.length; i += 2) this.setAsk(asks[i]!, asks[i + 1]!);
  }

  setBid(price: number, size: number): void {
    if (size > 0) {
      this.bids.set(price, size);
      if (this.bestBidPrice === null || price > this.bestBidPrice) this.bestBidPrice = price;
    } else if (this.bids.delete(price) && price === this.bestBidPrice) {
      this.bestBidPrice = extreme(this.bids, true);
    }
  }

  setAsk(price: number, size: number): void {
    if (size > 0) {
      this.asks.set(price, size);
      if (this.bestAskPrice === null || price < this.bestAskPrice) this.bestAskPrice = price;
    } else if (this.asks.delete(price) && price === this.bestAskPrice) {
      this.bestAskPrice = extreme(this.asks, false);
    }
  }

  get bestBid(): number | null {
    return this.bestBidPrice;
  }

  get bestAsk(): number | null {
    return this.bestAskPrice;
  }

  get depth(): { bids: number; asks: number } {
    return { bids: this.bids.size, asks: this.asks.size };
  }

  sizeAt(side: 'bid' | 'ask', price: number): number {
    return (side === 'bid' ? this.bids : this.asks).get(price) ?? 0;
  }

  /** Flat levels best first (bids descending, asks ascending), at most `max` per side; a copy. */
  levels(max = Infinity): { bids: number[]; asks: number[] } {
    return { bids: flatten(this.bids, true, max), asks: flatten(this.asks, false, max) };
  }
}

function extreme(levels: Map<number, number>, max: boolean): number | null {
  let best: number | null = null;
  for (const p of levels.keys()) if (best === null || (max ? p > best : p < best)) best = p;
  return best;
}

function flatten(side: Map<number, number>, descending: boolean, max: number): number[] {
  const prices = [...side.keys()].sort((a, b) => (descending ? b - a : a - b));
  const n = Math.min(prices.length, max);
  const out = new Array<number>(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = prices[i]!;
    out[2 * i + 1] = side.get(prices[i]!)!;
  }
  return out;
}
