/** Uniswap v2 pairs as a venue: JSON-RPC WebSocket feed (Sync logs → curve books), catalog, signed swaps, simulator, parser. */
import type { CatalogSource, MarketFeed } from '../../engine/market-feed.js';
import { UniswapCatalogSource, type UniswapCatalogSourceOptions } from './catalog/uniswap-catalog-source.js';
import { UniswapMarketFeed, type UniswapMarketFeedOptions } from './client/uniswap-market-feed.js';

/** A market feed for the engine (live: a node's WebSocket URL; tests and demo: the simulator's `url`). */
export function createUniswapMarketFeed(options: UniswapMarketFeedOptions): MarketFeed {
  return new UniswapMarketFeed(options);
}

/** The remote catalog (the configured pairs, read with eth_call over HTTP). */
export function createUniswapCatalogSource(options: UniswapCatalogSourceOptions = {}): CatalogSource {
  return new UniswapCatalogSource(options);
}

export { UniswapMarketFeed, UNISWAP_DEFAULT_WS_URL, type UniswapMarketFeedOptions, type UniswapFeedCounters } from './client/uniswap-market-feed.js';
export { UniswapCatalogSource, UNISWAP_DEFAULT_RPC_URL, type UniswapCatalogSourceOptions } from './catalog/uniswap-catalog-source.js';
export {
  DEFAULT_UNISWAP_PAIRS, MAINNET_USDC, MAINNET_WETH, MAINNET_WETH_USDC_PAIR, normalizePairAddress, pairNaming, pairTag, parsePairTag,
  type UniswapPairConfig, type UniswapPairFacts,
} from './catalog/uniswap-pairs.js';
export { UniswapFrameParser, createUniswapFrameParser, pairStateEvents, CURVE_LEVELS, CURVE_STEP_BPS } from './parse/parse-uniswap-frame.js';
export { SYNC_EVENT, SYNC_TOPIC, decodeSyncLog, isSyncLog, type SyncLog } from './parse/sync-log.js';
export { UniswapSimulator, SIM_ETH_PER_BTC, type UniswapSimulatorOptions } from './simulator/uniswap-simulator.js';
export { UniswapExecutionClient, UNISWAP_PRIVATE_KEY_ENV, type UniswapExecutionClientOptions } from './execution/uniswap-execution-client.js';
export { swapAmountsOf, swapCalldataOf, swapResultOf, type SwapAmounts, type SwapPair, type SwapResult, type SwapToken } from './execution/uniswap-swap.js';
export { UNISWAP_V2_ROUTER02, UNISWAP_V2_ROUTER_ABI, ERC20_TRADING_ABI, UNISWAP_V2_SWAP_EVENT_ABI } from './execution/uniswap-abi.js';
export { UniswapChain, SIM_BASE_FEE_WEI, SIM_PRIORITY_FEE_WEI, type UniswapSimAccount } from './simulator/uniswap-chain.js';
