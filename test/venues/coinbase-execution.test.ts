/**
 * Coinbase order entry against the Coinbase simulator over loopback: signed REST orders that
 * rest, fill (taker at once, maker when a trade crosses them), are edited and canceled; fills and
 * balances from the user channel and the fills endpoint; forged and expired JWTs refused; a fill
 * made while the user channel was down recovered after the reconnect; open orders and fills for
 * reconciliation.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArbiterError } from '../../src/domain/errors.js';
import type { Fill, OrderRequest, OrderUpdate } from '../../src/domain/order.js';
import { silentLogger } from '../../src/engine/logger.js';
import { CoinbaseExecutionClient } from '../../src/venues/coinbase/execution/coinbase-execution-client.js';
import { parseCoinbasePrivateKey } from '../../src/venues/coinbase/execution/coinbase-jwt.js';
import { CoinbaseSimulator } from '../../src/venues/coinbase/simulator/coinbase-simulator.js';

const KEY_NAME = 'organizations/sim-org/apiKeys/sim-key';
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecPem = ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString();

let sim: CoinbaseSimulator;
let client: CoinbaseExecutionClient;
const events: Array<OrderUpdate | Fill> = [];
let seq = 0;

function newClient(options: Partial<ConstructorParameters<typeof CoinbaseExecutionClient>[0]> = {}): CoinbaseExecutionClient {
  return new CoinbaseExecutionClient({
    key: parseCoinbasePrivateKey(KEY_NAME, ecPem), logger: silentLogger, restUrl: sim.restUrl, userWsUrl: sim.userWsUrl,
    backoff: { initialMs: 150, maxMs: 300 }, staleAfterMs: 30_000, requestTimeoutMs: 3_000, ...options,
  });
}

function order(over: Partial<OrderRequest>): OrderRequest {
  return { clientOrderId: `cb-${++seq}`, venue: 'coinbase', symbol: 'BTC-USD', side: 'buy', type: 'limit', quantity: 0.01, price: null, timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null, ...over };
}

async function waitFor<T>(what: string, get: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const updateOf = (id: string, status: string): OrderUpdate | undefined =>
  events.find((e): e is OrderUpdate => e.kind === 'order_update' && e.clientOrderId === id && e.status === status);
const fillsOf = (id: string): Fill[] => events.filter((e): e is Fill => e.kind === 'fill' && e.clientOrderId === id);
const book = (): { bid: number; ask: number } => ({ bid: sim.product('BTC-USD').ladder.bestBid!, ask: sim.product('BTC-USD').ladder.bestAsk! });
const rejection = async (p: Promise<unknown>): Promise<ArbiterError> => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e as ArbiterError);

beforeAll(async () => {
  sim = await CoinbaseSimulator.start({ seed: 7, tickIntervalMs: 0, heartbeatEveryTicks: 1, levels: 20 });
  sim.exchange.registerKey(KEY_NAME, ec.privateKey);
  client = newClient();
  client.onUpdate((u) => events.push(u));
  await client.start();
});

afterAll(async () => {
  await client.close();
  await sim.stop();
});

describe('Coinbase execution against the simulator', () => {
  it('rests a GTC limit, edits its price and size, and cancels it', async () => {
    const price = Math.round((book().bid - 50) * 100) / 100;
    const req = order({ price: price + 0.004, quantity: 0.0123456789 });
    const ack = await client.submit(req);
    expect(ack.venueOrderId).toMatch(/-/);
    const open = await waitFor('open', () => updateOf(req.clientOrderId, 'open'));
    expect(open).toMatchObject({ remainingQuantity: 0.01234567, filledQuantity: 0, symbol: 'BTC-USD' });
    expect(sim.exchange.book.all().find((o) => o.id === ack.venueOrderId)?.price).toBe(price);

    await client.amend(req.clientOrderId, { price: price - 1, quantity: 0.02 });
    const listed = (await client.openOrders()).find((o) => o.clientOrderId === req.clientOrderId);
    expect(listed).toMatchObject({ status: 'open', remainingQuantity: 0.02 });
    expect(sim.exchange.book.all().find((o) => o.id === ack.venueOrderId)?.price).toBe(price - 1);

    await client.cancel(req.clientOrderId);
    await waitFor('canceled', () => updateOf(req.clientOrderId, 'canceled'));
    const again = await rejection(client.cancel(req.clientOrderId));
    expect(again.code).toBe('ARB_VENUE_REJECTED');
    expect(again.context.failureReason).toBe('UNKNOWN_CANCEL_ORDER');
  });

  it('fills an aggressive order at once from the book, with fills from the fills endpoint and balances that move', async () => {
    const before = await client.balances();
    const req = order({ timeInForce: 'ioc', price: Math.round(book().ask * 1.01 * 100) / 100, quantity: 0.05 });
    await client.submit(req);
    const filled = await waitFor('filled', () => updateOf(req.clientOrderId, 'filled'));
    const fills = await waitFor('fills', () => {
      const f = fillsOf(req.clientOrderId);
      return Math.abs(f.reduce((s, x) => s + x.quantity, 0) - filled.filledQuantity) < 1e-9 ? f : undefined;
    });
    expect(fills.every((f) => f.liquidity === 'taker' && f.fee > 0 && f.feeCurrency === 'USD' && f.side === 'buy')).toBe(true);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(fills.length);
    const after = await client.balances();
    const btc = (list: typeof after): number => list.find((b) => b.currency === 'BTC')!.total;
    const usd = (list: typeof after): number => list.find((b) => b.currency === 'USD')!.total;
    expect(btc(after) - btc(before)).toBeCloseTo(0.05, 9);
    const cost = fills.reduce((s, f) => s + f.price * f.quantity + f.fee, 0);
    expect(usd(before) - usd(after)).toBeCloseTo(cost, 6);
  });

  it('fills a resting order as maker when a trade crosses it', async () => {
    const price = Math.round((book().ask + 5) * 100) / 100;
    const req = order({ side: 'sell', price, quantity: 0.01 });
    await client.submit(req);
    await waitFor('open', () => updateOf(req.clientOrderId, 'open'));
    sim.exchange.printTrade('BTC-USD', price);
    const [fill] = await waitFor('maker fill', () => (fillsOf(req.clientOrderId).length > 0 ? fillsOf(req.clientOrderId) : undefined));
    expect(fill).toMatchObject({ liquidity: 'maker', price, quantity: 0.01, side: 'sell' });
    expect(fill!.fee).toBeCloseTo(price * 0.01 * 0.004, 9);
  });

  it('rounds to the product increments and refuses what is below the minimums before sending', async () => {
    await client.productRules('BTC-USD');
    const requests = client.rest.counters.requests;
    const tiny = await rejection(client.submit(order({ price: 100, quantity: 0.000000004 })));
    expect(tiny.code).toBe('ARB_INPUT_INVALID');
    expect(tiny.message).toMatch(/below the minimum/);
    const small = await rejection(client.submit(order({ price: 100, quantity: 0.001 })));
    expect(small.message).toMatch(/notional .* below the minimum 1/);
    expect(client.rest.counters.requests).toBe(requests);
  });

  it("keeps Coinbase's error and preview failure reason when it refuses an order", async () => {
    const broke = await rejection(client.submit(order({ price: Math.round(book().bid * 100) / 100 - 100, quantity: 1000 })));
    expect(broke.code).toBe('ARB_VENUE_REJECTED');
    expect(broke.context).toMatchObject({ venueError: 'INSUFFICIENT_FUND', previewFailureReason: 'PREVIEW_INSUFFICIENT_FUND' });
    const crossing = await rejection(client.submit(order({ price: Math.round(book().ask * 100) / 100 + 1, postOnly: true })));
    expect(crossing.context.previewFailureReason).toBe('PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY');
  });

  it('refuses a forged or an expired JWT with the 401 answer, and a forged user-channel subscribe', async () => {
    const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const forged = newClient({ key: parseCoinbasePrivateKey(KEY_NAME, forger) });
    const e1 = await rejection(forged.balances());
    expect(e1).toMatchObject({ code: 'ARB_VENUE_REJECTED', context: { status: 401, venueError: 'UNAUTHENTICATED' } });
    expect(e1.message).toMatch(/bad signature/);
    const e2 = await rejection(forged.start());
    expect(e2.message).toMatch(/authentication failure: bad signature/);
    await forged.close();

    const late = newClient({ now: () => Date.now() - 200_000 });
    const e3 = await rejection(late.submit(order({ price: 100, quantity: 1 })));
    expect(e3.context.status).toBe(401);
    expect(e3.message).toMatch(/expired/);
    await late.close();
  });

  it('signs with an Ed25519 key as well', async () => {
    const ed = generateKeyPairSync('ed25519');
    const raw = Buffer.concat([Buffer.from(ed.privateKey.export({ format: 'jwk' }).d!, 'base64url'), Buffer.from(ed.publicKey.export({ format: 'jwk' }).x!, 'base64url')]);
    sim.exchange.registerKey('organizations/sim-org/apiKeys/ed-key', ed.publicKey);
    const edClient = newClient({ key: parseCoinbasePrivateKey('organizations/sim-org/apiKeys/ed-key', raw.toString('base64')) });
    expect((await edClient.balances()).map((b) => b.currency)).toEqual(['BTC', 'ETH', 'USD']);
    await edClient.close();
  });

  it('recovers a fill made while the user channel was down, without duplicates', async () => {
    const price = Math.round((book().bid - 5) * 100) / 100;
    const req = order({ price, quantity: 0.02 });
    await client.submit(req);
    await waitFor('open', () => updateOf(req.clientOrderId, 'open'));
    const reconnects = client.counters.reconnects;
    client.dropConnection();
    sim.exchange.printTrade('BTC-USD', price);
    await waitFor('reconnect', () => client.counters.reconnects > reconnects && client.isOpen);
    const [fill] = await waitFor('recovered fill', () => (fillsOf(req.clientOrderId).length > 0 ? fillsOf(req.clientOrderId) : undefined));
    expect(fill).toMatchObject({ quantity: 0.02, price, liquidity: 'maker' });
    await waitFor('filled state', () => updateOf(req.clientOrderId, 'filled'));
    expect(client.counters.recoveries).toBeGreaterThan(0);
    sim.tick();
    await waitFor('heartbeat round', () => client.isOpen);
    expect(fillsOf(req.clientOrderId)).toHaveLength(1);
  });

  it('recovers a fill whose user-channel update was lost (sequence_num gap)', async () => {
    const price = Math.round((book().ask + 3) * 100) / 100;
    const req = order({ side: 'sell', price, quantity: 0.015 });
    await client.submit(req);
    await waitFor('open', () => updateOf(req.clientOrderId, 'open'));
    const gaps = client.counters.gaps;
    sim.exchange.dropUserMessage();
    sim.exchange.printTrade('BTC-USD', price);
    sim.tick();
    await waitFor('gap seen', () => client.counters.gaps > gaps);
    await waitFor('filled state', () => updateOf(req.clientOrderId, 'filled'));
    const [fill] = await waitFor('recovered fill', () => (fillsOf(req.clientOrderId).length > 0 ? fillsOf(req.clientOrderId) : undefined));
    expect(fill).toMatchObject({ quantity: 0.015, price, liquidity: 'maker' });
  });

  it('lists open orders and past fills for reconciliation; a lost order answer is an unknown outcome', async () => {
    const rest = order({ price: Math.round((book().bid - 80) * 100) / 100, quantity: 0.01 });
    await client.submit(rest);
    const open = await client.openOrders();
    expect(open.map((o) => o.clientOrderId)).toContain(rest.clientOrderId);
    expect(open.every((o) => o.status === 'open' || o.status === 'partially_filled')).toBe(true);
    const fills = await client.fillsSince(Date.now() - 60_000);
    const delivered = events.filter((e): e is Fill => e.kind === 'fill');
    expect(fills.map((f) => f.tradeId).sort()).toEqual(delivered.map((f) => f.tradeId).sort());
    expect(fills.map((f) => f.tsVenue)).toEqual([...fills.map((f) => f.tsVenue)].sort((a, b) => a! - b!));

    sim.rejectNext(1);
    expect((await client.balances()).length).toBe(3);
    const limited = client.rest.counters.rateLimited;
    sim.exchange.rateLimitNext(1);
    expect((await client.balances()).length).toBe(3);
    expect(client.rest.counters.rateLimited).toBe(limited + 1);
    sim.rejectNext(1);
    const lost = await rejection(client.submit(order({ price: 100, quantity: 0.02 })));
    expect(lost.code).toBe('ARB_VENUE_UNKNOWN_OUTCOME');
  });
});
