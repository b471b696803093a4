/**
 * Sweeps on many machines: the sweep is a BullMQ flow on Redis, a parent job in the per-sweep
 * queue `sweep-<id>` whose children are the cells in the shared `cells` queue; any number of
 * `arbiter worker` processes pull cells. A cell is retried (`attempts`) when it throws, and a
 * killed worker's cell is moved back to waiting by another worker's stalled-job check once its
 * lock expires. Every queue lives under a key prefix (`--namespace`), so sweeps on one Redis
 * can be kept apart.
 */
import { FlowProducer, Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ArbiterError } from '../domain/errors.js';
import type { SweepCell } from './cell-spec.js';
import { createLocalRunner, type CellRunner } from './local-runner.js';
import { verifyCellData, type CellResult } from './run-cell.js';

export const CELLS_QUEUE = 'cells';
export const DEFAULT_NAMESPACE = 'arbiter';

function connect(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
}

export interface DistributedRunnerOptions {
  readonly redisUrl: string;
  readonly sweepId: string;
  readonly namespace?: string;
  /** Tries per cell before the sweep fails (default 3). */
  readonly attempts?: number;
  /** How often results are collected from Redis, ms. */
  readonly pollMs?: number;
}

/** A sweep failed on a worker: a cell exhausted its attempts or its data differ on that machine. */
export class SweepCellError extends ArbiterError {
  constructor(message: string) {
    super('ARB_SWEEP_CELL_FAILED', message);
    this.name = 'SweepCellError';
  }
}

export function createDistributedRunner(o: DistributedRunnerOptions): CellRunner {
  const prefix = o.namespace ?? DEFAULT_NAMESPACE;
  const connection = connect(o.redisUrl);
  const parentQueue = `sweep-${o.sweepId}`;
  const flow = new FlowProducer({ connection, prefix });
  const queue = new Queue(parentQueue, { connection, prefix });
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  return {
    async run(cells, onResult, signal) {
      const byJobId = new Map(cells.map((c) => [`${o.sweepId}-${c.hash}`, c]));
      const tree = await flow.add({
        name: 'sweep', queueName: parentQueue, data: { sweepId: o.sweepId, cells: cells.length },
        children: cells.map((c) => ({
          name: 'cell', queueName: CELLS_QUEUE, data: c.spec,
          opts: { jobId: `${o.sweepId}-${c.hash}`, attempts: o.attempts ?? 3, backoff: { type: 'fixed', delay: 200 }, failParentOnFailure: true },
        })),
      });
      const parent = tree.job;
      const seen = new Set<string>();
      try {
        while (seen.size < byJobId.size) {
          if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('sweep cancelled');
          const values = await parent.getChildrenValues<CellResult>();
          for (const [key, result] of Object.entries(values)) {
            const jobId = key.slice(key.lastIndexOf(':') + 1);
            const cell = byJobId.get(jobId);
            if (!cell || seen.has(jobId)) continue;
            seen.add(jobId);
            await onResult(cell, result);
          }
          if (seen.size === byJobId.size) break;
          const fresh = await Job.fromId(queue, parent.id!);
          if (fresh && (await fresh.getState()) === 'failed') throw new SweepCellError(`sweep ${o.sweepId}: a cell failed on a worker: ${fresh.failedReason}`);
          await sleep(o.pollMs ?? 100);
        }
      } finally {
        await removeFlow(parent, cells, o.sweepId, prefix, connection);
      }
    },
    async close() {
      await flow.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      connection.disconnect();
    },
  };
}

/** Removes the sweep's jobs; cells still running finish on their workers and are dropped. */
async function removeFlow(parent: Job, cells: readonly SweepCell[], sweepId: string, prefix: string, connection: Redis): Promise<void> {
  try {
    await parent.remove({ removeChildren: true });
    return;
  } catch {
    // A child is locked by a worker: remove what can be removed, one by one.
  }
  const cellsQueue = new Queue(CELLS_QUEUE, { connection, prefix });
  try {
    for (const c of cells) {
      const job = await Job.fromId(cellsQueue, `${sweepId}-${c.hash}`);
      await job?.remove().catch(() => undefined);
    }
  } finally {
    await cellsQueue.close();
  }
}

export interface CellWorkerOptions {
  readonly redisUrl: string;
  readonly namespace?: string;
  /** Cells run at once, each in its own worker thread (default 1). */
  readonly concurrency?: number;
  /** How long a cell stays claimed without a lock renewal before another worker may take it, ms. */
  readonly lockDurationMs?: number;
  /** How often this worker looks for cells whose worker died, ms. */
  readonly stalledIntervalMs?: number;
  readonly onEvent?: (e: { readonly event: 'start' | 'done' | 'failed'; readonly job: string; readonly error?: string }) => void;
}

export interface CellWorker {
  close(): Promise<void>;
}

/** `arbiter worker`: pulls cells from Redis until closed. */
export async function startCellWorker(o: CellWorkerOptions): Promise<CellWorker> {
  const concurrency = o.concurrency ?? 1;
  const connection = connect(o.redisUrl);
  // Cells run on worker threads so this thread stays free to renew job locks during a long cell.
  const pool = createLocalRunner(concurrency);
  const worker = new Worker<SweepCell['spec'], CellResult>(CELLS_QUEUE, async (job) => {
    o.onEvent?.({ event: 'start', job: job.id ?? '' });
    try {
      await verifyCellData(job.data).catch((error: unknown) => {
        throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      });
      let result: CellResult | undefined;
      await pool.run([{ hash: job.id ?? '', params: {}, spec: job.data }], async (_, r) => {
        result = r;
      });
      o.onEvent?.({ event: 'done', job: job.id ?? '' });
      return result!;
    } catch (error) {
      o.onEvent?.({ event: 'failed', job: job.id ?? '', error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }, {
    connection, prefix: o.namespace ?? DEFAULT_NAMESPACE, concurrency,
    lockDuration: o.lockDurationMs ?? 30_000, stalledInterval: o.stalledIntervalMs ?? 30_000, maxStalledCount: 2,
  });
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await pool.close();
      connection.disconnect();
    },
  };
}
