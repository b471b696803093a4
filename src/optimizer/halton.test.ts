import { describe, expect, it } from 'vitest';
import { firstPrimes, HaltonSequence, radicalInverse } from './halton.js';

function correlation(points: Float64Array, dimension: number, a: number, b: number, count: number): number {
  let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let n = 0; n < count; n++) {
    const x = points[n * dimension + a]!;
    const y = points[n * dimension + b]!;
    sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y;
  }
  const cov = sab / count - (sa / count) * (sb / count);
  return cov / Math.sqrt((saa / count - (sa / count) ** 2) * (sbb / count - (sb / count) ** 2));
}

function maxAbsCorrelation(points: Float64Array, dimension: number, from: number, count: number): number {
  let worst = 0;
  for (let a = from; a < dimension; a++) {
    for (let b = a + 1; b < dimension; b++) worst = Math.max(worst, Math.abs(correlation(points, dimension, a, b, count)));
  }
  return worst;
}

describe('firstPrimes', () => {
  it('lists primes past the 21 the seed was limited to', () => {
    const p = firstPrimes(30);
    expect(Array.from(p.slice(0, 10))).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    expect(p[20]).toBe(73);
    expect(p[29]).toBe(113);
  });
});

describe('HaltonSequence', () => {
  it('gives the van der Corput values without scrambling', () => {
    const h = new HaltonSequence({ dimension: 2, scrambling: 'none' });
    const pts = h.fill(3);
    expect(Array.from(pts)).toEqual([0.5, 1 / 3, 0.25, 2 / 3, 0.75, 1 / 9]);
    expect(radicalInverse(6, 2)).toBe(0.375);
  });

  it('is reproducible for a seed and changes with the seed', () => {
    const a = new HaltonSequence({ dimension: 5, seed: 9 }).fill(10);
    const b = new HaltonSequence({ dimension: 5, seed: 9 }).fill(10);
    const c = new HaltonSequence({ dimension: 5, seed: 10 }).fill(10);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('keeps every scrambled coordinate in [0, 1) and stratifies the first 2^k points of base 2', () => {
    const pts = new HaltonSequence({ dimension: 3, seed: 1 }).fill(1024);
    const bins = new Array<number>(16).fill(0);
    for (let n = 0; n < 1024; n++) {
      for (let k = 0; k < 3; k++) expect(pts[n * 3 + k]! >= 0 && pts[n * 3 + k]! < 1).toBe(true);
      bins[Math.floor(pts[n * 3]! * 16)]! += 1;
    }
    expect(bins.every((c) => c === 64)).toBe(true);
  });

  it('fills 2-D quadrants evenly', () => {
    const pts = new HaltonSequence({ dimension: 2, seed: 3 }).fill(1000);
    const q = [0, 0, 0, 0];
    for (let n = 0; n < 1000; n++) q[(pts[2 * n]! < 0.5 ? 0 : 1) + (pts[2 * n + 1]! < 0.5 ? 0 : 2)]! += 1;
    for (const c of q) expect(Math.abs(c - 250)).toBeLessThan(10);
  });

  it('decorrelates high dimensions that the plain sequence lines up', () => {
    const dimension = 60;
    const count = 256;
    const plain = new HaltonSequence({ dimension, scrambling: 'none' }).fill(count);
    expect(maxAbsCorrelation(plain, dimension, 40, count)).toBeGreaterThan(0.9);
    for (const seed of [1, 2, 3]) {
      const scrambled = new HaltonSequence({ dimension, seed }).fill(count);
      expect(maxAbsCorrelation(scrambled, dimension, 40, count)).toBeLessThan(0.3);
    }
  });

  it('integrates a smooth 30-dimensional function better than its error bar', () => {
    // ∫ Π_k (1 + (u_k − 1/2)/k) du = 1 exactly.
    const dimension = 30;
    const count = 4096;
    const pts = new HaltonSequence({ dimension, seed: 11 }).fill(count);
    let sum = 0;
    for (let n = 0; n < count; n++) {
      let prod = 1;
      for (let k = 0; k < dimension; k++) prod *= 1 + (pts[n * dimension + k]! - 0.5) / (k + 1);
      sum += prod;
    }
    expect(Math.abs(sum / count - 1)).toBeLessThan(2e-3);
  });

  it('restarts on reset and honours skip', () => {
    const h = new HaltonSequence({ dimension: 2, seed: 4 });
    const first = h.fill(4);
    h.reset();
    expect(Array.from(h.fill(4))).toEqual(Array.from(first));
    const skipped = new HaltonSequence({ dimension: 2, seed: 4, skip: 2 }).fill(2);
    expect(Array.from(skipped)).toEqual(Array.from(first.slice(4)));
  });

  it('rejects a dimension that is not a positive integer', () => {
    expect(() => new HaltonSequence({ dimension: 0 })).toThrow(/positive integer/);
  });
});
