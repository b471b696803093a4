/**
 * The feed's copy of one Deribit order book, rebuilt from `book.{instrument}.100ms`: a snapshot
 * resets it, each change applies absolute sizes (0 removes) if its `prev_change_id` equals the
 * last `change_id`; anything else is a gap and the book waits for a fresh snapshot.
 */
import type { BookDeltaEvent, BookSnapshotEvent } from '../../../domain/market-event.js';

export type BookApplyResult = 'applied' | 'gap' | 'waiting';

export class DeribitLocalBook {
  /** change_id of the last snapshot or change applied; null while waiting for a snapshot. */
  changeId: number | null = null;
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();

  get synced(): boolean {
    return this.changeId !== null;
  }

  /** Forget everything until the next snapshot (after a gap or a reconnect). */
  invalidate(): void {
    this.changeId = null;
    this.bids.clear();
    this.asks.clear();
  }

  reset(snapshot: BookSnapshotEvent): void {
    this.bids.clear();
    this.asks.clear();
    setLevels(this.bids, snapshot.bids);
    setLevels(this.asks, snapshot.asks);
    this.changeId = snapshot.sequence;
  }

  /** Applies a change in sequence; 'gap' leaves the book invalidated, 'waiting' ignores a change before the snapshot. */
  apply(delta: BookDeltaEvent): BookApplyResult {
    if (this.changeId === null) return 'waiting';
    if (delta.prevSequence === null || delta.prevSequence !== this.changeId) {
      this.invalidate();
      return 'gap';
    }
    setLevels(this.bids, delta.bids);
    setLevels(this.asks, delta.asks);
    this.changeId = delta.sequence;
    return 'applied';
  }

  /** Flat `[price, size, …]` levels, bids descending and asks ascending (a copy). */
  levels(): { bids: number[]; asks: number[] } {
    return { bids: flatten(this.bids, true), asks: flatten(this.asks, false) };
  }
}

function setLevels(side: Map<number, number>, flat: readonly number[]): void {
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const price = flat[i]!;
    const size = flat[i + 1]!;
    if (size === 0) side.delete(price);
    else side.set(price, size);
  }
}

function flatten(side: Map<number, number>, descending: boolean): number[] {
  const prices = [...side.keys()].sort((a, b) => (descending ? b - a : a - b));
  const out = new Array<number>(prices.length * 2);
  for (let i = 0; i < prices.length; i++) {
    out[2 * i] = prices[i]!;
    out[2 * i + 1] = side.get(prices[i]!)!;
  }
  return out;
}
