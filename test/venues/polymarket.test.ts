/**
 * Polymarket clients against the Polymarket simulator over loopback: catalog pagination and
 * Gamma lookup, market feed (arrays, deltas, reconnect with resubscription, garbage, divergence
 * resync), and signed CLOB V2 order entry (fill with the right signed fields, bad signature,
 * auth, cancel, open orders, unsupported actions).
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fill, OrderRequest, OrderUpdate } from '../../src/domain/order.js';
import type { BookSnapshotEvent, MarketEvent } from '../../src/domain/market-event.js';
import type { OutcomeInstrument } from '../../src/domain/instrument.js';
import { silentLogger } from '../../src/engine/logger.js';
import { PolymarketCatalogSource } from '../../src/venues/polymarket/catalog/polymarket-catalog-source.js';
import { PolymarketMarketFeed } from '../../src/venues/polymarket/client/polymarket-market-feed.js';
import { l2Headers } from '../../src/venues/polymarket/execution/l2-auth.js';
import { limitOrderAmounts } from '../../src/venues/polymarket/execution/order-amounts.js';
import { PolymarketExecutionClient } from '../../src/venues/polymarket/execution/polymarket-execution-client.js';
import { PolymarketSimulator } from '../../src/venues/polymarket/simulator/polymarket-simulator.js';
import { bestAsk, bestBid } from '../../src/venues/polymarket/simulator/sim-markets.js';

async function waitFor(what: string, cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let sim: PolymarketSimulator;

beforeAll(async () => {
  sim = await PolymarketSimulator.start({ seed: 7, tickIntervalMs: 20, startMs: Date.UTC(2026, 4, 4, 15) });
});

afterAll(async () => {
  await sim.stop();
});

describe('Polymarket catalog against the simulator', () => {
  it('walks the CLOB /markets cursor pages, filters by regex and drops closed markets', async () => {
    const source = new PolymarketCatalogSource({ restUrl: sim.restUrl, match: /^bitcoin-above-/ });
    const instruments = (await source.load()) as OutcomeInstrument[];
    expect(instruments).toHaveLength(10); // 5 open BTC binaries × YES/NO; the closed one and the others are dropped
    const yes = instruments.find((i) => i.outcome === 'Yes')!;
    const market = sim.markets.find((m) => m.conditionId === yes.marketId)!;
    expect(yes).toMatchObject({ kind: 'outcome', venue: 'polymarket', tickSize: 0.01, minSize: 5, comparison: 'above', underlying: 'BTC', strike: market.strike, expiryMs: market.expiryMs });
    expect(instruments.filter((i) => i.marketId === yes.marketId).map((i) => i.outcome).sort()).toEqual(['No', 'Yes']);
    expect(source.tokens.get(yes.symbol)).toMatchObject({ conditionId: market.conditionId, negRisk: false });
  });

  it('looks markets up by slug on Gamma', async () => {
    const m = sim.markets[1]!;
    const source = new PolymarketCatalogSource({ gammaUrl: sim.gammaUrl, slugs: [m.slug, sim.markets[5]!.slug] });
    const instruments = (await source.load()) as OutcomeInstrument[];
    expect(instruments.map((i) => i.symbol).sort()).toEqual(m.tokens.map((t) => t.tokenId).sort()); // the closed one is not returned
    expect(instruments[0]!.strike).toBe(m.strike);
  });
});

describe('Polymarket market feed against the simulator', () => {
  const events: MarketEvent[] = [];
  let feed: PolymarketMarketFeed;
  const raw: string[] = [];
  const yes = () => sim.markets[0]!.tokens[0];
  const no = () => sim.markets[0]!.tokens[1];

  beforeAll(async () => {
    feed = new PolymarketMarketFeed({ url: sim.marketWsUrl, logger: silentLogger, onRawFrame: (t) => raw.push(t), backoff: { initialMs: 20, maxMs: 100 }, resyncTimeoutMs: 1_000 });
    await feed.subscribe([{ symbol: yes().tokenId, channel: 'book' }, { symbol: yes().tokenId, channel: 'ticker' }, { symbol: no().tokenId, channel: 'book' }, { symbol: yes().tokenId, channel: 'trades' }]);
    await feed.start((e) => events.push(e));
  });

  afterAll(async () => {
    await feed.stop();
  });

  const snapshots = (symbol: string): BookSnapshotEvent[] => events.filter((e): e is BookSnapshotEvent => e.kind === 'book_snapshot' && e.symbol === symbol);
  const topMatchesSim = (symbol: string): boolean => {
    const t = sim.tokens.get(symbol)!;
    const local = feed.localTop(symbol);
    const b = bestBid(t);
    const a = bestAsk(t);
    return local !== null && local.bid === (b === null ? null : b / 1000) && local.ask === (a === null ? null : a / 1000);
  };

  it('receives the initial books as one array frame, then deltas that keep the local book equal to the venue', async () => {
    await waitFor('books', () => snapshots(yes().tokenId).length > 0 && snapshots(no().tokenId).length > 0);
    expect(raw.some((t) => t.startsWith('[') && t.includes('"event_type":"book"'))).toBe(true);
    await waitFor('deltas', () => events.filter((e) => e.kind === 'book_delta').length > 20);
    expect(events.some((e) => e.kind === 'ticker' && e.symbol === yes().tokenId)).toBe(true);
    expect(events.some((e) => e.kind === 'ticker' && e.symbol === no().tokenId)).toBe(false); // NO token: book channel only
    sim.pause(true);
    await new Promise((r) => setTimeout(r, 60)); // let in-flight frames land
    expect(topMatchesSim(yes().tokenId) && topMatchesSim(no().tokenId)).toBe(true);
    sim.pause(false);
    expect(feed.gaps).toBe(0);
    expect(feed.badFrames).toBe(0);
  });

  it('subscribes and unsubscribes tokens on the live connection', async () => {
    const other = sim.markets[2]!.tokens[0]!.tokenId;
    await feed.subscribe([{ symbol: other, channel: 'book' }]);
    await waitFor('book of the added token', () => snapshots(other).length === 1);
    await feed.unsubscribe([{ symbol: other, channel: 'book' }]);
    await new Promise((r) => setTimeout(r, 100));
    const after = events.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(events.slice(after).some((e) => e.symbol === other)).toBe(false);
  });

  it('counts a garbage frame and keeps streaming', async () => {
    const before = events.length;
    sim.garbageFrame();
    await waitFor('bad frame counted', () => feed.badFrames === 1);
    await waitFor('more events', () => events.length > before + 10);
  });

  it('reconnects after a forced disconnect, resubscribes and gets fresh books', async () => {
    const yesBooks = snapshots(yes().tokenId).length;
    const noBooks = snapshots(no().tokenId).length;
    sim.disconnectAll();
    await waitFor('reconnect', () => feed.reconnects >= 1);
    await waitFor('fresh books', () => snapshots(yes().tokenId).length > yesBooks && snapshots(no().tokenId).length > noBooks);
    await waitFor('deltas after reconnect', () => events.at(-1)?.kind !== 'book_snapshot');
    expect(feed.gaps).toBe(0);
  });

  it('detects a missed price_change from best_bid/best_ask and resyncs with a fresh book', async () => {
    const token = yes().tokenId;
    const books = snapshots(token).length;
    sim.missUpdate(token);
    await waitFor('gap detected', () => feed.gaps === 1);
    expect(feed.resyncs).toBeGreaterThanOrEqual(1);
    await waitFor('resync snapshot', () => snapshots(token).length > books);
    sim.pause(true);
    await new Promise((r) => setTimeout(r, 60));
    expect(topMatchesSim(token)).toBe(true);
    sim.pause(false);
  });
});

describe('Polymarket order entry against the simulator', () => {
  const key = generatePrivateKey();
  const address = privateKeyToAccount(key).address;
  let client: PolymarketExecutionClient;
  const updates: Array<OrderUpdate | Fill> = [];
  let env: NodeJS.ProcessEnv;
  const token = () => sim.markets[3]!.tokens[0]!;

  beforeAll(async () => {
    const creds = sim.registerApiKey(address);
    env = { POLYMARKET_PRIVATE_KEY: key, POLYMARKET_API_KEY: creds.key, POLYMARKET_API_SECRET: creds.secret, POLYMARKET_API_PASSPHRASE: creds.passphrase };
    client = new PolymarketExecutionClient({ logger: silentLogger, restUrl: sim.restUrl, userWsUrl: sim.userWsUrl, env });
    client.onUpdate((u) => updates.push(u));
    await client.start();
  });

  afterAll(async () => {
    await client.close();
  });

  const order = (over: Partial<OrderRequest>): OrderRequest => ({
    clientOrderId: `c-${Math.random().toString(36).slice(2)}`, venue: 'polymarket', symbol: token().tokenId, side: 'buy', type: 'limit',
    quantity: 10, price: 0.5, timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null, ...over,
  });
  const fillsOf = (id: string): Fill[] => updates.filter((u): u is Fill => u.kind === 'fill' && u.clientOrderId === id);

  it('a marketable signed limit order ends filled, with the signed fields the exchange verified', async () => {
    sim.pause(true);
    const ask = bestAsk(token())! / 1000;
    const price = Math.min(0.99, Math.round((ask + 0.03) * 100) / 100);
    const req = order({ price, quantity: 10 });
    const ack = await client.submit(req);
    sim.pause(false);
    await waitFor('fills', () => fillsOf(req.clientOrderId).reduce((s, f) => s + f.quantity, 0) >= 10 - 1e-9);
    const fills = fillsOf(req.clientOrderId);
    expect(fills.every((f) => f.side === 'buy' && f.liquidity === 'taker' && f.price <= price + 1e-9)).toBe(true);
    expect(updates.some((u) => u.kind === 'order_update' && u.clientOrderId === req.clientOrderId && u.status === 'filled')).toBe(true);
    const placed = sim.exchange.orders.get(ack.venueOrderId!)!;
    const expected = limitOrderAmounts('BUY', 10, price, '0.01');
    expect(placed.signed).toMatchObject({
      maker: address, signer: address, tokenId: token().tokenId, makerAmount: expected.makerAmount, takerAmount: expected.takerAmount, side: 'BUY', signatureType: 0,
    });
    expect(placed.status).toBe('MATCHED');
    // Fills are reported once although the trade moves MATCHED → MINED → CONFIRMED.
    await new Promise((r) => setTimeout(r, 80));
    expect(fillsOf(req.clientOrderId)).toHaveLength(fills.length);
  });

  it('a market order without a price walks the book and fills (FOK)', async () => {
    const req = order({ type: 'market', price: null, timeInForce: 'fok', quantity: 5 });
    sim.pause(true); // the worst price comes from GET /book: keep the quotes still until the POST
    try {
      await client.submit(req);
    } finally {
      sim.pause(false);
    }
    await waitFor('market fill', () => fillsOf(req.clientOrderId).reduce((s, f) => s + f.quantity, 0) >= 5 - 1e-9);
  });

  it('a resting order shows in openOrders and cancels', async () => {
    const req = order({ price: 0.02, quantity: 7 });
    const ack = await client.submit(req);
    expect(updates.some((u) => u.kind === 'order_update' && u.clientOrderId === req.clientOrderId && u.status === 'open')).toBe(true);
    const open = await client.openOrders();
    expect(open.find((o) => o.venueOrderId === ack.venueOrderId)).toMatchObject({ clientOrderId: req.clientOrderId, status: 'open', remainingQuantity: 7 });
    await client.cancel(req.clientOrderId);
    await waitFor('cancel event', () => updates.some((u) => u.kind === 'order_update' && u.clientOrderId === req.clientOrderId && u.status === 'canceled'));
    expect((await client.openOrders()).some((o) => o.venueOrderId === ack.venueOrderId)).toBe(false);
    await expect(client.cancel(req.clientOrderId)).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED' });
  });

  it('the exchange rejects a bad signature (signed for another contract) and a tampered order', async () => {
    const wrongDomain = new PolymarketExecutionClient({ logger: silentLogger, restUrl: sim.restUrl, env, exchangeAddress: '0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E' });
    const before = sim.exchange.badSignatures;
    await expect(wrongDomain.submit(order({ price: 0.02 }))).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', message: expect.stringContaining('invalid signature') });
    expect(sim.exchange.badSignatures).toBe(before + 1);
    // A correctly signed order whose amount is altered after signing.
    const placed = [...sim.exchange.orders.values()].at(-1)!.signed;
    const creds = { key: env.POLYMARKET_API_KEY!, secret: env.POLYMARKET_API_SECRET!, passphrase: env.POLYMARKET_API_PASSPHRASE! };
    const body = { deferExec: false, postOnly: false, order: { ...placed, salt: placed.salt + 1, takerAmount: '99000000' }, owner: creds.key, orderType: 'GTC' };
    const text = JSON.stringify(body);
    const res = await fetch(`${sim.restUrl}/order`, { method: 'POST', body: text, headers: { 'content-type': 'application/json', ...l2Headers(address, creds, 'POST', '/order', text, Math.floor(Date.now() / 1000)) } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid signature' });
  });

  it('wrong API secret is refused (401) and a 503 is transient', async () => {
    const bad = new PolymarketExecutionClient({ logger: silentLogger, restUrl: sim.restUrl, env: { ...env, POLYMARKET_API_SECRET: Buffer.from('wrong').toString('base64') } });
    await expect(bad.submit(order({ price: 0.02 }))).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', message: expect.stringContaining('401') });
    sim.rejectNext(1);
    await expect(client.submit(order({ price: 0.02 }))).rejects.toMatchObject({ code: 'ARB_VENUE_TRANSIENT' });
  });

  it('validates like the venue: tick and minimum size', async () => {
    await expect(client.submit(order({ price: 0.5, quantity: 2 }))).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', message: expect.stringContaining('INVALID_ORDER_MIN_SIZE') });
  });

  it('unsupported actions throw NotSupportedError and nothing is sent', async () => {
    const count = sim.exchange.orders.size;
    await expect(client.submit(order({ reduceOnly: true }))).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
    await expect(client.submit(order({ type: 'market', timeInForce: 'gtc', price: null }))).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
    await expect(client.submit(order({ postOnly: true, timeInForce: 'fok' }))).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
    expect(sim.exchange.orders.size).toBe(count);
  });

  it('missing credentials are a ConfigError naming the variable', () => {
    expect(() => new PolymarketExecutionClient({ logger: silentLogger, env: { ...env, POLYMARKET_API_PASSPHRASE: undefined } })).toThrow(/POLYMARKET_API_PASSPHRASE/);
  });
});
