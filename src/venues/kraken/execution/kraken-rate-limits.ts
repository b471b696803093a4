/**
 * Kraken's spot rate limits, modelled with the shared TokenBucket so the client waits instead of
 * earning `EAPI:Rate limit exceeded` / `EOrder:Rate limit exceeded` ("Spot REST Rate Limits",
 * "Trading rate limits"):
 * - the REST call counter per API key: +1 per call, +2 for ledger and trade-history calls, AddOrder
 *   / CancelOrder / AmendOrder excluded; maximum 15/20/20 decaying 0.33/0.5/1 per second
 *   (Starter/Intermediate/Pro);
 * - the matching engine's counter per pair: +1 per new order (and per amend, counted here like an
 *   order event), a cancel adds by the order's age (+8 under 5 s, +6 under 10 s, +5 under 15 s,
 *   +4 under 45 s, +2 under 90 s, +1 under 300 s); threshold 60/125/180 decaying 1/2.34/3.75 per second.
 * The simulator enforces the same tables.
 */
import { TokenBucket } from '../../shared/token-bucket.js';

export type KrakenTier = 'starter' | 'intermediate' | 'pro';

export const KRAKEN_REST_COUNTER: Readonly<Record<KrakenTier, { readonly max: number; readonly decayPerSec: number }>> = {
  starter: { max: 15, decayPerSec: 0.33 },
  intermediate: { max: 20, decayPerSec: 0.5 },
  pro: { max: 20, decayPerSec: 1 },
};

export const KRAKEN_TRADING_COUNTER: Readonly<Record<KrakenTier, { readonly threshold: number; readonly decayPerSec: number }>> = {
  starter: { threshold: 60, decayPerSec: 1 },
  intermediate: { threshold: 125, decayPerSec: 2.34 },
  pro: { threshold: 180, decayPerSec: 3.75 },
};

/** Methods on the matching engine's per-pair counter instead of the REST counter. */
export const KRAKEN_TRADING_METHODS: ReadonlySet<string> = new Set(['AddOrder', 'CancelOrder', 'AmendOrder', 'EditOrder']);
const HISTORY_METHODS: ReadonlySet<string> = new Set(['TradesHistory', 'QueryTrades', 'Ledgers', 'QueryLedgers']);

/** What a private REST call adds to the REST call counter (0 for trading methods). */
export function krakenRestCost(method: string): number {
  if (KRAKEN_TRADING_METHODS.has(method)) return 0;
  return HISTORY_METHODS.has(method) ? 2 : 1;
}

/** What cancelling an order of this age adds to its pair's trading counter. */
export function krakenCancelPenalty(ageMs: number): number {
  const s = ageMs / 1000;
  if (s < 5) return 8;
  if (s < 10) return 6;
  if (s < 15) return 5;
  if (s < 45) return 4;
  if (s < 90) return 2;
  if (s < 300) return 1;
  return 0;
}

/** One API key's counters: the REST counter and one trading counter per pair. */
export class KrakenRateLimiter {
  private readonly rest: TokenBucket;
  private readonly trading = new Map<string, TokenBucket>();

  constructor(readonly tier: KrakenTier = 'starter', private readonly now: () => number = Date.now) {
    const r = KRAKEN_REST_COUNTER[tier];
    this.rest = new TokenBucket(r.max, r.decayPerSec, now);
  }

  /** Waits until a private REST call may go out without exceeding the REST counter. */
  async beforeRest(method: string): Promise<void> {
    const cost = krakenRestCost(method);
    if (cost > 0) await this.rest.acquire(cost);
  }

  /** Waits until `cost` fits the pair's trading counter. */
  async beforeTrade(pair: string, cost: number): Promise<void> {
    if (cost <= 0) return;
    let bucket = this.trading.get(pair);
    if (bucket === undefined) {
      const t = KRAKEN_TRADING_COUNTER[this.tier];
      bucket = new TokenBucket(t.threshold, t.decayPerSec, this.now);
      this.trading.set(pair, bucket);
    }
    await bucket.acquire(cost);
  }
}
