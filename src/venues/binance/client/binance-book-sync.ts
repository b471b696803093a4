/**
 * One Binance local order book, kept by Binance's "How to manage a local order book correctly":
 * diff events are buffered until a REST snapshot (`lastUpdateId` = L) arrives; buffered events
 * that the snapshot already contains are dropped; the first event applied must straddle the
 * snapshot; afterwards every event must follow the previous one. The rules differ by market:
 *
 * | | drop | first event applied | each later event |
 * |---|---|---|---|
 * | spot | `u ≤ L` | `U ≤ L+1 ≤ u` | `U = previous u + 1` |
 * | USDⓈ-M | `u < L` | `U ≤ L ≤ u` | `pu = previous u` |
 *
 * A snapshot older than the first buffered event (spot `U > L+1`, futures `U > L`) is refetched;
 * a break in continuity invalidates the book, and the breaking event starts a new buffer for the
 * next snapshot. Quantities are absolute; 0 removes (an unknown level is normal).
 */
import type { BookDeltaEvent, BookSnapshotEvent } from '../../../domain/market-event.js';
import { L2Book } from '../../shared/l2-book.js';
import type { BinanceMarket } from '../parse/binance-symbols.js';

export type DeltaOutcome = 'buffered' | 'applied' | 'stale' | 'gap';

export interface SnapshotOutcome {
  /** `synced`: book rebuilt; `retry`: the snapshot is older than the stream, fetch again; `gap`: buffered events do not chain. */
  readonly outcome: 'synced' | 'retry' | 'gap';
  /** Buffered deltas applied on top of the snapshot, in order (forward them after the snapshot). */
  readonly applied: readonly BookDeltaEvent[];
}

interface Buffered {
  readonly event: BookDeltaEvent;
  /** `U`, the event's first update id. */
  readonly first: number;
}

export class BinanceBookSync {
  readonly book = new L2Book();
  /** Last update id applied; null while waiting for a snapshot. */
  updateId: number | null = null;
  /** Buffered events dropped because the buffer was full (the oldest go first). */
  overflowed = 0;
  private pendingFirst = false;
  private buffer: Buffered[] = [];

  constructor(readonly market: BinanceMarket, private readonly maxBuffer = 10_000) {}

  get synced(): boolean {
    return this.updateId !== null;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Forgets the book and the buffer (reconnect, unsubscribe). */
  reset(): void {
    this.updateId = null;
    this.pendingFirst = false;
    this.buffer = [];
    this.book.clear();
  }

  /** A diff event from the stream; `first` is its `U`. */
  onDelta(event: BookDeltaEvent, first: number): DeltaOutcome {
    if (this.updateId === null) {
      this.push(event, first);
      return 'buffered';
    }
    return this.applyOne(event, first);
  }

  /** The REST snapshot arrived (sequence = lastUpdateId). */
  onSnapshot(snapshot: BookSnapshotEvent): SnapshotOutcome {
    const last = snapshot.sequence;
    if (last === null) return { outcome: 'retry', applied: [] };
    const spot = this.market === 'spot';
    this.buffer = this.buffer.filter((b) => (spot ? b.event.sequence! > last : b.event.sequence! >= last));
    const head = this.buffer[0];
    if (head !== undefined && (spot ? head.first > last + 1 : head.first > last)) return { outcome: 'retry', applied: [] };
    this.book.reset(snapshot.bids, snapshot.asks);
    this.updateId = last;
    this.pendingFirst = true;
    const pending = this.buffer;
    this.buffer = [];
    const applied: BookDeltaEvent[] = [];
    for (let i = 0; i < pending.length; i++) {
      const b = pending[i]!;
      const outcome = this.applyOne(b.event, b.first);
      if (outcome === 'gap') {
        for (let j = i + 1; j < pending.length; j++) this.push(pending[j]!.event, pending[j]!.first);
        return { outcome: 'gap', applied: [] };
      }
      if (outcome === 'applied') applied.push(b.event);
    }
    return { outcome: 'synced', applied };
  }

  private applyOne(event: BookDeltaEvent, first: number): DeltaOutcome {
    const current = this.updateId!;
    const last = event.sequence!;
    const spot = this.market === 'spot';
    if (spot ? last <= current : last < current) return 'stale';
    let follows: boolean;
    if (this.pendingFirst) follows = spot ? first <= current + 1 : first <= current;
    else follows = spot ? first <= current + 1 : event.prevSequence === current;
    if (!follows) {
      this.reset();
      this.push(event, first);
      return 'gap';
    }
    this.pendingFirst = false;
    this.book.apply(event.bids, event.asks);
    this.updateId = last;
    return 'applied';
  }

  private push(event: BookDeltaEvent, first: number): void {
    if (this.buffer.length >= this.maxBuffer) {
      this.buffer.shift();
      this.overflowed++;
    }
    this.buffer.push({ event, first });
  }
}
