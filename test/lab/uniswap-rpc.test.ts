/** Pool readers over JSON-RPC (viem http transport) against the local Uniswap JSON-RPC simulator. */
import { createPublicClient, http, type Address, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readErc20, readUniswapV2Pair, readUniswapV3Pool } from '../../src/lab/uniswap/read-pool.js';
import { UniswapRpcSimulator, type SimulatedV3Pool } from '../../src/lab/uniswap/simulator/uniswap-rpc-simulator.js';
import { uniswapV2Quote } from '../../src/lab/uniswap/v2-quote.js';
import { uniswapV3Quote } from '../../src/lab/uniswap/v3-quote.js';

const WETH: Address = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const USDC: Address = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const PAIR: Address = '0xB4e16d0168e52d35CaCD2c6185b44281Ec28C9Dc';
const POOL: Address = '0x88e6A0c2dDD26FEEb64F039a2c41296FcB3f5640';
const E18 = 10n ** 18n;

const pool: SimulatedV3Pool = {
  token0: USDC, token1: WETH, sqrtPriceX96: 1n << 96n, tick: 0, liquidity: E18 + E18 / 2n + 7n, fee: 3000, tickSpacing: 60,
  ticks: [
    { index: -600, liquidityNet: E18 }, { index: 0, liquidityNet: E18 / 2n },
    { index: 600, liquidityNet: -E18 }, { index: 1200, liquidityNet: -E18 / 2n },
    { index: -60 * 300, liquidityNet: 7n }, { index: 60 * 300, liquidityNet: -7n }, // in words −2 and 1
  ],
};

let sim: UniswapRpcSimulator;
let client: PublicClient;

beforeAll(async () => {
  sim = await UniswapRpcSimulator.start();
  sim.addToken(WETH, 18, 'WETH');
  sim.addToken(USDC, 6, 'USDC');
  sim.addV2Pair(PAIR, { token0: USDC, token1: WETH, reserve0: 40_000_000n * 10n ** 6n, reserve1: 20_000n * E18 });
  sim.addV3Pool(POOL, pool);
  client = createPublicClient({ transport: http(sim.url, { retryCount: 0 }) });
});
afterAll(async () => {
  await sim.stop();
});

describe('Uniswap pool readers over JSON-RPC', () => {
  it('reads a v2 pair and quotes from what it read', async () => {
    const pair = await readUniswapV2Pair(client, PAIR);
    expect(pair).toMatchObject({ token0: USDC, token1: WETH, reserve0: 40_000_000n * 10n ** 6n, reserve1: 20_000n * E18, blockNumber: sim.blockNumber });
    const out = sim.swapV2(PAIR, false, E18); // someone sells 1 WETH
    const after = await readUniswapV2Pair(client, PAIR);
    expect(after.blockNumber).toBe(pair.blockNumber + 1n);
    expect(after.reserve1).toBe(20_001n * E18);
    expect(after.reserve0).toBe(pair.reserve0 - out);
    expect(out).toBe(uniswapV2Quote({ amountIn: E18, reserveIn: pair.reserve1, reserveOut: pair.reserve0 }).amountOut);
  });

  it('reads a v3 pool with its initialized ticks from the bitmap, and quotes the same as the source state', async () => {
    const read = await readUniswapV3Pool(client, POOL, { wordRadius: 2 });
    expect(read).toMatchObject({ sqrtPriceX96: pool.sqrtPriceX96, tick: 0, liquidity: pool.liquidity, fee: 3000, tickSpacing: 60, token0: USDC, token1: WETH });
    expect([...read.ticks].sort((a, b) => a.index - b.index)).toEqual([...pool.ticks].sort((a, b) => a.index - b.index));
    for (const zeroForOne of [true, false]) {
      const a = uniswapV3Quote({ pool, zeroForOne, amountIn: 6n * 10n ** 16n });
      const b = uniswapV3Quote({ pool: read, zeroForOne, amountIn: 6n * 10n ** 16n });
      expect(b).toEqual(a);
    }
    const narrow = await readUniswapV3Pool(client, POOL, { wordRadius: 0 });
    expect(narrow.ticks.map((t) => t.index).sort((x, y) => x - y)).toEqual([0, 600, 1200]);
  });

  it('reads token metadata', async () => {
    expect(await readErc20(client, USDC)).toEqual({ decimals: 6, symbol: 'USDC' });
  });

  it('names the address when it is not a pool, and the node when it is down', async () => {
    await expect(readUniswapV2Pair(client, '0x0000000000000000000000000000000000000001')).rejects.toMatchObject({ code: 'ARB_INPUT_INVALID', message: expect.stringMatching(/does not answer as that contract/) });
    await expect(readUniswapV3Pool(client, PAIR)).rejects.toMatchObject({ code: 'ARB_INPUT_INVALID' });
    const dead = createPublicClient({ transport: http('http://127.0.0.1:9', { retryCount: 0 }) });
    await expect(readUniswapV2Pair(dead, PAIR)).rejects.toMatchObject({ code: 'ARB_VENUE_TRANSIENT' });
  });
});
