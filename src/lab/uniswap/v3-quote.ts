/**
 * Uniswap v3 swap quote: the pool contract's swap loop over a pool state (price, liquidity,
 * initialized ticks), stepping tick range by tick range and crossing initialized ticks, with the
 * contract's rounding, so an exact-input or exact-output quote matches the chain to the wei.
 * Steps stop at tick-bitmap word boundaries as the contract's do (each step rounds on its own).
 */
import { ArbiterError } from '../../domain/errors.js';
import { computeSwapStep } from './swap-math.js';
import { getSqrtRatioAtTick, getTickAtSqrtRatio, MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK, sqrtPriceX96ToPrice } from './tick-math.js';

export interface UniswapV3Tick {
  readonly index: number;
  /** Liquidity added when the price crosses this tick upwards (removed downwards). */
  readonly liquidityNet: bigint;
}

export interface UniswapV3PoolState {
  readonly sqrtPriceX96: bigint;
  readonly tick: number;
  /** Active liquidity in the current range. */
  readonly liquidity: bigint;
  /** Fee in pips (1e-6 of the input): 500, 3000, 10000. */
  readonly fee: number;
  readonly tickSpacing: number;
  /** Initialized ticks (any order; every index a multiple of tickSpacing). */
  readonly ticks: readonly UniswapV3Tick[];
}

export interface UniswapV3QuoteParams {
  readonly pool: UniswapV3PoolState;
  /** true: token0 in, token1 out (price falls). */
  readonly zeroForOne: boolean;
  /** Exact input, fee included. Give this or `amountOut`. */
  readonly amountIn?: bigint;
  /** Exact output. */
  readonly amountOut?: bigint;
  /** Stop at this sqrt price (default: the protocol bounds). */
  readonly sqrtPriceLimitX96?: bigint;
}

export interface UniswapV3Quote {
  /** Token paid into the pool, fee included. */
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly feeAmount: bigint;
  readonly sqrtPriceX96After: bigint;
  readonly tickAfter: number;
  readonly liquidityAfter: bigint;
  readonly ticksCrossed: number;
  /** False when the price limit (or the end of liquidity) stopped the swap before the amount was met. */
  readonly complete: boolean;
  /** amountOut / amountIn in raw token units. */
  readonly executionPrice: number;
  /** Marginal price before the swap, output token per input token (raw units, fee excluded). */
  readonly spotPrice: number;
  /** 1 − executionPrice / spotPrice: fee and price movement together. */
  readonly priceImpact: number;
}

const sortedTicks = new WeakMap<readonly UniswapV3Tick[], { compressed: Int32Array; net: Map<number, bigint> }>();

function tickIndex(pool: UniswapV3PoolState): { compressed: Int32Array; net: Map<number, bigint> } {
  const cached = sortedTicks.get(pool.ticks);
  if (cached) return cached;
  const net = new Map<number, bigint>();
  for (const t of pool.ticks) {
    if (!Number.isInteger(t.index) || t.index % pool.tickSpacing !== 0 || t.index < MIN_TICK || t.index > MAX_TICK) {
      throw new ArbiterError('ARB_INPUT_INVALID', `tick ${t.index} is not a multiple of the tick spacing ${pool.tickSpacing} within the tick range`, { tick: t.index });
    }
    net.set(t.index / pool.tickSpacing, (net.get(t.index / pool.tickSpacing) ?? 0n) + t.liquidityNet);
  }
  const compressed = Int32Array.from([...net.keys()].sort((a, b) => a - b));
  const built = { compressed, net };
  sortedTicks.set(pool.ticks, built);
  return built;
}

