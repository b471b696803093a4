import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../orderbook/order-book.js';
import { getSqrtRatioAtTick } from '../uniswap/tick-math.js';
import { uniswapV2OptimalArbitrage } from '../uniswap/v2-quote.js';
import { dexCexArbitrage } from './dex-cex-arbitrage.js';
import { createV2Dex, createV3Dex } from './dex-quoter.js';

const E18 = 10n ** 18n;
// 1,000 ETH / 2,000,000 USDC: 2,000 USDC per ETH on the pool.
const v2 = createV2Dex({ reserveBase: 1000n * E18, reserveQuote: 2_000_000n * 10n ** 6n, baseDecimals: 18, quoteDecimals: 6, feeBps: 30 });

function deepBook(bid: number, ask: number): OrderBook {
  const b = new OrderBook();
  b.applySnapshot([bid, 1e6], [ask, 1e6]);
  return b;
}

describe('dexCexArbitrage', () => {
  it('sizes buy-on-DEX/sell-on-CEX at the closed-form optimum against a deep CEX', () => {
    const r = dexCexArbitrage({ dex: v2, book: deepBook(2100, 2101), cexFee: 0.001 });
    // Selling on the CEX nets 2100·0.999 per ETH: the v2 closed form with that price.
    const closed = uniswapV2OptimalArbitrage({ reserve0: 1000, reserve1: 2_000_000, price: 2100 * 0.999, feeBps: 30 });
    expect(closed.direction).toBe('buy0');
    expect(r.buyDexSellCex.quoteIn / closed.amountIn).toBeCloseTo(1, 5);
    expect(r.buyDexSellCex.base / closed.amountOut).toBeCloseTo(1, 5);
    expect(r.buyDexSellCex.profit).toBeCloseTo(closed.amountOut * 2100 * 0.999 - closed.amountIn, 2);
    expect(r.buyDexSellCex.profit).toBeGreaterThan(0);
    expect(r.buyDexSellCex.cexPrice).toBe(2100);
    expect(r.buyCexSellDex.quoteIn).toBe(0); // the other way loses at the top of book
    expect(r.buyCexSellDex.topEdge).toBeLessThan(0);
    expect(r.dexSpot).toBeCloseTo(2000, 9);
  });

  it('sizes buy-on-CEX/sell-on-DEX, and gas turns a small edge into a loss', () => {
    const book = deepBook(1899, 1900);
    const r = dexCexArbitrage({ dex: v2, book, cexFee: 0.001 });
    const closed = uniswapV2OptimalArbitrage({ reserve0: 1000, reserve1: 2_000_000, price: 1900 / 0.999, feeBps: 30 });
    expect(closed.direction).toBe('sell0');
    expect(r.buyCexSellDex.base / closed.amountIn).toBeCloseTo(1, 4);
    expect(r.buyCexSellDex.profit).toBeGreaterThan(0);
    const withGas = dexCexArbitrage({ dex: v2, book, cexFee: 0.001, gasQuote: r.buyCexSellDex.profit + 1 });
    expect(withGas.buyCexSellDex.profit).toBeCloseTo(-1, 6);
  });

  it('respects CEX depth: a thin book caps the trade at what it holds', () => {
    const thin = new OrderBook();
    thin.applySnapshot([2100, 2, 2000, 100], [2101, 1]);
    const r = dexCexArbitrage({ dex: v2, book: thin, cexFee: 0 });
    // Only 2 ETH can be sold at 2100; below that the CEX pays 2000 < pool cost.
    expect(r.buyDexSellCex.base).toBeCloseTo(2, 3);
    expect(r.buyDexSellCex.cexPrice).toBeCloseTo(2100, 3);
  });

  it('works on a v3 pool: the optimum beats nearby sizes', () => {
    // ETH (token1, 18 dp) / USDC (token0, 6 dp): raw price token1/token0 = 1e12 / 2000 → tick ≈ 200311.
    const tick = 200280;
    const pool = { sqrtPriceX96: getSqrtRatioAtTick(tick), tick, liquidity: 10n ** 17n, fee: 500, tickSpacing: 10,
      ticks: [{ index: 190000, liquidityNet: 10n ** 17n }, { index: 210000, liquidityNet: -(10n ** 17n) }] };
    const dex = createV3Dex({ pool, baseIsToken0: false, baseDecimals: 18, quoteDecimals: 6 });
    expect(dex.spotPrice).toBeCloseTo(1 / (1.0001 ** tick / 1e12), 6);
    const book = deepBook(dex.spotPrice * 1.01, dex.spotPrice * 1.011);
    const r = dexCexArbitrage({ dex, book, cexFee: 0.0005 });
    const q = r.buyDexSellCex.quoteIn;
    expect(r.buyDexSellCex.profit).toBeGreaterThan(0);
    const profitAt = (x: number): number => dexCexArbitrage({ dex, book, cexFee: 0.0005, maxQuote: x }).buyDexSellCex.profit;
    expect(profitAt(q * 0.9)).toBeLessThan(r.buyDexSellCex.profit);
    const over = dex.buyBase(q * 1.1) * book.bestBid() * 0.9995 - q * 1.1;
    expect(over).toBeLessThan(r.buyDexSellCex.profit);
  });

  it('rejects a bad fee', () => {
    expect(() => dexCexArbitrage({ dex: v2, book: deepBook(1, 2), cexFee: 1.5 })).toThrow(/cexFee/);
  });
});
