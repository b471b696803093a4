/**
 * Uniswap v2 constant-product quotes. With `bigint` inputs the arithmetic is the pair
 * contract's, exact to the wei (getAmountOut: Δy = Δx·(1−φ)·R_out / (R_in + Δx·(1−φ)), floored,
 * with φ in basis points — 30 bp is the 997/1000 of the contract); with `number` inputs the same
 * formula in floating point. Also the inverse (input for a wanted output, +1 wei as on chain)
 * and the closed-form optimal arbitrage against an outside price.
 */
import { ArbiterError } from '../../domain/errors.js';

export interface UniswapV2QuoteParams<T extends number | bigint> {
  readonly amountIn: T;
  readonly reserveIn: T;
  readonly reserveOut: T;
  /** Pool fee in basis points of the input (default 30 = 0.30 %); an integer for bigint inputs. */
  readonly feeBps?: number;
}

export interface UniswapV2Quote<T extends number | bigint> {
  readonly amountOut: T;
  /** Part of the input kept by the pool as fee (amountIn·feeBps/10,000; floored for bigint). */
  readonly feeAmount: T;
  /** amountOut / amountIn (raw units). */
  readonly executionPrice: number;
  /** reserveOut / reserveIn: the marginal price before the trade, fee excluded. */
  readonly spotPrice: number;
  /** 1 − executionPrice / spotPrice: fee and curve together (the old lab's "price impact, fee included"). */
  readonly priceImpact: number;
  /** Price impact of the curve alone: 1 − executionPrice / (spotPrice·(1 − fee)). */
  readonly curveImpact: number;
  readonly reserveInAfter: T;
  readonly reserveOutAfter: T;
}

function checkFee(feeBps: number, integer: boolean): void {
  if (!(feeBps >= 0 && feeBps < 10_000) || (integer && !Number.isInteger(feeBps))) {
    throw new ArbiterError('ARB_INPUT_INVALID', `feeBps must be ${integer ? 'an integer ' : ''}in [0, 10000), got ${feeBps}`, { feeBps });
  }
}

function bothKinds(values: ReadonlyArray<number | bigint>, names: readonly string[]): 'bigint' | 'number' {
  const kinds = new Set(values.map((v) => typeof v));
  if (kinds.size !== 1 || !(kinds.has('bigint') || kinds.has('number'))) {
    throw new ArbiterError('ARB_INPUT_INVALID', `${names.join(', ')} must all be numbers or all bigints`, {});
  }
  values.forEach((v, i) => {
    if (typeof v === 'number' ? !(Number.isFinite(v) && v >= 0) : v < 0n) {
      throw new ArbiterError('ARB_INPUT_INVALID', `${names[i]} must be a finite non-negative amount, got ${String(v)}`, { field: names[i] });
    }
  });
  return kinds.has('bigint') ? 'bigint' : 'number';
}

/**
 * Output of a v2 swap of `amountIn`.
 * @throws ArbiterError `ARB_INPUT_INVALID` on mixed number/bigint inputs, negative or non-finite
 *   amounts, empty reserves, or a fee outside [0, 10000) bp.
 * @example uniswapV2Quote({ amountIn: 10n ** 18n, reserveIn: 100n * 10n ** 18n, reserveOut: 200_000n * 10n ** 6n, feeBps: 30 })
 */
export function uniswapV2Quote<T extends number | bigint>(params: UniswapV2QuoteParams<T>): UniswapV2Quote<T> {
  const { amountIn, reserveIn, reserveOut } = params;
  const feeBps = params.feeBps ?? 30;
  const kind = bothKinds([amountIn, reserveIn, reserveOut], ['amountIn', 'reserveIn', 'reserveOut']);
  checkFee(feeBps, kind === 'bigint');
  if (kind === 'bigint') {
    const [x, rIn, rOut] = [amountIn as bigint, reserveIn as bigint, reserveOut as bigint];
    if (rIn === 0n || rOut === 0n) throw new ArbiterError('ARB_INPUT_INVALID', 'reserves must be positive', {});
    const withFee = x * BigInt(10_000 - feeBps);
    const out = (withFee * rOut) / (rIn * 10_000n + withFee);
    const feeAmount = (x * BigInt(feeBps)) / 10_000n;
    return finish(Number(x), Number(out), Number(rIn), Number(rOut), feeBps, { amountOut: out, feeAmount, reserveInAfter: rIn + x, reserveOutAfter: rOut - out }) as UniswapV2Quote<T>;
  }
  const [x, rIn, rOut] = [amountIn as number, reserveIn as number, reserveOut as number];
  if (rIn === 0 || rOut === 0) throw new ArbiterError('ARB_INPUT_INVALID', 'reserves must be positive', {});
  const withFee = x * (1 - feeBps / 10_000);
  const out = (withFee * rOut) / (rIn + withFee);
  return finish(x, out, rIn, rOut, feeBps, { amountOut: out, feeAmount: (x * feeBps) / 10_000, reserveInAfter: rIn + x, reserveOutAfter: rOut - out }) as UniswapV2Quote<T>;
}

