/**
 * Binance order entry against the Binance simulator over loopback: signed REST orders on spot and
 * USDⓈ-M (place, fill, amend both ways, cancel), the venue's error codes for a bad signature and
 * an unknown key, fills and balances from the user streams (spot WebSocket API subscription,
 * futures listenKey), a user-stream outage during which a fill happens (recovered once after the
 * reconnect), and openOrders / fillsSince for reconciliation by a fresh client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fill, OrderRequest, OrderUpdate } from '../../src/domain/order.js';
import { createLiveExecutionClient } from '../../src/cli/wiring/execution-clients.js';
import { silentLogger } from '../../src/engine/logger.js';
import { BinanceExecutionClient, type BinanceExecutionClientOptions } from '../../src/venues/binance/execution/binance-execution-client.js';
import { BinanceSimulator } from '../../src/venues/binance/simulator/binance-simulator.js';

const KEY = 'simAliceKey0001';
const SECRET = 'aliceSecretForTheSimulator';
let sim: BinanceSimulator;
let client: BinanceExecutionClient;
const updates: OrderUpdate[] = [];
const fills: Fill[] = [];
let seq = 0;

function options(extra: Partial<BinanceExecutionClientOptions> = {}): BinanceExecutionClientOptions {
  return {
    logger: silentLogger, credentials: { apiKey: KEY, apiSecret: SECRET }, spotRestUrl: sim.restUrl, futuresRestUrl: sim.restUrl,
    spotWsApiUrl: `${sim.url}/ws-api/v3`, futuresWsUrl: sim.url, backoff: { initialMs: 20, maxMs: 100 }, requestTimeoutMs: 3000, ...extra,
  };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function order(symbol: string, side: 'buy' | 'sell', quantity: number, price: number | null, extra: Partial<OrderRequest> = {}): OrderRequest {
  return { clientOrderId: `t-${++seq}`, venue: 'binance', symbol, side, type: price === null ? 'market' : 'limit', quantity, price, timeInForce: price === null ? 'ioc' : 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null, ...extra };
}

const last = (id: string): OrderUpdate | undefined => updates.filter((u) => u.clientOrderId === id).at(-1);
const book = (market: 'spot' | 'usdm') => sim.symbol(market, 'BTCUSDT').ladder;

beforeAll(async () => {
  sim = await BinanceSimulator.start({ seed: 11, tickIntervalMs: 0, levels: 20, accounts: [{ apiKey: KEY, apiSecret: SECRET, spot: { USDT: 100_000, BTC: 1 }, futuresUsdt: 10_000 }] });
  client = new BinanceExecutionClient(options());
  client.onUpdate((u) => (u.kind === 'fill' ? fills.push(u) : updates.push(u)));
  await client.start();
});

afterAll(async () => {
  await client.close();
  await sim.stop();
});

describe('Binance execution against the simulator', () => {
  it('refuses a bad signature with -1022 and an unknown key with -2015', async () => {
    const bad = new BinanceExecutionClient(options({ credentials: { apiKey: KEY, apiSecret: 'wrongSecretValue' }, markets: ['spot'] }));
    await expect(bad.start()).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', venueCode: -1022, venueMessage: 'Signature for this request is not valid.' });
    await expect(bad.rest.request('spot', 'GET', '/api/v3/account', [], { weight: 20, auth: true })).rejects.toMatchObject({ venueCode: -1022, httpStatus: 400 });
    const stranger = new BinanceExecutionClient(options({ credentials: { apiKey: 'unknownKey0001', apiSecret: SECRET }, markets: ['usdm'] }));
    await expect(stranger.start()).rejects.toMatchObject({ venueCode: -2015, httpStatus: 401 });
    await Promise.all([bad.close(), stranger.close()]);
  });

  it('spot: a resting limit order is amended (keep priority, then cancel-replace) and cancelled', async () => {
    const bid = book('spot').bestBid!;
    const req = order('BTCUSDT', 'buy', 0.0123456, bid - 500.004);
    const ack = await client.submit(req);
    expect(ack.venueOrderId).not.toBeNull();
    await waitFor('the NEW report', () => last(req.clientOrderId)?.status === 'open');
    expect(last(req.clientOrderId)).toMatchObject({ symbol: 'BTCUSDT', remainingQuantity: 0.01234 });

    await client.amend(req.clientOrderId, { quantity: 0.01 });
    await waitFor('the keep-priority amend', () => last(req.clientOrderId)?.remainingQuantity === 0.01);
    expect(last(req.clientOrderId)?.venueOrderId).toBe(ack.venueOrderId);

    await client.amend(req.clientOrderId, { price: bid - 600 });
    const replaced = last(req.clientOrderId)!;
    expect(replaced.venueOrderId).not.toBe(ack.venueOrderId);
    expect(replaced.status).toBe('open');
    const open = await client.openOrders();
    expect(open.filter((o) => o.clientOrderId === req.clientOrderId)).toHaveLength(1);

    await client.cancel(req.clientOrderId);
    await waitFor('the cancel', () => last(req.clientOrderId)?.status === 'canceled');
    // The replaced order's own CANCELED report never reached the strategy as the order's end.
    expect(updates.filter((u) => u.clientOrderId === req.clientOrderId && u.status === 'canceled')).toHaveLength(1);
  });

  it('spot: a marketable order fills at book levels; fills arrive once; balances follow on the stream', async () => {
    const before = (await client.balances()).find((b) => b.currency === 'BTC')!.total;
    const req = order('BTCUSDT', 'buy', 0.03, book('spot').bestAsk! + 50);
    await client.submit(req);
    await waitFor('the FILLED report', () => last(req.clientOrderId)?.status === 'filled');
    const mine = fills.filter((f) => f.clientOrderId === req.clientOrderId);
    expect(mine.reduce((s, f) => s + f.quantity, 0)).toBeCloseTo(0.03, 9);
    expect(new Set(mine.map((f) => f.tradeId)).size).toBe(mine.length);
    expect(mine.every((f) => f.liquidity === 'taker' && f.feeCurrency === 'BTC')).toBe(true);
    const after = (await client.balances()).find((b) => b.currency === 'BTC')!.total;
    expect(after - before).toBeCloseTo(0.03 * 0.999, 9);
    await waitFor('the account update on the stream', () => Math.abs((client.streamBalances().find((b) => b.currency === 'BTC')?.total ?? 0) - after) < 1e-9);
  });

  it('rounds to the symbol rules and refuses what breaks them before sending', async () => {
    await expect(client.submit(order('BTCUSDT', 'buy', 0.00001, 1000))).rejects.toThrow(/notional 0\.0100000 below the minimum 5/);
    await expect(client.submit(order('BTCUSDT', 'buy', 0.001, 1000, { reduceOnly: true }))).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
    await expect(client.submit(order('DOGEUSDT', 'buy', 1, 1))).rejects.toThrow(/lists no symbol DOGEUSDT/);
    const tooBig = order('BTCUSDT', 'buy', 200, 1000);
    await expect(client.submit(tooBig)).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', venueCode: -2010, venueMessage: 'Account has insufficient balance for requested action.' });
    // The refused id may be used again.
    await expect(client.submit({ ...tooBig, quantity: 0.01 })).resolves.toMatchObject({ clientOrderId: tooBig.clientOrderId });
    await client.cancel(tooBig.clientOrderId);
  });

  it('USDⓈ-M: modify in place, fill when the market trades through, position and wallet', async () => {
    const ask = book('usdm').bestAsk!;
    const req = order('BTCUSDT-PERP', 'sell', 0.002, ask + 300.04);
    const ack = await client.submit(req);
    await waitFor('the NEW report', () => last(req.clientOrderId)?.status === 'open');
    await client.amend(req.clientOrderId, { price: ask + 200, quantity: 0.003 });
    expect(last(req.clientOrderId)).toMatchObject({ venueOrderId: ack.venueOrderId, remainingQuantity: 0.003, status: 'open' });
    const price = Number((ask + 200).toFixed(1));
    expect(sim.trading.tradeThrough('usdm', 'BTCUSDT', price + 1)).toBe(1);
    await waitFor('the fill on the stream', () => fills.some((f) => f.clientOrderId === req.clientOrderId));
    expect(fills.find((f) => f.clientOrderId === req.clientOrderId)).toMatchObject({ symbol: 'BTCUSDT-PERP', side: 'sell', quantity: 0.003, price, liquidity: 'maker', feeCurrency: 'USDT' });
    await waitFor('FILLED', () => last(req.clientOrderId)?.status === 'filled');
    expect(await client.positions()).toEqual([{ symbol: 'BTCUSDT-PERP', quantity: -0.003, averagePrice: price }]);
    const close = order('BTCUSDT-PERP', 'buy', 0.003, null, { reduceOnly: true });
    await client.submit(close);
    await waitFor('the closing fill', () => last(close.clientOrderId)?.status === 'filled');
    expect(await client.positions()).toEqual([]);
    const wallet = (await client.balances()).find((b) => b.currency === 'USDM:USDT')!;
    expect(wallet.total).toBeLessThan(10_000 + 1);
    await waitFor('ACCOUNT_UPDATE', () => client.streamBalances().some((b) => b.currency === 'USDM:USDT' && Math.abs(b.total - wallet.total) < 1e-6));
  });

  it('a fill during a user-stream outage is recovered once after the reconnect', async () => {
    const req = order('BTCUSDT', 'buy', 0.001, Number((book('spot').bestBid! - 300).toFixed(2)));
    await client.submit(req);
    await waitFor('NEW', () => last(req.clientOrderId)?.status === 'open');
    sim.trading.userStreams.setDown(true);
    expect(sim.trading.tradeThrough('spot', 'BTCUSDT', req.price! - 1)).toBe(1);
    expect(fills.some((f) => f.clientOrderId === req.clientOrderId)).toBe(false);
    sim.trading.userStreams.setDown(false);
    await waitFor('the recovered fill and state', () => fills.some((f) => f.clientOrderId === req.clientOrderId) && last(req.clientOrderId)?.status === 'filled');
    expect(client.counters.fillsRecovered).toBe(1);
    expect(fills.filter((f) => f.clientOrderId === req.clientOrderId)).toHaveLength(1);
    await waitFor('futures stream back', () => client.counters.streamReconnects >= 2);
  });

  it('an expired listenKey is replaced and the futures stream carries on', async () => {
    const before = client.counters.streamReconnects;
    sim.trading.userStreams.expireListenKeys(Date.now());
    await waitFor('a new futures stream', () => client.counters.streamReconnects > before);
    const req = order('BTCUSDT-PERP', 'sell', 0.001, Number((book('usdm').bestAsk! + 400).toFixed(1)));
    await client.submit(req);
    // A resting order's fill reaches the client only through the user stream.
    expect(sim.trading.tradeThrough('usdm', 'BTCUSDT', req.price! + 1)).toBe(1);
    await waitFor('the fill on the new stream', () => fills.some((f) => f.clientOrderId === req.clientOrderId));
    await waitFor('FILLED', () => last(req.clientOrderId)?.status === 'filled');
    expect(fills.filter((f) => f.clientOrderId === req.clientOrderId)).toHaveLength(1);
  });

  it('a fresh client reconciles: open orders with their ids and every fill since a time', async () => {
    const resting = order('BTCUSDT-PERP', 'buy', 0.001, Number((book('usdm').bestBid! - 500).toFixed(1)));
    await client.submit(resting);
    const fresh = new BinanceExecutionClient(options({ symbols: ['BTCUSDT', 'BTCUSDT-PERP'] }));
    await fresh.start();
    const open = await fresh.openOrders();
    expect(open.map((o) => [o.symbol, o.clientOrderId, o.status])).toEqual([['BTCUSDT-PERP', resting.clientOrderId, 'open']]);
    const venueFills = await fresh.fillsSince(0);
    expect(await fresh.fillsSince(Date.now() - 3_600_000)).toEqual(venueFills.map((f) => ({ ...f, tsLocal: expect.any(Number) as number })));
    expect(venueFills.map((f) => f.tradeId).sort()).toEqual(fills.map((f) => f.tradeId).sort());
    expect(venueFills.every((f, i) => i === 0 || (f.tsVenue ?? 0) >= (venueFills[i - 1]!.tsVenue ?? 0))).toBe(true);
    await fresh.close();
  });

  it('live wiring builds the client from BINANCE_API_KEY / BINANCE_API_SECRET and one simulator base URL', async () => {
    const saved = { key: process.env.BINANCE_API_KEY, secret: process.env.BINANCE_API_SECRET };
    delete process.env.BINANCE_API_KEY;
    delete process.env.BINANCE_API_SECRET;
    expect(() => createLiveExecutionClient('binance', {}, silentLogger)).toThrow(/needs BINANCE_API_KEY/);
    process.env.BINANCE_API_KEY = KEY;
    process.env.BINANCE_API_SECRET = SECRET;
    try {
      const live = createLiveExecutionClient('binance', { url: sim.url, restUrl: sim.restUrl }, silentLogger);
      await live.start();
      const req = order('ETHUSDT-PERP', 'buy', 0.01, Number((sim.symbol('usdm', 'ETHUSDT').ladder.bestBid! - 20).toFixed(2)));
      await expect(live.submit(req)).resolves.toMatchObject({ clientOrderId: req.clientOrderId });
      await live.cancel(req.clientOrderId);
      await live.close();
    } finally {
      if (saved.key === undefined) delete process.env.BINANCE_API_KEY;
      else process.env.BINANCE_API_KEY = saved.key;
      if (saved.secret === undefined) delete process.env.BINANCE_API_SECRET;
      else process.env.BINANCE_API_SECRET = saved.secret;
    }
  });
});
