/** The research lab: Uniswap quoting and pool reading, triangular and DEX–CEX arbitrage. */
export * from './uniswap/index.js';
export * from './triangular/index.js';
export * from './dex-cex/index.js';
