export { avellanedaStoikovQuote, imbalanceQuote, type AsParams, type Quote } from './quotes.js';
export { simulateMarketMaking, type MarketMakingConfig, type MarketMakingResult } from './simulate-market-making.js';
export { syntheticBookEvents, type SyntheticBookSpec } from './synthetic-book.js';
export { marketMakingStudy } from './market-making-study.js';
