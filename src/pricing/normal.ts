/**
 * The standard normal distribution in double precision: density, CDF (W. J. Cody's rational
 * Chebyshev approximations, ACM TOMS 715) and quantile (M. J. Wichura's AS 241, PPND16).
 * Relative error is about 1e-15 in the body; the lower tail stays relative-accurate down to the
 * smallest normal doubles (normCdf(-37.5) ≈ 4.6e-308) and underflows gracefully beyond.
 * Coefficients are the published ones, written as the shortest literal of the same double.
 */
import { ArbiterError } from '../domain/errors.js';

const INV_SQRT_2PI = 0.3989422804014327;
const SQRT32 = 5.65685424949238;
/** Beyond this |x| the tail is below the smallest subnormal double. */
const TAIL_CUTOFF = 40;
/** 2^27 + 1, Veltkamp's splitter for an exact square. */
const SPLITTER = 134217729;

// Cody, |x| ≤ 0.66291: N(x) = 1/2 + x·A(x²)/B(x²).
const A0 = 2.2352520354606837, A1 = 161.02823106855587, A2 = 1067.6894854603709;
const A3 = 18154.98125334356, A4 = 0.06568233791820745;
const B0 = 47.202581904688245, B1 = 976.0985517377767, B2 = 10260.932208618979;
const B3 = 45507.78933502673;
// Cody, 0.66291 < |x| ≤ √32: N(-|x|) = e^{-x²/2}·C(|x|)/D(|x|).
const C0 = 0.39894151208813466, C1 = 8.883149794388377, C2 = 93.50665613217785;
const C3 = 597.2702763948002, C4 = 2494.5375852903726, C5 = 6848.190450536283;
const C6 = 11602.65143764735, C7 = 9842.714838383978, C8 = 1.0765576773720192e-08;
const D0 = 22.266688044328117, D1 = 235.387901782625, D2 = 1519.3775994075547;
const D3 = 6485.558298266761, D4 = 18615.571640885097, D5 = 34900.95272114598;
const D6 = 38912.00328609327, D7 = 19685.429676859992;
// Cody, |x| > √32: N(-|x|) = e^{-x²/2}/|x|·(1/√(2π) − z·P(z)/Q(z)), z = 1/x².
const P0 = 0.215898534057957, P1 = 0.12740116116024736, P2 = 0.022235277870649807;
const P3 = 0.0014216191932278934, P4 = 2.9112874951168793e-05, P5 = 0.023073441764940174;
const Q0 = 1.284260096144911, Q1 = 0.4682382124808651, Q2 = 0.06598813786892856;
const Q3 = 0.0037823963320275824, Q4 = 7.297515550839662e-05;

/** e^{-y0²/2} on the grid y0 = j/64, 0 ≤ y0 ≤ 8 (exact arguments, so each entry is within 1 ulp). */
const GRID = 64;
/** Internal: shared with the batch pricers in black-scholes.ts, which inline the same evaluation. */
export const HALF_SQUARE_TABLE = Float64Array.from({ length: 8 * GRID + 1 }, (_, j) => Math.exp(-0.5 * (j / GRID) * (j / GRID)));

/**
 * e^{-y²/2} for 0 ≤ y < 8 without the error of rounding y² first: the table value at the nearest
 * grid point y0 times e^{-u}, u = δ(y0 + δ/2) with |u| < 0.07, by its Taylor series.
 */
function expHalfSquareNear(y: number): number {
  const j = (y * GRID + 0.5) | 0;
  const y0 = j / GRID;
  const d = y - y0;
  const u = d * (y0 + 0.5 * d);
  const u2 = u * u;
  const u4 = u2 * u2;
  const series = 1 - u + u2 * (0.5 - u * 0.16666666666666666) +
    u4 * (0.041666666666666664 - u * 0.008333333333333333 + u2 * (0.001388888888888889 - u * 1.984126984126984e-4)) +
    u4 * u4 * 2.48015873015873e-5;
  return HALF_SQUARE_TABLE[j]! * series;
}

