import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coinbaseOrderStatus, parseCoinbaseAccount, parseCoinbaseFill, parseCoinbaseOrder, parseCoinbaseProductRules, parseCoinbaseUserOrder } from './coinbase-order-reports.js';

const fixture = (name: string): Record<string, unknown[]> & Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown[]> & Record<string, unknown>;

describe('Coinbase order reports', () => {
  it('reads a documented REST order: open with a fill is partially_filled, remaining from base_size', () => {
    const [wire] = fixture('http-get-orders-historical-batch.json').orders!;
    expect(parseCoinbaseOrder(wire, 5)).toEqual({
      kind: 'order_update', venue: 'coinbase', symbol: 'BTC-USD', clientOrderId: '0000-00000-000000', venueOrderId: '11111-00000-000000', status: 'partially_filled',
      filledQuantity: 0.001, remainingQuantity: 0.001, averageFillPrice: 10000, reason: null, tsVenue: Date.parse('2021-05-31T10:00:01.000Z'), tsLocal: 5,
    });
  });

  it('reads a documented user-channel order with its side', () => {
    const events = fixture('ws-user.json').events as Array<{ orders: unknown[] }>;
    const { update, side, numberOfFills } = parseCoinbaseUserOrder(events[0]!.orders[0], 9);
    expect(side).toBe('buy');
    expect(numberOfFills).toBe(1);
    expect(update).toMatchObject({ status: 'partially_filled', filledQuantity: 0.001, remainingQuantity: 0.001, averageFillPrice: 10000, tsVenue: Date.parse('2023-02-09T20:33:57.000Z') });
  });

  it('maps every documented status strictly and refuses others', () => {
    expect(['PENDING', 'QUEUED', 'OPEN', 'CANCEL_QUEUED', 'EDIT_QUEUED', 'FILLED', 'CANCELLED', 'EXPIRED', 'FAILED'].map((s) => coinbaseOrderStatus(s, 0)))
      .toEqual(['pending_new', 'pending_new', 'open', 'open', 'open', 'filled', 'canceled', 'expired', 'rejected']);
    expect(coinbaseOrderStatus('CANCEL_QUEUED', 0.5)).toBe('partially_filled');
    expect(() => coinbaseOrderStatus('UNKNOWN_ORDER_STATUS', 0)).toThrow(/unknown order status/);
    expect(() => coinbaseOrderStatus(undefined, 0)).toThrow(/unknown order status/);
  });

  it('reads a documented fill with the client id, fee in quote and liquidity; quote-sized fills become base units', () => {
    const [wire] = fixture('http-get-orders-historical-fills.json').fills!;
    const fill = parseCoinbaseFill(wire, 3, (id) => (id === '11111-00000-000000' ? 'my-order' : undefined));
    expect(fill).toEqual({
      kind: 'fill', venue: 'coinbase', symbol: 'BTC-USD', clientOrderId: 'my-order', venueOrderId: '11111-00000-000000', tradeId: '1111-11111-111111', side: 'buy',
      price: 10000, quantity: 0.001, fee: 0.06, feeCurrency: 'USD', liquidity: 'maker', tsVenue: Date.parse('2021-05-31T10:00:01.000Z'), tsLocal: 3,
    });
    expect(parseCoinbaseFill({ ...(wire as object), size: '50', size_in_quote: true }, 3, () => undefined).quantity).toBeCloseTo(0.005, 12);
    expect(() => parseCoinbaseFill({ ...(wire as object), liquidity_indicator: 'UNKNOWN_LIQUIDITY_INDICATOR' }, 3, () => undefined)).toThrow(/liquidity_indicator/);
    expect(() => parseCoinbaseFill({ ...(wire as object), size: '-1' }, 3, () => undefined)).toThrow(/positive/);
  });

  it('reads a documented account: total is available plus hold', () => {
    const [wire] = fixture('http-get-accounts.json').accounts!;
    const b = parseCoinbaseAccount(wire);
    expect(b).toMatchObject({ venue: 'coinbase', currency: 'BTC', available: 1.23 });
    expect(b.total).toBeCloseTo(1.25, 12);
    expect(() => parseCoinbaseAccount({ currency: 'USD' })).toThrow(/available_balance/);
  });

  it('takes the order-entry rules from a documented product', () => {
    const [wire] = fixture('http-get-market-products.json').products!;
    const { rules } = parseCoinbaseProductRules(wire);
    expect(rules).toMatchObject({ venue: 'coinbase', symbol: 'BTC-USD' });
    expect(rules.tickSize).toBeGreaterThan(0);
    expect(rules.stepSize).toBeGreaterThan(0);
    expect(rules.minNotional).toBeGreaterThan(0);
  });
});
