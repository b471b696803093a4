/**
 * A Uniswap v2 pair seen as an order book: each side is a ladder of exact constant-product fills.
 * The marginal price moves by `stepBps` from one level boundary to the next; a level's size is the
 * base amount traded between two boundaries and its price the average price of that slice, so
 * walking the ladder from the top to any boundary costs exactly what the pair contract charges
 * (fee included, integer arithmetic: `uniswapV2Quote` for sells, `uniswapV2AmountIn` for buys).
 * Between boundaries a book walk is linear in size, the curve slightly convex; with 5 bp steps the
 * difference is below 1e-7 of the notional.
 *
 * `v2ReservesFromCurveBook` is the inverse: the reserves (human units) that produce a ladder,
 * so a strategy that sees only the book can quote the curve with the closed-form v2 math.
 */
import { ArbiterError } from '../../domain/errors.js';
import { uniswapV2AmountIn, uniswapV2Quote } from './v2-quote.js';

export interface V2CurveBookParams {
  /** Raw token units (wei for WETH, 1e-6 for USDC). */
  readonly reserveBase: bigint;
  readonly reserveQuote: bigint;
  readonly baseDecimals: number;
  readonly quoteDecimals: number;
  /** Pool fee in basis points of the input (default 30). */
  readonly feeBps?: number;
  /** Levels per side (default 40). */
  readonly levels?: number;
  /** Marginal-price step between level boundaries, bp (default 5). */
  readonly stepBps?: number;
}

export interface V2CurveBook {
  /** Flat `[price, size, …]`, best (highest) first: selling base into the pair. */
  readonly bids: number[];
  /** Flat `[price, size, …]`, best (lowest) first: buying base from the pair. */
  readonly asks: number[];
  /** Marginal price before any trade, quote per base, fee excluded (reserveQuote / reserveBase in human units). */
  readonly spot: number;
}

export const DEFAULT_CURVE_LEVELS = 40;
export const DEFAULT_CURVE_STEP_BPS = 5;

function human(raw: bigint, decimals: number): number {
  const scale = 10n ** BigInt(decimals);
  return Number(raw / scale) + Number(raw % scale) / Number(scale);
}

function checkParams(p: V2CurveBookParams): { levels: number; step: number; feeBps: number } {
  const levels = p.levels ?? DEFAULT_CURVE_LEVELS;
  const stepBps = p.stepBps ?? DEFAULT_CURVE_STEP_BPS;
  const feeBps = p.feeBps ?? 30;
  if (!(Number.isInteger(levels) && levels >= 1 && levels <= 10_000)) throw new ArbiterError('ARB_INPUT_INVALID', `levels must be an integer in [1, 10000], got ${levels}`, { levels });
  if (!(stepBps > 0 && stepBps <= 10_000)) throw new ArbiterError('ARB_INPUT_INVALID', `stepBps must be in (0, 10000], got ${stepBps}`, { stepBps });
  for (const [name, d] of [['baseDecimals', p.baseDecimals], ['quoteDecimals', p.quoteDecimals]] as const) {
    if (!(Number.isInteger(d) && d >= 0 && d <= 36)) throw new ArbiterError('ARB_INPUT_INVALID', `${name} must be an integer in [0, 36], got ${d}`, { [name]: d });
  }
  if (p.reserveBase <= 0n || p.reserveQuote <= 0n) throw new ArbiterError('ARB_INPUT_INVALID', 'reserves must be positive', { reserveBase: p.reserveBase.toString(), reserveQuote: p.reserveQuote.toString() });
  return { levels, step: 1 + stepBps / 10_000, feeBps };
}

/**
 * Both sides of the ladder of a v2 pair.
 * Sells: base in X_k = R_b((1+s)^{k/2} − 1)/g takes the marginal bid to g·P/(1+s)^k;
 * buys: base out B_k = R_b(1 − (1+s)^{−k/2}) takes the marginal ask to P/(g)·(1+s)^k.
 * @throws ArbiterError `ARB_INPUT_INVALID` on empty reserves or out-of-range parameters.
 * @example v2CurveBook({ reserveBase: 1000n * 10n ** 18n, reserveQuote: 3_400_000n * 10n ** 6n, baseDecimals: 18, quoteDecimals: 6 })
 */
export function v2CurveBook(p: V2CurveBookParams): V2CurveBook {
  const { levels, step, feeBps } = checkParams(p);
  const g = 1 - feeBps / 10_000;
  const rb = Number(p.reserveBase);
  const bids: number[] = [];
  const asks: number[] = [];
  let prevIn = 0n;
  let prevOut = 0n;
  for (let k = 1; k <= levels; k++) {
    const xIn = BigInt(Math.floor((rb * (step ** (k / 2) - 1)) / g));
    if (xIn <= prevIn) continue;
    const out = uniswapV2Quote({ amountIn: xIn, reserveIn: p.reserveBase, reserveOut: p.reserveQuote, feeBps }).amountOut;
    const size = human(xIn - prevIn, p.baseDecimals);
    const quote = human(out - prevOut, p.quoteDecimals);
    if (quote > 0) bids.push(quote / size, size);
    prevIn = xIn;
    prevOut = out;
  }
  let prevBase = 0n;
  let prevQuote = 0n;
  for (let k = 1; k <= levels; k++) {
    const bOut = BigInt(Math.floor(rb * (1 - step ** (-k / 2))));
    if (bOut <= prevBase || bOut >= p.reserveBase) continue;
    const quoteIn = uniswapV2AmountIn({ amountOut: bOut, reserveIn: p.reserveQuote, reserveOut: p.reserveBase, feeBps });
    const size = human(bOut - prevBase, p.baseDecimals);
    asks.push(human(quoteIn - prevQuote, p.quoteDecimals) / size, size);
    prevBase = bOut;
    prevQuote = quoteIn;
  }
  return { bids, asks, spot: human(p.reserveQuote, p.quoteDecimals) / human(p.reserveBase, p.baseDecimals) };
}

/**
 * The reserves (human units) behind a curve book, from the totals of each side: selling X base
 * for Q quote and buying B base for A quote give two equations in (R_b, R_q):
 * R_q = (B + gX) / (gX/Q − B/(gA)), R_b = gX·R_q/Q − gX.
 * @throws ArbiterError `ARB_INPUT_INVALID` when a side is empty or the sides are not one curve.
 */
export function v2ReservesFromCurveBook(bids: readonly number[], asks: readonly number[], feeBps = 30): { reserveBase: number; reserveQuote: number } {
  const g = 1 - feeBps / 10_000;
  let x = 0;
  let q = 0;
  for (let i = 0; i + 1 < bids.length; i += 2) {
    x += bids[i + 1]!;
    q += bids[i]! * bids[i + 1]!;
  }
  let b = 0;
  let a = 0;
  for (let i = 0; i + 1 < asks.length; i += 2) {
    b += asks[i + 1]!;
    a += asks[i]! * asks[i + 1]!;
  }
  if (!(x > 0 && q > 0 && b > 0 && a > 0)) throw new ArbiterError('ARB_INPUT_INVALID', 'a curve book needs levels on both sides', { bids: bids.length / 2, asks: asks.length / 2 });
  const denominator = (g * x) / q - b / (g * a);
  const reserveQuote = (b + g * x) / denominator;
  const reserveBase = (g * x * reserveQuote) / q - g * x;
  if (!(reserveQuote > 0 && reserveBase > b && Number.isFinite(reserveQuote))) {
    throw new ArbiterError('ARB_INPUT_INVALID', 'the book is not a constant-product curve with that fee', { feeBps });
  }
  return { reserveBase, reserveQuote };
}
