/**
 * L2 order book for the hot path: each side is a sorted ladder in two Float64Arrays (keys and
 * sizes) kept worst-first so the best level sits at the end, where most updates land. A level
 * update is a binary search (O(log n)) plus, for an insert or delete, a `copyWithin` of the
 * levels between it and the best, which near the top is a handful of slots. No allocation per
 * update; arrays grow by doubling only when a side outgrows its capacity.
 *
 * Bids store key = price, asks key = −price, so both sides are ascending by key and share one
 * code path. Queries read from the end (best) backwards.
 */
import { ArbiterError } from '../domain/errors.js';

/** Book side: 0 = bids, 1 = asks. */
export type BookSideId = 0 | 1;
export const BID: BookSideId = 0;
export const ASK: BookSideId = 1;

export interface OrderBookOptions {
  /** Initial levels per side (default 256); grows by doubling unless `maxLevels` is set. */
  readonly capacity?: number;
  /**
   * Keep at most this many levels per side, dropping the worst on overflow (venues such as
   * Kraken send no deletes for levels pushed out of the subscribed depth).
   */
  readonly maxLevels?: number;
}

/** Result of a simulated market order, reused between calls to stay allocation-free. */
export interface SweepResult {
  /** Base quantity filled. */
  base: number;
  /** Quote amount paid (buy) or received (sell), before fees. */
  quote: number;
  /** quote / base, NaN when nothing filled. */
  avgPrice: number;
  /** Price of the last level touched, NaN when nothing filled. */
  worstPrice: number;
  /** Levels touched (the last one possibly partly). */
  levels: number;
  /** True when the whole requested amount filled. */
  complete: boolean;
}

export function emptySweep(): SweepResult {
  return { base: 0, quote: 0, avgPrice: Number.NaN, worstPrice: Number.NaN, levels: 0, complete: false };
}

function invalid(message: string, context: Record<string, number>): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', message, context);
}

function badLevel(side: number, price: number, size: number): ArbiterError {
  return invalid(`book level needs price > 0 and size ≥ 0, finite; got price ${price}, size ${size}`, { side, price, size });
}

export class OrderBook {
  /** Venue sequence of the last snapshot or delta applied, null when the venue has none. */
  sequence: number | null = null;
  /** Receive time (epoch ms) of the last change, 0 before any. */
  tsLocal = 0;
  private readonly keys: [Float64Array, Float64Array];
  private readonly sizes: [Float64Array, Float64Array];
  private readonly counts = new Int32Array(2);
  private readonly maxLevels: number;

  constructor(options: OrderBookOptions = {}) {
    const maxLevels = options.maxLevels ?? Number.POSITIVE_INFINITY;
    if (!(maxLevels >= 1)) throw invalid(`maxLevels must be ≥ 1, got ${maxLevels}`, { maxLevels });
    const capacity = Math.max(1, Math.min(options.capacity ?? 256, maxLevels));
    if (!Number.isInteger(capacity)) throw invalid(`capacity must be an integer, got ${capacity}`, { capacity });
    this.maxLevels = maxLevels;
    this.keys = [new Float64Array(capacity), new Float64Array(capacity)];
    this.sizes = [new Float64Array(capacity), new Float64Array(capacity)];
  }

  /** Number of levels on a side. */
  levelCount(side: BookSideId): number {
    return this.counts[side]!;
  }

