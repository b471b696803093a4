/**
 * Quoting rules for a single-instrument market maker.
 *
 * Avellaneda & Stoikov (2008), "High-frequency trading in a limit order book", Quantitative Finance 8(3):
 *   reservation price  r = s − q·γ·σ²·(T − t)
 *   total spread       δ_a + δ_b = γ·σ²·(T − t) + (2/γ)·ln(1 + γ/k)
 *   quotes             bid = r − spread/2,  ask = r + spread/2
 * with s the mid, q the inventory (base units), γ risk aversion, σ the mid's volatility per √(time unit),
 * k the decay of fill intensity with distance (λ(δ) = A·e^{−kδ}) and T − t the time left in the session,
 * all in the same time unit.
 *
 * Order-book-imbalance variant: the centre moves towards the side the imbalance predicts,
 *   r_I = r + κ·I·(spread/2),  I = (Σbid − Σask)/(Σbid + Σask) over the top L levels, κ ∈ [0, 1],
 * (the seed notebook's "m ∓ (s/2)(1 ± κI) ∓ φ·inv" had inventory terms that widened both sides instead of
 * skewing them; the AS inventory term replaces them here).
 */
import { ArbiterError } from '../../domain/errors.js';

export interface AsParams {
  /** Risk aversion γ > 0. */
  readonly gamma: number;
  /** Mid volatility σ (price units per √time unit). */
  readonly sigma: number;
  /** Fill-intensity decay k > 0 (per price unit). */
  readonly k: number;
}

export interface Quote {
  readonly bid: number;
  readonly ask: number;
  readonly reservation: number;
  readonly spread: number;
}

export function checkAsParams(p: AsParams): void {
  if (!(p.gamma > 0 && Number.isFinite(p.gamma))) throw new ArbiterError('ARB_INPUT_INVALID', `gamma must be > 0, got ${p.gamma}`);
  if (!(p.sigma >= 0 && Number.isFinite(p.sigma))) throw new ArbiterError('ARB_INPUT_INVALID', `sigma must be ≥ 0, got ${p.sigma}`);
  if (!(p.k > 0 && Number.isFinite(p.k))) throw new ArbiterError('ARB_INPUT_INVALID', `k must be > 0, got ${p.k}`);
}

/** AS quotes at mid `mid`, inventory `q`, time left `tau` ≥ 0. */
export function avellanedaStoikovQuote(mid: number, q: number, tau: number, p: AsParams): Quote {
  checkAsParams(p);
  if (!(tau >= 0)) throw new ArbiterError('ARB_INPUT_INVALID', `time left must be ≥ 0, got ${tau}`);
  const risk = p.gamma * p.sigma * p.sigma * tau;
  const reservation = mid - q * risk;
  const spread = risk + (2 / p.gamma) * Math.log(1 + p.gamma / p.k);
  return { bid: reservation - spread / 2, ask: reservation + spread / 2, reservation, spread };
}

/** AS quotes shifted by κ·I·spread/2 for book imbalance I ∈ [−1, 1]. */
export function imbalanceQuote(mid: number, q: number, tau: number, p: AsParams, imbalance: number, kappa: number): Quote {
  if (!(imbalance >= -1 && imbalance <= 1)) throw new ArbiterError('ARB_INPUT_INVALID', `imbalance must be in [−1, 1], got ${imbalance}`);
  if (!(kappa >= 0 && kappa <= 1)) throw new ArbiterError('ARB_INPUT_INVALID', `kappa must be in [0, 1], got ${kappa}`);
  const base = avellanedaStoikovQuote(mid, q, tau, p);
  const shift = kappa * imbalance * (base.spread / 2);
  return { bid: base.bid + shift, ask: base.ask + shift, reservation: base.reservation + shift, spread: base.spread };
}
