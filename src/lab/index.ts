/** The research lab: Uniswap quoting and pool reading, triangular and DEX–CEX arbitrage. */
export * from './uniswap/index.js';
export * from './triangular/index.js';
export * from './dex-cex/index.js';
export * from './hawkes/index.js';
export * from './hedging/index.js';
export * from './price-discovery/index.js';
export * from './optimal-stopping/index.js';
export * from './market-making/index.js';
export * from './research/index.js';
export * from './stat-arb/index.js';
export * from './pca/index.js';
export * from './mean-reversion/index.js';