  /**
   * Sets the absolute size at `price` on `side`; size 0 removes the level (removing an unknown
   * level is a no-op, as venues send such deletes routinely).
   * @throws ArbiterError `ARB_INPUT_INVALID` on a non-positive or non-finite price or a negative or NaN size.
   */
  setLevel(side: BookSideId, price: number, size: number): void {
    // One comparison chain rejects NaN, ±Infinity, non-positive prices and negative sizes.
    if (!(price > 0 && price < Number.POSITIVE_INFINITY && size >= 0 && size < Number.POSITIVE_INFINITY)) throw badLevel(side, price, size);
    const keys = this.keys[side];
    const n = this.counts[side]!;
    const key = side === BID ? price : -price;
    // Binary search for the first index whose key is ≥ key.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo < n && keys[lo] === key) {
      const sizes = this.sizes[side];
      if (size === 0) {
        keys.copyWithin(lo, lo + 1, n);
        sizes.copyWithin(lo, lo + 1, n);
        this.counts[side] = n - 1;
      } else {
        sizes[lo] = size;
      }
    } else if (size !== 0) {
      if (n === keys.length) this.insertFull(side, lo, key, size);
      else {
        const sizes = this.sizes[side];
        keys.copyWithin(lo + 1, lo, n);
        sizes.copyWithin(lo + 1, lo, n);
        keys[lo] = key;
        sizes[lo] = size;
        this.counts[side] = n + 1;
      }
    }
  }

  /** Insert into a full side: displace the worst level at the depth limit, else grow and insert. */
  private insertFull(side: BookSideId, lo: number, key: number, size: number): void {
    const n = this.counts[side]!;
    if (n >= this.maxLevels) {
      // The new level displaces the worst, unless it is worse still.
      if (lo === 0) return;
      const keys = this.keys[side];
      const sizes = this.sizes[side];
      keys.copyWithin(0, 1, lo);
      sizes.copyWithin(0, 1, lo);
      keys[lo - 1] = key;
      sizes[lo - 1] = size;
      return;
    }
    this.grow(side);
    const keys = this.keys[side];
    const sizes = this.sizes[side];
    keys.copyWithin(lo + 1, lo, n);
    sizes.copyWithin(lo + 1, lo, n);
    keys[lo] = key;
    sizes[lo] = size;
    this.counts[side] = n + 1;
  }

  private grow(side: BookSideId): void {
    const old = this.keys[side].length;
    const capacity = Math.min(old * 2, this.maxLevels);
    const keys = new Float64Array(capacity);
    const sizes = new Float64Array(capacity);
    keys.set(this.keys[side]);
    sizes.set(this.sizes[side]);
    this.keys[side] = keys;
    this.sizes[side] = sizes;
  }

  /** Empties both sides and forgets the sequence. */
  clear(): void {
    this.counts[0] = 0;
    this.counts[1] = 0;
    this.sequence = null;
  }

  /**
   * Replaces the book with flat `[price, size, …]` sides (any order; zero sizes skipped).
   * @throws ArbiterError `ARB_INPUT_INVALID` on an odd-length side or a bad level.
   */
  applySnapshot(bids: ArrayLike<number>, asks: ArrayLike<number>, sequence: number | null = null): void {
    this.counts[0] = 0;
    this.counts[1] = 0;
    this.applyDelta(bids, asks, sequence);
  }

  /**
   * Applies flat `[price, size, …]` absolute-size changes; size 0 removes.
   * @throws ArbiterError `ARB_INPUT_INVALID` on an odd-length side or a bad level.
   */
  applyDelta(bids: ArrayLike<number>, asks: ArrayLike<number>, sequence: number | null = null): void {
    if (bids.length % 2 !== 0 || asks.length % 2 !== 0) throw invalid('book sides must be flat [price, size, …] arrays of even length', { bids: bids.length, asks: asks.length });
    for (let i = 0; i < bids.length; i += 2) this.setLevel(BID, bids[i]!, bids[i + 1]!);
    for (let i = 0; i < asks.length; i += 2) this.setLevel(ASK, asks[i]!, asks[i + 1]!);
    this.sequence = sequence;
  }

  /** Price of the i-th level from the best (0 = best), NaN past the end. */
  levelPrice(side: BookSideId, i: number): number {
    const n = this.counts[side]!;
    if (i < 0 || i >= n) return Number.NaN;
    const key = this.keys[side][n - 1 - i]!;
    return side === BID ? key : -key;
  }

  /** Size of the i-th level from the best, NaN past the end. */
  levelSize(side: BookSideId, i: number): number {
    const n = this.counts[side]!;
    if (i < 0 || i >= n) return Number.NaN;
    return this.sizes[side][n - 1 - i]!;
  }

  /** Size at exactly `price`, 0 when there is no such level. */
  sizeAt(side: BookSideId, price: number): number {
    const keys = this.keys[side];
    const key = side === BID ? price : -price;
    let lo = 0;
    let hi = this.counts[side]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.counts[side]! && keys[lo] === key ? this.sizes[side][lo]! : 0;
  }

  bestBid(): number {
    return this.levelPrice(BID, 0);
  }

  bestAsk(): number {
    return this.levelPrice(ASK, 0);
  }

  /** (best bid + best ask) / 2, NaN when a side is empty. */
  mid(): number {
    return (this.bestBid() + this.bestAsk()) / 2;
  }

  /** best ask − best bid, NaN when a side is empty. */
  spread(): number {
    return this.bestAsk() - this.bestBid();
  }

  /** Size-weighted mid of the touch: (bid·askSize + ask·bidSize) / (bidSize + askSize). */
  microprice(): number {
    const b = this.bestBid();
    const a = this.bestAsk();
    const qb = this.levelSize(BID, 0);
    const qa = this.levelSize(ASK, 0);
    return (b * qa + a * qb) / (qa + qb);
  }

  /**
   * Writes up to `n` best levels of a side into `out` as `[price, size, …]`, best first; returns
   * how many levels were written (bounded by `out.length / 2`).
   */
  topN(side: BookSideId, n: number, out: Float64Array): number {
    const count = Math.min(n, this.counts[side]!, out.length >> 1);
    const keys = this.keys[side];
    const sizes = this.sizes[side];
    const last = this.counts[side]! - 1;
    const sign = side === BID ? 1 : -1;
    for (let i = 0; i < count; i++) {
      out[2 * i] = sign * keys[last - i]!;
      out[2 * i + 1] = sizes[last - i]!;
    }
    return count;
  }

  /** Total size of the best `levels` levels (all when omitted). */
  depth(side: BookSideId, levels = Number.POSITIVE_INFINITY): number {
    const n = this.counts[side]!;
    const stop = Math.max(0, n - levels);
    const sizes = this.sizes[side];
    let total = 0;
    for (let i = n - 1; i >= stop; i--) total += sizes[i]!;
    return total;
  }

  /** Size-weighted average price of the best `levels` levels; NaN on an empty side. */
  depthWeightedPrice(side: BookSideId, levels = Number.POSITIVE_INFINITY): number {
    const n = this.counts[side]!;
    const stop = Math.max(0, n - levels);
    const keys = this.keys[side];
    const sizes = this.sizes[side];
    let notional = 0;
    let total = 0;
    for (let i = n - 1; i >= stop; i--) {
      notional += keys[i]! * sizes[i]!;
      total += sizes[i]!;
    }
    return ((side === BID ? 1 : -1) * notional) / total;
  }

  /**
   * Order-book imbalance over the best `levels` levels: (Σbid − Σask) / (Σbid + Σask), in
   * [−1, 1]; 0 when both sides are empty.
   */
  imbalance(levels = Number.POSITIVE_INFINITY): number {
    const b = this.depth(BID, levels);
    const a = this.depth(ASK, levels);
    return b + a > 0 ? (b - a) / (b + a) : 0;
  }

  /**
   * Simulates a market order that takes liquidity from `side` (ASK for a buy, BID for a sell),
   * for `amount` of base (`inQuote` false) or of quote (`inQuote` true: spend that much quote on
   * a buy, or sell until that much quote is received). Fees are not applied. Writes to `out`.
   */
  sweep(side: BookSideId, amount: number, inQuote: boolean, out: SweepResult): SweepResult {
    const n = this.counts[side]!;
    const keys = this.keys[side];
    const sizes = this.sizes[side];
    const sign = side === BID ? 1 : -1;
    let remaining = amount;
    let base = 0;
    let quote = 0;
    let levels = 0;
    let worst = Number.NaN;
    for (let i = n - 1; i >= 0 && remaining > 0; i--) {
      const price = sign * keys[i]!;
      const size = sizes[i]!;
      const available = inQuote ? size * price : size;
      levels++;
      worst = price;
      if (available >= remaining) {
        const take = inQuote ? remaining / price : remaining;
        base += take;
        quote += inQuote ? remaining : take * price;
        remaining = 0;
        break;
      }
      base += size;
      quote += size * price;
      remaining -= available;
    }
    out.base = base;
    out.quote = quote;
    out.avgPrice = base > 0 ? quote / base : Number.NaN;
    out.worstPrice = worst;
    out.levels = levels;
    out.complete = remaining <= 0;
    return out;
  }

  /** Convenience wrapper around `sweep` for a base-quantity market order; allocates a result. */
  marketOrder(action: 'buy' | 'sell', quantity: number): SweepResult {
    return this.sweep(action === 'buy' ? ASK : BID, quantity, false, emptySweep());
  }

  /** Best bid and ask (null for an empty side): parity with the old lab's `top()`. */
  top(): { bid: number | null; ask: number | null } {
    const bid = this.bestBid();
    const ask = this.bestAsk();
    return { bid: Number.isNaN(bid) ? null : bid, ask: Number.isNaN(ask) ? null : ask };
  }

  /** Copies a side out as a flat `[price, size, …]` array, best first (for reports and tests). */
  toArray(side: BookSideId, levels = Number.POSITIVE_INFINITY): number[] {
    const count = Math.min(levels, this.counts[side]!);
    const out = new Float64Array(2 * count);
    this.topN(side, count, out);
    return Array.from(out);
  }
}
