import { describe, expect, it } from 'vitest';
import type { Fill, OrderUpdate } from '../../domain/order.js';
import { silentLogger } from '../../engine/logger.js';
import { OrderUpdateFanout } from './order-update-fanout.js';

const fill = (tradeId: string): Fill => ({
  kind: 'fill', venue: 'binance', symbol: 'BTCUSDT', clientOrderId: 'a', venueOrderId: '1', tradeId, side: 'buy', price: 1, quantity: 1, fee: 0, feeCurrency: 'USDT', liquidity: 'taker', tsVenue: 1, tsLocal: 1,
});

describe('OrderUpdateFanout', () => {
  it('reaches every listener even when one throws', () => {
    const fanout = new OrderUpdateFanout('binance', silentLogger);
    const seen: Array<OrderUpdate | Fill> = [];
    fanout.add(() => {
      throw new Error('boom');
    });
    fanout.add((u) => seen.push(u));
    fanout.emit(fill('t1'));
    expect(seen).toHaveLength(1);
  });

  it('remembers trade ids and forgets the oldest beyond its bound', () => {
    const fanout = new OrderUpdateFanout('binance', silentLogger, 2);
    expect(fanout.markSeen('t1')).toBe(true);
    expect(fanout.markSeen('t1')).toBe(false);
    expect(fanout.markSeen('t2')).toBe(true);
    expect(fanout.markSeen('t3')).toBe(true);
    expect(fanout.markSeen('t2')).toBe(false);
    expect(fanout.markSeen('t1')).toBe(true); // forgotten: the bound keeps memory flat
  });
});
