/**
 * Black–Scholes(–Merton) on a spot with continuous rate and dividend (carry) yield: price,
 * greeks and the cash-or-nothing digital. Units: years ACT/365, vol a fraction, rates
 * continuously compounded; greeks in QuantLib's convention (see `OptionGreeks`).
 */
import { ArbiterError } from '../domain/errors.js';
import { blackD1, expiredGreeks, intrinsic } from './black76.js';
import { HALF_SQUARE_TABLE, normCdf, normPdf } from './normal.js';
import { assertFinite, checkOptionInput, optionSign, type OptionGreeks, type OptionInput, type OptionType } from './option-input.js';

/**
 * Black–Scholes price: call = S·e^{−qT}·N(d1) − K·e^{−rT}·N(d2), put by symmetry, with
 * d1 = (ln(S/K) + (r − q)T)/(σ√T) + σ√T/2 (the carry is added to the log, not folded into a forward
 * and logged again). Expired options (years ≤ 0) return the intrinsic value max(±(S − K), 0); zero
 * vol gives the discounted forward intrinsic value.
 * @throws ArbiterError ARB_INPUT_INVALID on non-positive spot or strike, negative vol, non-finite fields.
 * @example bsPrice({ type: 'call', spot: 42, strike: 40, years: 0.5, vol: 0.2, rate: 0.1 }) // 4.7594 (Hull)
 */
export function bsPrice(o: OptionInput): number {
  const sign = checkOptionInput(o);
  const t = o.years;
  if (t <= 0) return intrinsic(sign, o.spot, o.strike);
  const r = o.rate ?? 0;
  const q = o.dividend ?? 0;
  // Skipping e^0 matters here: Math.exp is a tenth of the cost of a price.
  const df = r === 0 ? 1 : Math.exp(-r * t);
  const carry = q === 0 ? 1 : Math.exp(-q * t);
  const s = o.vol * Math.sqrt(t);
  if (s === 0) return df * Math.max(sign * ((o.spot * carry) / df - o.strike), 0);
  const d1 = (Math.log(o.spot / o.strike) + (r - q) * t) / s + 0.5 * s;
  return sign * (o.spot * carry * normCdf(sign * d1) - o.strike * df * normCdf(sign * (d1 - s)));
}

/**
 * Many European options on a spot, as typed arrays (structure of arrays): element i is the option
 * with `strike[i]`, `years[i]`, `vol[i]`, the spot `spot` (or `spot[i]`) and the type `type` (or
 * `type[i]`: +1 call, −1 put). Rate and dividend yield are one number for the whole batch.
 */
export interface OptionBatch {
  readonly type: OptionType | Int8Array;
  readonly spot: number | Float64Array;
  readonly strike: Float64Array;
  readonly years: Float64Array;
  readonly vol: Float64Array;
  readonly rate?: number;
  readonly dividend?: number;
}

/**
 * `bsPrice` over a batch: `out[i]` is exactly `bsPrice` of element i (same operations, same order,
 * so the same double). The loop body has N(d1) and N(d2) written out (Cody's approximation, the
 * e^{−x²/2} table) with local coefficients, and no per-element call, allocation or input check;
 * the lengths, the type and rate and dividend are checked once. Elements off that path (expired,
 * zero vol, |d1| or |d2| ≥ 8, or anything invalid, which makes d non-finite) are priced afterwards
 * by `bsPrice` itself, which also throws on invalid fields, naming the field (`out` is then partly
 * written). `out` must not share a buffer with an input array.
 * @throws ArbiterError ARB_INPUT_INVALID on mismatched lengths, `out` sharing an input's buffer, a
 *   bad type, a non-finite rate or dividend, or (from `bsPrice`) an invalid element.
 * @returns `out`
 */
export function bsPriceMany(batch: OptionBatch, out: Float64Array): Float64Array {
  const { strike, years, vol } = batch;
  const n = strike.length;
  const types = typeof batch.type === 'string' ? null : batch.type;
  const spots = typeof batch.spot === 'number' ? null : batch.spot;
  for (const [field, length] of [
    ['years', years.length],
    ['vol', vol.length],
    ['out', out.length],
    ['type', types === null ? n : types.length],
    ['spot', spots === null ? n : spots.length],
  ] as const) {
    if (length !== n) throw new ArbiterError('ARB_INPUT_INVALID', `${field} has ${length} elements, strike has ${n}`, { field, value: length });
  }
  for (const input of [strike, years, vol, spots]) {
    if (input !== null && input.buffer === out.buffer) {
      throw new ArbiterError('ARB_INPUT_INVALID', 'out must not share its buffer with an input array', { field: 'out' });
    }
  }
  const fixedSign = typeof batch.type === 'string' ? optionSign(batch.type) : 1;
  const fixedSpot = typeof batch.spot === 'number' ? batch.spot : 1;
  const r = batch.rate ?? 0;
  const q = batch.dividend ?? 0;
  assertFinite('rate', r);
  assertFinite('dividend', q);
  let marked = 0;
  for (let start = 0; start < n; start += CHUNK) {
    marked += priceLoop(types, fixedSign, spots, fixedSpot, strike, years, vol, r, q, out, start, Math.min(n, start + CHUNK));
  }
  if (marked > 0) priceMarked(batch, out, r, q);
  return out;
}

