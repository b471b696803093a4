export * from './cross-market/index.js';
export * from './momentum/index.js';
export * from './gamma-scalp/index.js';
