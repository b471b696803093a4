/**
 * Ornstein–Uhlenbeck fit dX = θ(μ − X)dt + σ dW by exact discretisation: the AR(1) regression
 * X_{t+1} = c + φX_t + ε (OLS = conditional Gaussian MLE) gives θ = −ln φ / Δt, μ = c / (1 − φ),
 * σ = σ_ε √(2θ / (1 − φ²)), half-life ln 2 / θ (in the units of Δt). σ_ε is the MLE (divisor T − 1).
 */
import { ArbiterError } from '../../domain/errors.js';

export interface OuFit {
  /** Mean-reversion speed per unit of time (units of dt). */
  readonly theta: number;
  readonly mu: number;
  /** Diffusion per √(unit of time). */
  readonly sigma: number;
  /** ln 2 / θ in units of dt's time unit. */
  readonly halfLife: number;
  /** AR(1) coefficient φ = e^{−θΔt}. */
  readonly phi: number;
  /** Stationary standard deviation σ / √(2θ). */
  readonly stationaryStd: number;
  readonly dt: number;
}

/**
 * @param series observations at spacing dt. @param dt spacing in your time unit (e.g. 1/365 years per daily bar).
 * @throws ArbiterError ARB_INPUT_INVALID on fewer than 3 points, non-finite values, dt ≤ 0, a constant
 *   series, or φ outside (0, 1) (not mean-reverting at this sampling).
 */
export function fitOU(series: ArrayLike<number>, dt: number): OuFit {
  const n = series.length;
  if (!(dt > 0 && Number.isFinite(dt))) throw new ArbiterError('ARB_INPUT_INVALID', `dt must be positive, got ${dt}`, { dt });
  if (n < 3) throw new ArbiterError('ARB_INPUT_INVALID', `fitOU needs at least 3 points, got ${n}`, { points: n });
  const m = n - 1;
  // One pass over shifted values (x − x₀ keeps the sums well conditioned for large levels).
  const k = series[0]!;
  let sa = 0, sb = 0, saa = 0, sab = 0, sbb = 0;
  let prev = 0;
  for (let t = 1; t < n; t++) {
    const b = series[t]! - k;
    sa += prev; sb += b; saa += prev * prev; sab += prev * b; sbb += b * b;
    prev = b;
  }
  if (!Number.isFinite(saa + sab + sbb + k)) {
    for (let t = 0; t < n; t++) if (!Number.isFinite(series[t]!)) throw new ArbiterError('ARB_INPUT_INVALID', `series[${t}] is ${series[t]}`, { index: t });
  }
  const ma = sa / m, mb = sb / m;
  const sxx = saa - m * ma * ma;
  const sxy = sab - m * ma * mb;
  const syy = sbb - m * mb * mb;
  if (!(sxx > 0)) throw new ArbiterError('ARB_INPUT_INVALID', 'series is constant: no OU fit', {});
  const phi = sxy / sxx;
  if (!(phi > 0 && phi < 1)) throw new ArbiterError('ARB_INPUT_INVALID', `AR(1) coefficient ${phi.toFixed(6)} is outside (0, 1): the series is not mean-reverting at this sampling`, { phi });
  const c = k + mb - phi * (ma + k);
  const rss = Math.max(syy - phi * sxy, 0);
  const sigmaEps = Math.sqrt(rss / m);
  const theta = -Math.log(phi) / dt;
  const sigma = sigmaEps * Math.sqrt((2 * theta) / (1 - phi * phi));
  return { theta, mu: c / (1 - phi), sigma, halfLife: Math.LN2 / theta, phi, stationaryStd: sigma / Math.sqrt(2 * theta), dt };
}

/** Exact OU simulation on a grid: X_{t+1} = μ + (X_t − μ)e^{−θΔt} + σ√((1 − e^{−2θΔt})/2θ) Z. */
export function simulateOU(p: { theta: number; mu: number; sigma: number; x0: number; dt: number; steps: number }, gaussian: () => number): Float64Array {
  const out = new Float64Array(p.steps + 1);
  const a = Math.exp(-p.theta * p.dt);
  const s = p.sigma * Math.sqrt((1 - a * a) / (2 * p.theta));
  out[0] = p.x0;
  for (let i = 1; i <= p.steps; i++) out[i] = p.mu + (out[i - 1]! - p.mu) * a + s * gaussian();
  return out;
}
