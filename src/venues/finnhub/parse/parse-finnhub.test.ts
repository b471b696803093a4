import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFinnhubCandles } from './parse-candles.js';
import { parseFinnhubQuote } from './parse-quote.js';
import { parseFinnhubWsFrame } from './parse-ws-frame.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

describe('parseFinnhubQuote', () => {
  it('reads the documented quote (t seconds → ms; d/dp absent → null)', () => {
    expect(parseFinnhubQuote(fixture('http-get-quote.json'), 'AAPL')).toEqual({
      symbol: 'AAPL', current: 261.74, change: null, percentChange: null, high: 263.31, low: 260.68, open: 261.07, previousClose: 259.45, tsVenue: 1582641000_000,
    });
    expect(parseFinnhubQuote({ c: 10, d: 1, dp: 11.1111, h: 10, l: 9, o: 9, pc: 9, t: 1 }, 'X').change).toBe(1);
  });

  it('treats the all-zero answer as "no quote", and rejects wrong types', () => {
    expect(() => parseFinnhubQuote({ c: 0, d: null, dp: null, h: 0, l: 0, o: 0, pc: 0, t: 0 }, 'ZZZZ')).toThrow(/no quote for ZZZZ/);
    expect(() => parseFinnhubQuote({ c: '261.7', h: 1, l: 1, o: 1, pc: 1, t: 1 }, 'AAPL')).toThrow(/quote.c must be a finite number/);
    expect(() => parseFinnhubQuote([], 'AAPL')).toThrow(/expected an object/);
  });
});

describe('parseFinnhubCandles', () => {
  it('reads the documented stock candles', () => {
    const c = parseFinnhubCandles(fixture('http-get-stock-candle.json'), 'AAPL', 'D');
    expect(c.t).toEqual([1569297600_000, 1569384000_000, 1569470400_000]);
    expect(c.c).toEqual([217.68, 221.03, 219.89]);
    expect(c.l[1]).toBe(217.1402);
    expect(c.v[0]).toBe(33463820);
  });

  it('returns an empty set for no_data', () => {
    expect(parseFinnhubCandles(fixture('http-get-candle-no-data.json'), 'AAPL', '60').t).toEqual([]);
  });

  it('rejects unknown status, ragged arrays, NaN, zero prices and unordered times', () => {
    const ok = { s: 'ok', t: [1, 2], o: [1, 1], h: [1, 1], l: [1, 1], c: [1, 1], v: [0, 0] };
    expect(() => parseFinnhubCandles({ s: 'error' }, 'A', 'D')).toThrow(/status s must be "ok" or "no_data", got "error"/);
    expect(() => parseFinnhubCandles({ ...ok, c: [1] }, 'A', 'D')).toThrow(/candles.c has 1 entries, expected 2/);
    expect(() => parseFinnhubCandles({ ...ok, h: [1, null] }, 'A', 'D')).toThrow(/candles.h\[1\] must be a finite number/);
    expect(() => parseFinnhubCandles({ ...ok, l: [1, 0] }, 'A', 'D')).toThrow(/candles.l\[1\] must be > 0/);
    expect(() => parseFinnhubCandles({ ...ok, t: [2, 2] }, 'A', 'D')).toThrow(/t\[1\] is not after t\[0\]/);
  });
});

describe('parseFinnhubWsFrame', () => {
  it('reads the documented trade, ping and error frames', () => {
    expect(parseFinnhubWsFrame(fixture('ws-trade.json'), 5)).toEqual({
      type: 'trade', trades: [{ symbol: 'BINANCE:BTCUSDT', price: 7296.89, volume: 0.011467, tsVenue: 1575526691134, tsLocal: 5, conditions: null }],
    });
    expect(parseFinnhubWsFrame(fixture('ws-ping.json'), 0)).toEqual({ type: 'ping' });
    expect(parseFinnhubWsFrame(fixture('ws-error-too-many-symbols.json'), 0)).toEqual({ type: 'error', message: 'Subscribing to too many symbols' });
  });

  it('keeps trade conditions and rejects garbage', () => {
    const t = parseFinnhubWsFrame({ type: 'trade', data: [{ p: 1.5, s: 'AAPL', t: 1, v: 3, c: ['1', '12'] }] }, 0);
    expect(t.type === 'trade' && t.trades[0]!.conditions).toEqual(['1', '12']);
    expect(() => parseFinnhubWsFrame({ type: 'news' }, 0)).toThrow(/unknown websocket message type "news"/);
    expect(() => parseFinnhubWsFrame({ type: 'trade', data: [{ p: -1, s: 'AAPL', t: 1, v: 1 }] }, 0)).toThrow(/data\[0\].p must be > 0/);
    expect(() => parseFinnhubWsFrame({ type: 'trade', data: [{ p: 1, t: 1, v: 1 }] }, 0)).toThrow(/needs a symbol/);
    expect(() => parseFinnhubWsFrame({ type: 'trade', data: {} }, 0)).toThrow(/data must be an array/);
  });
});