/**
 * Elements per `priceLoop` call. Called once over a whole big batch, the loop would run in V8's
 * on-stack-replacement code, which measured about 20 % slower than the function's regular
 * optimised code; called per chunk, the function is optimised normally after a few chunks.
 */
const CHUNK = 4096;

/**
 * The loop of `bsPriceMany` over [start, end), on its own so that V8's on-stack-replaced code for
 * it has nothing after the loop that it has not seen run. Returns how many elements it marked NaN
 * for `priceMarked`.
 */
function priceLoop(
  types: Int8Array | null,
  fixedSign: number,
  spots: Float64Array | null,
  fixedSpot: number,
  strike: Float64Array,
  years: Float64Array,
  vol: Float64Array,
  r: number,
  q: number,
  out: Float64Array,
  start: number,
  end: number,
): number {
  const rq = r - q;
  // normal.ts's coefficients as locals: V8 reloads (and hole-checks) module constants on every use.
  const a0 = 2.2352520354606837, a1 = 161.02823106855587, a2 = 1067.6894854603709, a3 = 18154.98125334356, a4 = 0.06568233791820745;
  const b0 = 47.202581904688245, b1 = 976.0985517377767, b2 = 10260.932208618979, b3 = 45507.78933502673;
  const c0 = 0.39894151208813466, c1 = 8.883149794388377, c2 = 93.50665613217785, c3 = 597.2702763948002, c4 = 2494.5375852903726;
  const c5 = 6848.190450536283, c6 = 11602.65143764735, c7 = 9842.714838383978, c8 = 1.0765576773720192e-08;
  const e0 = 22.266688044328117, e1 = 235.387901782625, e2 = 1519.3775994075547, e3 = 6485.558298266761;
  const e4 = 18615.571640885097, e5 = 34900.95272114598, e6 = 38912.00328609327, e7 = 19685.429676859992;
  const p0 = 0.215898534057957, p1 = 0.12740116116024736, p2 = 0.022235277870649807, p3 = 0.0014216191932278934;
  const p4 = 2.9112874951168793e-05, p5 = 0.023073441764940174;
  const w0 = 1.284260096144911, w1 = 0.4682382124808651, w2 = 0.06598813786892856, w3 = 0.0037823963320275824;
  const w4 = 7.297515550839662e-05;
  const table = HALF_SQUARE_TABLE;
  let deferred = 0;
  for (let i = start; i < end; i++) {
    const sign = types === null ? fixedSign : types[i]!;
    const spot = spots === null ? fixedSpot : spots[i]!;
    const k = strike[i]!;
    const t = years[i]!;
    const df = r === 0 ? 1 : Math.exp(-r * t);
    const carry = q === 0 ? 1 : Math.exp(-q * t);
    const s = vol[i]! * Math.sqrt(t);
    const d1 = (Math.log(spot / k) + rq * t) / s + 0.5 * s;
    const x1 = sign * d1;
    const x2 = sign * (d1 - s);
    const y1 = Math.abs(x1);
    const y2 = Math.abs(x2);
    // Also false for every invalid input: each one makes t ≤ 0, s ≤ 0 or a d NaN or infinite.
    if (!(t > 0 && s > 0 && y1 < 8 && y2 < 8 && sign * sign === 1)) {
      // Marked, priced after the loop: no call or allocation here, which V8 would have to plan for.
      out[i] = NaN;
      deferred++;
      continue;
    }
    // N(x1), as normCdf: central rational, else e^{−y²/2}·(middle or far rational), reflected.
    let n1: number;
    if (y1 <= 0.66291) {
      const z = x1 * x1;
      const z2 = z * z;
      n1 = 0.5 + (x1 * (a3 + a2 * z + z2 * (a1 + a0 * z + z2 * a4))) / (b3 + b2 * z + z2 * (b1 + b0 * z + z2));
    } else {
      const j = (y1 * 64 + 0.5) | 0;
      const g = j / 64;
      const h = y1 - g;
      const u = h * (g + 0.5 * h);
      const u2 = u * u;
      const u4 = u2 * u2;
      const e = table[j]! * (1 - u + u2 * (0.5 - u * 0.16666666666666666) +
        u4 * (0.041666666666666664 - u * 0.008333333333333333 + u2 * (0.001388888888888889 - u * 1.984126984126984e-4)) +
        u4 * u4 * 2.48015873015873e-5);
      let tail: number;
      if (y1 <= 5.65685424949238) {
        const v2 = y1 * y1;
        const v4 = v2 * v2;
        const num = c7 + c6 * y1 + v2 * (c5 + c4 * y1) + v4 * (c3 + c2 * y1 + v2 * (c1 + c0 * y1)) + v4 * v4 * c8;
        const den = e7 + e6 * y1 + v2 * (e5 + e4 * y1) + v4 * (e3 + e2 * y1 + v2 * (e1 + e0 * y1)) + v4 * v4;
        tail = e * (num / den);
      } else {
        const z = 1 / (y1 * y1);
        const z2 = z * z;
        const z4 = z2 * z2;
        const num = p4 + p3 * z + z2 * (p2 + p1 * z) + z4 * (p0 + p5 * z);
        const den = w4 + w3 * z + z2 * (w2 + w1 * z) + z4 * (w0 + z);
        tail = (e * (0.3989422804014327 - (z * num) / den)) / y1;
      }
      n1 = x1 > 0 ? 1 - tail : tail;
    }
    // N(x2), the same evaluation.
    let n2: number;
    if (y2 <= 0.66291) {
      const z = x2 * x2;
      const z2 = z * z;
      n2 = 0.5 + (x2 * (a3 + a2 * z + z2 * (a1 + a0 * z + z2 * a4))) / (b3 + b2 * z + z2 * (b1 + b0 * z + z2));
    } else {
      const j = (y2 * 64 + 0.5) | 0;
      const g = j / 64;
      const h = y2 - g;
      const u = h * (g + 0.5 * h);
      const u2 = u * u;
      const u4 = u2 * u2;
      const e = table[j]! * (1 - u + u2 * (0.5 - u * 0.16666666666666666) +
        u4 * (0.041666666666666664 - u * 0.008333333333333333 + u2 * (0.001388888888888889 - u * 1.984126984126984e-4)) +
        u4 * u4 * 2.48015873015873e-5);
      let tail: number;
      if (y2 <= 5.65685424949238) {
        const v2 = y2 * y2;
        const v4 = v2 * v2;
        const num = c7 + c6 * y2 + v2 * (c5 + c4 * y2) + v4 * (c3 + c2 * y2 + v2 * (c1 + c0 * y2)) + v4 * v4 * c8;
        const den = e7 + e6 * y2 + v2 * (e5 + e4 * y2) + v4 * (e3 + e2 * y2 + v2 * (e1 + e0 * y2)) + v4 * v4;
        tail = e * (num / den);
      } else {
        const z = 1 / (y2 * y2);
        const z2 = z * z;
        const z4 = z2 * z2;
        const num = p4 + p3 * z + z2 * (p2 + p1 * z) + z4 * (p0 + p5 * z);
        const den = w4 + w3 * z + z2 * (w2 + w1 * z) + z4 * (w0 + z);
        tail = (e * (0.3989422804014327 - (z * num) / den)) / y2;
      }
      n2 = x2 > 0 ? 1 - tail : tail;
    }
    out[i] = sign * (spot * carry * n1 - k * df * n2);
  }
  return deferred;
}

/** Prices with `bsPrice` the elements `bsPriceMany` marked NaN (every finished element is finite). */
function priceMarked(batch: OptionBatch, out: Float64Array, rate: number, dividend: number): void {
  for (let i = 0; i < out.length; i++) {
    if (out[i] === out[i]) continue;
    const sign = typeof batch.type === 'string' ? optionSign(batch.type) : batch.type[i]!;
    const type: OptionType = sign === 1 ? 'call' : sign === -1 ? 'put' : (String(sign) as OptionType);
    const spot = typeof batch.spot === 'number' ? batch.spot : batch.spot[i]!;
    out[i] = bsPrice({ type, spot, strike: batch.strike[i]!, years: batch.years[i]!, vol: batch.vol[i]!, rate, dividend });
  }
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
