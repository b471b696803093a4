/**
 * Kraken order entry against the Kraken simulator over loopback: signed REST orders that fill,
 * rest, amend and cancel; Kraken's own rejections (insufficient funds, bad key, bad signature,
 * replayed nonce); fills and balances from the authenticated `executions` / `balances` channels;
 * a fill made while the private socket is down delivered once after the reconnect; open orders,
 * fills and balances for reconciliation.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fill, OrderRequest, OrderUpdate } from '../../src/domain/order.js';
import { silentLogger } from '../../src/engine/logger.js';
import { KrakenExecutionClient, KrakenSimulator, krakenApiSign } from '../../src/venues/kraken/index.js';

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const KEY = 'arbiter-test-key';
const SECRET = randomBytes(64).toString('base64');

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(): Promise<{ sim: KrakenSimulator; client: KrakenExecutionClient; events: Array<OrderUpdate | Fill> }> {
  const sim = await KrakenSimulator.start({ tickIntervalMs: 0, accounts: [{ key: KEY, secret: SECRET, balances: { USD: 100_000, BTC: 1 } }] });
  cleanup.push(() => sim.stop());
  const client = new KrakenExecutionClient({
    logger: silentLogger, credentials: { apiKey: KEY, apiSecret: SECRET }, restUrl: sim.restUrl, authWsUrl: sim.authUrl, tier: 'pro', backoff: { initialMs: 20, maxMs: 100 },
  });
  cleanup.push(() => client.close());
  const events: Array<OrderUpdate | Fill> = [];
  client.onUpdate((e) => events.push(e));
  await client.start();
  return { sim, client, events };
}

const order = (o: Partial<OrderRequest> & Pick<OrderRequest, 'clientOrderId' | 'side' | 'quantity' | 'price'>): OrderRequest => ({
  venue: 'kraken', symbol: 'BTC/USD', type: 'limit', timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null, ...o,
});
const fillsOf = (events: Array<OrderUpdate | Fill>, id: string): Fill[] => events.filter((e): e is Fill => e.kind === 'fill' && e.clientOrderId === id);
const statusOf = (events: Array<OrderUpdate | Fill>, id: string): string | undefined => events.filter((e): e is OrderUpdate => e.kind === 'order_update' && e.clientOrderId === id).at(-1)?.status;

describe('Kraken execution client ↔ simulator', () => {
  it('places, fills, amends and cancels orders; fills and balances arrive on the private channels', async () => {
    const { sim, client, events } = await setup();
    const ladder = sim.pair('BTC/USD').ladder;
    const ask = ladder.bestAsk!;
    const bid = ladder.bestBid!;

    // Aggressive: trades at once against the simulated asks (taker), rounded to the 0.1 tick.
    const ack = await client.submit(order({ clientOrderId: 'take-1', side: 'buy', quantity: 0.01, price: ask + 5.07 }));
    expect(ack.venueOrderId).toMatch(/^O/);
    await until(() => statusOf(events, 'take-1') === 'filled', 'aggressive order filled');
    const takeFills = fillsOf(events, 'take-1');
    expect(takeFills.reduce((s, f) => s + f.quantity, 0)).toBeCloseTo(0.01, 10);
    expect(takeFills.every((f) => f.liquidity === 'taker' && f.price <= ask + 5 && f.feeCurrency === 'USD' && f.fee > 0)).toBe(true);
    await until(() => (client.streamedBalances().get('BTC') ?? 0) > 1.0099, 'BTC balance update');
    const spent = takeFills.reduce((s, f) => s + f.price * f.quantity + f.fee, 0);
    expect(client.streamedBalances().get('USD')).toBeCloseTo(100_000 - spent, 6);

    // Resting, then amended in place (price and quantity), then traded by other participants' flow.
    await client.submit(order({ clientOrderId: 'rest-1', side: 'buy', quantity: 0.01, price: bid - 100 }));
    await until(() => statusOf(events, 'rest-1') === 'open', 'resting order open');
    const open = await client.openOrders();
    expect(open.map((o) => o.clientOrderId)).toEqual(['rest-1']);
    await client.amend('rest-1', { price: bid - 50.04, quantity: 0.02 });
    await until(() => events.some((e) => e.kind === 'order_update' && e.clientOrderId === 'rest-1' && e.remainingQuantity === 0.02), 'amend reported');
    expect(sim.trading!.account(KEY).openOrder('rest-1')!.price).toBeCloseTo(bid - 50.1, 6);
    expect(sim.trading!.flowThrough('BTC/USD', 'sell', bid - 60)).toBeCloseTo(0.02, 10);
    await until(() => statusOf(events, 'rest-1') === 'filled', 'resting order filled');
    expect(fillsOf(events, 'rest-1')).toMatchObject([{ liquidity: 'maker', quantity: 0.02, side: 'buy' }]);

    // Cancel.
    await client.submit(order({ clientOrderId: 'rest-2', side: 'sell', quantity: 0.005, price: ask + 500 }));
    await until(() => statusOf(events, 'rest-2') === 'open', 'second resting order open');
    await client.cancel('rest-2');
    await until(() => statusOf(events, 'rest-2') === 'canceled', 'canceled');
    expect(await client.openOrders()).toEqual([]);

    // Kraken's rejections arrive verbatim; local rule breaks never leave the process.
    await expect(client.submit(order({ clientOrderId: 'big', side: 'buy', quantity: 50, price: bid }))).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', message: expect.stringContaining('EOrder:Insufficient funds') });
    await expect(client.cancel('nope')).rejects.toThrow(/EOrder:Unknown order/);
    await expect(client.submit(order({ clientOrderId: 'tiny', side: 'buy', quantity: 0.00001, price: bid }))).rejects.toMatchObject({ code: 'ARB_INPUT_INVALID' });
    await expect(client.submit(order({ clientOrderId: 'fok', side: 'buy', quantity: 0.01, price: bid, timeInForce: 'fok' }))).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });

    // Reconciliation view: the same fills (same trade ids) and balances over REST.
    const fills = await client.fillsSince(0);
    const streamed = events.filter((e): e is Fill => e.kind === 'fill');
    expect(fills.map((f) => f.tradeId).sort()).toEqual(streamed.map((f) => f.tradeId).sort());
    expect(new Set(fills.map((f) => f.clientOrderId))).toEqual(new Set(['take-1', 'rest-1']));
    const balances = await client.balances();
    const btc = balances.find((b) => b.currency === 'BTC')!;
    expect(btc.total).toBeCloseTo(1.03, 8);
    expect(balances.find((b) => b.currency === 'USD')!.total).toBeCloseTo(client.streamedBalances().get('USD')!, 6);
  });

  it('refuses a bad key, a bad signature and a replayed nonce with Kraken’s errors', async () => {
    const { sim } = await setup();
    const wrongSecret = new KrakenExecutionClient({ logger: silentLogger, credentials: { apiKey: KEY, apiSecret: randomBytes(64).toString('base64') }, restUrl: sim.restUrl, authWsUrl: sim.authUrl });
    cleanup.push(() => wrongSecret.close());
    await expect(wrongSecret.start()).rejects.toThrow(/EAPI:Invalid signature/);
    const wrongKey = new KrakenExecutionClient({ logger: silentLogger, credentials: { apiKey: 'nobody', apiSecret: SECRET }, restUrl: sim.restUrl, authWsUrl: sim.authUrl });
    cleanup.push(() => wrongKey.close());
    await expect(wrongKey.balances()).rejects.toThrow(/EAPI:Invalid key/);
    const noSocket = new KrakenExecutionClient({ logger: silentLogger, credentials: { apiKey: KEY, apiSecret: SECRET }, restUrl: sim.restUrl, authWsUrl: `${sim.authUrl}-missing`, connectTimeoutMs: 300, backoff: { initialMs: 20, maxMs: 50 } });
    cleanup.push(() => noSocket.close());
    await expect(noSocket.start()).rejects.toMatchObject({ code: 'ARB_VENUE_TRANSIENT', message: expect.stringContaining('not connected within 300 ms') });

    const post = async (nonce: number): Promise<unknown> => {
      const body = JSON.stringify({ nonce });
      const res = await fetch(`${sim.restUrl}/0/private/Balance`, {
        method: 'POST', body, headers: { 'content-type': 'application/json', 'API-Key': KEY, 'API-Sign': krakenApiSign('/0/private/Balance', String(nonce), body, SECRET) },
      });
      return res.json();
    };
    const nonce = Date.now() * 1000 + 999_999;
    expect(await post(nonce)).toMatchObject({ error: [], result: { ZUSD: expect.any(String), XXBT: expect.any(String) } });
    expect(await post(nonce)).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect(await post(nonce - 1)).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect(sim.trading!.counters).toMatchObject({ invalidSignatures: 1, invalidKeys: 1, invalidNonces: 2 });
  });

  it('turns a lost answer into an unknown outcome that open orders then resolve', async () => {
    const { sim, client } = await setup();
    const bid = sim.pair('BTC/USD').ladder.bestBid!;
    const impatient = new KrakenExecutionClient({ logger: silentLogger, credentials: { apiKey: KEY, apiSecret: SECRET }, restUrl: sim.restUrl, authWsUrl: sim.authUrl, requestTimeoutMs: 100 });
    cleanup.push(() => impatient.close());
    await impatient.start();
    sim.trading!.answerLate(300);
    await expect(impatient.submit(order({ clientOrderId: 'lost-1', side: 'buy', quantity: 0.01, price: bid - 30 }))).rejects.toMatchObject({ code: 'ARB_VENUE_UNKNOWN_OUTCOME' });
    expect((await client.openOrders()).map((o) => o.clientOrderId)).toEqual(['lost-1']);
    sim.rejectNext(1);
    await expect(client.submit(order({ clientOrderId: 'lost-2', side: 'buy', quantity: 0.01, price: bid - 30 }))).rejects.toMatchObject({ code: 'ARB_VENUE_UNKNOWN_OUTCOME', message: expect.stringContaining('HTTP 503') });
    await expect(client.balances()).resolves.toHaveLength(2);
  });

  it('delivers a fill and a cancel made while the private socket was down exactly once after the reconnect', async () => {
    const { sim, client, events } = await setup();
    const bid = sim.pair('BTC/USD').ladder.bestBid!;
    await client.submit(order({ clientOrderId: 'gap-1', side: 'buy', quantity: 0.01, price: bid - 20 }));
    await client.submit(order({ clientOrderId: 'gap-2', side: 'buy', quantity: 0.01, price: bid - 40 }));
    await until(() => statusOf(events, 'gap-1') === 'open' && statusOf(events, 'gap-2') === 'open', 'orders open');
    sim.trading!.dropPrivateSockets();
    expect(sim.trading!.flowThrough('BTC/USD', 'sell', bid - 20)).toBeCloseTo(0.01, 10);
    const account = sim.trading!.account(KEY);
    account.cancel(account.openOrder('gap-2')!);
    expect(fillsOf(events, 'gap-1')).toEqual([]);
    await until(() => client.counters.reconnects === 1 && client.isOpen, 'reconnect');
    await until(() => fillsOf(events, 'gap-1').length === 1 && statusOf(events, 'gap-2') === 'canceled', 'fill and cancel after reconnect');
    await client.whenCaughtUp();
    expect(fillsOf(events, 'gap-1')).toHaveLength(1);
    expect(statusOf(events, 'gap-1')).toBe('filled');
    expect(client.counters.fills).toBe(1);
    expect((await client.fillsSince(0)).map((f) => f.tradeId)).toEqual([fillsOf(events, 'gap-1')[0]!.tradeId]);
  });

  it('catches up over REST when an executions update goes missing (sequence gap)', async () => {
    const { sim, client, events } = await setup();
    const bid = sim.pair('BTC/USD').ladder.bestBid!;
    await client.submit(order({ clientOrderId: 'seq-1', side: 'buy', quantity: 0.01, price: bid - 20 }));
    await until(() => statusOf(events, 'seq-1') === 'open', 'order open');
    sim.trading!.skipExecutionUpdates(1);
    sim.trading!.flowThrough('BTC/USD', 'sell', bid - 20, 0.004);
    expect(fillsOf(events, 'seq-1')).toEqual([]);
    sim.trading!.flowThrough('BTC/USD', 'sell', bid - 20, 0.006);
    await until(() => fillsOf(events, 'seq-1').length === 2 && client.counters.sequenceGaps === 1, 'both fills');
    await client.whenCaughtUp();
    expect(fillsOf(events, 'seq-1').map((f) => f.quantity).sort()).toEqual([0.004, 0.006]);
    expect(client.counters.recoveredFills).toBe(1);
    expect(statusOf(events, 'seq-1')).toBe('filled');
  });
  it('sends a client order id longer than cl_ord_id allows as its hash and reports it back under the original id', async () => {
    const { sim, client, events } = await setup();
    const id = 'TriangularArb-BTC-ETH-000042';
    const bid = sim.pair('BTC/USD').ladder.bestBid!;
    await client.submit(order({ clientOrderId: id, side: 'buy', quantity: 0.01, price: bid - 100 }));
    await until(() => statusOf(events, id) === 'open', 'long-id order open');
    expect((await client.openOrders()).map((o) => o.clientOrderId)).toEqual([id]);
    await client.amend(id, { price: bid - 90 });
    expect(sim.trading!.flowThrough('BTC/USD', 'sell', bid - 95)).toBeCloseTo(0.01, 10);
    await until(() => statusOf(events, id) === 'filled', 'long-id order filled');
    expect(fillsOf(events, id)).toHaveLength(1);
    expect((await client.fillsSince(0)).map((f) => f.clientOrderId)).toEqual([id]);
  });
});
