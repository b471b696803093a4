/**
 * Principal components of returns: eigen-decomposition (Jacobi) of the sample covariance (divisor
 * T − 1) of a T×N matrix of returns (rows = time). Sign convention: each eigenvector's largest-|w|
 * entry is positive, so results are deterministic. `explained[i]` = λ_i / Σλ.
 */
import { ArbiterError } from '../../domain/errors.js';
import { sampleCovariance, symmetricEigen } from '../research/linear-algebra.js';

export interface PcaResult {
  /** Descending. */
  readonly eigenvalues: number[];
  /** eigenvectors[i] is the unit-length loading vector (length N) of component i. */
  readonly eigenvectors: number[][];
  readonly explained: number[];
  readonly mean: number[];
}

/** @throws ArbiterError ARB_INPUT_INVALID on fewer than 2 rows, ragged rows or non-finite values. */
export function pca(returns: ReadonlyArray<ArrayLike<number>>): PcaResult {
  const rows = returns.length;
  if (rows < 2) throw new ArbiterError('ARB_INPUT_INVALID', `pca needs at least 2 rows of returns, got ${rows}`, { rows });
  const cols = returns[0]!.length;
  if (cols < 1) throw new ArbiterError('ARB_INPUT_INVALID', 'pca needs at least one column', {});
  const x = new Float64Array(rows * cols);
  returns.forEach((r, t) => {
    if (r.length !== cols) throw new ArbiterError('ARB_INPUT_INVALID', `row ${t} has ${r.length} columns, row 0 has ${cols}`, { row: t });
    for (let j = 0; j < cols; j++) {
      const v = r[j]!;
      if (!Number.isFinite(v)) throw new ArbiterError('ARB_INPUT_INVALID', `returns[${t}][${j}] is ${v}`, { row: t, col: j });
      x[t * cols + j] = v;
    }
  });
  const { cov, mean } = sampleCovariance(x, rows, cols);
  const { values, vectors } = symmetricEigen(cov, cols);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const eigenvectors: number[][] = [];
  for (let c = 0; c < cols; c++) {
    const v = Array.from({ length: cols }, (_, i) => vectors[i * cols + c]!);
    let big = 0;
    for (const w of v) if (Math.abs(w) > Math.abs(big)) big = w;
    eigenvectors.push(big < 0 ? v.map((w) => -w) : v);
  }
  const eigenvalues = Array.from(values, (v) => Math.max(v, 0));
  return { eigenvalues, eigenvectors, explained: eigenvalues.map((v) => (total > 0 ? v / total : 0)), mean: Array.from(mean) };
}
