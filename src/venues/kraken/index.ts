/** Kraken spot: market data (WebSocket v2 feed with checksummed books, AssetPairs catalog, parser), order entry (signed REST + private executions/balances channels) and the simulator. */
import type { CatalogSource, MarketFeed } from '../../engine/market-feed.js';
import { KrakenCatalogSource, type KrakenCatalogSourceOptions } from './catalog/kraken-catalog-source.js';
import { KrakenMarketFeed, type KrakenMarketFeedOptions } from './client/kraken-market-feed.js';

/** A market feed for the engine (live: `wss://ws.kraken.com/v2`; tests and demo: a simulator's `url`). */
export function createKrakenMarketFeed(options: KrakenMarketFeedOptions): MarketFeed {
  return new KrakenMarketFeed(options);
}

/** The remote catalog (`/0/public/AssetPairs`) that the cached catalog store wraps. */
export function createKrakenCatalogSource(options: KrakenCatalogSourceOptions = {}): CatalogSource {
  return new KrakenCatalogSource(options);
}

export { KrakenMarketFeed, KRAKEN_WS_URL, type KrakenMarketFeedOptions, type KrakenFeedCounters, type KrakenPrecision } from './client/kraken-market-feed.js';
export { KrakenLocalBook, checksumDigits } from './client/kraken-local-book.js';
export { KrakenCatalogSource, KRAKEN_REST_URL, krakenV2Symbol, parseKrakenAssetPair, type KrakenCatalogSourceOptions } from './catalog/kraken-catalog-source.js';
export { KrakenFrameParser, createKrakenFrameParser, krakenPriceCurrency, krakenTimeMs } from './parse/parse-kraken-frame.js';
export { KrakenSimulator, type KrakenSimulatorOptions } from './simulator/kraken-simulator.js';
export {
  KrakenExecutionClient, KRAKEN_API_KEY_ENV, KRAKEN_API_SECRET_ENV, KRAKEN_AUTH_WS_URL, type KrakenExecutionClientOptions, type KrakenExecutionCounters,
} from './execution/kraken-execution-client.js';
export { krakenApiSign, KrakenNonce } from './execution/kraken-signing.js';
export { KrakenApiError, type KrakenCredentials } from './execution/kraken-private-rest.js';
export { KrakenPairTable, krakenAssetName, type KrakenPair } from './execution/kraken-pairs.js';
export { KrakenRateLimiter, type KrakenTier } from './execution/kraken-rate-limits.js';
export { KrakenTradingSimulator, type KrakenSimAccountConfig } from './simulator/kraken-trading-simulator.js';
