/**
 * The limits the risk gate enforces and the trading states it can be in. Amounts are USD,
 * quantities venue units; a limit of Infinity is off. The CLI validates `[risk]` and builds these.
 */
import type { VenueId } from '../../domain/venue.js';

/**
 * active: every order that passes the limits goes out. reducing: only orders that shrink a
 * position (cancels always pass). halted: the kill switch — open orders are cancelled, and only
 * cancels and explicitly reduce-only orders that shrink a position pass.
 */
export type TradingState = 'active' | 'reducing' | 'halted';

export const TRADING_STATES: readonly TradingState[] = ['active', 'reducing', 'halted'];

export interface VenueRiskLimits {
  /** Largest quantity of one order on this venue, venue units (contracts, shares, USD for Deribit perpetuals). */
  readonly maxOrderQuantity?: number;
  /** Gross notional of all positions and open orders on this venue, USD. */
  readonly maxVenueExposureUsd?: number;
}

export interface RiskLimits {
  /** Notional of one order, USD. */
  readonly maxOrderNotionalUsd: number;
  /** Quantity of one order, venue units (per-venue overrides in `venues`). */
  readonly maxOrderQuantity: number;
  /** Notional of one instrument's position plus its open orders after the order, USD. */
  readonly maxInstrumentExposureUsd: number;
  /** Gross notional per venue after the order, USD (per-venue overrides in `venues`). */
  readonly maxVenueExposureUsd: number;
  /** Gross notional across all venues after the order, USD. */
  readonly maxTotalExposureUsd: number;
  /** Sustained order rate (token bucket refill), orders per second. */
  readonly maxOrdersPerSec: number;
  /** Orders that may go out at once before the rate applies (bucket capacity). */
  readonly orderBurst: number;
  /** Fat-finger band: a buy may be priced at most this fraction above the ask (a sell below the bid; the mid when that side is empty) … */
  readonly priceBandFraction: number;
  /** … or by this many ticks, whichever is wider (cheap options, binaries near 0 or 1). */
  readonly priceBandTicks: number;
  /** Market data older than this cannot price an order, ms. */
  readonly maxQuoteAgeMs: number;
  /** Halt when marked equity falls this fraction below its high-water mark (0.2 = 20 %). */
  readonly maxDrawdownFraction: number;
  /** Halt after this many venue errors (rejections, failed or lost requests) on one venue … */
  readonly venueErrorLimit: number;
  /** … within this window, ms. */
  readonly venueErrorWindowMs: number;
  /** Cancel every open order when the state becomes halted. */
  readonly cancelOnHalt: boolean;
  readonly initialState: TradingState;
  readonly venues: Partial<Record<VenueId, VenueRiskLimits>>;
}

/** Conservative defaults for a small account; `[risk]` in the config overrides each. */
export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxOrderNotionalUsd: 25_000,
  maxOrderQuantity: Infinity,
  maxInstrumentExposureUsd: 100_000,
  maxVenueExposureUsd: 250_000,
  maxTotalExposureUsd: 500_000,
  maxOrdersPerSec: 5,
  orderBurst: 20,
  priceBandFraction: 0.1,
  priceBandTicks: 5,
  maxQuoteAgeMs: 10_000,
  maxDrawdownFraction: 0.2,
  venueErrorLimit: 5,
  venueErrorWindowMs: 60_000,
  cancelOnHalt: true,
  initialState: 'active',
  venues: {},
};
