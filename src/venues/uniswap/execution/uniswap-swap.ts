/**
 * Pure parts of signed swaps: an order on a pair symbol → Router02 amounts (exact bigint) and
 * calldata, and a mined receipt → the fill's exact amounts and gas.
 *
 * A buy of q base at limit p is an exact-output swap (`swapTokensForExactTokens`): exactly ⌊q⌋
 * base out for at most ⌊q·p⌋ quote in. A sell of q is an exact-input swap
 * (`swapExactTokensForTokens`): exactly ⌊q⌋ base in for at least ⌈q·p⌉ quote out. Either way the
 * base side is exactly the order quantity (raw units) and the effective price is no worse than p
 * (the pool fee is inside it); a pool better than p makes a buy spend less quote, a sell receive
 * more.
 */
import { Decimal } from 'decimal.js';
import { decodeEventLog, encodeFunctionData, type Address, type Hex } from 'viem';
import { ArbiterError } from '../../../domain/errors.js';
import type { OrderRequest } from '../../../domain/order.js';
import { UNISWAP_V2_ROUTER_ABI, UNISWAP_V2_SWAP_EVENT_ABI } from './uniswap-abi.js';

export interface SwapToken {
  readonly address: Address;
  readonly symbol: string;
  readonly decimals: number;
}

/** A tradable pair: `symbol` is BASE-QUOTE, `baseIndex` says whether token0 or token1 is the base. */
export interface SwapPair {
  readonly symbol: string;
  readonly address: Address;
  readonly baseIndex: 0 | 1;
  readonly base: SwapToken;
  readonly quote: SwapToken;
}

/**
 * A sell is exact input (`amountIn` given, at least `amountOutMin` back); a buy is exact output
 * (`amountOut` wanted, at most `amountInMax` paid). `maxIn` is the most the router may take either
 * way (the allowance the swap needs).
 */
export type SwapAmounts =
  | { readonly kind: 'exact-input'; readonly tokenIn: Address; readonly tokenOut: Address; readonly amountIn: bigint; readonly amountOutMin: bigint; readonly maxIn: bigint }
  | { readonly kind: 'exact-output'; readonly tokenIn: Address; readonly tokenOut: Address; readonly amountOut: bigint; readonly amountInMax: bigint; readonly maxIn: bigint };

const scale = (decimals: number): Decimal => new Decimal(10).pow(decimals);
const toBig = (d: Decimal): bigint => BigInt(d.toFixed(0));

/**
 * The swap's exact side and bound for a limit order on `pair`: a buy's exact base output and
 * maximum quote input, a sell's exact base input and minimum quote output.
 * @throws ArbiterError ARB_INPUT_INVALID without a positive finite price and quantity, or when an amount rounds to zero.
 */
export function swapAmountsOf(request: Pick<OrderRequest, 'side' | 'quantity' | 'price' | 'clientOrderId'>, pair: SwapPair): SwapAmounts {
  const { quantity, price } = request;
  if (price === null || !Number.isFinite(price) || price <= 0) {
    throw new ArbiterError('ARB_INPUT_INVALID', `uniswap ${pair.symbol} ${request.clientOrderId}: a swap needs a positive limit price (its slippage bound), got ${String(price)}`, { venue: 'uniswap', symbol: pair.symbol });
  }
  if (!Number.isFinite(quantity) || quantity <= 0) {
    throw new ArbiterError('ARB_INPUT_INVALID', `uniswap ${pair.symbol} ${request.clientOrderId}: quantity must be positive, got ${quantity}`, { venue: 'uniswap', symbol: pair.symbol });
  }
  const base = new Decimal(quantity).times(scale(pair.base.decimals)).floor();
  const quote = base.div(scale(pair.base.decimals)).times(new Decimal(price)).times(scale(pair.quote.decimals));
  const out: SwapAmounts = request.side === 'buy'
    ? { kind: 'exact-output', tokenIn: pair.quote.address, tokenOut: pair.base.address, amountOut: toBig(base), amountInMax: toBig(quote.floor()), maxIn: toBig(quote.floor()) }
    : { kind: 'exact-input', tokenIn: pair.base.address, tokenOut: pair.quote.address, amountIn: toBig(base), amountOutMin: toBig(quote.ceil()), maxIn: toBig(base) };
  const [exact, bound] = out.kind === 'exact-output' ? [out.amountOut, out.amountInMax] : [out.amountIn, out.amountOutMin];
  if (exact <= 0n || bound <= 0n) {
    throw new ArbiterError('ARB_INPUT_INVALID', `uniswap ${pair.symbol} ${request.clientOrderId}: ${quantity} at ${price} rounds to nothing in raw token units`, { venue: 'uniswap', symbol: pair.symbol });
  }
  return out;
}

