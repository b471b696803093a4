/**
 * The risk-neutral distribution of the price at one expiry implied by a smile. With total
 * variance w(k), k = ln(K/F), ν = √w and d2 = −k/ν − ν/2, the digital is minus the strike
 * derivative of the call (Breeden–Litzenberger), which includes the skew term:
 *   P(S_T > K) = N(d2) − φ(d2)·w′(k)/(2ν),
 * and the density is minus its strike derivative (it uses w″). The quantile inverts the CDF by a
 * bracketed Newton iteration in k, monotone whenever the smile is free of butterfly arbitrage.
 */
import { normCdf, normPdf, normPpf } from './normal.js';

/** P(S_T > K) from total variance w and its slope dw = ∂w/∂k at log-moneyness k. */
export function probabilityAboveFromSmile(k: number, w: number, dw: number): number {
  if (!(w > 0)) return k < 0 ? 1 : k > 0 ? 0 : 0.5;
  const nu = Math.sqrt(w);
  const d2 = -k / nu - 0.5 * nu;
  return normCdf(d2) - (normPdf(d2) * dw) / (2 * nu);
}

/** P(S_T < K), computed directly so that small lower-tail probabilities keep their digits. */
export function probabilityBelowFromSmile(k: number, w: number, dw: number): number {
  if (!(w > 0)) return k > 0 ? 1 : k < 0 ? 0 : 0.5;
  const nu = Math.sqrt(w);
  const d2 = -k / nu - 0.5 * nu;
  return normCdf(-d2) + (normPdf(d2) * dw) / (2 * nu);
}

/** ∂P(S_T < K)/∂k = K·density(K), from w, w′ and w″ at k. */
export function cdfSlopeInLogStrike(k: number, w: number, dw: number, d2w: number): number {
  if (!(w > 0)) return 0;
  const nu = Math.sqrt(w);
  const d2 = -k / nu - 0.5 * nu;
  const dnu = dw / (2 * nu);
  const dd2 = -1 / nu + (k / w - 0.5) * dnu;
  const skew = dw / (2 * nu);
  return -normPdf(d2) * (dd2 * (1 + d2 * skew) - d2w / (2 * nu) + (dw * dw) / (4 * w * nu));
}

/** One expiry of a surface: its forward, and w, w′, w″ at any log-moneyness. */
export interface SmileSlice {
  readonly years: number;
  readonly forward: number;
  /** Writes w(k), ∂w/∂k, ∂²w/∂k² into out[0..2]. */
  evaluate(k: number, out: Float64Array): void;
}

const MAX_ITERATIONS = 200;

export class PriceDistribution {
  readonly years: number;
  readonly forward: number;
  private readonly slice: SmileSlice;
  private readonly scratch = new Float64Array(3);

  constructor(slice: SmileSlice) {
    this.slice = slice;
    this.years = slice.years;
    this.forward = slice.forward;
  }

  /** Risk-neutral P(S_T > strike). */
  probabilityAbove(strike: number): number {
    const k = Math.log(strike / this.forward);
    this.slice.evaluate(k, this.scratch);
    return probabilityAboveFromSmile(k, this.scratch[0]!, this.scratch[1]!);
  }

  /** Risk-neutral P(S_T < strike); the CDF. */
  probabilityBelow(strike: number): number {
    const k = Math.log(strike / this.forward);
    this.slice.evaluate(k, this.scratch);
    return probabilityBelowFromSmile(k, this.scratch[0]!, this.scratch[1]!);
  }

  /** Same as probabilityBelow. */
  cdf(price: number): number {
    return this.probabilityBelow(price);
  }

  /** Risk-neutral density of S_T at `price` (per unit of price). */
  density(price: number): number {
    const k = Math.log(price / this.forward);
    this.slice.evaluate(k, this.scratch);
    return cdfSlopeInLogStrike(k, this.scratch[0]!, this.scratch[1]!, this.scratch[2]!) / price;
  }

  /**
   * Quantile: the price K with P(S_T < K) = p (0 → 0, 1 → ∞, NaN outside [0, 1]).
   * Starts from the lognormal quantile at the ATM variance, brackets, then Newton with bisection.
   */
  ppf(p: number): number {
    if (!(p >= 0 && p <= 1)) return NaN;
    if (p === 0) return 0;
    if (p === 1) return Infinity;
    const lower = p <= 0.5;
    const target = lower ? p : 1 - p;
    // f(k) increases with k: P(below) − p, or (1 − p) − P(above).
    const f = (k: number): number => {
      this.slice.evaluate(k, this.scratch);
      const w = this.scratch[0]!;
      const dw = this.scratch[1]!;
      return lower ? probabilityBelowFromSmile(k, w, dw) - target : target - probabilityAboveFromSmile(k, w, dw);
    };
    this.slice.evaluate(0, this.scratch);
    const nu = Math.sqrt(Math.max(this.scratch[0]!, 1e-300));
    let k = -0.5 * nu * nu + nu * normPpf(p);
    let lo = k - nu;
    let hi = k + nu;
    for (let step = nu; f(lo) > 0; step *= 2) lo -= step;
    for (let step = nu; f(hi) < 0; step *= 2) hi += step;
    k = Math.min(Math.max(k, lo), hi);
    for (let i = 0; i < MAX_ITERATIONS; i++) {
      const value = f(k);
      if (value === 0) break;
      if (value < 0) lo = k;
      else hi = k;
      const slope = cdfSlopeInLogStrike(k, this.scratch[0]!, this.scratch[1]!, this.scratch[2]!);
      let next = k - value / slope;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (Math.abs(next - k) <= 1e-13 * Math.max(1, Math.abs(k)) || hi - lo <= 1e-15) {
        k = next;
        break;
      }
      k = next;
    }
    return this.forward * Math.exp(k);
  }
}
