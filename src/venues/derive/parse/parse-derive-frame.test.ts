import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../../domain/market-event.js';
import { black76Greeks, black76Price } from '../../../pricing/black76.js';
import { createDeriveFrameParser } from './parse-derive-frame.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

function parse(frame: unknown): MarketEvent[] {
  const out: MarketEvent[] = [];
  createDeriveFrameParser().parse(frame, 1_000, (e) => out.push(e));
  return out;
}

describe('Derive frame parser', () => {
  it('reads the documented option ticker_slim: string decimals, IV fractions, forward as underlying, greeks rescaled', () => {
    const [t] = parse(fixture('ws-ticker-slim-option.json'));
    expect(t).toMatchObject({
      kind: 'ticker', venue: 'derive', symbol: 'ETH-20260612-1600-C', tsVenue: 1779953796231, tsLocal: 1_000, priceCurrency: 'USDC',
      bid: 383, bidSize: 150.62, ask: 409.8, askSize: 13.72, last: null, mark: 398.1, index: 1991.7, underlying: 1992.6,
      markIv: 0.67698, askIv: 0.88815, bidIv: null, openInterest: 0,
    });
    if (t?.kind !== 'ticker') throw new Error('expected a ticker');
    expect(t.greeks?.delta).toBe(0.95222);
    expect(t.greeks?.gamma).toBe(0.00036344);
    expect(t.greeks?.vega).toBeCloseTo(40.175, 9);
    expect(t.greeks?.theta).toBeCloseTo(-0.90562 * 365, 9);
    expect(t.greeks?.rho).toBe(16.38143);
  });

  it('the documented example only fits Black-76 with vega per vol point and theta per day', () => {
    // Strike 1600 and ~15 days reproduce the documented mark 398.1 at IV 0.67698 and forward 1992.6.
    const F = 1992.6;
    const vol = 0.67698;
    let lo = 1e-4;
    let hi = 1;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (black76Price({ type: 'call', forward: F, strike: 1600, years: mid, vol, rate: -Math.log(0.999) / mid }) > 398.1) hi = mid;
      else lo = mid;
    }
    const g = black76Greeks({ type: 'call', forward: F, strike: 1600, years: lo, vol, rate: -Math.log(0.999) / lo });
    expect(lo * 365).toBeGreaterThan(14);
    expect(lo * 365).toBeLessThan(16);
    expect(g.delta).toBeCloseTo(0.95222, 2);
    expect(g.vega / 100).toBeCloseTo(0.40175, 1); // per 1.00 vol it would be ~40
    expect(g.theta / 365).toBeCloseTo(-0.90562, 1); // per year it would be ~-325
  });

  it('reads a perp ticker: no option pricing, index as underlying, open interest from stats', () => {
    const [t] = parse(fixture('ws-ticker-slim-perp.json'));
    expect(t).toMatchObject({
      symbol: 'BTC-PERP', bid: 95018, bidSize: 1.75, ask: 95025.5, askSize: 2.5, mark: 95020.1, index: 95012.4, underlying: 95012.4,
      markIv: null, greeks: null, openInterest: 1534.2, tsVenue: 1779953796100,
    });
  });

  it('treats "0" best prices as empty sides and missing option_pricing/stats as null', () => {
    const [t] = parse(fixture('ws-ticker-slim-missing-fields.json'));
    expect(t).toMatchObject({ symbol: 'BTC-20260626-100000-P', bid: null, bidSize: null, ask: null, askSize: null, mark: 6120.5, greeks: null, openInterest: null });
  });

  it('reads a flat legacy ticker with verbose names', () => {
    const [t] = parse({
      method: 'subscription',
      params: { channel: 'ticker.BTC-PERP.1000', data: { instrument_name: 'BTC-PERP', timestamp: 5, best_bid_price: 10, best_bid_amount: 1, best_ask_price: '11', best_ask_amount: '2', index_price: '10.5', mark_price: 10.4 } },
    });
    expect(t).toMatchObject({ symbol: 'BTC-PERP', tsVenue: 5, bid: 10, ask: 11, askSize: 2, index: 10.5, mark: 10.4 });
  });

  it('reads v3 {price, amount} book levels with publish_id as the sequence', () => {
    const [b] = parse(fixture('ws-orderbook-v3.json'));
    expect(b).toEqual({
      kind: 'book_snapshot', venue: 'derive', symbol: 'BTC-PERP', tsVenue: 1779953796200, tsLocal: 1_000,
      bids: [95018, 1.75, 95017.5, 0.4, 95015, 3], asks: [95025.5, 2.5, 95026, 0.8], sequence: 48213377,
    });
  });

  it('reads v2 [price, amount] book levels', () => {
    const [b] = parse(fixture('ws-orderbook-v2.json'));
    expect(b).toMatchObject({ symbol: 'ETH-PERP', bids: [3500, 1], asks: [3501, 2], sequence: null });
  });

  it('reads one trade object and arrays of trades, direction as aggressor side', () => {
    expect(parse(fixture('ws-trades-instrument.json'))).toEqual([
      { kind: 'trade', venue: 'derive', symbol: 'BTC-PERP', tsVenue: 1779953796300, tsLocal: 1_000, priceCurrency: 'USDC', price: 95025.5, size: 0.25, side: 'buy', tradeId: '5f1c7e2a-93b1-4c9e-8b62-1d2f0a7c9e11' },
    ]);
    const trades = parse(fixture('ws-trades-array.json'));
    expect(trades.map((t) => (t.kind === 'trade' ? [t.symbol, t.price, t.size, t.side] : null))).toEqual([
      ['BTC-20260626-100000-C', 2405, 0.5, 'sell'],
      ['BTC-20260626-90000-P', 3125.5, 1, 'buy'],
    ]);
  });

  it('emits nothing for acks, errors and private channels', () => {
    expect(parse(fixture('ws-subscribe-ack.json'))).toEqual([]);
    expect(parse({ id: 3, error: { code: -32000, message: 'Rate limit exceeded' } })).toEqual([]);
    expect(parse(fixture('ws-private-order.json'))).toEqual([]);
  });

  it.each([
    ['a string', 'not json'],
    ['a subscription without params', { method: 'subscription' }],
    ['a ticker with a non-numeric price', { method: 'subscription', params: { channel: 'ticker_slim.BTC-PERP.100', data: { instrument_ticker: { b: 'abc', t: 1 }, timestamp: 1 } } }],
    ['a ticker without a timestamp', { method: 'subscription', params: { channel: 'ticker_slim.BTC-PERP.100', data: { instrument_ticker: { b: '1' } } } }],
    ['a book level of three fields', { method: 'subscription', params: { channel: 'orderbook.BTC-PERP.1.10', data: { instrument_name: 'BTC-PERP', timestamp: 1, bids: [['1', '2', '3']], asks: [] } } }],
    ['a negative book amount', { method: 'subscription', params: { channel: 'orderbook.BTC-PERP.1.10', data: { instrument_name: 'BTC-PERP', timestamp: 1, bids: [{ price: '1', amount: '-2' }], asks: [] } } }],
    ['a trade with an unknown direction', { method: 'subscription', params: { channel: 'trades.BTC-PERP', data: { instrument_name: 'BTC-PERP', timestamp: 1, trade_price: '1', trade_amount: '1', direction: 'up' } } }],
  ])('throws ARB_PARSE_FRAME on %s', (_name, frame) => {
    expect(() => parse(frame)).toThrow(expect.objectContaining({ code: 'ARB_PARSE_FRAME' }));
  });

  it('emits nothing from a trades array when one trade is malformed', () => {
    const out: MarketEvent[] = [];
    const frame = { method: 'subscription', params: { channel: 'trades.option.BTC', data: [{ instrument_name: 'X-PERP', timestamp: 1, trade_price: '1', trade_amount: '1' }, { instrument_name: 'X-PERP' }] } };
    expect(() => createDeriveFrameParser().parse(frame, 0, (e) => out.push(e))).toThrow();
    expect(out).toEqual([]);
  });
});
