/**
 * Reconciliation against each venue's simulator: an order is sent and filled while the journal
 * never hears of the fill (the engine died between the venue's fill and its answer / channel
 * report); a new client then reconciles. The missed fill is adopted exactly once (a second pass
 * adopts nothing), the order is closed as filled, positions agree, and the venue balance is
 * compared with the journal's and recorded when it differs.
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../src/domain/order.js';
import type { VenueId } from '../../src/domain/venue.js';
import { silentLogger } from '../../src/engine/logger.js';
import { Journal } from '../../src/store/journal/journal.js';
import { reconcile, type ReconcilableClient } from '../../src/store/journal/reconcile.js';
import { DeribitExecutionClient, DeribitSimulator } from '../../src/venues/deribit/index.js';
import { DeriveExecutionClient } from '../../src/venues/derive/execution/derive-execution-client.js';
import { DeriveSimulator } from '../../src/venues/derive/simulator/derive-simulator.js';
import { PolymarketExecutionClient } from '../../src/venues/polymarket/execution/polymarket-execution-client.js';
import { PolymarketSimulator } from '../../src/venues/polymarket/simulator/polymarket-simulator.js';
import { bestAsk } from '../../src/venues/polymarket/simulator/sim-markets.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const request = (venue: VenueId, symbol: string, quantity: number, price: number | null, type: 'limit' | 'market' = 'limit'): OrderRequest => ({
  clientOrderId: 'recon-1', venue, symbol, side: 'buy', type, quantity, price, timeInForce: type === 'market' ? 'ioc' : 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null,
});

/** Reconciles twice with a fresh client; returns both passes and the journal's view. */
async function reconcileTwice(journal: Journal, client: ReconcilableClient) {
  const first = (await reconcile({ journal, clients: [client], now: Date.now, logger: silentLogger }))[0]!;
  const second = (await reconcile({ journal, clients: [client], now: Date.now, logger: silentLogger }))[0]!;
  return { first, second, events: journal.reconciliationEvents() };
}

function expectAdoptedOnce(journal: Journal, id: string, quantity: number, first: { fillsAdopted: number; positionMismatches: number; unsupported: readonly string[] }, second: { fillsAdopted: number; balanceMismatches: number; balancesRecorded: number }): void {
  expect(first.fillsAdopted).toBeGreaterThanOrEqual(1);
  expect(first.positionMismatches).toBe(0);
  expect(first.unsupported).toEqual([]);
  expect(second).toMatchObject({ fillsAdopted: 0, balanceMismatches: 0, balancesRecorded: 0 });
  const fills = journal.fills().filter((f) => f.clientOrderId === id);
  expect(fills).toHaveLength(first.fillsAdopted);
  expect(new Set(fills.map((f) => f.tradeId)).size).toBe(fills.length);
  expect(fills.reduce((s, f) => s + f.quantity, 0)).toBeCloseTo(quantity, 9);
  expect(journal.order(id)).toMatchObject({ status: 'filled' });
}

