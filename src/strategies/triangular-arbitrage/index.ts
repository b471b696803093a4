/** Triangular arbitrage's public surface: factory, config schema, dashboard state. */
export { TriangularArbitrageStrategy, createTriangularArbitrageStrategy, type TriangularArbitrageState, type TriangularCycleRecord, type PlannedLeg } from './strategy.js';
export { TriangularArbitrageConfigSchema, parseTriangularArbitrageConfig, type TriangularArbitrageConfig, type TriangularArbitrageConfigInput } from './config.js';
