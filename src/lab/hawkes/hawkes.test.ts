import { describe, expect, it } from 'vitest';
import { fitHawkes, hawkesIntensity, hawkesLogLikelihood, hawkesLogLikelihoodGrad, simulateHawkes } from './hawkes.js';
import { hawkesGoodnessOfFit, kolmogorovQ, rescaledTimes } from './goodness-of-fit.js';
import { fitMultivariateHawkes, multivariateHawkesLogLikelihood, simulateMultivariateHawkes } from './multivariate-hawkes.js';

/** O(n²) definition: Σ ln λ(t_i) − ∫_0^T λ. */
function bruteForce(times: number[], mu: number, alpha: number, beta: number, T: number): number {
  let ll = 0;
  for (let i = 0; i < times.length; i++) {
    let lam = mu;
    for (let j = 0; j < i; j++) lam += alpha * Math.exp(-beta * (times[i]! - times[j]!));
    ll += Math.log(lam);
  }
  let integral = mu * T;
  for (const t of times) integral += (alpha / beta) * (1 - Math.exp(-beta * (T - t)));
  return ll - integral;
}

describe('hawkesLogLikelihood', () => {
  const times = [0.3, 0.5, 0.55, 1.7, 2.2, 2.21, 3.9];
  it('matches the O(n²) definition', () => {
    expect(hawkesLogLikelihood(times, { mu: 0.7, alpha: 1.1, beta: 2.5 }, 5)).toBeCloseTo(bruteForce(times, 0.7, 1.1, 2.5, 5), 12);
  });
  it('reduces to the Poisson log-likelihood n ln μ − μT when α = 0', () => {
    expect(hawkesLogLikelihood(times, { mu: 1.3, alpha: 0, beta: 1 }, 5)).toBeCloseTo(7 * Math.log(1.3) - 1.3 * 5, 12);
  });
  it('has an exact gradient (central differences)', () => {
    const g = new Float64Array(3);
    const p = [0.7, 1.1, 2.5];
    hawkesLogLikelihoodGrad(times, p[0]!, p[1]!, p[2]!, 5, g);
    for (let k = 0; k < 3; k++) {
      const up = [...p];
      const dn = [...p];
      up[k]! += 1e-6;
      dn[k]! -= 1e-6;
      const fd = (hawkesLogLikelihoodGrad(times, up[0]!, up[1]!, up[2]!, 5) - hawkesLogLikelihoodGrad(times, dn[0]!, dn[1]!, dn[2]!, 5)) / 2e-6;
      expect(g[k]!).toBeCloseTo(fd, 5);
    }
  });
  it('rejects unsorted times and bad parameters', () => {
    expect(() => hawkesLogLikelihood([1, 0.5], { mu: 1, alpha: 0, beta: 1 }, 2)).toThrow(/sorted/);
    expect(() => hawkesLogLikelihood([1], { mu: 0, alpha: 0, beta: 1 }, 2)).toThrow(/mu/);
    expect(() => hawkesLogLikelihood([3], { mu: 1, alpha: 0, beta: 1 }, 2)).toThrow(/within/);
  });
});

describe('simulateHawkes and fitHawkes', () => {
  const truth = { mu: 0.8, alpha: 0.6, beta: 2.0 }; // the seed notebook's parameters
  const T = 5000;
  const times = simulateHawkes(truth, T, 7);
  it('simulates the stationary mean rate μ/(1 − α/β)', () => {
    const expected = (truth.mu / (1 - truth.alpha / truth.beta)) * T; // ≈ 5714
    // sd of N(T) ≈ sqrt(μT)/(1−n)^{3/2} ≈ 108
    expect(Math.abs(times.length - expected)).toBeLessThan(4 * 108);
  });
  it('recovers the parameters by MLE', () => {
    const fit = fitHawkes(times, T);
    expect(fit.converged).toBe(true);
    expect(fit.mu).toBeGreaterThan(0.65);
    expect(fit.mu).toBeLessThan(0.95);
    expect(fit.branchingRatio).toBeGreaterThan(0.22);
    expect(fit.branchingRatio).toBeLessThan(0.38);
    expect(fit.beta).toBeGreaterThan(1.2);
    expect(fit.beta).toBeLessThan(3.2);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(hawkesLogLikelihood(times, truth, T));
  });
  it('passes time rescaling under the true model and fails under Poisson', () => {
    expect(hawkesGoodnessOfFit(times, truth, T).pValue).toBeGreaterThan(0.01);
    const poisson = { mu: times.length / T, alpha: 0, beta: 1 };
    expect(hawkesGoodnessOfFit(times, poisson, T).pValue).toBeLessThan(1e-4);
  });
  it('rescaled times sum to the compensator Λ(t_n)', () => {
    const tau = rescaledTimes(times.subarray(0, 50), truth, T);
    const tn = times[49]!;
    let lambda = truth.mu * tn;
    for (let j = 0; j < 49; j++) lambda += (truth.alpha / truth.beta) * (1 - Math.exp(-truth.beta * (tn - times[j]!)));
    expect(tau.reduce((a, b) => a + b, 0)).toBeCloseTo(lambda, 9);
  });
  it('intensity jumps by α at an event', () => {
    const lam = hawkesIntensity([1], truth, [1, 1 + 1e-12]);
    expect(lam[0]).toBeCloseTo(truth.mu, 12);
    expect(lam[1]).toBeCloseTo(truth.mu + truth.alpha, 9);
  });
  it('Kolmogorov tail at known points', () => {
    expect(kolmogorovQ(1.358)).toBeCloseTo(0.05, 3); // the 5 % critical value
    expect(kolmogorovQ(1.628)).toBeCloseTo(0.01, 3);
  });
});

describe('multivariate Hawkes', () => {
  it('equals the univariate likelihood with one type', () => {
    const times = simulateHawkes({ mu: 1, alpha: 0.5, beta: 1.5 }, 200, 3);
    const ev = { times, marks: new Int32Array(times.length) };
    expect(multivariateHawkesLogLikelihood(ev, { mu: [1], alpha: [[0.5]], beta: [[1.5]] }, 200)).toBeCloseTo(
      hawkesLogLikelihood(times, { mu: 1, alpha: 0.5, beta: 1.5 }, 200), 9);
  });
  it('recovers a buy/sell cross-excitation structure', () => {
    const truth = { mu: [0.5, 0.3], alpha: [[0.8, 0.0], [1.2, 0.4]], beta: [[2, 2], [2, 2]] };
    const T = 6000;
    const ev = simulateMultivariateHawkes(truth, T, 11);
    const fit = fitMultivariateHawkes(ev, 2, T);
    expect(fit.converged).toBe(true);
    expect(fit.alpha[1]![0]! / fit.beta[1]![0]!).toBeGreaterThan(0.45);
    expect(fit.alpha[1]![0]! / fit.beta[1]![0]!).toBeLessThan(0.75);
    expect(fit.alpha[0]![1]! / fit.beta[0]![1]!).toBeLessThan(0.08);
    expect(fit.mu[0]).toBeGreaterThan(0.4);
    expect(fit.mu[0]).toBeLessThan(0.6);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(multivariateHawkesLogLikelihood(ev, truth, T));
  });
});
