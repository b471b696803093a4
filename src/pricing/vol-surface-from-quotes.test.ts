import { describe, it, expect } from 'vitest';
import { MS_PER_DAY } from '../domain/time.js';
import { volSurfaceFromQuotes, type OptionQuote } from './vol-surface-from-quotes.js';

const NOW = Date.UTC(2025, 0, 10, 8);
const D30 = NOW + 30 * MS_PER_DAY;
const D60 = NOW + 60 * MS_PER_DAY;

describe('volSurfaceFromQuotes', () => {
  it('builds one smile per expiry from percent IVs on the expiry forward', () => {
    const s = volSurfaceFromQuotes({
      asOfMs: NOW,
      quotes: [
        { strike: 90_000, expiryMs: D30, right: 'put', markIvPct: 55, underlyingPrice: 95_000 },
        { strike: 100_000, expiryMs: D30, right: 'call', markIvPct: 50, underlyingPrice: 95_000 },
      ],
    });
    expect(s.smiles).toHaveLength(1);
    expect(s.smiles[0]!.points).toHaveLength(2);
    expect(s.smiles[0]!.forward).toBe(95_000);
    expect(s.spot).toBeCloseTo(95_000, 6);
    expect(s.vol(90_000, 30 / 365)).toBeCloseTo(0.55, 12);
  });

  it('drops IVs at or below 0 and above the cap, and uses the bid/ask mid when the mark is missing', () => {
    const s = volSurfaceFromQuotes({
      asOfMs: NOW,
      spot: 100_000,
      quotes: [
        { strike: 90_000, expiryMs: D30, right: 'put', markIvPct: 0 },
        { strike: 95_000, expiryMs: D30, right: 'put', markIvPct: 600 },
        { strike: 100_000, expiryMs: D30, right: 'call', markIvPct: 45 },
        { strike: 110_000, expiryMs: D30, right: 'call', bidIvPct: 50, askIvPct: 60 },
      ],
    });
    expect(s.smiles[0]!.points.map((p) => p.strike)).toEqual([100_000, 110_000]);
    expect(s.smiles[0]!.points[1]!.vol).toBeCloseTo(0.55, 15);
    expect(s.smiles[0]!.points[1]!.bidVol).toBeCloseTo(0.5, 15);
  });

  it('keeps calls and puts apart: OTM calls above the forward, OTM puts below, the mean at the forward', () => {
    const quotes: OptionQuote[] = [];
    for (const strike of [90_000, 100_000, 110_000]) {
      quotes.push({ strike, expiryMs: D30, right: 'call', markIvPct: 50, underlyingPrice: 100_000 });
      quotes.push({ strike, expiryMs: D30, right: 'put', markIvPct: 60, underlyingPrice: 100_000 });
    }
    const forward = volSurfaceFromQuotes({ asOfMs: NOW, quotes }).smiles[0]!;
    const reversed = volSurfaceFromQuotes({ asOfMs: NOW, quotes: [...quotes].reverse() }).smiles[0]!;
    expect(forward.points.map((p) => p.vol)).toEqual([0.6, 0.55, 0.5]);
    expect(reversed.points).toEqual(forward.points);
  });

  it('keeps expiries separate with their own forwards (the median of their underlying prices)', () => {
    const s = volSurfaceFromQuotes({
      asOfMs: NOW,
      spot: 100_000,
      quotes: [
        { strike: 100_000, expiryMs: D60, right: 'call', markIvPct: 45, underlyingPrice: 101_000 },
        { strike: 100_000, expiryMs: D30, right: 'call', markIvPct: 50, underlyingPrice: 100_400 },
        { strike: 105_000, expiryMs: D30, right: 'call', markIvPct: 51, underlyingPrice: 100_500 },
        { strike: 95_000, expiryMs: D30, right: 'put', markIvPct: 52, underlyingPrice: 100_450 },
        { strike: 95_000, expiryMs: NOW - MS_PER_DAY, right: 'put', markIvPct: 52, underlyingPrice: 99_000 },
      ],
    });
    expect(s.smiles.map((x) => x.years)).toEqual([30 / 365, 60 / 365]);
    expect(s.smiles[0]!.forward).toBe(100_450);
    expect(s.smiles[1]!.forward).toBe(101_000);
    expect(s.spot).toBe(100_000);
    expect(s.forward(60 / 365)).toBeCloseTo(101_000, 8);
  });

  it('throws when nothing is usable', () => {
    expect(() => volSurfaceFromQuotes({ asOfMs: NOW, quotes: [{ strike: 1, expiryMs: NOW - 1, right: 'call', markIvPct: 50 }] })).toThrow(/no usable/);
  });
});
