import { describe, expect, it } from 'vitest';
import type { BookSnapshotEvent } from '../../domain/market-event.js';
import { splitPairSymbol } from './pair-symbol.js';
import { TriangleScanner } from './triangle-scanner.js';
import { triangularArbitrage } from './triangular-arbitrage.js';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'ETH/BTC', 'SOL/USDT', 'SOL/BTC', 'XRP/USDT'];

function snapshot(symbol: string, bids: number[], asks: number[]): BookSnapshotEvent {
  return { kind: 'book_snapshot', venue: 'binance', symbol, tsVenue: null, tsLocal: 1, bids, asks, sequence: null };
}

function scanner(fee = 0.001, minProfitRate = 0): TriangleScanner {
  return new TriangleScanner({ pairs: SYMBOLS.map((s) => splitPairSymbol(s)), takerFee: fee, minProfitRate });
}

const TOP: Record<string, [number, number]> = {
  'BTC/USDT': [60000, 60010], 'ETH/USDT': [3000, 3001], 'ETH/BTC': [0.0504, 0.05041],
  'SOL/USDT': [150, 150.05], 'SOL/BTC': [0.0025, 0.002501], 'XRP/USDT': [0.5, 0.5001],
};

describe('TriangleScanner', () => {
  it('finds every triangle of the venue in both directions, starting from the stablecoin', () => {
    const s = scanner();
    expect(s.cycleCount).toBe(4);
    const paths = Array.from({ length: 4 }, (_, c) => s.describe(c).path.join('>')).sort();
    expect(paths).toEqual(['USDT>BTC>ETH>USDT', 'USDT>BTC>SOL>USDT', 'USDT>ETH>BTC>USDT', 'USDT>SOL>BTC>USDT']);
  });

  it('prices cycles at the top of book exactly as triangularArbitrage does', () => {
    const s = scanner();
    for (const [sym, [bid, ask]] of Object.entries(TOP)) s.apply(snapshot(sym, [bid, 1e6], [ask, 1e6]));
    const quotes = Object.fromEntries(Object.entries(TOP).map(([k, [bid, ask]]) => [k, { bid, ask }]));
    const reference = triangularArbitrage({ quotes, takerFee: 0.001, startAsset: 'USDT' });
    expect(reference).toHaveLength(4);
    for (const r of reference) {
      const c = Array.from({ length: 4 }, (_, i) => i).find((i) => s.describe(i).path.join('>') === r.path.join('>'))!;
      expect(s.rates[c]).toBeCloseTo(r.finalAmount, 14);
    }
  });

  it('streams: a book change re-prices only its cycles and reports those above the threshold', () => {
    const s = scanner(0.0005, 0.001);
    const seen: string[] = [];
    const emit = (c: number): void => void seen.push(s.describe(c).path.join('>'));
    for (const [sym, [bid, ask]] of Object.entries(TOP)) s.apply(snapshot(sym, [bid, 1e6], [ask, 1e6]), emit);
    // ETH rich in BTC: USDT → ETH → BTC → USDT pays 1/3001·0.0504·60000·0.9995³ − 1 ≈ 0.6 %.
    expect(seen).toEqual(['USDT>ETH>BTC>USDT']);
    seen.length = 0;
    s.apply(snapshot('XRP/USDT', [0.6, 1], [0.61, 1]), emit); // in no triangle
    s.apply(snapshot('SOL/BTC', [0.0025, 1], [0.002501, 1]), emit); // fair
    expect(seen).toEqual([]);
    expect(s.scanAll()).toBe(1);
    expect(s.apply({ ...snapshot('DOGE/USDT', [1, 1], [2, 1]) })).toBe('ignored');
  });

  it('sizes an opportunity by walking the books to where the marginal rate falls below 1', () => {
    const s = new TriangleScanner({ pairs: ['ETH/USDT', 'ETH/BTC', 'BTC/USDT'].map((x) => splitPairSymbol(x)), takerFee: 0.001 });
    // Buy ETH: 5 at 10, 5 at 10.5, 100 at 12; ETH → BTC at 0.1 and BTC → USDT at 105 are deep: 10.5 USDT per ETH back.
    s.apply(snapshot('ETH/USDT', [9.9, 100], [10, 5, 10.5, 5, 12, 100]));
    s.apply(snapshot('ETH/BTC', [0.1, 1e9], [0.1001, 1e9]));
    s.apply(snapshot('BTC/USDT', [105, 1e9], [105.1, 1e9]));
    const c = Array.from({ length: s.cycleCount }, (_, i) => i).find((i) => s.describe(i).path.join('>') === 'USDT>ETH>BTC>USDT')!;
    const sized = s.size(c);
    // Level 1 earns 10.5/10·0.999³ > 1; level 2 earns 0.999³ < 1: stop after exactly 50 USDT.
    expect(sized.startAmount).toBeCloseTo(50, 6);
    expect(sized.finalAmount).toBeCloseTo((50 / 10) * 0.999 * 0.1 * 0.999 * 105 * 0.999, 6);
    expect(sized.profit).toBeCloseTo(sized.finalAmount - 50, 9);
    expect(sized.legs.map((l) => [l.symbol, l.side])).toEqual([['ETH/USDT', 'buy'], ['ETH/BTC', 'sell'], ['BTC/USDT', 'sell']]);
    expect(sized.legs[0]!.avgPrice).toBeCloseTo(10, 9);
    // A cap below the optimum is respected.
    expect(s.size(c, 20).startAmount).toBe(20);
    // The reverse direction loses at the top of book: no size.
    const other = Array.from({ length: s.cycleCount }, (_, i) => i).find((i) => i !== c)!;
    expect(s.size(other).startAmount).toBe(0);
  });
});
