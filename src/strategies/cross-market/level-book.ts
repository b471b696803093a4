/**
 * A price-level book with sizes, from snapshots and absolute-size deltas (size 0 removes a level),
 * falling back to the ticker's top of book when no book has arrived. Levels are sorted only when
 * asked for (at recalculation), never per event.
 */
import type { BookLevel, BookQuote } from '../../optimizer/index.js';

export class LevelBook {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private hasBook = false;
  private topBid: BookLevel | null = null;
  private topAsk: BookLevel | null = null;

  /** Flat [price, size, …] arrays, as in BookSnapshotEvent. */
  reset(bids: readonly number[], asks: readonly number[]): void {
    this.bids.clear();
    this.asks.clear();
    this.hasBook = true;
    this.apply(bids, asks);
  }

  apply(bids: readonly number[], asks: readonly number[]): void {
    for (let i = 0; i + 1 < bids.length; i += 2) setLevel(this.bids, bids[i]!, bids[i + 1]!);
    for (let i = 0; i + 1 < asks.length; i += 2) setLevel(this.asks, asks[i]!, asks[i + 1]!);
  }

  /** Top of book from a ticker; used only while no book has arrived. A side without size counts as size 0. */
  setTop(bid: number | null, bidSize: number | null, ask: number | null, askSize: number | null): void {
    this.topBid = bid !== null && bid > 0 ? { price: bid, size: bidSize ?? 0 } : null;
    this.topAsk = ask !== null && ask > 0 ? { price: ask, size: askSize ?? 0 } : null;
  }

  get fromBook(): boolean {
    return this.hasBook;
  }

  bestBid(): number | null {
    if (!this.hasBook) return this.topBid?.price ?? null;
    let best: number | null = null;
    for (const p of this.bids.keys()) if (best === null || p > best) best = p;
    return best;
  }

  bestAsk(): number | null {
    if (!this.hasBook) return this.topAsk?.price ?? null;
    let best: number | null = null;
    for (const p of this.asks.keys()) if (best === null || p < best) best = p;
    return best;
  }

  /** Both sides best first, prices scaled by `scale` (e.g. BTC → USD). */
  quote(scale = 1): BookQuote {
    if (!this.hasBook) {
      const bids = this.topBid ? [{ price: this.topBid.price * scale, size: this.topBid.size }] : [];
      const asks = this.topAsk ? [{ price: this.topAsk.price * scale, size: this.topAsk.size }] : [];
      return { bids, asks };
    }
    const side = (m: Map<number, number>, descending: boolean): BookLevel[] =>
      [...m].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0])).map(([price, size]) => ({ price: price * scale, size }));
    return { bids: side(this.bids, true), asks: side(this.asks, false) };
  }
}

function setLevel(side: Map<number, number>, price: number, size: number): void {
  if (size > 0) side.set(price, size);
  else side.delete(price);
}

/**
 * The price of the level at which `quantity` units are filled walking `levels` from the best,
 * or null when the book does not hold that much.
 */
export function limitPriceFor(levels: readonly BookLevel[], quantity: number): number | null {
  let cumulative = 0;
  for (const level of levels) {
    if (!(level.size > 0)) continue;
    cumulative += level.size;
    if (cumulative >= quantity - 1e-9) return level.price;
  }
  return null;
}