/** The contract's nextInitializedTickWithinOneWord, over a sorted list of initialized compressed ticks. */
function nextTickWithinWord(sorted: Int32Array, tick: number, spacing: number, lte: boolean): { next: number; initialized: boolean } {
  let compressed = Math.trunc(tick / spacing);
  if (tick < 0 && tick % spacing !== 0) compressed--;
  // First index with sorted[i] > x.
  const upper = (x: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (sorted[m]! <= x) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
  if (lte) {
    const wordStart = (compressed >> 8) << 8;
    const i = upper(compressed) - 1;
    if (i >= 0 && sorted[i]! >= wordStart) return { next: sorted[i]! * spacing, initialized: true };
    return { next: wordStart * spacing, initialized: false };
  }
  const start = compressed + 1;
  const wordEnd = ((start >> 8) << 8) + 255;
  const i = upper(start - 1);
  if (i < sorted.length && sorted[i]! <= wordEnd) return { next: sorted[i]! * spacing, initialized: true };
  return { next: wordEnd * spacing, initialized: false };
}

/**
 * Quotes a swap against a v3 pool state without changing it.
 * @throws ArbiterError `ARB_INPUT_INVALID` on a missing/negative amount, a bad price limit, an
 *   inconsistent pool (negative liquidity after a crossing) or ticks off the spacing.
 */
export function uniswapV3Quote(params: UniswapV3QuoteParams): UniswapV3Quote {
  const { pool, zeroForOne } = params;
  const exactIn = params.amountIn !== undefined;
  const specified = params.amountIn ?? params.amountOut;
  if (specified === undefined || (params.amountIn !== undefined && params.amountOut !== undefined) || specified <= 0n) {
    throw new ArbiterError('ARB_INPUT_INVALID', 'give exactly one of amountIn or amountOut, positive', {});
  }
  if (!Number.isInteger(pool.fee) || pool.fee < 0 || pool.fee >= 1_000_000) throw new ArbiterError('ARB_INPUT_INVALID', `fee must be an integer number of pips in [0, 1e6), got ${pool.fee}`, { fee: pool.fee });
  if (!Number.isInteger(pool.tickSpacing) || pool.tickSpacing <= 0) throw new ArbiterError('ARB_INPUT_INVALID', `tickSpacing must be a positive integer, got ${pool.tickSpacing}`, { tickSpacing: pool.tickSpacing });
  const limit = params.sqrtPriceLimitX96 ?? (zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n);
  if (zeroForOne ? !(limit < pool.sqrtPriceX96 && limit > MIN_SQRT_RATIO) : !(limit > pool.sqrtPriceX96 && limit < MAX_SQRT_RATIO)) {
    throw new ArbiterError('ARB_INPUT_INVALID', 'sqrtPriceLimitX96 must lie beyond the current price in the swap direction and inside the protocol bounds', { limit: limit.toString() });
  }
  const { compressed, net } = tickIndex(pool);
  const fee = BigInt(pool.fee);
  let remaining = exactIn ? specified : -specified;
  let calculated = 0n;
  let feeTotal = 0n;
  let sqrtP = pool.sqrtPriceX96;
  let tick = pool.tick;
  let liquidity = pool.liquidity;
  let crossed = 0;
  while (remaining !== 0n && sqrtP !== limit) {
    const stepStart = sqrtP;
    const found = nextTickWithinWord(compressed, tick, pool.tickSpacing, zeroForOne);
    const tickNext = Math.min(MAX_TICK, Math.max(MIN_TICK, found.next));
    const sqrtAtNext = getSqrtRatioAtTick(tickNext);
    const target = zeroForOne ? (sqrtAtNext < limit ? limit : sqrtAtNext) : sqrtAtNext > limit ? limit : sqrtAtNext;
    const step = computeSwapStep(sqrtP, target, liquidity, remaining, fee);
    sqrtP = step.sqrtNext;
    if (exactIn) {
      remaining -= step.amountIn + step.feeAmount;
      calculated += step.amountOut;
    } else {
      remaining += step.amountOut;
      calculated += step.amountIn + step.feeAmount;
    }
    feeTotal += step.feeAmount;
    if (sqrtP === sqrtAtNext) {
      if (found.initialized) {
        const liquidityNet = net.get(tickNext / pool.tickSpacing) ?? 0n;
        liquidity += zeroForOne ? -liquidityNet : liquidityNet;
        if (liquidity < 0n) throw new ArbiterError('ARB_INPUT_INVALID', `pool state is inconsistent: liquidity below zero after crossing tick ${tickNext}`, { tick: tickNext });
        crossed++;
      }
      tick = zeroForOne ? tickNext - 1 : tickNext;
    } else if (sqrtP !== stepStart) {
      tick = getTickAtSqrtRatio(sqrtP);
    }
  }
  const amountIn = exactIn ? specified - remaining : calculated;
  const amountOut = exactIn ? calculated : specified + remaining;
  const p0 = sqrtPriceX96ToPrice(pool.sqrtPriceX96);
  const spotPrice = zeroForOne ? p0 : 1 / p0;
  const executionPrice = amountIn > 0n ? Number(amountOut) / Number(amountIn) : Number.NaN;
  return {
    amountIn, amountOut, feeAmount: feeTotal, sqrtPriceX96After: sqrtP, tickAfter: tick, liquidityAfter: liquidity, ticksCrossed: crossed,
    complete: remaining === 0n, executionPrice, spotPrice, priceImpact: 1 - executionPrice / spotPrice,
  };
}
