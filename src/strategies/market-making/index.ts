/** Market making's public surface: factory, config schema, dashboard state. */
export { MarketMakingStrategy, createMarketMakingStrategy, type MarketMakingState, type TargetQuotes } from './strategy.js';
export { MarketMakingConfigSchema, parseMarketMakingConfig, type MarketMakingStrategyConfig, type MarketMakingStrategyConfigInput } from './config.js';
