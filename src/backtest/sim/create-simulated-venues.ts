/**
 * Builds the simulated venues of a backtest or paper run: one execution client per venue, all
 * fed by one `onMarketEvent` hook that the replay pipeline calls before strategies see the event.
 */
import type { Instrument } from '../../domain/instrument.js';
import type { MarketEvent } from '../../domain/market-event.js';
import type { Fill } from '../../domain/order.js';
import { VENUES, type VenueId } from '../../domain/venue.js';
import type { Clock } from '../../engine/clock.js';
import type { InstrumentLookup, TopOfBookView } from '../../engine/portfolio/portfolio.js';
import { binanceFeeModel, coinbaseFeeModel, DeribitFeeModel, krakenFeeModel, PolymarketFeeModel, ZeroFeeModel, type FeeModel } from './fee-model.js';
import type { FeedLatencyStats } from './feed-latency.js';
import { createLatencyModel, DEFAULT_LATENCY, type LatencyModel, type LatencySpec } from './latency-model.js';
import { RiskAverseQueueModel, type QueueModel } from './queue-model.js';
import { SimulatedVenue } from './simulated-venue.js';

export type LatencyOption = LatencySpec | LatencyModel;

export interface SimulatedVenuesOptions {
  readonly venues: readonly VenueId[];
  /** The replay clock (or the wall clock for paper trading): latencies are measured on it. */
  readonly clock: Clock;
  /** Seeds the latency samplers; the same seed and data give the same run. Default 1. */
  readonly seed?: number;
  /** One latency for every venue, or one per venue; default 25 ms each way. */
  readonly latency?: LatencyOption | Partial<Record<VenueId, LatencyOption>>;
  /** Fee model per venue; default each venue's base-tier schedule (fee-model.ts), Polymarket fee-free, Derive none. */
  readonly fees?: Partial<Record<VenueId, FeeModel>>;
  /** Default: the risk-averse model (only trades and shrinking levels advance the queue). */
  readonly queue?: QueueModel;
  readonly instruments?: InstrumentLookup;
  readonly priceCurrencyOf?: (venue: VenueId, symbol: string) => string;
  readonly contractMultiplier?: (venue: VenueId, symbol: string, instrument: Instrument | undefined) => number;
  /** Receives each fill as it is delivered, before the execution listeners (usually `Portfolio`). */
  readonly portfolio?: { applyFill(fill: Fill): void };
  /** Size assumed at a ticker's best price when the ticker gives none; default Infinity. */
  readonly unknownTopSize?: number;
}

export interface SimulatedVenues extends TopOfBookView {
  readonly clients: readonly SimulatedVenue[];
  venue(venue: VenueId): SimulatedVenue | undefined;
  /** Call with every replayed event, before strategies see it. */
  onMarketEvent(event: MarketEvent): void;
  /** Latest local time at which any venue still has something scheduled; −Infinity when idle. */
  busyUntil(): number;
  /** Feed latency (receive time − venue time) per venue, from the replayed events. */
  feedLatency(): Partial<Record<VenueId, FeedLatencyStats>>;
}

export function defaultFeeModel(venue: VenueId): FeeModel {
  if (venue === 'deribit') return new DeribitFeeModel();
  if (venue === 'polymarket') return new PolymarketFeeModel(0);
  if (venue === 'binance') return binanceFeeModel();
  if (venue === 'coinbase') return coinbaseFeeModel();
  if (venue === 'kraken') return krakenFeeModel();
  return new ZeroFeeModel();
}

function isLatencyOption(value: unknown): value is LatencyOption {
  return typeof value === 'object' && value !== null && 'entryMs' in value;
}

/**
 * @example
 * const sim = createSimulatedVenues({ venues: ['deribit', 'polymarket'], clock, seed: 7, portfolio });
 * const router = new VenueExecutionRouter(sim.clients, onUpdate);
 * // replay: onEvent = (e) => { sim.onMarketEvent(e); portfolio.onMarketEvent(e); engine.dispatch(e); }
 */
export function createSimulatedVenues(options: SimulatedVenuesOptions): SimulatedVenues {
  const seed = options.seed ?? 1;
  const byVenue = new Map<VenueId, SimulatedVenue>();
  for (const venue of options.venues) {
    if (byVenue.has(venue)) continue;
    const spec = options.latency === undefined ? DEFAULT_LATENCY : isLatencyOption(options.latency) ? options.latency : (options.latency[venue] ?? DEFAULT_LATENCY);
    const client = new SimulatedVenue({
      venue, clock: options.clock,
      latency: createLatencyModel(spec, seed * 1_000 + VENUES.indexOf(venue)),
      fees: options.fees?.[venue] ?? defaultFeeModel(venue),
      queue: options.queue ?? new RiskAverseQueueModel(),
      instruments: options.instruments, priceCurrencyOf: options.priceCurrencyOf, contractMultiplier: options.contractMultiplier,
      onFill: options.portfolio ? (fill) => options.portfolio!.applyFill(fill) : undefined,
      unknownTopSize: options.unknownTopSize,
    });
    byVenue.set(venue, client);
  }
  const clients = [...byVenue.values()];
  return {
    clients,
    venue: (venue) => byVenue.get(venue),
    onMarketEvent(event) {
      byVenue.get(event.venue)?.onMarketEvent(event);
    },
    bestBid: (venue, symbol) => byVenue.get(venue)?.bestBid(symbol) ?? null,
    bestAsk: (venue, symbol) => byVenue.get(venue)?.bestAsk(symbol) ?? null,
    busyUntil: () => clients.reduce((t, c) => Math.max(t, c.busyUntil), -Infinity),
    feedLatency: () => Object.fromEntries(clients.map((c) => [c.venue, c.feed.stats()])),
  };
}
