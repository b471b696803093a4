/**
 * Real order entry per venue, credentials from the environment (or key files outside the
 * repository). A venue whose credentials are missing is a ConfigError naming the variable.
 */
import type { Logger } from '../../engine/logger.js';
import type { VenueExecutionClient } from '../../engine/market-feed.js';
import { BinanceExecutionClient } from '../../venues/binance/index.js';
import { CoinbaseExecutionClient } from '../../venues/coinbase/index.js';
import { createDeribitExecutionClient } from '../../venues/deribit/index.js';
import { DeriveExecutionClient, deriveCredentialsFromEnv } from '../../venues/derive/index.js';
import { KrakenExecutionClient } from '../../venues/kraken/index.js';
import { PolymarketExecutionClient } from '../../venues/polymarket/index.js';
import { UniswapExecutionClient } from '../../venues/uniswap/index.js';
import type { SimulatedVenue } from '../commands/simulate.js';
import type { VenueConnection } from './venue-adapters.js';

export interface LiveExecutionClient extends VenueExecutionClient {
  start(): Promise<void>;
}

export function createLiveExecutionClient(venue: SimulatedVenue, connection: VenueConnection & { readonly userWsUrl?: string }, logger: Logger): LiveExecutionClient {
  const log = logger.child({ venue, component: 'execution' });
  switch (venue) {
    case 'deribit':
      return createDeribitExecutionClient({ url: connection.url, logger: log });
    case 'derive':
      return new DeriveExecutionClient({ url: connection.url, credentials: deriveCredentialsFromEnv(), logger: log });
    case 'polymarket':
      return new PolymarketExecutionClient({ logger: log, restUrl: connection.restUrl, userWsUrl: connection.userWsUrl });
    case 'coinbase':
      return CoinbaseExecutionClient.fromEnv({ logger: log, restUrl: connection.restUrl, userWsUrl: connection.userWsUrl });
    case 'kraken':
      return KrakenExecutionClient.fromEnv({ logger: log, restUrl: connection.restUrl, authWsUrl: connection.userWsUrl });
    case 'binance': // a connection url is one base for every path (the simulator); default production hosts
      return BinanceExecutionClient.fromEnv({ logger: log, spotRestUrl: connection.restUrl, futuresRestUrl: connection.restUrl, futuresWsUrl: connection.url, spotWsApiUrl: connection.userWsUrl ?? (connection.url === undefined ? undefined : `${connection.url.replace(/\/$/, '')}/ws-api/v3`) });
    case 'uniswap': // signed Router02 swaps over HTTP JSON-RPC (the connection's restUrl; default a local node)
      return UniswapExecutionClient.fromEnv({ logger: log, restUrl: connection.restUrl });
  }
}
