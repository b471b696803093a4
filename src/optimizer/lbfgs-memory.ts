/**
 * The limited-memory BFGS history and the two-loop recursion (Nocedal 1980), restricted to a set of
 * free coordinates so that it approximates the inverse of the *reduced* Hessian on that face.
 */

/** A ring buffer of the last `size` correction pairs (s, y) = (Δx, Δgradient). */
export class LbfgsMemory {
  readonly size: number;
  private readonly s: Float64Array[];
  private readonly y: Float64Array[];
  private readonly alpha: Float64Array;
  private readonly rho: Float64Array;
  private count = 0;
  private newest = -1;

  constructor(dimension: number, size: number) {
    this.size = size;
    this.s = Array.from({ length: size }, () => new Float64Array(dimension));
    this.y = Array.from({ length: size }, () => new Float64Array(dimension));
    this.alpha = new Float64Array(size);
    this.rho = new Float64Array(size);
  }

  /** Number of stored pairs. */
  get length(): number {
    return this.count;
  }

  /** Forgets every pair (used when a line search fails and the next step must be steepest descent). */
  reset(): void {
    this.count = 0;
    this.newest = -1;
  }

  /**
   * Stores s = xNew − xOld and y = gNew − gOld when the curvature sᵀy is safely positive (relative
   * to yᵀy, as L-BFGS-B does); returns whether the pair was kept.
   */
  push(xNew: Float64Array, xOld: Float64Array, gNew: Float64Array, gOld: Float64Array): boolean {
    const slot = (this.newest + 1) % this.size;
    const s = this.s[slot]!;
    const y = this.y[slot]!;
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < s.length; i++) {
      const si = xNew[i]! - xOld[i]!;
      const yi = gNew[i]! - gOld[i]!;
      s[i] = si;
      y[i] = yi;
      sy += si * yi;
      yy += yi * yi;
    }
    if (!(sy > Number.EPSILON * yy) || !Number.isFinite(sy)) return false;
    this.newest = slot;
    this.count = Math.min(this.count + 1, this.size);
    return true;
  }

  /**
   * out = −H·g on the free coordinates listed in `free[0..freeCount)`, zero elsewhere, where H is the
   * L-BFGS inverse-Hessian approximation built from the pairs restricted to those coordinates and
   * scaled by γ = sᵀy / yᵀy of the newest usable pair. With no usable pair, out = −g (free part).
   */
  direction(g: Float64Array, free: Int32Array, freeCount: number, out: Float64Array): void {
    out.fill(0);
    for (let k = 0; k < freeCount; k++) out[free[k]!] = g[free[k]!]!;
    let gamma = 0;
    const size = this.size;
    for (let back = 0; back < this.count; back++) {
      const slot = (this.newest - back + size) % size;
      const s = this.s[slot]!;
      const y = this.y[slot]!;
      let sy = 0;
      let yy = 0;
      let sq = 0;
      for (let k = 0; k < freeCount; k++) {
        const i = free[k]!;
        sy += s[i]! * y[i]!;
        yy += y[i]! * y[i]!;
        sq += s[i]! * out[i]!;
      }
      if (!(sy > Number.EPSILON * yy)) {
        this.rho[slot] = 0;
        continue;
      }
      if (gamma === 0) gamma = sy / yy;
      const rho = 1 / sy;
      const a = rho * sq;
      this.rho[slot] = rho;
      this.alpha[slot] = a;
      for (let k = 0; k < freeCount; k++) out[free[k]!]! -= a * y[free[k]!]!;
    }
    if (gamma === 0) gamma = 1;
    for (let k = 0; k < freeCount; k++) out[free[k]!]! *= gamma;
    for (let back = this.count - 1; back >= 0; back--) {
      const slot = (this.newest - back + size) % size;
      const rho = this.rho[slot]!;
      if (rho === 0) continue;
      const s = this.s[slot]!;
      const y = this.y[slot]!;
      let yr = 0;
      for (let k = 0; k < freeCount; k++) yr += y[free[k]!]! * out[free[k]!]!;
      const c = this.alpha[slot]! - rho * yr;
      for (let k = 0; k < freeCount; k++) out[free[k]!]! += c * s[free[k]!]!;
    }
    for (let k = 0; k < freeCount; k++) out[free[k]!] = -out[free[k]!]!;
  }
}
