import { describe, it, expect } from 'vitest';
import { sampleSkewedSurface } from './sample-surfaces.js';
import { diagnoseArbitrage } from './vol-arbitrage.js';
import { VolSurface } from './vol-surface.js';

describe('diagnoseArbitrage', () => {
  it('finds nothing in a clean skewed surface', () => {
    expect(diagnoseArbitrage(sampleSkewedSurface())).toEqual([]);
  });

  it('reports calendar arbitrage where a later expiry has less total variance', () => {
    const surface = new VolSurface({
      spot: 100,
      smiles: [
        { years: 0.1, points: [{ strike: 90, vol: 0.5 }, { strike: 100, vol: 0.5 }, { strike: 110, vol: 0.5 }] },
        { years: 0.2, points: [{ strike: 90, vol: 0.5 }, { strike: 100, vol: 0.3 }, { strike: 110, vol: 0.5 }] },
      ],
    });
    const calendar = diagnoseArbitrage(surface).filter((v) => v.kind === 'calendar');
    expect(calendar.length).toBeGreaterThan(0);
    expect(calendar.every((v) => v.years === 0.2)).toBe(true);
    const atm = calendar.find((v) => v.strike === 100 && v.source === 'quotes');
    expect(atm?.amount).toBeCloseTo(0.25 * 0.1 - 0.09 * 0.2, 12);
  });

  it('reports butterfly arbitrage at a vol spike, both in the quotes and in the interpolated density', () => {
    const surface = new VolSurface({
      spot: 100,
      smiles: [{ years: 0.25, points: [{ strike: 95, vol: 0.3 }, { strike: 100, vol: 0.9 }, { strike: 105, vol: 0.3 }] }],
    });
    const found = diagnoseArbitrage(surface);
    expect(found.some((v) => v.kind === 'butterfly' && v.source === 'quotes' && v.strike === 100)).toBe(true);
    expect(found.some((v) => v.kind === 'butterfly' && v.source === 'interpolation')).toBe(true);
  });

  it('reports a vertical spread when a call is worth more than a lower-strike call', () => {
    const surface = new VolSurface({ spot: 100, smiles: [{ years: 0.5, points: [{ strike: 100, vol: 0.2 }, { strike: 101, vol: 3 }] }] });
    expect(diagnoseArbitrage(surface).some((v) => v.kind === 'vertical' && v.strike === 101)).toBe(true);
  });
});
