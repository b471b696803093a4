import { describe, expect, it } from 'vitest';
import { L2Book } from './l2-book.js';

describe('L2Book', () => {
  it('keeps the best prices through inserts, updates and removals', () => {
    const b = new L2Book();
    b.reset([0.5, 15, 0.49, 20], [0.52, 25, 0.53, 60]);
    expect([b.bestBid, b.bestAsk]).toEqual([0.5, 0.52]);
    b.setBid(0.51, 5);
    expect(b.bestBid).toBe(0.51);
    b.setBid(0.51, 0);
    b.setBid(0.5, 0);
    expect(b.bestBid).toBe(0.49);
    b.setAsk(0.52, 0);
    expect(b.bestAsk).toBe(0.53);
    b.setAsk(0.53, 0);
    expect(b.bestAsk).toBeNull();
    b.setAsk(0.7, 0); // removing an absent level is a no-op
    expect(b.depth).toEqual({ bids: 1, asks: 0 });
    expect(b.sizeAt('bid', 0.49)).toBe(20);
  });
});
