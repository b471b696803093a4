export * from './create-simulated-venues.js';
export * from './simulated-venue.js';
export * from './sim-book.js';
export * from './latency-model.js';
export * from './queue-model.js';
export * from './fee-model.js';
export * from './feed-latency.js';
