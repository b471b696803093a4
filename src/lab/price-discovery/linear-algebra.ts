/** Small dense linear algebra for the lab studies (row-major number[][]; sizes of a few dozen at most). */
import { ArbiterError } from '../../domain/errors.js';

/** Solves A·X = B (A n×n, B n×m) by Gaussian elimination with partial pivoting. */
export function solve(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const m = b[0]?.length ?? 0;
  const A = a.map((r) => [...r]);
  const B = b.map((r) => [...r]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i]![k]!) > Math.abs(A[p]![k]!)) p = i;
    if (!(Math.abs(A[p]![k]!) > 1e-300)) throw new ArbiterError('ARB_INPUT_INVALID', `singular matrix in linear solve (pivot ${k}); regressors are collinear or the sample is too short`);
    [A[k], A[p]] = [A[p]!, A[k]!];
    [B[k], B[p]] = [B[p]!, B[k]!];
    const akk = A[k]![k]!;
    for (let i = k + 1; i < n; i++) {
      const f = A[i]![k]! / akk;
      if (f === 0) continue;
      for (let j = k; j < n; j++) A[i]![j]! -= f * A[k]![j]!;
      for (let j = 0; j < m; j++) B[i]![j]! -= f * B[k]![j]!;
    }
  }
  const X = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = 0; j < m; j++) {
      let s = B[i]![j]!;
      for (let k = i + 1; k < n; k++) s -= A[i]![k]! * X[k]![j]!;
      X[i]![j] = s / A[i]![i]!;
    }
  }
  return X;
}

/** Lower-triangular L with L·Lᵀ = S (S symmetric positive definite). */
export function cholesky(s: readonly (readonly number[])[]): number[][] {
  const n = s.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = s[i]![j]!;
      for (let k = 0; k < j; k++) sum -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(sum > 0)) throw new ArbiterError('ARB_INPUT_INVALID', 'covariance matrix is not positive definite');
        L[i]![i] = Math.sqrt(sum);
      } else L[i]![j] = sum / L[j]![j]!;
    }
  }
  return L;
}

/**
 * Ordinary least squares Y = X·B + E for all columns of Y at once.
 * Returns B (k×m) and the residual covariance (m×m, divided by T − k).
 */
export function olsMulti(x: readonly (readonly number[])[], y: readonly (readonly number[])[]): { coef: number[][]; residualCov: number[][]; residuals: number[][] } {
  const t = x.length;
  const k = x[0]?.length ?? 0;
  const m = y[0]?.length ?? 0;
  if (t !== y.length) throw new ArbiterError('ARB_INPUT_INVALID', `OLS: ${t} regressor rows but ${y.length} response rows`);
  if (t <= k) throw new ArbiterError('ARB_INPUT_INVALID', `OLS: ${t} observations for ${k} regressors`);
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = Array.from({ length: k }, () => new Array<number>(m).fill(0));
  for (let r = 0; r < t; r++) {
    const xr = x[r]!;
    const yr = y[r]!;
    for (let i = 0; i < k; i++) {
      const xi = xr[i]!;
      for (let j = i; j < k; j++) xtx[i]![j]! += xi * xr[j]!;
      for (let j = 0; j < m; j++) xty[i]![j]! += xi * yr[j]!;
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) xtx[i]![j] = xtx[j]![i]!;
  const coef = solve(xtx, xty);
  const residuals: number[][] = [];
  const cov = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let r = 0; r < t; r++) {
    const e = new Array<number>(m);
    for (let j = 0; j < m; j++) {
      let fit = 0;
      for (let i = 0; i < k; i++) fit += x[r]![i]! * coef[i]![j]!;
      e[j] = y[r]![j]! - fit;
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) cov[a]![b]! += e[a]! * e[b]!;
    residuals.push(e);
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) cov[a]![b]! /= t - k;
  return { coef, residualCov: cov, residuals };
}
