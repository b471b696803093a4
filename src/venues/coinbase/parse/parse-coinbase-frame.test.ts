import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../../domain/market-event.js';
import { parseCoinbaseProduct } from '../catalog/coinbase-catalog-source.js';
import { createCoinbaseFrameParser } from './parse-coinbase-frame.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

function parse(frame: unknown): MarketEvent[] {
  const out: MarketEvent[] = [];
  createCoinbaseFrameParser().parse(frame, 7, (e) => out.push(e));
  return out;
}

describe('parseCoinbaseFrame', () => {
  it('reads level2 snapshots and updates: new quantities, bid/offer sides, sequence_num', () => {
    expect(parse(fixture('ws-l2-snapshot.json'))).toEqual([{ kind: 'book_snapshot', venue: 'coinbase', symbol: 'BTC-USD', tsVenue: Date.parse('2026-04-07T14:30:00.123Z'), tsLocal: 7, bids: [68900, 1.5, 68899.5, 0.75], asks: [68901, 0.5, 68901.5, 1.2], sequence: 0 }]);
    expect(parse(fixture('ws-l2-update.json'))[0]).toMatchObject({ kind: 'book_delta', bids: [68900, 2], asks: [68901, 0], sequence: 1, prevSequence: null });
  });

  it('reads tickers and market trades', () => {
    expect(parse(fixture('ws-ticker.json'))[0]).toMatchObject({ kind: 'ticker', symbol: 'BTC-USD', priceCurrency: 'USD', bid: 21931.98, bidSize: 8000.21, ask: 21933.98, askSize: 8038.07770938, last: 21932.98, tsVenue: Date.parse('2023-02-09T20:30:37.167Z') });
    expect(parse(fixture('ws-market-trades.json'))[0]).toEqual({ kind: 'trade', venue: 'coinbase', symbol: 'ETH-USD', tsVenue: Date.parse('2019-08-14T20:42:27.265Z'), tsLocal: 7, priceCurrency: 'USD', price: 1260.01, size: 0.3, side: 'buy', tradeId: '000000000' });
  });

  it('emits nothing for heartbeats and subscriptions; throws on errors and bad shapes', () => {
    expect(parse(fixture('ws-heartbeats.json'))).toEqual([]);
    expect(parse(fixture('ws-subscriptions.json'))).toEqual([]);
    expect(() => parse(fixture('ws-error.json'))).toThrow(/failure to subscribe/);
    expect(() => parse({ channel: 'l2_data', sequence_num: 1, events: [{ type: 'update', product_id: 'BTC-USD', updates: [{ side: 'ask', price_level: '1', new_quantity: '1' }] }] })).toThrow(/bid or offer/);
    expect(() => parse({ channel: 'l2_data', events: [] })).toThrow(/sequence_num/);
    expect(() => parse({ channel: 'candles', sequence_num: 1, events: [] })).toThrow(/unknown channel/);
  });
});

describe('parseCoinbaseProduct', () => {
  it('lists online spot products with increments and skips futures and disabled ones', () => {
    const [btc, future, old] = (fixture('http-get-market-products.json') as { products: unknown[] }).products;
    expect(parseCoinbaseProduct(btc)).toEqual({ venue: 'coinbase', symbol: 'BTC-USD', kind: 'spot', base: 'BTC', quote: 'USD', priceCurrency: 'USD', tickSize: 0.01, minSize: 1e-8, sizeStep: 1e-8 });
    expect(parseCoinbaseProduct(future)).toBeNull();
    expect(parseCoinbaseProduct(old)).toBeNull();
  });
});
