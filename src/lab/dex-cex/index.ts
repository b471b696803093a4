export * from './dex-quoter.js';
export * from './dex-cex-arbitrage.js';
