/**
 * DEX–CEX arbitrage in both directions with size: buy base on the pool and sell it into the CEX
 * bids, or buy it from the CEX asks and sell it into the pool. Each direction's profit (in quote,
 * after the pool fee and price impact, the CEX taker fee, depth, and gas) is concave in size
 * (both sides get worse the more you trade), so a golden-section search finds the optimum.
 */
import { ArbiterError } from '../../domain/errors.js';
import { ASK, BID, emptySweep, type OrderBook } from '../../orderbook/order-book.js';
import type { DexQuoter } from './dex-quoter.js';

export interface DexCexParams {
  readonly dex: DexQuoter;
  readonly book: OrderBook;
  /** CEX taker fee as a fraction. */
  readonly cexFee: number;
  /** Gas cost of the pool swap, in quote units (0 by default). */
  readonly gasQuote?: number;
  /** Largest quote amount to put in (default: what the CEX side of the book can take). */
  readonly maxQuote?: number;
}

export interface DexCexDirection {
  readonly direction: 'buy_dex_sell_cex' | 'buy_cex_sell_dex';
  /** Quote spent at the start (0 when no size pays). */
  readonly quoteIn: number;
  /** Base moved between the venues (after fees on the leg that produced it). */
  readonly base: number;
  /** Quote back at the end, before gas. */
  readonly quoteOut: number;
  readonly gasQuote: number;
  /** quoteOut − quoteIn − gas. */
  readonly profit: number;
  /** profit / quoteIn (0 when no size). */
  readonly profitRate: number;
  /** Average pool price of the trade (quote per base). */
  readonly dexPrice: number;
  /** Average CEX fill price. */
  readonly cexPrice: number;
  /** Edge at the top of book for a small size, after both fees, before gas: > 0 means worth sizing. */
  readonly topEdge: number;
}

export interface DexCexResult {
  readonly dexSpot: number;
  readonly cexBid: number;
  readonly cexAsk: number;
  readonly buyDexSellCex: DexCexDirection;
  readonly buyCexSellDex: DexCexDirection;
}

const PHI = (Math.sqrt(5) - 1) / 2;

/** Maximises a concave function on [0, hi] by golden-section search; returns the argmax. */
function goldenMax(f: (x: number) => number, hi: number, iterations = 90): number {
  let a = 0;
  let b = hi;
  let c = b - PHI * (b - a);
  let d = a + PHI * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < iterations && b - a > 1e-12 * hi; i++) {
    if (fc >= fd) {
      b = d; d = c; fd = fc; c = b - PHI * (b - a); fc = f(c);
    } else {
      a = c; c = d; fc = fd; d = a + PHI * (b - a); fd = f(d);
    }
  }
  return fc >= fd ? c : d;
}

/**
 * Both directions, each at its optimal size.
 * @throws ArbiterError `ARB_INPUT_INVALID` on a fee outside [0, 1) or negative gas.
 */
export function dexCexArbitrage(params: DexCexParams): DexCexResult {
  const { dex, book, cexFee } = params;
  const gas = params.gasQuote ?? 0;
  if (!(cexFee >= 0 && cexFee < 1)) throw new ArbiterError('ARB_INPUT_INVALID', `cexFee must be a fraction in [0, 1), got ${cexFee}`, { cexFee });
  if (!(gas >= 0 && Number.isFinite(gas))) throw new ArbiterError('ARB_INPUT_INVALID', `gasQuote must be ≥ 0, got ${gas}`, { gasQuote: gas });
  const keep = 1 - cexFee;
  const sweep = emptySweep();
  const cexBid = book.bestBid();
  const cexAsk = book.bestAsk();

  // Buy on the pool with quote q, sell the base on the CEX bids.
  const dexToCex = (q: number): { base: number; out: number; cexPrice: number } => {
    const base = dex.buyBase(q);
    book.sweep(BID, base, false, sweep);
    return { base, out: sweep.complete ? sweep.quote * keep : Number.NaN, cexPrice: sweep.avgPrice };
  };
  // Buy base on the CEX asks with quote q, sell it to the pool.
  const cexToDex = (q: number): { base: number; out: number; cexPrice: number } => {
    book.sweep(ASK, q, true, sweep);
    if (!sweep.complete) return { base: Number.NaN, out: Number.NaN, cexPrice: Number.NaN };
    const base = sweep.base * keep;
    const cexPrice = sweep.avgPrice;
    return { base, out: dex.sellBase(base), cexPrice };
  };
  const bidNotional = book.depthWeightedPrice(BID) * book.depth(BID);
  const askNotional = book.depthWeightedPrice(ASK) * book.depth(ASK);
  const solve = (direction: DexCexDirection['direction'], run: typeof dexToCex, capacity: number, topEdge: number): DexCexDirection => {
    const none: DexCexDirection = { direction, quoteIn: 0, base: 0, quoteOut: 0, gasQuote: gas, profit: 0, profitRate: 0, dexPrice: Number.NaN, cexPrice: Number.NaN, topEdge };
    const hi = Math.min(params.maxQuote ?? Number.POSITIVE_INFINITY, capacity * 0.999999);
    if (!(topEdge > 0) || !(hi > 0)) return none;
    const gross = (q: number): number => {
      const out = run(q).out;
      return out === out ? out - q : -Number.MAX_VALUE;
    };
    const q = goldenMax(gross, hi);
    const r = run(q);
    const profit = r.out - q - gas;
    const dexPrice = direction === 'buy_dex_sell_cex' ? q / r.base : r.out / r.base;
    return { direction, quoteIn: q, base: r.base, quoteOut: r.out, gasQuote: gas, profit, profitRate: profit / q, dexPrice, cexPrice: r.cexPrice, topEdge };
  };
  const g = 1 - dex.feeRate;
  return {
    dexSpot: dex.spotPrice, cexBid, cexAsk,
    // Buying on the pool costs spot/g per base at the margin; the CEX pays bid·keep.
    buyDexSellCex: solve('buy_dex_sell_cex', dexToCex, bidNotional, (cexBid * keep * g) / dex.spotPrice - 1),
    buyCexSellDex: solve('buy_cex_sell_dex', cexToDex, askNotional, (dex.spotPrice * g * keep) / cexAsk - 1),
  };
}
