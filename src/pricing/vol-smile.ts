/**
 * One expiry's smile: total implied variance w(k) = σ²T as a function of log-moneyness
 * k = ln(K/F) against that expiry's forward. Between quoted strikes w is a shape-preserving
 * piecewise cubic (PCHIP, Fritsch–Butland slopes): C¹, local, and never overshooting the quotes, so
 * it adds no wiggles (and no butterfly arbitrage) the data do not have. Beyond the wings w is linear
 * in k with the end secant's slope clamped to Lee's moment bounds: 0 ≤ dw/dk ≤ 2 on the right,
 * −2 ≤ dw/dk ≤ 0 on the left (a wing that would fall becomes flat total variance). The end slopes of
 * the cubic are those wing slopes, so w, and with it the digital, stay continuous everywhere.
 */
import { ArbiterError } from '../domain/errors.js';

export interface SmilePoint {
  readonly strike: number;
  /** Implied vol as a fraction (0.55 = 55 %). */
  readonly vol: number;
  readonly bidVol?: number;
  readonly askVol?: number;
}

export interface VolSmileInput {
  /** Time to expiry in years (ACT/365). */
  readonly years: number;
  /** Forward price for this expiry; log-moneyness is measured against it. */
  readonly forward: number;
  readonly points: readonly SmilePoint[];
}

/** Lee (2004): total variance grows at most like 2|k| in the wings. */
export const MAX_WING_SLOPE = 2;

function invalid(message: string, context: Record<string, number> = {}): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', message, context);
}

/** Fritsch–Butland weighted harmonic mean of neighbouring secants; 0 at a local extremum. */
function pchipSlope(h0: number, h1: number, s0: number, s1: number): number {
  if (s0 * s1 <= 0) return 0;
  const w0 = 2 * h1 + h0;
  const w1 = h1 + 2 * h0;
  return (w0 + w1) / (w0 / s0 + w1 / s1);
}

export class VolSmile {
  readonly years: number;
  readonly forward: number;
  /** Quotes sorted by strike. */
  readonly points: readonly SmilePoint[];
  private readonly k: Float64Array;
  private readonly w: Float64Array;
  private readonly d: Float64Array;
  private readonly scratch = new Float64Array(3);

  /** @throws ArbiterError ARB_INPUT_INVALID on no points, duplicate strikes, or non-positive years, forward, strikes or vols. */
  constructor(input: VolSmileInput) {
    if (!(input.years > 0 && input.years < Infinity)) throw invalid(`smile years must be > 0, got ${input.years}`, { years: input.years });
    if (!(input.forward > 0 && input.forward < Infinity)) throw invalid(`smile forward must be > 0, got ${input.forward}`, { forward: input.forward });
    if (input.points.length === 0) throw invalid('a smile needs at least one point', { years: input.years });
    this.years = input.years;
    this.forward = input.forward;
    this.points = [...input.points].sort((a, b) => a.strike - b.strike);
    const n = this.points.length;
    this.k = new Float64Array(n);
    this.w = new Float64Array(n);
    this.d = new Float64Array(n);
    this.points.forEach((p, i) => {
      if (!(p.strike > 0 && p.strike < Infinity) || !(p.vol > 0 && p.vol < Infinity)) {
        throw invalid(`smile point needs strike > 0 and vol > 0, got ${p.strike} / ${p.vol}`, { strike: p.strike, vol: p.vol });
      }
      if (i > 0 && p.strike === this.points[i - 1]!.strike) throw invalid(`duplicate strike ${p.strike} in smile`, { strike: p.strike, years: input.years });
      this.k[i] = Math.log(p.strike / this.forward);
      this.w[i] = p.vol * p.vol * this.years;
    });
    this.computeSlopes();
  }

  private computeSlopes(): void {
    const { k, w, d } = this;
    const n = k.length;
    if (n === 1) return;
    for (let i = 1; i < n - 1; i++) {
      const h0 = k[i]! - k[i - 1]!;
      const h1 = k[i + 1]! - k[i]!;
      d[i] = pchipSlope(h0, h1, (w[i]! - w[i - 1]!) / h0, (w[i + 1]! - w[i]!) / h1);
    }
    const left = (w[1]! - w[0]!) / (k[1]! - k[0]!);
    const right = (w[n - 1]! - w[n - 2]!) / (k[n - 1]! - k[n - 2]!);
    d[0] = Math.min(0, Math.max(-MAX_WING_SLOPE, left));
    d[n - 1] = Math.max(0, Math.min(MAX_WING_SLOPE, right));
  }

  /** ln(strike / forward). */
  logMoneyness(strike: number): number {
    return Math.log(strike / this.forward);
  }

  /**
   * Writes w(k), dw/dk and d²w/dk² at log-moneyness k into out[0..2]; allocates nothing.
   */
  evaluate(k: number, out: Float64Array): void {
    const ks = this.k;
    const n = ks.length;
    const last = n - 1;
    if (k <= ks[0]! || n === 1) {
      out[0] = this.w[0]! + this.d[0]! * (k - ks[0]!);
      out[1] = this.d[0]!;
      out[2] = 0;
      return;
    }
    if (k >= ks[last]!) {
      out[0] = this.w[last]! + this.d[last]! * (k - ks[last]!);
      out[1] = this.d[last]!;
      out[2] = 0;
      return;
    }
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (ks[mid]! <= k) lo = mid;
      else hi = mid;
    }
    const h = ks[hi]! - ks[lo]!;
    const t = (k - ks[lo]!) / h;
    const w0 = this.w[lo]!;
    const w1 = this.w[hi]!;
    const d0 = this.d[lo]!;
    const d1 = this.d[hi]!;
    const t2 = t * t;
    const t3 = t2 * t;
    out[0] = (2 * t3 - 3 * t2 + 1) * w0 + (t3 - 2 * t2 + t) * h * d0 + (3 * t2 - 2 * t3) * w1 + (t3 - t2) * h * d1;
    out[1] = ((6 * t2 - 6 * t) * (w0 - w1)) / h + (3 * t2 - 4 * t + 1) * d0 + (3 * t2 - 2 * t) * d1;
    out[2] = ((12 * t - 6) * (w0 - w1)) / (h * h) + ((6 * t - 4) * d0 + (6 * t - 2) * d1) / h;
  }

  /** Total variance σ²T at log-moneyness k. */
  totalVariance(k: number): number {
    this.evaluate(k, this.scratch);
    return this.scratch[0]!;
  }

  /** Implied vol (fraction) at a strike. */
  vol(strike: number): number {
    return Math.sqrt(this.totalVariance(this.logMoneyness(strike)) / this.years);
  }

  /** Implied vol at the forward (k = 0). */
  atmVol(): number {
    return Math.sqrt(this.totalVariance(0) / this.years);
  }

  /** Log-moneyness of the quoted strikes, ascending (a copy). */
  knots(): Float64Array {
    return this.k.slice();
  }
}
