/**
 * Streaming triangular-arbitrage scanner for one venue: every triangle of assets the venue's
 * pairs close, in both directions, precomputed into typed arrays. Each book change re-prices only
 * the cycles through that pair (top of book, fees per leg) and reports those above the threshold;
 * `size` then finds the start amount that maximises the executable profit by walking the three
 * books (VWAP per leg, fee on the asset received).
 *
 * Cycles start from the first of `startAssets` the triangle contains (stablecoins, then BTC,
 * ETH), else from its first asset: the rate of a cycle does not depend on where it starts, its
 * profit is counted in the start asset.
 */
import { ArbiterError } from '../../domain/errors.js';
import type { BookDeltaEvent, BookSnapshotEvent } from '../../domain/market-event.js';
import { SyncedBook, type BookEventOutcome } from '../../orderbook/apply-book-event.js';
import { ASK, BID, emptySweep } from '../../orderbook/order-book.js';
import type { PairSpec } from './pair-symbol.js';

export interface TriangleScannerOptions {
  readonly pairs: readonly PairSpec[];
  /** Taker fee as a fraction, for all pairs or per symbol. */
  readonly takerFee: number | ((symbol: string) => number);
  /** Report cycles whose top-of-book rate after fees exceeds 1 + minProfitRate (default 0). */
  readonly minProfitRate?: number;
  /** Preferred start assets, in order (default USDT, USDC, USD, FDUSD, EUR, BTC, ETH). */
  readonly startAssets?: readonly string[];
}

export interface CycleDescription {
  readonly path: readonly string[];
  readonly symbols: readonly string[];
  readonly sides: ReadonlyArray<'buy' | 'sell'>;
}

export interface SizedLeg {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly amountIn: number;
  /** After the fee. */
  readonly amountOut: number;
  /** Average fill price (quote per base). */
  readonly avgPrice: number;
  readonly levels: number;
}

export interface SizedCycle extends CycleDescription {
  /** Top-of-book rate after fees (final / start for a small amount). */
  readonly topRate: number;
  /** Start amount that maximises profit (0 when no size is profitable). */
  readonly startAmount: number;
  readonly finalAmount: number;
  readonly profit: number;
  readonly profitRate: number;
  readonly legs: readonly SizedLeg[];
}

/** Called with a cycle index and its top-of-book rate after fees; must not keep references. */
export type CycleSink = (cycle: number, rate: number) => void;

const DEFAULT_STARTS = ['USDT', 'USDC', 'USD', 'FDUSD', 'EUR', 'BTC', 'ETH'];

export class TriangleScanner {
  readonly symbols: readonly string[];
  readonly books: readonly SyncedBook[];
  readonly cycleCount: number;
  /** Top-of-book rate after fees of each cycle, refreshed on every change of its pairs. */
  readonly rates: Float64Array;
  private readonly assets: string[] = [];
  private readonly symbolIndex = new Map<string, number>();
  private readonly bid: Float64Array;
  private readonly ask: Float64Array;
  private readonly keep: Float64Array;
  private readonly legSymbol: Int32Array;
  private readonly legBuy: Uint8Array;
  private readonly pathAssets: Int32Array;
  private readonly touchStart: Int32Array;
  private readonly touchList: Int32Array;
  private readonly threshold: number;
  private readonly sweep = emptySweep();

