/** Orders and fills for the journal tests. */
import type { Fill, OrderRequest } from '../../domain/order.js';

export function order(clientOrderId: string, over: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId, venue: 'deribit', symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', quantity: 10, price: 95_000, timeInForce: 'ioc', postOnly: false, reduceOnly: false, expireAtMs: null, ...over,
  };
}

export function fill(tradeId: string, clientOrderId: string, over: Partial<Fill> = {}): Fill {
  return {
    kind: 'fill', venue: 'deribit', symbol: 'BTC-PERPETUAL', clientOrderId, venueOrderId: `v-${clientOrderId}`, tradeId, side: 'buy', price: 95_000, quantity: 10,
    fee: 0.000001, feeCurrency: 'BTC', liquidity: 'taker', tsVenue: 1_000, tsLocal: 1_001, ...over,
  };
}
