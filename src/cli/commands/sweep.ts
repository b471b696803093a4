/**
 * `arbiter sweep --file … --grid KEY=SPEC [--grid …] [--config FILE] [--metric M] [--workers N]
 * [--distributed REDIS_URL]`: one deterministic backtest per grid cell, cached by content hash,
 * on a worker-thread pool or on `arbiter worker` processes via Redis; prints the ranked table and
 * writes sweep.json and sweep.html.
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { CATALOG_SNAPSHOTS_FILE } from '../../backtest/catalog-snapshots.js';
import { ConfigError } from '../../domain/errors.js';
import { createDistributedRunner } from '../../sweep/distributed.js';
import { parseGridAxis } from '../../sweep/grid.js';
import { createLocalRunner, defaultWorkerCount } from '../../sweep/local-runner.js';
import { formatSweepTable, parseRankMetric, runSweep, type SweepOutcome } from '../../sweep/run-sweep.js';
import { planSweep } from '../../sweep/sweep-plan.js';
import { formatWalkForward, parseWalkForward, runWalkForward, type WalkForwardOutcome } from '../../sweep/walk-forward.js';
import { collect, parseEpochMs } from '../options.js';
import { readArbiterConfig } from './config.js';

export interface SweepCommandOptions {
  file: string[];
  grid: string[];
  config?: string;
  strategies?: string;
  catalogs?: string;
  metric: string;
  workers?: string;
  distributed?: string;
  namespace?: string;
  from?: number;
  to?: number;
  walkForward?: string;
  out: string;
  progress: boolean;
  json?: boolean;
}

export async function sweepCommand(opts: SweepCommandOptions, signal?: AbortSignal): Promise<SweepOutcome | WalkForwardOutcome> {
  const metric = parseRankMetric(opts.metric);
  const axes = opts.grid.map(parseGridAxis);
  const { config, strategies } = await readArbiterConfig(opts.config);
  const workers = opts.workers === undefined ? defaultWorkerCount() : Number(opts.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new ConfigError(`--workers: expected a whole number ≥ 1, got "${opts.workers}"`);
  const planOptions = {
    config, strategies, axes, files: opts.file,
    catalogs: opts.catalogs ?? join(dirname(opts.file[0] ?? '.'), CATALOG_SNAPSHOTS_FILE),
    only: opts.strategies?.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
  };
  const windows = opts.walkForward === undefined ? undefined : parseWalkForward(opts.walkForward);
  if (windows && (opts.from !== undefined || opts.to !== undefined)) throw new ConfigError('--walk-forward picks its own windows over the whole recording; drop --from/--to');
  const plan = windows ? undefined : await planSweep({ ...planOptions, fromMs: opts.from, toMs: opts.to });
  const runner = opts.distributed
    ? createDistributedRunner({ redisUrl: opts.distributed, sweepId: randomUUID(), namespace: opts.namespace })
    : createLocalRunner(workers);
  const bar = opts.progress && !opts.json && process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: 'sweep [{bar}] {value}/{total} cells | {eta_formatted}', stream: process.stderr, hideCursor: true, barsize: 30 }, cliProgress.Presets.shades_classic)
    : null;
  let started = false;
  try {
    const onProgress = ({ done, total }: { done: number; total: number }): void => {
      if (!bar) return;
      if (!started) bar.start(total, done);
      else {
        bar.setTotal(total);
        bar.update(done);
      }
      started = true;
    };
    if (windows) return await runWalkForward({ plan: planOptions, windows, runner, metric, outDir: opts.out, signal, onProgress });
    return await runSweep({ plan: plan!, runner, metric, outDir: opts.out, signal, onProgress });
  } finally {
    if (started) bar?.stop();
    await runner.close();
  }
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('run one backtest per parameter-grid cell (cached by content hash) and rank the results')
    .requiredOption('--file <path>', 'a recording (repeat for several)', collect, [])
    .requiredOption('--grid <key=values>', 'an axis: KEY=FROM..TO:STEP or KEY=A,B,C; KEY may be STRATEGY_NAME.KEY (repeat)', collect, [])
    .option('--config <file>', 'TOML configuration (default: the embedded one)')
    .option('--strategies <names>', 'comma-separated strategy names (default: the enabled ones a grid key applies to)')
    .option('--catalogs <file>', `catalog snapshots (default: ${CATALOG_SNAPSHOTS_FILE} beside the first --file)`)
    .option('--metric <name>', 'report metric to rank by (pnlUsd, sharpe, sortino, maxDrawdown, …)', 'pnlUsd')
    .option('--workers <n>', 'worker threads on this machine (default: all cores)')
    .option('--distributed <redis-url>', 'run the cells on `arbiter worker` processes through Redis')
    .option('--namespace <prefix>', 'Redis key prefix shared with the workers', 'arbiter')
    .option('--from <time>', 'replay from this time (epoch ms or ISO)', parseEpochMs('--from'))
    .option('--to <time>', 'replay up to this time (epoch ms or ISO)', parseEpochMs('--to'))
    .option('--walk-forward <train:test>', 'rolling windows, e.g. 4h:1h: pick the best cell on each train window, score it on the next test window')
    .option('--out <dir>', 'report directory (cells cached in <dir>/cells)', 'sweep_results')
    .option('--json', 'print the ranked rows as JSON')
    .option('--no-progress', 'no progress bar')
    .action(async (opts: SweepCommandOptions) => {
      const abort = new AbortController();
      const onSigint = (): void => abort.abort(new Error('sweep cancelled (SIGINT); finished cells are cached'));
      process.once('SIGINT', onSigint);
      try {
        let outcome: Awaited<ReturnType<typeof sweepCommand>>;
        try {
          outcome = await sweepCommand(opts, abort.signal);
        } catch (error) {
          if (!abort.signal.aborted) throw error;
          process.stderr.write(`${(abort.signal.reason as Error).message}\n`);
          process.exitCode = 130;
          return;
        }
        if ('windows' in outcome) {
          process.stdout.write(opts.json ? `${JSON.stringify({ metric: outcome.metric, windows: outcome.windows, rows: outcome.rows }, null, 2)}\n` : `${formatWalkForward(outcome)}\n${outcome.cells} cells (${outcome.reused} reused); report: ${outcome.file}\n`);
          return;
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ metric: outcome.metric, cells: outcome.cells, reused: outcome.reused, rows: outcome.rows }, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${formatSweepTable(outcome)}\n`);
        process.stdout.write(`${outcome.cells} cells (${outcome.reused} reused) in ${(outcome.wallMs / 1000).toFixed(1)} s; reports: ${outcome.files?.json}, ${outcome.files?.html}\n`);
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
