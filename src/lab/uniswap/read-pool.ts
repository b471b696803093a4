/**
 * Pool state over Ethereum JSON-RPC (`eth_call` through a viem public client): a v2 pair's
 * reserves, or a v3 pool's slot0, liquidity, fee, tick spacing and the initialized ticks found in
 * the tick bitmap around the current price. Every call of one read is pinned to the same block,
 * so the state is consistent.
 */
import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError, type Address, type PublicClient } from 'viem';
import { ArbiterError } from '../../domain/errors.js';
import { ERC20_ABI, UNISWAP_V2_PAIR_ABI, UNISWAP_V3_POOL_ABI } from './pool-abi.js';
import type { UniswapV3PoolState, UniswapV3Tick } from './v3-quote.js';

export interface UniswapV2PairState {
  readonly address: Address;
  readonly token0: Address;
  readonly token1: Address;
  readonly reserve0: bigint;
  readonly reserve1: bigint;
  /** Pair's own timestamp of the last reserve update, epoch seconds. */
  readonly blockTimestampLast: number;
  readonly blockNumber: bigint;
}

export interface UniswapV3PoolSnapshot extends UniswapV3PoolState {
  readonly address: Address;
  readonly token0: Address;
  readonly token1: Address;
  readonly blockNumber: bigint;
  /** Bitmap words read on each side of the current one: ticks beyond them are not known. */
  readonly wordRadius: number;
}

/** A contract that answers nothing or reverts is the wrong address (fix the input); anything else is the node (retry). */
function wrap(error: unknown, what: string, address: string): ArbiterError {
  const message = error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
  const notThatContract = error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionZeroDataError || e instanceof ContractFunctionRevertedError) !== null;
  return notThatContract
    ? new ArbiterError('ARB_INPUT_INVALID', `${what} of ${address} failed: the address does not answer as that contract (${message})`, { venue: 'uniswap', address }, { cause: error })
    : new ArbiterError('ARB_VENUE_TRANSIENT', `${what} of ${address} failed: ${message}`, { venue: 'uniswap', address }, { cause: error });
}

/**
 * Reads a v2 pair (getReserves, token0, token1) at the latest block.
 * @throws ArbiterError `ARB_VENUE_TRANSIENT` when the node fails, `ARB_INPUT_INVALID` when the address is not a pair.
 */
export async function readUniswapV2Pair(client: PublicClient, address: Address): Promise<UniswapV2PairState> {
  try {
    const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
    const call = { address, abi: UNISWAP_V2_PAIR_ABI, blockNumber } as const;
    const [[reserve0, reserve1, blockTimestampLast], token0, token1] = await Promise.all([
      client.readContract({ ...call, functionName: 'getReserves' }),
      client.readContract({ ...call, functionName: 'token0' }),
      client.readContract({ ...call, functionName: 'token1' }),
    ]);
    return { address, token0, token1, reserve0, reserve1, blockTimestampLast, blockNumber };
  } catch (error) {
    throw wrap(error, 'reading the v2 pair', address);
  }
}

/**
 * Reads a v3 pool: slot0, liquidity, fee, tickSpacing, tokens, then the tick-bitmap words within
 * `wordRadius` (default 2) of the current tick and `ticks(i)` for every set bit.
 * @throws ArbiterError `ARB_VENUE_TRANSIENT` when the node fails, `ARB_INPUT_INVALID` when the address is not a pool.
 */
export async function readUniswapV3Pool(client: PublicClient, address: Address, options: { wordRadius?: number } = {}): Promise<UniswapV3PoolSnapshot> {
  const wordRadius = options.wordRadius ?? 2;
  try {
    const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
    const call = { address, abi: UNISWAP_V3_POOL_ABI, blockNumber } as const;
    const [slot0, liquidity, fee, tickSpacing, token0, token1] = await Promise.all([
      client.readContract({ ...call, functionName: 'slot0' }),
      client.readContract({ ...call, functionName: 'liquidity' }),
      client.readContract({ ...call, functionName: 'fee' }),
      client.readContract({ ...call, functionName: 'tickSpacing' }),
      client.readContract({ ...call, functionName: 'token0' }),
      client.readContract({ ...call, functionName: 'token1' }),
    ]);
    const [sqrtPriceX96, tick] = slot0;
    const compressed = Math.floor(tick / tickSpacing);
    const centre = compressed >> 8;
    const words: number[] = [];
    for (let w = centre - wordRadius; w <= centre + wordRadius; w++) if (w >= -32768 && w <= 32767) words.push(w);
    const bitmaps = await Promise.all(words.map((w) => client.readContract({ ...call, functionName: 'tickBitmap', args: [w] })));
    const indices: number[] = [];
    words.forEach((w, i) => {
      const bits = bitmaps[i]!;
      for (let b = 0; b < 256; b++) if ((bits >> BigInt(b)) & 1n) indices.push((w * 256 + b) * tickSpacing);
    });
    const infos = await Promise.all(indices.map((t) => client.readContract({ ...call, functionName: 'ticks', args: [t] })));
    const ticks: UniswapV3Tick[] = indices.map((index, i) => ({ index, liquidityNet: infos[i]![1] }));
    return { address, token0, token1, sqrtPriceX96, tick, liquidity, fee, tickSpacing, ticks, blockNumber, wordRadius };
  } catch (error) {
    throw wrap(error, 'reading the v3 pool', address);
  }
}

/** ERC-20 decimals and symbol. */
export async function readErc20(client: PublicClient, address: Address): Promise<{ readonly decimals: number; readonly symbol: string }> {
  try {
    const [decimals, symbol] = await Promise.all([
      client.readContract({ address, abi: ERC20_ABI, functionName: 'decimals' }),
      client.readContract({ address, abi: ERC20_ABI, functionName: 'symbol' }),
    ]);
    return { decimals, symbol };
  } catch (error) {
    throw wrap(error, 'reading the token', address);
  }
}
