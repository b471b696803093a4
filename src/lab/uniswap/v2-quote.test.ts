import { describe, expect, it } from 'vitest';
import { uniswapV2AmountIn, uniswapV2OptimalArbitrage, uniswapV2Quote } from './v2-quote.js';

describe('uniswapV2Quote', () => {
  it('is the pair contract to the wei with bigint inputs (997/1000 at 30 bp)', () => {
    // 1 WETH into 100 WETH / 200,000 USDC: 1e18·997·2e11 / (1e20·1000 + 1e18·997) = 1,974,316,068.8… → floor.
    const q = uniswapV2Quote({ amountIn: 10n ** 18n, reserveIn: 100n * 10n ** 18n, reserveOut: 200_000n * 10n ** 6n, feeBps: 30 });
    expect(q.amountOut).toBe(1_974_316_068n);
    expect(q.feeAmount).toBe(3n * 10n ** 15n);
    expect(q.reserveInAfter).toBe(101n * 10n ** 18n);
    expect(q.reserveOutAfter).toBe(200_000n * 10n ** 6n - 1_974_316_068n);
    for (const [x, r0, r1] of [[1n, 1000n, 1000n], [123456789n, 10n ** 21n, 7n * 10n ** 20n], [5n * 10n ** 17n, 3n * 10n ** 18n, 11n * 10n ** 9n]] as const) {
      expect(uniswapV2Quote({ amountIn: x, reserveIn: r0, reserveOut: r1 }).amountOut).toBe((x * 997n * r1) / (r0 * 1000n + x * 997n));
    }
  });

  it('gives execution price and price impact (fee included) by hand', () => {
    // 10 in, reserves 100/100, 30 bp: out = 9.97·100/109.97.
    const q = uniswapV2Quote({ amountIn: 10, reserveIn: 100, reserveOut: 100, feeBps: 30 });
    expect(q.amountOut).toBeCloseTo(997 / 109.97, 12);
    expect(q.executionPrice).toBeCloseTo(99.7 / 109.97, 14);
    expect(q.spotPrice).toBe(1);
    expect(q.priceImpact).toBeCloseTo(1 - 99.7 / 109.97, 14);
    expect(q.curveImpact).toBeCloseTo(1 - 100 / 109.97, 12);
    const noFee = uniswapV2Quote({ amountIn: 10, reserveIn: 100, reserveOut: 100, feeBps: 0 });
    expect(noFee.amountOut).toBeCloseTo(1000 / 110, 13);
  });

  it('inverts with getAmountIn (+1 wei on chain)', () => {
    const rIn = 100n * 10n ** 18n;
    const rOut = 200_000n * 10n ** 6n;
    const amountIn = uniswapV2AmountIn({ amountOut: 1_974_316_068n, reserveIn: rIn, reserveOut: rOut });
    expect(uniswapV2Quote({ amountIn, reserveIn: rIn, reserveOut: rOut }).amountOut).toBeGreaterThanOrEqual(1_974_316_068n);
    expect(uniswapV2Quote({ amountIn: amountIn - 2n * 10n ** 8n, reserveIn: rIn, reserveOut: rOut }).amountOut).toBeLessThan(1_974_316_068n);
    expect(uniswapV2AmountIn({ amountOut: 9.97 * 100 / 109.97, reserveIn: 100, reserveOut: 100 })).toBeCloseTo(10, 10);
  });

  it('sizes the closed-form arbitrage so the pool ends at the outside price net of fee', () => {
    const r0 = 1000;
    const r1 = 2_000_000; // pool price 2000
    const arb = uniswapV2OptimalArbitrage({ reserve0: r0, reserve1: r1, price: 2100, feeBps: 30 });
    expect(arb.direction).toBe('buy0');
    // At a*, the marginal cost of token0, 1 / (d out / d a) = (R1 + g·a)² / (g·R0·R1), equals 2100.
    const g = 0.997;
    expect((r1 + g * arb.amountIn) ** 2 / (g * r0 * r1)).toBeCloseTo(2100, 6);
    expect(arb.amountOut).toBeCloseTo((g * arb.amountIn * r0) / (r1 + g * arb.amountIn), 9);
    expect(uniswapV2OptimalArbitrage({ reserve0: r0, reserve1: r1, price: 1900 }).direction).toBe('sell0');
    expect(uniswapV2OptimalArbitrage({ reserve0: r0, reserve1: r1, price: 2001 }).direction).toBe('none');
  });

  it('rejects mixed types, negative amounts and bad fees', () => {
    expect(() => uniswapV2Quote({ amountIn: 1n, reserveIn: 10 as unknown as bigint, reserveOut: 10n })).toThrow(/all be numbers or all bigints/);
    expect(() => uniswapV2Quote({ amountIn: -1, reserveIn: 10, reserveOut: 10 })).toThrow(/amountIn must be a finite non-negative/);
    expect(() => uniswapV2Quote({ amountIn: 1n, reserveIn: 10n, reserveOut: 10n, feeBps: 2.5 })).toThrow(/feeBps must be an integer/);
    expect(() => uniswapV2Quote({ amountIn: 1, reserveIn: 0, reserveOut: 10 })).toThrow(/reserves must be positive/);
  });
});
