/**
 * Derive clients against the Derive simulator over loopback: market feed (subscribe, receive,
 * reconnect with resubscription, garbage frames, stale snapshots), catalog, and signed order entry
 * (verified by the simulator the way the venue verifies it).
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { MarketEvent } from '../../src/domain/market-event.js';
import type { Fill, OrderUpdate } from '../../src/domain/order.js';
import { DeriveCatalogSource, deriveRestCall } from '../../src/venues/derive/catalog/derive-catalog-source.js';
import { DeriveMarketFeed } from '../../src/venues/derive/client/derive-market-feed.js';
import { DeriveExecutionClient } from '../../src/venues/derive/execution/derive-execution-client.js';
import { DERIVE_V3_MAINNET, signDeriveLogin } from '../../src/venues/derive/execution/derive-signing.js';
import { deriveApiProfile } from '../../src/venues/derive/parse/derive-api-version.js';
import { DeriveSimulator } from '../../src/venues/derive/simulator/derive-simulator.js';

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const sessionKey = generatePrivateKey();
const wallet = privateKeyToAccount(generatePrivateKey()).address;
const SUBACCOUNT = 30769;

async function simulator(tickIntervalMs = 20): Promise<DeriveSimulator> {
  const sim = await DeriveSimulator.start({ seed: 11, tickIntervalMs, accounts: [{ wallet, subaccountIds: [SUBACCOUNT], sessionKeys: [privateKeyToAccount(sessionKey).address] }] });
  cleanups.push(() => sim.stop());
  return sim;
}

async function feed(sim: DeriveSimulator, events: MarketEvent[]): Promise<DeriveMarketFeed> {
  const f = new DeriveMarketFeed({ url: sim.url, backoff: { initialMs: 20, maxMs: 100 }, requestsPerSec: 50 });
  cleanups.push(() => f.stop());
  await f.start((e) => events.push(e));
  return f;
}

async function executionClient(sim: DeriveSimulator, constants = sim.constants): Promise<{ client: DeriveExecutionClient; updates: Array<OrderUpdate | Fill> }> {
  const client = new DeriveExecutionClient({ url: sim.url, credentials: { sessionKey, wallet, subaccountId: SUBACCOUNT }, constants });
  cleanups.push(() => client.close());
  const updates: Array<OrderUpdate | Fill> = [];
  client.onUpdate((u) => updates.push(u));
  await client.start();
  return { client, updates };
}

describe('Derive market feed against the simulator', () => {
  it('subscribes in batches and receives tickers, book snapshots and trades', async () => {
    const sim = await simulator();
    const events: MarketEvent[] = [];
    const f = await feed(sim, events);
    const option = sim.instruments.find((i) => i.kind === 'option' && i.right === 'call')!.name;
    await f.subscribe([
      { symbol: 'BTC-PERP', channel: 'ticker' }, { symbol: 'BTC-PERP', channel: 'book' }, { symbol: 'BTC-PERP', channel: 'trades' },
      { symbol: option, channel: 'ticker' },
    ]);
    await until(() => ['ticker', 'book_snapshot', 'trade'].every((k) => events.some((e) => e.kind === k && e.symbol === 'BTC-PERP')) && events.some((e) => e.symbol === option));
    const t = events.find((e) => e.kind === 'ticker' && e.symbol === option);
    if (t?.kind !== 'ticker') throw new Error('no option ticker');
    expect(t.priceCurrency).toBe('USDC');
    expect(t.markIv).toBeGreaterThan(0.2);
    expect(t.markIv).toBeLessThan(2);
    expect(t.underlying).toBeGreaterThan(50_000);
    expect(t.greeks?.vega).toBeGreaterThan(1); // per 1.00 vol, USDC
    const b = events.find((e) => e.kind === 'book_snapshot');
    if (b?.kind !== 'book_snapshot') throw new Error('no book');
    expect(b.bids[0]!).toBeLessThan(b.asks[0]!);
    expect(f.badFrames).toBe(0);
  });

  it('batches large subscription sets', async () => {
    const sim = await simulator(1_000);
    const f = new DeriveMarketFeed({ url: sim.url, batchSize: 10, requestsPerSec: 100 });
    cleanups.push(() => f.stop());
    await f.start(() => {});
    await f.subscribe(sim.instruments.slice(0, 35).map((i) => ({ symbol: i.name, channel: 'ticker' as const })));
    expect(sim.requestCounts.get('subscribe')).toBe(4);
  });

  it('reconnects after a forced disconnect and resubscribes everything', async () => {
    const sim = await simulator();
    const events: MarketEvent[] = [];
    const f = await feed(sim, events);
    await f.subscribe([{ symbol: 'BTC-PERP', channel: 'ticker' }, { symbol: 'BTC-PERP', channel: 'book' }]);
    await until(() => events.length > 2);
    sim.disconnectAll();
    await until(() => f.reconnects === 1);
    const before = events.length;
    await until(() => events.filter((e) => e.kind === 'book_snapshot').length > 0 && events.length > before + 4);
    expect(sim.requestCounts.get('subscribe')).toBe(2);
    expect(f.resyncs).toBe(1);
  });

  it('counts a garbage frame and keeps streaming', async () => {
    const sim = await simulator();
    const events: MarketEvent[] = [];
    const f = await feed(sim, events);
    await f.subscribe([{ symbol: 'BTC-PERP', channel: 'ticker' }]);
    await until(() => events.length > 0);
    sim.garbageFrame();
    await until(() => f.badFrames === 1);
    const n = events.length;
    await until(() => events.length > n + 2);
  });

  it('drops an older order-book snapshot (publish_id not newer) and counts it', async () => {
    const sim = await simulator(50);
    const events: MarketEvent[] = [];
    const f = await feed(sim, events);
    await f.subscribe([{ symbol: 'BTC-PERP', channel: 'book' }]);
    await until(() => events.length > 1);
    sim.staleBook('BTC-PERP');
    await until(() => f.staleSnapshots === 1);
    const seqs = events.flatMap((e) => (e.kind === 'book_snapshot' && e.sequence !== null ? [e.sequence] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('unsubscribes: the channel stops and is not resubscribed after a reconnect', async () => {
    const sim = await simulator();
    const events: MarketEvent[] = [];
    const f = await feed(sim, events);
    await f.subscribe([{ symbol: 'BTC-PERP', channel: 'ticker' }, { symbol: 'BTC-PERP', channel: 'book' }]);
    await until(() => events.some((e) => e.kind === 'book_snapshot'));
    await f.unsubscribe([{ symbol: 'BTC-PERP', channel: 'book' }]);
    expect(f.activeChannels).toEqual(['ticker_slim.BTC-PERP.100']);
    sim.disconnectAll();
    await until(() => f.reconnects === 1);
    const mark = events.length;
    await until(() => events.length > mark + 5);
    expect(events.slice(mark).every((e) => e.kind === 'ticker')).toBe(true);
  });

  it('records every raw frame through onRawFrame', async () => {
    const sim = await simulator();
    const raw: string[] = [];
    const f = new DeriveMarketFeed({ url: sim.url, onRawFrame: (t) => raw.push(t) });
    cleanups.push(() => f.stop());
    await f.start(() => {});
    await f.subscribe([{ symbol: 'BTC-PERP', channel: 'ticker' }]);
    await until(() => raw.some((r) => r.includes('ticker_slim.BTC-PERP')));
    expect(raw.some((r) => r.includes('current_subscriptions'))).toBe(true);
  });
});

describe('Derive catalog against the simulator', () => {
  it('pages through get_all_instruments and maps options and the perp', async () => {
    const sim = await simulator(1_000);
    const instruments = await new DeriveCatalogSource({ restUrl: sim.restUrl, pageSize: 20 }).load();
    expect(instruments).toHaveLength(sim.instruments.length);
    const option = instruments.find((i) => i.kind === 'option');
    expect(option).toMatchObject({ venue: 'derive', priceCurrency: 'USDC', tickSize: 0.1, minSize: 0.01, sizeStep: 0.01 });
    if (option?.kind !== 'option') throw new Error('no option');
    expect(new Date(option.expiryMs).getUTCHours()).toBe(8);
    expect(new Set(instruments.filter((i) => i.kind === 'option').map((i) => (i.kind === 'option' ? i.expiryMs : 0))).size).toBe(4);
    expect(instruments.filter((i) => i.kind === 'perpetual').map((i) => i.symbol)).toEqual(['BTC-PERP']);
  });
});

describe('Derive order entry against the simulator', () => {
  it('a signed marketable order is verified by the simulator and ends filled with the signed fields', async () => {
    const sim = await simulator();
    const { client, updates } = await executionClient(sim);
    const inst = sim.instrument('BTC-PERP')!;
    const ack = await client.submit({
      clientOrderId: 'perp-buy-1', venue: 'derive', symbol: 'BTC-PERP', side: 'buy', type: 'limit', quantity: 0.1,
      price: inst.ask! + 100, timeInForce: 'ioc', postOnly: false, reduceOnly: false, expireAtMs: null,
    });
    expect(ack.venueOrderId).toMatch(/^sim-ord-/);
    await until(() => updates.some((u) => u.kind === 'order_update' && u.status === 'filled') && updates.some((u) => u.kind === 'fill'));
    const fill = updates.find((u): u is Fill => u.kind === 'fill')!;
    expect(fill).toMatchObject({ clientOrderId: 'perp-buy-1', side: 'buy', quantity: 0.1, liquidity: 'taker', feeCurrency: 'USDC', venueOrderId: ack.venueOrderId });
    expect(fill.price).toBeLessThanOrEqual(inst.ask! + 100);
    const signed = sim.exchange.accepted.at(-1)!;
    expect(signed).toMatchObject({ instrument_name: 'BTC-PERP', direction: 'buy', amount: '0.1', subaccount_id: SUBACCOUNT, label: 'perp-buy-1', signer: privateKeyToAccount(sessionKey).address });
    expect(String(signed.nonce)).toMatch(/^\d{19}$/); // v3: nanoseconds, as a string
    expect(Number(signed.limit_price) % 0.5).toBe(0); // rounded to the perp's tick
    expect(updates.filter((u) => u.kind === 'order_update' && u.status === 'filled')).toHaveLength(1); // answer and notification deduplicated
  });

  it('a resting option order rests, shows in open orders and is cancelled', async () => {
    const sim = await simulator();
    const { client, updates } = await executionClient(sim);
    const inst = sim.instruments.find((i) => i.kind === 'option' && i.bid !== null && i.bid > 100)!;
    const ack = await client.submit({
      clientOrderId: 'opt-rest-1', venue: 'derive', symbol: inst.name, side: 'buy', type: 'limit', quantity: 0.25,
      price: Math.round(inst.bid! * 0.5), timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null,
    });
    const open = await client.openOrders();
    expect(open.map((o) => [o.clientOrderId, o.status, o.venueOrderId])).toEqual([['opt-rest-1', 'open', ack.venueOrderId]]);
    await client.cancel('opt-rest-1');
    await until(() => updates.some((u) => u.kind === 'order_update' && u.status === 'canceled'));
    expect(await client.openOrders()).toEqual([]);
    await expect(client.cancel('opt-rest-1')).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', context: expect.objectContaining({ venueCode: 11006 }) });
  });

  it('a resting order fills as maker when the market crosses it', async () => {
    const sim = await simulator(10);
    const { client, updates } = await executionClient(sim);
    const inst = sim.instrument('BTC-PERP')!;
    // Just under the ask: the noisy quotes cross it within a few ticks.
    await client.submit({
      clientOrderId: 'rest-then-fill', venue: 'derive', symbol: 'BTC-PERP', side: 'buy', type: 'limit', quantity: 0.2,
      price: inst.ask! - 0.5, timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null,
    });
    await until(() => updates.some((u) => u.kind === 'fill'), 10_000);
    const fill = updates.find((u): u is Fill => u.kind === 'fill')!;
    expect(fill).toMatchObject({ clientOrderId: 'rest-then-fill', liquidity: 'maker', quantity: 0.2 });
    expect(updates.filter((u) => u.kind === 'order_update').map((u) => (u.kind === 'order_update' ? u.status : null))).toEqual(['open', 'filled']);
  });

  it('private REST calls authenticate with the X-Derive headers', async () => {
    const sim = await simulator(1_000);
    const login = await signDeriveLogin(sessionKey, wallet, Date.now());
    const h = deriveApiProfile('v3').authHeaders;
    const headers = { [h.wallet]: login.wallet, [h.timestamp]: String(login.timestamp), [h.signature]: login.signature };
    expect(await deriveRestCall(sim.restUrl, 'private/get_open_orders', { subaccount_id: SUBACCOUNT }, { headers })).toEqual({ subaccount_id: SUBACCOUNT, orders: [] });
    await expect(deriveRestCall(sim.restUrl, 'private/get_open_orders', { subaccount_id: SUBACCOUNT }, { headers: { ...headers, [h.timestamp]: String(login.timestamp + 1) } }))
      .rejects.toMatchObject({ context: expect.objectContaining({ venueCode: 14014 }) });
  });

  it('logs in again and resubscribes private channels after a reconnect', async () => {
    const sim = await simulator();
    const { client, updates } = await executionClient(sim);
    sim.disconnectAll();
    await until(() => (sim.requestCounts.get('public/login') ?? 0) === 2);
    await until(() => (sim.requestCounts.get('subscribe') ?? 0) === 2);
    const inst = sim.instrument('BTC-PERP')!;
    await client.submit({
      clientOrderId: 'after-reconnect', venue: 'derive', symbol: 'BTC-PERP', side: 'sell', type: 'limit', quantity: 0.1,
      price: inst.bid! - 100, timeInForce: 'ioc', postOnly: false, reduceOnly: false, expireAtMs: null,
    });
    await until(() => updates.some((u) => u.kind === 'fill' && u.clientOrderId === 'after-reconnect'));
  });

  it('a slow venue turns a lost answer into ARB_VENUE_UNKNOWN_OUTCOME', async () => {
    const sim = await simulator(1_000);
    const client = new DeriveExecutionClient({ url: sim.url, credentials: { sessionKey, wallet, subaccountId: SUBACCOUNT }, constants: sim.constants, requestTimeoutMs: 150 });
    cleanups.push(() => client.close());
    await client.start();
    sim.slowResponses(400);
    await expect(client.openOrders()).rejects.toMatchObject({ code: 'ARB_VENUE_UNKNOWN_OUTCOME' });
    sim.slowResponses(0);
  });

  it('an order signed under the wrong domain is refused with the venue error 14014', async () => {
    const sim = await simulator();
    const { client } = await executionClient(sim, { ...sim.constants, domainSeparator: DERIVE_V3_MAINNET.domainSeparator });
    await expect(client.submit({
      clientOrderId: 'bad-sig', venue: 'derive', symbol: 'BTC-PERP', side: 'sell', type: 'limit', quantity: 0.1,
      price: 1_000_000, timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null,
    })).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', context: expect.objectContaining({ venueCode: 14014 }) });
    expect(sim.exchange.accepted).toHaveLength(0);
  });

  it('a login by an unregistered key fails start()', async () => {
    const sim = await simulator(1_000);
    const client = new DeriveExecutionClient({ url: sim.url, credentials: { sessionKey: generatePrivateKey(), wallet, subaccountId: SUBACCOUNT }, constants: sim.constants });
    cleanups.push(() => client.close());
    await expect(client.start()).rejects.toMatchObject({ context: expect.objectContaining({ venueCode: 14014 }) });
  });

  it('rate-limit refusals are transient; unsupported requests throw NotSupportedError without contacting the venue', async () => {
    const sim = await simulator(1_000);
    const { client } = await executionClient(sim);
    const base = { venue: 'derive' as const, symbol: 'BTC-PERP', side: 'buy' as const, quantity: 0.1, timeInForce: 'gtc' as const, postOnly: false, reduceOnly: false, expireAtMs: null };
    await expect(client.submit({ ...base, clientOrderId: 'mkt', type: 'market', price: null })).rejects.toMatchObject({ name: 'NotSupportedError', code: 'ARB_NOT_SUPPORTED' });
    await expect(client.submit({ ...base, clientOrderId: 'tiny', type: 'limit', price: 1000, quantity: 0.001 })).rejects.toMatchObject({ code: 'ARB_INPUT_INVALID' });
    await client.submit({ ...base, clientOrderId: 'warm', type: 'limit', price: 1000 }); // caches instrument and index
    sim.rejectNext(1);
    await expect(client.submit({ ...base, clientOrderId: 'rl', type: 'limit', price: 1000 })).rejects.toMatchObject({ code: 'ARB_VENUE_TRANSIENT' });
    expect(sim.exchange.accepted.map((p) => p.label)).toEqual(['warm']);
  });
});

describe('Derive simulator protocol', () => {
  it('answers unknown channels with a per-channel status and serves REST instruments', async () => {
    const sim = await simulator(1_000);
    const ws = new WebSocket(sim.url);
    cleanups.push(async () => ws.close());
    await new Promise((r) => ws.once('open', r));
    const answer = new Promise<unknown>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ id: 1, method: 'subscribe', params: { channels: ['ticker_slim.BTC-PERP.100', 'ticker_slim.NOPE-PERP.100', `${SUBACCOUNT}.orders`] } }));
    expect(await answer).toMatchObject({ id: 1, result: { status: { 'ticker_slim.BTC-PERP.100': 'ok', 'ticker_slim.NOPE-PERP.100': expect.stringMatching(/not found/), [`${SUBACCOUNT}.orders`]: expect.stringMatching(/Not authenticated/) }, current_subscriptions: ['ticker_slim.BTC-PERP.100'] } });
  });
});
