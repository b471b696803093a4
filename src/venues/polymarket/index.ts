/** Polymarket CLOB V2: market feed, catalog, order entry, simulator, parsers. */
import type { CatalogSource, MarketFeed, VenueExecutionClient } from '../../engine/market-feed.js';
import { PolymarketCatalogSource, type PolymarketCatalogOptions } from './catalog/polymarket-catalog-source.js';
import { PolymarketMarketFeed, type PolymarketMarketFeedOptions } from './client/polymarket-market-feed.js';
import { PolymarketExecutionClient, type PolymarketExecutionOptions } from './execution/polymarket-execution-client.js';

export function createPolymarketMarketFeed(options: PolymarketMarketFeedOptions): MarketFeed {
  return new PolymarketMarketFeed(options);
}

export function createPolymarketCatalogSource(options: PolymarketCatalogOptions = {}): CatalogSource {
  return new PolymarketCatalogSource(options);
}

/** @throws ConfigError when a POLYMARKET_* credential is missing. */
export function createPolymarketExecutionClient(options: PolymarketExecutionOptions): VenueExecutionClient {
  return new PolymarketExecutionClient(options);
}

export { PolymarketMarketFeed, POLYMARKET_MARKET_WS_URL, type PolymarketMarketFeedOptions } from './client/polymarket-market-feed.js';
export { PolymarketCatalogSource, POLYMARKET_CLOB_URL, POLYMARKET_GAMMA_URL, type PolymarketCatalogOptions } from './catalog/polymarket-catalog-source.js';
export { PolymarketExecutionClient, POLYMARKET_USER_WS_URL, type PolymarketExecutionOptions } from './execution/polymarket-execution-client.js';
export { PolymarketSimulator, type PolymarketSimulatorOptions } from './simulator/polymarket-simulator.js';
export { parsePolymarketUserFrame } from './parse/parse-polymarket-user-frame.js';
export { limitOrderAmounts, marketOrderAmounts } from './execution/order-amounts.js';
export { POLYMARKET_EXCHANGE_V2, POLYMARKET_NEG_RISK_EXCHANGE_V2 } from './execution/order-signing.js';
export { fromClobMarket, fromGammaMarket, toOutcomeInstruments } from './catalog/map-market.js';
