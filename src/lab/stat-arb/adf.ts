/**
 * Augmented Dickey–Fuller test with a constant: Δy_t = α + γ y_{t−1} + Σ_{i=1..p} φ_i Δy_{t−i} + ε_t,
 * statistic τ = γ̂ / se(γ̂); lag p fixed or chosen by AIC/BIC on a common sample (maxLag default
 * ⌊12 (n/100)^{1/4}⌋, Schwert 1989). Critical values from MacKinnon (2010, Queen's Economics Dept.
 * WP 1227, Table 1, constant case) and p-values from MacKinnon (1994, JBES 12(2) 167–176) response
 * surfaces, for N = 1 (unit root) to 3 (cointegration residuals of N series).
 */
import { ArbiterError } from '../../domain/errors.js';
import { normCdf } from '../../pricing/normal.js';
import { ols } from '../research/linear-algebra.js';

/** MacKinnon (2010) Table 1, constant: rows 1%, 5%, 10%; cv = b0 + b1/T + b2/T² + b3/T³. Index N − 1. */
const CRIT_C_2010: ReadonlyArray<ReadonlyArray<readonly [number, number, number, number]>> = [
  [[-3.43035, -6.5393, -16.786, -79.433], [-2.86154, -2.8903, -4.234, -40.04], [-2.56677, -1.5384, -2.809, 0]],
  [[-3.89644, -10.9519, -33.527, 0], [-3.33613, -6.1101, -6.823, 0], [-3.04445, -4.2412, -2.72, 0]],
  [[-4.29374, -14.4354, -33.195, 47.433], [-3.74066, -8.5632, -10.852, 27.982], [-3.45218, -6.2143, -3.718, 0]],
];
/** MacKinnon (1994) constant case: τ*, τ_min, τ_max and the small-p / large-p polynomial coefficients. */
const P_C_1994 = [
  { star: -1.61, min: -18.83, max: 2.74, small: [2.1659, 1.4412, 0.038269], large: [1.7339, 0.93202, -0.012745, -0.00010368] },
  { star: -2.62, min: -18.86, max: 0.92, small: [2.92, 1.5012, 0.039796], large: [2.1945, 0.64695, -0.029198, -0.00042377] },
  { star: -3.13, min: -23.48, max: 0.55, small: [3.4699, 1.4856, 0.03164], large: [2.5893, 0.45168, -0.036529, -0.00050074] },
] as const;

export interface CriticalValues { readonly '1%': number; readonly '5%': number; readonly '10%': number }

/** MacKinnon (2010) finite-sample critical values for `nSeries` I(1) series (1 = ADF), constant case. */
export function mackinnonCriticalValues(nobs: number, nSeries = 1): CriticalValues {
  const table = CRIT_C_2010[nSeries - 1];
  if (table === undefined) throw new ArbiterError('ARB_INPUT_INVALID', `nSeries must be 1, 2 or 3, got ${nSeries}`, { nSeries });
  const cv = (b: readonly [number, number, number, number]): number => b[0] + b[1] / nobs + b[2] / nobs ** 2 + b[3] / nobs ** 3;
  return { '1%': cv(table[0]!), '5%': cv(table[1]!), '10%': cv(table[2]!) };
}

/** MacKinnon (1994) asymptotic p-value of a τ statistic, constant case. */
export function mackinnonPValue(tau: number, nSeries = 1): number {
  const c = P_C_1994[nSeries - 1];
  if (c === undefined) throw new ArbiterError('ARB_INPUT_INVALID', `nSeries must be 1, 2 or 3, got ${nSeries}`, { nSeries });
  if (tau > c.max) return 1;
  if (tau < c.min) return 0;
  const coef: readonly number[] = tau <= c.star ? c.small : c.large;
  let z = 0;
  for (let k = coef.length - 1; k >= 0; k--) z = z * tau + coef[k]!;
  return normCdf(z);
}

export interface AdfOptions {
  /** Fixed number of lagged differences; when set, no selection is made. */
  readonly lags?: number;
  readonly maxLag?: number;
  /** Lag selection criterion when `lags` is not set. Default 'aic'. */
  readonly criterion?: 'aic' | 'bic';
  /** Number of I(1) series behind the tested series (2 for Engle–Granger residuals of a pair). Default 1. */
  readonly nSeries?: number;
}

export interface AdfResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly lags: number;
  /** Observations in the final regression. */
  readonly nobs: number;
  readonly criticalValues: CriticalValues;
  /** γ̂: the coefficient on y_{t−1}. */
  readonly gamma: number;
}

function regress(y: ArrayLike<number>, p: number, start: number): { tau: number; gamma: number; rss: number; nobs: number } {
  // Rows t = start..n−1 of Δy_t on [1, y_{t−1}, Δy_{t−1..t−p}], with start ≥ p + 1.
  const n = y.length;
  const rows = n - start;
  const k = 2 + p;
  const x = new Float64Array(rows * k);
  const dy = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const t = start + r;
    dy[r] = y[t]! - y[t - 1]!;
    x[r * k] = 1;
    x[r * k + 1] = y[t - 1]!;
    for (let i = 1; i <= p; i++) x[r * k + 1 + i] = y[t - i]! - y[t - i - 1]!;
  }
  const fit = ols(x, rows, k, dy);
  return { tau: fit.beta[1]! / fit.stdErrors[1]!, gamma: fit.beta[1]!, rss: fit.rss, nobs: rows };
}

/**
 * ADF τ test with constant.
 * @throws ArbiterError ARB_INPUT_INVALID on fewer than 20 points, non-finite values or a bad lag.
 */
export function adfTest(series: ArrayLike<number>, options: AdfOptions = {}): AdfResult {
  const n = series.length;
  if (n < 20) throw new ArbiterError('ARB_INPUT_INVALID', `ADF needs at least 20 points, got ${n}`, { points: n });
  for (let i = 0; i < n; i++) if (!Number.isFinite(series[i]!)) throw new ArbiterError('ARB_INPUT_INVALID', `series[${i}] is ${series[i]}`, { index: i });
  const nSeries = options.nSeries ?? 1;
  let p: number;
  if (options.lags !== undefined) {
    p = options.lags;
    if (!(Number.isInteger(p) && p >= 0 && p < n / 2 - 2)) throw new ArbiterError('ARB_INPUT_INVALID', `lags must be an integer in [0, ${Math.floor(n / 2 - 2)}), got ${p}`, { lags: p });
  } else {
    const maxLag = Math.min(options.maxLag ?? Math.floor(12 * Math.pow(n / 100, 0.25)), Math.floor(n / 2) - 3);
    const crit = options.criterion ?? 'aic';
    let best = Number.POSITIVE_INFINITY;
    p = 0;
    for (let q = 0; q <= maxLag; q++) {
      const r = regress(series, q, maxLag + 1);
      const k = 2 + q;
      const ic = r.nobs * Math.log(r.rss / r.nobs) + (crit === 'aic' ? 2 * k : k * Math.log(r.nobs));
      if (ic < best) { best = ic; p = q; }
    }
  }
  const r = regress(series, p, p + 1);
  return { statistic: r.tau, pValue: mackinnonPValue(r.tau, nSeries), lags: p, nobs: r.nobs, criticalValues: mackinnonCriticalValues(r.nobs, nSeries), gamma: r.gamma };
}
