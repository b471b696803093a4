import { describe, expect, it } from 'vitest';
import { isPolymarketTokenId, parsePolymarketQuestion } from './parse-market-question.js';

describe('parsePolymarketQuestion', () => {
  it('reads the daily "Bitcoin above K on <date>" markets, expiring at noon New York time', () => {
    const p = parsePolymarketQuestion('Bitcoin above 96,000 on November 21?', { endDate: '2025-11-21T17:00:00Z' });
    // 21 Nov 2025 is in EST (UTC−5): noon ET = 17:00 UTC.
    expect(p).toEqual({ underlying: 'BTC', comparison: 'above', strike: 96000, expiryMs: Date.UTC(2025, 10, 21, 17) });
  });

  it('handles daylight saving time: noon EDT is 16:00 UTC', () => {
    const p = parsePolymarketQuestion('Will the price of Bitcoin be above $60,000 on June 14, 2024?');
    expect(p?.expiryMs).toBe(Date.UTC(2024, 5, 14, 16));
    expect(p?.strike).toBe(60000);
  });

  it('reads k and M suffixes, decimals and "below"', () => {
    expect(parsePolymarketQuestion('Will BTC be above $100k on Dec 31, 2025?')?.strike).toBe(100000);
    expect(parsePolymarketQuestion('Bitcoin above $1.2M on January 5, 2030?')?.strike).toBe(1_200_000);
    expect(parsePolymarketQuestion('Ethereum below $3,250.50 on March 3, 2026?')).toMatchObject({ underlying: 'ETH', comparison: 'below', strike: 3250.5 });
  });

  it('infers the year nearest to the end date, across a new year', () => {
    const p = parsePolymarketQuestion('Bitcoin above 90,000 on January 2?', { endDate: '2025-12-30T00:00:00Z' });
    expect(p?.expiryMs).toBe(Date.UTC(2026, 0, 2, 17));
  });

  it('does not take the day of the month as the strike', () => {
    expect(parsePolymarketQuestion('Bitcoin on November 21 above 96000?', { nowMs: Date.UTC(2025, 10, 1) })).toBeNull();
  });

  it.each([
    'Will Bitcoin reach $150,000 in December?',
    'Will Bitcoin hit $80k by December 31?',
    'Bitcoin price between $90,000 and $92,000 on November 21?',
    'Will the Fed cut rates on December 10?',
    'Bitcoin above 96,000 on Februar 30?',
  ])('returns null for questions that are not an above/below-on-date payoff: %s', (q) => {
    expect(parsePolymarketQuestion(q, { nowMs: Date.UTC(2025, 10, 1) })).toBeNull();
  });

  it('returns null when no year can be known', () => {
    expect(parsePolymarketQuestion('Bitcoin above 96,000 on November 21?')).toBeNull();
  });
});

describe('isPolymarketTokenId', () => {
  it('accepts uint256 decimals and rejects the rest', () => {
    expect(isPolymarketTokenId('21742633143463906290569050155826241533067272736897614950488156847949938836455')).toBe(true);
    expect(isPolymarketTokenId('0x1234')).toBe(false);
    expect(isPolymarketTokenId('')).toBe(false);
    expect(isPolymarketTokenId('9'.repeat(78))).toBe(false);
  });
});
