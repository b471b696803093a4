import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { cholesky, solve } from './linear-algebra.js';
import { crossCorrelation, fitVecm, informationShares, priceDiscovery, sharesFrom, simulateTwoVenues } from './price-discovery.js';

/** Baillie, Booth, Tse, Zabotina (2002) eq. (10)–(11): two-venue IS from γ = CS and the Cholesky of Ω. */
function bbtz(cs: number[], omega: number[][]): [number, number] {
  const m11 = Math.sqrt(omega[0]![0]!);
  const m12 = omega[0]![1]! / m11;
  const m22 = Math.sqrt(omega[1]![1]! - m12 * m12);
  const a = (cs[0]! * m11 + cs[1]! * m12) ** 2;
  const b = (cs[1]! * m22) ** 2;
  return [a / (a + b), b / (a + b)];
}

describe('linear algebra', () => {
  it('solves and factorises', () => {
    const x = solve([[4, 1], [2, 3]], [[1], [2]]);
    expect(x[0]![0]).toBeCloseTo(0.1, 12);
    expect(x[1]![0]).toBeCloseTo(0.6, 12);
    const L = cholesky([[4, 2], [2, 3]]);
    expect(L[1]![1]).toBeCloseTo(Math.sqrt(2), 12);
    expect(() => solve([[1, 2], [2, 4]], [[1], [1]])).toThrow(/singular/);
  });
});

describe('price discovery', () => {
  it('information shares match the BBTZ two-venue closed form for both orderings', () => {
    const omega = [[1.0e-6, 0.4e-6], [0.4e-6, 2.0e-6]];
    const vecm = { alpha: [[-0.1], [0.3]], gamma: [], intercept: [0, 0], omega, observations: 0 };
    const pd = sharesFrom(vecm);
    expect(pd.componentShares[0]).toBeCloseTo(0.75, 12); // a2/(a1 + a2)
    const [is1] = bbtz(pd.componentShares, omega);
    const [is2rev] = bbtz([pd.componentShares[1]!, pd.componentShares[0]!], [[omega[1]![1]!, omega[0]![1]!], [omega[0]![1]!, omega[0]![0]!]]);
    expect(pd.informationShareUpper[0]).toBeCloseTo(Math.max(is1, 1 - is2rev), 12);
    expect(pd.informationShareLower[0]).toBeCloseTo(Math.min(is1, 1 - is2rev), 12);
    expect(pd.informationShareLower[0]! + pd.informationShareUpper[1]!).toBeCloseTo(1, 12);
  });

  it('with uncorrelated innovations the bounds coincide at γ²σ² / Σγ²σ²', () => {
    const omega = [[1, 0], [0, 4]];
    const pd = sharesFrom({ alpha: [[-0.2], [0.2]], gamma: [], intercept: [0, 0], omega, observations: 0 });
    expect(pd.informationShareLower[0]).toBeCloseTo(0.25 / (0.25 + 1), 12);
    expect(pd.informationShareUpper[0]).toBeCloseTo(pd.informationShareLower[0]!, 12);
    expect(informationShares([1, 1], omega, [1, 0])[1]).toBeCloseTo(0.8, 12);
  });

  it('recovers α, component shares and a leader with IS ≈ 1 from simulated venues', () => {
    const [y1, y2] = simulateTwoVenues({ n: 20000, a1: 0, a2: 0.3, s1: 2e-4, s2: 1e-4, rho: 0.2, seed: 4 });
    const pd = priceDiscovery([y1, y2], 1);
    expect(pd.vecm.alpha[1]![0]).toBeCloseTo(0.3, 1);
    expect(pd.componentShares[0]).toBeGreaterThan(0.95);
    expect(pd.informationShareLower[0]).toBeGreaterThan(0.9);
    expect(pd.informationShareUpper[0]).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('shared adjustment gives CS_1 ≈ a2/(a1 + a2)', () => {
    const [y1, y2] = simulateTwoVenues({ n: 20000, a1: 0.2, a2: 0.1, s1: 1e-4, s2: 1e-4, rho: 0.5, seed: 9 });
    const v = fitVecm([y1, y2], 0);
    expect(v.alpha[0]![0]).toBeCloseTo(-0.2, 1);
    const pd = priceDiscovery([y1, y2], 0);
    expect(pd.componentShares[0]).toBeGreaterThan(0.25);
    expect(pd.componentShares[0]).toBeLessThan(0.42);
  });

  it('three venues: shares sum to one', () => {
    const rng = new SeededRandom(3);
    const n = 5000;
    const m = new Float64Array(n);
    for (let t = 1; t < n; t++) m[t] = m[t - 1]! + 1e-4 * rng.nextGaussian();
    const v = [0, 1, 2].map((k) => {
      const y = new Float64Array(n);
      for (let t = 1; t < n; t++) y[t] = y[t - 1]! + (0.2 + 0.3 * k) * (m[t - 1]! - y[t - 1]!) + 2e-5 * rng.nextGaussian();
      return y;
    });
    const pd = priceDiscovery(v, 1);
    expect(pd.componentShares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let i = 0; i < 3; i++) expect(pd.informationShareLower[i]).toBeLessThanOrEqual(pd.informationShareUpper[i]! + 1e-12);
  });

  it('cross-correlation of returns peaks at the lag of the leader', () => {
    const rng = new SeededRandom(0);
    const x = Array.from({ length: 4000 }, () => rng.nextGaussian());
    const y = x.map((_, t) => (t >= 5 ? x[t - 5]! : 0) + 0.2 * rng.nextGaussian());
    const cc = crossCorrelation(x, y, 10);
    const peak = cc.lags[cc.corr.indexOf(Math.max(...cc.corr))];
    expect(peak).toBe(-5);
  });

  it('rejects bad input', () => {
    expect(() => priceDiscovery([[1, 2, 3]])).toThrow(/at least 2 venues/);
    expect(() => fitVecm([[1, 2, 3], [1, 2]])).toThrow(/venue 1 has 2/);
  });
});