/** e^{-y²/2} for y ≥ 8: y² split exactly into hi + lo (Dekker's product), e^{-hi/2}·(1 − lo/2). */
function expHalfSquareFar(y: number): number {
  const hi = y * y;
  const c = SPLITTER * y;
  const yh = c - (c - y);
  const yl = y - yh;
  const lo = yh * yh - hi + 2 * yh * yl + yl * yl;
  return Math.exp(-0.5 * hi) * (1 - 0.5 * lo);
}

/** Lower tail N(-y) for 0.66291 < y ≤ √32 (Cody's second interval, Estrin's scheme). */
function middleTail(y: number): number {
  const y2 = y * y;
  const y4 = y2 * y2;
  const num = C7 + C6 * y + y2 * (C5 + C4 * y) + y4 * (C3 + C2 * y + y2 * (C1 + C0 * y)) + y4 * y4 * C8;
  const den = D7 + D6 * y + y2 * (D5 + D4 * y) + y4 * (D3 + D2 * y + y2 * (D1 + D0 * y)) + y4 * y4;
  return expHalfSquareNear(y) * (num / den);
}

/** Lower tail N(-y) for y > √32 (Cody's asymptotic interval); NaN stays NaN. */
function farTail(y: number): number {
  if (y >= TAIL_CUTOFF) return 0;
  const z = 1 / (y * y);
  const z2 = z * z;
  const z4 = z2 * z2;
  const num = P4 + P3 * z + z2 * (P2 + P1 * z) + z4 * (P0 + P5 * z);
  const den = Q4 + Q3 * z + z2 * (Q2 + Q1 * z) + z4 * (Q0 + z);
  const e = y < 8 ? expHalfSquareNear(y) : expHalfSquareFar(y);
  return (e * (INV_SQRT_2PI - (z * num) / den)) / y;
}

/**
 * Standard normal cumulative distribution Φ(x) = P(Z ≤ x).
 * Full double precision; Φ(-x) is computed directly, so small lower tails keep their digits.
 * NaN in, NaN out; Φ(±∞) = 1 or 0.
 */
export function normCdf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.66291) {
    const z = x * x;
    const z2 = z * z;
    const num = A3 + A2 * z + z2 * (A1 + A0 * z + z2 * A4);
    const den = B3 + B2 * z + z2 * (B1 + B0 * z + z2);
    return 0.5 + (x * num) / den;
  }
  // No explicit NaN test: it costs a third of the time here, and NaN falls through farTail as NaN.
  const tail = y <= SQRT32 ? middleTail(y) : farTail(y);
  const upper = +(x > 0);
  return upper + (1 - 2 * upper) * tail;
}

/**
 * Φ over an array: `out[i] = normCdf(x[i])`, bit for bit, for i < x.length. One monomorphic loop
 * with Cody's approximation and the e^{−x²/2} table evaluation written out in the loop body and the
 * coefficients held as locals (V8 reloads module-level constants on every use), so it runs without
 * a call or an allocation per element; only |x| ≥ 8 and NaN go through `normCdf`. `out` may be `x`.
 * @throws ArbiterError ARB_INPUT_INVALID when `out` is shorter than `x`.
 * @returns `out`
 */
export function normCdfMany(x: Float64Array, out: Float64Array): Float64Array {
  const n = x.length;
  if (out.length < n) {
    throw new ArbiterError('ARB_INPUT_INVALID', `out has ${out.length} elements, x has ${n}`, { field: 'out', value: out.length });
  }
  for (let start = 0; start < n; start += CHUNK) cdfLoop(x, out, start, Math.min(n, start + CHUNK));
  return out;
}

/**
 * Elements per `cdfLoop` call: called once over a big array the loop would run in V8's
 * on-stack-replacement code, measured up to 20 % slower than the function's regular optimised code.
 */
const CHUNK = 4096;

