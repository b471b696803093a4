import { describe, expect, it } from 'vitest';
import { deriveApiProfile, deriveApiVersionForUrl, deriveBookLevel, deriveRestBaseForWsUrl } from './derive-api-version.js';
import { deriveChannelName, instrumentOfBookChannel, instrumentOfTickerChannel, instrumentOfTradesChannel } from './derive-channels.js';

describe('Derive API version adapter', () => {
  it.each([
    ['wss://api.derive.xyz/v3/ws', 'v3'],
    ['wss://testnet.api.derive.xyz/v3/ws', 'v3'],
    ['ws://127.0.0.1:4321/v3/ws', 'v3'],
    ['wss://api.lyra.finance/ws', 'v2'],
    ['wss://api-demo.lyra.finance/ws', 'v2'],
  ])('picks the version of %s by host and path', (url, version) => {
    expect(deriveApiVersionForUrl(url)).toBe(version);
  });

  it('derives the REST base from the WebSocket URL', () => {
    expect(deriveRestBaseForWsUrl('wss://api.derive.xyz/v3/ws')).toBe('https://api.derive.xyz/v3');
    expect(deriveRestBaseForWsUrl('wss://api.lyra.finance/ws')).toBe('https://api.lyra.finance');
    expect(deriveRestBaseForWsUrl('ws://127.0.0.1:9/v3/ws')).toBe('http://127.0.0.1:9/v3');
  });

  it('v3 nonces are nanosecond timestamps as strings; v2 nonces are ms×1000 numbers', () => {
    const v3 = deriveApiProfile('v3').nonce(1_751_558_400_000, 7);
    expect(v3).toEqual({ wire: '1751558400000000007', value: 1_751_558_400_000_000_007n });
    expect(String(v3.wire)).toHaveLength(19);
    expect(deriveApiProfile('v2').nonce(1_751_558_400_000, 7)).toEqual({ wire: 1_751_558_400_000_007, value: 1_751_558_400_000_007n });
  });

  it('lists instruments with get_all_instruments pages in v3 and get_instruments arrays in v2', () => {
    const v3 = deriveApiProfile('v3');
    expect(v3.instrumentsMethod).toBe('public/get_all_instruments');
    expect(v3.instrumentsPage({ instruments: [1, 2], pagination: { count: 2, num_pages: 3 } })).toEqual({ instruments: [1, 2], numPages: 3 });
    expect(() => v3.instrumentsPage([1])).toThrow(/instruments/);
    const v2 = deriveApiProfile('v2');
    expect(v2.instrumentsMethod).toBe('public/get_instruments');
    expect(v2.instrumentsPage([1])).toEqual({ instruments: [1], numPages: 1 });
  });

  it('reads both book-level shapes', () => {
    expect(deriveBookLevel({ price: '1', amount: '2' })).toEqual(['1', '2']);
    expect(deriveBookLevel(['1', '2'])).toEqual(['1', '2']);
    expect(deriveBookLevel(['1'])).toBeUndefined();
    expect(deriveBookLevel('1')).toBeUndefined();
  });

  it('builds and cuts channel names', () => {
    expect(deriveChannelName('BTC-PERP', 'ticker')).toBe('ticker_slim.BTC-PERP.100');
    expect(deriveChannelName('BTC-PERP', 'book')).toBe('orderbook.BTC-PERP.1.10');
    expect(deriveChannelName('BTC-PERP', 'trades')).toBe('trades.BTC-PERP');
    expect(instrumentOfTickerChannel('ticker_slim.BTC-20260626-100000-C.1000')).toBe('BTC-20260626-100000-C');
    expect(instrumentOfBookChannel('orderbook.BTC-PERP.1.10')).toBe('BTC-PERP');
    expect(instrumentOfTradesChannel('trades.BTC-PERP')).toBe('BTC-PERP');
    expect(instrumentOfTradesChannel('trades.option.BTC')).toBeNull();
    expect(instrumentOfTickerChannel('orderbook.BTC-PERP.1.10')).toBeNull();
  });
});
