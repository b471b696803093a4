/**
 * Seeded synthetic L2 replay for market-making studies: a zero-intelligence book in the spirit of
 * Cont, Stoikov, Talreja (2010), "A stochastic model for order book dynamics", Operations Research 58(3),
 * with clustered market orders.
 * - Prices on a tick grid; each side starts with `levels` levels of size `baseSize` around `startPrice`.
 * - Market orders: buy and sell arrivals from a bivariate Hawkes process (self- and cross-excitation α_self,
 *   α_cross, decay β, base rate μ each), sizes Exp(mean `meanTradeSize`); each walks the opposite side,
 *   printing one trade per level touched (aggressor side set), and emptied levels vanish.
 * - Limit orders: Poisson(`limitRate`) per side; if the spread is wider than one tick the order improves
 *   the best by one tick, else it joins a level chosen uniformly among the top `levels`, size Exp(`baseSize`).
 * - Cancellations: Poisson(`cancelRate`) per side; a uniformly chosen level among the top `levels` loses
 *   min(size, Exp(`baseSize`)).
 * - An emptied side is refilled with one level `levels` ticks behind the other side's best.
 * Emits a `book_snapshot`, then `book_delta` events (absolute sizes) and `trade` events, `tsLocal` in ms.
 */
import type { BookDeltaEvent, BookSnapshotEvent, MarketEvent, TradeEvent } from '../../domain/market-event.js';
import { ArbiterError } from '../../domain/errors.js';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { simulateMultivariateHawkes } from '../hawkes/multivariate-hawkes.js';

export interface SyntheticBookSpec {
  readonly seconds: number;
  readonly seed: number;
  readonly tick?: number;
  readonly startPrice?: number;
  readonly levels?: number;
  readonly baseSize?: number;
  readonly meanTradeSize?: number;
  readonly mu?: number;
  readonly alphaSelf?: number;
  readonly alphaCross?: number;
  readonly beta?: number;
  readonly limitRate?: number;
  readonly cancelRate?: number;
  /** Epoch ms of t = 0. */
  readonly startMs?: number;
}

export function syntheticBookEvents(spec: SyntheticBookSpec): MarketEvent[] {
  const tick = spec.tick ?? 0.5;
  const levels = spec.levels ?? 10;
  const base = spec.baseSize ?? 1;
  const meanTrade = spec.meanTradeSize ?? 2;
  const limitRate = spec.limitRate ?? 8;
  const cancelRate = spec.cancelRate ?? 6;
  const t0 = spec.startMs ?? Date.UTC(2026, 0, 1);
  if (!(spec.seconds > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `seconds must be > 0, got ${spec.seconds}`);
  if (!(tick > 0 && levels >= 1 && base > 0 && meanTrade > 0 && limitRate >= 0 && cancelRate >= 0)) throw new ArbiterError('ARB_INPUT_INVALID', 'synthetic book needs tick, levels, baseSize, meanTradeSize > 0 and rates ≥ 0');
  const rng = new SeededRandom(spec.seed);
  const mu = spec.mu ?? 0.5;
  const aS = spec.alphaSelf ?? 0.8;
  const aC = spec.alphaCross ?? 0.2;
  const beta = spec.beta ?? 2;
  const market = simulateMultivariateHawkes({ mu: [mu, mu], alpha: [[aS, aC], [aC, aS]], beta: [[beta, beta], [beta, beta]] }, spec.seconds, spec.seed + 1);
  // Sides as tick-index → size maps.
  const startTick = Math.round((spec.startPrice ?? 60000) / tick);
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (let i = 0; i < levels; i++) {
    bids.set(startTick - 1 - i, base);
    asks.set(startTick + 1 + i, base);
  }
  const best = (side: Map<number, number>, isBid: boolean): number => {
    let b = isBid ? -Infinity : Infinity;
    for (const k of side.keys()) b = isBid ? Math.max(b, k) : Math.min(b, k);
    return b;
  };
  const flat = (side: Map<number, number>): number[] => [...side].flatMap(([k, s]) => [k * tick, s]);
  const events: MarketEvent[] = [];
  const ms = (t: number): number => t0 + t * 1000;
  const snap: BookSnapshotEvent = { kind: 'book_snapshot', venue: 'deribit', symbol: 'SYNTH-PERP', tsVenue: null, tsLocal: ms(0), bids: flat(bids), asks: flat(asks), sequence: null };
  events.push(snap);
  const exp = (mean: number): number => -Math.log(1 - rng.nextFloat()) * mean;
  const delta = (t: number, b: number[], a: number[]): void => {
    const ev: BookDeltaEvent = { kind: 'book_delta', venue: 'deribit', symbol: 'SYNTH-PERP', tsVenue: null, tsLocal: ms(t), bids: b, asks: a, sequence: null, prevSequence: null };
    events.push(ev);
  };
  const refill = (t: number): void => {
    if (bids.size === 0) {
      const k = best(asks, false) - levels;
      bids.set(k, base);
      delta(t, [k * tick, base], []);
    }
    if (asks.size === 0) {
      const k = best(bids, true) + levels;
      asks.set(k, base);
      delta(t, [], [k * tick, base]);
    }
  };
  // Merge the three clocks: market orders from the Hawkes draw, limits and cancels by Poisson.
  const total = 2 * (limitRate + cancelRate);
  let next = total > 0 ? exp(1 / total) : Infinity;
  let mi = 0;
  for (;;) {
    const tm = mi < market.times.length ? market.times[mi]! : Infinity;
    const t = Math.min(tm, next);
    if (!(t <= spec.seconds)) break;
    if (tm <= next) {
      const buy = market.marks[mi] === 0;
      mi++;
      const side = buy ? asks : bids;
      let left = exp(meanTrade);
      const changed: number[] = [];
      while (left > 1e-9 && side.size > 0) {
        const k = best(side, !buy);
        const s = side.get(k)!;
        const q = Math.min(s, left);
        const trade: TradeEvent = { kind: 'trade', venue: 'deribit', symbol: 'SYNTH-PERP', tsVenue: null, tsLocal: ms(t), priceCurrency: 'USD', price: k * tick, size: q, side: buy ? 'buy' : 'sell', tradeId: null };
        events.push(trade);
        left -= q;
        if (s - q <= 1e-9) side.delete(k);
        else side.set(k, s - q);
        changed.push(k * tick, side.get(k) ?? 0);
      }
      if (buy) delta(t, [], changed);
      else delta(t, changed, []);
      refill(t);
    } else {
      next = t + exp(1 / total);
      const u = rng.nextFloat() * total;
      const isBid = u < limitRate + cancelRate;
      const isLimit = (isBid ? u : u - limitRate - cancelRate) < limitRate;
      const side = isBid ? bids : asks;
      const bb = best(bids, true);
      const ba = best(asks, false);
      const top = isBid ? bb : ba;
      let k: number;
      if (isLimit && ba - bb > 1) k = isBid ? bb + 1 : ba - 1;
      else k = isBid ? top - rng.nextInt(levels) : top + rng.nextInt(levels);
      const cur = side.get(k) ?? 0;
      let size: number;
      if (isLimit) size = cur + exp(base);
      else {
        if (cur === 0) continue;
        size = Math.max(0, cur - exp(base));
        if (size < 1e-9) size = 0;
      }
      if (size === 0) side.delete(k);
      else side.set(k, size);
      if (isBid) delta(t, [k * tick, size], []);
      else delta(t, [], [k * tick, size]);
      refill(t);
    }
  }
  return events;
}
