/**
 * Truncated path signatures of piecewise-linear paths in R^d.
 *
 * Level k of the signature is the d^k tensor S^k = ∫_{u1<…<uk} dX_{u1} ⊗ … ⊗ dX_{uk}, stored flat,
 * levels 1..N concatenated (the constant level 0 = 1 is implicit). A linear segment with increment Δ has
 * signature exp(Δ) = (1, Δ, Δ⊗Δ/2!, …, Δ^{⊗N}/N!), and Chen's identity S(X * Y) = S(X) ⊗ S(Y) builds the
 * signature of the whole path segment by segment (Lyons, Caruana, Lévy 2007, "Differential equations
 * driven by rough paths", LNM 1908, §2; Chevyrev & Kormilitzin 2016, arXiv:1603.03788).
 * Incremental use: `SignatureAccumulator.push(point)` appends a segment in O(Σ_k k·d^k).
 */
import { ArbiterError } from '../../domain/errors.js';

/** Number of signature terms of levels 1..N for dimension d. */
export function signatureLength(d: number, depth: number): number {
  let total = 0;
  let p = 1;
  for (let k = 1; k <= depth; k++) {
    p *= d;
    total += p;
  }
  return total;
}

export class SignatureAccumulator {
  /** Flat levels 1..N. */
  readonly values: Float64Array;
  private readonly offsets: number[];
  private readonly expBuf: Float64Array;
  private last: Float64Array | null = null;
  private readonly inc: Float64Array;

  constructor(readonly dim: number, readonly depth: number) {
    if (!(Number.isInteger(dim) && dim >= 1)) throw new ArbiterError('ARB_INPUT_INVALID', `signature dimension must be an integer ≥ 1, got ${dim}`);
    if (!(Number.isInteger(depth) && depth >= 1 && depth <= 8)) throw new ArbiterError('ARB_INPUT_INVALID', `signature depth must be an integer in 1..8, got ${depth}`);
    this.values = new Float64Array(signatureLength(dim, depth));
    this.expBuf = new Float64Array(this.values.length);
    this.offsets = [0, 0];
    let p = 1;
    for (let k = 1; k <= depth; k++) {
      p *= dim;
      this.offsets.push(this.offsets[k]! + p);
    }
    this.inc = new Float64Array(dim);
  }

  /** Start of level k (1-based) in `values`. */
  offset(level: number): number {
    return this.offsets[level]!;
  }

  reset(): void {
    this.values.fill(0);
    this.last = null;
  }

  /** Appends the next path point (the first call only sets the start). */
  push(point: ArrayLike<number>): void {
    const d = this.dim;
    if (point.length !== d) throw new ArbiterError('ARB_INPUT_INVALID', `path point has ${point.length} coordinates, expected ${d}`);
    if (this.last === null) {
      this.last = Float64Array.from(point);
      return;
    }
    for (let i = 0; i < d; i++) {
      this.inc[i] = point[i]! - this.last[i]!;
      this.last[i] = point[i]!;
    }
    this.appendIncrement(this.inc);
  }

  /** S ← S ⊗ exp(Δ). */
  appendIncrement(delta: ArrayLike<number>): void {
    const d = this.dim;
    const N = this.depth;
    const E = this.expBuf;
    const off = this.offsets;
    // E_k = Δ^{⊗k}/k!
    for (let i = 0; i < d; i++) E[i] = delta[i]!;
    for (let k = 2; k <= N; k++) {
      const prev = off[k - 1]!;
      const cur = off[k]!;
      const size = cur - prev;
      for (let a = 0; a < size; a++) {
        const v = E[prev + a]! / k;
        for (let i = 0; i < d; i++) E[cur + a * d + i] = v * delta[i]!;
      }
    }
    const S = this.values;
    // Levels from high to low so S_{k−i} are still the old values.
    for (let k = N; k >= 1; k--) {
      const base = off[k]!;
      // i = k term: S_0 ⊗ E_k = E_k
      const sizeK = off[k + 1]! - base;
      for (let a = 0; a < sizeK; a++) S[base + a]! += E[base + a]!;
      for (let i = 1; i < k; i++) {
        const sOff = off[k - i]!;
        const sSize = off[k - i + 1]! - sOff;
        const eOff = off[i]!;
        const eSize = off[i + 1]! - eOff;
        for (let a = 0; a < sSize; a++) {
          const sa = S[sOff + a]!;
          if (sa === 0) continue;
          const dst = base + a * eSize;
          for (let b = 0; b < eSize; b++) S[dst + b]! += sa * E[eOff + b]!;
        }
      }
    }
  }
}

/** Signature (levels 1..depth) of the piecewise-linear path through `points` (each of length d). */
export function signature(points: readonly (ArrayLike<number>)[], depth: number): Float64Array {
  if (points.length === 0) throw new ArbiterError('ARB_INPUT_INVALID', 'signature of an empty path');
  const acc = new SignatureAccumulator(points[0]!.length, depth);
  for (const p of points) acc.push(p);
  return Float64Array.from(acc.values);
}
