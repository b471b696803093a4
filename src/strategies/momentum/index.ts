/** Momentum's public surface: factory, config schema, dashboard state. */
export { MomentumStrategy, createMomentumStrategy, type MomentumState, type MomentumInstrumentState, type MomentumSignal, type ExitReason } from './strategy.js';
export { MomentumConfigSchema, parseMomentumConfig, type MomentumConfig, type MomentumConfigInput } from './config.js';
export { PriceWindow } from './price-window.js';
export { unitsForNotional, coinExposure, tradesInUsd, roundDownToStep, roundToTick } from './order-sizing.js';
