import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeribitInstrument } from './parse-deribit-instrument.js';

const results = (name: string): Array<Record<string, unknown>> =>
  (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as { result: Array<Record<string, unknown>> }).result;

describe('parseDeribitInstrument (public/get_instruments elements)', () => {
  it('reads the documented option with the REST tick size and minimum amount, expiry agreeing with the name', () => {
    const [put] = results('http-get-instruments-option.json');
    expect(parseDeribitInstrument(put)).toEqual({
      venue: 'deribit', symbol: 'BTC-13JAN23-16000-P', kind: 'option', underlying: 'BTC', expiryMs: Date.UTC(2023, 0, 13, 8), strike: 16000,
      right: 'put', settlement: 'inverse', priceCurrency: 'BTC', tickSize: 0.0005, minSize: 0.1, sizeStep: 0.1,
    });
  });

  it('reads a dated future and the perpetual (kind "future", settlement_period "perpetual"), amounts in USD steps of the contract size', () => {
    const [future, perpetual] = results('http-get-instruments-future.json');
    expect(parseDeribitInstrument(future)).toMatchObject({ kind: 'future', symbol: 'BTC-29SEP23', expiryMs: 1695974400000, priceCurrency: 'USD', tickSize: 2.5, minSize: 10, sizeStep: 10 });
    expect(parseDeribitInstrument(perpetual)).toMatchObject({ kind: 'perpetual', symbol: 'BTC-PERPETUAL', priceCurrency: 'USD', tickSize: 0.5, minSize: 10, sizeStep: 10 });
  });

  it('rejects an expiration_timestamp that contradicts the name (12:00 instead of 08:00 UTC)', () => {
    const [put] = results('http-get-instruments-option.json');
    expect(() => parseDeribitInstrument({ ...put, expiration_timestamp: 1673596800000 + 4 * 3_600_000 })).toThrow(/expiration_timestamp .* contradicts/);
    expect(() => parseDeribitInstrument({ ...put, strike: 17000 })).toThrow(/strike/);
    expect(() => parseDeribitInstrument({ ...put, option_type: 'call' })).toThrow(/option_type/);
    expect(() => parseDeribitInstrument({ ...put, kind: 'future' })).toThrow(/kind/);
  });

  it('skips combos, spot and inactive instruments; fails loudly on missing fields', () => {
    const [put] = results('http-get-instruments-option.json');
    expect(parseDeribitInstrument({ ...put, kind: 'option_combo', instrument_name: 'BTC-CS-13JAN23-16000_17000' })).toBeNull();
    expect(parseDeribitInstrument({ ...put, is_active: false })).toBeNull();
    expect(() => parseDeribitInstrument({ ...put, tick_size: undefined })).toThrow(expect.objectContaining({ code: 'ARB_PARSE_FRAME' }));
    expect(() => parseDeribitInstrument({ ...put, min_trade_amount: '0.1' })).not.toThrow();
    expect(() => parseDeribitInstrument({ ...put, instrument_name: 'BTC-32JAN23-16000-P' })).toThrow(expect.objectContaining({ code: 'ARB_DOMAIN_INSTRUMENT_NAME' }));
    expect(() => parseDeribitInstrument('garbage')).toThrow(expect.objectContaining({ code: 'ARB_PARSE_FRAME' }));
  });
});
