import { describe, expect, it } from 'vitest';
import type { SpotInstrument } from '../../domain/instrument.js';
import type { BookSnapshotEvent } from '../../domain/market-event.js';
import { dexCexArbitrage } from '../../lab/dex-cex/dex-cex-arbitrage.js';
import { createV2Dex } from '../../lab/dex-cex/dex-quoter.js';
import { v2CurveBook } from '../../lab/uniswap/v2-curve-book.js';
import { OrderBook } from '../../orderbook/order-book.js';
import { FakeContext, fillOf, orderUpdate } from '../cross-market/fake-context.test-support.js';
import { createDexCexArbitrageStrategy, marginalPriceAfter } from './strategy.js';

const T0 = 1_763_700_000_000;
const E18 = 10n ** 18n;
const POOL = { reserveBase: 1_000n * E18, reserveQuote: 3_400_000n * 10n ** 6n, baseDecimals: 18, quoteDecimals: 6, feeBps: 30 };
const DEX: SpotInstrument = { venue: 'uniswap', symbol: 'WETH-USDC', kind: 'spot', base: 'WETH', quote: 'USDC', priceCurrency: 'USDC' };
const CEX: SpotInstrument = { venue: 'binance', symbol: 'ETHUSDT', kind: 'spot', base: 'ETH', quote: 'USDT', priceCurrency: 'USDT', tickSize: 0.01, minSize: 0.0001, sizeStep: 0.0001 };

function poolBook(ts = T0): BookSnapshotEvent {
  const b = v2CurveBook(POOL);
  return { kind: 'book_snapshot', venue: 'uniswap', symbol: 'WETH-USDC', tsVenue: null, tsLocal: ts, bids: b.bids, asks: b.asks, sequence: null };
}

function cexBook(bids: number[], asks: number[], ts = T0 + 1): BookSnapshotEvent {
  return { kind: 'book_snapshot', venue: 'binance', symbol: 'ETHUSDT', tsVenue: ts, tsLocal: ts, bids, asks, sequence: 1 };
}

async function setup(bids: number[], asks: number[], config: Parameters<typeof createDexCexArbitrageStrategy>[0] = {}) {
  const strategy = createDexCexArbitrageStrategy({ gasUsd: 5, maxTradeUsd: 1e9, cooldownMs: 0, ...config });
  const ctx = new FakeContext(strategy.name, T0, [DEX, CEX]);
  for (const [k, v] of Object.entries({ 'uniswap:USDC': 1e7, 'uniswap:WETH': 5_000, 'binance:USDT': 1e7, 'binance:ETH': 5_000 })) ctx.balances.set(k, v);
  expect(strategy.discoverSubscriptions(ctx.catalogs)).toEqual([{ venue: 'uniswap', symbol: 'WETH-USDC', channels: ['book'] }, { venue: 'binance', symbol: 'ETHUSDT', channels: ['book'] }]);
  await ctx.deliver(strategy, poolBook());
  await ctx.deliver(strategy, cexBook(bids, asks));
  return { strategy, ctx };
}

/** The same trade priced on the exact integer pool, as the lab does it. */
function exact(bids: number[], asks: number[], gasQuote: number) {
  const book = new OrderBook();
  book.applySnapshot(bids, asks);
  return dexCexArbitrage({ dex: createV2Dex({ reserveBase: POOL.reserveBase, reserveQuote: POOL.reserveQuote, baseDecimals: 18, quoteDecimals: 6 }), book, cexFee: 0.001, gasQuote });
}