function finish<T extends number | bigint>(
  x: number, out: number, rIn: number, rOut: number, feeBps: number,
  amounts: Pick<UniswapV2Quote<T>, 'amountOut' | 'feeAmount' | 'reserveInAfter' | 'reserveOutAfter'>,
): UniswapV2Quote<T> {
  const spotPrice = rOut / rIn;
  const executionPrice = x > 0 ? out / x : Number.NaN;
  return {
    ...amounts, executionPrice, spotPrice,
    priceImpact: 1 - executionPrice / spotPrice,
    curveImpact: 1 - executionPrice / (spotPrice * (1 - feeBps / 10_000)),
  };
}

export interface UniswapV2AmountInParams<T extends number | bigint> {
  readonly amountOut: T;
  readonly reserveIn: T;
  readonly reserveOut: T;
  readonly feeBps?: number;
}

/**
 * Input needed for an exact output: R_in·Δy / ((R_out − Δy)(1 − φ)), floored +1 for bigint as the
 * contract's getAmountIn does.
 * @throws ArbiterError `ARB_INPUT_INVALID` when the output is not below reserveOut, or on bad inputs.
 */
export function uniswapV2AmountIn<T extends number | bigint>(params: UniswapV2AmountInParams<T>): T {
  const { amountOut, reserveIn, reserveOut } = params;
  const feeBps = params.feeBps ?? 30;
  const kind = bothKinds([amountOut, reserveIn, reserveOut], ['amountOut', 'reserveIn', 'reserveOut']);
  checkFee(feeBps, kind === 'bigint');
  if (kind === 'bigint') {
    const [y, rIn, rOut] = [amountOut as bigint, reserveIn as bigint, reserveOut as bigint];
    if (rIn === 0n || y >= rOut) throw new ArbiterError('ARB_INPUT_INVALID', 'amountOut must be below reserveOut and reserves positive', { amountOut: y.toString() });
    return ((rIn * y * 10_000n) / ((rOut - y) * BigInt(10_000 - feeBps)) + 1n) as T;
  }
  const [y, rIn, rOut] = [amountOut as number, reserveIn as number, reserveOut as number];
  if (rIn === 0 || y >= rOut) throw new ArbiterError('ARB_INPUT_INVALID', 'amountOut must be below reserveOut and reserves positive', { amountOut: y });
  return ((rIn * y) / ((rOut - y) * (1 - feeBps / 10_000))) as T;
}

export interface UniswapV2OptimalArbitrage {
  /** 'buy0': pay token1 into the pool and receive token0 (token0 cheap on the pool); 'sell0': the reverse; 'none': no edge after the pool fee. */
  readonly direction: 'buy0' | 'sell0' | 'none';
  /** Input to pay into the pool: token1 for 'buy0', token0 for 'sell0'. */
  readonly amountIn: number;
  /** Pool output for that input. */
  readonly amountOut: number;
}

/**
 * Trade size that takes a v2 pool to the outside price `price` (token1 per token0, raw units)
 * net of the pool fee, maximising profit against an infinitely deep outside market with g = 1 − φ:
 * buy0 pays a* = (√(g·P·R0·R1) − R1)/g of token1; sell0 pays b* = (√(g·R0·R1/P) − R0)/g of token0.
 * Outside fees are applied by passing an effective price (P·(1−f) when selling outside, P/(1−f) when buying).
 */
export function uniswapV2OptimalArbitrage(params: { reserve0: number; reserve1: number; price: number; feeBps?: number }): UniswapV2OptimalArbitrage {
  const { reserve0: r0, reserve1: r1, price } = params;
  const feeBps = params.feeBps ?? 30;
  checkFee(feeBps, false);
  if (!(r0 > 0 && r1 > 0 && price > 0)) throw new ArbiterError('ARB_INPUT_INVALID', 'reserves and price must be positive', { price });
  const g = 1 - feeBps / 10_000;
  const buy = (Math.sqrt(g * price * r0 * r1) - r1) / g;
  if (buy > 0) return { direction: 'buy0', amountIn: buy, amountOut: (g * buy * r0) / (r1 + g * buy) };
  const sell = (Math.sqrt((g * r0 * r1) / price) - r0) / g;
  if (sell > 0) return { direction: 'sell0', amountIn: sell, amountOut: (g * sell * r1) / (r0 + g * sell) };
  return { direction: 'none', amountIn: 0, amountOut: 0 };
}