/** The loop of `normCdfMany` over [start, end). */
function cdfLoop(x: Float64Array, out: Float64Array, start: number, end: number): void {
  // Same literals as the module constants above; the batch-versus-scalar tests pin every region.
  const a0 = 2.2352520354606837, a1 = 161.02823106855587, a2 = 1067.6894854603709, a3 = 18154.98125334356, a4 = 0.06568233791820745;
  const b0 = 47.202581904688245, b1 = 976.0985517377767, b2 = 10260.932208618979, b3 = 45507.78933502673;
  const c0 = 0.39894151208813466, c1 = 8.883149794388377, c2 = 93.50665613217785, c3 = 597.2702763948002, c4 = 2494.5375852903726;
  const c5 = 6848.190450536283, c6 = 11602.65143764735, c7 = 9842.714838383978, c8 = 1.0765576773720192e-08;
  const d0 = 22.266688044328117, d1 = 235.387901782625, d2 = 1519.3775994075547, d3 = 6485.558298266761;
  const d4 = 18615.571640885097, d5 = 34900.95272114598, d6 = 38912.00328609327, d7 = 19685.429676859992;
  const p0 = 0.215898534057957, p1 = 0.12740116116024736, p2 = 0.022235277870649807, p3 = 0.0014216191932278934;
  const p4 = 2.9112874951168793e-05, p5 = 0.023073441764940174;
  const q0 = 1.284260096144911, q1 = 0.4682382124808651, q2 = 0.06598813786892856, q3 = 0.0037823963320275824;
  const q4 = 7.297515550839662e-05;
  const table = HALF_SQUARE_TABLE;
  for (let i = start; i < end; i++) {
    const v = x[i]!;
    const y = Math.abs(v);
    if (y <= 0.66291) {
      const z = v * v;
      const z2 = z * z;
      out[i] = 0.5 + (v * (a3 + a2 * z + z2 * (a1 + a0 * z + z2 * a4))) / (b3 + b2 * z + z2 * (b1 + b0 * z + z2));
      continue;
    }
    if (!(y < 8)) {
      out[i] = normCdf(v);
      continue;
    }
    // expHalfSquareNear(y)
    const j = (y * 64 + 0.5) | 0;
    const g = j / 64;
    const h = y - g;
    const u = h * (g + 0.5 * h);
    const u2 = u * u;
    const u4 = u2 * u2;
    const e = table[j]! * (1 - u + u2 * (0.5 - u * 0.16666666666666666) +
      u4 * (0.041666666666666664 - u * 0.008333333333333333 + u2 * (0.001388888888888889 - u * 1.984126984126984e-4)) +
      u4 * u4 * 2.48015873015873e-5);
    let tail: number;
    if (y <= 5.65685424949238) {
      // middleTail(y)
      const y2 = y * y;
      const y4 = y2 * y2;
      const num = c7 + c6 * y + y2 * (c5 + c4 * y) + y4 * (c3 + c2 * y + y2 * (c1 + c0 * y)) + y4 * y4 * c8;
      const den = d7 + d6 * y + y2 * (d5 + d4 * y) + y4 * (d3 + d2 * y + y2 * (d1 + d0 * y)) + y4 * y4;
      tail = e * (num / den);
    } else {
      // farTail(y) for y < 8
      const z = 1 / (y * y);
      const z2 = z * z;
      const z4 = z2 * z2;
      const num = p4 + p3 * z + z2 * (p2 + p1 * z) + z4 * (p0 + p5 * z);
      const den = q4 + q3 * z + z2 * (q2 + q1 * z) + z4 * (q0 + z);
      tail = (e * (0.3989422804014327 - (z * num) / den)) / y;
    }
    out[i] = v > 0 ? 1 - tail : tail;
  }
}

/** Standard normal density φ(x) = e^{-x²/2}/√(2π), relative-accurate in the tails. */
export function normPdf(x: number): number {
  const y = Math.abs(x);
  if (y < 8) return INV_SQRT_2PI * expHalfSquareNear(y);
  if (y < TAIL_CUTOFF) return INV_SQRT_2PI * expHalfSquareFar(y);
  return y === y ? 0 : NaN;
}