describe('DexCexArbitrageStrategy', () => {
  it('buys on the pool and sells on the CEX when the pool is cheap, at the lab optimum', async () => {
    const bids = [3_450, 2, 3_449, 40];
    const asks = [3_451, 40];
    const { strategy, ctx } = await setup(bids, asks);
    const ref = exact(bids, asks, 5).buyDexSellCex;
    expect(ref.profit).toBeGreaterThan(1);
    expect(ctx.orders.map((o) => [o.venue, o.side, o.timeInForce])).toEqual([['uniswap', 'buy', 'ioc'], ['binance', 'sell', 'ioc']]);
    const [dex, cex] = ctx.orders;
    expect(dex!.quantity).toBe(cex!.quantity);
    expect(dex!.quantity).toBeCloseTo(ref.base, 3); // rounded down to the CEX step
    expect(cex!.price).toBe(3_449); // the worst CEX level the sale reaches
    // The swap's limit is at least the curve's marginal price after buying that much.
    const reserves = { base: 1_000, quote: 3_400_000 };
    expect(dex!.price!).toBeGreaterThanOrEqual(marginalPriceAfter(reserves, 30, 'buy', dex!.quantity));
    expect(dex!.price! / marginalPriceAfter(reserves, 30, 'buy', dex!.quantity)).toBeLessThan(1.001);
    expect(strategy.state().opportunities).toBe(1);

    // Both legs fill at their prices: the trade closes with the curve's cost against the CEX proceeds.
    const dexCost = dex!.quantity * ref.dexPrice;
    strategy.onFill({ ...fillOf(dex!, dex!.quantity, ref.dexPrice, T0 + 2), feeCurrency: 'USDC' }, ctx);
    strategy.onFill({ ...fillOf(cex!, cex!.quantity, 3_449.5, T0 + 2), fee: 0.001 * cex!.quantity * 3_449.5, feeCurrency: 'USDT' }, ctx);
    const state = strategy.state();
    expect(state.trades).toHaveLength(1);
    expect(state.trades[0]!.status).toBe('filled');
    expect(state.trades[0]!.result).toBeCloseTo(cex!.quantity * 3_449.5 * 0.999 - dexCost, 6);
    expect(state.realizedProfit).toBeGreaterThan(0);
    // Not twice on the same pool state.
    await ctx.deliver(strategy, cexBook(bids, asks, T0 + 3));
    expect(ctx.orders).toHaveLength(2);
  });

  it('buys on the CEX and sells into the pool when the pool is rich', async () => {
    const bids = [3_349, 40];
    const asks = [3_350, 2, 3_351, 40];
    const { ctx } = await setup(bids, asks);
    const ref = exact(bids, asks, 5).buyCexSellDex;
    expect(ref.profit).toBeGreaterThan(1);
    expect(ctx.orders.map((o) => [o.venue, o.side])).toEqual([['uniswap', 'sell'], ['binance', 'buy']]);
    expect(ctx.orders[0]!.quantity).toBeCloseTo(ref.base, 3);
    expect(ctx.orders[1]!.price).toBe(3_351);
    expect(ctx.orders[0]!.price!).toBeLessThanOrEqual(marginalPriceAfter({ base: 1_000, quote: 3_400_000 }, 30, 'sell', ctx.orders[0]!.quantity));
  });

  it('stays out when gas eats the profit, and when fees close the gap', async () => {
    const bids = [3_425, 40];
    const asks = [3_426, 40];
    const noGas = exact(bids, asks, 0).buyDexSellCex;
    expect(noGas.profit).toBeGreaterThan(0);
    const { ctx } = await setup(bids, asks, { gasUsd: noGas.profit + 0.5, minProfitUsd: 0 });
    expect(ctx.orders).toEqual([]);
    const withoutGas = await setup(bids, asks, { gasUsd: 0, minProfitUsd: 0 });
    expect(withoutGas.ctx.orders).toHaveLength(2);
    // 0.3 % pool fee + 0.1 % CEX fee: a 0.35 % gap trades nothing.
    const inside = await setup([3_411.9, 40], [3_412, 40], { gasUsd: 0, minProfitUsd: 0 });
    expect(inside.ctx.orders).toEqual([]);
  });

  it('caps the size by the balances it would spend', async () => {
    const { ctx } = await setup([3_450, 40], [3_451, 40]);
    const free = ctx.orders[0]!.quantity;
    const capped = createDexCexArbitrageStrategy({ gasUsd: 5, maxTradeUsd: 1e9, cooldownMs: 0 });
    const c2 = new FakeContext(capped.name, T0, [DEX, CEX]);
    for (const [k, v] of Object.entries({ 'uniswap:USDC': 20_000, 'binance:ETH': 5_000 })) c2.balances.set(k, v);
    capped.discoverSubscriptions(c2.catalogs);
    await c2.deliver(capped, poolBook());
    await c2.deliver(capped, cexBook([3_450, 40], [3_451, 40]));
    expect(c2.orders[0]!.quantity).toBeLessThan(free);
    expect(c2.orders[0]!.quantity * 3_450).toBeLessThan(10_000 * 1.01); // half the USDC
  });

  it('unwinds on the CEX what a partly filled swap left over', async () => {
    const { strategy, ctx } = await setup([3_450, 40], [3_451, 40]);
    const [dex, cex] = ctx.orders;
    strategy.onFill(fillOf(dex!, dex!.quantity / 2, 3_420, T0 + 2), ctx);
    strategy.onOrderUpdate(orderUpdate(dex!, 'canceled', T0 + 2, dex!.quantity / 2), ctx);
    strategy.onFill(fillOf(cex!, cex!.quantity, 3_449, T0 + 2), ctx);
    await ctx.idle();
    expect(ctx.orders).toHaveLength(3);
    const unwind = ctx.orders[2]!;
    expect([unwind.venue, unwind.side, unwind.timeInForce]).toEqual(['binance', 'buy', 'ioc']);
    expect(unwind.quantity).toBeCloseTo(dex!.quantity / 2, 4);
    strategy.onFill(fillOf(unwind, unwind.quantity, 3_452, T0 + 3), ctx);
    expect(strategy.state().trades[0]!.status).toBe('unwound');
  });

  it('stocks coin on the cheaper venue when funded with dollars only, then arbitrages with it', async () => {
    const strategy = createDexCexArbitrageStrategy({ gasUsd: 5, cooldownMs: 0, inventoryUsd: 3_400 });
    const ctx = new FakeContext(strategy.name, T0, [DEX, CEX]);
    ctx.balances.set('uniswap:USDC', 20_000);
    ctx.balances.set('binance:USDT', 20_000);
    strategy.discoverSubscriptions(ctx.catalogs);
    await ctx.deliver(strategy, poolBook());
    // The pool (3,400) is cheap against the CEX (3,450): selling on the CEX needs ETH there, which
    // the account lacks; it buys WETH on the pool, never ETH on the dearer CEX.
    await ctx.deliver(strategy, cexBook([3_450, 2, 3_449, 40], [3_451, 40]));
    expect(ctx.orders.map((o) => [o.venue, o.side, o.timeInForce])).toEqual([['uniswap', 'buy', 'ioc']]);
    expect(ctx.orders[0]!.quantity).toBeCloseTo(1, 3);
    expect(strategy.state().trades).toEqual([]);
    // Once filled, with coin on the pool only, a rich pool is arbitraged by selling that WETH.
    strategy.onOrderUpdate(orderUpdate(ctx.orders[0]!, 'filled', T0 + 2, ctx.orders[0]!.quantity), ctx);
    ctx.balances.set('uniswap:WETH', 1);
    await ctx.deliver(strategy, cexBook([3_349, 40], [3_350, 2, 3_351, 40], T0 + 3));
    expect(ctx.orders.slice(1).map((o) => [o.venue, o.side])).toEqual([['uniswap', 'sell'], ['binance', 'buy']]);
    expect(ctx.orders[1]!.quantity).toBeLessThanOrEqual(0.5); // half the WETH held
  });

  it('rejects a bad configuration naming the key', () => {
    expect(() => createDexCexArbitrageStrategy({ gasUsd: -1 })).toThrow(/gasUsd/);
    expect(() => createDexCexArbitrageStrategy({ dex: { venue: 'binance' as 'uniswap' } })).toThrow(/dex/);
  });
});
