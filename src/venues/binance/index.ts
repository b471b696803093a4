/** Binance spot and USDⓈ-M futures: market data (feed, catalog, parser), order entry (execution client, signing, symbol rules) and the simulator. */
import type { CatalogSource, MarketFeed } from '../../engine/market-feed.js';
import { BinanceCatalogSource, type BinanceCatalogSourceOptions } from './catalog/binance-catalog-source.js';
import { BinanceMarketFeed, type BinanceMarketFeedOptions } from './client/binance-market-feed.js';

/** A market feed for the engine (live: Binance production; tests and demo: a simulator's `url`/`restUrl`). */
export function createBinanceMarketFeed(options: BinanceMarketFeedOptions): MarketFeed {
  return new BinanceMarketFeed(options);
}

/** The remote catalog (`exchangeInfo` of spot and USDⓈ-M) that the cached catalog store wraps. */
export function createBinanceCatalogSource(options: BinanceCatalogSourceOptions = {}): CatalogSource {
  return new BinanceCatalogSource(options);
}

export { BinanceMarketFeed, BINANCE_SPOT_WS_URL, BINANCE_USDM_WS_URL, BINANCE_SPOT_REST_URL, BINANCE_USDM_REST_URL, depthWeight, type BinanceMarketFeedOptions, type BinanceFeedCounters } from './client/binance-market-feed.js';
export { BinanceBookSync, type DeltaOutcome, type SnapshotOutcome } from './client/binance-book-sync.js';
export { BinanceCatalogSource, type BinanceCatalogSourceOptions } from './catalog/binance-catalog-source.js';
export { parseBinanceSymbolInfo } from './catalog/parse-binance-symbol-info.js';
export { BinanceFrameParser, createBinanceFrameParser, binanceDepthSnapshotFrame, type BinanceDepthSnapshotFrame } from './parse/parse-binance-frame.js';
export { binanceMarketOf, binancePriceCurrency, binanceStreamName, binanceSymbolFromWire, binanceWireSymbol, type BinanceMarket } from './parse/binance-symbols.js';
export { BinanceSimulator, type BinanceSimulatorOptions } from './simulator/binance-simulator.js';
export {
  BinanceExecutionClient, BINANCE_API_KEY_ENV, BINANCE_API_SECRET_ENV, BINANCE_SPOT_WS_API_URL,
  type BinanceCredentials, type BinanceExecutionClientOptions, type BinanceExecutionCounters,
} from './execution/binance-execution-client.js';
export { BinanceRest, type BinanceRestOptions, type BinanceRateState } from './execution/binance-rest.js';
export { BinanceApiError, BINANCE_RETRYABLE_CODES, BINANCE_UNKNOWN_OUTCOME_CODES } from './execution/binance-errors.js';
export { binanceSignature, signBinanceQuery, signBinanceWsParams, verifyBinanceSignature } from './execution/binance-signing.js';
export { parseBinanceSymbolRules, type BinanceSymbolRules } from './execution/parse-binance-symbol-rules.js';
export { toBinanceClientOrderId } from './execution/binance-client-order-id.js';
export { BinanceSimTrading } from './simulator/binance-sim-trading.js';
export type { BinanceSimAccountConfig } from './simulator/binance-sim-orders.js';
