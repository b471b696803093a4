/** Runs sweep cells on this machine in a piscina worker-thread pool, one cell per task. */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { SweepCell } from './cell-spec.js';
import type { CellResult } from './run-cell.js';

export interface CellRunner {
  /** Runs the cells, calling `onResult` as each finishes; rejects on the first failed cell or on abort. */
  run(cells: readonly SweepCell[], onResult: (cell: SweepCell, result: CellResult) => Promise<void>, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export function createLocalRunner(workers = defaultWorkerCount()): CellRunner {
  const pool = new Piscina({ filename: new URL('./cell-worker-entry.mjs', import.meta.url).href, minThreads: workers, maxThreads: workers });
  return {
    async run(cells, onResult, signal) {
      await Promise.all(cells.map(async (cell) => {
        const result = (await pool.run(cell.spec, { signal })) as CellResult;
        await onResult(cell, result);
      }));
    },
    close: () => pool.destroy(),
  };
}
