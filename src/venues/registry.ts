/**
 * What each venue contributes to replay and live wiring: its frame parser and the currency its
 * prices are quoted in. The CLI and tests build from here; the engine never imports venues.
 */
import type { VenueId } from '../domain/venue.js';
import { deribitPriceCurrency } from './deribit/parse/deribit-price-currency.js';
import { createDeribitFrameParser } from './deribit/parse/parse-deribit-frame.js';
import { createPolymarketFrameParser } from './polymarket/parse/parse-polymarket-frame.js';
import type { FrameParser, FrameParserFactory } from './shared/frame-parser.js';

const PARSER_FACTORIES: Partial<Record<VenueId, FrameParserFactory>> = {
  deribit: createDeribitFrameParser,
  polymarket: createPolymarketFrameParser,
};

/** Fresh parsers (they cache per-symbol facts) for every venue that has one. */
export function createFrameParsers(): Map<VenueId, FrameParser> {
  const parsers = new Map<VenueId, FrameParser>();
  for (const [venue, factory] of Object.entries(PARSER_FACTORIES) as Array<[VenueId, FrameParserFactory]>) parsers.set(venue, factory());
  return parsers;
}

/** The currency an instrument's prices are quoted in. */
export function priceCurrencyOf(venue: VenueId, symbol: string): string {
  switch (venue) {
    case 'deribit':
      return deribitPriceCurrency(symbol);
    case 'derive':
      return 'USDC';
    case 'polymarket':
      return 'USD';
    default: {
      // Spot pairs elsewhere are BASE-QUOTE or BASE/QUOTE or BASEQUOTE; the quote is the last part.
      const parts = symbol.split(/[-/_]/);
      return parts.length > 1 ? parts[parts.length - 1]! : 'USD';
    }
  }
}
