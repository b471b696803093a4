/**
 * Hedge ratios for a pair y ≈ α + βx, both strictly causal: a rolling OLS over the previous `window`
 * bars, and a Kalman filter with state (α, β) following a random walk (state noise δ/(1−δ)·I, observation
 * noise `observationVar`), as in Chan (2013, "Algorithmic Trading", ch. 3). The filter's one-step
 * innovation e_t = y_t − (α̂ + β̂x_t) and its variance Q_t give a z-score e_t / √Q_t with no look-ahead.
 */
import { ArbiterError } from '../../domain/errors.js';

export interface HedgePath {
  readonly alpha: Float64Array;
  /** β used at bar t, estimated from bars before t only (NaN during warm-up). */
  readonly beta: Float64Array;
}

/** Rolling OLS of y on x over bars t−window..t−1 for each t ≥ window. */
export function rollingOlsHedge(y: ArrayLike<number>, x: ArrayLike<number>, window: number): HedgePath {
  const n = y.length;
  if (x.length !== n) throw new ArbiterError('ARB_INPUT_INVALID', `y has ${n} points, x has ${x.length}`, {});
  if (!(Number.isInteger(window) && window >= 3 && window < n)) throw new ArbiterError('ARB_INPUT_INVALID', `window must be an integer in [3, ${n}), got ${window}`, { window });
  const alpha = new Float64Array(n).fill(Number.NaN);
  const beta = new Float64Array(n).fill(Number.NaN);
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let t = 0; t < n; t++) {
    if (t >= window) {
      const mx = sx / window;
      const my = sy / window;
      const vx = sxx / window - mx * mx;
      if (vx > 1e-300) {
        const b = (sxy / window - mx * my) / vx;
        beta[t] = b;
        alpha[t] = my - b * mx;
      }
      const xo = x[t - window]!, yo = y[t - window]!;
      sx -= xo; sy -= yo; sxx -= xo * xo; sxy -= xo * yo;
    }
    const xi = x[t]!, yi = y[t]!;
    sx += xi; sy += yi; sxx += xi * xi; sxy += xi * yi;
  }
  return { alpha, beta };
}

export interface KalmanHedgeOptions {
  /** δ in (0, 1): state noise covariance δ/(1−δ)·I per bar. Default 1e-4. */
  readonly delta?: number;
  /** Observation noise variance. Default 1e-3. */
  readonly observationVar?: number;
}

export interface KalmanHedgePath extends HedgePath {
  /** One-step-ahead forecast error y_t − (α_{t|t−1} + β_{t|t−1} x_t). */
  readonly innovation: Float64Array;
  /** Its variance Q_t. */
  readonly innovationVar: Float64Array;
}

/** Kalman filter for (α, β) as a random walk; alpha/beta[t] are the predictions used at t (before seeing y_t). */
export function kalmanHedge(y: ArrayLike<number>, x: ArrayLike<number>, options: KalmanHedgeOptions = {}): KalmanHedgePath {
  const n = y.length;
  if (x.length !== n) throw new ArbiterError('ARB_INPUT_INVALID', `y has ${n} points, x has ${x.length}`, {});
  const delta = options.delta ?? 1e-4;
  const ve = options.observationVar ?? 1e-3;
  if (!(delta > 0 && delta < 1)) throw new ArbiterError('ARB_INPUT_INVALID', `delta must be in (0, 1), got ${delta}`, { delta });
  if (!(ve > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `observationVar must be positive, got ${ve}`, { observationVar: ve });
  const vw = delta / (1 - delta);
  let a = 0, b = 0;
  // P = [[p00, p01], [p01, p11]] for state (α, β); diffuse-ish start.
  let p00 = 1, p01 = 0, p11 = 1;
  const alpha = new Float64Array(n), beta = new Float64Array(n), innovation = new Float64Array(n), innovationVar = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    p00 += vw; p11 += vw;
    const xt = x[t]!;
    alpha[t] = a; beta[t] = b;
    const e = y[t]! - (a + b * xt);
    // H = [1, x]; Q = H P Hᵀ + ve; K = P Hᵀ / Q.
    const ph0 = p00 + p01 * xt, ph1 = p01 + p11 * xt;
    const q = ph0 + ph1 * xt + ve;
    innovation[t] = e; innovationVar[t] = q;
    const k0 = ph0 / q, k1 = ph1 / q;
    a += k0 * e; b += k1 * e;
    p00 -= k0 * ph0; p01 -= k0 * ph1; p11 -= k1 * ph1;
  }
  return { alpha, beta, innovation, innovationVar };
}
