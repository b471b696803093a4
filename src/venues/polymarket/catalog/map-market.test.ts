import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zonedTimeToEpochMs } from '../../../domain/time-zone.js';
import { fromClobMarket, fromGammaMarket, toOutcomeInstruments } from './map-market.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const YES = '65818619657568813474341868652308942079804919287380422192892211131408793125422';
const NO = '52114319501245915516055106046884209969926127482827954674443846427813813222426';

describe('Polymarket market mapping', () => {
  const expiryMs = zonedTimeToEpochMs('America/New_York', 2026, 5, 5, 12);

  it('maps a CLOB market to YES and NO outcome instruments with strike, expiry, tick and minimum size', () => {
    const page = fixture('http-get-markets.json') as { data: unknown[] };
    const instruments = toOutcomeInstruments(fromClobMarket(page.data[0]));
    expect(instruments).toEqual([
      {
        kind: 'outcome', venue: 'polymarket', symbol: YES, priceCurrency: 'USD', tickSize: 0.01, minSize: 5, sizeStep: 0.01,
        marketId: '0xbd31dc8a20211944f6b70f31557f1001557b59905b7738480ca09bd4532f84af', question: 'Bitcoin above $100,000 on May 5?', outcome: 'Yes',
        underlying: 'BTC', comparison: 'above', strike: 100_000, expiryMs,
      },
      expect.objectContaining({ symbol: NO, outcome: 'No', strike: 100_000, expiryMs }),
    ]);
  });

  it('maps a Gamma market (JSON-encoded outcome and token arrays) to the same instruments', () => {
    const [raw] = fixture('http-gamma-markets.json') as unknown[];
    const fromGamma = toOutcomeInstruments(fromGammaMarket(raw));
    const page = fixture('http-get-markets.json') as { data: unknown[] };
    expect(fromGamma).toEqual(toOutcomeInstruments(fromClobMarket(page.data[0])));
  });

  it('keeps markets whose question is not a strike question, without strike fields', () => {
    const page = fixture('http-get-markets.json') as { data: Array<Record<string, unknown>> };
    const [yes] = toOutcomeInstruments(fromClobMarket({ ...page.data[0], question: 'Will Bitcoin reach $150,000 by December 31?' }));
    expect(yes).not.toHaveProperty('strike');
    expect(yes).toMatchObject({ kind: 'outcome', outcome: 'Yes' });
  });

  it('reads numbers given as strings, flags closed markets, rejects malformed objects', () => {
    const page = fixture('http-get-markets.json') as { data: Array<Record<string, unknown>> };
    expect(fromClobMarket({ ...page.data[0], minimum_tick_size: '0.001', closed: true })).toMatchObject({ tickSize: 0.001, closed: true });
    expect(() => fromClobMarket({ ...page.data[0], tokens: 'x' })).toThrow(/tokens/);
    const [raw] = fixture('http-gamma-markets.json') as Array<Record<string, unknown>>;
    expect(() => fromGammaMarket({ ...raw, clobTokenIds: '["1"]' })).toThrow(/2 outcomes but 1 token ids/);
    expect(() => fromGammaMarket({ ...raw, outcomes: 'not json' })).toThrow(/JSON array/);
  });

  it('skips token ids that are not uint256 decimals', () => {
    const page = fixture('http-get-markets.json') as { data: Array<Record<string, unknown>> };
    const tokens = [{ token_id: '0xabc', outcome: 'Yes' }, { token_id: NO, outcome: 'No' }];
    expect(toOutcomeInstruments(fromClobMarket({ ...page.data[0], tokens })).map((i) => i.outcome)).toEqual(['No']);
  });
});
