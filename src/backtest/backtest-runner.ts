/**
 * One backtest: recordings replayed once, each strategy trading its own simulated account
 * (simulated venues + portfolio + engine) on a shared replay clock, so strategies neither share
 * cash nor each other's fills. Produces one report per strategy.
 */
import type { CashBalanceInput } from '../engine/portfolio/portfolio.js';
import { Portfolio } from '../engine/portfolio/portfolio.js';
import { ReplayClock } from '../engine/clock.js';
import { Engine, type EngineStats } from '../engine/engine.js';
import { VenueExecutionRouter } from '../engine/execution-router.js';
import { createAccountRisk, type MarketWatch, type RiskGate, type RiskLimits } from '../engine/risk/index.js';
import type { Logger } from '../engine/logger.js';
import type { CatalogSource } from '../engine/market-feed.js';
import type { Strategy } from '../engine/strategy.js';
import type { VenueId } from '../domain/venue.js';
import type { Instrument } from '../domain/instrument.js';
import { createFrameParsers, priceCurrencyOf } from '../venues/registry.js';
import { replayRecordings, type ReplayProgress, type ReplayReport } from './replay.js';
import { buildBacktestReport, type BacktestReport } from './report/backtest-report.js';
import { PortfolioHistory } from './report/portfolio-history.js';
import { writeBacktestReport } from './report/write-backtest-report.js';
import { createSimulatedVenues } from './sim/create-simulated-venues.js';

export interface BacktestLatency {
  readonly entryMs: number;
  readonly responseMs: number;
  /** Log-normal spread of latencies (0 = constant). */
  readonly sigma: number;
}

export interface BacktestOptions {
  readonly files: readonly string[];
  /** Builds a fresh strategy per run (strategies keep state). */
  readonly strategies: ReadonlyArray<() => Strategy>;
  /** Catalog sources on the run's clock (hermetic: from snapshots). */
  readonly catalogs: (now: () => number) => readonly CatalogSource[];
  readonly initialCash: readonly CashBalanceInput[];
  readonly seed: number;
  readonly latency: BacktestLatency;
  readonly historyPeriodMs?: number;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly strict?: boolean;
  /** Realtime playback at this speed (1 = as recorded); omitted: as fast as possible. */
  readonly realtimeSpeed?: number;
  readonly onProgress?: (p: ReplayProgress) => void;
  readonly logger: Logger;
  /** Where reports are written; omitted: not written. */
  readonly outDir?: string;
  readonly refreshIntervalMs?: number;
  /** Limits of the risk gate in front of each account, as in paper and live runs; omitted: no gate. */
  readonly risk?: RiskLimits;
}

export interface StrategyBacktest {
  readonly report: BacktestReport;
  readonly engine: EngineStats;
  readonly files?: { readonly json: string; readonly csv: string; readonly html: string };
}

export interface BacktestResult {
  readonly replay: ReplayReport;
  readonly strategies: readonly StrategyBacktest[];
}

interface Account {
  readonly strategy: Strategy;
  readonly engine: Engine;
  readonly portfolio: Portfolio;
  readonly sim: ReturnType<typeof createSimulatedVenues>;
  readonly history: PortfolioHistory;
  readonly market: MarketWatch | null;
}

export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const clock = new ReplayClock(options.fromMs ?? 0);
  const now = (): number => clock.now();
  const catalogs = options.catalogs(now);
  const accounts: Account[] = options.strategies.map((make) => {
    const strategy = make();
    let engine: Engine | null = null;
    const find = (venue: VenueId, symbol: string): Instrument | undefined => engine?.catalogs.find(venue, symbol);
    const venues = [...new Set<VenueId>([...strategy.venues, ...options.initialCash.map((c) => c.venue)])];
    let sim: ReturnType<typeof createSimulatedVenues> | null = null;
    const portfolio = new Portfolio({
      initialCash: options.initialCash, instruments: { find }, priceCurrencyOf,
      books: { bestBid: (v, s) => sim!.bestBid(v, s), bestAsk: (v, s) => sim!.bestAsk(v, s) },
    });
    sim = createSimulatedVenues({ venues, clock, seed: options.seed, latency: options.latency, instruments: { find }, priceCurrencyOf, portfolio });
    let gate: RiskGate | null = null;
    const router = new VenueExecutionRouter(sim.clients, (u) => {
      gate?.onUpdate(u);
      if (u.kind === 'fill') engine!.deliverFill(u);
      else engine!.deliverOrderUpdate(u);
    });
    const risk = options.risk
      ? createAccountRisk({ inner: router, limits: options.risk, portfolio, find, priceCurrencyOf, now, logger: options.logger, onReject: (u) => engine?.deliverOrderUpdate(u) })
      : null;
    gate = risk?.gate ?? null;
    engine = new Engine({ strategies: [strategy], clock, logger: options.logger, execution: gate ?? router, portfolio, catalogs, refreshIntervalMs: options.refreshIntervalMs });
    return { strategy, engine, portfolio, sim, history: new PortfolioHistory(portfolio, options.historyPeriodMs), market: risk?.market ?? null };
  });

  const quiescent = {
    get busy(): boolean {
      return accounts.some((a) => a.engine.busy);
    },
    async whenIdle(): Promise<void> {
      for (const a of accounts) await a.engine.whenIdle();
    },
  };
  let wallStart = 0;
  let firstTs = 0;
  const speed = options.realtimeSpeed;
  const replay = await replayRecordings({
    files: options.files, parsers: createFrameParsers(), priceCurrencyOf, clock, quiescent, strict: options.strict,
    fromMs: options.fromMs, toMs: options.toMs, onProgress: options.onProgress,
    pace: speed === undefined ? undefined : (ts) => (ts - firstTs) / speed - (performance.now() - wallStart),
    onEvent: (event) => {
      for (const a of accounts) {
        a.sim.onMarketEvent(event);
        a.portfolio.onMarketEvent(event);
        a.market?.onMarketEvent(event);
        a.engine.dispatch(event);
      }
    },
    beforeFirstRecord: async (ts) => {
      if (ts !== null) clock.advanceTo(ts);
      firstTs = clock.now();
      wallStart = performance.now();
      for (const a of accounts) {
        await a.engine.start();
        a.history.start(clock);
      }
    },
  });

  let busyUntil = clock.now();
  for (const a of accounts) busyUntil = Math.max(busyUntil, a.sim.busyUntil());
  clock.advanceTo(busyUntil);
  const results: StrategyBacktest[] = [];
  for (const a of accounts) {
    a.history.stop(clock.now());
    await a.engine.stop();
    const final = a.portfolio.snapshot(clock.now());
    const report = buildBacktestReport({
      strategy: a.strategy.name, rows: a.history.rows, periodMs: a.history.periodMs, final, tradingPnlUsd: a.portfolio.tradingPnlUsd(final), settlements: a.portfolio.settlements,
      feedLatency: a.sim.feedLatency(), settings: { seed: options.seed, entryMs: options.latency.entryMs, responseMs: options.latency.responseMs, sigma: options.latency.sigma },
    });
    const files = options.outDir ? await writeBacktestReport(options.outDir, report, { rows: a.history.rows, edges: a.history.edges }) : undefined;
    results.push(files ? { report, engine: a.engine.stats, files } : { report, engine: a.engine.stats });
  }
  return { replay, strategies: results };
}
