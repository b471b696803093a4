import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../domain/market-event.js';
import { avellanedaStoikovQuote, imbalanceQuote } from './quotes.js';
import { simulateMarketMaking, type MarketMakingConfig } from './simulate-market-making.js';
import { syntheticBookEvents } from './synthetic-book.js';

const base = { venue: 'deribit', symbol: 'X', tsVenue: null, sequence: null } as const;
const snap = (ts: number, bids: number[], asks: number[]): MarketEvent => ({ ...base, kind: 'book_snapshot', tsLocal: ts, bids, asks });
const trade = (ts: number, price: number, size: number, side: 'buy' | 'sell'): MarketEvent => ({ ...base, kind: 'trade', tsLocal: ts, priceCurrency: 'USD', price, size, side, tradeId: null });

describe('Avellaneda–Stoikov quotes', () => {
  it('match the closed form (AS 2008 eqs. 29–30)', () => {
    const q = avellanedaStoikovQuote(100, 2, 1, { gamma: 0.1, sigma: 2, k: 1.5 });
    expect(q.reservation).toBeCloseTo(100 - 2 * 0.1 * 4, 12);
    expect(q.spread).toBeCloseTo(0.4 + 20 * Math.log(1 + 0.1 / 1.5), 12);
    expect(q.ask - q.bid).toBeCloseTo(q.spread, 12);
  });
  it('are symmetric around the mid at zero inventory; the spread tends to 2/k as γ → 0 at T', () => {
    const q = avellanedaStoikovQuote(100, 0, 0.5, { gamma: 0.3, sigma: 1, k: 2 });
    expect((q.bid + q.ask) / 2).toBeCloseTo(100, 12);
    expect(avellanedaStoikovQuote(100, 0, 0, { gamma: 1e-9, sigma: 1, k: 2 }).spread).toBeCloseTo(1, 6);
  });
  it('imbalance shifts both quotes toward the heavier side', () => {
    const p = { gamma: 0.1, sigma: 1, k: 1 };
    const q0 = avellanedaStoikovQuote(100, 0, 1, p);
    const q = imbalanceQuote(100, 0, 1, p, 0.5, 1);
    expect(q.bid - q0.bid).toBeCloseTo(0.25 * q0.spread, 12);
    expect(() => imbalanceQuote(100, 0, 1, p, 2, 1)).toThrow(/imbalance/);
  });
});

describe('simulateMarketMaking', () => {
  const cfg: MarketMakingConfig = { policy: 'avellaneda-stoikov', gamma: 1e-6, sigma: 0, k: 1e3, sessionEnd: 10_000, tick: 1, quoteSize: 1, inventoryLimit: 5 };
  it('joins the back of the queue and fills only after the queue ahead trades', () => {
    // Quotes round to the touch (spread ≈ 2/k ≈ 0 → bid 99, ask 101 after post-only clamps).
    const ev = [snap(0, [99, 5, 98, 5], [101, 5, 102, 5]), trade(1, 99, 3, 'sell'), trade(2, 99, 2, 'sell'), trade(3, 99, 1, 'sell')];
    const r = simulateMarketMaking(ev, cfg);
    expect(r.inventory).toEqual([0, 0, 0, 1]);
    expect(r.fills).toBe(1);
    expect(r.pnl[3]).toBeCloseTo(1 * 100 - 99, 12); // bought at 99, marked at mid 100
  });
  it('a print through our price fills us; a buy lifts our ask', () => {
    const ev = [snap(0, [99, 5], [101, 5]), trade(1, 98, 2, 'sell'), trade(2, 102, 1, 'buy')];
    const r = simulateMarketMaking(ev, { ...cfg, quoteSize: 1 });
    expect(r.inventory).toEqual([0, 1, 0]);
    expect(r.finalPnl).toBeCloseTo(101 - 99, 12);
  });
  it('never quotes past the inventory limit and charges maker fees', () => {
    const ev: MarketEvent[] = [snap(0, [99, 1], [101, 1])];
    for (let i = 1; i <= 6; i++) ev.push(trade(i, 98, 5, 'sell'));
    const r = simulateMarketMaking(ev, { ...cfg, inventoryLimit: 3, makerFee: 0.001 });
    expect(r.finalInventory).toBe(3);
    expect(r.fees).toBeCloseTo(3 * 99 * 0.001, 12);
  });
  it('against a synthetic replay, AS inventory control keeps inventory tighter than near-symmetric quoting', () => {
    const events = syntheticBookEvents({ seconds: 900, seed: 3 });
    const end = events[events.length - 1]!.tsLocal;
    const common = { tick: 0.5, quoteSize: 1, inventoryLimit: 50, sessionEnd: end, sigma: 0.5, k: 2 } as const;
    const tight = simulateMarketMaking(events, { ...common, policy: 'avellaneda-stoikov', gamma: 0.005 });
    const loose = simulateMarketMaking(events, { ...common, policy: 'avellaneda-stoikov', gamma: 0.0001 });
    const sd = (xs: number[]): number => Math.sqrt(xs.reduce((a, x) => a + x * x, 0) / xs.length);
    expect(tight.fills).toBeGreaterThan(100);
    expect(sd(tight.inventory)).toBeLessThan(0.7 * sd(loose.inventory));
    const imb = simulateMarketMaking(events, { ...common, policy: 'imbalance', gamma: 0.005, kappa: 0.8 });
    expect(imb.fills).toBeGreaterThan(0);
  });
  it('synthetic replay is reproducible from its seed', () => {
    const a = syntheticBookEvents({ seconds: 30, seed: 9 });
    const b = syntheticBookEvents({ seconds: 30, seed: 9 });
    expect(a).toEqual(b);
    expect(a.some((e) => e.kind === 'trade')).toBe(true);
  });
});
