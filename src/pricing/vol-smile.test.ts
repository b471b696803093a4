import { describe, it, expect } from 'vitest';
import { VolSmile } from './vol-smile.js';

const seedSmile = new VolSmile({
  years: 0.25,
  forward: 100_000,
  points: [{ strike: 110_000, vol: 0.48 }, { strike: 90_000, vol: 0.5 }, { strike: 100_000, vol: 0.45 }],
});

describe('VolSmile', () => {
  it('returns the quoted vols exactly at the quoted strikes, in any input order', () => {
    expect(seedSmile.vol(90_000)).toBeCloseTo(0.5, 15);
    expect(seedSmile.vol(100_000)).toBeCloseTo(0.45, 15);
    expect(seedSmile.vol(110_000)).toBeCloseTo(0.48, 15);
    expect(seedSmile.atmVol()).toBeCloseTo(0.45, 15);
  });

  it('interpolates between quotes without overshooting them (shape-preserving in total variance)', () => {
    const v = seedSmile.vol(105_000);
    expect(v).toBeGreaterThan(0.45);
    expect(v).toBeLessThan(0.48);
    for (let strike = 90_000; strike <= 110_000; strike += 250) {
      const vol = seedSmile.vol(strike);
      expect(vol).toBeGreaterThanOrEqual(0.45 - 1e-12);
      expect(vol).toBeLessThanOrEqual(0.5 + 1e-12);
    }
  });

  it('is C¹: total variance and its slope are continuous at the knots', () => {
    const out = new Float64Array(3);
    for (const strike of [90_000, 100_000, 110_000]) {
      const k = Math.log(strike / 100_000);
      seedSmile.evaluate(k - 1e-9, out);
      const [wl, sl] = [out[0]!, out[1]!];
      seedSmile.evaluate(k + 1e-9, out);
      expect(out[0]!).toBeCloseTo(wl, 9);
      expect(out[1]!).toBeCloseTo(sl, 6);
    }
  });

  it('has slope and curvature consistent with finite differences inside an interval', () => {
    const out = new Float64Array(3);
    const k = Math.log(96_000 / 100_000);
    const h = 1e-5;
    seedSmile.evaluate(k, out);
    const [, slope, curvature] = [out[0]!, out[1]!, out[2]!];
    expect(slope).toBeCloseTo((seedSmile.totalVariance(k + h) - seedSmile.totalVariance(k - h)) / (2 * h), 8);
    expect(curvature).toBeCloseTo((seedSmile.totalVariance(k + h) - 2 * seedSmile.totalVariance(k) + seedSmile.totalVariance(k - h)) / (h * h), 4);
  });

  it('extrapolates linearly in total variance with Lee-bounded wing slopes, flat where the wing would fall', () => {
    // Left wing rises towards low strikes (kept); right wing falls from 100k to 110k (clamped to flat).
    const smile = new VolSmile({ years: 1, forward: 100, points: [{ strike: 80, vol: 0.6 }, { strike: 100, vol: 0.5 }, { strike: 110, vol: 0.45 }] });
    const k80 = Math.log(0.8);
    const slopeLeft = (0.25 - 0.36) / (Math.log(1) - k80);
    expect(smile.totalVariance(k80 - 0.5)).toBeCloseTo(0.36 - slopeLeft * 0.5, 12);
    expect(smile.vol(200)).toBeCloseTo(0.45, 12);
    // A steep wing is capped at slope 2 (Lee's moment bound).
    const steep = new VolSmile({ years: 1, forward: 100, points: [{ strike: 100, vol: 0.5 }, { strike: 101, vol: 1.5 }] });
    const k101 = Math.log(1.01);
    expect(steep.totalVariance(k101 + 1) - steep.totalVariance(k101)).toBeCloseTo(2, 12);
  });

  it('is flat with a single quote', () => {
    const flat = new VolSmile({ years: 0.5, forward: 100, points: [{ strike: 100, vol: 0.3 }] });
    expect(flat.vol(50)).toBeCloseTo(0.3, 15);
    expect(flat.vol(300)).toBeCloseTo(0.3, 15);
  });

  it('rejects duplicate strikes, empty smiles and non-positive inputs', () => {
    expect(() => new VolSmile({ years: 1, forward: 100, points: [{ strike: 100, vol: 0.3 }, { strike: 100, vol: 0.4 }] })).toThrow(/duplicate/);
    expect(() => new VolSmile({ years: 1, forward: 100, points: [] })).toThrow(/at least one/);
    expect(() => new VolSmile({ years: 0, forward: 100, points: [{ strike: 100, vol: 0.3 }] })).toThrow(/years/);
    expect(() => new VolSmile({ years: 1, forward: 100, points: [{ strike: 100, vol: -0.3 }] })).toThrow(/vol/);
  });
});
