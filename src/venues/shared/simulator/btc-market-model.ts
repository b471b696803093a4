/**
 * The seeded market every venue simulator quotes from, so Deribit options, Derive options and
 * Polymarket "BTC above K" binaries are consistent with one another: BTC follows a Merton
 * jump-diffusion, and implied vols follow a smile (skewed, convex in log-moneyness, with an
 * upward-sloping ATM term structure). Fair values come from the pricing module.
 */
import { MS_PER_YEAR } from '../../../domain/time.js';
import { SeededRandom } from '../../../optimizer/seeded-random.js';
import { bsPrice, normCdf } from '../../../pricing/index.js';

export interface BtcMarketModelOptions {
  readonly seed: number;
  readonly startMs: number;
  readonly spot?: number;
  /** Diffusive volatility, annualised fraction. */
  readonly vol?: number;
  /** Jumps per year, mean and standard deviation of the log jump. */
  readonly jumpsPerYear?: number;
  readonly jumpMean?: number;
  readonly jumpStd?: number;
  /** Continuously compounded rate; forwards are spot × e^{rT}. */
  readonly rate?: number;
}

export class BtcMarketModel {
  readonly rate: number;
  private readonly rng: SeededRandom;
  private spotPrice: number;
  private t: number;
  private readonly vol: number;
  private readonly lambda: number;
  private readonly jumpMean: number;
  private readonly jumpStd: number;

  constructor(options: BtcMarketModelOptions) {
    this.rng = new SeededRandom(options.seed);
    this.spotPrice = options.spot ?? 95_000;
    this.t = options.startMs;
    this.vol = options.vol ?? 0.5;
    this.lambda = options.jumpsPerYear ?? 12;
    this.jumpMean = options.jumpMean ?? -0.005;
    this.jumpStd = options.jumpStd ?? 0.02;
    this.rate = options.rate ?? 0;
  }

  get nowMs(): number {
    return this.t;
  }

  get spot(): number {
    return this.spotPrice;
  }

  /** Standard normal draw (Box–Muller, both values used). */
  gaussian(): number {
    return this.rng.nextGaussian();
  }

  uniform(): number {
    return this.rng.nextFloat();
  }

  /** Moves the path to `toMs` (no-op for earlier times). Martingale in the risk-neutral drift. */
  advanceTo(toMs: number): void {
    if (toMs <= this.t) return;
    const dt = (toMs - this.t) / MS_PER_YEAR;
    const kappa = Math.exp(this.jumpMean + 0.5 * this.jumpStd * this.jumpStd) - 1;
    let logReturn = (this.rate - this.lambda * kappa - 0.5 * this.vol * this.vol) * dt + this.vol * Math.sqrt(dt) * this.gaussian();
    // Poisson number of jumps in dt by inversion (dt is small, so almost always 0).
    let p = Math.exp(-this.lambda * dt);
    let cumulative = p;
    const u = this.uniform();
    let jumps = 0;
    while (u > cumulative && jumps < 20) {
      jumps++;
      p *= (this.lambda * dt) / jumps;
      cumulative += p;
    }
    for (let j = 0; j < jumps; j++) logReturn += this.jumpMean + this.jumpStd * this.gaussian();
    this.spotPrice *= Math.exp(logReturn);
    this.t = toMs;
  }

  yearsTo(expiryMs: number): number {
    return Math.max(0, (expiryMs - this.t) / MS_PER_YEAR);
  }

  forward(expiryMs: number): number {
    return this.spotPrice * Math.exp(this.rate * this.yearsTo(expiryMs));
  }

  /** ATM vol rising gently with maturity, skewed and convex in log-moneyness scaled by √T. */
  impliedVol(strike: number, expiryMs: number): number {
    const years = Math.max(this.yearsTo(expiryMs), 1 / (365 * 24));
    const atm = 0.48 + 0.06 * Math.min(1, Math.sqrt(years));
    const x = Math.log(strike / this.forward(expiryMs)) / Math.sqrt(years);
    return Math.max(0.05, atm * (1 - 0.12 * x + 0.05 * x * x));
  }

  /** USD value of a call or put under the smile. */
  optionValue(right: 'call' | 'put', strike: number, expiryMs: number): number {
    return bsPrice({ type: right, spot: this.spotPrice, strike, years: this.yearsTo(expiryMs), vol: this.impliedVol(strike, expiryMs), rate: this.rate });
  }

  /**
   * Risk-neutral P(S_T > K) consistent with the smile: −∂C/∂K (discounted back), by a central
   * difference of smile prices, so binaries agree with the option chain.
   */
  probabilityAbove(strike: number, expiryMs: number): number {
    const years = this.yearsTo(expiryMs);
    if (years <= 0) return this.spotPrice > strike ? 1 : 0;
    const h = strike * 1e-4;
    const up = this.optionValue('call', strike + h, expiryMs);
    const down = this.optionValue('call', strike - h, expiryMs);
    const p = (-(up - down) / (2 * h)) * Math.exp(this.rate * years);
    if (!Number.isFinite(p)) return normCdf(Math.log(this.forward(expiryMs) / strike));
    return Math.min(1, Math.max(0, p));
  }
}
