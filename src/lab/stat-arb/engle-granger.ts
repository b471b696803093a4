/**
 * Engle–Granger two-step cointegration test (Engle and Granger 1987): OLS y = α + βx + u, then an
 * ADF test on û with MacKinnon's N = 2 critical values and p-values (the residual comes from an
 * estimated β, so plain ADF tables would over-reject).
 */
import { ArbiterError } from '../../domain/errors.js';
import { ols } from '../research/linear-algebra.js';
import { adfTest, type AdfOptions, type AdfResult } from './adf.js';

export interface EngleGrangerResult {
  readonly alpha: number;
  readonly beta: number;
  readonly residuals: Float64Array;
  readonly adf: AdfResult;
  /** adf.statistic below the 5% critical value. */
  readonly cointegrated: boolean;
}

/**
 * @param y dependent series (e.g. log price of asset A); @param x regressor (log price of asset B).
 * @throws ArbiterError ARB_INPUT_INVALID on length mismatch, fewer than 20 points or a constant x.
 */
export function engleGranger(y: ArrayLike<number>, x: ArrayLike<number>, options: Omit<AdfOptions, 'nSeries'> = {}): EngleGrangerResult {
  const n = y.length;
  if (x.length !== n) throw new ArbiterError('ARB_INPUT_INVALID', `y has ${n} points, x has ${x.length}`, { y: n, x: x.length });
  if (n < 20) throw new ArbiterError('ARB_INPUT_INVALID', `Engle–Granger needs at least 20 points, got ${n}`, { points: n });
  const design = new Float64Array(2 * n);
  for (let t = 0; t < n; t++) {
    design[2 * t] = 1;
    design[2 * t + 1] = x[t]!;
  }
  let fit;
  try {
    fit = ols(design, n, 2, y);
  } catch (cause) {
    throw new ArbiterError('ARB_INPUT_INVALID', 'x is constant (or not finite): no hedge ratio', {}, { cause });
  }
  const adf = adfTest(fit.residuals, { ...options, nSeries: 2 });
  return { alpha: fit.beta[0]!, beta: fit.beta[1]!, residuals: fit.residuals, adf, cointegrated: adf.statistic < adf.criticalValues['5%'] };
}
