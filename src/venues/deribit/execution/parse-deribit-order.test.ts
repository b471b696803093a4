import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeribitOrder, parseDeribitUserTrade, toOrderStatus } from './parse-deribit-order.js';

const data = (name: string): unknown => (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as { params: { data: unknown } }).params.data;

describe('Deribit orders and user trades', () => {
  it('reads the documented user.orders raw notification (single object) and the 100ms one (array)', () => {
    expect(parseDeribitOrder(data('ws-user-orders-raw.json'), 5, () => 'my-order-1')).toEqual({
      kind: 'order_update', venue: 'deribit', symbol: 'BTC-PERPETUAL', clientOrderId: 'my-order-1', venueOrderId: '6', status: 'open',
      filledQuantity: 0, remainingQuantity: 200, averageFillPrice: null, reason: null, tsVenue: 1581507583024, tsLocal: 5,
    });
    const [o] = data('ws-user-orders-100ms.json') as unknown[];
    expect(parseDeribitOrder(o, 5)).toMatchObject({ venueOrderId: '476137', status: 'open', remainingQuantity: 120, clientOrderId: '' });
  });

  it('maps the five documented order states strictly and refuses anything else', () => {
    expect(toOrderStatus('open', 0)).toBe('open');
    expect(toOrderStatus('open', 1)).toBe('partially_filled');
    expect(toOrderStatus('filled', 1)).toBe('filled');
    expect(toOrderStatus('rejected', 0)).toBe('rejected');
    expect(toOrderStatus('cancelled', 0)).toBe('canceled');
    expect(toOrderStatus('untriggered', 0)).toBe('pending_new');
    for (const s of ['triggered', 'archive', 'OPEN', undefined]) expect(() => toOrderStatus(s, 0)).toThrow(expect.objectContaining({ code: 'ARB_PARSE_FRAME' }));
  });

  it('keeps the label as client order id, the fill state and the cancel reason', () => {
    const base = data('ws-user-orders-raw.json') as Record<string, unknown>;
    expect(parseDeribitOrder({ ...base, label: 'abc', order_state: 'filled', filled_amount: 200, average_price: 10542.5 }, 1)).toMatchObject({
      clientOrderId: 'abc', status: 'filled', filledQuantity: 200, remainingQuantity: 0, averageFillPrice: 10542.5,
    });
    expect(parseDeribitOrder({ ...base, order_state: 'cancelled', filled_amount: 50, cancel_reason: 'user_request' }, 1)).toMatchObject({
      status: 'canceled', filledQuantity: 50, remainingQuantity: 0, reason: 'user_request',
    });
    expect(() => parseDeribitOrder({ ...base, amount: -1 }, 1)).toThrow(/negative/);
  });

  it('reads the documented user.trades notification into fills (aggressor T → taker, fee in BTC)', () => {
    const [t] = data('ws-user-trades.json') as unknown[];
    expect(parseDeribitUserTrade(t, 9, (id) => (id === '4008978075' ? 'cid-7' : undefined))).toEqual({
      kind: 'fill', venue: 'deribit', symbol: 'BTC-25SEP20', clientOrderId: 'cid-7', venueOrderId: '4008978075', tradeId: '48079262', side: 'sell',
      price: 8947, quantity: 8940, fee: 0.00049961, feeCurrency: 'BTC', liquidity: 'taker', tsVenue: 1590484255886, tsLocal: 9,
    });
    const raw = t as Record<string, unknown>;
    expect(parseDeribitUserTrade({ ...raw, liquidity: 'M', label: 'x' }, 1)).toMatchObject({ liquidity: 'maker', clientOrderId: 'x' });
    expect(() => parseDeribitUserTrade({ ...raw, liquidity: 'X' }, 1)).toThrow(/liquidity/);
    expect(() => parseDeribitUserTrade({ ...raw, direction: 'long' }, 1)).toThrow(/direction/);
    expect(() => parseDeribitUserTrade({ ...raw, trade_id: undefined }, 1)).toThrow(expect.objectContaining({ code: 'ARB_PARSE_FRAME' }));
  });
});
