import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fill } from '../../domain/order.js';
import { fill, order } from './journal-fixtures.test-support.js';
import { Journal, strategyKeyOf } from './journal.js';
import { positionsFromFills } from './positions-from-fills.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  dirs.push(dir);
  return join(dir, 'journal.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Journal', () => {
  it('gives each intent a fresh id that continues after a reopen, never reusing one', () => {
    const path = tempPath();
    const a = new Journal(path);
    expect(a.recordIntent(order('momentum-1'), 1)).toBe('momentum-1');
    expect(a.recordIntent(order('momentum-2'), 2)).toBe('momentum-2');
    a.close();
    const b = new Journal(path);
    // The restarted strategy counts from 1 again; the journal does not.
    expect(b.recordIntent(order('momentum-1'), 3)).toBe('momentum-3');
    expect(b.recordIntent(order('other-1'), 4)).toBe('other-1');
    expect(b.order('momentum-3')).toMatchObject({ strategyOrderId: 'momentum-1', status: 'pending_new', seq: 3 });
    b.close();
  });

  it('keys strategies by the id without its trailing number', () => {
    expect(strategyKeyOf('cross-market-12')).toBe('cross-market');
    expect(strategyKeyOf('plain')).toBe('plain');
  });

  it('moves the base and quote balances of a spot pair by its fills (fees too), once per trade', () => {
    const j = new Journal(':memory:');
    j.recordBalance('binance', 'USDT', 1_000, 'declared capital', 0);
    j.recordBalance('binance', 'BTC', 0.5, 'declared capital', 0);
    const spot = { base: 'BTC', quote: 'USDT' };
    const common = { venue: 'binance' as const, symbol: 'BTCUSDT', price: 100 };
    expect(j.recordFill(fill('s1', 'b-1', { ...common, side: 'buy', quantity: 2, fee: 0.002, feeCurrency: 'BTC' }), 'live', spot)).toBe(true);
    expect(j.recordFill(fill('s1', 'b-1', { ...common, side: 'buy', quantity: 2, fee: 0.002, feeCurrency: 'BTC' }), 'reconcile', spot)).toBe(false);
    expect(j.recordFill(fill('s2', 'b-2', { ...common, side: 'sell', quantity: 1, fee: 0.1, feeCurrency: 'USDT' }), 'live', spot)).toBe(true);
    expect(j.derivedBalance('binance', 'BTC')).toBeCloseTo(0.5 + 2 - 0.002 - 1, 12);
    expect(j.derivedBalance('binance', 'USDT')).toBeCloseTo(1_000 - 200 + 100 - 0.1, 9);
    // A venue balance recorded later is the new base; its delta makes the changes sum to it.
    j.recordBalance('binance', 'BTC', 1.4, 'reconciled: venue balance', 5);
    expect(j.derivedBalance('binance', 'BTC')).toBe(1.4);
    j.close();
  });

  it('records a fill once per venue trade id, with its fee as a balance change', () => {
    const j = new Journal(':memory:');
    j.recordIntent(order('m-1'), 1);
    expect(j.recordFill(fill('t1', 'm-1'), 'live')).toBe(true);
    expect(j.recordFill(fill('t1', 'm-1'), 'reconcile')).toBe(false);
    expect(j.recordFill(fill('t1', 'm-1', { venue: 'derive' }), 'live')).toBe(true);
    expect(j.fills('deribit')).toHaveLength(1);
    expect(j.counts()).toMatchObject({ fills: 2, balanceChanges: 2 });
    expect(j.filledQuantity('deribit', 'm-1')).toBe(10);
    expect(j.lastFillMs('deribit')).toBe(1_000);
    j.close();
  });

  it('does not reopen a finished order on a late update, and closes rejected sends', () => {
    const j = new Journal(':memory:');
    const id = j.recordIntent(order('m-1'), 1);
    j.recordAck(id, 'v1', 2);
    expect(j.order(id)).toMatchObject({ status: 'open', venueOrderId: 'v1' });
    const base = { kind: 'order_update', venue: 'deribit', symbol: 'BTC-PERPETUAL', clientOrderId: id, venueOrderId: 'v1', remainingQuantity: 0, averageFillPrice: 95_000, reason: null, tsVenue: 5, tsLocal: 5 } as const;
    expect(j.recordUpdate({ ...base, status: 'filled', filledQuantity: 10 })).toBe(true);
    j.recordUpdate({ ...base, status: 'open', filledQuantity: 0, remainingQuantity: 10 });
    expect(j.order(id)).toMatchObject({ status: 'filled', filledQuantity: 10 });
    expect(j.recordUpdate({ ...base, clientOrderId: 'nobody-1', status: 'open', filledQuantity: 0 })).toBe(false);
    const id2 = j.recordIntent(order('m-2'), 6);
    j.recordSubmitFailure(id2, 'not_enough_funds', false, 7);
    expect(j.order(id2)).toMatchObject({ status: 'rejected', reason: 'not_enough_funds' });
    const id3 = j.recordIntent(order('m-3'), 8);
    j.recordSubmitFailure(id3, 'no answer within 5000 ms', true, 9);
    expect(j.order(id3)?.status).toBe('pending_new');
    expect(j.liveOrders('deribit').map((o) => o.clientOrderId)).toEqual([id3]);
    j.close();
  });

  it('refuses a second process on the same journal, a foreign file, and another schema version', () => {
    const path = tempPath();
    const a = new Journal(path);
    expect(() => new Journal(path)).toThrow(/in use by another process/);
    a.close();
    const junk = join(dirs[0]!, 'junk.sqlite');
    writeFileSync(junk, 'this is not a database, just text long enough to be read as a header '.repeat(10));
    expect(() => new Journal(junk)).toThrow(expect.objectContaining({ code: 'ARB_STORE_JOURNAL' }));
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    expect(() => new Journal(path)).toThrow(/schema version 99; this Arbiter reads version 1/);
  });

  it('keeps the first declared balance and the deltas after it', () => {
    const j = new Journal(':memory:');
    j.recordBalance('deribit', 'BTC', 1, 'declared capital', 1);
    j.recordBalance('deribit', 'BTC', 0.75, 'venue', 2);
    expect(j.lastBalance('deribit', 'BTC')).toBe(0.75);
    expect(j.lastBalance('deribit', 'ETH')).toBeUndefined();
    j.close();
  });
});

describe('positionsFromFills', () => {
  it('opens, adds, reduces, flips and closes with realized PnL against the average entry', () => {
    const f = (id: string, side: 'buy' | 'sell', quantity: number, price: number): Fill => fill(id, 'x-1', { side, quantity, price, fee: 0.5, feeCurrency: 'USD' });
    const [p] = positionsFromFills([f('1', 'buy', 2, 100), f('2', 'buy', 2, 110), f('3', 'sell', 1, 120), f('4', 'sell', 5, 90)]);
    // avg 105; sell 1 @120: +15; sell 3 @90 closes: -45; 2 left short @90.
    expect(p).toMatchObject({ quantity: -2, averagePrice: 90, realizedPnl: -30, fees: { USD: 2 }, fills: 4 });
    const [flat] = positionsFromFills([f('1', 'buy', 0.1, 100), f('2', 'buy', 0.2, 100), f('3', 'sell', 0.3, 100)]);
    expect(flat).toMatchObject({ quantity: 0, averagePrice: null, realizedPnl: 0 });
  });
});
