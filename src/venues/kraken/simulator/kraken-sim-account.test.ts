import { describe, expect, it } from 'vitest';
import { L2Ladder } from '../../shared/simulator/l2-ladder.js';
import { KrakenPairTable } from '../execution/kraken-pairs.js';
import { SimAccount, type SimPairRef } from './kraken-sim-account.js';

function fixture(): { account: SimAccount; ref: SimPairRef; reports: Record<string, unknown>[]; ledger: Record<string, unknown>[] } {
  const ladder = new L2Ladder({ tickSize: 0.1, lotSize: 1e-8, levels: 5, sizeScale: 1 }, () => 0.5);
  ladder.bids.clear();
  ladder.asks.clear();
  ladder.asks.set(100.1, 0.5);
  ladder.asks.set(100.2, 1);
  ladder.bids.set(99.9, 2);
  const pair = KrakenPairTable.fromAssetPairs({ error: [], result: { XXBTZUSD: { altname: 'XBTUSD', wsname: 'XBT/USD', pair_decimals: 1, lot_decimals: 8, ordermin: '0.0001', costmin: '0.5', tick_size: '0.1' } } }).table.symbol('BTC/USD');
  const ref: SimPairRef = { pair, ladder, pricePrecision: 1, qtyPrecision: 8, takerFee: 0.004, makerFee: 0.0025 };
  const reports: Record<string, unknown>[] = [];
  const ledger: Record<string, unknown>[] = [];
  let id = 0;
  const account = new SimAccount('k', 's', { USD: 1000, BTC: 1 }, {
    now: () => 1_700_000_000_000, nextId: (p) => `${p}${++id}`, nextTradeId: () => ++id, executions: (_a, r) => reports.push(...r), ledger: (_a, e) => ledger.push(...e),
  });
  return { account, ref, reports, ledger };
}

describe('SimAccount matching', () => {
  it('takes levels up to the limit, rests the rest, holds funds and reports every step', () => {
    const { account, ref, reports, ledger } = fixture();
    const o = account.place({ clOrdId: 'c1', ref, side: 'buy', type: 'limit', price: 100.2, qty: 2, postOnly: false, tif: 'GTC', expireMs: null });
    expect(typeof o).toBe('object');
    const order = o as Exclude<typeof o, string>;
    expect(order.filled).toBeCloseTo(1.5, 10);
    expect(order.status).toBe('open');
    expect(reports.map((r) => `${String(r.exec_type)}:${String(r.order_status)}`)).toEqual(['pending_new:pending_new', 'new:new', 'trade:partially_filled', 'trade:partially_filled']);
    const cost = 0.5 * 100.1 + 1 * 100.2;
    expect(account.balance('BTC')).toBeCloseTo(2.5, 10);
    expect(account.balance('USD')).toBeCloseTo(1000 - cost * 1.004, 8);
    expect(account.held('USD')).toBeCloseTo(100.2 * 0.5 * 1.004, 8);
    expect(ledger).toHaveLength(4);
    // The market crosses the resting remainder: it trades as maker at its own price.
    ref.ladder.asks.set(100.0, 3);
    account.onMarket(ref);
    expect(order.status).toBe('closed');
    expect(reports.at(-1)).toMatchObject({ exec_type: 'trade', order_status: 'filled', liquidity_ind: 'm', last_price: 100.2, last_qty: 0.5 });
    expect(account.held('USD')).toBe(0);
  });

  it('refuses what Kraken refuses: insufficient funds, a crossing post-only order', () => {
    const { account, ref } = fixture();
    expect(account.place({ clOrdId: null, ref, side: 'buy', type: 'limit', price: 99, qty: 20, postOnly: false, tif: 'GTC', expireMs: null })).toBe('EOrder:Insufficient funds');
    expect(account.place({ clOrdId: null, ref, side: 'sell', type: 'limit', price: 200, qty: 2, postOnly: false, tif: 'GTC', expireMs: null })).toBe('EOrder:Insufficient funds');
    expect(account.place({ clOrdId: null, ref, side: 'buy', type: 'limit', price: 100.1, qty: 0.1, postOnly: true, tif: 'GTC', expireMs: null })).toBe('EOrder:Post only order');
  });

  it('cancels an IOC remainder and an amend below the filled quantity', () => {
    const { account, ref, reports } = fixture();
    const ioc = account.place({ clOrdId: 'i', ref, side: 'buy', type: 'limit', price: 100.1, qty: 1, postOnly: false, tif: 'IOC', expireMs: null });
    expect(ioc).toMatchObject({ status: 'canceled', filled: 0.5, reason: 'IOC remainder' });
    const rest = account.place({ clOrdId: 'r', ref, side: 'sell', type: 'limit', price: 101, qty: 0.4, postOnly: false, tif: 'GTC', expireMs: null });
    if (typeof rest === 'string') throw new Error(rest);
    expect(account.flowThrough(ref, 'buy', 101, 0.1)).toBeCloseTo(0.1, 10);
    expect(account.amend(rest, 0.05, null)).toBeNull();
    expect(rest.status).toBe('canceled');
    expect(reports.at(-1)).toMatchObject({ exec_type: 'canceled', order_status: 'canceled', cum_qty: 0.1 });
  });
});
