/**
 * Sizing: the assets CrossMarket may hold (scanned opportunities, plus what it already holds in
 * its universe), their payoff in scenarios of the underlying drawn consistently across expiries
 * from the surface's own distributions (`generateScenarios`, one driver path on the vol clock), and
 * the Kelly/CRRA optimum under the budget, per-asset and exposure caps, rounded to venue steps.
 */
import { MS_PER_YEAR } from '../../domain/time.js';
import type { VenueId } from '../../domain/venue.js';
import { generateScenarios, optimizeAllocation, type AllocationResult, type Opportunity, type OpportunityKind } from '../../optimizer/index.js';
import type { PriceDistribution, VolSurface } from '../../pricing/index.js';

export interface SizingAsset {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly kind: OpportunityKind;
  readonly strike: number;
  readonly expiryMs: number;
  /** Binaries: YES pays above (default) or below the strike. */
  readonly comparison: 'above' | 'below';
  /** Cost per unit the optimizer trades at, in USD (> 0): ask plus fee for a buy, bid less fee for a hold-or-reduce asset. */
  readonly price: number;
  /** Units held now (≥ 0). */
  readonly held: number;
  /** Largest target units: held plus the book's liquidity at a clearing edge (held alone when it can only be kept or reduced). */
  readonly maxUnits: number;
  readonly minUnits: number;
  readonly unitStep: number;
  readonly opportunity: Opportunity | null;
  readonly description: string;
  /** Model value per unit. */
  readonly fair: number;
}

export interface SizingInput {
  readonly assets: readonly SizingAsset[];
  readonly surface: VolSurface;
  readonly nowMs: number;
  readonly wealth: number;
  readonly riskAversion: number;
  readonly scenarios: number;
  readonly seed: number;
  readonly maxFractionPerAsset: number;
  readonly maxExposure: number;
}

export interface SizingResult {
  readonly assets: readonly SizingAsset[];
  readonly allocation: AllocationResult;
}

/** Payoff per unit at expiry for an underlying price `s`. */
export function payoffAt(kind: OpportunityKind, comparison: 'above' | 'below', strike: number, s: number): number {
  switch (kind) {
    case 'binary-yes':
    case 'binary-no': {
      const yes = comparison === 'above' ? s > strike : s < strike;
      return (kind === 'binary-yes') === yes ? 1 : 0;
    }
    case 'call':
      return s > strike ? s - strike : 0;
    case 'put':
      return s < strike ? strike - s : 0;
  }
}

/** Solves the sizing problem; assets must all expire after `nowMs`. */
export function sizePortfolio(input: SizingInput): SizingResult {
  const { assets, surface, nowMs } = input;
  const expiries = [...new Set(assets.map((a) => a.expiryMs))].sort((a, b) => a - b);
  const years = expiries.map((e) => (e - nowMs) / MS_PER_YEAR);
  const distributions = new Map<number, PriceDistribution>();
  for (const y of years) distributions.set(y, surface.distribution(y));
  const set = generateScenarios({
    expiriesYears: years,
    varianceTimes: years.map((y) => surface.volYears(y)),
    count: input.scenarios,
    seed: input.seed,
    distribution: { ppf: (u, y) => distributions.get(y)!.ppf(u) },
  });
  const column = new Map(expiries.map((e, i) => [e, i]));
  const n = assets.length;
  const k = set.expiries;
  const payoffs = new Float64Array(set.count * n);
  for (let s = 0; s < set.count; s++) {
    for (let j = 0; j < n; j++) {
      const a = assets[j]!;
      payoffs[s * n + j] = payoffAt(a.kind, a.comparison, a.strike, set.prices[s * k + column.get(a.expiryMs)!]!);
    }
  }
  const allocation = optimizeAllocation({
    payoffs,
    prices: assets.map((a) => a.price),
    wealth: input.wealth,
    riskAversion: input.riskAversion,
    maxFractionPerAsset: input.maxFractionPerAsset,
    maxExposure: input.maxExposure,
    minUnits: assets.map((a) => a.minUnits),
    unitStep: assets.map((a) => a.unitStep),
    positions: assets.map((a) => a.held),
    maxUnits: assets.map((a) => a.maxUnits),
  });
  return { assets, allocation };
}
