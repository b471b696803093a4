/**
 * Applies domain book events (snapshot / delta) to an `OrderBook`, with the sequence check every
 * venue's local-book rules share: a delta whose `prevSequence` does not follow the book's last
 * sequence is a gap, and the book stays unusable until the next snapshot.
 */
import type { BookDeltaEvent, BookSnapshotEvent } from '../domain/market-event.js';
import type { OrderBook } from './order-book.js';

/** What happened to the book: applied, a gap (book cleared, waiting for a snapshot), or ignored (no snapshot yet). */
export type BookEventOutcome = 'applied' | 'gap' | 'ignored';

/** A book plus whether it is in sync (has had a snapshot and no gap since). */
export interface SyncedBook {
  readonly book: OrderBook;
  synced: boolean;
}

/**
 * Applies a snapshot (always) or a delta (only to a synced book, and only when its
 * `prevSequence`, when both it and the book's sequence are known, equals the book's sequence).
 */
export function applyBookEvent(target: SyncedBook, event: BookSnapshotEvent | BookDeltaEvent): BookEventOutcome {
  const { book } = target;
  if (event.kind === 'book_snapshot') {
    book.applySnapshot(event.bids, event.asks, event.sequence);
    book.tsLocal = event.tsLocal;
    target.synced = true;
    return 'applied';
  }
  if (!target.synced) return 'ignored';
  if (event.prevSequence !== null && book.sequence !== null && event.prevSequence !== book.sequence) {
    book.clear();
    target.synced = false;
    return 'gap';
  }
  book.applyDelta(event.bids, event.asks, event.sequence ?? book.sequence);
  book.tsLocal = event.tsLocal;
  return 'applied';
}
