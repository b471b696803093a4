/**
 * Ticks and sqrt prices (Uniswap v3 whitepaper §6.1–6.3): price(i) = 1.0001^i and
 * sqrtPriceX96 = √price · 2^96, computed exactly as the pool contract does so quotes match the
 * chain to the wei.
 *
 * The contract multiplies, for every set bit k of |tick|, a Q128 constant
 * c_k = round(2^128 · 1.0001^(−2^k / 2)), inverts for positive ticks, and rounds the Q128.128
 * ratio up to Q64.96. The constants are derived here at load time with 320-bit fixed point (each
 * from the previous by squaring), not copied; tests pin the results the chain defines
 * (MIN_SQRT_RATIO, MAX_SQRT_RATIO, 2^96 at tick 0).
 */
import { ArbiterError } from '../../domain/errors.js';
import { MAX_UINT256, sqrtBigInt } from './full-math.js';

export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
/** getSqrtRatioAtTick(MIN_TICK). */
export const MIN_SQRT_RATIO = 4295128739n;
/** getSqrtRatioAtTick(MAX_TICK). */
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;

const TICK_CONSTANTS: readonly bigint[] = (() => {
  const F = 320n;
  const half = 1n << (F - 129n);
  let x = sqrtBigInt((10000n << (2n * F)) / 10001n); // √(1/1.0001) in 2^F fixed point
  const out: bigint[] = [];
  for (let k = 0; k < 20; k++) {
    out.push((x + half) >> (F - 128n));
    x = (x * x + (1n << (F - 1n))) >> F;
  }
  return out;
})();

/**
 * sqrt(1.0001^tick) · 2^96, rounded as the pool contract rounds.
 * @throws ArbiterError `ARB_INPUT_INVALID` for a non-integer tick or one outside [MIN_TICK, MAX_TICK].
 */
export function getSqrtRatioAtTick(tick: number): bigint {
  if (!Number.isInteger(tick) || tick < MIN_TICK || tick > MAX_TICK) {
    throw new ArbiterError('ARB_INPUT_INVALID', `tick must be an integer in [${MIN_TICK}, ${MAX_TICK}], got ${tick}`, { tick });
  }
  const abs = Math.abs(tick);
  let ratio = abs & 1 ? TICK_CONSTANTS[0]! : 1n << 128n;
  for (let k = 1; k < 20; k++) if (abs & (1 << k)) ratio = (ratio * TICK_CONSTANTS[k]!) >> 128n;
  if (tick > 0) ratio = MAX_UINT256 / ratio;
  return (ratio >> 32n) + (ratio % (1n << 32n) === 0n ? 0n : 1n);
}

/**
 * The greatest tick whose sqrt ratio is ≤ `sqrtPriceX96` (the contract's getTickAtSqrtRatio,
 * found here by bisection over the exact getSqrtRatioAtTick, which is monotone).
 * @throws ArbiterError `ARB_INPUT_INVALID` outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO).
 */
export function getTickAtSqrtRatio(sqrtPriceX96: bigint): number {
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO) {
    throw new ArbiterError('ARB_INPUT_INVALID', 'sqrtPriceX96 is outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO)', { sqrtPriceX96: sqrtPriceX96.toString() });
  }
  // Start from the float estimate and bisect a small bracket around it.
  const estimate = Math.floor(Math.log((Number(sqrtPriceX96) / 2 ** 96) ** 2) / Math.log(1.0001));
  let lo = Math.max(MIN_TICK, estimate - 2);
  let hi = Math.min(MAX_TICK, estimate + 2);
  if (getSqrtRatioAtTick(lo) > sqrtPriceX96) lo = MIN_TICK;
  if (getSqrtRatioAtTick(hi) <= sqrtPriceX96) hi = MAX_TICK;
  // Invariant: ratio(lo) ≤ sqrtPrice < ratio(hi).
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (getSqrtRatioAtTick(mid) <= sqrtPriceX96) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Price of token0 in token1 (raw units) at a sqrt price, as a float: (sqrtPriceX96 / 2^96)². */
export function sqrtPriceX96ToPrice(sqrtPriceX96: bigint): number {
  const r = Number(sqrtPriceX96) / 2 ** 96;
  return r * r;
}
