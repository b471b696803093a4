/**
 * Pricing benchmarks against scipy/numpy measured in the same run: 1M normCdf (scipy.special.ndtr),
 * 1M normPpf (ndtri), 1M bsPrice (a vectorised numpy Black–Scholes) and 100k impliedVol
 * (scipy.optimize.newton vectorised over the array). Both sides solve the same generated problems.
 * normCdf and bsPrice have two rows each: the scalar function called once per element, and the
 * typed-array batch (normCdfMany, bsPriceMany), the like-for-like comparison with numpy's
 * vectorised calls. Batch and scalar results are checked equal bit for bit in the run.
 */
import type { BenchContext, BenchRow, BenchSuite } from '../bench/bench-row.js';
import { benchRow } from '../bench/bench-row.js';
import { runPythonReference } from '../bench/python-reference.js';
import { bsPrice, bsPriceMany } from './black-scholes.js';
import { impliedVol } from './implied-vol.js';
import { normCdf, normCdfMany, normPpf } from './normal.js';
import type { OptionType } from './option-input.js';

const GOLDEN = [0.6180339887498949, 0.7548776662466927, 0.5698402909980532] as const;
const RATE = 0.03;

/** Low-discrepancy fractions i·g mod 1, the same sequence the python side builds with numpy. */
function fractions(n: number, g: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * g) % 1;
  return out;
}

/** Out-of-the-money options: K = 100·e^{±0.3}, 1 week to 2 years, vol 15–120 %, r = 3 %. */
interface OptionSet { strike: Float64Array; years: Float64Array; vol: Float64Array; isCall: Uint8Array; sign: Int8Array }

function optionSet(n: number): OptionSet {
  const [u, v, w] = GOLDEN.map((g) => fractions(n, g)) as [Float64Array, Float64Array, Float64Array];
  const set: OptionSet = { strike: new Float64Array(n), years: new Float64Array(n), vol: new Float64Array(n), isCall: new Uint8Array(n), sign: new Int8Array(n) };
  for (let i = 0; i < n; i++) {
    const strike = 100 * Math.exp((u[i]! - 0.5) * 0.6);
    const years = 7 / 365 + v[i]! * 2;
    set.strike[i] = strike;
    set.years[i] = years;
    set.vol[i] = 0.15 + w[i]! * 1.05;
    set.isCall[i] = strike >= 100 * Math.exp(RATE * years) ? 1 : 0;
    set.sign[i] = set.isCall[i] ? 1 : -1;
  }
  return set;
}

/**
 * Calls per second from the fastest of `rounds` timed calls, after two untimed ones (interpreter,
 * on-stack replacement). This is the statistic the python side reports (its `best`: fastest of 5
 * calls, 3 for implied vol), so a busy shared machine biases neither side; the shared
 * `measureRate` (best of three ≥ 300 ms aggregates) averages over other processes' time slices
 * that python's 10–50 ms calls can fall between.
 */
function bestRate(fn: () => void, opsPerCall: number, rounds: number): number {
  fn();
  fn();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return (opsPerCall * 1000) / best;
}

/** Elements that are not the same double (NaN equals NaN). */
function countMismatches(a: Float64Array, b: Float64Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) count++;
  return count;
}

const PYTHON = (n: number, nIv: number): string => `
import json, time, numpy as np
from scipy.special import ndtr, ndtri
from scipy.optimize import newton
def best(fn, rounds):
    b = 1e9
    for _ in range(rounds):
        t = time.perf_counter(); fn(); b = min(b, time.perf_counter() - t)
    return b
def frac(n, g): return (np.arange(n) * g) % 1
n, niv, r = ${n}, ${nIv}, ${RATE}
x = frac(n, ${GOLDEN[0]}) * 12 - 6
p = frac(n, ${GOLDEN[0]}) * 0.999998 + 1e-6
def options(m):
    u, v, w = (frac(m, g) for g in (${GOLDEN.join(', ')}))
    K = 100 * np.exp((u - 0.5) * 0.6); T = 7 / 365 + v * 2; sig = 0.15 + w * 1.05
    return K, T, sig, np.where(K >= 100 * np.exp(r * T), 1.0, -1.0)
K, T, sig, sgn = options(n)
def bs(K, T, sig, sgn):
    sq = np.sqrt(T); d1 = (np.log(100.0 / K) + (r + 0.5 * sig * sig) * T) / (sig * sq); d2 = d1 - sig * sq
    return sgn * (100.0 * ndtr(sgn * d1) - K * np.exp(-r * T) * ndtr(sgn * d2))
Ki, Ti, sigi, sgni = options(niv)
price = bs(Ki, Ti, sigi, sgni)
sqi = np.sqrt(Ti); lnFK = np.log(100.0 / Ki) + r * Ti
f = lambda s: bs(Ki, Ti, s, sgni) - price
fp = lambda s: 100.0 * np.exp(-0.5 * (lnFK / (s * sqi) + 0.5 * s * sqi) ** 2) * 0.3989422804014327 * sqi
x0 = np.maximum(np.sqrt(2 * np.abs(lnFK) / Ti), 0.2)
res = {}
res['cdf'] = n / best(lambda: ndtr(x), 5)
res['ppf'] = n / best(lambda: ndtri(p), 5)
res['bs'] = n / best(lambda: bs(K, T, sig, sgn), 5)
res['iv'] = niv / best(lambda: newton(f, x0, fprime=fp, tol=1e-10, maxiter=100), 3)
iv = newton(f, x0, fprime=fp, tol=1e-10, maxiter=100)
res['ivUnconverged'] = int(np.sum(~(np.abs(iv - sigi) < 1e-8)))
print(json.dumps(res))
`;

