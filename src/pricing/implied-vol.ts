/**
 * Implied volatility by a safeguarded Halley iteration on Jäckel's normalised Black price.
 * The option is first turned into its out-of-the-money twin by put–call parity (so deep in-the-money
 * quotes are solved through their time value), then normalised to b(x, s) with x = −|ln(F/K)| ≤ 0
 * and s = σ√T. Below the inflection point s_c = √(2|x|) the iteration runs on ln b, above it on
 * ln(b_max − b); both are close to linear there, so 2–4 steps from the asymptotic starting guesses
 * reach machine precision. A bracket kept from every evaluation makes the iteration fall back to
 * bisection whenever a step leaves it, so it cannot diverge.
 */
import { normCdf, normPdf, normPpf } from './normal.js';
import { assertFinite, assertPositive, optionSign, type OptionType } from './option-input.js';

/** A quoted option price on a spot; units as in `OptionInput` (price in the strike currency). */
export interface ImpliedVolInput {
  readonly type: OptionType;
  readonly price: number;
  readonly spot: number;
  readonly strike: number;
  readonly years: number;
  readonly rate?: number;
  readonly dividend?: number;
}

/** A quoted option price on a forward (Black-76), e.g. a Deribit option priced on its expiry's forward. */
export interface ImpliedVolBlack76Input {
  readonly type: OptionType;
  readonly price: number;
  readonly forward: number;
  readonly strike: number;
  readonly years: number;
  readonly rate?: number;
}

const MAX_ITERATIONS = 40;
/** Relative Halley step below which the new iterate is final: its error is then of order step³. */
const STEP_TOLERANCE = 1e-7;
const SQRT_2PI = 2.5066282746310002;

/** Halley step for an increasing objective f with derivatives f1 > 0 and f2; Newton if Halley misbehaves. */
function halleyStep(f: number, f1: number, f2: number): number {
  const newton = f / f1;
  const denominator = 1 - 0.5 * newton * (f2 / f1);
  return denominator > 0.5 ? -newton / denominator : -newton;
}

/**
 * Solves b(x, s) = beta for the standard deviation s, where
 * b(x, s) = e^{x/2}·N(x/s + s/2) − e^{−x/2}·N(x/s − s/2) is the normalised out-of-the-money call
 * (x ≤ 0), requiring 0 < beta < e^{x/2}.
 */
export function normalisedStdDev(beta: number, x: number): number {
  const ex = Math.exp(0.5 * x);
  const emx = 1 / ex;
  let lo = 0;
  let hi = Infinity;
  let s: number;
  let low = false;
  if (x === 0) {
    s = -2 * normPpf(0.5 * (1 - beta));
    if (!(s > 0)) s = beta * SQRT_2PI;
  } else {
    const sc = Math.sqrt(-2 * x);
    const bc = 0.5 * ex - emx * normCdf(-sc);
    if (beta <= bc) {
      low = true;
      hi = sc;
      s = 1 / Math.sqrt(1 / (sc * sc) + (2 * Math.log(bc / beta)) / (x * x));
    } else {
      lo = sc;
      s = -2 * normPpf((0.5 * (ex - beta)) / (0.5 * (ex + emx)));
      if (!(s > sc)) s = 1.5 * sc;
    }
  }
  const target = ex - beta;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const d1 = x / s + 0.5 * s;
    const d2 = d1 - s;
    const vega = ex * normPdf(d1);
    const curvature = vega * ((x * x) / (s * s * s) - 0.25 * s);
    let step: number;
    if (low) {
      const b = ex * normCdf(d1) - emx * normCdf(d2);
      if (b < beta) lo = s;
      else if (b > beta) hi = s;
      else return s;
      const g1 = vega / b;
      step = halleyStep(Math.log(b / beta), g1, curvature / b - g1 * g1);
    } else {
      const rest = ex * normCdf(-d1) + emx * normCdf(d2);
      if (rest > target) lo = s;
      else if (rest < target) hi = s;
      else return s;
      const h1 = vega / rest;
      step = halleyStep(Math.log(target / rest), h1, curvature / rest + h1 * h1);
    }
    const next = s + step;
    if (next > lo && next < hi) {
      if (Math.abs(step) <= STEP_TOLERANCE * s) return next;
      s = next;
    } else {
      s = hi === Infinity ? 2 * s : 0.5 * (lo + hi);
    }
  }
  return s;
}

/**
 * Core solver on an undiscounted price: null outside the no-arbitrage bounds
 * intrinsic ≤ price < F (call) or K (put); 0 exactly at intrinsic value.
 */
function impliedVolForward(sign: number, undiscounted: number, forward: number, strike: number, years: number): number | null {
  if (!(years > 0)) return null;
  const timeValue = undiscounted - Math.max(sign * (forward - strike), 0);
  if (!(timeValue >= 0)) return null;
  if (undiscounted >= (sign > 0 ? forward : strike)) return null;
  if (timeValue === 0) return 0;
  const x = -Math.abs(Math.log(forward / strike));
  const beta = timeValue / Math.sqrt(forward * strike);
  if (!(beta < Math.exp(0.5 * x))) return null;
  return normalisedStdDev(beta, x) / Math.sqrt(years);
}

/**
 * Black–Scholes implied volatility (a fraction) of a European option price on a spot, converged
 * to ~1e-14 relative in σ√T. Returns null when the price is outside the no-arbitrage bounds
 * (below the discounted intrinsic value S·e^{−qT} − K·e^{−rT} or at/above S·e^{−qT} for a call,
 * K·e^{−rT} for a put) or when years ≤ 0; returns 0 for a price exactly at the lower bound.
 * @throws ArbiterError ARB_INPUT_INVALID on a non-positive spot or strike or a non-finite field.
 * @example impliedVol({ type: 'call', price: 4.7594, spot: 42, strike: 40, years: 0.5, rate: 0.1 }) // ≈ 0.2
 */
export function impliedVol(o: ImpliedVolInput): number | null {
  const sign = optionSign(o.type);
  assertPositive('spot', o.spot);
  assertPositive('strike', o.strike);
  assertFinite('price', o.price);
  assertFinite('years', o.years);
  const r = o.rate ?? 0;
  const q = o.dividend ?? 0;
  assertFinite('rate', r);
  assertFinite('dividend', q);
  const forward = o.spot * Math.exp((r - q) * o.years);
  return impliedVolForward(sign, o.price * Math.exp(r * o.years), forward, o.strike, o.years);
}

/** Black-76 implied volatility on a forward; bounds and accuracy as in `impliedVol`. */
export function impliedVolBlack76(o: ImpliedVolBlack76Input): number | null {
  const sign = optionSign(o.type);
  assertPositive('forward', o.forward);
  assertPositive('strike', o.strike);
  assertFinite('price', o.price);
  assertFinite('years', o.years);
  const r = o.rate ?? 0;
  assertFinite('rate', r);
  return impliedVolForward(sign, o.price * Math.exp(r * o.years), o.forward, o.strike, o.years);
}
