/**
 * One outcome token's price levels, kept so the feed can check each `price_change` against the
 * best bid and ask the venue sends with it. Absolute sizes; size 0 removes a level. The best
 * price of each side is maintained incrementally (a rescan only when the best level goes).
 */
export class LocalBook {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private bestBidPrice: number | null = null;
  private bestAskPrice: number | null = null;

  /** Replaces everything with flat [price, size, …] levels. */
  reset(bids: readonly number[], asks: readonly number[]): void {
    this.bids.clear();
    this.asks.clear();
    for (let i = 0; i + 1 < bids.length; i += 2) if (bids[i + 1]! > 0) this.bids.set(bids[i]!, bids[i + 1]!);
    for (let i = 0; i + 1 < asks.length; i += 2) if (asks[i + 1]! > 0) this.asks.set(asks[i]!, asks[i + 1]!);
    this.bestBidPrice = extreme(this.bids, true);
    this.bestAskPrice = extreme(this.asks, false);
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
}

function extreme(levels: Map<number, number>, max: boolean): number | null {
  let best: number | null = null;
  for (const p of levels.keys()) if (best === null || (max ? p > best : p < best)) best = p;
  return best;
}