interface PythonRates { cdf: number; ppf: number; bs: number; iv: number; ivUnconverged: number }

export const pricingSuite: BenchSuite = {
  name: 'pricing',
  async run(context: BenchContext): Promise<readonly BenchRow[]> {
    const n = Math.max(1000, Math.round(1_000_000 * context.scale));
    const nIv = Math.max(100, Math.round(100_000 * context.scale));
    const g = fractions(n, GOLDEN[0]);
    const x = new Float64Array(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = g[i]! * 12 - 6;
      p[i] = g[i]! * 0.999998 + 1e-6;
    }
    const out = new Float64Array(n);
    const set = optionSet(n);
    const ivSet = optionSet(nIv);
    const prices = new Float64Array(nIv);
    const option = { type: 'call' as OptionType, spot: 100, strike: 100, years: 1, vol: 0.5, rate: RATE };
    for (let i = 0; i < nIv; i++) {
      option.type = ivSet.isCall[i] ? 'call' : 'put';
      option.strike = ivSet.strike[i]!;
      option.years = ivSet.years[i]!;
      option.vol = ivSet.vol[i]!;
      prices[i] = bsPrice(option);
    }
    const quote = { type: 'call' as OptionType, price: 0, spot: 100, strike: 100, years: 1, rate: RATE };
    const ivOut = new Float64Array(nIv);

    context.log(`python3 scipy reference (n = ${n}, implied vol n = ${nIv})…`);
    const python = await runPythonReference<PythonRates>(PYTHON(n, nIv));
    const ref = 'value' in python ? python.value : null;
    const missing = 'error' in python ? `no reference: ${python.error}` : '';

    context.log('normCdf, normPpf, bsPrice, impliedVol…');
    const cdfRate = bestRate(() => {
      for (let i = 0; i < n; i++) out[i] = normCdf(x[i]!);
    }, n, 5);
    const cdfScalar = out.slice();
    const cdfManyRate = bestRate(() => normCdfMany(x, out), n, 5);
    const cdfMismatches = countMismatches(out, cdfScalar);
    const ppfRate = bestRate(() => {
      for (let i = 0; i < n; i++) out[i] = normPpf(p[i]!);
    }, n, 5);
    const bsRate = bestRate(() => {
      for (let i = 0; i < n; i++) {
        option.type = set.isCall[i] ? 'call' : 'put';
        option.strike = set.strike[i]!;
        option.years = set.years[i]!;
        option.vol = set.vol[i]!;
        out[i] = bsPrice(option);
      }
    }, n, 5);
    const bsScalar = out.slice();
    const batch = { type: set.sign, spot: 100, strike: set.strike, years: set.years, vol: set.vol, rate: RATE };
    const bsManyRate = bestRate(() => bsPriceMany(batch, out), n, 5);
    const bsMismatches = countMismatches(out, bsScalar);
    const ivRate = bestRate(() => {
      for (let i = 0; i < nIv; i++) {
        quote.type = ivSet.isCall[i] ? 'call' : 'put';
        quote.price = prices[i]!;
        quote.strike = ivSet.strike[i]!;
        quote.years = ivSet.years[i]!;
        ivOut[i] = impliedVol(quote) ?? NaN;
      }
    }, nIv, 3);
    let worst = 0;
    for (let i = 0; i < nIv; i++) worst = Math.max(worst, Math.abs(ivOut[i]! - ivSet.vol[i]!));

    return [
      benchRow(`normCdf ×${n}`, 'ops/s', cdfRate, ref?.cdf ?? null, missing || 'scalar normCdf called per element vs scipy.special.ndtr on the same 1M points in [−6, 6]'),
      benchRow(
        `normCdfMany ×${n}`,
        'ops/s',
        cdfManyRate,
        ref?.cdf ?? null,
        missing || `batch normCdfMany(Float64Array) vs scipy.special.ndtr, same points; ${cdfMismatches} results differ from scalar normCdf`,
      ),
      benchRow(`normPpf ×${n}`, 'ops/s', ppfRate, ref?.ppf ?? null, missing || 'scipy.special.ndtri on the same points in (1e-6, 1)'),
      benchRow(
        `bsPrice ×${n}`,
        'ops/s',
        bsRate,
        ref?.bs ?? null,
        missing || 'scalar bsPrice({…}) called per element vs numpy Black–Scholes (ndtr, log, exp, sqrt) vectorised over the same OTM calls/puts',
      ),
      benchRow(
        `bsPriceMany ×${n}`,
        'ops/s',
        bsManyRate,
        ref?.bs ?? null,
        missing || `batch bsPriceMany (typed arrays, per-element call/put) vs the same numpy Black–Scholes; ${bsMismatches} results differ from scalar bsPrice`,
      ),
      benchRow(
        `impliedVol ×${nIv}`,
        'ops/s',
        ivRate,
        ref?.iv ?? null,
        missing ||
          `scipy.optimize.newton vectorised (fprime = vega, Manaster–Koehler start, tol 1e-10); ours max |Δσ| ${worst.toExponential(1)}, scipy unconverged ${ref?.ivUnconverged ?? '?'}`,
      ),
    ];
  },
};
