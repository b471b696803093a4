/**
 * `arbiter demo`: the end-to-end run on embedded defaults. Until the venue simulators land
 * (issue 5) it generates a seeded synthetic multi-venue recording — clearly labelled, not market
 * data — and replays it through the real parsers, engine and the MarketMonitor strategy, with
 * catalogs built by the real instrument-name and question parsers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { runReplayPipeline } from '../../backtest/replay-pipeline.js';
import { SyntheticMarket, writeSyntheticRecording } from '../../backtest/synthetic-recording.js';
import type { CatalogSource } from '../../engine/market-feed.js';
import { MarketMonitor, type MonitorSnapshot } from '../../strategies/market-monitor/strategy.js';
import { createLogger } from '../logger.js';
import { parsePositiveNumber } from '../options.js';

interface DemoOptions {
  records: number;
  seed: number;
  keep?: string;
  json?: boolean;
  logLevel?: string;
}

export function formatMonitorSnapshot(s: MonitorSnapshot): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  const px = (x: number | null, d = 2): string => (x === null ? '—' : x.toFixed(d));
  const lines = ['ATM implied vol by expiry (Deribit):'];
  for (const e of s.atmIvByExpiry) lines.push(`  ${e.expiry.slice(0, 16)}  K=${e.strike}  ${pct(e.markIv)}`);
  const p = s.perpetual;
  lines.push(`BTC-PERPETUAL book: bid ${px(p.bid, 1)} / ask ${px(p.ask, 1)}, ${p.levels} levels from ${p.deltas} deltas, ${p.gaps} sequence gaps`);
  lines.push(`trades: ${s.trades.count}, volume ${s.trades.volume.toLocaleString('en-US')}, buy share ${s.trades.buyShare === null ? '—' : pct(s.trades.buyShare)}`);
  lines.push('Polymarket binaries:');
  for (const b of s.binaries) lines.push(`  ${b.question.padEnd(44)} ${b.outcome.padEnd(3)}  ${px(b.bid)} / ${px(b.ask)}`);
  return lines.join('\n');
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the demo on embedded defaults (for now: a seeded synthetic recording replayed through the engine)')
    .option('--records <n>', 'synthetic records to generate', parsePositiveNumber('--records'), 60_000)
    .option('--seed <n>', 'seed of the synthetic market', parsePositiveNumber('--seed'), 1)
    .option('--keep <dir>', 'write the recording into this directory and keep it (replay it with `arbiter replay`)')
    .option('--json', 'print the summary as JSON')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default: LOG_LEVEL or warn)')
    .action(async (opts: DemoOptions) => {
      const logger = createLogger(opts.logLevel ?? process.env.LOG_LEVEL ?? 'warn');
      const dir = opts.keep ?? (await mkdtemp(join(tmpdir(), 'arbiter-demo-')));
      const file = join(dir, `synthetic-seed${opts.seed}.jsonl.gz`);
      const startMs = Date.UTC(2026, 0, 5);
      try {
        if (!opts.json) process.stdout.write(`Arbiter demo: generating a synthetic recording (${Math.round(opts.records).toLocaleString('en-US')} frames, seed ${opts.seed}; not market data) …\n`);
        await writeSyntheticRecording(file, Math.round(opts.records), { startMs, seed: opts.seed });
        const market = new SyntheticMarket({ startMs, seed: opts.seed });
        const catalog = market.catalog();
        const catalogs: CatalogSource[] = [
          { venue: 'deribit', load: async () => catalog.deribit },
          { venue: 'polymarket', load: async () => catalog.polymarket },
        ];
        const monitor = new MarketMonitor({ name: 'MarketMonitor-BTC', underlying: 'BTC', perpetual: 'BTC-PERPETUAL', reportEveryMs: 60_000 });
        const { report, engine } = await runReplayPipeline({ files: [file], strategies: [monitor], logger, catalogs });
        const snapshot = monitor.snapshot();
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ report, engine: engine.stats, monitor: snapshot }, null, 2)}\n`);
        } else {
          process.stdout.write(`replayed ${report.records.toLocaleString('en-US')} frames → ${report.events.toLocaleString('en-US')} events in ${(report.wallMs / 1000).toFixed(2)} s; ${engine.stats.strategies[0]!.events.toLocaleString('en-US')} routed to ${monitor.name}\n\n`);
          process.stdout.write(`${formatMonitorSnapshot(snapshot)}\n`);
          if (opts.keep) process.stdout.write(`\nrecording kept: ${file}\n`);
        }
      } finally {
        if (!opts.keep) await rm(dir, { recursive: true, force: true });
      }
    });
}
