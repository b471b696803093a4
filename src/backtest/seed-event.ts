/**
 * Imports a line of the seed engine's recordings (engine-seed.md §8.1) as a ticker event: the
 * seed stored normalised top-of-book quotes, IVs already as fractions, and no receive time, so
 * the recorded timestamp serves as both venue and local time.
 */
import { ParseError } from '../domain/errors.js';
import type { TickerEvent } from '../domain/market-event.js';
import { parseVenueId, type VenueId } from '../domain/venue.js';
import type { SeedRecordingLine } from '../store/recording/recording-format.js';

export type PriceCurrencyOf = (venue: VenueId, symbol: string) => string;

function num(v: unknown, field: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new ParseError('ARB_PARSE_LINE', `seed event field ${field} is not a number`, { field });
}

/** `tsMs` is the line's timestamp already normalised to ms. */
export function seedLineToTicker(line: SeedRecordingLine, tsMs: number, priceCurrencyOf: PriceCurrencyOf): TickerEvent {
  const { exchange, symbol } = line.instrument;
  if (typeof exchange !== 'string' || typeof symbol !== 'string' || symbol === '') {
    throw new ParseError('ARB_PARSE_LINE', 'seed event instrument needs an exchange and a symbol');
  }
  const venue = parseVenueId(exchange);
  const delta = num(line.delta, 'delta');
  return {
    kind: 'ticker',
    venue,
    symbol,
    tsVenue: tsMs,
    tsLocal: tsMs,
    priceCurrency: priceCurrencyOf(venue, symbol),
    bid: num(line.best_bid, 'best_bid'),
    bidSize: null,
    ask: num(line.best_ask, 'best_ask'),
    askSize: null,
    last: null,
    mark: null,
    index: null,
    underlying: num(line.underlying_price, 'underlying_price'),
    markIv: num(line.mark_iv, 'mark_iv'),
    bidIv: num(line.bid_iv, 'bid_iv'),
    askIv: num(line.ask_iv, 'ask_iv'),
    greeks: delta === null ? null : { delta, gamma: null, vega: null, theta: null, rho: null },
    openInterest: null,
  };
}
