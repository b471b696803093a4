/**
 * The seeded market every venue simulator quotes from, so Deribit options, Derive options and
 * Polymarket "BTC above K" binaries are consistent with one another: BTC follows a Merton
 * jump-diffusion, and implied vols follow a smile (skewed, convex in log-moneyness, with an
 * upward-sloping ATM term structure). Fair values come from the pricing module.
 *
 * ETH follows BTC with an idiosyncratic factor X (ETH/BTC = 0.036·e^X): an OU in seconds that
 * mean-reverts (half-life 5 s, stationary sd 5 bp), so an ETH-vs-BTC log spread reverts. The
 * ETHBTC book quotes the cross with a lag (it follows X with a 1 s time constant) and takes
 * seeded order-flow bursts D (about one every 6 s, 0.45–0.85 %, decaying with 1.5 s): transient
 * triangle dislocations against ETHUSDT / BTCUSDT. The ETH factor draws from its own generator,
 * so the BTC path (and every simulator quoting only BTC) is the same with or without it.
 * Aggressive order flow: now and then a trade walks past the touch (`sweepFraction`), which is
 * what fills resting quotes away from the best prices; it too has its own generator.
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

/** ETH/BTC level of the ETH factor (ETH ≈ 3,420 USD at the default 95,000 BTC). */
export const ETH_BTC_RATIO = 0.036;
const ETH_HALF_LIFE_SEC = 5;
const ETH_STATIONARY_SD = 0.0005;
const CROSS_LAG_SEC = 1;
const BURSTS_PER_SEC = 1 / 6;
const BURST_MIN = 0.0045;
const BURST_SPAN = 0.004;
const BURST_DECAY_SEC = 1.5;

export class BtcMarketModel {
  readonly rate: number;
  private readonly rng: SeededRandom;
  private readonly ethRng: SeededRandom;
  private readonly flowRng: SeededRandom;
  private ethX = 0;
  private ethXQuoted = 0;
  private crossBurst = 0;
  private spotPrice: number;
  private t: number;
  private readonly vol: number;
  private readonly lambda: number;
  private readonly jumpMean: number;
  private readonly jumpStd: number;

  constructor(options: BtcMarketModelOptions) {
    this.rng = new SeededRandom(options.seed);
    this.ethRng = new SeededRandom(options.seed * 7_919 + 17);
    this.flowRng = new SeededRandom(options.seed * 104_729 + 29);
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
    this.advanceEth((toMs - this.t) / 1000);
    this.t = toMs;
  }

  /** ETH in BTC, e^X: multiply a BTC-quoted ETH price (ETHUSDT = BTC spot × ratio × factor). */
  get ethFactor(): number {
    return Math.exp(this.ethX);
  }

  /** The factor as the ETHBTC book quotes it: lagging X, plus the transient order-flow burst. */
  get ethCrossFactor(): number {
    return Math.exp(this.ethXQuoted + this.crossBurst);
  }

  /** How far past the touch a trade prints, as a fraction of the price: 0 mostly, up to 6 bp for one trade in ten. */
  sweepFraction(): number {
    return this.flowRng.nextFloat() < 0.1 ? 0.0006 * this.flowRng.nextFloat() : 0;
  }

  /** Exact OU step for X, the lagged quote, Poisson bursts (inversion) and their decay, over `dt` seconds. */
  private advanceEth(dt: number): void {
    const decay = Math.exp((-Math.LN2 / ETH_HALF_LIFE_SEC) * dt);
    this.ethX = this.ethX * decay + ETH_STATIONARY_SD * Math.sqrt(1 - decay * decay) * this.ethRng.nextGaussian();
    this.ethXQuoted += (this.ethX - this.ethXQuoted) * (1 - Math.exp(-dt / CROSS_LAG_SEC));
    this.crossBurst *= Math.exp(-dt / BURST_DECAY_SEC);
    if (this.ethRng.nextFloat() < 1 - Math.exp(-BURSTS_PER_SEC * dt)) {
      const size = BURST_MIN + BURST_SPAN * this.ethRng.nextFloat();
      this.crossBurst += this.ethRng.nextFloat() < 0.5 ? -size : size;
    }
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
