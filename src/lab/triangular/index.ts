export * from './pair-symbol.js';
export * from './triangular-arbitrage.js';
export * from './triangle-scanner.js';
