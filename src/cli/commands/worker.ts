/** `arbiter worker --redis URL`: pulls sweep cells from Redis and runs them until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { ConfigError } from '../../domain/errors.js';
import { DEFAULT_NAMESPACE, startCellWorker } from '../../sweep/distributed.js';

interface WorkerCommandOptions {
  redis: string;
  namespace: string;
  concurrency: string;
  lockMs: string;
  stalledMs: string;
}

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name}: expected a whole number ≥ 1, got "${text}"`);
  return n;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run sweep cells from Redis (start any number, on any machine with the same data files)')
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
    .option('--namespace <prefix>', 'Redis key prefix shared with `arbiter sweep --distributed`', DEFAULT_NAMESPACE)
    .option('--concurrency <n>', 'cells at once, each on its own thread', '1')
    .option('--lock-ms <ms>', 'a cell whose worker stops renewing its lock this long is run elsewhere', '30000')
    .option('--stalled-ms <ms>', 'how often to look for cells of dead workers', '30000')
    .action(async (opts: WorkerCommandOptions) => {
      const worker = await startCellWorker({
        redisUrl: opts.redis, namespace: opts.namespace,
        concurrency: positiveInt('--concurrency', opts.concurrency),
        lockDurationMs: positiveInt('--lock-ms', opts.lockMs), stalledIntervalMs: positiveInt('--stalled-ms', opts.stalledMs),
        onEvent: (e) => process.stdout.write(`${JSON.stringify({ ...e, pid: process.pid })}\n`),
      });
      process.stdout.write(`${JSON.stringify({ event: 'ready', pid: process.pid })}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await worker.close();
    });
}
