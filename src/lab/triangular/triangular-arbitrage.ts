/**
 * Triangular arbitrage from top-of-book quotes: every 3-cycle start → A → B → start through the
 * pairs quoted, in both directions, with the executable price of each leg (sell base at the bid,
 * buy base at the ask) and the taker fee charged on the asset received in each leg.
 */
import { ArbiterError } from '../../domain/errors.js';
import { splitPairSymbol } from './pair-symbol.js';

export interface PairQuote {
  readonly bid: number;
  readonly ask: number;
}

export interface TriangularLeg {
  readonly symbol: string;
  /** 'sell': give base, receive quote at the bid; 'buy': give quote, receive base at the ask. */
  readonly side: 'buy' | 'sell';
  readonly from: string;
  readonly to: string;
  readonly price: number;
  readonly amountIn: number;
  /** After the fee. */
  readonly amountOut: number;
  /** Fee paid, in the asset received. */
  readonly fee: number;
}

export interface TriangularCycle {
  /** Assets in order, starting and ending with the start asset, e.g. ['USDT', 'BTC', 'ETH', 'USDT']. */
  readonly path: readonly string[];
  readonly legs: readonly TriangularLeg[];
  readonly startAmount: number;
  readonly finalAmount: number;
  /** finalAmount − startAmount, in the start asset. */
  readonly profit: number;
  /** profit / startAmount. */
  readonly profitRate: number;
}

export interface TriangularArbitrageParams {
  /** Top of book per pair, keyed `BASE/QUOTE` (or `BASE-QUOTE`). */
  readonly quotes: Readonly<Record<string, PairQuote>>;
  /** Taker fee as a fraction (0.001 = 10 bp), one for all pairs or per pair symbol. */
  readonly takerFee: number | Readonly<Record<string, number>>;
  readonly startAsset: string;
  /** Default 1. */
  readonly startAmount?: number;
}

interface Edge {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly to: string;
  readonly price: number;
  readonly fee: number;
}

/**
 * Every triangular cycle through `startAsset`, both directions, best profitRate first.
 * @throws ArbiterError `ARB_INPUT_INVALID` on a non-positive or non-finite quote, a fee outside
 *   [0, 1), a missing per-pair fee, a non-positive start amount, or a start asset no pair quotes.
 * @example triangularArbitrage({ quotes: { 'BTC/USDT': { bid: 60000, ask: 60001 }, 'ETH/USDT': { bid: 3000, ask: 3000.5 }, 'ETH/BTC': { bid: 0.05, ask: 0.05001 } }, takerFee: 0.001, startAsset: 'USDT', startAmount: 1000 })
 */
export function triangularArbitrage(params: TriangularArbitrageParams): TriangularCycle[] {
  const { quotes, takerFee, startAsset } = params;
  const startAmount = params.startAmount ?? 1;
  if (!(startAmount > 0 && Number.isFinite(startAmount))) throw new ArbiterError('ARB_INPUT_INVALID', `startAmount must be positive, got ${startAmount}`, { startAmount });
  const edges = new Map<string, Edge[]>();
  const add = (from: string, edge: Edge): void => {
    let list = edges.get(from);
    if (!list) edges.set(from, (list = []));
    list.push(edge);
  };
  for (const [symbol, q] of Object.entries(quotes)) {
    const { base, quote } = splitPairSymbol(symbol);
    if (!(q.bid > 0 && q.ask > 0 && Number.isFinite(q.bid) && Number.isFinite(q.ask))) {
      throw new ArbiterError('ARB_INPUT_INVALID', `quote for ${symbol} needs positive finite bid and ask, got bid ${q.bid}, ask ${q.ask}`, { symbol });
    }
    const fee = typeof takerFee === 'number' ? takerFee : takerFee[symbol];
    if (fee === undefined || !(fee >= 0 && fee < 1)) throw new ArbiterError('ARB_INPUT_INVALID', `taker fee for ${symbol} must be a fraction in [0, 1), got ${String(fee)}`, { symbol });
    add(base, { symbol, side: 'sell', to: quote, price: q.bid, fee });
    add(quote, { symbol, side: 'buy', to: base, price: q.ask, fee });
  }
  const first = edges.get(startAsset);
  if (!first) throw new ArbiterError('ARB_INPUT_INVALID', `no quoted pair contains the start asset ${startAsset}`, { startAsset });
  const leg = (from: string, e: Edge, amountIn: number): TriangularLeg => {
    const gross = e.side === 'sell' ? amountIn * e.price : amountIn / e.price;
    const fee = gross * e.fee;
    return { symbol: e.symbol, side: e.side, from, to: e.to, price: e.price, amountIn, amountOut: gross - fee, fee };
  };
  const cycles: TriangularCycle[] = [];
  for (const e1 of first) {
    if (e1.to === startAsset) continue;
    for (const e2 of edges.get(e1.to) ?? []) {
      if (e2.to === startAsset || e2.to === e1.to || e2.symbol === e1.symbol) continue;
      for (const e3 of edges.get(e2.to) ?? []) {
        if (e3.to !== startAsset) continue;
        const l1 = leg(startAsset, e1, startAmount);
        const l2 = leg(e1.to, e2, l1.amountOut);
        const l3 = leg(e2.to, e3, l2.amountOut);
        const profit = l3.amountOut - startAmount;
        cycles.push({ path: [startAsset, e1.to, e2.to, startAsset], legs: [l1, l2, l3], startAmount, finalAmount: l3.amountOut, profit, profitRate: profit / startAmount });
      }
    }
  }
  return cycles.sort((a, b) => b.profitRate - a.profitRate);
}
