/**
 * Builds an account's risk gate and the market watch it reads, from what a session has at hand:
 * the router to protect, the account's portfolio (positions, equity, USD rates), the catalog
 * (instrument kinds, tick sizes) and the feeds' connection state.
 */
import type { Instrument } from '../../domain/instrument.js';
import type { OrderUpdate } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { Logger } from '../logger.js';
import type { ExecutionRouter } from '../market-feed.js';
import type { PortfolioView } from '../strategy.js';
import { MarketWatch, type FeedStatus } from './market-watch.js';
import { createNotionalValuer } from './order-notional.js';
import { RiskGate } from './risk-gate.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from './risk-limits.js';

export interface AccountRiskOptions {
  readonly inner: ExecutionRouter;
  readonly limits?: RiskLimits;
  readonly portfolio: PortfolioView & { usdRate(currency: string): number | undefined };
  readonly find: (venue: VenueId, symbol: string) => Instrument | undefined;
  readonly priceCurrencyOf: (venue: VenueId, symbol: string) => string;
  readonly feedStatus?: FeedStatus;
  readonly now: () => number;
  readonly logger: Logger;
  /** Usually Engine.deliverOrderUpdate (the strategy learns of the refusal). */
  readonly onReject?: (update: OrderUpdate) => void;
}

/** The gate (put it where the router was) and the watch (feed it every market event before strategies see it). */
export function createAccountRisk(options: AccountRiskOptions): { gate: RiskGate; market: MarketWatch } {
  const market = new MarketWatch(options.feedStatus);
  const gate = new RiskGate({
    inner: options.inner, limits: options.limits ?? DEFAULT_RISK_LIMITS, market, portfolio: options.portfolio,
    notionalUsd: createNotionalValuer({ instrument: options.find, priceCurrencyOf: options.priceCurrencyOf, usdRate: (c) => options.portfolio.usdRate(c) }),
    tickSize: (v, s) => options.find(v, s)?.tickSize,
    now: options.now, logger: options.logger, onReject: options.onReject,
  });
  return { gate, market };
}
