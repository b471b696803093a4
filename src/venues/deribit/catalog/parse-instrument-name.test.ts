import { describe, expect, it } from 'vitest';
import type { ArbiterError } from '../../../domain/errors.js';
import { parseDeribitExpiryCode, parseDeribitInstrumentName } from './parse-instrument-name.js';

describe('parseDeribitInstrumentName', () => {
  it('reads an option with a one-digit day (the seed dropped these)', () => {
    expect(parseDeribitInstrumentName('BTC-5JAN24-60000-C')).toEqual({
      venue: 'deribit', symbol: 'BTC-5JAN24-60000-C', kind: 'option', underlying: 'BTC', expiryMs: Date.UTC(2024, 0, 5, 8),
      strike: 60000, right: 'call', settlement: 'inverse', priceCurrency: 'BTC',
    });
  });

  it('reads a two-digit day put', () => {
    const i = parseDeribitInstrumentName('ETH-29MAR24-4000-P');
    expect(i).toMatchObject({ kind: 'option', underlying: 'ETH', strike: 4000, right: 'put', expiryMs: Date.UTC(2024, 2, 29, 8) });
  });

  it('maps all twelve month codes', () => {
    const codes = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
    codes.forEach((m, month) => expect(parseDeribitExpiryCode(`15${m}25`)).toBe(Date.UTC(2025, month, 15, 8)));
  });

  it('reads linear USDC options with a d as decimal point', () => {
    expect(parseDeribitInstrumentName('XRP_USDC-30JUN23-0d625-C')).toMatchObject({
      kind: 'option', underlying: 'XRP', strike: 0.625, settlement: 'linear', priceCurrency: 'USDC',
    });
  });

  it('reads perpetuals, futures and spot', () => {
    expect(parseDeribitInstrumentName('BTC-PERPETUAL')).toMatchObject({ kind: 'perpetual', underlying: 'BTC', settlement: 'inverse', priceCurrency: 'USD' });
    expect(parseDeribitInstrumentName('BTC_USDC-PERPETUAL')).toMatchObject({ kind: 'perpetual', settlement: 'linear', priceCurrency: 'USDC' });
    expect(parseDeribitInstrumentName('BTC-27DEC24')).toMatchObject({ kind: 'future', expiryMs: Date.UTC(2024, 11, 27, 8) });
    expect(parseDeribitInstrumentName('ETH_BTC')).toMatchObject({ kind: 'spot', base: 'ETH', quote: 'BTC' });
  });

  it.each([
    ['BTC-31FEB24-60000-C', /day 31 does not exist/],
    ['BTC-5XYZ24-60000-C', /unknown month/],
    ['BTC-5JAN24-60000-X', /must be C or P/],
    ['BTC-5JAN24-abc-C', /strike/],
    ['BTC-5JAN24-0-C', /positive/],
    ['BTC-FS-29MAR24_PERP', /combos and spreads/],
    ['', /expected/],
    ['btc-5JAN24-60000-C', /not a currency/],
  ])('rejects %s with a message naming the problem', (name, why) => {
    expect(() => parseDeribitInstrumentName(name)).toThrow(why);
    try {
      parseDeribitInstrumentName(name);
    } catch (e) {
      expect((e as ArbiterError).code).toBe('ARB_DOMAIN_INSTRUMENT_NAME');
    }
  });
});
