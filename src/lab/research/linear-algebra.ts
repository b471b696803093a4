/**
 * Small dense linear algebra for the research studies (matrices of a few dozen rows/columns):
 * row-major Float64Array matrices, Cholesky, OLS by normal equations, cyclic Jacobi eigen-
 * decomposition of symmetric matrices, and the symmetric-definite generalised eigenproblem.
 */
import { ArbiterError } from '../../domain/errors.js';

/** Cholesky factor L (lower, row-major n×n) of a symmetric positive-definite matrix. @throws ARB_INPUT_INVALID when not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `matrix is not positive definite (pivot ${i} = ${s})`, { pivot: i });
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  return l;
}

/** Solves (L Lᵀ) x = b in place of a copy of b. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

export interface OlsResult {
  readonly beta: Float64Array;
  readonly residuals: Float64Array;
  /** Residual variance with T − k degrees of freedom. */
  readonly sigma2: number;
  readonly stdErrors: Float64Array;
  /** Σ log-likelihood helper: residual sum of squares. */
  readonly rss: number;
}

/**
 * Ordinary least squares y = Xβ + ε by the normal equations (Cholesky of XᵀX).
 * @param x row-major T×k design matrix. @throws ARB_INPUT_INVALID on a singular design or T ≤ k.
 */
export function ols(x: Float64Array, rows: number, cols: number, y: ArrayLike<number>): OlsResult {
  if (rows <= cols) throw new ArbiterError('ARB_INPUT_INVALID', `OLS needs more rows (${rows}) than columns (${cols})`, { rows, cols });
  const xtx = new Float64Array(cols * cols);
  const xty = new Float64Array(cols);
  for (let t = 0; t < rows; t++) {
    const o = t * cols;
    const yt = y[t]!;
    for (let i = 0; i < cols; i++) {
      const xi = x[o + i]!;
      xty[i] = xty[i]! + xi * yt;
      for (let j = 0; j <= i; j++) xtx[i * cols + j] = xtx[i * cols + j]! + xi * x[o + j]!;
    }
  }
  for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) xtx[j * cols + i] = xtx[i * cols + j]!;
  const l = cholesky(xtx, cols);
  const beta = choleskySolve(l, cols, xty);
  const residuals = new Float64Array(rows);
  let rss = 0;
  for (let t = 0; t < rows; t++) {
    let f = 0;
    for (let i = 0; i < cols; i++) f += x[t * cols + i]! * beta[i]!;
    const e = y[t]! - f;
    residuals[t] = e;
    rss += e * e;
  }
  const sigma2 = rss / (rows - cols);
  const stdErrors = new Float64Array(cols);
  const unit = new Float64Array(cols);
  for (let i = 0; i < cols; i++) {
    unit.fill(0);
    unit[i] = 1;
    stdErrors[i] = Math.sqrt(sigma2 * choleskySolve(l, cols, unit)[i]!);
  }
  return { beta, residuals, sigma2, stdErrors, rss };
}

export interface SymmetricEigen {
  /** Eigenvalues in descending order. */
  readonly values: Float64Array;
  /** Eigenvectors as columns of a row-major n×n matrix (column j pairs with values[j]), unit length. */
  readonly vectors: Float64Array;
}

/** Cyclic Jacobi eigen-decomposition of a symmetric matrix (accurate to rounding; O(n³) per sweep). */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += m[i]! * m[i]!;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! * m[p * n + q]!;
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p]!;
          const akq = m[k * n + q]!;
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k]!;
          const aqk = m[q * n + k]!;
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j * n + j]! - m[i * n + i]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = m[src * n + src]!;
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}

/**
 * Symmetric-definite generalised eigenproblem A x = λ B x (B positive definite), via B = LLᵀ and the
 * ordinary problem L⁻¹AL⁻ᵀ y = λy, x = L⁻ᵀy. Eigenvalues descending; vectors are columns, B-normalised.
 */
export function generalizedSymmetricEigen(a: Float64Array, b: Float64Array, n: number): SymmetricEigen {
  const l = cholesky(b, n);
  // C = L⁻¹ A L⁻ᵀ: first W = L⁻¹ A (forward substitution per column), then C = L⁻¹ Wᵀ.
  const forward = (src: Float64Array): Float64Array => {
    const out = new Float64Array(n * n);
    for (let col = 0; col < n; col++) {
      for (let i = 0; i < n; i++) {
        let s = src[i * n + col]!;
        for (let k = 0; k < i; k++) s -= l[i * n + k]! * out[k * n + col]!;
        out[i * n + col] = s / l[i * n + i]!;
      }
    }
    return out;
  };
  const w = forward(a);
  const wt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) wt[i * n + j] = w[j * n + i]!;
  const c = forward(wt);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[i * n + j] = c[j * n + i] = 0.5 * (c[i * n + j]! + c[j * n + i]!);
  const { values, vectors: y } = symmetricEigen(c, n);
  const x = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i * n + col]!;
      for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k * n + col]!;
      x[i * n + col] = s / l[i * n + i]!;
    }
  }
  return { values, vectors: x };
}

/** Sample covariance (divisor T − 1) of a row-major T×N matrix; returns N×N and the column means. */
export function sampleCovariance(x: Float64Array, rows: number, cols: number): { cov: Float64Array; mean: Float64Array } {
  if (rows < 2) throw new ArbiterError('ARB_INPUT_INVALID', `covariance needs at least 2 rows, got ${rows}`, { rows });
  const mean = new Float64Array(cols);
  for (let t = 0; t < rows; t++) for (let j = 0; j < cols; j++) mean[j] = mean[j]! + x[t * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j] = mean[j]! / rows;
  // Centred columns stored contiguously, then one dot product per entry (4-way unrolled).
  const c = new Float64Array(rows * cols);
  for (let t = 0; t < rows; t++) for (let j = 0; j < cols; j++) c[j * rows + t] = x[t * cols + j]! - mean[j]!;
  const cov = new Float64Array(cols * cols);
  const r4 = rows - (rows % 4);
  for (let i = 0; i < cols; i++) {
    const oi = i * rows;
    for (let j = 0; j <= i; j++) {
      const oj = j * rows;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let t = 0; t < r4; t += 4) {
        s0 += c[oi + t]! * c[oj + t]!;
        s1 += c[oi + t + 1]! * c[oj + t + 1]!;
        s2 += c[oi + t + 2]! * c[oj + t + 2]!;
        s3 += c[oi + t + 3]! * c[oj + t + 3]!;
      }
      for (let t = r4; t < rows; t++) s0 += c[oi + t]! * c[oj + t]!;
      cov[i * cols + j] = cov[j * cols + i] = (s0 + s1 + s2 + s3) / (rows - 1);
    }
  }
  return { cov, mean };
}
