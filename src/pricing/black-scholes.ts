/**
 * Black–Scholes(–Merton) on a spot with continuous rate and dividend (carry) yield: price,
 * greeks and the cash-or-nothing digital. Units: years ACT/365, vol a fraction, rates
 * continuously compounded; greeks in QuantLib's convention (see `OptionGreeks`).
 */
import { blackD1, blackUndiscounted, expiredGreeks, intrinsic } from './black76.js';
import { normCdf, normPdf } from './normal.js';
import { checkOptionInput, type OptionGreeks, type OptionInput } from './option-input.js';

/**
 * Black–Scholes price: call = S·e^{−qT}·N(d1) − K·e^{−rT}·N(d2), put by symmetry.
 * Expired options (years ≤ 0) return the intrinsic value max(±(S − K), 0); zero vol gives the
 * discounted forward intrinsic value.
 * @throws ArbiterError ARB_INPUT_INVALID on non-positive spot or strike, negative vol, non-finite fields.
 * @example bsPrice({ type: 'call', spot: 42, strike: 40, years: 0.5, vol: 0.2, rate: 0.1 }) // 4.7594 (Hull)
 */
export function bsPrice(o: OptionInput): number {
  const sign = checkOptionInput(o);
  const t = o.years;
  if (t <= 0) return intrinsic(sign, o.spot, o.strike);
  const r = o.rate ?? 0;
  const q = o.dividend ?? 0;
  // Skipping e^0 matters here: Math.exp is a third of the cost of a price.
  const df = r === 0 ? 1 : Math.exp(-r * t);
  const carry = q === 0 ? 1 : Math.exp(-q * t);
  return df * blackUndiscounted(sign, (o.spot * carry) / df, o.strike, o.vol * Math.sqrt(t));
}

/**
 * Black–Scholes greeks: delta = ∂V/∂S, gamma = ∂²V/∂S², vega = ∂V/∂σ (per 1.00 vol),
 * theta = dV/dt per calendar year (= −∂V/∂T), rho = ∂V/∂r (per 1.00 rate).
 * Expired options: delta is the payoff slope (±0.5 exactly at the strike), the rest 0.
 */
export function bsGreeks(o: OptionInput): OptionGreeks {
  const sign = checkOptionInput(o);
  const { spot: s, strike: k, years: t, vol } = o;
  if (t <= 0) return expiredGreeks(sign, s, k);
  const r = o.rate ?? 0;
  const q = o.dividend ?? 0;
  const df = Math.exp(-r * t);
  const carry = Math.exp(-q * t);
  const sqrtT = Math.sqrt(t);
  const stdDev = vol * sqrtT;
  const d1 = blackD1(s * Math.exp((r - q) * t), k, stdDev);
  const d2 = d1 - stdDev;
  const pdf = normPdf(d1);
  const nd1 = normCdf(sign * d1);
  const nd2 = normCdf(sign * d2);
  const decay = stdDev === 0 ? 0 : (s * carry * pdf * vol) / (2 * sqrtT);
  return {
    delta: sign * carry * nd1,
    gamma: stdDev === 0 ? 0 : (carry * pdf) / (s * stdDev),
    vega: s * carry * pdf * sqrtT,
    theta: -decay + sign * (q * s * carry * nd1 - r * k * df * nd2),
    rho: sign * k * t * df * nd2,
  };
}

/**
 * Cash-or-nothing digital paying 1 (in the strike currency) if S_T > K (call) or S_T < K (put):
 * e^{−rT}·N(±d2). This is the flat-vol digital; the smile-consistent probability, with the skew
 * term, is `VolSurface.probabilityAbove`. Expired: 1 in the money, 0 out, 0.5 exactly at the strike.
 */
export function digitalPrice(o: OptionInput): number {
  const sign = checkOptionInput(o);
  const t = o.years;
  if (t <= 0) {
    const itm = sign * (o.spot - o.strike);
    return itm > 0 ? 1 : itm === 0 ? 0.5 : 0;
  }
  const r = o.rate ?? 0;
  const q = o.dividend ?? 0;
  const stdDev = o.vol * Math.sqrt(t);
  const d2 = blackD1(o.spot * Math.exp((r - q) * t), o.strike, stdDev) - stdDev;
  return Math.exp(-r * t) * normCdf(sign * d2);
}
