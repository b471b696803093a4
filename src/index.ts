/** Public API of Arbiter. Each area exports its own index; this file only re-exports them. */
export * from './domain/index.js';
export * from './pricing/index.js';
export * from './optimizer/index.js';
export * from './engine/index.js';
export * from './store/index.js';
export * from './backtest/index.js';
export * from './venues/index.js';
export * from './strategies/index.js';
export * from './orderbook/index.js';
export * from './lab/index.js';
export * from './lab/studies/study.js';
export { STUDIES, findStudy } from './lab/studies/registry.js';
export * from './lab/report/index.js';
