import { describe, expect, it } from 'vitest';
import { uniswapV2AmountIn, uniswapV2Quote } from './v2-quote.js';
import { v2CurveBook, v2ReservesFromCurveBook } from './v2-curve-book.js';

const E18 = 10n ** 18n;
const RB = 1_000n * E18 + 123_456_789n;
const RQ = 3_400_000n * 10n ** 6n + 789n;
const params = { reserveBase: RB, reserveQuote: RQ, baseDecimals: 18, quoteDecimals: 6, feeBps: 30, levels: 20, stepBps: 5 };

function raw(amount: number, decimals: number): bigint {
  return BigInt(Math.round(amount * 10 ** Math.min(decimals, 9))) * 10n ** BigInt(decimals - Math.min(decimals, 9));
}

describe('v2CurveBook', () => {
  const book = v2CurveBook(params);

  it('has the spot and ordered sides bracketing it by the fee', () => {
    expect(book.spot).toBeCloseTo(3_400, 5);
    expect(book.bids.length).toBe(40);
    expect(book.asks.length).toBe(40);
    for (let i = 2; i < book.bids.length; i += 2) expect(book.bids[i]!).toBeLessThan(book.bids[i - 2]!);
    for (let i = 2; i < book.asks.length; i += 2) expect(book.asks[i]!).toBeGreaterThan(book.asks[i - 2]!);
    expect(book.bids[0]!).toBeLessThan(book.spot * 0.997);
    expect(book.asks[0]!).toBeGreaterThan(book.spot / 0.997);
  });

  it('walks the bids to each boundary for exactly the pair contract output', () => {
    let base = 0;
    let quote = 0;
    for (let i = 0; i < book.bids.length; i += 2) {
      base += book.bids[i + 1]!;
      quote += book.bids[i]! * book.bids[i + 1]!;
      const exact = uniswapV2Quote({ amountIn: raw(base, 18), reserveIn: RB, reserveOut: RQ, feeBps: 30 }).amountOut;
      // base accumulates in floating point: compare to the contract on the same input within a micro-USDC per unit.
      expect(Math.abs(quote - Number(exact) / 1e6)).toBeLessThan(1e-6 * Math.max(1, quote) + 2e-6);
    }
    // The marginal bid after the last level is g·P/(1+s)^levels.
    // d(out)/d(in) = g·R_q·R_b / (R_b + g·X)².
    const rb = Number(RB) / 1e18;
    const marginal = (0.997 * (Number(RQ) / 1e6) * rb) / (rb + 0.997 * base) ** 2;
    expect(marginal / (0.997 * book.spot / 1.0005 ** 20)).toBeCloseTo(1, 6);
  });

  it('walks the asks to each boundary for exactly getAmountIn of that output', () => {
    let base = 0;
    let quote = 0;
    for (let i = 0; i < book.asks.length; i += 2) {
      base += book.asks[i + 1]!;
      quote += book.asks[i]! * book.asks[i + 1]!;
      const exact = uniswapV2AmountIn({ amountOut: raw(base, 18), reserveIn: RQ, reserveOut: RB, feeBps: 30 });
      expect(Math.abs(quote - Number(exact) / 1e6)).toBeLessThan(1e-6 * Math.max(1, quote) + 2e-6);
    }
    // Buying out to boundary k moves the marginal price by (1+s)^k: R_b' = R_b/(1+s)^{k/2}.
    expect(base / (1_000 * (1 - 1.0005 ** -10))).toBeCloseTo(1, 9);
  });

  it('recovers the reserves from the book', () => {
    const r = v2ReservesFromCurveBook(book.bids, book.asks, 30);
    expect(r.reserveBase / (Number(RB) / 1e18)).toBeCloseTo(1, 6);
    expect(r.reserveQuote / (Number(RQ) / 1e6)).toBeCloseTo(1, 6);
  });

  it('rejects empty sides, a wrong fee and bad parameters', () => {
    expect(() => v2ReservesFromCurveBook([], book.asks)).toThrow(/both sides/);
    expect(() => v2ReservesFromCurveBook(book.bids, book.asks, 3_000)).toThrow(/constant-product/);
    expect(() => v2CurveBook({ ...params, reserveBase: 0n })).toThrow(/positive/);
    expect(() => v2CurveBook({ ...params, levels: 0 })).toThrow(/levels/);
    expect(() => v2CurveBook({ ...params, stepBps: -1 })).toThrow(/stepBps/);
  });
});
