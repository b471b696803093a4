export * from './cross-market/index.js';
export * from './momentum/index.js';
export * from './gamma-scalp/index.js';
export * from './triangular-arbitrage/index.js';
export * from './market-making/index.js';
export * from './pairs-trading/index.js';
export * from './dex-cex-arbitrage/index.js';
