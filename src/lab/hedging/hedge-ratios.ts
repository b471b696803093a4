/**
 * Static hedge ratios on returns.
 * - Minimum-variance hedge (Johnson 1960; Ederington 1979, J. Finance 34(1)): h* = Cov(r_s, r_f)/Var(r_f)
 *   minimises Var(r_s − h·r_f); the variance reduction ("hedging effectiveness") is ρ².
 * - Beta hedge: OLS of asset returns on market returns with intercept, r_a = a + β r_m + ε, with the
 *   standard error of β; hedge notional = −β × position notional.
 */
import { ArbiterError } from '../../domain/errors.js';

export interface MinVarianceHedge {
  /** Units of the hedge instrument's return to short per unit of exposure. */
  readonly ratio: number;
  /** 1 − Var(hedged)/Var(unhedged) in-sample (= ρ²). */
  readonly effectiveness: number;
  readonly correlation: number;
  readonly hedgedVariance: number;
  readonly unhedgedVariance: number;
}

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new ArbiterError('ARB_INPUT_INVALID', `${what}: series lengths differ (${a.length} vs ${b.length})`);
  if (a.length < 3) throw new ArbiterError('ARB_INPUT_INVALID', `${what}: need at least 3 observations, got ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!)) throw new ArbiterError('ARB_INPUT_INVALID', `${what}: non-finite value at index ${i}`, { index: i });
  }
}

function moments(x: ArrayLike<number>, y: ArrayLike<number>): { mx: number; my: number; sxx: number; syy: number; sxy: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { mx, my, sxx, syy, sxy };
}

/** h* for hedging `exposure` returns with `hedge` returns. */
export function minimumVarianceHedge(exposure: ArrayLike<number>, hedge: ArrayLike<number>): MinVarianceHedge {
  checkPair(exposure, hedge, 'minimumVarianceHedge');
  const { sxx, syy, sxy } = moments(hedge, exposure);
  if (!(sxx > 0)) throw new ArbiterError('ARB_INPUT_INVALID', 'minimumVarianceHedge: hedge returns have zero variance');
  const n = exposure.length;
  const ratio = sxy / sxx;
  const unhedgedVariance = syy / (n - 1);
  const hedgedVariance = (syy - ratio * sxy) / (n - 1);
  const correlation = syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
  return { ratio, effectiveness: unhedgedVariance > 0 ? 1 - hedgedVariance / unhedgedVariance : 0, correlation, hedgedVariance, unhedgedVariance };
}

export interface BetaHedge {
  readonly alpha: number;
  readonly beta: number;
  readonly betaStdError: number;
  readonly rSquared: number;
  /** −β × notional: the market position that neutralises the beta exposure. */
  readonly hedgeNotional: number;
}

export function betaHedge(asset: ArrayLike<number>, market: ArrayLike<number>, notional = 1): BetaHedge {
  checkPair(asset, market, 'betaHedge');
  if (!Number.isFinite(notional)) throw new ArbiterError('ARB_INPUT_INVALID', `betaHedge: notional must be finite, got ${notional}`);
  const { mx, my, sxx, syy, sxy } = moments(market, asset);
  if (!(sxx > 0)) throw new ArbiterError('ARB_INPUT_INVALID', 'betaHedge: market returns have zero variance');
  const n = asset.length;
  const beta = sxy / sxx;
  const alpha = my - beta * mx;
  const sse = Math.max(0, syy - beta * sxy);
  const s2 = sse / (n - 2);
  return { alpha, beta, betaStdError: Math.sqrt(s2 / sxx), rSquared: syy > 0 ? 1 - sse / syy : 0, hedgeNotional: -beta * notional };
}

/** Rolling (strictly causal) min-variance ratios: value at i uses observations [i − window, i). NaN before. */
export function rollingHedgeRatio(exposure: ArrayLike<number>, hedge: ArrayLike<number>, window: number): Float64Array {
  checkPair(exposure, hedge, 'rollingHedgeRatio');
  if (!(Number.isInteger(window) && window >= 3)) throw new ArbiterError('ARB_INPUT_INVALID', `rollingHedgeRatio: window must be an integer ≥ 3, got ${window}`);
  const out = new Float64Array(exposure.length).fill(Number.NaN);
  for (let i = window; i < exposure.length; i++) {
    const { sxx, sxy } = moments(Array.prototype.slice.call(hedge, i - window, i) as number[], Array.prototype.slice.call(exposure, i - window, i) as number[]);
    out[i] = sxx > 0 ? sxy / sxx : Number.NaN;
  }
  return out;
}
