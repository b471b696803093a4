import { describe, it, expect } from 'vitest';
import { normCdf } from './normal.js';
import { VolSurface } from './vol-surface.js';
import { sampleSkewedSurface } from './sample-surfaces.js';

const skewed = sampleSkewedSurface();
const EXPIRIES = [3 / 365, 7 / 365, 20 / 365, 30 / 365, 60 / 365, 90 / 365, 200 / 365];

describe('probabilityAbove', () => {
  it('equals minus the strike derivative of undiscounted call prices from the same surface (listed and unlisted expiries)', () => {
    for (const years of EXPIRIES) {
      for (const strike of [65_000, 88_000, 97_500, 100_000, 104_000, 118_000, 160_000]) {
        const h = strike * 1e-6;
        const fd = -(skewed.price('call', strike + h, years) - skewed.price('call', strike - h, years)) / (2 * h) / skewed.discount(years);
        expect(Math.abs(skewed.probabilityAbove(strike, years) - fd), `T=${years} K=${strike}`).toBeLessThan(1e-6);
      }
    }
  });

  it('differs from N(d2) by the skew term where the smile slopes', () => {
    const years = 30 / 365;
    const strike = 90_000;
    const nu = Math.sqrt(skewed.totalVariance(strike, years));
    const nd2 = normCdf(Math.log(skewed.forward(years) / strike) / nu - nu / 2);
    // Put skew (vol falling with strike) makes the digital worth more than N(d2).
    expect(skewed.probabilityAbove(strike, years)).toBeGreaterThan(nd2 + 0.01);
  });

  it('is N(−σ√T/2) at the forward on a flat smile, and sums with probabilityBelow to 1', () => {
    const flat = new VolSurface({ spot: 100_000, smiles: [{ years: 0.25, points: [{ strike: 100_000, vol: 0.5 }] }] });
    expect(flat.probabilityAbove(100_000, 0.25)).toBeCloseTo(normCdf(-0.25 / 2), 14);
    expect(flat.probabilityAbove(100_000, 0.25)).toBeCloseTo(0.4503, 4);
    expect(flat.probabilityAbove(50_000, 0.25)).toBeGreaterThan(0.95);
    expect(flat.probabilityAbove(200_000, 0.25)).toBeLessThan(0.05);
    for (const years of EXPIRIES) {
      for (const strike of [70_000, 100_000, 140_000]) {
        expect(skewed.probabilityAbove(strike, years) + skewed.probabilityBelow(strike, years)).toBeCloseTo(1, 14);
      }
    }
  });

  it('is monotone in strike and has no jumps at listed expiries', () => {
    for (const years of EXPIRIES) {
      let previous = 1;
      for (let strike = 40_000; strike <= 250_000; strike += 500) {
        const p = skewed.probabilityAbove(strike, years);
        expect(p).toBeLessThanOrEqual(previous + 1e-12);
        previous = p;
      }
    }
    for (const smile of skewed.smiles) {
      for (const strike of [80_000, 100_000, 120_000]) {
        expect(skewed.probabilityAbove(strike, smile.years - 1e-8)).toBeCloseTo(skewed.probabilityAbove(strike, smile.years + 1e-8), 6);
      }
    }
  });

  it('uses spot at expiry', () => {
    expect(skewed.probabilityAbove(90_000, 0)).toBe(1);
    expect(skewed.probabilityAbove(110_000, -1)).toBe(0);
  });
});

describe('PriceDistribution', () => {
  it('has a non-negative density matching the derivative of the CDF and integrating to 1', () => {
    for (const years of [7 / 365, 45 / 365]) {
      const d = skewed.distribution(years);
      for (const strike of [70_500, 93_000, 99_000, 101_500, 121_000]) {
        const h = strike * 1e-5;
        const fd = (d.cdf(strike + h) - d.cdf(strike - h)) / (2 * h);
        expect(d.density(strike)).toBeGreaterThanOrEqual(0);
        expect(d.density(strike)).toBeCloseTo(fd, 10);
      }
      let mass = 0;
      for (let x = Math.log(20_000); x < Math.log(500_000); x += 0.0005) mass += d.density(Math.exp(x)) * Math.exp(x) * 0.0005;
      expect(mass).toBeCloseTo(1, 3);
    }
  });

  it('inverts the CDF with a monotone quantile, deep tails included', () => {
    for (const years of [7 / 365, 60 / 365, 1]) {
      const d = skewed.distribution(years);
      let previous = 0;
      for (const p of [1e-9, 1e-4, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.9999, 1 - 1e-9]) {
        const q = d.ppf(p);
        expect(q).toBeGreaterThan(previous);
        previous = q;
        const back = p < 0.5 ? d.cdf(q) : 1 - d.probabilityAbove(q);
        expect(Math.abs(back - p) / Math.min(p, 1 - p), `T=${years} p=${p}`).toBeLessThan(1e-9);
      }
      expect(d.ppf(0)).toBe(0);
      expect(d.ppf(1)).toBe(Infinity);
      expect(d.ppf(1.5)).toBeNaN();
    }
    expect(skewed.ppf(0.5, 60 / 365)).toBeCloseTo(skewed.distribution(60 / 365).ppf(0.5), 8);
  });
});
