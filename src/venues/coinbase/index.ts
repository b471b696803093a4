/** Coinbase Advanced Trade: market feed with sequence-checked level2 books, products catalog, order entry (CDP JWT keys), simulator, parser. */
import type { CatalogSource, MarketFeed } from '../../engine/market-feed.js';
import { CoinbaseCatalogSource, type CoinbaseCatalogSourceOptions } from './catalog/coinbase-catalog-source.js';
import { CoinbaseMarketFeed, type CoinbaseMarketFeedOptions } from './client/coinbase-market-feed.js';

/** A market feed for the engine (live: `wss://advanced-trade-ws.coinbase.com`; tests and demo: a simulator's `url`). */
export function createCoinbaseMarketFeed(options: CoinbaseMarketFeedOptions): MarketFeed {
  return new CoinbaseMarketFeed(options);
}

/** The remote catalog (public `/api/v3/brokerage/market/products`) that the cached catalog store wraps. */
export function createCoinbaseCatalogSource(options: CoinbaseCatalogSourceOptions = {}): CatalogSource {
  return new CoinbaseCatalogSource(options);
}

export { CoinbaseMarketFeed, COINBASE_WS_URL, type CoinbaseMarketFeedOptions, type CoinbaseFeedCounters } from './client/coinbase-market-feed.js';
export { CoinbaseCatalogSource, COINBASE_REST_URL, parseCoinbaseProduct, type CoinbaseCatalogSourceOptions } from './catalog/coinbase-catalog-source.js';
export { CoinbaseFrameParser, createCoinbaseFrameParser, coinbasePriceCurrency, coinbaseTimeMs } from './parse/parse-coinbase-frame.js';
export { CoinbaseSimulator, type CoinbaseSimulatorOptions } from './simulator/coinbase-simulator.js';
export {
  CoinbaseExecutionClient, COINBASE_API_KEY_NAME_ENV, COINBASE_API_PRIVATE_KEY_ENV, COINBASE_USER_WS_URL, type CoinbaseExecutionClientOptions, type CoinbaseExecutionCounters,
} from './execution/coinbase-execution-client.js';
export { buildCoinbaseJwt, parseCoinbasePrivateKey, type CoinbaseSigningKey, type JwsAlgorithm } from './execution/coinbase-jwt.js';
export { CoinbaseSimExchange, type CoinbaseSimExchangeOptions } from './simulator/coinbase-sim-exchange.js';
