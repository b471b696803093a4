import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../domain/order.js';
import { OrderJournal } from './order-journal.js';

const request = (id: string): OrderRequest => ({
  clientOrderId: id, venue: 'deribit', symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', quantity: 10, price: 95_000, timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null,
});
const update = (id: string, status: 'open' | 'filled' | 'canceled', filled: number, ts: number) => ({
  kind: 'order_update' as const, venue: 'deribit' as const, symbol: 'BTC-PERPETUAL', clientOrderId: id, venueOrderId: `v-${id}`, status,
  filledQuantity: filled, remainingQuantity: 10 - filled, averageFillPrice: filled > 0 ? 95_000 : null, reason: null, tsVenue: ts, tsLocal: ts,
});

describe('OrderJournal', () => {
  it('keeps orders open until a terminal report, lists open first then finished newest first, and records submit failures', () => {
    const j = new OrderJournal('acct', 2);
    j.submitted(request('a'), 1);
    j.submitted(request('b'), 2);
    j.submitted(request('c'), 3);
    j.update(update('a', 'open', 0, 4));
    j.update(update('b', 'filled', 10, 5));
    j.failed('c', 'venue said no', 6);
    expect(j.openOrders().map((o) => [o.clientOrderId, o.status])).toEqual([['a', 'open']]);
    expect(j.orders().map((o) => [o.clientOrderId, o.status, o.reason])).toEqual([['a', 'open', null], ['c', 'rejected', 'venue said no'], ['b', 'filled', null]]);
    expect(j.orders()[2]).toMatchObject({ account: 'acct', side: 'buy', quantity: 10, price: 95_000, filledQuantity: 10, averageFillPrice: 95_000, createdMs: 2, updatedMs: 5 });
    j.update(update('zzz', 'filled', 10, 7)); // unknown order: ignored
    j.update(update('a', 'canceled', 0, 8));
    expect(j.openOrders()).toEqual([]);
    expect(j.orders().map((o) => o.clientOrderId)).toEqual(['a', 'c']); // bounded to the newest `capacity`
  });

  it('lists fills newest first', () => {
    const j = new OrderJournal('acct');
    for (let i = 1; i <= 3; i++) {
      j.fill({ kind: 'fill', venue: 'deribit', symbol: 'X', clientOrderId: 'a', venueOrderId: null, tradeId: `t${i}`, side: 'buy', price: 1, quantity: 1, fee: 0, feeCurrency: 'BTC', liquidity: 'taker', tsVenue: null, tsLocal: i });
    }
    expect(j.fills().map((f) => f.tradeId)).toEqual(['t3', 't2', 't1']);
  });
});
