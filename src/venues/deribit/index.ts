/** The Deribit adapter: what the rest of Arbiter imports (feed, catalog, execution, simulator, parsers). */
import type { Logger } from '../../engine/logger.js';
import { DeribitCatalogSource, type DeribitCatalogSourceOptions } from './catalog/deribit-catalog-source.js';
import { DeribitMarketFeed, type DeribitMarketFeedOptions } from './client/deribit-market-feed.js';
import { DeribitExecutionClient, type DeribitExecutionClientOptions } from './execution/deribit-execution-client.js';

export { DeribitMarketFeed, DERIBIT_WS_URL, DERIBIT_SUBSCRIBE_LIMIT, type DeribitMarketFeedOptions, type DeribitFeedCounters } from './client/deribit-market-feed.js';
export { DeribitLocalBook } from './client/deribit-local-book.js';
export { toDeribitChannel, fromDeribitChannel } from './client/deribit-channels.js';
export { DeribitCatalogSource, DERIBIT_REST_URL, type DeribitCatalogSourceOptions } from './catalog/deribit-catalog-source.js';
export { parseDeribitInstrument } from './catalog/parse-deribit-instrument.js';
export { DeribitExecutionClient, DERIBIT_KEY_ENV, DERIBIT_SECRET_ENV, type DeribitExecutionClientOptions } from './execution/deribit-execution-client.js';
export { deribitAuthParams, deribitSignature, type DeribitAuthMethod, type DeribitCredentials } from './execution/deribit-auth.js';
export { parseDeribitOrder, parseDeribitUserTrade, toOrderStatus as deribitOrderStatus } from './execution/parse-deribit-order.js';
export { DERIBIT_ERRORS, isRetryableDeribitCode } from './errors.js';
export { DeribitSimulator, type DeribitSimulatorOptions, type DeribitSimulatorStats } from './simulator/deribit-simulator.js';

/** A market feed for the engine (live: Deribit production; tests and demo: a simulator's `url`). */
export function createDeribitMarketFeed(options: DeribitMarketFeedOptions): DeribitMarketFeed {
  return new DeribitMarketFeed(options);
}

/** The remote catalog (`public/get_instruments`) that the cached catalog store wraps. */
export function createDeribitCatalogSource(options: DeribitCatalogSourceOptions): DeribitCatalogSource {
  return new DeribitCatalogSource(options);
}

/** Order entry with credentials from DERIBIT_KEY / DERIBIT_SECRET (or their _FILE variants outside the repo). */
export function createDeribitExecutionClient(options: Omit<DeribitExecutionClientOptions, 'credentials'> & { readonly logger: Logger }): DeribitExecutionClient {
  return DeribitExecutionClient.fromEnv(options);
}
