/**
 * Price discovery across venues quoting the same asset.
 *
 * VECM with known cointegrating vectors (prices of one asset: y_0 − y_i, i = 1..n−1, are stationary):
 *   Δy_t = c + α·z_{t−1} + Σ_{j=1..p} Γ_j Δy_{t−j} + ε_t,  z_t = (y_0 − y_1, …, y_0 − y_{n−1}),  Cov ε = Ω,
 * estimated by OLS equation by equation (Engle & Granger 1987). With β = [ι; −I] the common trend
 * loads on α⊥ (α⊥ᵀα = 0), so ψ ∝ α⊥ᵀ.
 * - Gonzalo–Granger component shares (Gonzalo & Granger 1995, JBES 13(1)): CS_i = α⊥,i / Σ_j α⊥,j.
 * - Hasbrouck information shares (Hasbrouck 1995, J. Finance 50(4)): IS_i = ([ψF]_i)² / ψΩψᵀ with F the
 *   lower Cholesky factor of Ω; depends on the ordering of the venues, so lower and upper bounds are
 *   the min and max over all orderings (n! orderings, n ≤ 7); the midpoint is the customary summary
 *   (Baillie, Booth, Tse, Zabotina 2002, J. Financial Markets 5(3)).
 */
import { ArbiterError } from '../../domain/errors.js';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { cholesky, olsMulti, solve } from './linear-algebra.js';

export interface VecmFit {
  /** Adjustment coefficients α, n×(n−1). */
  readonly alpha: number[][];
  /** Short-run matrices Γ_1..Γ_p, each n×n (Γ_j[i][k]: effect of Δy_{k,t−j} on Δy_{i,t}). */
  readonly gamma: number[][][];
  readonly intercept: number[];
  /** Residual covariance Ω. */
  readonly omega: number[][];
  readonly observations: number;
}

export interface PriceDiscovery {
  readonly vecm: VecmFit;
  /** α⊥ normalised to sum 1 (Gonzalo–Granger component shares). */
  readonly componentShares: number[];
  readonly informationShareLower: number[];
  readonly informationShareUpper: number[];
  readonly informationShareMid: number[];
}

function invalid(message: string): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', message);
}

/** Fits the VECM to `prices` (one array per venue, same length; log prices recommended). */
export function fitVecm(prices: readonly (ArrayLike<number>)[], lags = 1): VecmFit {
  const n = prices.length;
  if (n < 2) throw invalid(`price discovery needs at least 2 venues, got ${n}`);
  if (!(Number.isInteger(lags) && lags >= 0)) throw invalid(`lags must be an integer ≥ 0, got ${lags}`);
  const len = prices[0]!.length;
  for (let i = 0; i < n; i++) {
    const p = prices[i]!;
    if (p.length !== len) throw invalid(`venue ${i} has ${p.length} prices, venue 0 has ${len}`);
    for (let t = 0; t < len; t++) if (!Number.isFinite(p[t]!)) throw invalid(`venue ${i} price at ${t} is not finite`);
  }
  const k = 1 + (n - 1) + n * lags;
  const start = lags + 1;
  if (len - start <= k + 2) throw invalid(`${len} observations are too few for a VECM with ${n} venues and ${lags} lags`);
  const X: number[][] = [];
  const Y: number[][] = [];
  for (let t = start; t < len; t++) {
    const row = [1];
    for (let i = 1; i < n; i++) row.push(prices[0]![t - 1]! - prices[i]![t - 1]!);
    for (let j = 1; j <= lags; j++) for (let i = 0; i < n; i++) row.push(prices[i]![t - j]! - prices[i]![t - j - 1]!);
    X.push(row);
    Y.push(prices.map((p) => p[t]! - p[t - 1]!));
  }
  const { coef, residualCov } = olsMulti(X, Y);
  const intercept = Array.from({ length: n }, (_, i) => coef[0]![i]!);
  const alpha = Array.from({ length: n }, (_, i) => Array.from({ length: n - 1 }, (_, c) => coef[1 + c]![i]!));
  const gamma: number[][][] = [];
  for (let j = 0; j < lags; j++) {
    gamma.push(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, kk) => coef[n + j * n + kk]![i]!)));
  }
  return { alpha, gamma, intercept, omega: residualCov, observations: Y.length };
}

/** A vector spanning the left null space of α (n×(n−1) of full column rank): α⊥ᵀα = 0. */
export function orthogonalComplement(alpha: readonly (readonly number[])[]): number[] {
  const n = alpha.length;
  // Fix the component with the largest cofactor to 1 and solve for the rest: pick by trying each.
  let best: number[] | null = null;
  let bestNorm = -1;
  for (let fixed = 0; fixed < n; fixed++) {
    const rows = [...Array(n).keys()].filter((i) => i !== fixed);
    // Σ_{i≠fixed} v_i α[i][c] = −α[fixed][c] for every column c.
    const A = Array.from({ length: n - 1 }, (_, c) => rows.map((i) => alpha[i]![c]!));
    const b = Array.from({ length: n - 1 }, (_, c) => [-alpha[fixed]![c]!]);
    let sol: number[][];
    try {
      sol = solve(A, b);
    } catch {
      continue;
    }
    const v = new Array<number>(n).fill(0);
    v[fixed] = 1;
    rows.forEach((i, r) => { v[i] = sol[r]![0]!; });
    const norm = 1 / Math.max(...v.map(Math.abs)); // prefer the solution where the fixed entry is largest
    if (norm > bestNorm) {
      bestNorm = norm;
      best = v;
    }
  }
  if (!best) throw invalid('adjustment matrix α is rank-deficient: no unique common trend');
  return best;
}

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  return out;
}

