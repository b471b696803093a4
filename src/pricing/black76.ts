/**
 * Black-76: European options on a forward (futures, or a spot's forward), and the undiscounted
 * Black kernel every closed-form pricer here shares. Units: years ACT/365, vol a fraction,
 * rate continuously compounded; greeks in QuantLib's convention (see `OptionGreeks`).
 */
import { normCdf, normPdf } from './normal.js';
import { assertFinite, assertNonNegative, assertPositive, optionSign, type OptionGreeks, type OptionType } from './option-input.js';

/** A European option on a forward `forward` for expiry `years`, discounted at `rate` (default 0). */
export interface Black76Input {
  readonly type: OptionType;
  readonly forward: number;
  readonly strike: number;
  readonly years: number;
  readonly vol: number;
  readonly rate?: number;
}

/**
 * Undiscounted Black value of a call (sign +1) or put (−1) with total standard deviation
 * `stdDev` = σ√T. At zero standard deviation it is the forward intrinsic value.
 */
export function blackUndiscounted(sign: number, forward: number, strike: number, stdDev: number): number {
  if (stdDev === 0) return Math.max(sign * (forward - strike), 0);
  const d1 = Math.log(forward / strike) / stdDev + 0.5 * stdDev;
  return sign * (forward * normCdf(sign * d1) - strike * normCdf(sign * (d1 - stdDev)));
}

/** d1 with the zero-variance limit: ±∞ by the sign of ln(F/K), 0 at the money. */
export function blackD1(forward: number, strike: number, stdDev: number): number {
  const lnFK = Math.log(forward / strike);
  if (stdDev === 0) return lnFK > 0 ? Infinity : lnFK < 0 ? -Infinity : 0;
  return lnFK / stdDev + 0.5 * stdDev;
}

/** Payoff value at expiry (years ≤ 0); ties at the strike count as worthless. */
export function intrinsic(sign: number, underlying: number, strike: number): number {
  return Math.max(sign * (underlying - strike), 0);
}

export function checkBlack76(o: Black76Input): number {
  const sign = optionSign(o.type);
  assertPositive('forward', o.forward);
  assertPositive('strike', o.strike);
  assertFinite('years', o.years);
  assertNonNegative('vol', o.vol);
  if (o.rate !== undefined) assertFinite('rate', o.rate);
  return sign;
}

/**
 * Black-76 price of a European option on a forward: e^{−rT}·[F·N(d1) − K·N(d2)] for a call.
 * Expired options (years ≤ 0) return the intrinsic value on `forward`, taken as the settlement price.
 * @throws ArbiterError ARB_INPUT_INVALID on a non-positive forward or strike, negative vol or a non-finite field.
 * @example black76Price({ type: 'call', forward: 100, strike: 100, years: 1, vol: 0.2 }) // 7.9656…
 */
export function black76Price(o: Black76Input): number {
  const sign = checkBlack76(o);
  if (o.years <= 0) return intrinsic(sign, o.forward, o.strike);
  const df = Math.exp(-(o.rate ?? 0) * o.years);
  return df * blackUndiscounted(sign, o.forward, o.strike, o.vol * Math.sqrt(o.years));
}

/**
 * Black-76 greeks with the forward as the underlying: delta = ∂V/∂F, gamma = ∂²V/∂F², vega per
 * 1.00 vol, theta = dV/dt per calendar year holding F, rho = ∂V/∂r holding F (= −T·V).
 * Expired options: delta is the payoff slope (0.5 exactly at the strike), the rest 0.
 */
export function black76Greeks(o: Black76Input): OptionGreeks {
  const sign = checkBlack76(o);
  const { forward: f, strike: k, years: t, vol } = o;
  if (t <= 0) return expiredGreeks(sign, f, k);
  const r = o.rate ?? 0;
  const df = Math.exp(-r * t);
  const sqrtT = Math.sqrt(t);
  const stdDev = vol * sqrtT;
  const d1 = blackD1(f, k, stdDev);
  const pdf = normPdf(d1);
  const value = df * blackUndiscounted(sign, f, k, stdDev);
  const vega = df * f * pdf * sqrtT;
  return {
    delta: sign * df * normCdf(sign * d1),
    gamma: stdDev === 0 ? 0 : (df * pdf) / (f * stdDev),
    vega,
    theta: r * value - (stdDev === 0 ? 0 : (df * f * pdf * vol) / (2 * sqrtT)),
    rho: -t * value,
  };
}

export function expiredGreeks(sign: number, underlying: number, strike: number): OptionGreeks {
  const itm = sign * (underlying - strike);
  return { delta: itm > 0 ? sign : itm === 0 ? 0.5 * sign : 0, gamma: 0, vega: 0, theta: 0, rho: 0 };
}
