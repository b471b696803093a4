/**
 * A Uniswap pool seen as a market in one base/quote pair, in human units (ETH, USDC), quoted with
 * the exact integer pool math: amounts are converted to raw token units (floored), swapped, and
 * converted back.
 */
import { ArbiterError } from '../../domain/errors.js';
import { uniswapV2Quote } from '../uniswap/v2-quote.js';
import { uniswapV3Quote, type UniswapV3PoolState } from '../uniswap/v3-quote.js';

export interface DexQuoter {
  readonly kind: 'uniswap-v2' | 'uniswap-v3';
  /** Marginal price before any trade, quote per base, fee excluded. */
  readonly spotPrice: number;
  /** Fee of the pool as a fraction of the input. */
  readonly feeRate: number;
  /** Quote received for selling `base` into the pool (0 when the pool cannot fill it). */
  sellBase(base: number): number;
  /** Base received for paying `quote` into the pool. */
  buyBase(quote: number): number;
}

function toRaw(amount: number, decimals: number): bigint {
  if (!(amount >= 0 && Number.isFinite(amount))) throw new ArbiterError('ARB_INPUT_INVALID', `amount must be finite and non-negative, got ${amount}`, { amount });
  // Split to keep 15+ significant digits for large decimals.
  const [int, frac = ''] = amount.toFixed(Math.min(decimals, 20)).split('.');
  return BigInt(int!) * 10n ** BigInt(decimals) + BigInt((frac + '0'.repeat(decimals)).slice(0, decimals) || '0');
}

function fromRaw(raw: bigint, decimals: number): number {
  const scale = 10n ** BigInt(decimals);
  return Number(raw / scale) + Number(raw % scale) / Number(scale);
}

export interface V2DexParams {
  readonly reserveBase: bigint;
  readonly reserveQuote: bigint;
  readonly baseDecimals: number;
  readonly quoteDecimals: number;
  readonly feeBps?: number;
}

export function createV2Dex(p: V2DexParams): DexQuoter {
  const feeBps = p.feeBps ?? 30;
  const spotPrice = fromRaw(p.reserveQuote, p.quoteDecimals) / fromRaw(p.reserveBase, p.baseDecimals);
  return {
    kind: 'uniswap-v2', spotPrice, feeRate: feeBps / 10_000,
    sellBase: (base) => fromRaw(uniswapV2Quote({ amountIn: toRaw(base, p.baseDecimals), reserveIn: p.reserveBase, reserveOut: p.reserveQuote, feeBps }).amountOut, p.quoteDecimals),
    buyBase: (quote) => fromRaw(uniswapV2Quote({ amountIn: toRaw(quote, p.quoteDecimals), reserveIn: p.reserveQuote, reserveOut: p.reserveBase, feeBps }).amountOut, p.baseDecimals),
  };
}

export interface V3DexParams {
  readonly pool: UniswapV3PoolState;
  /** True when the pool's token0 is the base asset. */
  readonly baseIsToken0: boolean;
  readonly baseDecimals: number;
  readonly quoteDecimals: number;
}

export function createV3Dex(p: V3DexParams): DexQuoter {
  const r = Number(p.pool.sqrtPriceX96) / 2 ** 96;
  const raw1per0 = r * r;
  const [d0, d1] = p.baseIsToken0 ? [p.baseDecimals, p.quoteDecimals] : [p.quoteDecimals, p.baseDecimals];
  const human1per0 = raw1per0 * 10 ** (d0 - d1);
  const swap = (zeroForOne: boolean, amountIn: bigint): bigint => (amountIn === 0n ? 0n : uniswapV3Quote({ pool: p.pool, zeroForOne, amountIn }).amountOut);
  return {
    kind: 'uniswap-v3', spotPrice: p.baseIsToken0 ? human1per0 : 1 / human1per0, feeRate: p.pool.fee / 1e6,
    // Selling base: base in. Base is token0 → zeroForOne.
    sellBase: (base) => fromRaw(swap(p.baseIsToken0, toRaw(base, p.baseDecimals)), p.quoteDecimals),
    buyBase: (quote) => fromRaw(swap(!p.baseIsToken0, toRaw(quote, p.quoteDecimals)), p.baseDecimals),
  };
}
