/**
 * Predictability-based mean-reverting portfolios after d'Aspremont (2011, "Identifying small
 * mean-reverting portfolios", Quantitative Finance 11(3) 351–364): fit a VAR(1) S_t = S_{t−1}A + Z_t on
 * centred levels by least squares, Γ = sample covariance of S; Box–Tiao predictability
 * ν(x) = xᵀAᵀΓAx / xᵀΓx. The most mean-reverting dense portfolio is the eigenvector of the smallest
 * generalised eigenvalue of (AᵀΓA, Γ) (Box and Tiao 1977); the sparse one (cardinality k) is found by
 * the paper's greedy forward search: grow the support one asset at a time, each time adding the asset
 * whose inclusion gives the smallest minimal generalised eigenvalue on the support.
 */
import { ArbiterError } from '../../domain/errors.js';
import { cholesky, choleskySolve, generalizedSymmetricEigen, sampleCovariance } from '../research/linear-algebra.js';

export interface Var1Fit {
  readonly n: number;
  /** Row-major N×N with S_t ≈ S_{t−1} A (row vectors). */
  readonly a: Float64Array;
  /** Γ: sample covariance of the levels. */
  readonly gamma: Float64Array;
  /** AᵀΓA. */
  readonly aga: Float64Array;
  readonly mean: Float64Array;
}

/** @param levels row-major T×N (rows = time). @throws ARB_INPUT_INVALID on too few rows or a singular design. */
export function fitVar1(levels: Float64Array, rows: number, n: number): Var1Fit {
  if (rows < n + 3) throw new ArbiterError('ARB_INPUT_INVALID', `VAR(1) on ${n} series needs more than ${n + 2} rows, got ${rows}`, { rows, n });
  const { cov: gamma, mean } = sampleCovariance(levels, rows, n);
  // A = (XᵀX)⁻¹ XᵀY with X = S_{0..T−2}, Y = S_{1..T−1}, both centred by the full-sample mean.
  const xtx = new Float64Array(n * n), xty = new Float64Array(n * n);
  for (let t = 1; t < rows; t++) {
    for (let i = 0; i < n; i++) {
      const xi = levels[(t - 1) * n + i]! - mean[i]!;
      for (let j = 0; j < n; j++) {
        xtx[i * n + j] = xtx[i * n + j]! + xi * (levels[(t - 1) * n + j]! - mean[j]!);
        xty[i * n + j] = xty[i * n + j]! + xi * (levels[t * n + j]! - mean[j]!);
      }
    }
  }
  const l = cholesky(xtx, n);
  const a = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) col[i] = xty[i * n + j]!;
    const s = choleskySolve(l, n, col);
    for (let i = 0; i < n; i++) a[i * n + j] = s[i]!;
  }
  // AᵀΓA for column-vector portfolios: the portfolio value x·S_t has predictable part x·(S_{t−1}A)ᵀ... we use
  // row convention S_t = S_{t−1}A, so the predicted value of xᵀS_t is S_{t−1}Ax and its variance xᵀAᵀΓAx.
  const ga = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < n; k++) s += gamma[i * n + k]! * a[k * n + j]!; ga[i * n + j] = s; }
  const aga = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < n; k++) s += a[k * n + i]! * ga[k * n + j]!; aga[i * n + j] = s; }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) aga[i * n + j] = aga[j * n + i] = 0.5 * (aga[i * n + j]! + aga[j * n + i]!);
  return { n, a, gamma, aga, mean };
}

/** ν(x) = xᵀAᵀΓAx / xᵀΓx. */
export function predictability(fit: Var1Fit, x: ArrayLike<number>): number {
  const n = fit.n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { num += x[i]! * fit.aga[i * n + j]! * x[j]!; den += x[i]! * fit.gamma[i * n + j]! * x[j]!; }
  return num / den;
}

export interface BasketWeights {
  /** Length N, zero off the support, unit gross exposure (Σ|w| = 1), largest-|w| positive. */
  readonly weights: Float64Array;
  readonly support: number[];
  readonly predictability: number;
}

function normalise(w: Float64Array): Float64Array {
  let gross = 0, big = 0;
  for (const v of w) { gross += Math.abs(v); if (Math.abs(v) > Math.abs(big)) big = v; }
  const s = (big < 0 ? -1 : 1) / gross;
  return w.map((v) => v * s);
}

function minOnSupport(fit: Var1Fit, support: readonly number[]): { value: number; weights: Float64Array } {
  const k = support.length, n = fit.n;
  const a = new Float64Array(k * k), b = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) { a[i * k + j] = fit.aga[support[i]! * n + support[j]!]!; b[i * k + j] = fit.gamma[support[i]! * n + support[j]!]!; }
  const e = generalizedSymmetricEigen(a, b, k);
  const w = new Float64Array(n);
  support.forEach((s, i) => { w[s] = e.vectors[i * k + k - 1]!; });
  return { value: e.values[k - 1]!, weights: w };
}

/** Dense Box–Tiao: the least predictable portfolio over all N assets. */
export function boxTiaoDense(fit: Var1Fit): BasketWeights {
  const support = Array.from({ length: fit.n }, (_, i) => i);
  const r = minOnSupport(fit, support);
  return { weights: normalise(r.weights), support, predictability: r.value };
}

/** d'Aspremont's greedy forward search for a portfolio of exactly `cardinality` assets. */
export function greedySparseBoxTiao(fit: Var1Fit, cardinality: number): BasketWeights {
  const n = fit.n;
  if (!(Number.isInteger(cardinality) && cardinality >= 1 && cardinality <= n)) throw new ArbiterError('ARB_INPUT_INVALID', `cardinality must be an integer in [1, ${n}], got ${cardinality}`, { cardinality });
  let support: number[] = [];
  let best: { value: number; weights: Float64Array } = { value: Number.POSITIVE_INFINITY, weights: new Float64Array(n) };
  for (let size = 1; size <= cardinality; size++) {
    let stepBest: { value: number; weights: Float64Array; support: number[] } | null = null;
    for (let j = 0; j < n; j++) {
      if (support.includes(j)) continue;
      const cand = [...support, j].sort((p, q) => p - q);
      const r = minOnSupport(fit, cand);
      if (stepBest === null || r.value < stepBest.value) stepBest = { ...r, support: cand };
    }
    support = stepBest!.support;
    best = stepBest!;
  }
  return { weights: normalise(best.weights), support, predictability: best.value };
}
