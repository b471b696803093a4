import { describe, expect, it } from 'vitest';
import { computeSwapStep } from './swap-math.js';
import { getSqrtRatioAtTick } from './tick-math.js';
import { uniswapV3Quote, type UniswapV3PoolState } from './v3-quote.js';

const Q96 = 1n << 96n;
const E18 = 10n ** 18n;

/** One range [-60000, 60000] with L = 1e18, price 1 (tick 0). */
const single: UniswapV3PoolState = {
  sqrtPriceX96: Q96, tick: 0, liquidity: E18, fee: 3000, tickSpacing: 60,
  ticks: [{ index: -60000, liquidityNet: E18 }, { index: 60000, liquidityNet: -E18 }],
};

/** Two positions: [-600, 600] with 1e18 and [0, 1200] with 5e17; at tick 0 both are active. */
const layered: UniswapV3PoolState = {
  sqrtPriceX96: Q96, tick: 0, liquidity: E18 + E18 / 2n, fee: 3000, tickSpacing: 60,
  ticks: [
    { index: -600, liquidityNet: E18 }, { index: 0, liquidityNet: E18 / 2n },
    { index: 600, liquidityNet: -E18 }, { index: 1200, liquidityNet: -E18 / 2n },
  ],
};

describe('uniswapV3Quote', () => {
  it('matches a hand computation inside one range (token1 in, exact input)', () => {
    // fee: 1e15·(1 − 0.003) = 997e12 enters the curve; Δ√P = floor(997e12·2^96 / 1e18);
    // out0 = floor(floor(L·2^96·Δ/√P_next) / 2^96).
    const q = uniswapV3Quote({ pool: single, zeroForOne: false, amountIn: 10n ** 15n });
    expect(q.sqrtPriceX96After).toBe(79307152992291059138124713654n);
    expect(q.sqrtPriceX96After - Q96).toBe(78990478026721544580763318n);
    expect(q.amountOut).toBe(996006981039903n);
    expect(q.amountIn).toBe(10n ** 15n);
    expect(q.feeAmount).toBe(3n * 10n ** 12n);
    expect(q.tickAfter).toBe(19); // 1.0001^19 < (1.000997)… < 1.0001^20
    expect(q.ticksCrossed).toBe(0);
    // Continuous check: L·(1 − 1/(1 + 997e-6)).
    expect(Number(q.amountOut) / (1e18 * (1 - 1 / 1.000997))).toBeCloseTo(1, 12);
    expect(q.priceImpact).toBeGreaterThan(0.003);
  });

  it('crosses initialized ticks and changes active liquidity', () => {
    const amountIn = 6n * 10n ** 16n; // enough token1 to pass tick 600, not 1200
    const q = uniswapV3Quote({ pool: layered, zeroForOne: false, amountIn });
    expect(q.ticksCrossed).toBe(1);
    expect(q.liquidityAfter).toBe(E18 / 2n);
    expect(q.tickAfter).toBeGreaterThanOrEqual(600);
    expect(q.tickAfter).toBeLessThan(1200);
    // The same result from two explicit steps: to √P(600) with L = 1.5e18, then on with 5e17.
    const s1 = computeSwapStep(Q96, getSqrtRatioAtTick(600), E18 + E18 / 2n, amountIn, 3000n);
    expect(s1.sqrtNext).toBe(getSqrtRatioAtTick(600));
    const s2 = computeSwapStep(s1.sqrtNext, getSqrtRatioAtTick(1200), E18 / 2n, amountIn - s1.amountIn - s1.feeAmount, 3000n);
    expect(q.amountOut).toBe(s1.amountOut + s2.amountOut);
    expect(q.feeAmount).toBe(s1.feeAmount + s2.feeAmount);
    expect(q.sqrtPriceX96After).toBe(s2.sqrtNext);
    // Continuous: token0 out = L1·(1/√1 − 1/√p600) + L2·(1/√p600 − 1/√p_end).
    const p600 = Math.sqrt(1.0001 ** 600);
    const pEnd = Number(q.sqrtPriceX96After) / 2 ** 96;
    const expected = 1.5e18 * (1 - 1 / p600) + 0.5e18 * (1 / p600 - 1 / pEnd);
    expect(Number(q.amountOut) / expected).toBeCloseTo(1, 9);
  });

  it('swaps token0 in (price down) across the lower tick', () => {
    const q = uniswapV3Quote({ pool: layered, zeroForOne: true, amountIn: 10n ** 17n });
    // Going down from tick 0: tick 0 itself is initialized and crossed first (L 1.5e18 → 1e18), then -600 (→ 0).
    expect(q.ticksCrossed).toBe(2);
    expect(q.complete).toBe(false); // liquidity ends at -600: only part of the input fits
    expect(q.liquidityAfter).toBe(0n);
    const inRange = 1e18 * (Math.sqrt(1.0001 ** 600) - 1) / 0.997;
    expect(Number(q.amountIn) / inRange).toBeCloseTo(1, 6);
  });

  it('quotes exact output consistently with exact input', () => {
    const forward = uniswapV3Quote({ pool: layered, zeroForOne: false, amountIn: 5n * 10n ** 16n });
    const back = uniswapV3Quote({ pool: layered, zeroForOne: false, amountOut: forward.amountOut });
    expect(back.amountOut).toBe(forward.amountOut);
    expect(back.amountIn).toBeLessThanOrEqual(forward.amountIn);
    expect(forward.amountIn - back.amountIn).toBeLessThan(10n);
  });

  it('stops at a price limit and reports an incomplete fill', () => {
    const limit = getSqrtRatioAtTick(300);
    const q = uniswapV3Quote({ pool: layered, zeroForOne: false, amountIn: 10n ** 18n, sqrtPriceLimitX96: limit });
    expect(q.sqrtPriceX96After).toBe(limit);
    expect(q.complete).toBe(false);
  });

  it('rejects bad requests', () => {
    expect(() => uniswapV3Quote({ pool: single, zeroForOne: true })).toThrow(/exactly one of amountIn or amountOut/);
    expect(() => uniswapV3Quote({ pool: single, zeroForOne: true, amountIn: 1n, sqrtPriceLimitX96: 2n * Q96 })).toThrow(/sqrtPriceLimitX96/);
    expect(() => uniswapV3Quote({ pool: { ...single, ticks: [{ index: 7, liquidityNet: 1n }] }, zeroForOne: true, amountIn: 1n })).toThrow(/multiple of the tick spacing/);
  });
});
