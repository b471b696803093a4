/**
 * One swap step inside a tick range (the pool contract's computeSwapStep): how far the price
 * moves toward `sqrtTarget` with what remains of the order, the amounts in and out, and the fee
 * (in pips, 1e-6 of the input; 3000 = 0.30 %).
 */
import { mulDiv, mulDivRoundingUp } from './full-math.js';
import { getAmount0Delta, getAmount1Delta, getNextSqrtPriceFromInput, getNextSqrtPriceFromOutput } from './sqrt-price-math.js';

export interface SwapStep {
  readonly sqrtNext: bigint;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly feeAmount: bigint;
}

const PIPS = 1_000_000n;

/**
 * @param amountRemaining > 0: exact input left (fee included); < 0: exact output still wanted.
 * @param feePips fee in hundredths of a basis point.
 */
export function computeSwapStep(sqrtCurrent: bigint, sqrtTarget: bigint, liquidity: bigint, amountRemaining: bigint, feePips: bigint): SwapStep {
  const zeroForOne = sqrtCurrent >= sqrtTarget;
  const exactIn = amountRemaining >= 0n;
  let sqrtNext: bigint;
  let amountIn = 0n;
  let amountOut = 0n;
  if (exactIn) {
    const lessFee = mulDiv(amountRemaining, PIPS - feePips, PIPS);
    amountIn = zeroForOne ? getAmount0Delta(sqrtTarget, sqrtCurrent, liquidity, true) : getAmount1Delta(sqrtCurrent, sqrtTarget, liquidity, true);
    sqrtNext = lessFee >= amountIn ? sqrtTarget : getNextSqrtPriceFromInput(sqrtCurrent, liquidity, lessFee, zeroForOne);
  } else {
    amountOut = zeroForOne ? getAmount1Delta(sqrtTarget, sqrtCurrent, liquidity, false) : getAmount0Delta(sqrtCurrent, sqrtTarget, liquidity, false);
    sqrtNext = -amountRemaining >= amountOut ? sqrtTarget : getNextSqrtPriceFromOutput(sqrtCurrent, liquidity, -amountRemaining, zeroForOne);
  }
  const reachedTarget = sqrtNext === sqrtTarget;
  if (zeroForOne) {
    if (!(reachedTarget && exactIn)) amountIn = getAmount0Delta(sqrtNext, sqrtCurrent, liquidity, true);
    if (!(reachedTarget && !exactIn)) amountOut = getAmount1Delta(sqrtNext, sqrtCurrent, liquidity, false);
  } else {
    if (!(reachedTarget && exactIn)) amountIn = getAmount1Delta(sqrtCurrent, sqrtNext, liquidity, true);
    if (!(reachedTarget && !exactIn)) amountOut = getAmount0Delta(sqrtCurrent, sqrtNext, liquidity, false);
  }
  if (!exactIn && amountOut > -amountRemaining) amountOut = -amountRemaining;
  const feeAmount = exactIn && sqrtNext !== sqrtTarget ? amountRemaining - amountIn : mulDivRoundingUp(amountIn, feePips, PIPS - feePips);
  return { sqrtNext, amountIn, amountOut, feeAmount };
}
