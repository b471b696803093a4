import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyncedBook } from './apply-book-event.js';
import { ASK, BID, emptySweep, OrderBook } from './order-book.js';

function book(bids: number[], asks: number[]): OrderBook {
  const b = new OrderBook({ capacity: 2 });
  b.applySnapshot(bids, asks, 1);
  return b;
}

describe('OrderBook', () => {
  it('keeps both sides sorted best first and replaces, inserts and deletes levels', () => {
    const b = book([100, 1, 99, 2, 101, 3], [103, 1, 102, 2, 104, 3]);
    expect(b.toArray(BID)).toEqual([101, 3, 100, 1, 99, 2]);
    expect(b.toArray(ASK)).toEqual([102, 2, 103, 1, 104, 3]);
    b.setLevel(BID, 100, 5);
    b.setLevel(BID, 100.5, 1);
    b.setLevel(BID, 99, 0);
    b.setLevel(BID, 42, 0); // unknown level delete is a no-op
    b.setLevel(ASK, 102, 0);
    expect(b.toArray(BID)).toEqual([101, 3, 100.5, 1, 100, 5]);
    expect(b.toArray(ASK)).toEqual([103, 1, 104, 3]);
    expect(b.bestBid()).toBe(101);
    expect(b.bestAsk()).toBe(103);
    expect(b.mid()).toBe(102);
    expect(b.spread()).toBe(2);
    expect(b.sizeAt(BID, 100)).toBe(5);
    expect(b.sizeAt(BID, 77)).toBe(0);
  });

  it('matches a sorted-map reference under random updates', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 4 })), { maxLength: 300 }), (ops) => {
        const b = new OrderBook({ capacity: 1 });
        const ref = [new Map<number, number>(), new Map<number, number>()];
        for (const [isAsk, p, s] of ops) {
          const side = isAsk ? ASK : BID;
          b.setLevel(side, p, s);
          if (s === 0) ref[side]!.delete(p);
          else ref[side]!.set(p, s);
        }
        const expected = (side: 0 | 1): number[] =>
          [...ref[side]!].sort((x, y) => (side === BID ? y[0] - x[0] : x[0] - y[0])).flatMap(([p, s]) => [p, s]);
        expect(b.toArray(BID)).toEqual(expected(BID));
        expect(b.toArray(ASK)).toEqual(expected(ASK));
      }),
      { numRuns: 200 },
    );
  });

  it('truncates to maxLevels by dropping the worst level', () => {
    const b = new OrderBook({ maxLevels: 3 });
    b.applySnapshot([10, 1, 9, 1, 8, 1], [11, 1, 12, 1, 13, 1]);
    b.setLevel(BID, 9.5, 2); // displaces 8
    b.setLevel(BID, 7, 2); // worse than all: dropped
    b.setLevel(ASK, 10.5, 4); // displaces 13
    expect(b.toArray(BID)).toEqual([10, 1, 9.5, 2, 9, 1]);
    expect(b.toArray(ASK)).toEqual([10.5, 4, 11, 1, 12, 1]);
  });

  it('computes top-N, depth, depth-weighted price, imbalance and microprice', () => {
    const b = book([100, 1, 99, 3, 98, 4], [101, 2, 102, 2]);
    const out = new Float64Array(4);
    expect(b.topN(BID, 5, out)).toBe(2);
    expect(Array.from(out)).toEqual([100, 1, 99, 3]);
    expect(b.depth(BID, 2)).toBe(4);
    expect(b.depth(BID)).toBe(8);
    expect(b.depthWeightedPrice(BID, 2)).toBeCloseTo((100 * 1 + 99 * 3) / 4, 12);
    expect(b.depthWeightedPrice(ASK)).toBeCloseTo(101.5, 12);
    expect(b.imbalance(1)).toBeCloseTo((1 - 2) / 3, 15);
    expect(b.imbalance()).toBeCloseTo((8 - 4) / 12, 15);
    expect(b.microprice()).toBeCloseTo((100 * 2 + 101 * 1) / 3, 12);
    expect(new OrderBook().imbalance()).toBe(0);
    expect(new OrderBook().top()).toEqual({ bid: null, ask: null });
  });

  it('walks the book for a market order in base or quote units', () => {
    const b = book([100, 1, 99, 3], [101, 2, 102, 2, 105, 1]);
    const buy = b.marketOrder('buy', 3);
    expect(buy).toMatchObject({ base: 3, quote: 101 * 2 + 102, levels: 2, worstPrice: 102, complete: true });
    expect(buy.avgPrice).toBeCloseTo(304 / 3, 12);
    const sell = b.marketOrder('sell', 10);
    expect(sell).toMatchObject({ base: 4, quote: 100 + 297, levels: 2, complete: false });
    // Spend 304 quote on asks: 2 @ 101 (202) then 1 @ 102.
    const out = emptySweep();
    b.sweep(ASK, 304, true, out);
    expect(out.base).toBeCloseTo(3, 12);
    expect(out.quote).toBe(304);
    // Sell until 150 quote received: 1 @ 100, then 50/99 @ 99.
    b.sweep(BID, 150, true, out);
    expect(out.base).toBeCloseTo(1 + 50 / 99, 12);
    expect(out.complete).toBe(true);
  });

  it('rejects bad levels with a clear error', () => {
    const b = new OrderBook();
    expect(() => b.setLevel(BID, Number.NaN, 1)).toThrow(/price > 0/);
    expect(() => b.setLevel(ASK, 100, -1)).toThrow(/size ≥ 0/);
    expect(() => b.applySnapshot([1, 2, 3], [])).toThrow(/even length/);
  });

  it('applies snapshot and delta events: skips contained deltas, needs a straddling first delta, then detects gaps', () => {
    const target = new SyncedBook();
    const base = { venue: 'binance' as const, symbol: 'BTCUSDT', tsVenue: null, tsLocal: 1 };
    const delta = (prev: number, seq: number, bids: number[]) => ({ ...base, kind: 'book_delta' as const, bids, asks: [], sequence: seq, prevSequence: prev });
    expect(target.apply(delta(0, 1, [1, 1]))).toBe('ignored');
    expect(target.apply({ ...base, kind: 'book_snapshot', bids: [100, 1], asks: [101, 1], sequence: 160 })).toBe('applied');
    // Binance's documented sequence: (150,155) contained, (157,162) straddles 160, (163,165) follows, (167,170) gaps.
    expect(target.apply(delta(149, 155, [100, 9]))).toBe('ignored');
    expect(target.apply(delta(156, 162, [100, 2]))).toBe('applied');
    expect(target.apply(delta(162, 165, [99, 1]))).toBe('applied');
    expect(target.book.toArray(BID)).toEqual([100, 2, 99, 1]);
    expect(target.apply(delta(166, 170, [100, 3]))).toBe('gap');
    expect(target.synced).toBe(false);
    expect(target.gaps).toBe(1);
    expect(target.book.levelCount(BID)).toBe(0);
  });
});
