import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { krakenV2Symbol, parseKrakenAssetPair } from './kraken-catalog-source.js';

const pairs = (JSON.parse(readFileSync(new URL('../fixtures/http-get-asset-pairs.json', import.meta.url), 'utf8')) as { result: Record<string, unknown> }).result;

describe('parseKrakenAssetPair', () => {
  it('names pairs as WebSocket v2 does (XBT → BTC, XDG → DOGE) with tick, minimum and step', () => {
    expect(parseKrakenAssetPair('XXBTZUSD', pairs.XXBTZUSD)).toEqual({ venue: 'kraken', symbol: 'BTC/USD', kind: 'spot', base: 'BTC', quote: 'USD', priceCurrency: 'USD', tickSize: 0.1, minSize: 0.0001, sizeStep: 1e-8 });
    expect(parseKrakenAssetPair('XETHXXBT', pairs.XETHXXBT)).toMatchObject({ symbol: 'ETH/BTC', priceCurrency: 'BTC', tickSize: 0.00001 });
    expect(parseKrakenAssetPair('XDGUSD', pairs.XDGUSD)).toMatchObject({ symbol: 'DOGE/USD', minSize: 30 });
    expect(krakenV2Symbol('ETH/USD')).toBe('ETH/USD');
  });

  it('skips pairs that are not online and names what is missing', () => {
    expect(parseKrakenAssetPair('XXBTZEUR', pairs.XXBTZEUR)).toBeNull();
    expect(() => parseKrakenAssetPair('BAD', { status: 'online' })).toThrow(/BAD\.wsname/);
    expect(() => parseKrakenAssetPair('BAD', { status: 'online', wsname: 'XBTUSD' })).toThrow(/not BASE\/QUOTE/);
  });
});
