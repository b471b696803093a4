/** Builds each venue's market feed and remote catalog from a few connection settings. */
import type { Logger } from '../../engine/logger.js';
import type { CatalogSource, MarketFeed } from '../../engine/market-feed.js';
import { createDeribitCatalogSource, createDeribitMarketFeed } from '../../venues/deribit/index.js';
import { DeriveCatalogSource, DeriveMarketFeed } from '../../venues/derive/index.js';
import { createPolymarketCatalogSource, createPolymarketMarketFeed } from '../../venues/polymarket/index.js';
import { createBinanceCatalogSource, createBinanceMarketFeed } from '../../venues/binance/index.js';
import { createCoinbaseCatalogSource, createCoinbaseMarketFeed } from '../../venues/coinbase/index.js';
import { createKrakenCatalogSource, createKrakenMarketFeed } from '../../venues/kraken/index.js';
import { createUniswapCatalogSource, createUniswapMarketFeed } from '../../venues/uniswap/index.js';
import type { SimulatedVenue } from '../commands/simulate.js';

export interface VenueConnection {
  /** WebSocket URL; default the venue's production endpoint. */
  readonly url?: string;
  /** REST base URL; default the venue's production endpoint. */
  readonly restUrl?: string;
}

export function createMarketFeed(venue: SimulatedVenue, connection: VenueConnection, logger: Logger, onRawFrame?: (text: string, tsLocal: number) => void): MarketFeed {
  const common = { url: connection.url, logger: logger.child({ venue }), onRawFrame };
  switch (venue) {
    case 'deribit':
      return createDeribitMarketFeed(common);
    case 'derive':
      return new DeriveMarketFeed(common);
    case 'polymarket':
      return createPolymarketMarketFeed(common);
    case 'binance': // one base URL serves spot and futures paths (the simulator); default production
      return createBinanceMarketFeed({ ...common, spotWsUrl: connection.url, futuresWsUrl: connection.url, spotRestUrl: connection.restUrl, futuresRestUrl: connection.restUrl });
    case 'coinbase':
      return createCoinbaseMarketFeed(common);
    case 'kraken':
      return createKrakenMarketFeed(common);
    case 'uniswap': // the node's WebSocket (eth_subscribe); pairs default to mainnet USDC/WETH v2
      return createUniswapMarketFeed(common);
  }
}

export function createRemoteCatalog(venue: SimulatedVenue, connection: VenueConnection, logger: Logger, match?: RegExp): CatalogSource {
  const log = logger.child({ venue });
  switch (venue) {
    case 'deribit':
      return createDeribitCatalogSource({ restUrl: connection.restUrl, logger: log });
    case 'derive':
      return new DeriveCatalogSource({ restUrl: connection.restUrl, logger: log });
    case 'polymarket':
      return createPolymarketCatalogSource({ restUrl: connection.restUrl, logger: log, match, scanClob: true });
    case 'binance':
      return createBinanceCatalogSource({ spotRestUrl: connection.restUrl, futuresRestUrl: connection.restUrl, logger: log });
    case 'coinbase':
      return createCoinbaseCatalogSource({ restUrl: connection.restUrl, logger: log });
    case 'kraken':
      return createKrakenCatalogSource({ restUrl: connection.restUrl, logger: log });
    case 'uniswap': // the node's HTTP JSON-RPC (eth_call)
      return createUniswapCatalogSource({ restUrl: connection.restUrl, logger: log });
  }
}
