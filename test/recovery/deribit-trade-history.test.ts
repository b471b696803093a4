/**
 * The Deribit trade history and positions the reconciliation reads: the simulator's
 * `private/get_user_trades_by_currency` / `_by_instrument` and `private/get_positions`, and the
 * execution client's fillsSince / positions over them (paging past 1000 trades included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../src/domain/order.js';
import { silentLogger } from '../../src/engine/logger.js';
import { DeribitExecutionClient, DeribitSimulator } from '../../src/venues/deribit/index.js';

let sim: DeribitSimulator;
let client: DeribitExecutionClient;
beforeAll(async () => {
  sim = await DeribitSimulator.start({ seed: 3, tickIntervalMs: 0 });
  sim.tick();
  client = new DeribitExecutionClient({ url: sim.url, logger: silentLogger, credentials: { clientId: sim.clientId, clientSecret: sim.clientSecret } });
});
afterAll(async () => {
  await client.close();
  await sim.stop();
});

const market = (id: string, side: 'buy' | 'sell', quantity: number): OrderRequest => ({
  clientOrderId: id, venue: 'deribit', symbol: 'BTC-PERPETUAL', side, type: 'market', quantity, price: null, timeInForce: 'ioc', postOnly: false, reduceOnly: false, expireAtMs: null,
});

describe('Deribit trade history', () => {
  it('lists our fills since a time, oldest first, with labels, and the net position', async () => {
    const t0 = sim.now();
    await client.submit(market('h-1', 'buy', 300));
    await client.submit(market('h-2', 'sell', 100));
    const fills = await client.fillsSince(t0);
    expect(fills.length).toBeGreaterThanOrEqual(2);
    expect(new Set(fills.map((f) => f.clientOrderId))).toEqual(new Set(['h-1', 'h-2']));
    expect(fills.reduce((s, f) => s + (f.side === 'buy' ? f.quantity : -f.quantity), 0)).toBe(200);
    expect(fills.map((f) => f.tsVenue)).toEqual([...fills.map((f) => f.tsVenue)].sort((a, b) => a! - b!));
    expect(await client.fillsSince(sim.now() + 60_000)).toEqual([]);
    expect(await client.positions()).toEqual([{ symbol: 'BTC-PERPETUAL', quantity: 200, averagePrice: expect.any(Number) }]);
  });

  it('pages past 1000 trades without losing or repeating one', async () => {
    const t0 = sim.now();
    const before = (await client.fillsSince(0)).length;
    for (let i = 0; i < 1010; i++) await client.submit(market(`p-${i}`, i % 2 === 0 ? 'buy' : 'sell', 10));
    const all = await client.fillsSince(0);
    const ids = all.map((f) => f.tradeId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(1000);
    expect(all.filter((f) => (f.tsVenue ?? 0) >= t0).length).toBe(all.length - before);
  }, 30_000);

  it('answers the by-instrument query and refuses a bad count as Deribit does', async () => {
    const res = await fetch(`${sim.restUrl}/public/auth?grant_type=client_credentials&client_id=${sim.clientId}&client_secret=${sim.clientSecret}`);
    const token = ((await res.json()) as { result: { access_token: string } }).result.access_token;
    const get = async (method: string, query: string): Promise<{ result?: { trades: unknown[]; has_more: boolean }; error?: { code: number } }> =>
      (await fetch(`${sim.restUrl}/${method}?${query}`, { headers: { authorization: `Bearer ${token}` } })).json() as never;
    const page = await get('private/get_user_trades_by_instrument', 'instrument_name=BTC-PERPETUAL&count=5&sorting=asc');
    expect(page.result?.trades).toHaveLength(5);
    expect(page.result?.has_more).toBe(true);
    expect((await get('private/get_user_trades_by_currency', 'currency=BTC&count=1001')).error?.code).toBe(-32602);
  });
});
