/**
 * Benchmark rows and suites. Every row is measured against a reference taken in the same run
 * (a platform ceiling such as bare JSON.parse, or python3 with numpy/scipy), because absolute
 * times on shared 2-core machines are noise.
 */

export interface BenchRow {
  readonly name: string;
  /** Unit of `value` and `reference`, e.g. "events/s", "ops/s", "MB". */
  readonly unit: string;
  readonly value: number;
  /** The same quantity for the reference, measured in the same run; null when none applies. */
  readonly reference: number | null;
  /** value / reference. For rates above 1 is faster than the reference; for budgets (MB) below 1 is within it. */
  readonly ratio: number | null;
  /** What the reference is, and anything a reader needs to judge the row. */
  readonly note?: string;
}

export interface BenchContext {
  /** Scale factor for problem sizes: 1 for the full benchmark, smaller for a quick smoke run. */
  readonly scale: number;
  /** Scratch directory for generated data, removed after the run. */
  readonly workDir: string;
  readonly log: (message: string) => void;
}

export interface BenchSuite {
  readonly name: string;
  run(context: BenchContext): Promise<readonly BenchRow[]>;
}

export function benchRow(name: string, unit: string, value: number, reference: number | null, note?: string): BenchRow {
  const ratio = reference === null || reference === 0 ? null : value / reference;
  return note === undefined ? { name, unit, value, reference, ratio } : { name, unit, value, reference, ratio, note };
}

/** Runs `fn` repeatedly for at least `minMs` and returns calls per second (best of `rounds`). */
export function measureRate(fn: () => void, opsPerCall: number, minMs = 300, rounds = 3): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    best = Math.max(best, (calls * opsPerCall * 1000) / elapsed);
  }
  return best;
}
