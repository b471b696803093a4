/**
 * `arbiter backtest --file A [--file B …] [--config FILE] [--strategies LIST] [--catalogs FILE]
 * [--as-of TS] [--realtime] [--speed X] [--out DIR] [--json]`: replays recordings through the
 * strategies, each on its own simulated account, hermetically (catalogs from the recording's
 * snapshots, never a live call), behind the configured risk gate ([risk]) as in paper and live
 * runs, and writes a report per strategy (JSON, CSV history, HTML).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { runBacktest, type BacktestResult } from '../../backtest/backtest-runner.js';
import { asOfCatalogSources, CATALOG_SNAPSHOTS_FILE, loadCatalogSnapshots } from '../../backtest/catalog-snapshots.js';
import { formatBacktestSummary } from '../../backtest/report/backtest-report.js';
import { ConfigError } from '../../domain/errors.js';
import { createLogger } from '../logger.js';
import { collect, parseEpochMs, parsePositiveNumber } from '../options.js';
import { createReplayProgressBar } from '../progress.js';
import { readArbiterConfig } from './config.js';
import { riskLimitsOf } from '../config/arbiter-config.js';

export interface BacktestCommandOptions {
  file: string[];
  config?: string;
  strategies?: string;
  catalogs?: string;
  asOf?: number;
  realtime?: boolean;
  speed: number;
  out: string;
  json?: boolean;
  strict?: boolean;
  progress: boolean;
  logLevel?: string;
}

export async function backtestCommand(opts: BacktestCommandOptions): Promise<BacktestResult> {
  const logger = createLogger(opts.logLevel ?? process.env.LOG_LEVEL ?? 'warn');
  const { config, strategies } = await readArbiterConfig(opts.config);
  let chosen = strategies.filter((s) => s.enabled);
  if (opts.strategies !== undefined) {
    const names = opts.strategies.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
    const unknown = names.filter((n) => !strategies.some((s) => s.name === n));
    if (unknown.length > 0) throw new ConfigError(`--strategies: no strategy named ${unknown.map((n) => `"${n}"`).join(', ')} (configured: ${strategies.map((s) => s.name).join(', ')})`);
    chosen = strategies.filter((s) => names.includes(s.name));
  }
  const snapshotsPath = opts.catalogs ?? join(dirname(opts.file[0] ?? '.'), CATALOG_SNAPSHOTS_FILE);
  if (!existsSync(snapshotsPath)) {
    throw new ConfigError(`no catalog snapshots at ${snapshotsPath}; pass --catalogs FILE (a catalogs.jsonl written by \`arbiter demo --record\` or a live run) so the backtest stays hermetic`);
  }
  const { history, venues } = await loadCatalogSnapshots(snapshotsPath);
  const bar = createReplayProgressBar(opts.progress && !opts.json);
  try {
    return await runBacktest({
      files: opts.file,
      strategies: chosen.map((s) => s.create),
      catalogs: (now) => asOfCatalogSources(history, venues, opts.asOf === undefined ? now : () => opts.asOf!),
      initialCash: config.paper.cash,
      seed: config.paper.seed,
      latency: { entryMs: config.paper.entry_latency_ms, responseMs: config.paper.response_latency_ms, sigma: config.paper.latency_sigma },
      historyPeriodMs: config.paper.history_period_secs * 1000,
      refreshIntervalMs: config.global.refresh_secs * 1000,
      risk: riskLimitsOf(config.risk),
      strict: opts.strict,
      realtimeSpeed: opts.realtime ? opts.speed : undefined,
      onProgress: (p) => bar.update(p),
      logger,
      outDir: opts.out,
    });
  } finally {
    bar.stop();
    history.close();
  }
}

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('replay recordings through the strategies on simulated accounts and write reports')
    .requiredOption('--file <path>', 'a recording (repeat for several; merged by receive time)', collect, [])
    .option('--config <file>', 'TOML configuration (default: the embedded one)')
    .option('--strategies <names>', 'comma-separated strategy names (default: all enabled)')
    .option('--catalogs <file>', `catalog snapshots (default: ${CATALOG_SNAPSHOTS_FILE} beside the first --file)`)
    .option('--as-of <time>', 'use the catalogs as of this time (epoch ms or ISO) instead of the replay clock', parseEpochMs('--as-of'))
    .option('--realtime', 'pace playback by the recorded timestamps')
    .option('--speed <x>', 'playback speed with --realtime', parsePositiveNumber('--speed'), 1)
    .option('--out <dir>', 'report directory', 'backtest_results')
    .option('--strict', 'stop at the first malformed line or frame')
    .option('--json', 'print the reports as JSON')
    .option('--no-progress', 'no progress bar')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default: LOG_LEVEL or warn)')
    .action(async (opts: BacktestCommandOptions) => {
      const result = await backtestCommand(opts);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ replay: result.replay, strategies: result.strategies.map((s) => ({ report: s.report, files: s.files })) }, null, 2)}\n`);
        return;
      }
      for (const s of result.strategies) {
        process.stdout.write(`${formatBacktestSummary(s.report)}\n`);
        if (s.files) process.stdout.write(`reports: ${s.files.json}, ${s.files.csv}, ${s.files.html}\n\n`);
      }
      process.stdout.write(`replayed ${result.replay.records.toLocaleString('en-US')} records (${result.replay.events.toLocaleString('en-US')} events) in ${(result.replay.wallMs / 1000).toFixed(1)} s\n`);
    });
}