  constructor(options: TriangleScannerOptions) {
    const { pairs } = options;
    const minProfitRate = options.minProfitRate ?? 0;
    if (!Number.isFinite(minProfitRate)) throw new ArbiterError('ARB_INPUT_INVALID', 'minProfitRate must be finite', { minProfitRate });
    this.threshold = 1 + minProfitRate;
    const assetIndex = new Map<string, number>();
    const asset = (name: string): number => {
      let i = assetIndex.get(name);
      if (i === undefined) {
        i = this.assets.length;
        assetIndex.set(name, i);
        this.assets.push(name);
      }
      return i;
    };
    const n = pairs.length;
    this.bid = new Float64Array(n).fill(Number.NaN);
    this.ask = new Float64Array(n).fill(Number.NaN);
    this.keep = new Float64Array(n);
    const baseOf = new Int32Array(n);
    const link = new Map<number, number>(); // (a·K + b) → symbol, both orders
    const neighbours: Array<Set<number>> = [];
    const K = 1 << 20;
    pairs.forEach((p, s) => {
      if (this.symbolIndex.has(p.symbol)) throw new ArbiterError('ARB_INPUT_INVALID', `pair ${p.symbol} listed twice`, { symbol: p.symbol });
      this.symbolIndex.set(p.symbol, s);
      const fee = typeof options.takerFee === 'number' ? options.takerFee : options.takerFee(p.symbol);
      if (!(fee >= 0 && fee < 1)) throw new ArbiterError('ARB_INPUT_INVALID', `taker fee for ${p.symbol} must be a fraction in [0, 1), got ${fee}`, { symbol: p.symbol });
      this.keep[s] = 1 - fee;
      const a = asset(p.base);
      const b = asset(p.quote);
      baseOf[s] = a;
      if (!link.has(a * K + b)) {
        link.set(a * K + b, s);
        link.set(b * K + a, s);
      }
      (neighbours[a] ??= new Set()).add(b);
      (neighbours[b] ??= new Set()).add(a);
    });
    this.symbols = pairs.map((p) => p.symbol);
    this.books = pairs.map(() => new SyncedBook());

    const rank = (a: number): number => {
      const r = (options.startAssets ?? DEFAULT_STARTS).indexOf(this.assets[a]!);
      return r < 0 ? 1000 + a : r;
    };
    const cycles: number[][] = []; // [start, x, y]
    for (let a = 0; a < this.assets.length; a++) {
      for (const b of neighbours[a] ?? []) {
        if (b <= a) continue;
        for (const c of neighbours[b] ?? []) {
          if (c <= b || !neighbours[a]!.has(c)) continue;
          const tri = [a, b, c].sort((x, y) => rank(x) - rank(y));
          const [s0, x, y] = tri as [number, number, number];
          cycles.push([s0, x, y], [s0, y, x]);
        }
      }
    }
    const m = cycles.length;
    this.cycleCount = m;
    this.rates = new Float64Array(m).fill(Number.NaN);
    this.legSymbol = new Int32Array(3 * m);
    this.legBuy = new Uint8Array(3 * m);
    this.pathAssets = new Int32Array(3 * m);
    const touches: number[][] = pairs.map(() => []);
    cycles.forEach((cyc, c) => {
      for (let k = 0; k < 3; k++) {
        const from = cyc[k]!;
        const to = cyc[(k + 1) % 3]!;
        const s = link.get(from * K + to)!;
        this.legSymbol[3 * c + k] = s;
        this.legBuy[3 * c + k] = baseOf[s] === from ? 0 : 1;
        this.pathAssets[3 * c + k] = from;
        touches[s]!.push(c);
      }
    });
    this.touchStart = new Int32Array(n + 1);
    for (let s = 0; s < n; s++) this.touchStart[s + 1] = this.touchStart[s]! + touches[s]!.length;
    this.touchList = Int32Array.from(touches.flat());
  }

  /** Index of a pair symbol, −1 when the venue has no such pair. */
  indexOf(symbol: string): number {
    return this.symbolIndex.get(symbol) ?? -1;
  }

  /**
   * Applies a book event to its pair and re-prices the cycles through it, reporting those above
   * the threshold to `emit`. Events of unknown symbols are ignored.
   */
  apply(event: BookSnapshotEvent | BookDeltaEvent, emit?: CycleSink): BookEventOutcome {
    const s = this.symbolIndex.get(event.symbol);
    if (s === undefined) return 'ignored';
    const outcome = this.books[s]!.apply(event);
    this.refresh(s, emit);
    return outcome;
  }

  /** Re-reads the best prices of pair `s` (after a direct change to its book) and re-prices its cycles. */
  refresh(s: number, emit?: CycleSink): void {
    const synced = this.books[s]!;
    this.bid[s] = synced.synced ? synced.book.bestBid() : Number.NaN;
    this.ask[s] = synced.synced ? synced.book.bestAsk() : Number.NaN;
    const end = this.touchStart[s + 1]!;
    for (let i = this.touchStart[s]!; i < end; i++) {
      const c = this.touchList[i]!;
      const r = this.price(c);
      this.rates[c] = r;
      if (emit !== undefined && r > this.threshold) emit(c, r);
    }
  }

  /** Re-prices every cycle; reports those above the threshold; returns how many there were. */
  scanAll(emit?: CycleSink): number {
    let found = 0;
    for (let c = 0; c < this.cycleCount; c++) {
      const r = this.price(c);
      this.rates[c] = r;
      if (r > this.threshold) {
        found++;
        emit?.(c, r);
      }
    }
    return found;
  }

