import { describe, expect, it } from 'vitest';
import { BookSide, SimBook, withinLimit } from './sim-book.js';

function levels(side: BookSide): number[] {
  const out: number[] = [];
  for (let i = 0; i < side.depth; i++) out.push(side.priceAt(i), side.sizeAt(i));
  return out;
}

describe('SimBook', () => {
  it('keeps bids descending and asks ascending, best first, through inserts, changes and removals', () => {
    const b = new SimBook();
    b.bids.reset([10, 1, 12, 2, 11, 3]);
    b.asks.reset([14, 1, 13, 2]);
    expect(levels(b.bids)).toEqual([12, 2, 11, 3, 10, 1]);
    expect(levels(b.asks)).toEqual([13, 2, 14, 1]);
    b.bids.set(11, 0);
    b.bids.set(11.5, 4);
    b.bids.set(12, 7);
    expect(levels(b.bids)).toEqual([12, 7, 11.5, 4, 10, 1]);
    expect(b.bestBid()).toBe(12);
    expect(b.bestAsk()).toBe(13);
    b.bids.set(99, 0); // removing a missing level is a no-op
    expect(b.bids.depth).toBe(3);
  });

  it('finds a level despite float noise in the price and grows past its initial capacity', () => {
    const side = new BookSide(false, 2);
    for (let i = 1; i <= 100; i++) side.set(i / 100, i);
    expect(side.depth).toBe(100);
    expect(side.size(0.1 + 0.2)).toBe(30);
    expect(side.priceAt(0)).toBe(0.01);
  });

  it('takes our own fills out of a level and drops it when empty', () => {
    const side = new BookSide(false);
    side.reset([1, 5, 2, 5]);
    expect(side.take(0, 3)).toBe(3);
    expect(levels(side)).toEqual([1, 2, 2, 5]);
    expect(side.take(0, 10)).toBe(2);
    expect(levels(side)).toEqual([2, 5]);
  });

  it('tells whether a level is within a taker limit', () => {
    expect(withinLimit('buy', 10, 10)).toBe(true);
    expect(withinLimit('buy', 10.5, 10)).toBe(false);
    expect(withinLimit('sell', 9.5, 10)).toBe(false);
    expect(withinLimit('sell', 0.30000000000000004, 0.3)).toBe(true);
  });
});
