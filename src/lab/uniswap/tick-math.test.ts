import { describe, expect, it } from 'vitest';
import { getSqrtRatioAtTick, getTickAtSqrtRatio, MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK } from './tick-math.js';

describe('tick math', () => {
  it('reproduces the protocol bounds and tick 0 exactly', () => {
    expect(getSqrtRatioAtTick(MIN_TICK)).toBe(MIN_SQRT_RATIO);
    expect(getSqrtRatioAtTick(MAX_TICK)).toBe(MAX_SQRT_RATIO);
    expect(getSqrtRatioAtTick(0)).toBe(1n << 96n);
  });

  it('gives √1.0001^±1 · 2^96 with the contract rounding', () => {
    // √1.0001 · 2^96 = 79232123823359799118286999567.97… → rounded up by the Q128→Q96 step.
    expect(getSqrtRatioAtTick(1)).toBe(79232123823359799118286999568n);
    expect(getSqrtRatioAtTick(-1)).toBe(79224201403219477170569942574n);
  });

  it('agrees with 1.0001^(i/2) in floating point across the range', () => {
    for (const tick of [-887000, -200000, -50000, -1234, -7, 3, 99, 10000, 276324, 500000, 887000]) {
      const expected = Math.exp((tick / 2) * Math.log(1.0001)) * 2 ** 96;
      expect(Number(getSqrtRatioAtTick(tick)) / expected).toBeCloseTo(1, 9); // the float reference itself loses ~1e-11 at the ends
    }
  });

  it('inverts: the greatest tick whose ratio is ≤ the price', () => {
    for (const tick of [MIN_TICK, -500001, -60, -1, 0, 1, 59, 123457, MAX_TICK - 1]) {
      const r = getSqrtRatioAtTick(tick);
      expect(getTickAtSqrtRatio(r)).toBe(tick);
      if (tick > MIN_TICK) expect(getTickAtSqrtRatio(r - 1n)).toBe(tick - 1);
      if (tick < MAX_TICK - 1) expect(getTickAtSqrtRatio(r + 1n)).toBe(tick);
    }
    expect(getTickAtSqrtRatio(MAX_SQRT_RATIO - 1n)).toBe(MAX_TICK - 1);
  });

  it('rejects ticks and prices out of range', () => {
    expect(() => getSqrtRatioAtTick(MAX_TICK + 1)).toThrow(/tick must be an integer/);
    expect(() => getSqrtRatioAtTick(0.5)).toThrow(/tick must be an integer/);
    expect(() => getTickAtSqrtRatio(MIN_SQRT_RATIO - 1n)).toThrow(/outside/);
  });
});
