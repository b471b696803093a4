/** Pairs trading's public surface: factory, config schema, dashboard state. */
export { PairsTradingStrategy, createPairsTradingStrategy, type PairsTradingState, type PairsPhase, type PairsExitReason, type SpreadSide } from './strategy.js';
export { PairsTradingConfigSchema, parsePairsTradingConfig, type PairsTradingConfig, type PairsTradingConfigInput } from './config.js';
