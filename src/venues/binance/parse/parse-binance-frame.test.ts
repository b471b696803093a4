import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../../domain/market-event.js';
import { binanceMarketOf, binancePriceCurrency, binanceStreamName, binanceWireSymbol } from './binance-symbols.js';
import { binanceDepthSnapshotFrame, createBinanceFrameParser } from './parse-binance-frame.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

function parse(frame: unknown): MarketEvent[] {
  const out: MarketEvent[] = [];
  createBinanceFrameParser().parse(frame, 1_000, (e) => out.push(e));
  return out;
}

describe('parseBinanceFrame', () => {
  it('reads a spot diff depth event (docs example): sequence u, previous U − 1', () => {
    const [e] = parse(fixture('ws-depth-update-spot.json'));
    expect(e).toEqual({ kind: 'book_delta', venue: 'binance', symbol: 'BNBBTC', tsVenue: 123456789, tsLocal: 1_000, bids: [0.0024, 10], asks: [0.0026, 100], sequence: 160, prevSequence: 156 });
  });

  it('reads a USDⓈ-M diff depth event: previous = pu, perpetual gets -PERP', () => {
    const parser = createBinanceFrameParser();
    const out: MarketEvent[] = [];
    parser.parse(fixture('ws-depth-update-usdm.json'), 1_000, (e) => out.push(e));
    expect(out[0]).toMatchObject({ kind: 'book_delta', symbol: 'BTCUSDT-PERP', sequence: 160, prevSequence: 149 });
    expect(parser.firstUpdateId).toBe(157);
  });

  it('unwraps combined streams', () => {
    expect(parse(fixture('ws-combined-depth-spot.json'))).toEqual(parse(fixture('ws-depth-update-spot.json')));
  });

  it('reads REST depth snapshots recorded in their envelope', () => {
    const [spot] = parse(binanceDepthSnapshotFrame('spot', 'BNBBTC', fixture('http-get-depth-spot.json')));
    expect(spot).toEqual({ kind: 'book_snapshot', venue: 'binance', symbol: 'BNBBTC', tsVenue: null, tsLocal: 1_000, bids: [4, 431], asks: [4.000002, 12], sequence: 1027024 });
    const [usdm] = parse(binanceDepthSnapshotFrame('usdm', 'BTCUSDT', fixture('http-get-depth-usdm.json')));
    expect(usdm).toMatchObject({ symbol: 'BTCUSDT-PERP', tsVenue: 1589436922972, sequence: 1027024 });
  });

  it('reads trades: the buyer is the maker, so the seller was the aggressor', () => {
    expect(parse(fixture('ws-trade-spot.json'))[0]).toEqual({ kind: 'trade', venue: 'binance', symbol: 'BNBBTC', tsVenue: 1672515782136, tsLocal: 1_000, priceCurrency: 'BTC', price: 0.001, size: 100, side: 'sell', tradeId: '12345' });
    expect(parse(fixture('ws-aggtrade-usdm.json'))[0]).toMatchObject({ symbol: 'BTCUSDT-PERP', priceCurrency: 'USDT', tsVenue: 123456785, side: 'sell', tradeId: '5933014' });
  });

  it('reads book tickers of both markets', () => {
    expect(parse(fixture('ws-book-ticker-spot.json'))[0]).toMatchObject({ kind: 'ticker', symbol: 'BNBUSDT', tsVenue: null, bid: 25.3519, bidSize: 31.21, ask: 25.3652, askSize: 40.66, priceCurrency: 'USDT' });
    expect(parse(fixture('ws-book-ticker-usdm.json'))[0]).toMatchObject({ kind: 'ticker', symbol: 'BNBUSDT-PERP', tsVenue: 1568014460893 });
  });

  it('emits nothing for subscription answers and throws on errors and garbage', () => {
    expect(parse(fixture('ws-subscribe-ack.json'))).toEqual([]);
    expect(() => parse({ error: { code: 2, msg: 'Invalid request' }, id: 3 })).toThrow(/request 3 failed/);
    expect(() => parse([1, 2])).toThrow(/ARB_PARSE_FRAME|not a JSON object/);
    expect(() => parse({ e: 'depthUpdate', s: 'BTCUSDT', U: 5, u: 4, b: [], a: [] })).toThrow(/u 4 < U 5/);
    expect(() => parse({ e: 'depthUpdate', s: 'BTCUSDT', U: 1, u: 2, b: [['x', '1']], a: [] })).toThrow(/b\[0\]\.price/);
    expect(() => parse({ e: 'depthUpdate', s: 'BTCUSDT', U: 1, u: 2, b: [['1', '-1']], a: [] })).toThrow(/negative/);
  });
});

describe('Binance symbols', () => {
  it('maps markets, wire names, streams and quote currencies', () => {
    expect(binanceMarketOf('BTCUSDT')).toBe('spot');
    expect(binanceMarketOf('BTCUSDT-PERP')).toBe('usdm');
    expect(binanceMarketOf('BTCUSDT_250627')).toBe('usdm');
    expect(binanceWireSymbol('BTCUSDT-PERP')).toBe('BTCUSDT');
    expect(binanceStreamName('BTCUSDT', 'trades')).toBe('btcusdt@trade');
    expect(binanceStreamName('BTCUSDT-PERP', 'trades')).toBe('btcusdt@aggTrade');
    expect(binanceStreamName('BTCUSDT-PERP', 'book')).toBe('btcusdt@depth@100ms');
    expect(() => binanceStreamName('btc usdt', 'book')).toThrow(/not a Binance symbol/);
    expect(binancePriceCurrency('ETHFDUSD')).toBe('FDUSD');
    expect(binancePriceCurrency('BTCUSDT_250627')).toBe('USDT');
  });
});
