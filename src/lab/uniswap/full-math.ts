/**
 * Integer helpers for exact on-chain arithmetic with `bigint`: floor and ceiling division and
 * the 512-bit-safe mulDiv of the Uniswap contracts (in bigint nothing overflows, so mulDiv is a
 * plain floor(a·b/d); the uint256 bound is checked where the contract would revert).
 */
import { ArbiterError } from '../../domain/errors.js';

export const Q96 = 1n << 96n;
export const Q128 = 1n << 128n;
export const MAX_UINT256 = (1n << 256n) - 1n;
export const MAX_UINT160 = (1n << 160n) - 1n;
export const MAX_UINT128 = (1n << 128n) - 1n;

function requireUint256(value: bigint, what: string): bigint {
  if (value < 0n || value > MAX_UINT256) throw new ArbiterError('ARB_INPUT_INVALID', `${what} is outside uint256`, { value: value.toString() });
  return value;
}

/** floor(a·b / d) for non-negative operands; throws where the contract would revert (d = 0, result > uint256). */
export function mulDiv(a: bigint, b: bigint, d: bigint): bigint {
  if (d <= 0n) throw new ArbiterError('ARB_INPUT_INVALID', 'mulDiv by zero', {});
  return requireUint256((a * b) / d, 'mulDiv result');
}

/** ceil(a·b / d) for non-negative operands. */
export function mulDivRoundingUp(a: bigint, b: bigint, d: bigint): bigint {
  if (d <= 0n) throw new ArbiterError('ARB_INPUT_INVALID', 'mulDivRoundingUp by zero', {});
  const product = a * b;
  const q = product / d;
  return requireUint256(product % d === 0n ? q : q + 1n, 'mulDivRoundingUp result');
}

/** ceil(a / d) for non-negative operands. */
export function divRoundingUp(a: bigint, d: bigint): bigint {
  if (d <= 0n) throw new ArbiterError('ARB_INPUT_INVALID', 'divRoundingUp by zero', {});
  const q = a / d;
  return a % d === 0n ? q : q + 1n;
}

/** Integer square root (floor) by Newton's method. */
export function sqrtBigInt(n: bigint): bigint {
  if (n < 0n) throw new ArbiterError('ARB_INPUT_INVALID', 'square root of a negative number', { n: n.toString() });
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