/** Router02 calldata for `amounts`: `swapTokensForExactTokens` for a buy, `swapExactTokensForTokens` for a sell; path [tokenIn, tokenOut], output to `to`. */
export function swapCalldataOf(amounts: SwapAmounts, to: Address, deadline: bigint): Hex {
  const path = [amounts.tokenIn, amounts.tokenOut];
  return amounts.kind === 'exact-output'
    ? encodeFunctionData({ abi: UNISWAP_V2_ROUTER_ABI, functionName: 'swapTokensForExactTokens', args: [amounts.amountOut, amounts.amountInMax, path, to, deadline] })
    : encodeFunctionData({ abi: UNISWAP_V2_ROUTER_ABI, functionName: 'swapExactTokensForTokens', args: [amounts.amountIn, amounts.amountOutMin, path, to, deadline] });
}

export interface ReceiptLike {
  readonly status: 'success' | 'reverted';
  readonly gasUsed: bigint;
  readonly effectiveGasPrice: bigint;
  readonly logs: ReadonlyArray<{ readonly address: string; readonly topics: readonly Hex[]; readonly data: Hex; readonly logIndex: number | null }>;
}

export interface SwapResult {
  /** Base and quote that changed hands (raw units). */
  readonly base: bigint;
  readonly quote: bigint;
  /** Quote per base in display units. */
  readonly price: number;
  readonly quantity: number;
  /** gasUsed × effectiveGasPrice (wei). */
  readonly gasWei: bigint;
  readonly logIndex: number;
}

/**
 * The swap a successful receipt carries: the pair's `Swap` log (exact in and out amounts).
 * @throws ArbiterError ARB_PARSE_FRAME when the receipt has no Swap log of `pair` (not a swap of this pair).
 */
export function swapResultOf(receipt: ReceiptLike, pair: SwapPair): SwapResult {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== pair.address.toLowerCase()) continue;
    let decoded;
    try {
      decoded = decodeEventLog({ abi: UNISWAP_V2_SWAP_EVENT_ABI, topics: log.topics as [Hex, ...Hex[]], data: log.data });
    } catch {
      continue; // Sync and other pair events
    }
    const { amount0In, amount1In, amount0Out, amount1Out } = decoded.args;
    const [base, quote] = pair.baseIndex === 0 ? [amount0In + amount0Out, amount1In + amount1Out] : [amount1In + amount1Out, amount0In + amount0Out];
    if (base === 0n) break;
    const baseUnits = new Decimal(base.toString()).div(scale(pair.base.decimals));
    const price = new Decimal(quote.toString()).div(scale(pair.quote.decimals)).div(baseUnits).toNumber();
    return { base, quote, price, quantity: baseUnits.toNumber(), gasWei: receipt.gasUsed * receipt.effectiveGasPrice, logIndex: log.logIndex ?? 0 };
  }
  throw new ArbiterError('ARB_PARSE_FRAME', `uniswap ${pair.symbol}: the receipt has no Swap log of pair ${pair.address}`, { venue: 'uniswap', symbol: pair.symbol });
}
