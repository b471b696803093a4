import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { pca } from './pca.js';

describe('pca', () => {
  it('matches the closed form of a 2×2 covariance [[a, b], [b, a]]: λ = a ± b, v = (1, ±1)/√2', () => {
    // Rows chosen so the sample covariance is exactly [[2, 1], [1, 2]] · k.
    const rows = [[1, 1], [-1, -1], [1, -1], [-1, 1], [1, 1], [-1, -1]];
    const r = pca(rows);
    const cov = (6 / 5); // entries: var = 6/5, cov = 2/5  → λ = 8/5, 4/5
    expect(r.eigenvalues[0]).toBeCloseTo(cov + 2 / 5, 12);
    expect(r.eigenvalues[1]).toBeCloseTo(cov - 2 / 5, 12);
    expect(r.eigenvectors[0]!.map((v) => Math.abs(v))).toEqual([expect.closeTo(Math.SQRT1_2, 12), expect.closeTo(Math.SQRT1_2, 12)]);
    expect(r.explained[0]).toBeCloseTo(2 / 3, 12);
  });

  it('finds a planted one-factor structure with a deterministic sign', () => {
    const rng = new SeededRandom(3);
    const b = [1, 0.8, 1.2, 0.5];
    const rows = Array.from({ length: 4000 }, () => { const f = rng.nextGaussian(); return b.map((bi) => bi * f + 0.1 * rng.nextGaussian()); });
    const r = pca(rows);
    const norm = Math.hypot(...b);
    r.eigenvectors[0]!.forEach((v, i) => expect(v).toBeCloseTo(b[i]! / norm, 2));
    expect(r.explained[0]).toBeGreaterThan(0.95);
    expect(() => pca([[1, 2], [3]])).toThrow(/row 1/);
  });
});
