import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { adfTest, mackinnonCriticalValues, mackinnonPValue } from './adf.js';
import { engleGranger } from './engle-granger.js';
import { fitOU, simulateOU } from './fit-ou.js';
import { kalmanHedge, rollingOlsHedge } from './hedge-ratio.js';
import { bertramThresholds, erfi, ouExpectedCycleTime, seedHeuristicThresholds } from './ou-thresholds.js';
import { pairsBacktest } from './pairs-backtest.js';
import { syntheticPair } from './synthetic-pair.js';

function randomWalk(n: number, seed: number): Float64Array {
  const rng = new SeededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 1; i < n; i++) out[i] = out[i - 1]! + rng.nextGaussian();
  return out;
}

describe('fitOU', () => {
  it('recovers θ, μ, σ from an exact simulation (dt = 1/365 years)', () => {
    const rng = new SeededRandom(7);
    const dt = 1 / 365;
    const x = simulateOU({ theta: 12, mu: 0.3, sigma: 0.5, x0: 0.3, dt, steps: 40_000 }, () => rng.nextGaussian());
    const f = fitOU(x, dt);
    expect(f.theta).toBeGreaterThan(10.5);
    expect(f.theta).toBeLessThan(13.5);
    expect(f.mu).toBeCloseTo(0.3, 1);
    expect(f.sigma).toBeCloseTo(0.5, 1);
    expect(f.halfLife).toBeCloseTo(Math.LN2 / f.theta, 14);
  });

  it('matches the AR(1) closed form on a deterministic sequence', () => {
    // x_{t+1} = 1 + 0.5 x_t + e_t with e = ±0.1 alternating (not orthogonal to x, so compare to direct OLS).
    const x = [0];
    for (let i = 0; i < 30; i++) x.push(1 + 0.5 * x[i]! + (i % 2 === 0 ? 0.1 : -0.1));
    const a = x.slice(0, -1), b = x.slice(1);
    const ma = a.reduce((s, v) => s + v) / a.length, mb = b.reduce((s, v) => s + v) / b.length;
    const phi = a.reduce((s, v, i) => s + (v - ma) * (b[i]! - mb), 0) / a.reduce((s, v) => s + (v - ma) ** 2, 0);
    const f = fitOU(x, 2);
    expect(f.phi).toBeCloseTo(phi, 12);
    expect(f.theta).toBeCloseTo(-Math.log(phi) / 2, 12);
    expect(f.mu).toBeCloseTo((mb - phi * ma) / (1 - phi), 12);
  });

  it('rejects a trending series (φ ≥ 1) with a clear error', () => {
    expect(() => fitOU(Array.from({ length: 50 }, (_, i) => i * i), 1)).toThrow(/not mean-reverting/);
    expect(() => fitOU([1, 2, 3], 0)).toThrow(/dt/);
  });
});

describe('ADF and Engle–Granger', () => {
  it('critical values follow MacKinnon (2010) and the 1994 p-values agree at them', () => {
    const cv = mackinnonCriticalValues(1e12);
    expect(cv['5%']).toBeCloseTo(-2.86154, 5);
    expect(mackinnonCriticalValues(100)['1%']).toBeCloseTo(-3.43035 - 6.5393 / 100 - 16.786 / 1e4 - 79.433 / 1e6, 10);
    // MacKinnon's asymptotic 5%/1% quantiles map to p ≈ 0.05 / 0.01 under his 1994 surfaces.
    expect(mackinnonPValue(-2.86154)).toBeCloseTo(0.05, 2);
    expect(mackinnonPValue(-3.43035)).toBeCloseTo(0.01, 2);
    expect(mackinnonPValue(-3.33613, 2)).toBeCloseTo(0.05, 2);
  });

  it('does not reject a unit root on a random walk and rejects it on an OU path', () => {
    const rw = adfTest(randomWalk(1000, 3));
    expect(rw.pValue).toBeGreaterThan(0.05);
    const rng = new SeededRandom(4);
    const ou = adfTest(simulateOU({ theta: 0.1, mu: 0, sigma: 1, x0: 0, dt: 1, steps: 999 }, () => rng.nextGaussian()));
    expect(ou.pValue).toBeLessThan(0.01);
    expect(ou.statistic).toBeLessThan(ou.criticalValues['1%']);
  });

  it('engleGranger finds the hedge ratio of a cointegrated pair and not of independent walks', () => {
    const p = syntheticPair({ bars: 2000, seed: 11 });
    const eg = engleGranger(p.y.map(Math.log), p.x.map(Math.log));
    expect(eg.beta).toBeCloseTo(1.2, 1);
    expect(eg.cointegrated).toBe(true);
    const indep = engleGranger(randomWalk(2000, 5), randomWalk(2000, 6));
    expect(indep.cointegrated).toBe(false);
    expect(() => engleGranger([1, 2], [1])).toThrow(/points/);
  });
});

describe('hedge ratios', () => {
  it('rolling OLS and Kalman both track β = 1.2 using past data only', () => {
    const p = syntheticPair({ bars: 3000, seed: 2 });
    const ly = p.y.map(Math.log), lx = p.x.map(Math.log);
    const ols = rollingOlsHedge(ly, lx, 500);
    expect(Number.isNaN(ols.beta[499]!)).toBe(true);
    expect(ols.beta[2999]).toBeCloseTo(1.2, 0);
    const k = kalmanHedge(ly, lx, { delta: 1e-5, observationVar: 4e-4 });
    expect(Math.abs(k.beta[2999]! - 1.2)).toBeLessThan(0.15);
    // Causality: changing the last observation does not change the prediction used at the last bar.
    const ly2 = Float64Array.from(ly); ly2[2999] = ly2[2999]! + 1;
    expect(kalmanHedge(ly2, lx, { delta: 1e-5, observationVar: 4e-4 }).beta[2999]).toBe(k.beta[2999]);
  });
});

