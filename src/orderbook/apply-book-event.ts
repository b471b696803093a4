/**
 * Applies domain book events (snapshot / delta) to an `OrderBook` with the sequence rules the
 * venues share: after a snapshot with sequence L, deltas already contained in it (sequence ≤ L)
 * are skipped, the first delta applied must straddle L (prevSequence ≤ L < sequence), and every
 * later delta must follow the previous one (prevSequence = book sequence). A break is a gap: the
 * book is cleared and stays unusable until the next snapshot. Venues without sequences (null)
 * skip the checks.
 */
import type { BookDeltaEvent, BookSnapshotEvent } from '../domain/market-event.js';
import { OrderBook, type OrderBookOptions } from './order-book.js';

/** What happened: applied; a gap (book cleared, waiting for a snapshot); ignored (no snapshot yet, or already contained). */
export type BookEventOutcome = 'applied' | 'gap' | 'ignored';

/** A book plus whether it is in sync (has had a snapshot and no gap since). */
export class SyncedBook {
  readonly book: OrderBook;
  synced = false;
  gaps = 0;
  private firstAfterSnapshot = false;

  constructor(options: OrderBookOptions = {}) {
    this.book = new OrderBook(options);
  }

  apply(event: BookSnapshotEvent | BookDeltaEvent): BookEventOutcome {
    const { book } = this;
    if (event.kind === 'book_snapshot') {
      book.applySnapshot(event.bids, event.asks, event.sequence);
      book.tsLocal = event.tsLocal;
      this.synced = true;
      this.firstAfterSnapshot = true;
      return 'applied';
    }
    if (!this.synced) return 'ignored';
    const last = book.sequence;
    if (last !== null && event.sequence !== null && event.sequence <= last) return 'ignored';
    if (last !== null && event.prevSequence !== null && (this.firstAfterSnapshot ? event.prevSequence > last : event.prevSequence !== last)) {
      book.clear();
      this.synced = false;
      this.gaps++;
      return 'gap';
    }
    book.applyDelta(event.bids, event.asks, event.sequence ?? last);
    book.tsLocal = event.tsLocal;
    this.firstAfterSnapshot = false;
    return 'applied';
  }
}
