import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeriveInstrument } from './derive-instrument.js';

const documented = (JSON.parse(readFileSync(new URL('../fixtures/http-get-all-instruments.json', import.meta.url), 'utf8')) as { result: { instruments: unknown[] } }).result.instruments[0] as Record<string, unknown>;

describe('parseDeriveInstrument', () => {
  it('maps the documented option: expiry in seconds, string decimals, signing facts', () => {
    const p = parseDeriveInstrument(documented);
    expect(p.instrument).toEqual({
      venue: 'derive', symbol: 'ETH-20261225-3500-C', kind: 'option', underlying: 'ETH', expiryMs: 1798185600 * 1000, strike: 3500, right: 'call',
      settlement: 'linear', priceCurrency: 'USDC', tickSize: 0.1, minSize: 0.1, sizeStep: 0.01,
    });
    expect(p.mismatch).toBeNull();
    expect(p.active).toBe(true);
    expect(p.spec).toMatchObject({ baseAssetAddress: '0x4BB4C3CDc7562f08e9910A0C7D8bB7e108861eB4', baseAssetSubId: 39614082760370722398570160768n, tickSize: '0.1', takerFeeRate: 0.0003, baseFee: 0.5 });
    // 1798185600 s is 2026-12-25 08:00 UTC: the name and the API agree.
    expect(new Date(1798185600 * 1000).toISOString()).toBe('2026-12-25T08:00:00.000Z');
  });

  it('uses the API expiry and reports it when the name disagrees', () => {
    const p = parseDeriveInstrument({ ...documented, option_details: { ...(documented.option_details as object), expiry: 1798185600 + 3600 } });
    expect(p.instrument.kind === 'option' && p.instrument.expiryMs).toBe((1798185600 + 3600) * 1000);
    expect(p.mismatch).toMatch(/expiry/);
  });

  it('maps a perp and flags inactive instruments', () => {
    const p = parseDeriveInstrument({ ...documented, instrument_name: 'BTC-PERP', instrument_type: 'perp', option_details: null, base_asset_sub_id: '0', is_active: false });
    expect(p.instrument).toMatchObject({ kind: 'perpetual', underlying: 'BTC', tickSize: 0.1 });
    expect(p.active).toBe(false);
    expect(p.spec.baseAssetSubId).toBe(0n);
  });

  it.each([
    ['a missing tick size', { tick_size: undefined }],
    ['a bad asset address', { base_asset_address: '0x12' }],
    ['an option without details', { option_details: null }],
    ['a non-integer sub id', { base_asset_sub_id: '1.5' }],
  ])('rejects %s', (_name, patch) => {
    expect(() => parseDeriveInstrument({ ...documented, ...patch })).toThrow();
  });
});
