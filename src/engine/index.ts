export * from './clock.js';
export * from './engine.js';
export * from './logger.js';
export * from './market-feed.js';
export * from './strategy.js';
export * from './subscription-manager.js';
export * from './execution-router.js';
export * from './portfolio/index.js';
