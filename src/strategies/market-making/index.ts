/** Market making's public surface: factory, config schema, dashboard state. */
export { MarketMakingStrategy, createMarketMakingStrategy, type MarketMakingState, type TargetQuotes } from './strategy.js';
export { MarketMakingConfigSchema, parseMarketMakingConfig, type MarketMakingConfig, type MarketMakingConfigInput } from './config.js';
