import { describe, expect, it } from 'vitest';
import { wolfeLineSearch, type LineFunction } from './wolfe-line-search.js';

describe('wolfeLineSearch', () => {
  const c1 = 1e-4;
  const c2 = 0.9;

  it('returns a step meeting both strong-Wolfe conditions on a quartic', () => {
    // φ(α) = (α − 3)^4 − 10α: φ′(0) = −118.
    const phi: LineFunction = (a, out) => {
      out[0] = (a - 3) ** 4 - 10 * a;
      out[1] = 4 * (a - 3) ** 3 - 10;
    };
    const r = wolfeLineSearch(phi, 81, -118, 0.01, { alphaMax: Infinity });
    const out = new Float64Array(2);
    phi(r.alpha, out);
    expect(r.status).toBe('wolfe');
    expect(out[0]).toBeLessThanOrEqual(81 + c1 * r.alpha * -118);
    expect(Math.abs(out[1]!)).toBeLessThanOrEqual(c2 * 118);
  });

  it('stops at the largest allowed step when the function keeps decreasing', () => {
    const r = wolfeLineSearch((a, out) => { out[0] = -a; out[1] = -1; }, 0, -1, 1, { alphaMax: 5 });
    expect(r.status).toBe('max-step');
    expect(r.alpha).toBe(5);
  });

  it('cuts back from an infinite value to a finite step', () => {
    // Barrier at α = 1: φ(α) = −log(1 − α) − 2α, minimum at α = 0.5.
    const phi: LineFunction = (a, out) => {
      out[0] = a >= 1 ? Infinity : -Math.log(1 - a) - 2 * a;
      out[1] = a >= 1 ? Infinity : 1 / (1 - a) - 2;
    };
    const r = wolfeLineSearch(phi, 0, -1, 4, { alphaMax: Infinity });
    expect(r.status).toBe('wolfe');
    expect(r.alpha).toBeGreaterThan(0);
    expect(r.alpha).toBeLessThan(1);
    expect(Number.isFinite(r.f)).toBe(true);
  });
});
