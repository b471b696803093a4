/**
 * Deribit connectors against the Deribit simulator over loopback: market feed (subscribe, receive,
 * heartbeats, reconnect + resubscribe, gap → resync), catalog over REST, and order entry
 * (auth, fills, rejections with Deribit's codes, cancel, unsupported actions).
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BookDeltaEvent, MarketEvent, TickerEvent } from '../../src/domain/market-event.js';
import type { Fill, OrderRequest, OrderUpdate } from '../../src/domain/order.js';
import { silentLogger } from '../../src/engine/logger.js';
import { DeribitCatalogSource, DeribitExecutionClient, DeribitMarketFeed, DeribitSimulator, type DeribitSimulatorOptions } from '../../src/venues/deribit/index.js';

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function simulator(options: DeribitSimulatorOptions = {}): Promise<DeribitSimulator> {
  // Heartbeats every second (interval 10 at 100 ms per heartbeat-second) unless a test asks for faster.
  const sim = await DeribitSimulator.start({ seed: 7, tickIntervalMs: 20, heartbeatSecondMs: 100, tradeProbability: 0.5, ...options });
  cleanup.push(() => sim.stop());
  return sim;
}

async function feedOn(sim: DeribitSimulator, events: MarketEvent[], extra: Partial<ConstructorParameters<typeof DeribitMarketFeed>[0]> = {}): Promise<DeribitMarketFeed> {
  const feed = new DeribitMarketFeed({ url: sim.url, logger: silentLogger, backoff: { initialMs: 20, maxMs: 100 }, ...extra });
  cleanup.push(() => feed.stop());
  await feed.start((e) => events.push(e));
  return feed;
}

function clientOn(sim: DeribitSimulator, extra: Partial<ConstructorParameters<typeof DeribitExecutionClient>[0]> = {}): DeribitExecutionClient {
  const client = new DeribitExecutionClient({
    url: sim.url, logger: silentLogger, credentials: { clientId: sim.clientId, clientSecret: sim.clientSecret }, backoff: { initialMs: 20, maxMs: 100 }, ...extra,
  });
  cleanup.push(() => client.close());
  return client;
}

const option = (sim: DeribitSimulator): string => sim.instruments.find((i) => i.kind === 'option' && i.right === 'call')!.name;

function order(overrides: Partial<OrderRequest>): OrderRequest {
  return {
    clientOrderId: 'o-1', venue: 'deribit', symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', quantity: 100, price: null,
    timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null, ...overrides,
  };
}

/** Forwarded book events of one symbol must chain: each delta follows the previous event's change_id. */
function expectChained(events: MarketEvent[], symbol: string): void {
  let last: number | null = null;
  for (const e of events) {
    if (e.symbol !== symbol) continue;
    if (e.kind === 'book_snapshot') last = e.sequence;
    else if (e.kind === 'book_delta') {
      expect(e.prevSequence).toBe(last);
      last = e.sequence;
    }
  }
}

describe('Deribit catalog over the simulator REST API', () => {
  it('loads options, the dated future and the perpetual with tick sizes and minimum amounts', async () => {
    const sim = await simulator();
    const source = new DeribitCatalogSource({ restUrl: sim.restUrl, logger: silentLogger });
    const instruments = await source.load();
    expect(instruments.length).toBe(sim.instruments.length);
    expect(instruments.filter((i) => i.kind === 'option').length).toBe(72);
    expect(instruments.find((i) => i.kind === 'perpetual')).toMatchObject({ symbol: 'BTC-PERPETUAL', tickSize: 0.5, minSize: 10 });
    expect(instruments.find((i) => i.kind === 'future')).toMatchObject({ tickSize: 2.5, minSize: 10 });
    expect(instruments.find((i) => i.kind === 'option')).toMatchObject({ priceCurrency: 'BTC', tickSize: 0.0001, minSize: 0.1 });
    expect(source.skipped).toBe(0);
  });

  it('answers public/auth with a bad secret with Deribit 13004 invalid_credentials', async () => {
    const sim = await simulator();
    const res = await fetch(`${sim.restUrl}/public/auth?grant_type=client_credentials&client_id=${sim.clientId}&client_secret=wrong`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 13004, message: 'invalid_credentials' } });
  });
});

