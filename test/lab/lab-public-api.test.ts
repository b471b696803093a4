/** The lab's contract names on the public API (src/index.ts), called the way the issue specifies. */
import { describe, expect, it } from 'vitest';
import * as arbiter from '../../src/index.js';

describe('lab public API', () => {
  it('exports uniswapV2Quote for numbers and bigints', () => {
    const n = arbiter.uniswapV2Quote({ amountIn: 10, reserveIn: 100, reserveOut: 100, feeBps: 30 });
    expect(n.amountOut).toBeCloseTo(997 / 109.97, 12);
    expect(n).toHaveProperty('executionPrice');
    expect(n).toHaveProperty('priceImpact');
    const b = arbiter.uniswapV2Quote({ amountIn: 10n ** 18n, reserveIn: 100n * 10n ** 18n, reserveOut: 200_000n * 10n ** 6n, feeBps: 30 });
    expect(b.amountOut).toBe(1_974_316_068n);
  });

  it('exports triangularArbitrage returning path, finalAmount, profit and profitRate per cycle', () => {
    const cycles = arbiter.triangularArbitrage({
      quotes: { 'BTC/USDT': { bid: 60000, ask: 60010 }, 'ETH/USDT': { bid: 3000, ask: 3001 }, 'ETH/BTC': { bid: 0.0501, ask: 0.05011 } },
      takerFee: 0.001, startAsset: 'USDT', startAmount: 1000,
    });
    expect(cycles.map((c) => c.path)).toEqual([['USDT', 'ETH', 'BTC', 'USDT'], ['USDT', 'BTC', 'ETH', 'USDT']]);
    for (const c of cycles) expect(c.profit).toBeCloseTo(c.finalAmount - 1000, 9);
    for (const name of ['OrderBook', 'TriangleScanner', 'uniswapV3Quote', 'readUniswapV2Pair', 'readUniswapV3Pool', 'UniswapRpcSimulator', 'dexCexArbitrage']) expect(arbiter, name).toHaveProperty(name);
  });
});
