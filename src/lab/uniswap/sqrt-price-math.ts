/**
 * Amounts and next prices inside one tick range of constant liquidity L (v3 whitepaper
 * eq. 6.13–6.16): Δ√P = Δy / L for token1, Δ(1/√P) = Δx / L for token0. Rounding follows the
 * pool contract: amounts the pool receives round up, amounts it pays round down, and the next
 * price always rounds in the pool's favour.
 */
import { ArbiterError } from '../../domain/errors.js';
import { divRoundingUp, MAX_UINT160, MAX_UINT256, mulDiv, mulDivRoundingUp, Q96 } from './full-math.js';

function revert(message: string): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', message, {});
}

/** Next sqrt price after adding (or removing) `amount` of token0; rounds up. */
export function getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (amount === 0n) return sqrtPX96;
  const numerator1 = liquidity << 96n;
  const product = amount * sqrtPX96;
  if (add) {
    // The contract falls back to a less precise form when amount·√P overflows uint256.
    if (product <= MAX_UINT256) {
      const denominator = numerator1 + product;
      if (denominator <= MAX_UINT256 && denominator >= numerator1) return mulDivRoundingUp(numerator1, sqrtPX96, denominator);
    }
    return divRoundingUp(numerator1, numerator1 / sqrtPX96 + amount);
  }
  if (product > MAX_UINT256 || numerator1 <= product) throw revert('not enough token0 liquidity for the requested output');
  return mulDivRoundingUp(numerator1, sqrtPX96, numerator1 - product);
}

/** Next sqrt price after adding (or removing) `amount` of token1; rounds down. */
export function getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (add) {
    const quotient = amount <= MAX_UINT160 ? (amount << 96n) / liquidity : mulDiv(amount, Q96, liquidity);
    const next = sqrtPX96 + quotient;
    if (next > MAX_UINT160) throw revert('sqrt price overflows uint160');
    return next;
  }
  const quotient = amount <= MAX_UINT160 ? divRoundingUp(amount << 96n, liquidity) : mulDivRoundingUp(amount, Q96, liquidity);
  if (sqrtPX96 <= quotient) throw revert('not enough token1 liquidity for the requested output');
  return sqrtPX96 - quotient;
}

/** Next sqrt price after `amountIn` enters the pool (token0 when zeroForOne). */
export function getNextSqrtPriceFromInput(sqrtPX96: bigint, liquidity: bigint, amountIn: bigint, zeroForOne: boolean): bigint {
  if (sqrtPX96 <= 0n || liquidity <= 0n) throw revert('input needs a positive price and liquidity');
  return zeroForOne
    ? getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountIn, true)
    : getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountIn, true);
}

/** Next sqrt price after `amountOut` leaves the pool (token1 when zeroForOne). */
export function getNextSqrtPriceFromOutput(sqrtPX96: bigint, liquidity: bigint, amountOut: bigint, zeroForOne: boolean): bigint {
  if (sqrtPX96 <= 0n || liquidity <= 0n) throw revert('output needs a positive price and liquidity');
  return zeroForOne
    ? getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountOut, false)
    : getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountOut, false);
}

/** Token0 between two sqrt prices for liquidity L: L·2^96·(√b − √a)/(√b·√a). */
export function getAmount0Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [lo, hi] = sqrtA < sqrtB ? [sqrtA, sqrtB] : [sqrtB, sqrtA];
  if (lo <= 0n) throw revert('sqrt price must be positive');
  const numerator1 = liquidity << 96n;
  const numerator2 = hi - lo;
  return roundUp ? divRoundingUp(mulDivRoundingUp(numerator1, numerator2, hi), lo) : mulDiv(numerator1, numerator2, hi) / lo;
}

/** Token1 between two sqrt prices for liquidity L: L·(√b − √a)/2^96. */
export function getAmount1Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [lo, hi] = sqrtA < sqrtB ? [sqrtA, sqrtB] : [sqrtB, sqrtA];
  return roundUp ? mulDivRoundingUp(liquidity, hi - lo, Q96) : mulDiv(liquidity, hi - lo, Q96);
}
