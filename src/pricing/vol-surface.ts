/**
 * The implied vol surface: smiles at listed expiries, each in total variance against its own
 * forward, joined across expiries by interpolating total variance at fixed log-moneyness
 * k = ln(K/F(T)) linearly in (vol-weighted) time τ. Before the first expiry total variance scales
 * with τ (flat vol in calendar time); after the last, the last segment's ATM forward variance
 * rate (floored at zero; one smile: its ATM variance rate) is added uniformly in k, so the last
 * smile's shape carries on and no butterfly arbitrage is extrapolated. The forward curve interpolates ln F
 * linearly in calendar time. Vols reported are always √(w/T) in calendar years, so total variance
 * at listed expiries is exactly the market's whatever clock weights the interpolation.
 */
import { ArbiterError } from '../domain/errors.js';
import { MS_PER_YEAR } from '../domain/time.js';
import { blackUndiscounted, intrinsic } from './black76.js';
import { optionSign, type OptionType } from './option-input.js';
import { PriceDistribution, probabilityAboveFromSmile, probabilityBelowFromSmile, type SmileSlice } from './price-distribution.js';
import { VolSmile, type SmilePoint } from './vol-smile.js';
import type { VolTime } from './vol-time.js';

export interface VolSurfaceSmileInput {
  /** Time to expiry in years (ACT/365). */
  readonly years: number;
  /** Forward for this expiry (e.g. Deribit's underlying_price); default spot·e^{rT}. */
  readonly forward?: number;
  readonly points: readonly SmilePoint[];
}

export interface VolSurfaceInput {
  readonly spot: number;
  /** Continuously compounded discount rate, default 0. */
  readonly rate?: number;
  readonly smiles: readonly VolSurfaceSmileInput[];
  /** Clock weighting the interpolation between expiries; calendar time when absent. */
  readonly volTime?: VolTime;
  /** The instant the surface is as of (epoch ms); required with `volTime`. */
  readonly asOfMs?: number;
}

function invalid(message: string, context: Record<string, number> = {}): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', message, context);
}

export class VolSurface {
  readonly spot: number;
  readonly rate: number;
  /** Smiles sorted by years. */
  readonly smiles: readonly VolSmile[];
  private readonly volTime: VolTime | null;
  private readonly asOfMs: number;
  private readonly tau: Float64Array;
  private readonly lnForward: Float64Array;
  /** ATM forward variance per vol-year of the last segment (one smile: its ATM variance rate), ≥ 0. */
  private readonly tailForwardVariance: number;
  private readonly near = new Float64Array(3);
  private readonly far = new Float64Array(3);
  private readonly scratch = new Float64Array(3);

  /** @throws ArbiterError ARB_INPUT_INVALID on a bad spot, no smiles, duplicate expiries, or volTime without asOfMs. */
  constructor(input: VolSurfaceInput) {
    if (!(input.spot > 0 && input.spot < Infinity)) throw invalid(`surface spot must be > 0, got ${input.spot}`, { spot: input.spot });
    const rate = input.rate ?? 0;
    if (!Number.isFinite(rate)) throw invalid(`surface rate must be finite, got ${rate}`);
    if (input.smiles.length === 0) throw invalid('a surface needs at least one smile');
    if (input.volTime && input.asOfMs === undefined) throw invalid('a vol-time clock needs asOfMs to place expiries in the week');
    this.spot = input.spot;
    this.rate = rate;
    this.volTime = input.volTime ?? null;
    this.asOfMs = input.asOfMs ?? 0;
    const smiles = input.smiles
      .map((s) => new VolSmile({ years: s.years, forward: s.forward ?? input.spot * Math.exp(rate * s.years), points: s.points }))
      .sort((a, b) => a.years - b.years);
    smiles.forEach((s, i) => {
      if (i > 0 && s.years === smiles[i - 1]!.years) throw invalid(`two smiles for the same expiry (${s.years} years)`, { years: s.years });
    });
    this.smiles = smiles;
    this.tau = Float64Array.from(smiles, (s) => this.volYears(s.years));
    this.lnForward = Float64Array.from(smiles, (s) => Math.log(s.forward));
    if (this.tau.some((t) => !(t > 0))) throw invalid('every listed expiry needs positive vol time');
    const n = smiles.length;
    const lastAtm = smiles[n - 1]!.totalVariance(0);
    this.tailForwardVariance = n === 1 ? lastAtm / this.tau[0]! : Math.max(0, (lastAtm - smiles[n - 2]!.totalVariance(0)) / (this.tau[n - 1]! - this.tau[n - 2]!));
  }

  /** Vol-weighted years from asOf to asOf + years (calendar: years itself). */
  volYears(years: number): number {
    if (!(years > 0)) return 0;
    return this.volTime ? this.volTime.volYears(this.asOfMs, this.asOfMs + years * MS_PER_YEAR) : years;
  }

