/** A bounded activity log for dashboards: the newest `capacity` entries, oldest first. */

export type ActivityLevel = 'info' | 'warn' | 'signal' | 'trade';

export interface ActivityEntry {
  /** Event time (epoch ms) the entry refers to. */
  readonly timeMs: number;
  readonly level: ActivityLevel;
  readonly message: string;
}

export class ActivityLog {
  private readonly entries: ActivityEntry[] = [];
  private head = 0;

  constructor(readonly capacity = 200) {}

  add(timeMs: number, level: ActivityLevel, message: string): void {
    const entry: ActivityEntry = { timeMs, level, message };
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else {
      this.entries[this.head] = entry;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** Copy, oldest first. */
  list(): ActivityEntry[] {
    return [...this.entries.slice(this.head), ...this.entries.slice(0, this.head)];
  }
}
