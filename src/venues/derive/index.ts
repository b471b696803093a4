/** Derive (formerly Lyra), current API v3: the adapter's public surface. */
export { DeriveMarketFeed, DERIVE_WS_URL, DERIVE_TESTNET_WS_URL, type DeriveMarketFeedOptions } from './client/derive-market-feed.js';
export { DeriveCatalogSource, DERIVE_REST_URL, DERIVE_TESTNET_REST_URL, deriveRestCall, type DeriveCatalogSourceOptions } from './catalog/derive-catalog-source.js';
export { parseDeriveInstrument, type DeriveTradingSpec, type ParsedDeriveInstrument } from './catalog/derive-instrument.js';
export { DeriveExecutionClient, type DeriveExecutionClientOptions } from './execution/derive-execution-client.js';
export { deriveCredentialsFromEnv, type DeriveCredentials } from './execution/derive-credentials.js';
export { DERIVE_RETRYABLE_CODES, classifyDeriveError } from './execution/derive-errors.js';
export {
  DERIVE_ACTION_TYPEHASH, DERIVE_V3_MAINNET, DERIVE_V3_TESTNET, deriveConstantsForUrl, signDeriveAction, signDeriveLogin, recoverDeriveActionSigner,
  type DeriveProtocolConstants,
} from './execution/derive-signing.js';
export { createDeriveFrameParser, derivePriceCurrency } from './parse/parse-derive-frame.js';
export { deriveApiProfile, deriveApiProfileForUrl, deriveApiVersionForUrl, type DeriveApiVersion, type DeriveApiProfile } from './parse/derive-api-version.js';
export { deriveChannelName } from './parse/derive-channels.js';
export { DeriveSimulator, DERIVE_SIMULATOR_CONSTANTS, type DeriveSimulatorOptions, type SimAccount } from './simulator/derive-simulator.js';
