import { describe, expect, it } from 'vitest';
import { parseDeriveInstrumentName } from './parse-instrument-name.js';

describe('parseDeriveInstrumentName', () => {
  it('reads an option with a YYYYMMDD expiry at 08:00 UTC', () => {
    expect(parseDeriveInstrumentName('BTC-20251226-100000-C')).toEqual({
      venue: 'derive', symbol: 'BTC-20251226-100000-C', kind: 'option', underlying: 'BTC', expiryMs: Date.UTC(2025, 11, 26, 8),
      strike: 100000, right: 'call', settlement: 'linear', priceCurrency: 'USDC',
    });
    // The API's expiry in seconds agrees with the name.
    expect(Date.UTC(2025, 11, 26, 8) / 1000).toBe(1766736000);
  });

  it('reads puts, fractional strikes, perpetuals and spot', () => {
    expect(parseDeriveInstrumentName('ETH-20240628-3500-P')).toMatchObject({ right: 'put', strike: 3500 });
    expect(parseDeriveInstrumentName('SOL-20240628-152.5-C')).toMatchObject({ strike: 152.5 });
    expect(parseDeriveInstrumentName('BTC-PERP')).toMatchObject({ kind: 'perpetual', underlying: 'BTC' });
    expect(parseDeriveInstrumentName('ETH-USDC')).toMatchObject({ kind: 'spot', base: 'ETH', quote: 'USDC' });
  });

  it.each([
    ['BTC-20250230-100000-C', /does not exist/],
    ['BTC-2025122-100000-C', /YYYYMMDD/],
    ['BTC-20251226-100000-Q', /must be C or P/],
    ['BTC-20251226-1e5-C', /strike/],
    ['BTC-20251226-100000', /expected/],
  ])('rejects %s', (name, why) => {
    expect(() => parseDeriveInstrumentName(name)).toThrow(why);
  });
});
