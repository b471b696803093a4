export * from './portfolio.js';
export * from './position-accounting.js';
export * from './settlement.js';
export * from './usd-rates.js';