describe('reconciliation adopts fills missed while down, on every venue', () => {
  it('Deribit: get_user_trades_by_currency, get_positions, get_account_summary', async () => {
    const sim = await DeribitSimulator.start({ seed: 5, tickIntervalMs: 0, depositBtc: 2 });
    cleanups.push(() => sim.stop());
    sim.tick();
    const journal = new Journal(':memory:');
    cleanups.push(() => journal.close());
    journal.recordBalance('deribit', 'BTC', 2, 'declared capital', Date.now());
    const creds = { clientId: sim.clientId, clientSecret: sim.clientSecret };
    const before = new DeribitExecutionClient({ url: sim.url, logger: silentLogger, credentials: creds });
    const id = journal.recordIntent(request('deribit', 'BTC-PERPETUAL', 200, null, 'market'), Date.now());
    await before.submit({ ...request('deribit', 'BTC-PERPETUAL', 200, null, 'market'), clientOrderId: id });
    await before.close(); // killed: neither the answer nor the fills reached the journal

    const after = new DeribitExecutionClient({ url: sim.url, logger: silentLogger, credentials: creds });
    cleanups.push(() => after.close());
    const { first, second, events } = await reconcileTwice(journal, after);
    expectAdoptedOnce(journal, id, 200, first, second);
    // An opening perp trade moves the balance by its fee only: the journal's derived balance agrees.
    const [venue] = await after.balances();
    const fee = journal.fills().reduce((s, f) => s + f.fee, 0);
    expect(venue).toMatchObject({ venue: 'deribit', currency: 'BTC' });
    expect(venue!.total).toBeCloseTo(2 - fee, 9);
    expect(journal.derivedBalance('deribit', 'BTC')).toBeCloseTo(venue!.total, 9);
    expect(first).toMatchObject({ balanceMismatches: 0, balancesRecorded: 0 });
    expect(events.filter((e) => e.kind === 'fill_adopted')).toHaveLength(first.fillsAdopted);
  });

  it('Derive: get_trade_history (paged), get_positions, get_subaccount collaterals', async () => {
    const sessionKey = generatePrivateKey();
    const wallet = privateKeyToAccount(generatePrivateKey()).address;
    const sim = await DeriveSimulator.start({ seed: 7, tickIntervalMs: 20, depositUsdc: 50_000, accounts: [{ wallet, subaccountIds: [77], sessionKeys: [privateKeyToAccount(sessionKey).address] }] });
    cleanups.push(() => sim.stop());
    const journal = new Journal(':memory:');
    cleanups.push(() => journal.close());
    const credentials = { sessionKey, wallet, subaccountId: 77 };
    const before = new DeriveExecutionClient({ url: sim.url, credentials, constants: sim.constants });
    await before.start();
    const inst = sim.instrument('BTC-PERP')!;
    const req = { ...request('derive', 'BTC-PERP', 0.1, inst.ask! + 100), timeInForce: 'ioc' as const };
    const id = journal.recordIntent(req, Date.now());
    await before.submit({ ...req, clientOrderId: id });
    await before.close();

    const after = new DeriveExecutionClient({ url: sim.url, credentials, constants: sim.constants });
    cleanups.push(() => after.close());
    await after.start();
    const { first, second, events } = await reconcileTwice(journal, after);
    expectAdoptedOnce(journal, id, 0.1, first, second);
    // No balance in the journal yet: the venue's USDC collateral (deposit − fee) is recorded once.
    const fee = journal.fills().reduce((s, f) => s + f.fee, 0);
    expect(first).toMatchObject({ balancesRecorded: 1, balanceMismatches: 0 });
    const recorded = events.find((e) => e.kind === 'balance_recorded');
    expect(recorded).toMatchObject({ venue: 'derive', detail: { currency: 'USDC', journal: null } });
    expect(journal.lastBalance('derive', 'USDC')).toBeCloseTo(50_000 - fee, 6);
    expect(await after.positions()).toEqual([{ symbol: 'BTC-PERP', quantity: 0.1, averagePrice: expect.any(Number) }]);
  });

  it('Derive: trade history pages are all read, newest-first pages re-sorted oldest first', async () => {
    const sessionKey = generatePrivateKey();
    const wallet = privateKeyToAccount(generatePrivateKey()).address;
    const sim = await DeriveSimulator.start({ seed: 8, tickIntervalMs: 0, accounts: [{ wallet, subaccountIds: [5], sessionKeys: [privateKeyToAccount(sessionKey).address] }] });
    cleanups.push(() => sim.stop());
    const client = new DeriveExecutionClient({ url: sim.url, credentials: { sessionKey, wallet, subaccountId: 5 }, constants: sim.constants });
    cleanups.push(() => client.close());
    await client.start();
    const t0 = Date.now() - 1;
    const inst = sim.instrument('BTC-PERP')!;
    for (let i = 0; i < 3; i++) await client.submit({ ...request('derive', 'BTC-PERP', 0.1, i % 2 === 0 ? inst.ask! + 100 : inst.bid! - 100), side: i % 2 === 0 ? 'buy' : 'sell', clientOrderId: `p-${i}`, timeInForce: 'ioc' });
    const fills = await client.fillsSince(t0);
    expect(fills.map((f) => f.clientOrderId)).toEqual(['p-0', 'p-1', 'p-2']);
    // Newest first; a page past the last answers the last, as Derive documents.
    expect(sim.exchange.tradeHistory(wallet.toLowerCase(), { subaccount_id: 5, page_size: 2, page: 9 })).toMatchObject({ pagination: { count: 3, num_pages: 2 }, trades: [{ label: 'p-0' }] });
  });

  it('Polymarket: /data/trades mapped as the user channel, positions from trades, /balance-allowance', async () => {
    const sim = await PolymarketSimulator.start({ seed: 9, tickIntervalMs: 0, tradePageSize: 1, depositUsd: 1_000 });
    cleanups.push(() => sim.stop());
    const key = generatePrivateKey();
    const creds = sim.registerApiKey(privateKeyToAccount(key).address);
    const env = { POLYMARKET_PRIVATE_KEY: key, POLYMARKET_API_KEY: creds.key, POLYMARKET_API_SECRET: creds.secret, POLYMARKET_API_PASSPHRASE: creds.passphrase };
    const journal = new Journal(':memory:');
    cleanups.push(() => journal.close());
    journal.recordBalance('polymarket', 'USD', 1_000, 'declared capital', Date.now());
    const token = sim.markets[0]!.tokens[0]!;
    const price = Math.min(0.99, Math.round((bestAsk(token)! / 1000 + 0.05) * 100) / 100);
    const before = new PolymarketExecutionClient({ logger: silentLogger, restUrl: sim.restUrl, userWsUrl: sim.userWsUrl, env });
    const req = request('polymarket', token.tokenId, 40, price);
    const id = journal.recordIntent(req, Date.now());
    const ack = await before.submit({ ...req, clientOrderId: id });
    journal.recordAck(id, ack.venueOrderId, Date.now()); // the answer arrived; the user channel's fills did not
    await before.close();

    const after = new PolymarketExecutionClient({ logger: silentLogger, restUrl: sim.restUrl, userWsUrl: sim.userWsUrl, env });
    cleanups.push(() => after.close());
    const venueFills = await after.fillsSince(journal.createdMs);
    expect(venueFills.length).toBeGreaterThanOrEqual(1);
    // The same trade ids the user channel reports (the simulator's trade log), so dedupe works.
    const placed = sim.exchange.orders.get(ack.venueOrderId!)!;
    expect(new Set(venueFills.map((f) => f.tradeId))).toEqual(new Set(placed.trades));
    const { first, second, events } = await reconcileTwice(journal, after);
    expectAdoptedOnce(journal, id, 40, first, second);
    const paid = journal.fills().reduce((s, f) => s + f.price * f.quantity, 0);
    expect(first).toMatchObject({ balanceMismatches: 1, balancesRecorded: 0 });
    expect(events.find((e) => e.kind === 'balance_mismatch')).toMatchObject({ venue: 'polymarket', detail: { currency: 'USD', journal: 1_000 } });
    expect(journal.lastBalance('polymarket', 'USD')).toBeCloseTo(1_000 - paid, 6);
    expect(await after.positions()).toEqual([{ symbol: token.tokenId, quantity: 40, averagePrice: null }]);
  });
});
