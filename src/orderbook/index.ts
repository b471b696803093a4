export * from './order-book.js';
export * from './apply-book-event.js';
