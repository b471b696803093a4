export * from './venue.js';
export * from './errors.js';
export * from './time.js';
export * from './time-zone.js';
export * from './instrument.js';
export * from './market-event.js';
export * from './order.js';
