import { describe, it, expect } from 'vitest';
import { normCdf, normPdf, normPpf } from './normal.js';

// References computed with mpmath at 60 digits (for the exact double value of each argument).
const CDF_REFERENCE: readonly (readonly [number, number])[] = [
  [-37.5, 4.605353009581955e-308],
  [-30, 4.906713927148187e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.619853024160525e-24],
  [-8, 6.220960574271784e-16],
  [-6, 9.86587645037698e-10],
  [-5.5, 1.8989562465887718e-08],
  [-3, 0.0013498980316300946],
  [-1.5, 0.06680720126885807],
  [-1, 0.15865525393145705],
  [-0.5, 0.3085375387259869],
  [-0.1, 0.460172162722971],
  [0.1, 0.539827837277029],
  [0.5, 0.6914624612740131],
  [1, 0.8413447460685429],
  [2, 0.9772498680518208],
  [3, 0.9986501019683699],
  [5, 0.9999997133484281],
  [8, 0.9999999999999993],
];
const PDF_REFERENCE: readonly (readonly [number, number])[] = [
  [-37, 2.1200065515246056e-298],
  [-20, 5.520948362159764e-88],
  [-5, 1.4867195147342977e-06],
  [-1, 0.24197072451914334],
  [0, 0.3989422804014327],
  [0.5, 0.35206532676429947],
  [3, 0.0044318484119380075],
  [10, 7.694598626706419e-23],
];
const PPF_REFERENCE: readonly (readonly [number, number])[] = [
  [1e-300, -37.0470962993612],
  [1e-100, -21.273453560965326],
  [1e-20, -9.262340089798407],
  [1e-9, -5.9978070150076865],
  [0.001, -3.0902323061678136],
  [0.02, -2.053748910631823],
  [0.0749, -1.4402382675279637],
  [0.1, -1.2815515655446004],
  [0.25, -0.6744897501960817],
  [0.6, 0.2533471031357997],
  [0.9, 1.2815515655446006],
  [0.99, 2.3263478740408408],
  [0.999999, 4.753424308817088],
];

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('normCdf', () => {
  it('matches 60-digit references to 1e-14 relative, including the deep lower tail', () => {
    for (const [x, expected] of CDF_REFERENCE) {
      expect(relativeError(normCdf(x), expected), `x=${x}`).toBeLessThan(1e-14);
    }
  });

  it('keeps the textbook values of the seed tests', () => {
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(normCdf(-1)).toBeCloseTo(0.15865525393145705, 15);
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    for (let x = -8; x <= 8; x += 0.37) expect(normCdf(x) + normCdf(-x)).toBeCloseTo(1, 15);
  });

  it('underflows to subnormals and then zero without NaN far in the tails', () => {
    expect(normCdf(-38)).toBeGreaterThan(0);
    expect(normCdf(-38)).toBeLessThan(1e-315);
    expect(normCdf(-40)).toBe(0);
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(40)).toBe(1);
    expect(normCdf(NaN)).toBeNaN();
  });

  it('is monotone across the branch boundaries of the approximation', () => {
    for (const edge of [0.66291, Math.sqrt(32)]) {
      for (const sign of [-1, 1]) {
        const x = sign * edge;
        expect(normCdf(x - 1e-12)).toBeLessThanOrEqual(normCdf(x));
        expect(normCdf(x)).toBeLessThanOrEqual(normCdf(x + 1e-12));
      }
    }
  });
});

describe('normPdf', () => {
  it('matches 60-digit references to 1e-14 relative', () => {
    for (const [x, expected] of PDF_REFERENCE) {
      expect(relativeError(normPdf(x), expected), `x=${x}`).toBeLessThan(1e-14);
    }
  });

  it('is zero far out and NaN for NaN', () => {
    expect(normPdf(50)).toBe(0);
    expect(normPdf(-Infinity)).toBe(0);
    expect(normPdf(NaN)).toBeNaN();
  });
});

describe('normPpf', () => {
  it('matches 60-digit references to 1e-14 relative, down to p = 1e-300', () => {
    for (const [p, expected] of PPF_REFERENCE) {
      expect(relativeError(normPpf(p), expected), `p=${p}`).toBeLessThan(1e-14);
    }
    expect(normPpf(0.5)).toBe(0);
  });

  it('returns ∓∞ at 0 and 1 and NaN outside [0, 1]', () => {
    expect(normPpf(0)).toBe(-Infinity);
    expect(normPpf(1)).toBe(Infinity);
    expect(normPpf(-1e-9)).toBeNaN();
    expect(normPpf(1.000001)).toBeNaN();
    expect(normPpf(NaN)).toBeNaN();
  });

  it('inverts normCdf across the whole range', () => {
    for (let x = -37; x <= 8; x += 0.25) {
      const p = normCdf(x);
      // In the upper tail p carries only absolute precision, so compare in probability space there.
      if (x < 0) expect(relativeError(normPpf(p), x), `x=${x}`).toBeLessThan(1e-13);
      else expect(Math.abs(normCdf(normPpf(p)) - p)).toBeLessThan(2e-16);
    }
  });

  it('keeps the seed quantiles ppf(0.0001) and ppf(0.9)', () => {
    expect(normPpf(0.0001)).toBeCloseTo(-3.7190164854556804, 13);
    expect(normPpf(0.9)).toBeCloseTo(1.2815515655446004, 13);
  });
});