describe('Deribit market feed against the simulator', () => {
  it('subscribes in batches and turns ticker, book and trades notifications into domain events; the recorder tap sees raw frames', async () => {
    const sim = await simulator();
    const events: MarketEvent[] = [];
    const raw: string[] = [];
    const feed = await feedOn(sim, events, { maxChannelsPerRequest: 2, onRawFrame: (t) => raw.push(t) });
    const call = option(sim);
    await feed.subscribe([
      { symbol: call, channel: 'ticker' }, { symbol: call, channel: 'book' },
      { symbol: 'BTC-PERPETUAL', channel: 'ticker' }, { symbol: 'BTC-PERPETUAL', channel: 'book' }, { symbol: 'BTC-PERPETUAL', channel: 'trades' },
    ]);
    expect(feed.counters.subscribeRequests).toBe(3);
    await until(() => ['ticker', 'book_snapshot', 'book_delta', 'trade'].every((k) => events.some((e) => e.kind === k)), 'all event kinds');
    const ticker = events.find((e): e is TickerEvent => e.kind === 'ticker' && e.symbol === call)!;
    expect(ticker.priceCurrency).toBe('BTC');
    expect(ticker.markIv).toBeGreaterThan(0.2);
    expect(ticker.markIv).toBeLessThan(2);
    expect(ticker.greeks?.delta).toBeGreaterThan(0);
    expect(ticker.underlying).toBeGreaterThan(10_000);
    expect(events.find((e) => e.kind === 'trade')).toMatchObject({ symbol: 'BTC-PERPETUAL', priceCurrency: 'USD' });
    expect(raw.length).toBeGreaterThan(events.length / 2);
    expect(feed.counters.badFrames).toBe(0);
    expectChained(events, call);
    expectChained(events, 'BTC-PERPETUAL');
    await feed.unsubscribe([{ symbol: call, channel: 'ticker' }]);
    expect(sim.subscribedChannels).not.toContain(`ticker.${call}.100ms`);
  });

  it('does not lose subscriptions requested while the connection is being set up', async () => {
    const sim = await simulator();
    sim.slowResponses(100); // set_heartbeat answers at ~100 ms, the resubscribe at ~200 ms
    const feed = new DeribitMarketFeed({ url: sim.url, logger: silentLogger });
    cleanup.push(() => feed.stop());
    const started = feed.start(() => {});
    await feed.subscribe([{ symbol: 'BTC-PERPETUAL', channel: 'ticker' }]);
    await new Promise((r) => setTimeout(r, 150));
    await feed.subscribe([{ symbol: 'BTC-PERPETUAL', channel: 'trades' }]);
    await started;
    await until(() => sim.subscribedChannels.length === 2, 'both channels subscribed', 2_000);
    expect(sim.subscribedChannels.sort()).toEqual(['ticker.BTC-PERPETUAL.100ms', 'trades.BTC-PERPETUAL.100ms']);
  });

  it('paces subscribe requests with the credit bucket', async () => {
    const sim = await simulator();
    const feed = await feedOn(sim, [], { maxChannelsPerRequest: 1, rateLimit: { capacity: 3_000, refillPerSec: 15_000, cost: 3_000 } });
    const t0 = Date.now();
    await feed.subscribe(sim.instruments.slice(0, 3).map((i) => ({ symbol: i.name, channel: 'ticker' as const })));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350); // 2 waits of 200 ms for credits
    expect(sim.stats.subscribeRequests).toBe(3);
  });

  it('reconnects after a forced disconnect, resubscribes everything and events resume', async () => {
    const sim = await simulator();
    const events: MarketEvent[] = [];
    const feed = await feedOn(sim, events);
    const call = option(sim);
    await feed.subscribe([{ symbol: call, channel: 'ticker' }, { symbol: call, channel: 'book' }, { symbol: 'BTC-PERPETUAL', channel: 'trades' }]);
    await until(() => events.some((e) => e.kind === 'book_delta'), 'first deltas');
    const mark = events.length;
    sim.disconnectAll();
    await until(() => feed.counters.reconnects === 1 && feed.isOpen, 'reconnect');
    await until(() => ['ticker', 'book_snapshot', 'book_delta', 'trade'].every((k) => events.slice(mark).some((e) => e.kind === k)), 'events after reconnect');
    expect(sim.subscribedChannels.sort()).toEqual([`book.${call}.100ms`, `ticker.${call}.100ms`, 'trades.BTC-PERPETUAL.100ms'].sort());
    expect(sim.stats.connections).toBe(2);
    expectChained(events, call);
  });

  it('detects a skipped change_id, resubscribes the book, counts the resync and ends with the simulator\'s book', async () => {
    const sim = await simulator();
    const events: MarketEvent[] = [];
    const feed = await feedOn(sim, events);
    const call = option(sim);
    await feed.subscribe([{ symbol: call, channel: 'book' }, { symbol: 'BTC-PERPETUAL', channel: 'book' }]);
    await until(() => events.filter((e) => e.kind === 'book_delta' && e.symbol === call).length >= 3, 'deltas');
    sim.sequenceGap(call);
    await until(() => feed.counters.resyncs === 1, 'resync');
    expect(feed.counters.gaps).toBe(1);
    expect(events.filter((e) => e.kind === 'book_snapshot' && e.symbol === call)).toHaveLength(2);
    expectChained(events, call);
    expectChained(events, 'BTC-PERPETUAL');
    sim.pause();
    await until(() => feed.book(call)?.changeId === sim.bookOf(call)!.changeId, 'book caught up');
    const simBook = sim.bookOf(call)!;
    expect(feed.book(call)).toEqual({ bids: simBook.bids, asks: simBook.asks, changeId: simBook.changeId });
    const gapDelta = events.find((e): e is BookDeltaEvent => e.kind === 'book_delta' && e.symbol === call && e.sequence !== null && e.prevSequence !== null && e.sequence - e.prevSequence > 1);
    expect(gapDelta).toBeUndefined(); // the gapped change never reached the sink
  });

  it('counts a garbage frame and keeps streaming', async () => {
    const sim = await simulator();
    const events: MarketEvent[] = [];
    const feed = await feedOn(sim, events);
    await feed.subscribe([{ symbol: 'BTC-PERPETUAL', channel: 'ticker' }]);
    await until(() => events.length > 0, 'first ticker');
    sim.garbageFrame();
    await until(() => feed.counters.badFrames === 1, 'bad frame counted');
    const mark = events.length;
    await until(() => events.length > mark + 2, 'more tickers');
    expect(feed.counters.reconnects).toBe(0);
  });

  it('answers every test_request with public/test; the simulator closes a connection that does not', async () => {
    const sim = await simulator({ heartbeatSecondMs: 25 }); // a test_request every 250 ms
    const feed = await feedOn(sim, []);
    await until(() => sim.stats.testRequestsAnswered >= 3, 'three answered heartbeats');
    expect(feed.counters.testRequests).toBeGreaterThanOrEqual(3);
    expect(feed.counters.reconnects).toBe(0);

    const silent = new WebSocket(sim.url);
    cleanup.push(async () => silent.terminate());
    let closed = false;
    silent.on('close', () => (closed = true));
    await new Promise((r) => silent.once('open', r));
    silent.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'public/set_heartbeat', params: { interval: 10 } }));
    await until(() => closed, 'silent connection closed');
    expect(sim.stats.heartbeatCloses).toBe(1);
    expect(feed.isOpen).toBe(true);
  });

  it('refuses a heartbeat interval below Deribit\'s minimum of 10 s', () => {
    expect(() => new DeribitMarketFeed({ url: 'ws://127.0.0.1:1', logger: silentLogger, heartbeatIntervalSec: 5 })).toThrow(expect.objectContaining({ code: 'ARB_CONFIG_INVALID' }));
  });
});

