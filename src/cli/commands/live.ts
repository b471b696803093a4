/**
 * `arbiter live --config FILE [--execute] [--record DIR] [--duration S] [--reconcile-secs S]`:
 * the configured strategies on the configured venues: every venue a strategy needs (Deribit,
 * Derive, Polymarket, Binance, Coinbase, Kraken, Uniswap) connects to its `[venues.<venue>]`
 * endpoints (`user_url`: the private order-entry socket), or the venue's production endpoints when none are given. Without --execute they paper-trade
 * (simulated execution against the live books, one account per strategy); with --execute orders
 * go to the venues through the journal `<state_dir>/journal.sqlite`, reconciled with the venues
 * on start and every --reconcile-secs (docs/recovery.md).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../domain/errors.js';
import { createLogger } from '../logger.js';
import { parsePositiveNumber } from '../options.js';
import { LiveSession, liveSessionDashboard } from '../session/live-session.js';
import { formatSessionSummary, summarizeSession } from '../session/session-summary.js';
import { TradingSession } from '../session/trading-session.js';
import { readArbiterConfig } from './config.js';
import { riskLimitsOf } from '../config/arbiter-config.js';
import { startDashboard, type DashboardServer } from '../../dashboard/dashboard-server.js';
import { TOKEN_ENV } from '../../dashboard/dashboard-auth.js';
import { tradingSessionDashboard } from '../session/trading-session.js';
import { parsePort } from '../options.js';
import { SIMULATED_VENUES, type SimulatedVenue } from './simulate.js';

interface LiveOptions {
  config: string;
  execute?: boolean;
  record?: string;
  duration?: number;
  reconcileSecs?: number;
  logLevel?: string;
  dashboard?: number;
  dashboardBind?: string;
}

export function registerLive(program: Command): void {
  program
    .command('live')
    .description('run the configured strategies on the configured venues (paper trading unless --execute)')
    .requiredOption('--config <file>', 'TOML configuration')
    .option('--execute', 'send real orders (needs venue credentials in the environment and [live] cash in the config)')
    .option('--record <dir>', 'record frames and catalogs into this directory')
    .option('--duration <seconds>', 'stop after this many seconds (default: until Ctrl+C)', parsePositiveNumber('--duration'))
    .option('--reconcile-secs <seconds>', 'with --execute: reconcile with the venues this often (default 60)', parsePositiveNumber('--reconcile-secs'))
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default: the config or LOG_LEVEL)')
    .option('--dashboard <port>', 'serve the dashboard on this port (0 = any free port)', parsePort('--dashboard'))
    .option('--dashboard-bind <address>', `dashboard address (default: [dashboard] bind, 127.0.0.1; any other needs ${TOKEN_ENV})`)
    .action(async (opts: LiveOptions) => {
      const { config, strategies } = await readArbiterConfig(opts.config);
      const logger = createLogger(opts.logLevel ?? process.env.LOG_LEVEL ?? config.global.log_level);
      const enabled = strategies.filter((s) => s.enabled);
      const needed = new Set(enabled.flatMap((s) => s.create().venues));
      const connections: Partial<Record<SimulatedVenue, { url?: string; restUrl?: string; userWsUrl?: string }>> = {};
      for (const venue of SIMULATED_VENUES) {
        if (!needed.has(venue)) continue;
        const endpoint = config.venues[venue];
        connections[venue] = { url: endpoint?.url, restUrl: endpoint?.rest_url, userWsUrl: endpoint?.user_url };
      }
      mkdirSync(config.global.state_dir, { recursive: true });
      const catalogDb = join(config.global.state_dir, 'catalog.sqlite');
      const common = { logger, catalogDb, catalogStaleMs: config.global.catalog_stale_secs * 1000, refreshIntervalMs: config.global.refresh_secs * 1000, recordDir: opts.record };
      let stop: () => Promise<void>;
      let report: () => string;
      if (opts.execute) {
        if (!config.live) throw new ConfigError(`${opts.config}: --execute needs a [live] section declaring the capital Arbiter may use ([[live.cash]] venue, currency, amount)`);
        const session = new LiveSession({ risk: riskLimitsOf(config.risk),
          ...common, strategies: enabled.map((s) => s.create()), connections, cash: config.live.cash,
          journalPath: join(config.global.state_dir, 'journal.sqlite'), reconcileIntervalMs: opts.reconcileSecs === undefined ? undefined : opts.reconcileSecs * 1000,
        });
        await session.start();
        let liveDashboard: DashboardServer | null = null;
        if (opts.dashboard !== undefined) {
          liveDashboard = await startDashboard({
            source: liveSessionDashboard(session, logger), logger, port: opts.dashboard, bind: opts.dashboardBind ?? config.dashboard.bind, token: process.env[TOKEN_ENV],
          });
          process.stderr.write(`Dashboard: ${liveDashboard.url}\n`);
        }
        stop = async () => {
          await liveDashboard?.close();
          await session.stop();
        };
        report = () => JSON.stringify({ engine: session.engine?.stats, journal: session.journal?.counts(), orders: session.router?.stats, startReconciliation: session.startReconciliation });
      } else {
        const session = new TradingSession({
          ...common, strategies: enabled.map((s) => s.create), connections, cash: config.paper.cash, seed: config.paper.seed,
          latency: { entryMs: config.paper.entry_latency_ms, responseMs: config.paper.response_latency_ms, sigma: config.paper.latency_sigma },
        });
        await session.start();
        let dashboard: DashboardServer | null = null;
        if (opts.dashboard !== undefined) {
          dashboard = await startDashboard({
            source: tradingSessionDashboard(session, 'paper', logger), logger, port: opts.dashboard, bind: opts.dashboardBind ?? config.dashboard.bind, token: process.env[TOKEN_ENV],
          });
          process.stderr.write(`Dashboard: ${dashboard.url}\n`);
        }
        stop = async () => {
          await dashboard?.close();
          await session.stop();
        };
        report = () => formatSessionSummary(summarizeSession(session), false);
      }
      process.stderr.write(`live ${opts.execute ? 'trading' : 'paper trading'} with ${enabled.map((s) => s.name).join(', ')} (Ctrl+C to stop)\n`);
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
        if (opts.duration !== undefined) timer = setTimeout(resolve, opts.duration * 1000);
      });
      // Stopped by a signal before --duration ended: the pending timer would keep the process alive until then.
      clearTimeout(timer);
      const text = report();
      await stop();
      process.stdout.write(`${text}\n`);
    });
}
