import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeriveOrder, parseDeriveTrade } from './derive-order-reports.js';

const data = (name: string): Record<string, unknown> => (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as { params: { data: Record<string, unknown> } }).params.data;

describe('Derive order reports', () => {
  it('maps an order notification, label as client order id', () => {
    expect(parseDeriveOrder(data('ws-private-order.json'), 5)).toEqual({
      kind: 'order_update', venue: 'derive', symbol: 'BTC-20260626-100000-C', clientOrderId: 'arb-1', venueOrderId: '0b3e4a8c-2f6d-4e1b-9c7a-3d5f8e2b1a60',
      status: 'filled', filledQuantity: 0.5, remainingQuantity: 0, averageFillPrice: 2405, reason: null, tsVenue: 1779953796050, tsLocal: 5,
    });
  });

  it('reports partial fills of open orders and keeps cancel reasons', () => {
    const o = data('ws-private-order.json');
    expect(parseDeriveOrder({ ...o, order_status: 'open', filled_amount: '0.2' }, 0)).toMatchObject({ status: 'partially_filled', remainingQuantity: 0.3 });
    expect(parseDeriveOrder({ ...o, order_status: 'open', filled_amount: '0', average_price: '0' }, 0)).toMatchObject({ status: 'open', averageFillPrice: null });
    expect(parseDeriveOrder({ ...o, order_status: 'cancelled', cancel_reason: 'user_request' }, 0)).toMatchObject({ status: 'canceled', reason: 'user_request' });
  });

  it('rejects unknown order states', () => {
    expect(() => parseDeriveOrder({ ...data('ws-private-order.json'), order_status: 'halfway' }, 0)).toThrow(/order_status/);
  });

  it('maps a trade notification to a fill with fee and liquidity role', () => {
    expect(parseDeriveTrade(data('ws-private-trade.json'), 7)).toEqual({
      kind: 'fill', venue: 'derive', symbol: 'BTC-20260626-100000-C', clientOrderId: 'arb-1', venueOrderId: '0b3e4a8c-2f6d-4e1b-9c7a-3d5f8e2b1a60',
      tradeId: '7d9e0f1a-2b3c-4d5e-8f6a-7b8c9d0e1f2a', side: 'buy', price: 2405, quantity: 0.5, fee: 1.2, feeCurrency: 'USDC', liquidity: 'taker', tsVenue: 1779953796050, tsLocal: 7,
    });
  });
});
