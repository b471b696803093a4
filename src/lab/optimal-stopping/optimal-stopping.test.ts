import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { bsPrice } from '../../pricing/index.js';
import { SignatureAccumulator, signature, signatureLength } from './signature.js';
import { applySignatureStopping, fitSignatureStopping, type PathSet } from './signature-stopping.js';
import { compareSpreadExitRules } from './spread-exit.js';

describe('truncated signature', () => {
  it('of a straight line is the tensor exponential Δ^{⊗k}/k!', () => {
    const s = signature([[0, 0], [0.3, -0.4], [0.6, -0.8]], 3);
    expect(s.length).toBe(signatureLength(2, 3));
    const d = [0.6, -0.8];
    expect(s[0]).toBeCloseTo(0.6, 14);
    expect(s[2 + 1]).toBeCloseTo((d[0]! * d[1]!) / 2, 14); // level 2, index (0,1)
    expect(s[6 + 7]).toBeCloseTo((d[1]! ** 3) / 6, 14); // level 3, index (1,1,1)
  });
  it('level 2 antisymmetric part is the Lévy area (unit square traversed counter-clockwise: area 1)', () => {
    const s = signature([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], 2);
    expect(s[0]).toBeCloseTo(0, 14);
    expect((s[2 + 1]! - s[2 + 2]!) / 2).toBeCloseTo(1, 14);
  });
  it('satisfies Chen’s identity and shuffle product S¹_i S¹_j = S²_ij + S²_ji', () => {
    const rng = new SeededRandom(1);
    const pts = Array.from({ length: 7 }, () => [rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()]);
    const whole = signature(pts, 3);
    const acc = new SignatureAccumulator(3, 3);
    for (const p of pts.slice(0, 4)) acc.push(p);
    for (let i = 4; i < 7; i++) acc.appendIncrement(pts[i]!.map((v, j) => v - pts[i - 1]![j]!));
    for (let i = 0; i < whole.length; i++) expect(acc.values[i]).toBeCloseTo(whole[i]!, 12);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(whole[i]! * whole[j]!).toBeCloseTo(whole[3 + i * 3 + j]! + whole[3 + j * 3 + i]!, 12);
  });
  it('rejects bad dimensions', () => {
    expect(() => new SignatureAccumulator(2, 0)).toThrow(/depth/);
    expect(() => signature([[0, 0], [1]], 2)).toThrow(/coordinates/);
  });
});

/** GBM paths of S/S0 sampled at 50 steps per year. */
function gbm(count: number, seed: number, steps: number, r: number, sigma: number, T: number): PathSet {
  const rng = new SeededRandom(seed);
  const dt = T / steps;
  const paths: Float64Array[] = [];
  for (let p = 0; p < count; p++) {
    const x = new Float64Array(steps + 1);
    x[0] = 1;
    for (let t = 1; t <= steps; t++) x[t] = x[t - 1]! * Math.exp((r - 0.5 * sigma * sigma) * dt + sigma * Math.sqrt(dt) * rng.nextGaussian());
    paths.push(x);
  }
  return { dim: 1, steps, paths };
}

describe('signature Longstaff–Schwartz', () => {
  it('prices the Longstaff–Schwartz (2001, Table 1) American put S=36, K=40, σ=0.2, T=1, r=6 %: 4.478', () => {
    const [S0, K, r, sigma, T, steps] = [36, 40, 0.06, 0.2, 1, 50];
    const reward = (set: PathSet) => (p: number, t: number): number => Math.exp((-r * t * T) / steps) * Math.max(0, K - S0 * set.paths[p]![t]!);
    const train = gbm(8000, 1, steps, r, sigma, T);
    const test = gbm(8000, 2, steps, r, sigma, T);
    const rule = fitSignatureStopping(train, reward(train), { depth: 3 });
    const out = applySignatureStopping(rule, test, reward(test));
    const european = bsPrice({ type: 'put', spot: S0, strike: K, years: T, vol: sigma, rate: r }); // 3.844
    expect(out.meanReward).toBeGreaterThan(european + 0.4);
    expect(Math.abs(out.meanReward - 4.478)).toBeLessThan(0.08 + 3 * out.stdError);
  });

  it('exits a mean-reverting spread better than holding to the horizon, and no worse than the best threshold', () => {
    const res = compareSpreadExitRules({ kappa: 3, theta: 0, sigma: 1, dt: 1 / 50, x0: -0.6 }, { train: 3000, test: 3000, steps: 50, cost: 0.02, depth: 3, seed: 5 });
    expect(res.signature.meanReward).toBeGreaterThan(res.holdToEnd.meanReward + 0.1);
    expect(res.signature.meanReward).toBeGreaterThan(res.threshold.meanReward - 3 * res.threshold.stdError);
  });
});