describe('OU-optimal thresholds (Bertram 2010)', () => {
  it('erfi matches known values', () => {
    expect(erfi(0.5)).toBeCloseTo(0.614952094696511, 13);
    expect(erfi(1)).toBeCloseTo(1.650425758797543, 12);
  });

  it('the cycle time equals the two first-passage times computed by quadrature', () => {
    // T(a→m) = (√π/θ)∫ e^{z²}(1 + erf z) dz, T(m→a) = (√π/θ)∫ e^{z²}(1 − erf z) dz over z in [a, m]·√θ/σ.
    const theta = 3, sigma = 0.4, a = -0.1, m = 0.25, s = Math.sqrt(theta) / sigma;
    let integral = 0;
    const steps = 20_000, lo = a * s, hi = m * s, h = (hi - lo) / steps;
    for (let i = 0; i <= steps; i++) { const z = lo + i * h; integral += (i === 0 || i === steps ? 1 : i % 2 ? 4 : 2) * Math.exp(z * z) * 2; }
    integral *= h / 3;
    expect(ouExpectedCycleTime(a, m, theta, sigma)).toBeCloseTo((Math.sqrt(Math.PI) / theta) * integral, 8);
  });

  it('the cycle time matches a seeded Monte Carlo of the OU (θ = σ = 1, levels ±0.5)', () => {
    // Exact OU steps of dt = 2.5e-4; discrete monitoring overshoots the levels by ≈0.58σ√dt, which
    // lengthens cycles by ~1.5% here, inside the 8% band (standard error ≈ 4% with 600 cycles).
    const rng = new SeededRandom(12);
    const dt = 2.5e-4, a = Math.exp(-dt), sd = Math.sqrt((1 - a * a) / 2);
    let x = -0.5, t = 0, total = 0, cycles = 0, up = true;
    while (cycles < 600) {
      x = x * a + sd * rng.nextGaussian();
      t += dt;
      if (up && x >= 0.5) up = false;
      else if (!up && x <= -0.5) { up = true; total += t; t = 0; cycles++; }
    }
    const expected = ouExpectedCycleTime(-0.5, 0.5, 1, 1);
    expect(expected).toBeCloseTo(Math.PI * 2 * erfi(0.5), 12);
    expect(Math.abs(total / cycles / expected - 1)).toBeLessThan(0.08);
  });

  it('the optimum is a stationary point of the return rate and widens with cost', () => {
    const p = { theta: 5, sigma: 0.3 };
    const lo = bertramThresholds({ ...p, cost: 0.002 });
    const hi = bertramThresholds({ ...p, cost: 0.02 });
    const rate = (m: number, c: number): number => (2 * m - c) / ouExpectedCycleTime(-m, m, p.theta, p.sigma);
    expect(rate(lo.exit, 0.002)).toBeGreaterThan(rate(lo.exit * 1.01, 0.002));
    expect(rate(lo.exit, 0.002)).toBeGreaterThan(rate(lo.exit * 0.99, 0.002));
    expect(hi.exit).toBeGreaterThan(lo.exit);
    expect(() => bertramThresholds({ ...p, cost: 1 })).toThrow(/stationary sds/);
    expect(lo.entry).toBe(-lo.exit);
    expect(seedHeuristicThresholds(0.1, 0.001)).toMatchObject({ entryZ: expect.closeTo(1.573, 3), exitZ: expect.closeTo(0.307, 3) });
  });
});

describe('pairsBacktest', () => {
  it('earns on a cointegrated pair with both hedges, and costs reduce the result', () => {
    const p = syntheticPair({ bars: 1500, seed: 9 });
    const base = { y: p.y, x: p.x, window: 250, entryZ: 2, exitZ: 0.5, periodsPerYear: 365 };
    const ols = pairsBacktest({ ...base, hedge: 'ols' });
    const kal = pairsBacktest({ ...base, hedge: 'kalman' });
    expect(ols.stats.totalReturn).toBeGreaterThan(0);
    expect(kal.stats.totalReturn).toBeGreaterThan(0);
    expect(ols.trades).toBeGreaterThan(5);
    const costly = pairsBacktest({ ...base, hedge: 'ols', feeRate: 0.001, slippageBps: 5 });
    expect(costly.stats.totalReturn).toBeLessThan(ols.stats.totalReturn);
    expect(costly.feesPaid).toBeGreaterThan(0);
    expect(() => pairsBacktest({ ...base, hedge: 'ols', entryZ: 0.5, exitZ: 1 })).toThrow(/entryZ/);
  });

  it('has no look-ahead: changing the last 300 bars leaves every earlier position unchanged', () => {
    const p = syntheticPair({ bars: 1200, seed: 10 });
    const y2 = Float64Array.from(p.y, (v, i) => (i >= 900 ? v * (1 + 0.05 * Math.sin(i)) : v));
    for (const hedge of ['ols', 'kalman'] as const) {
      const base = { x: p.x, window: 200, entryZ: 1.5, exitZ: 0.3, periodsPerYear: 365, hedge };
      const a = pairsBacktest({ ...base, y: p.y });
      const b = pairsBacktest({ ...base, y: y2 });
      expect(Array.from(b.positions.subarray(0, 900 * 2))).toEqual(Array.from(a.positions.subarray(0, 900 * 2)));
      expect(Array.from(b.positions.subarray(900 * 2))).not.toEqual(Array.from(a.positions.subarray(900 * 2)));
    }
  });
});