  private price(c: number): number {
    let rate = 1;
    for (let k = 3 * c; k < 3 * c + 3; k++) {
      const s = this.legSymbol[k]!;
      rate *= this.legBuy[k] === 1 ? this.keep[s]! / this.ask[s]! : this.bid[s]! * this.keep[s]!;
    }
    return rate;
  }

  describe(c: number): CycleDescription {
    const path: string[] = [];
    const symbols: string[] = [];
    const sides: Array<'buy' | 'sell'> = [];
    for (let k = 0; k < 3; k++) {
      path.push(this.assets[this.pathAssets[3 * c + k]!]!);
      symbols.push(this.symbols[this.legSymbol[3 * c + k]!]!);
      sides.push(this.legBuy[3 * c + k] === 1 ? 'buy' : 'sell');
    }
    path.push(path[0]!);
    return { path, symbols, sides };
  }

  /**
   * Final amount of cycle `c` for `start`, walking each book with the previous leg's output;
   * writes the product of the marginal (last-level) rates to `marginal[0]`. NaN when a book runs out.
   */
  private walk(c: number, start: number, marginal: Float64Array | null, legs: SizedLeg[] | null): number {
    let amount = start;
    let rate = 1;
    for (let k = 3 * c; k < 3 * c + 3; k++) {
      const s = this.legSymbol[k]!;
      const buy = this.legBuy[k] === 1;
      const book = this.books[s]!.book;
      const r = book.sweep(buy ? ASK : BID, amount, buy, this.sweep);
      if (!r.complete) return Number.NaN;
      const keep = this.keep[s]!;
      const out = (buy ? r.base : r.quote) * keep;
      rate *= buy ? keep / r.worstPrice : r.worstPrice * keep;
      legs?.push({ symbol: this.symbols[s]!, side: buy ? 'buy' : 'sell', amountIn: amount, amountOut: out, avgPrice: r.avgPrice, levels: r.levels });
      amount = out;
    }
    if (marginal) marginal[0] = rate;
    return amount;
  }

  /**
   * Depth-aware sizing: the start amount (≤ `maxStart`) where the marginal rate of the cycle
   * falls to 1, found by bisection (profit is concave in size: each book level is worse than the
   * last), with the executable result there.
   */
  size(c: number, maxStart = Number.POSITIVE_INFINITY): SizedCycle {
    if (!(c >= 0 && c < this.cycleCount)) throw new ArbiterError('ARB_INPUT_INVALID', `no cycle ${c}`, { cycle: c });
    const topRate = this.price(c);
    const description = this.describe(c);
    const none = { ...description, topRate, startAmount: 0, finalAmount: 0, profit: 0, profitRate: 0, legs: [] };
    if (!(topRate > 1)) return none;
    const marginal = new Float64Array(1);
    const good = (x: number): boolean => {
      const out = this.walk(c, x, marginal, null);
      return out === out && marginal[0]! > 1;
    };
    // A tiny first amount: the smallest top-level notional, in start units, over a thousand.
    let lo = 0;
    let hi = Math.min(maxStart, 1e-3 * this.firstLevelValue(c));
    if (!(hi > 0)) return none;
    while (good(hi) && hi < maxStart) {
      lo = hi;
      hi = Math.min(maxStart, hi * 2);
      if (hi === lo) break;
    }
    if (hi === maxStart && good(hi)) lo = hi;
    else for (let i = 0; i < 80 && hi - lo > 1e-12 * hi; i++) {
      const mid = (lo + hi) / 2;
      if (good(mid)) lo = mid;
      else hi = mid;
    }
    if (lo === 0) return none;
    const legs: SizedLeg[] = [];
    const finalAmount = this.walk(c, lo, null, legs);
    const profit = finalAmount - lo;
    return { ...description, topRate, startAmount: lo, finalAmount, profit, profitRate: profit / lo, legs };
  }

  /** Value of the first leg's best level, in the start asset. */
  private firstLevelValue(c: number): number {
    const s = this.legSymbol[3 * c]!;
    const book = this.books[s]!.book;
    return this.legBuy[3 * c] === 1 ? book.levelSize(ASK, 0) * book.bestAsk() : book.levelSize(BID, 0);
  }
}
