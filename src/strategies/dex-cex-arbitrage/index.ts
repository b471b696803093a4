/** DEX–CEX arbitrage's public surface: factory, config schema, pool helpers, dashboard state. */
export {
  DexCexArbitrageStrategy, createDexCexArbitrageStrategy, marginalPriceAfter, v2PoolQuoter,
  type DexCexArbitrageState, type DexCexTradeRecord, type DexCexDirectionName, type PoolReserves,
} from './strategy.js';
export { DexCexArbitrageConfigSchema, parseDexCexArbitrageConfig, type DexCexArbitrageConfig, type DexCexArbitrageConfigInput } from './config.js';
