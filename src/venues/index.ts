export * from './registry.js';
export * from './shared/frame-parser.js';
export * from './deribit/catalog/parse-instrument-name.js';
export * from './deribit/parse/parse-deribit-frame.js';
export * from './deribit/parse/deribit-price-currency.js';
export * from './derive/catalog/parse-instrument-name.js';
export * from './polymarket/catalog/parse-market-question.js';
export * from './polymarket/parse/parse-polymarket-frame.js';
