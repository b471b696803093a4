/**
 * One simulated Deribit order book: levels per side and the `change_id` chain. `update` turns a new
 * set of levels into the `book.{instrument}.100ms` change entries (`new` / `change` / `delete`,
 * absolute amounts) with `prev_change_id`; `snapshot` is what a new subscriber gets first. A
 * requested gap applies one change that is never published, so the next change's
 * `prev_change_id` skips an id and a client that does not resync holds a wrong book.
 */

export type BookEntry = [action: 'new' | 'change' | 'delete', price: number, amount: number];

export interface BookChange {
  readonly type: 'change';
  readonly timestamp: number;
  readonly instrument_name: string;
  readonly prev_change_id: number;
  readonly change_id: number;
  readonly bids: BookEntry[];
  readonly asks: BookEntry[];
}

export class SimBook {
  changeId: number;
  private bids = new Map<number, number>();
  private asks = new Map<number, number>();
  private gapPending = false;

  constructor(readonly instrument: string, firstChangeId: number) {
    this.changeId = firstChangeId;
  }

  /** Best bid and ask levels, best first. */
  side(which: 'bids' | 'asks'): Array<[number, number]> {
    const map = which === 'bids' ? this.bids : this.asks;
    return [...map.entries()].sort((a, b) => (which === 'bids' ? b[0] - a[0] : a[0] - b[0]));
  }

  bestBid(): number | null {
    let best: number | null = null;
    for (const p of this.bids.keys()) if (best === null || p > best) best = p;
    return best;
  }

  bestAsk(): number | null {
    let best: number | null = null;
    for (const p of this.asks.keys()) if (best === null || p < best) best = p;
    return best;
  }

  /** The next published change skips one change_id (and the skipped change really alters the book). */
  requestGap(): void {
    this.gapPending = true;
  }

  snapshot(timestamp: number): Record<string, unknown> {
    return {
      type: 'snapshot', timestamp, instrument_name: this.instrument, change_id: this.changeId,
      bids: this.side('bids').map(([p, a]) => ['new', p, a]), asks: this.side('asks').map(([p, a]) => ['new', p, a]),
    };
  }

  /** Moves the book to the given levels; null when nothing changed (Deribit sends no empty changes). */
  update(bids: ReadonlyArray<readonly [number, number]>, asks: ReadonlyArray<readonly [number, number]>, timestamp: number): BookChange | null {
    if (this.gapPending) {
      this.gapPending = false;
      // The unpublished change: one level moves to its new amount silently, so the published diff
      // leaves it out and a client that skips the resync keeps the old amount.
      if (!silentlyApplyOne(this.bids, bids)) silentlyApplyOne(this.asks, asks);
      this.changeId++;
    }
    const b = diff(this.bids, bids);
    const a = diff(this.asks, asks);
    if (b.length === 0 && a.length === 0) return null;
    const prev = this.changeId;
    this.changeId++;
    return { type: 'change', timestamp, instrument_name: this.instrument, prev_change_id: prev, change_id: this.changeId, bids: b, asks: a };
  }
}

function diff(current: Map<number, number>, next: ReadonlyArray<readonly [number, number]>): BookEntry[] {
  const out: BookEntry[] = [];
  const seen = new Set<number>();
  for (const [price, amount] of next) {
    seen.add(price);
    const old = current.get(price);
    if (old === undefined) out.push(['new', price, amount]);
    else if (old !== amount) out.push(['change', price, amount]);
    current.set(price, amount);
  }
  for (const price of [...current.keys()]) {
    if (!seen.has(price)) {
      out.push(['delete', price, 0]);
      current.delete(price);
    }
  }
  return out;
}

function silentlyApplyOne(current: Map<number, number>, next: ReadonlyArray<readonly [number, number]>): boolean {
  for (const [price, amount] of next) {
    if (current.get(price) !== amount) {
      current.set(price, amount);
      return true;
    }
  }
  return false;
}
