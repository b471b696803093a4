/**
 * `arbiter demo` (= `npm start`): the whole product on embedded defaults. Starts the Deribit,
 * Derive and Polymarket simulators on loopback, connects the real venue clients to them, and
 * runs the configured strategies paper-trading with simulated execution, printing status until
 * interrupted or `--duration` ends; then a summary. `--record DIR` leaves a recording (frames and
 * catalogs) that `arbiter backtest` replays.
 */
import type { Command } from 'commander';
import type { Logger } from '../../engine/logger.js';
import { readArbiterConfig } from './config.js';
import { SIMULATED_VENUES, startSimulator, type RunningSimulator, type SimulatedVenue } from './simulate.js';
import { createLogger } from '../logger.js';
import { parsePositiveNumber } from '../options.js';
import { TradingSession } from '../session/trading-session.js';
import { summarizeSession, formatSessionSummary } from '../session/session-summary.js';

interface DemoOptions {
  config?: string;
  duration?: number;
  seed: number;
  record?: string;
  json?: boolean;
  statusEvery: number;
  logLevel?: string;
}

export async function runDemo(opts: DemoOptions, logger: Logger, out: (text: string) => void): Promise<ReturnType<typeof summarizeSession>> {
  const { config, strategies } = await readArbiterConfig(opts.config);
  const sims: RunningSimulator[] = [];
  let session: TradingSession | null = null;
  try {
    for (const venue of SIMULATED_VENUES) sims.push(await startSimulator(venue, { seed: opts.seed }));
    const connections = Object.fromEntries(sims.map((s) => [s.venue, { url: s.url, restUrl: s.restUrl }])) as Record<SimulatedVenue, { url: string; restUrl: string }>;
    if (!opts.json) out(`Arbiter demo: simulators ${sims.map((s) => `${s.venue} ${s.url}`).join(', ')}\n`);
    session = new TradingSession({
      strategies: strategies.filter((s) => s.enabled).map((s) => s.create),
      connections, cash: config.paper.cash, seed: config.paper.seed,
      latency: { entryMs: config.paper.entry_latency_ms, responseMs: config.paper.response_latency_ms, sigma: config.paper.latency_sigma },
      logger, catalogDb: ':memory:', catalogStaleMs: config.global.catalog_stale_secs * 1000, refreshIntervalMs: config.global.refresh_secs * 1000,
      recordDir: opts.record,
    });
    await session.start();
    const s = session;
    const status = setInterval(() => {
      if (!opts.json) out(`${formatSessionSummary(summarizeSession(s), true)}\n`);
    }, opts.statusEvery * 1000);
    status.unref();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      if (opts.duration !== undefined) setTimeout(resolve, opts.duration * 1000);
    });
    clearInterval(status);
    const summary = summarizeSession(session);
    return summary;
  } finally {
    await session?.stop();
    await Promise.all(sims.map((s) => s.stop()));
  }
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the demo: venue simulators on loopback, real clients, strategies paper-trading (npm start)')
    .option('--config <file>', 'TOML configuration (default: the embedded one, see `arbiter config generate`)')
    .option('--duration <seconds>', 'stop after this many seconds and print a summary (default: until Ctrl+C)', parsePositiveNumber('--duration'))
    .option('--seed <n>', 'seed of the simulators\' market model', parsePositiveNumber('--seed'), 1)
    .option('--record <dir>', 'record frames and catalogs into this directory (replay with `arbiter backtest`)')
    .option('--status-every <seconds>', 'status line period', parsePositiveNumber('--status-every'), 5)
    .option('--json', 'print the final summary as JSON')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default: LOG_LEVEL or warn)')
    .action(async (opts: DemoOptions) => {
      const logger = createLogger(opts.logLevel ?? process.env.LOG_LEVEL ?? 'warn');
      const out = (text: string): void => {
        process.stdout.write(text);
      };
      const summary = await runDemo(opts, logger, out);
      out(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `\n${formatSessionSummary(summary, false)}\n`);
    });
}
