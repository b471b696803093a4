import { describe, it, expect } from 'vitest';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/time.js';
import { sampleSkewedSurface } from './sample-surfaces.js';
import { VolSurface } from './vol-surface.js';
import { WeightedVolTime } from './vol-time.js';

const flat = (years: number, vol: number, forward?: number) => ({ years, forward, points: [{ strike: 100_000, vol }] });
const twoExpiries = new VolSurface({ spot: 100_000, smiles: [flat(1, 0.4), flat(0.25, 0.5)] });

const skewed = sampleSkewedSurface();

describe('VolSurface interpolation', () => {
  it('interpolates total variance linearly in time: 0.25y at 50 % and 1y at 40 % give 43.589 % at 0.5y', () => {
    expect(twoExpiries.vol(100_000, 0.5)).toBeCloseTo(Math.sqrt(0.095 / 0.5), 12);
    expect(twoExpiries.vol(100_000, 0.5)).toBeCloseTo(0.43589, 5);
  });

  it('returns listed vols exactly at listed expiries and is continuous across them', () => {
    for (const smile of skewed.smiles) {
      for (const strike of [80_000, 100_000, 125_000]) {
        const listed = smile.vol(strike * (smile.forward / skewed.forward(smile.years)));
        expect(skewed.vol(strike, smile.years)).toBeCloseTo(listed, 12);
        expect(skewed.vol(strike, smile.years - 1e-9)).toBeCloseTo(skewed.vol(strike, smile.years + 1e-9), 6);
      }
    }
  });

  it('keeps vol flat before the first expiry and adds the last ATM forward variance after the last', () => {
    expect(twoExpiries.vol(100_000, 0.1)).toBeCloseTo(0.5, 12);
    // Forward variance 0.25y→1y: (0.16 − 0.0625)/0.75 = 0.13 per year.
    expect(twoExpiries.totalVariance(100_000, 2)).toBeCloseTo(0.16 + 0.13, 12);
    const single = new VolSurface({ spot: 100, smiles: [flat(0.5, 0.3)] });
    expect(single.vol(100, 3)).toBeCloseTo(0.3, 12);
    expect(single.vol(100, 0.01)).toBeCloseTo(0.3, 12);
  });

  it('interpolates at fixed log-moneyness against each expiry forward', () => {
    const k = Math.log(110_000 / skewed.forward(60 / 365));
    const w1 = skewed.smiles[1]!.totalVariance(k);
    const w2 = skewed.smiles[2]!.totalVariance(k);
    const a = (60 - 30) / (90 - 30);
    expect(skewed.totalVariance(110_000, 60 / 365)).toBeCloseTo((1 - a) * w1 + a * w2, 14);
  });

  it('interpolates ln forward linearly in time through spot and listed forwards', () => {
    expect(skewed.forward(0)).toBe(100_000);
    expect(skewed.forward(30 / 365)).toBeCloseTo(100_700, 8);
    expect(skewed.forward(60 / 365)).toBeCloseTo(Math.exp((Math.log(100_700) + Math.log(102_000)) / 2), 8);
    expect(skewed.forward(3.5 / 365)).toBeCloseTo(Math.sqrt(100_000 * 100_150), 8);
    expect(twoExpiries.forward(0.5)).toBeCloseTo(100_000, 8);
    const rated = new VolSurface({ spot: 100, rate: 0.05, smiles: [flat(1, 0.3)] });
    expect(rated.forward(2)).toBeCloseTo(100 * Math.exp(0.1), 10);
  });

  it('weights the interpolation by vol time, and a fading regime changes the result', () => {
    const asOfMs = Date.UTC(2024, 0, 1);
    const weekdayHeavy = new Array<number>(168).fill(0).map((_, h) => (h < 72 ? 2 : 0.5));
    const smiles = [flat(7 / 365, 0.5), flat(28 / 365, 0.4)];
    const calendar = new VolSurface({ spot: 100_000, smiles });
    const weighted = new VolSurface({ spot: 100_000, smiles, asOfMs, volTime: new WeightedVolTime({ hourWeights: weekdayHeavy }) });
    const target = 10 / 365;
    expect(weighted.vol(100_000, target)).toBeGreaterThan(0.4);
    expect(weighted.vol(100_000, target)).toBeLessThan(0.5);
    expect(Math.abs(weighted.vol(100_000, target) - calendar.vol(100_000, target))).toBeGreaterThan(1e-3);
    // Listed expiries are untouched by the clock.
    expect(weighted.vol(100_000, 28 / 365)).toBeCloseTo(0.4, 12);
    const uniform = new Array<number>(168).fill(1);
    const regime = (scale: number) =>
      new VolSurface({ spot: 100_000, smiles, asOfMs, volTime: new WeightedVolTime({ hourWeights: uniform, regime: { scale, startMs: asOfMs, halfLifeMs: 2 * MS_PER_DAY } }) });
    expect(regime(1).vol(100_000, target)).toBeCloseTo(calendar.vol(100_000, target), 12);
    expect(Math.abs(regime(3).vol(100_000, target) - regime(1).vol(100_000, target))).toBeGreaterThan(1e-3);
    const fomc = new VolSurface({
      spot: 100_000, smiles, asOfMs,
      volTime: new WeightedVolTime({ hourWeights: uniform, events: [{ startMs: asOfMs + 9 * MS_PER_DAY, endMs: asOfMs + 9 * MS_PER_DAY + MS_PER_HOUR, multiplier: 50 }] }),
    });
    expect(fomc.vol(100_000, target)).toBeGreaterThan(calendar.vol(100_000, target));
  });

  it('rejects duplicate expiries, no smiles and a vol clock without asOfMs', () => {
    expect(() => new VolSurface({ spot: 100, smiles: [flat(1, 0.3), flat(1, 0.4)] })).toThrow(/same expiry/);
    expect(() => new VolSurface({ spot: 100, smiles: [] })).toThrow(/at least one/);
    expect(() => new VolSurface({ spot: 100, smiles: [flat(1, 0.3)], volTime: new WeightedVolTime({ hourWeights: new Array<number>(168).fill(1) }) })).toThrow(/asOfMs/);
  });
});