// Wichura AS 241 (PPND16). Central region |p − 1/2| ≤ 0.425.
const E0 = 3.3871328727963665, E1 = 133.14166789178438, E2 = 1971.5909503065513;
const E3 = 13731.69376550946, E4 = 45921.95393154987, E5 = 67265.7709270087;
const E6 = 33430.57558358813, E7 = 2509.0809287301227;
const F1 = 42.31333070160091, F2 = 687.1870074920579, F3 = 5394.196021424751;
const F4 = 21213.794301586597, F5 = 39307.89580009271, F6 = 28729.085735721943;
const F7 = 5226.495278852854;
// Intermediate tail, r = √(−ln q) ≤ 5.
const G0 = 1.4234371107496835, G1 = 4.630337846156546, G2 = 5.769497221460691;
const G3 = 3.6478483247632045, G4 = 1.2704582524523684, G5 = 0.2417807251774506;
const G6 = 0.022723844989269184, G7 = 0.0007745450142783414;
const H1 = 2.053191626637759, H2 = 1.6763848301838038, H3 = 0.6897673349851;
const H4 = 0.14810397642748008, H5 = 0.015198666563616457, H6 = 0.0005475938084995345;
const H7 = 1.0507500716444169e-09;
// Far tail, r > 5.
const J0 = 6.657904643501103, J1 = 5.463784911164114, J2 = 1.7848265399172913;
const J3 = 0.29656057182850487, J4 = 0.026532189526576124, J5 = 0.0012426609473880784;
const J6 = 2.7115555687434876e-05, J7 = 2.0103343992922881e-07;
const K1 = 0.599832206555888, K2 = 0.1369298809227358, K3 = 0.014875361290850615;
const K4 = 0.0007868691311456133, K5 = 1.8463183175100548e-05, K6 = 1.421511758316446e-07;
const K7 = 2.0442631033899397e-15;

/**
 * Standard normal quantile Φ⁻¹(p): the x with Φ(x) = p.
 * normPpf(0) = −∞, normPpf(1) = +∞, NaN outside [0, 1]. The smaller of p and 1 − p drives the
 * tail formula, so lower-tail probabilities down to subnormal doubles invert accurately.
 */
export function normPpf(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    const r2 = r * r;
    const r4 = r2 * r2;
    const num = E0 + E1 * r + r2 * (E2 + E3 * r) + r4 * (E4 + E5 * r + r2 * (E6 + E7 * r));
    const den = 1 + F1 * r + r2 * (F2 + F3 * r) + r4 * (F4 + F5 * r + r2 * (F6 + F7 * r));
    return (q * num) / den;
  }
  return tailQuantile(p, q);
}

/** AS 241 outside the central region: r = √(−ln min(p, 1 − p)), two rational pieces in r. */
function tailQuantile(p: number, q: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  const tail = q < 0 ? p : 1 - p;
  if (tail === 0) return q < 0 ? -Infinity : Infinity;
  let r = Math.sqrt(-Math.log(tail));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    const r2 = r * r;
    const r4 = r2 * r2;
    const num = G0 + G1 * r + r2 * (G2 + G3 * r) + r4 * (G4 + G5 * r + r2 * (G6 + G7 * r));
    const den = 1 + H1 * r + r2 * (H2 + H3 * r) + r4 * (H4 + H5 * r + r2 * (H6 + H7 * r));
    x = num / den;
  } else {
    r -= 5;
    const r2 = r * r;
    const r4 = r2 * r2;
    const num = J0 + J1 * r + r2 * (J2 + J3 * r) + r4 * (J4 + J5 * r + r2 * (J6 + J7 * r));
    const den = 1 + K1 * r + r2 * (K2 + K3 * r) + r4 * (K4 + K5 * r + r2 * (K6 + K7 * r));
    x = num / den;
  }
  return q < 0 ? -x : x;
}
