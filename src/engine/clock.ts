/**
 * Time as strategies see it. Live runs use the wall clock; replay uses a clock that the replay
 * driver moves to each event's receive time and that fires timers in time order, so identical
 * strategy code behaves the same in both.
 */

export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Calls `callback` once `delayMs` from now; returns a handle for `cancel`. */
  schedule(delayMs: number, callback: () => void): number;
  cancel(handle: number): void;
}

export class WallClock implements Clock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private next = 1;

  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, callback: () => void): number {
    const handle = this.next++;
    const timer = setTimeout(() => {
      this.timers.delete(handle);
      callback();
    }, Math.max(0, delayMs));
    this.timers.set(handle, timer);
    return handle;
  }

  cancel(handle: number): void {
    const timer = this.timers.get(handle);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(handle);
  }

  /** Cancels every pending timer (on engine stop). */
  cancelAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

interface PendingTimer {
  readonly at: number;
  readonly seq: number;
  readonly handle: number;
  readonly callback: () => void;
}

/** A clock driven by data: `advanceTo` moves time forward and fires due timers in (time, order) order. */
export class ReplayClock implements Clock {
  private current: number;
  private readonly heap: PendingTimer[] = [];
  private readonly cancelled = new Set<number>();
  private nextHandle = 1;
  private seq = 0;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, callback: () => void): number {
    const handle = this.nextHandle++;
    this.push({ at: this.current + Math.max(0, delayMs), seq: this.seq++, handle, callback });
    return handle;
  }

  cancel(handle: number): void {
    this.cancelled.add(handle);
  }

  /** Time of the earliest pending timer, or Infinity. */
  nextTimerAt(): number {
    this.dropCancelledHead();
    return this.heap[0]?.at ?? Infinity;
  }

  /**
   * Moves to `t` (never backwards: an earlier `t` leaves time where it is), firing every timer due
   * at or before `t` with the clock set to that timer's own time.
   */
  advanceTo(t: number): void {
    for (;;) {
      this.dropCancelledHead();
      const top = this.heap[0];
      if (top === undefined || top.at > t) break;
      this.pop();
      if (top.at > this.current) this.current = top.at;
      top.callback();
    }
    if (t > this.current) this.current = t;
  }

  private dropCancelledHead(): void {
    while (this.heap.length > 0 && this.cancelled.has(this.heap[0]!.handle)) {
      this.cancelled.delete(this.heap[0]!.handle);
      this.pop();
    }
  }

  private less(a: PendingTimer, b: PendingTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(item: PendingTimer): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
