/**
 * Goodness of fit by time rescaling (Brown et al. 2002, Neural Computation 14(2); Ogata 1988 JASA 83):
 * under the true model the compensator increments τ_i = Λ(t_i) − Λ(t_{i−1}) are i.i.d. Exp(1).
 * For the exponential kernel Λ(t_i) − Λ(t_{i−1}) = μΔ + (α/β)(1 + A_{i−1})(1 − e^{−βΔ}), O(n).
 * The increments are tested against Exp(1) with the one-sample Kolmogorov–Smirnov statistic and its
 * asymptotic p-value (Stephens' small-sample correction, Numerical Recipes §14.3).
 */
import { ArbiterError } from '../../domain/errors.js';
import { checkParams, checkTimes, type HawkesParams } from './hawkes.js';

/** Compensator increments τ_i (the first from time 0). */
export function rescaledTimes(times: ArrayLike<number>, params: HawkesParams, horizon: number): Float64Array {
  checkParams(params);
  checkTimes(times, horizon);
  const { mu, alpha, beta } = params;
  const out = new Float64Array(times.length);
  let a = 0; // A at the previous event (sum over events before it)
  let prev = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    const d = t - prev;
    if (i === 0) out[i] = mu * d;
    else {
      const e = Math.exp(-beta * d);
      out[i] = mu * d + (alpha / beta) * (1 + a) * (1 - e);
      a = e * (1 + a);
    }
    prev = t;
  }
  return out;
}

/** Kolmogorov distribution tail Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}. */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly n: number;
}

/** One-sample KS test of `sample` against the CDF `cdf`. */
export function ksTest(sample: ArrayLike<number>, cdf: (x: number) => number): KsResult {
  const n = sample.length;
  if (n < 1) throw new ArbiterError('ARB_INPUT_INVALID', 'KS test needs at least one observation', { n });
  const xs = Float64Array.from(sample).sort();
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  const sn = Math.sqrt(n);
  return { statistic: d, pValue: kolmogorovQ((sn + 0.12 + 0.11 / sn) * d), n };
}

/** KS test of the rescaled inter-event times against Exp(1). */
export function hawkesGoodnessOfFit(times: ArrayLike<number>, params: HawkesParams, horizon: number): KsResult {
  const tau = rescaledTimes(times, params, horizon);
  return ksTest(tau, (x) => 1 - Math.exp(-x));
}
