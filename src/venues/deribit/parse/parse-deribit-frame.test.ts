import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../../domain/market-event.js';
import { createDeribitFrameParser } from './parse-deribit-frame.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

function parse(frame: unknown): MarketEvent[] {
  const out: MarketEvent[] = [];
  createDeribitFrameParser().parse(frame, 1_000, (e) => out.push(e));
  return out;
}

describe('Deribit frame parser', () => {
  it('turns an option ticker into fractions of IV, per-1.00-vol vega and per-year theta, prices in BTC', () => {
    const [t] = parse(fixture('ws-ticker-option.json'));
    expect(t).toMatchObject({
      kind: 'ticker', venue: 'deribit', symbol: 'BTC-5JAN24-60000-C', tsVenue: 1703782800000, tsLocal: 1_000, priceCurrency: 'BTC',
      bid: 0.052, bidSize: 12.5, ask: 0.054, askSize: 3, mark: 0.0531, last: 0.0525, index: 43180.12, underlying: 43250.5, openInterest: 421.5,
    });
    if (t?.kind !== 'ticker') throw new Error('expected a ticker');
    expect(t.markIv).toBeCloseTo(0.655, 15);
    expect(t.bidIv).toBeCloseTo(0.64, 15);
    expect(t.askIv).toBeCloseTo(0.67, 15);
    expect(t.greeks?.delta).toBe(0.55);
    expect(t.greeks?.vega).toBeCloseTo(1234.567, 9);
    expect(t.greeks?.theta).toBeCloseTo(-25.5 * 365, 9);
  });

  it('reads a live option ticker (null stats, far expiry, future as underlying) into fractions and BTC prices', () => {
    const [t] = parse(fixture('ws-ticker-option-live.json'));
    expect(t).toMatchObject({
      kind: 'ticker', symbol: 'BTC-26JUN26-100000-C', priceCurrency: 'BTC', bid: 0.2395, ask: 0.245, bidSize: 2, askSize: 2, mark: 0.2425, last: 0.247,
      index: 108827.5, underlying: 116086.34, openInterest: 1.2,
    });
    if (t?.kind !== 'ticker') throw new Error('expected a ticker');
    expect(t.markIv).toBeCloseTo(0.4543, 12);
    expect([t.bidIv, t.askIv]).toEqual([expect.closeTo(0.4454, 12), expect.closeTo(0.4618, 12)]);
    expect(t.greeks).toEqual({ delta: 0.71138, gamma: 0.00001, vega: expect.closeTo(38929.255, 6), theta: expect.closeTo(-25.13021 * 365, 6), rho: expect.closeTo(52477.921, 6) });
  });

  it('quotes perpetuals in USD and falls back to the index when there is no underlying price', () => {
    const [t] = parse(fixture('ws-ticker-perpetual.json'));
    expect(t).toMatchObject({ priceCurrency: 'USD', bid: 36917, ask: 36917.5, underlying: 36916.49, markIv: null, greeks: null });
  });

  it('reads book snapshots and changes with change ids; delete means size 0', () => {
    const [s] = parse(fixture('ws-book-snapshot.json'));
    expect(s).toMatchObject({ kind: 'book_snapshot', sequence: 297217, bids: [5042.34, 30, 5041.94, 20], asks: [5042.64, 40, 5043.3, 40] });
    const [d] = parse(fixture('ws-book-change.json'));
    expect(d).toMatchObject({ kind: 'book_delta', sequence: 297218, prevSequence: 297217, bids: [5042.34, 10, 5041.94, 0], asks: [] });
  });

  it('emits one trade per element of a trades notification, with the aggressor side', () => {
    const trades = parse(fixture('ws-trades.json'));
    expect(trades).toHaveLength(2);
    expect(trades[0]).toMatchObject({ kind: 'trade', price: 8950, size: 10, side: 'sell', tradeId: '48079269', priceCurrency: 'USD' });
    expect(trades[1]).toMatchObject({ side: 'buy', size: 5 });
  });

  it('ignores heartbeats and JSON-RPC responses', () => {
    expect(parse(fixture('ws-heartbeat.json'))).toEqual([]);
    expect(parse({ jsonrpc: '2.0', id: 7, result: ['ticker.BTC-PERPETUAL.100ms'] })).toEqual([]);
  });

  it.each([
    ['a string', 'garbage'],
    ['a ticker without instrument', { method: 'subscription', params: { channel: 'ticker.X.100ms', data: { timestamp: 1 } } }],
    ['a non-numeric price', { method: 'subscription', params: { channel: 'ticker.BTC-PERPETUAL.100ms', data: { instrument_name: 'BTC-PERPETUAL', timestamp: 1, best_bid_price: 'abc' } } }],
    ['a negative size', { method: 'subscription', params: { channel: 'book.BTC-PERPETUAL.100ms', data: { instrument_name: 'BTC-PERPETUAL', timestamp: 1, bids: [['new', 1, -5]], asks: [] } } }],
    ['trades that are not an array', { method: 'subscription', params: { channel: 'trades.BTC-PERPETUAL.100ms', data: {} } }],
  ])('rejects %s with ARB_PARSE_FRAME', (_what, frame) => {
    expect(() => parse(frame)).toThrow(expect.objectContaining({ code: 'ARB_PARSE_FRAME' }));
  });
});
