import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Fill, OrderUpdate } from '../../../domain/order.js';
import { parsePolymarketOpenOrder, parsePolymarketUserFrame, type OwnOrder, type PolymarketTradeStatus } from './parse-polymarket-user-frame.js';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const MAKER_ORDER = '0xff354cd7ca7539dfa9c28d90943ab5779a4eac34b9b37a757d7b32bdfb11790b';
const TAKER_ORDER = '0x06bc63e346ed4ceddce9efd6b3af37c8f8f440c92fe7da6b2d0f9e4ccbc50c42';

function run(frame: unknown, own: Record<string, OwnOrder>): { orders: OrderUpdate[]; fills: Array<[Fill, PolymarketTradeStatus]> } {
  const orders: OrderUpdate[] = [];
  const fills: Array<[Fill, PolymarketTradeStatus]> = [];
  parsePolymarketUserFrame(frame, 9, (id) => own[id], { order: (u) => orders.push(u), fill: (f, s) => fills.push([f, s]) });
  return { orders, fills };
}

describe('Polymarket user-channel parser', () => {
  it('reads a trade where we are the taker', () => {
    const { fills } = run(fixture('ws-user-trade.json'), { [TAKER_ORDER]: { clientOrderId: 'c1', side: 'buy' } });
    expect(fills).toEqual([[{
      kind: 'fill', venue: 'polymarket', symbol: '52114319501245915516055106046884209969926127482827954674443846427813813222426', clientOrderId: 'c1', venueOrderId: TAKER_ORDER,
      tradeId: '28c4d2eb-bbea-40e7-a9f0-b2fdb56b2c2e', side: 'buy', price: 0.57, quantity: 10, fee: 0, feeCurrency: 'USD', liquidity: 'taker', tsVenue: 1672290701000, tsLocal: 9,
    }, 'MATCHED']]);
  });

  it('reads a trade where one of our resting orders is a maker', () => {
    const { fills } = run(fixture('ws-user-trade.json'), { [MAKER_ORDER]: { clientOrderId: 'c2', side: 'sell' } });
    expect(fills).toHaveLength(1);
    expect(fills[0]![0]).toMatchObject({ clientOrderId: 'c2', venueOrderId: MAKER_ORDER, side: 'sell', price: 0.57, quantity: 10, liquidity: 'maker' });
  });

  it('ignores trades of other orders and maps every documented status strictly', () => {
    expect(run(fixture('ws-user-trade.json'), {}).fills).toEqual([]);
    for (const status of ['MATCHED', 'MINED', 'CONFIRMED', 'RETRYING', 'FAILED']) {
      const { fills } = run({ ...fixture('ws-user-trade.json'), status }, { [TAKER_ORDER]: { clientOrderId: 'c1', side: 'buy' } });
      expect(fills[0]![1]).toBe(status);
    }
    expect(() => run({ ...fixture('ws-user-trade.json'), status: 'SETTLED' }, {})).toThrow(/SETTLED/);
  });

  it('maps order events: placement, partial fill, fill, cancellation; unknown types fail', () => {
    const own = { [MAKER_ORDER]: { clientOrderId: 'c3', side: 'sell' as const } };
    const placed = run(fixture('ws-user-order.json'), own).orders[0]!;
    expect(placed).toMatchObject({ kind: 'order_update', clientOrderId: 'c3', venueOrderId: MAKER_ORDER, status: 'open', filledQuantity: 0, remainingQuantity: 10, tsVenue: 1672290687000 });
    expect(run({ ...fixture('ws-user-order.json'), type: 'UPDATE', size_matched: '4' }, own).orders[0]).toMatchObject({ status: 'partially_filled', filledQuantity: 4, remainingQuantity: 6, averageFillPrice: 0.57 });
    expect(run({ ...fixture('ws-user-order.json'), type: 'UPDATE', size_matched: '10' }, own).orders[0]).toMatchObject({ status: 'filled', remainingQuantity: 0 });
    expect(run({ ...fixture('ws-user-order.json'), type: 'CANCELLATION' }, own).orders[0]).toMatchObject({ status: 'canceled', remainingQuantity: 0 });
    expect(() => run({ ...fixture('ws-user-order.json'), type: 'EXPIRY' }, own)).toThrow(/EXPIRY/);
  });

  it('reads arrays, ignores PONG and other event types, rejects garbage', () => {
    const own = { [MAKER_ORDER]: { clientOrderId: 'c3', side: 'sell' as const } };
    expect(run([fixture('ws-user-order.json'), fixture('ws-user-order.json')], own).orders).toHaveLength(2);
    expect(run('PONG', own).orders).toHaveLength(0);
    expect(run({ event_type: 'something_new' }, own).orders).toHaveLength(0);
    expect(() => run([7], own)).toThrow(/not an object/);
    expect(() => run({ ...fixture('ws-user-trade.json'), maker_orders: 'x' }, own)).toThrow(/not an array/);
  });

  it('reads open orders (GET /data/orders), with the ORDER_STATUS_ prefix of the reference example', () => {
    const page = fixture('http-get-data-orders.json') as { data: unknown[] };
    const [a, b] = page.data.map((o) => parsePolymarketOpenOrder(o, 9, (id) => (id === '0xabcdef1234567890abcdef1234567890abcdef12' ? { clientOrderId: 'mine', side: 'buy' } : undefined)));
    expect(a).toMatchObject({ clientOrderId: 'mine', status: 'open', filledQuantity: 0, tsVenue: 1700000000000 });
    expect(b).toMatchObject({ clientOrderId: '0xfedcba0987654321fedcba0987654321fedcba09', status: 'partially_filled' });
    expect(() => parsePolymarketOpenOrder({ ...(page.data[0] as object), status: 'PAUSED' }, 9, () => undefined)).toThrow(/PAUSED/);
  });
});
