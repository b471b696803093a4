/** piscina task: runs one sweep cell in a worker thread (loaded through cell-worker-entry.mjs). */
import type { CellSpec } from './cell-spec.js';
import { runCell, type CellResult } from './run-cell.js';

export default function runCellTask(spec: CellSpec): Promise<CellResult> {
  return runCell(spec);
}