describe('Deribit order entry against the simulator', () => {
  it('places a marketable limit order that ends filled with the label, price, amount and side', async () => {
    const sim = await simulator();
    const client = clientOn(sim);
    const seen: Array<OrderUpdate | Fill> = [];
    client.onUpdate((u) => seen.push(u));
    await client.start();
    const call = option(sim);
    sim.pause();
    const ask = sim.bookOf(call)!.asks;
    const bestAsk = ask[0]!;
    const ack = await client.submit(order({ clientOrderId: 'buy-call-1', symbol: call, quantity: 0.1, price: bestAsk }));
    expect(ack).toEqual({ clientOrderId: 'buy-call-1', venueOrderId: expect.any(String) });
    await until(() => seen.some((u) => u.kind === 'fill'), 'fill');
    const final = seen.filter((u): u is OrderUpdate => u.kind === 'order_update').at(-1)!;
    expect(final).toMatchObject({ clientOrderId: 'buy-call-1', venueOrderId: ack.venueOrderId, symbol: call, status: 'filled', filledQuantity: 0.1, remainingQuantity: 0, averageFillPrice: bestAsk });
    const fill = seen.find((u): u is Fill => u.kind === 'fill')!;
    expect(fill).toMatchObject({ clientOrderId: 'buy-call-1', symbol: call, side: 'buy', price: bestAsk, quantity: 0.1, liquidity: 'taker', feeCurrency: 'BTC' });
    expect(fill.fee).toBeGreaterThan(0);
    expect(seen.filter((u) => u.kind === 'fill')).toHaveLength(1); // answer and user.trades deduplicated
    expect(client.counters.authentications).toBe(1);
  });

  it('fills a resting order as maker at its own price when the simulated market crosses it', async () => {
    const sim = await simulator();
    const client = clientOn(sim);
    const fills: Fill[] = [];
    client.onUpdate((u) => u.kind === 'fill' && fills.push(u));
    sim.pause();
    const book = sim.bookOf('BTC-PERPETUAL')!;
    const inside = book.asks[0]! - 0.5;
    expect(inside).toBeGreaterThan(book.bids[0]!);
    await client.submit(order({ clientOrderId: 'maker-1', quantity: 30, price: inside }));
    sim.resume();
    await until(() => fills.length === 1, 'maker fill');
    expect(fills[0]).toMatchObject({ clientOrderId: 'maker-1', side: 'buy', price: inside, quantity: 30, liquidity: 'maker', fee: 0 });
  });

  it('rests a passive order, lists it as open, and cancels it', async () => {
    const sim = await simulator();
    const client = clientOn(sim, { authMethod: 'client_credentials' });
    const seen: OrderUpdate[] = [];
    client.onUpdate((u) => u.kind === 'order_update' && seen.push(u));
    sim.pause();
    const bid = sim.bookOf('BTC-PERPETUAL')!.bids[0]!;
    const price = Math.floor((bid * 0.9) / 0.5) * 0.5;
    await client.submit(order({ clientOrderId: 'rest-1', side: 'buy', quantity: 50, price, postOnly: true }));
    const open = await client.openOrders();
    expect(open).toEqual([expect.objectContaining({ clientOrderId: 'rest-1', status: 'open', remainingQuantity: 50 })]);
    await client.cancel('rest-1');
    await until(() => seen.some((u) => u.status === 'canceled'), 'cancel update');
    expect(seen.at(-1)).toMatchObject({ clientOrderId: 'rest-1', status: 'canceled', reason: 'user_request' });
    expect(await client.openOrders()).toEqual([]);
    await expect(client.cancel('rest-1')).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', context: { venueCode: 11044 } });
  });

  it('cancels by label an order it did not place, and says so when no order has the label', async () => {
    const sim = await simulator();
    const placer = clientOn(sim);
    const canceller = clientOn(sim);
    sim.pause();
    const ask = sim.bookOf('BTC-PERPETUAL')!.asks[0]!;
    await placer.submit(order({ clientOrderId: 'label-9', side: 'sell', quantity: 10, price: ask + 500 }));
    await canceller.cancel('label-9');
    expect(await placer.openOrders()).toEqual([]);
    await expect(canceller.cancel('nobody')).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', context: { method: 'private/cancel_by_label' } });
  });

  it('keeps Deribit\'s error code on rejections', async () => {
    const sim = await simulator();
    const client = clientOn(sim);
    sim.rejectNext(1);
    await expect(client.submit(order({ price: 50_000 }))).rejects.toMatchObject({ name: 'JsonRpcError', code: 'ARB_VENUE_REJECTED', context: { venueCode: 10009, venueMessage: 'not_enough_funds' } });
    await expect(client.submit(order({ clientOrderId: 'o-2', price: 50_000.3 }))).rejects.toMatchObject({ context: { venueCode: 10043, venueMessage: 'price_wrong_tick' } });
    await expect(client.submit(order({ clientOrderId: 'o-3', quantity: 15, price: 50_000 }))).rejects.toMatchObject({ context: { venueCode: 10021 } });
    expect(sim.stats.faultRejections).toBe(1);
  });

  it('throws NotSupportedError for what Deribit cannot do, before sending anything', async () => {
    const sim = await simulator();
    const client = clientOn(sim);
    await expect(client.submit(order({ timeInForce: 'gtd', expireAtMs: Date.now() + 60_000, price: 50_000 }))).rejects.toMatchObject({ name: 'NotSupportedError', code: 'ARB_NOT_SUPPORTED' });
    await expect(client.submit(order({ type: 'market', postOnly: true }))).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
    await expect(client.submit(order({ venue: 'derive', price: 1 }))).rejects.toMatchObject({ code: 'ARB_INPUT_INVALID' });
    expect(sim.stats.ordersPlaced).toBe(0);
  });

  it('fails with 13004 on a bad secret instead of retrying forever', async () => {
    const sim = await simulator();
    const client = new DeribitExecutionClient({ url: sim.url, logger: silentLogger, credentials: { clientId: sim.clientId, clientSecret: 'wrong' }, backoff: { initialMs: 20, maxMs: 50 } });
    cleanup.push(() => client.close());
    await expect(client.submit(order({ price: 50_000 }))).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', context: { venueCode: 13004, venueMessage: 'invalid_credentials' } });
    await expect(client.openOrders()).rejects.toMatchObject({ context: { venueCode: 13004 } });
    expect(sim.stats.authFailures).toBe(1);
  });

  it('re-authenticates and resubscribes its private channels after a reconnect', async () => {
    const sim = await simulator();
    const client = clientOn(sim);
    const fills: Fill[] = [];
    client.onUpdate((u) => u.kind === 'fill' && fills.push(u));
    await client.start();
    sim.disconnectAll();
    await until(() => client.counters.authentications === 2 && client.isOpen, 're-authentication');
    expect(client.counters.reconnects).toBe(1);
    sim.pause();
    const ask = sim.bookOf('BTC-PERPETUAL')!.asks[0]!;
    // A second client places the order, so the fill can only reach this one through user.trades.
    const other = clientOn(sim);
    await other.submit(order({ clientOrderId: 'after-reconnect', quantity: 20, price: ask }));
    await until(() => fills.length === 1, 'fill via user.trades');
    expect(fills[0]).toMatchObject({ clientOrderId: 'after-reconnect', side: 'buy', price: ask, quantity: 20 });
  });

  it('reports a lost answer as an unknown outcome and reconciles with openOrders', async () => {
    const sim = await simulator();
    const client = clientOn(sim, { requestTimeoutMs: 100 });
    await client.start();
    sim.pause();
    const bid = sim.bookOf('BTC-PERPETUAL')!.bids[0]!;
    sim.slowResponses(300);
    await expect(client.submit(order({ clientOrderId: 'slow-1', quantity: 10, price: bid - 1_000 }))).rejects.toMatchObject({ code: 'ARB_VENUE_UNKNOWN_OUTCOME' });
    sim.slowResponses(0);
    await until(() => sim.stats.ordersPlaced === 1, 'order reached the venue');
    expect(await client.openOrders()).toEqual([expect.objectContaining({ clientOrderId: 'slow-1', status: 'open' })]);
  });

  it('reads its credentials from DERIBIT_KEY / DERIBIT_SECRET and names the missing one', () => {
    const saved = { key: process.env.DERIBIT_KEY, secret: process.env.DERIBIT_SECRET };
    try {
      delete process.env.DERIBIT_KEY;
      delete process.env.DERIBIT_SECRET;
      expect(() => DeribitExecutionClient.fromEnv({ logger: silentLogger })).toThrow(/DERIBIT_KEY/);
      process.env.DERIBIT_KEY = 'k';
      process.env.DERIBIT_SECRET = 's';
      expect(DeribitExecutionClient.fromEnv({ logger: silentLogger })).toBeInstanceOf(DeribitExecutionClient);
    } finally {
      if (saved.key === undefined) delete process.env.DERIBIT_KEY;
      else process.env.DERIBIT_KEY = saved.key;
      if (saved.secret === undefined) delete process.env.DERIBIT_SECRET;
      else process.env.DERIBIT_SECRET = saved.secret;
    }
  });
});
