/**
 * `arbiter demo` (= `npm start`): the whole product on embedded defaults. Starts on loopback the
 * simulator of every venue a strategy trades or the paper account holds cash on (Deribit,
 * Derive, Polymarket, Binance, Coinbase, Kraken with the default config), connects the real venue
 * clients to them, and
 * runs the configured strategies paper-trading with simulated execution, printing status until
 * interrupted or `--duration` ends; then a summary. `--record DIR` leaves a recording (frames and
 * catalogs) that `arbiter backtest` replays. The dashboard opens on http://127.0.0.1:8079/ unless
 * `--no-dashboard` (docs/dashboard.md).
 */
import type { Command } from 'commander';
import type { Logger } from '../../engine/logger.js';
import { riskLimitsOf } from '../config/arbiter-config.js';
import { readArbiterConfig } from './config.js';
import { DEMO_VENUES, startSimulator, type RunningSimulator, type SimulatedVenue } from './simulate.js';
import { createLogger } from '../logger.js';
import { parsePort, parsePositiveNumber } from '../options.js';
import { TradingSession, tradingSessionDashboard } from '../session/trading-session.js';
import { summarizeSession, formatSessionSummary } from '../session/session-summary.js';
import { startDashboard, type DashboardServer } from '../../dashboard/dashboard-server.js';
import { TOKEN_ENV } from '../../dashboard/dashboard-auth.js';

interface DemoOptions {
  config?: string;
  duration?: number;
  seed: number;
  record?: string;
  json?: boolean;
  statusEvery: number;
  logLevel?: string;
  /** A port (0 = any free one), true for the configured port, false for none. */
  dashboard?: number | boolean;
  dashboardBind?: string;
  /** Backtest report directory for the dashboard's viewer. */
  reports?: string;
  /** Ends the run like Ctrl+C (in-process callers and tests). */
  signal?: AbortSignal;
  /** Called once the session (and dashboard, if any) runs; tests use it to reach them. */
  onStarted?: (running: { session: TradingSession; dashboard: DashboardServer | null }) => void;
}

export async function runDemo(opts: DemoOptions, logger: Logger, out: (text: string) => void): Promise<ReturnType<typeof summarizeSession>> {
  const { config, strategies } = await readArbiterConfig(opts.config);
  const sims: RunningSimulator[] = [];
  let session: TradingSession | null = null;
  let dashboard: DashboardServer | null = null;
  const cleanupSignals: Array<() => void> = [];
  try {
    const enabled = strategies.filter((s) => s.enabled);
    const used = new Set<string>([...enabled.flatMap((s) => s.create().venues), ...config.paper.cash.map((c) => c.venue)]);
    for (const venue of DEMO_VENUES.filter((v) => used.has(v))) sims.push(await startSimulator(venue, { seed: opts.seed }));
    const connections = Object.fromEntries(sims.map((s) => [s.venue, { url: s.url, restUrl: s.restUrl }])) as Record<SimulatedVenue, { url: string; restUrl: string }>;
    if (!opts.json) out(`Arbiter demo: simulators ${sims.map((s) => `${s.venue} ${s.url}`).join(', ')}\n`);
    session = new TradingSession({
      strategies: enabled.map((s) => s.create),
      connections, cash: config.paper.cash, seed: config.paper.seed,
      latency: { entryMs: config.paper.entry_latency_ms, responseMs: config.paper.response_latency_ms, sigma: config.paper.latency_sigma },
      logger, catalogDb: ':memory:', catalogStaleMs: config.global.catalog_stale_secs * 1000, refreshIntervalMs: config.global.refresh_secs * 1000,
      recordDir: opts.record, risk: riskLimitsOf(config.risk),
    });
    await session.start();
    const risk = session.risk;
    const toggleHalt = (): void => void risk.toggleHalt('SIGUSR2').then(() => logger.warn({ state: risk.state() }, `SIGUSR2: trading ${risk.state()}`));
    process.on('SIGUSR2', toggleHalt);
    cleanupSignals.push(() => process.off('SIGUSR2', toggleHalt));
    if (opts.dashboard !== false) {
      const port = typeof opts.dashboard === 'number' ? opts.dashboard : config.dashboard.port;
      try {
        dashboard = await startDashboard({
          source: tradingSessionDashboard(session, 'demo', logger), logger, reportDir: opts.reports, token: process.env[TOKEN_ENV],
          port, bind: opts.dashboardBind ?? config.dashboard.bind,
        });
        if (!opts.json) out(`Dashboard: ${dashboard.url}\n`);
      } catch (error) {
        // The default port may be taken (another demo); an explicitly requested one must work.
        if (typeof opts.dashboard === 'number' || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        logger.warn({ port }, `dashboard not started: port ${port} is in use (choose one with --dashboard PORT)`);
      }
    }
    opts.onStarted?.({ session, dashboard });
    const s = session;
    const status = setInterval(() => {
      if (!opts.json) out(`${formatSessionSummary(summarizeSession(s), true)}\n`);
    }, opts.statusEvery * 1000);
    status.unref();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      if (opts.duration !== undefined) setTimeout(resolve, opts.duration * 1000);
      if (opts.signal?.aborted) resolve();
      opts.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    clearInterval(status);
    const summary = summarizeSession(session);
    return summary;
  } finally {
    for (const off of cleanupSignals) off();
    await dashboard?.close();
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
    .option('--dashboard <port>', 'dashboard port (default: [dashboard] port, 8079; 0 = any free port)', parsePort('--dashboard'))
    .option('--no-dashboard', 'do not start the dashboard')
    .option('--dashboard-bind <address>', `dashboard address (default 127.0.0.1; any other needs ${TOKEN_ENV})`)
    .option('--reports <dir>', 'backtest reports for the dashboard\'s viewer (an `arbiter backtest --out` directory)')
    .action(async (opts: DemoOptions) => {
      const logger = createLogger(opts.logLevel ?? process.env.LOG_LEVEL ?? 'warn');
      const out = (text: string): void => {
        process.stdout.write(text);
      };
      const summary = await runDemo(opts, logger, out);
      out(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `\n${formatSessionSummary(summary, false)}\n`);
    });
}