/** Hasbrouck shares of each venue for one ordering `order` (order[0] first in the Cholesky). */
export function informationShares(psi: readonly number[], omega: readonly (readonly number[])[], order: readonly number[]): number[] {
  const n = psi.length;
  const permOmega = order.map((i) => order.map((j) => omega[i]![j]!));
  const F = cholesky(permOmega);
  const pp = order.map((i) => psi[i]!);
  const contrib = new Array<number>(n).fill(0);
  let total = 0;
  for (let c = 0; c < n; c++) {
    let s = 0;
    for (let r = c; r < n; r++) s += pp[r]! * F[r]![c]!;
    contrib[c] = s * s;
    total += s * s;
  }
  const out = new Array<number>(n).fill(0);
  order.forEach((venue, c) => { out[venue] = contrib[c]! / total; });
  return out;
}

/** VECM + component shares + information-share bounds. */
export function priceDiscovery(prices: readonly (ArrayLike<number>)[], lags = 1): PriceDiscovery {
  const n = prices.length;
  if (n > 7) throw invalid(`information-share bounds enumerate n! orderings; ${n} venues is too many (max 7)`);
  const vecm = fitVecm(prices, lags);
  return sharesFrom(vecm);
}

/** Shares from given VECM parameters (α and Ω are all that matter). */
export function sharesFrom(vecm: VecmFit): PriceDiscovery {
  const perp = orthogonalComplement(vecm.alpha);
  const sum = perp.reduce((a, b) => a + b, 0);
  if (Math.abs(sum) < 1e-300) throw invalid('α⊥ sums to zero: component shares undefined');
  const componentShares = perp.map((v) => v / sum);
  const n = perp.length;
  const lower = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  const upper = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  for (const order of permutations(n)) {
    const is = informationShares(perp, vecm.omega, order);
    for (let i = 0; i < n; i++) {
      lower[i] = Math.min(lower[i]!, is[i]!);
      upper[i] = Math.max(upper[i]!, is[i]!);
    }
  }
  return { vecm, componentShares, informationShareLower: lower, informationShareUpper: upper, informationShareMid: lower.map((l, i) => (l + upper[i]!) / 2) };
}

/**
 * Seeded two-venue generator: a VECM(0) in log prices,
 *   y1_t = y1_{t−1} − a1·(y1 − y2)_{t−1} + e1_t,  y2_t = y2_{t−1} + a2·(y1 − y2)_{t−1} + e2_t,
 * (e1, e2) Gaussian with sds s1, s2 and correlation rho. α = (−a1, a2), so CS_1 = a2/(a1 + a2).
 */
export function simulateTwoVenues(opts: { n: number; a1: number; a2: number; s1: number; s2: number; rho: number; seed: number; start?: number }): [Float64Array, Float64Array] {
  const { n, a1, a2, s1, s2, rho, seed } = opts;
  if (!(Number.isInteger(n) && n >= 2)) throw invalid(`n must be an integer ≥ 2, got ${n}`);
  if (!(a1 >= 0 && a2 >= 0 && a1 + a2 > 0 && a1 + a2 < 2)) throw invalid(`need a1, a2 ≥ 0 with 0 < a1 + a2 < 2 for a stable spread; got ${a1}, ${a2}`);
  if (!(s1 > 0 && s2 > 0 && rho > -1 && rho < 1)) throw invalid('need s1, s2 > 0 and −1 < rho < 1');
  const rng = new SeededRandom(seed);
  const y1 = new Float64Array(n);
  const y2 = new Float64Array(n);
  y1[0] = y2[0] = opts.start ?? Math.log(60000);
  const c = Math.sqrt(1 - rho * rho);
  for (let t = 1; t < n; t++) {
    const z1 = rng.nextGaussian();
    const z2 = rho * z1 + c * rng.nextGaussian();
    const spread = y1[t - 1]! - y2[t - 1]!;
    y1[t] = y1[t - 1]! - a1 * spread + s1 * z1;
    y2[t] = y2[t - 1]! + a2 * spread + s2 * z2;
  }
  return [y1, y2];
}

/**
 * Cross-correlation of two return series, corr(x_{t+ℓ}, y_t) for ℓ = −maxLag..maxLag, with the ±1.96/√n
 * white-noise band. A peak at ℓ < 0 means x leads y by |ℓ| steps (y_t moves with x_{t−|ℓ|}).
 */
export function crossCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, maxLag: number): { lags: number[]; corr: number[]; band: number } {
  if (x.length !== y.length) throw invalid(`crossCorrelation: lengths differ (${x.length} vs ${y.length})`);
  const n = x.length;
  if (!(Number.isInteger(maxLag) && maxLag >= 0 && maxLag < n - 2)) throw invalid(`maxLag must be an integer in [0, ${n - 3}], got ${maxLag}`);
  const lags: number[] = [];
  const corr: number[] = [];
  for (let l = -maxLag; l <= maxLag; l++) {
    let mx = 0;
    let my = 0;
    let cnt = 0;
    for (let t = Math.max(0, -l); t < Math.min(n, n - l); t++) {
      mx += x[t + l]!;
      my += y[t]!;
      cnt++;
    }
    mx /= cnt;
    my /= cnt;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let t = Math.max(0, -l); t < Math.min(n, n - l); t++) {
      const a = x[t + l]! - mx;
      const b = y[t]! - my;
      sxy += a * b;
      sxx += a * a;
      syy += b * b;
    }
    lags.push(l);
    corr.push(sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0);
  }
  return { lags, corr, band: 1.96 / Math.sqrt(n) };
}
