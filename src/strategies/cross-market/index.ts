/** CrossMarket's public surface: the factory, the config schema and the dashboard state types. */
export { CrossMarketStrategy, createCrossMarketStrategy } from './strategy.js';
export { CrossMarketConfigSchema, CROSS_MARKET_DEFAULTS, parseCrossMarketConfig, type CrossMarketConfig, type CrossMarketConfigInput } from './config.js';
export { discoverUniverse, questionSlug, type CrossMarketUniverse, type BinaryMarketRef } from './discovery.js';
export type { CrossMarketState, SmileRow, DistributionRow, OpportunityRow, PositionRow, PortfolioRow } from './state.js';
export { ActivityLog, type ActivityEntry, type ActivityLevel } from './activity-log.js';
export { parseStrategyConfig } from './validate-config.js';
