/** A price-level book from absolute-size updates (size 0 removes a level). */

export class L2Book {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();

  reset(bids: readonly number[], asks: readonly number[]): void {
    this.bids.clear();
    this.asks.clear();
    this.apply(bids, asks);
  }

  /** Flat [price, size, …] pairs per side. */
  apply(bids: readonly number[], asks: readonly number[]): void {
    for (let i = 0; i + 1 < bids.length; i += 2) set(this.bids, bids[i]!, bids[i + 1]!);
    for (let i = 0; i + 1 < asks.length; i += 2) set(this.asks, asks[i]!, asks[i + 1]!);
  }

  bestBid(): number | null {
    let best: number | null = null;
    for (const p of this.bids.keys()) if (best === null || p > best) best = p;
    return best;
  }

  bestAsk(): number | null {
    let best: number | null = null;
    for (const p of this.asks.keys()) if (best === null || p < best) best = p;
    return best;
  }

  get depth(): number {
    return this.bids.size + this.asks.size;
  }
}

function set(side: Map<number, number>, price: number, size: number): void {
  if (size === 0) side.delete(price);
  else side.set(price, size);
}
