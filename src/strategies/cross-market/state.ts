/** CrossMarket's dashboard state: plain JSON-ready data, rebuilt at each recalculation. */
import type { OpportunityKind } from '../../optimizer/index.js';
import type { ActivityEntry } from './activity-log.js';
import type { ScanCounts } from './scan-markets.js';

export interface SmileRow {
  readonly expiryMs: number;
  readonly years: number;
  readonly forward: number;
  readonly atmVol: number;
  /** Every fresh option of the expiry: its market IV and the fitted surface's vol at its strike. */
  readonly points: ReadonlyArray<{ readonly strike: number; readonly right: 'call' | 'put'; readonly marketIv: number; readonly modelIv: number }>;
}

export interface DistributionRow {
  readonly expiryMs: number;
  readonly forward: number;
  /** Price quantiles of S_T at p = 0.05, 0.25, 0.5, 0.75, 0.95. */
  readonly quantiles: ReadonlyArray<{ readonly p: number; readonly price: number }>;
  /** P(S_T > K) at K = spot × {0.90, 0.95, 1.00, 1.05, 1.10}. */
  readonly probabilityAbove: ReadonlyArray<{ readonly strike: number; readonly p: number }>;
}

export interface OpportunityRow {
  readonly id: string;
  readonly venue: 'polymarket' | 'derive';
  readonly symbol: string;
  readonly kind: OpportunityKind;
  readonly side: 'buy' | 'sell';
  readonly description: string;
  readonly strike: number;
  readonly expiryMs: number;
  readonly fairValue: number;
  readonly marketPrice: number;
  readonly fee: number;
  /** Per unit after fees, price currency. */
  readonly edge: number;
  readonly edgeReturn: number;
  readonly liquidity: number;
}

export interface PositionRow {
  readonly venue: 'polymarket' | 'derive';
  readonly symbol: string;
  readonly description: string;
  readonly current: number;
  readonly target: number;
  /** Price the optimizer used per unit (USD). */
  readonly price: number;
  readonly fairValue: number;
}

export interface PortfolioRow {
  readonly wealthUsd: number;
  readonly status: string;
  readonly expectedReturn: number;
  readonly probabilityOfLoss: number;
  readonly cvar5: number;
  readonly budgetUsed: number;
  readonly exposureUsed: number;
}

export interface CrossMarketState {
  readonly name: string;
  /** Last event time seen. */
  readonly asOfMs: number | null;
  readonly spot: number | null;
  readonly lastRecalcMs: number | null;
  readonly recalcs: number;
  readonly universe: { readonly deribitOptions: number; readonly deribitFutures: number; readonly deriveOptions: number; readonly polymarketMarkets: number };
  readonly ivPoints: number;
  readonly smiles: readonly SmileRow[];
  readonly distributions: readonly DistributionRow[];
  readonly scan: ScanCounts | null;
  readonly opportunities: readonly OpportunityRow[];
  readonly positions: readonly PositionRow[];
  readonly portfolio: PortfolioRow | null;
  readonly orders: { readonly open: number; readonly submitted: number; readonly rejected: number; readonly filled: number };
  readonly log: readonly ActivityEntry[];
}