  /** Forward price for any expiry: ln F linear in calendar time through spot and the listed forwards. */
  forward(years: number): number {
    if (!(years > 0)) return this.spot;
    const s = this.smiles;
    const n = s.length;
    const lnSpot = Math.log(this.spot);
    if (years <= s[0]!.years) return Math.exp(lnSpot + ((this.lnForward[0]! - lnSpot) * years) / s[0]!.years);
    const i = this.segment(years);
    const j = Math.min(i + 1, n - 1);
    const i0 = j === i ? i - 1 : i;
    const t0 = i0 < 0 ? 0 : s[i0]!.years;
    const l0 = i0 < 0 ? lnSpot : this.lnForward[i0]!;
    return Math.exp(l0 + ((this.lnForward[j]! - l0) * (years - t0)) / (s[j]!.years - t0));
  }

  /** Discount factor e^{−rT}. */
  discount(years: number): number {
    return Math.exp(-this.rate * Math.max(years, 0));
  }

  /** Index of the last smile with years ≤ T (−1 if none). */
  private segment(years: number): number {
    const s = this.smiles;
    let lo = -1;
    let hi = s.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (s[mid]!.years <= years) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Writes total variance w, ∂w/∂k and ∂²w/∂k² at log-moneyness k (against forward(years)) for any
   * expiry into out[0..2]. Allocates nothing.
   */
  evaluate(k: number, years: number, out: Float64Array): void {
    if (!(years > 0)) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      return;
    }
    const s = this.smiles;
    const n = s.length;
    const tau = this.volYears(years);
    const i = this.segment(years);
    if (i < 0) {
      s[0]!.evaluate(k, out);
      const scale = tau / this.tau[0]!;
      out[0]! *= scale;
      out[1]! *= scale;
      out[2]! *= scale;
      return;
    }
    if (i === n - 1) {
      s[n - 1]!.evaluate(k, out);
      out[0]! += (tau - this.tau[n - 1]!) * this.tailForwardVariance;
      return;
    }
    const near = this.near;
    const far = this.far;
    s[i]!.evaluate(k, near);
    s[i + 1]!.evaluate(k, far);
    const a = (tau - this.tau[i]!) / (this.tau[i + 1]! - this.tau[i]!);
    for (let c = 0; c < 3; c++) out[c] = (1 - a) * near[c]! + a * far[c]!;
  }

  /** Total implied variance σ²T at a strike and expiry (0 for years ≤ 0). */
  totalVariance(strike: number, years: number): number {
    this.evaluate(Math.log(strike / this.forward(years)), years, this.scratch);
    return this.scratch[0]!;
  }

  /** Implied vol (fraction) at a strike and any expiry; at years ≤ 0, the first smile's vol at that strike. */
  vol(strike: number, years: number): number {
    if (!(years > 0)) return this.smiles[0]!.vol(strike);
    return Math.sqrt(this.totalVariance(strike, years) / years);
  }

  /** Discounted Black price of a European option from the surface; intrinsic on spot at years ≤ 0. */
  price(type: OptionType, strike: number, years: number): number {
    const sign = optionSign(type);
    if (!(years > 0)) return intrinsic(sign, this.spot, strike);
    const f = this.forward(years);
    this.evaluate(Math.log(strike / f), years, this.scratch);
    return this.discount(years) * blackUndiscounted(sign, f, strike, Math.sqrt(this.scratch[0]!));
  }

  /** Risk-neutral P(S_T > strike) for any expiry, smile-consistent (N(d2) plus the skew term). */
  probabilityAbove(strike: number, years: number): number {
    if (!(years > 0)) return this.spot > strike ? 1 : this.spot < strike ? 0 : 0.5;
    const k = Math.log(strike / this.forward(years));
    this.evaluate(k, years, this.scratch);
    return probabilityAboveFromSmile(k, this.scratch[0]!, this.scratch[1]!);
  }

  /** Risk-neutral P(S_T < strike) for any expiry. */
  probabilityBelow(strike: number, years: number): number {
    if (!(years > 0)) return this.spot < strike ? 1 : this.spot > strike ? 0 : 0.5;
    const k = Math.log(strike / this.forward(years));
    this.evaluate(k, years, this.scratch);
    return probabilityBelowFromSmile(k, this.scratch[0]!, this.scratch[1]!);
  }

  /** The price distribution at one expiry (listed or not): CDF, density and quantile. */
  distribution(years: number): PriceDistribution {
    if (!(years > 0)) throw invalid(`a distribution needs years > 0, got ${years}`, { years });
    const slice: SmileSlice = { years, forward: this.forward(years), evaluate: (k, out) => this.evaluate(k, years, out) };
    return new PriceDistribution(slice);
  }

  /** Quantile of S_T at any expiry: the price K with P(S_T < K) = p. */
  ppf(p: number, years: number): number {
    return this.distribution(years).ppf(p);
  }
}
