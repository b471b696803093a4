/**
 * Scenarios of the underlying at several expiries that are consistent across expiries: one Gaussian
 * driver path W over (variance) time τ, mapped at each expiry through that expiry's marginal
 * quantile function, so every expiry has exactly its own distribution and later expiries continue
 * the path of earlier ones (corr(W(τᵢ), W(τⱼ)) = √(τᵢ/τⱼ)).
 */
import { ArbiterError } from '../domain/errors.js';
import { normCdf, normPpf } from '../pricing/index.js';
import { HaltonSequence } from './halton.js';
import { SeededRandom } from './seeded-random.js';

/** What the scenario generator needs from a pricing model: the price quantile at a horizon. */
export interface MarginalDistribution {
  /** The price x with P(S_T ≤ x) = u at T = `years` (0 < u < 1). */
  ppf(u: number, years: number): number;
}

export interface ScenarioOptions {
  /** Time to each expiry in years (> 0), in any order; output columns follow this order. */
  readonly expiriesYears: readonly number[];
  /** Driver clock per expiry, e.g. vol-weighted variance time; default the calendar years. Must increase with the expiry. */
  readonly varianceTimes?: readonly number[];
  readonly count: number;
  readonly distribution: MarginalDistribution;
  /** Default 0; the same seed gives the same scenarios. */
  readonly seed?: number;
  /** `halton` (scrambled, default) or plain pseudo-random `random`. */
  readonly sampler?: 'halton' | 'random';
}

export interface ScenarioSet {
  readonly count: number;
  readonly expiries: number;
  /** Row-major count × expiries prices, columns in the order of `expiriesYears`. */
  readonly prices: Float64Array;
}

const U_MIN = 1e-16;
const U_MAX = 1 - 1.1102230246251565e-16;

/**
 * Builds `count` price paths at the requested expiries.
 *
 * For scenario s and expiries sorted by τ: W ← W + Φ⁻¹(v_{s,i})·√(τᵢ − τᵢ₋₁) with v from a scrambled
 * Halton point (one dimension per expiry), then uᵢ = Φ(W/√τᵢ) ~ U(0,1) and price = ppf(uᵢ, Tᵢ).
 *
 * @example
 * const set = generateScenarios({ expiriesYears: [7 / 365, 30 / 365], count: 10_000, distribution, seed: 1 });
 * @throws ArbiterError `ARB_INPUT_INVALID` for non-positive times, a count below 1, or variance times that do not increase with the expiry.
 */
export function generateScenarios(options: ScenarioOptions): ScenarioSet {
  const years = options.expiriesYears;
  const tau = options.varianceTimes ?? years;
  const k = years.length;
  const { count, distribution } = options;
  if (!Number.isInteger(count) || count < 1) throw invalid(`count must be a positive integer, got ${count}`);
  if (tau.length !== k) throw invalid(`varianceTimes has ${tau.length} entries for ${k} expiries`);
  for (let i = 0; i < k; i++) {
    if (!(years[i]! > 0 && tau[i]! > 0 && Number.isFinite(years[i]!) && Number.isFinite(tau[i]!))) throw invalid(`expiry ${i} needs positive finite times`);
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => years[a]! - years[b]! || tau[a]! - tau[b]!);
  for (let r = 1; r < k; r++) {
    if (tau[order[r]!]! < tau[order[r - 1]!]!) throw invalid('varianceTimes must not decrease as the expiry increases');
  }
  const prices = new Float64Array(count * k);
  if (k === 0) return { count, expiries: 0, prices };
  const uniforms = new Float64Array(k);
  const halton = options.sampler === 'random' ? null : new HaltonSequence({ dimension: k, seed: options.seed ?? 0 });
  const rng = new SeededRandom(options.seed ?? 0);
  const step = new Float64Array(k);
  const root = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    const i = order[r]!;
    step[r] = Math.sqrt(tau[i]! - (r === 0 ? 0 : tau[order[r - 1]!]!));
    root[r] = Math.sqrt(tau[i]!);
  }
  for (let s = 0; s < count; s++) {
    if (halton) halton.next(uniforms);
    else for (let r = 0; r < k; r++) uniforms[r] = rng.nextFloat();
    let w = 0;
    for (let r = 0; r < k; r++) {
      w += normPpf(clamp(uniforms[r]!)) * step[r]!;
      const i = order[r]!;
      prices[s * k + i] = distribution.ppf(clamp(normCdf(w / root[r]!)), years[i]!);
    }
  }
  return { count, expiries: k, prices };
}

function clamp(u: number): number {
  return u < U_MIN ? U_MIN : u > U_MAX ? U_MAX : u;
}

function invalid(message: string): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', `generateScenarios: ${message}`);
}
