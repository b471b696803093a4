export * from './market-monitor/strategy.js';
export * from './market-monitor/l2-book.js';
export * from './cross-market/index.js';
export * from './momentum/index.js';
export * from './gamma-scalp/index.js';
