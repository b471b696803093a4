/**
 * What each venue contributes to replay and live wiring: its frame parser and the currency its
 * prices are quoted in. The CLI and tests build from here; the engine never imports venues.
 */
import type { VenueId } from '../domain/venue.js';
import { deribitPriceCurrency } from './deribit/parse/deribit-price-currency.js';
import { createDeribitFrameParser } from './deribit/parse/parse-deribit-frame.js';
import { createDeriveFrameParser, derivePriceCurrency } from './derive/parse/parse-derive-frame.js';
import { createPolymarketFrameParser } from './polymarket/parse/parse-polymarket-frame.js';
import { createBinanceFrameParser } from './binance/parse/parse-binance-frame.js';
import { binancePriceCurrency } from './binance/parse/binance-symbols.js';
import { createKrakenFrameParser, krakenPriceCurrency } from './kraken/parse/parse-kraken-frame.js';
import { createCoinbaseFrameParser } from './coinbase/parse/parse-coinbase-frame.js';
import { createUniswapFrameParser } from './uniswap/parse/parse-uniswap-frame.js';
import type { FrameParser, FrameParserFactory } from './shared/frame-parser.js';

const PARSER_FACTORIES: Partial<Record<VenueId, FrameParserFactory>> = {
  deribit: createDeribitFrameParser,
  derive: createDeriveFrameParser,
  polymarket: createPolymarketFrameParser,
  binance: createBinanceFrameParser,
  kraken: createKrakenFrameParser,
  coinbase: createCoinbaseFrameParser,
  uniswap: createUniswapFrameParser,
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
      return derivePriceCurrency(symbol);
    case 'polymarket':
      return 'USD';
    case 'binance':
      return binancePriceCurrency(symbol);
    case 'kraken':
      return krakenPriceCurrency(symbol);
    default: {
      // Spot pairs elsewhere are BASE-QUOTE or BASE/QUOTE or BASEQUOTE; the quote is the last part.
      const parts = symbol.split(/[-/_]/);
      return parts.length > 1 ? parts[parts.length - 1]! : 'USD';
    }
  }
}

/**
 * The venue's own timestamp of a raw frame (epoch ms), or null when it carries none: Deribit and
 * Derive notifications carry `params.data.timestamp` (or per trade), Polymarket messages a
 * `timestamp` string (the first message of an array), Binance events `E`, Kraken and Coinbase
 * RFC 3339 `timestamp` strings. Uniswap frames (eth_call answers, eth_subscription logs) carry no
 * time: null.
 */
export function venueTimestamp(venue: VenueId, frame: unknown): number | null {
  const pick = (value: unknown): number | null => {
    const n = typeof value === 'string' ? Number(value) : value;
    return typeof n === 'number' && Number.isFinite(n) ? n : null;
  };
  const record = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  switch (venue) {
    case 'deribit':
    case 'derive': {
      const params = record(record(frame)?.params);
      const data = params?.data;
      if (Array.isArray(data)) return pick(record(data[0])?.timestamp);
      const d = record(data);
      return pick(d?.timestamp ?? record(d?.instrument_ticker)?.t);
    }
    case 'polymarket': {
      const first = Array.isArray(frame) ? frame[0] : frame;
      return pick(record(first)?.timestamp);
    }
    case 'binance': {
      // Combined streams wrap the event; recorded REST snapshots carry the response (futures have E).
      const f = record(frame);
      return pick(record(f?.data)?.E ?? f?.E ?? record(f?.response)?.E);
    }
    case 'kraken':
    case 'coinbase': {
      // RFC 3339 strings (up to nanoseconds): Kraken per data entry, Coinbase on the envelope.
      const f = record(frame);
      const text = venue === 'kraken' && Array.isArray(f?.data) ? record(f.data[0])?.timestamp : f?.timestamp;
      if (typeof text !== 'string') return null;
      const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
      return Number.isFinite(ms) ? ms : null;
    }
    case 'uniswap':
      return null;
    default:
      return pick(record(frame)?.timestamp ?? record(frame)?.E ?? record(frame)?.time);
  }
}
