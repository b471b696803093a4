/**
 * A running paper-trading session on live (or simulated) venue feeds: one shared connection per
 * venue (FeedHub), catalogs cached in the catalog history, and per strategy its own account —
 * simulated venues filling against the live books, a portfolio, an engine on the wall clock.
 * Optionally records every raw frame and catalog refresh so `arbiter backtest` can replay it.
 */
import type { Instrument } from '../../domain/instrument.js';
import type { VenueId } from '../../domain/venue.js';
import { WallClock } from '../../engine/clock.js';
import { Engine } from '../../engine/engine.js';
import { VenueExecutionRouter } from '../../engine/execution-router.js';
import type { Logger } from '../../engine/logger.js';
import type { OrderAmendment } from '../../engine/market-feed.js';
import { Portfolio, type CashBalanceInput } from '../../engine/portfolio/portfolio.js';
import { createAccountRisk, feedStatusOf, RiskControl, type RiskGate, type RiskLimits } from '../../engine/risk/index.js';
import type { Strategy } from '../../engine/strategy.js';
import { createSimulatedVenues } from '../../backtest/sim/create-simulated-venues.js';
import { CatalogHistory } from '../../store/catalog/catalog-history.js';
import { Recorder } from '../../store/recording/recorder.js';
import { priceCurrencyOf, venueTimestamp } from '../../venues/registry.js';
import type { SimulatedVenue } from '../commands/simulate.js';
import { createCatalogSources } from '../wiring/catalog-sources.js';
import { createMarketFeed, type VenueConnection } from '../wiring/venue-adapters.js';
import { FeedHub } from './feed-hub.js';
import { OrderJournal } from './order-journal.js';
import { createSessionDashboardSource } from './session-dashboard-source.js';
import type { DashboardSource } from '../../dashboard/dashboard-source.js';

export interface TradingSessionOptions {
  readonly strategies: ReadonlyArray<() => Strategy>;
  readonly connections: Partial<Record<SimulatedVenue, VenueConnection>>;
  readonly cash: readonly CashBalanceInput[];
  readonly seed: number;
  readonly latency: { readonly entryMs: number; readonly responseMs: number; readonly sigma: number };
  readonly logger: Logger;
  /** SQLite file of the catalog history, or ':memory:'. */
  readonly catalogDb: string;
  readonly catalogStaleMs: number;
  readonly refreshIntervalMs: number;
  /** Record raw frames and catalogs here. */
  readonly recordDir?: string;
  /** Limits of each account's risk gate ([risk]); default DEFAULT_RISK_LIMITS. */
  readonly risk?: RiskLimits;
}

export interface StrategyAccount {
  readonly strategy: Strategy;
  readonly engine: Engine;
  readonly portfolio: Portfolio;
  readonly orders: number;
  readonly fills: number;
  /** Orders and fills for the dashboard. */
  readonly journal: OrderJournal;
  /** The account's simulated order entry (the kill switch cancels through it). */
  readonly router: VenueExecutionRouter;
  /** The account's risk gate, in front of `router` for the strategy's orders. */
  readonly gate: RiskGate;
}

export class TradingSession {
  readonly accounts: Array<StrategyAccount & { orders: number; fills: number }> = [];
  readonly clock = new WallClock();
  readonly hub: FeedHub;
  /** The trading state of every account at once (dashboard, SIGUSR2, [risk] initial_state). */
  readonly risk = new RiskControl(() => this.accounts.map((a) => a.gate));
  private readonly history: CatalogHistory;
  private readonly recorder: Recorder | null;
  private readonly activityListeners = new Set<() => void>();

  constructor(private readonly options: TradingSessionOptions) {
    this.history = new CatalogHistory(options.catalogDb);
    this.recorder = options.recordDir ? new Recorder({ dir: options.recordDir, venueTimestamp, gzip: true, source: 'arbiter session' }) : null;
    this.hub = new FeedHub((venue) => {
      const v = venue as SimulatedVenue;
      return createMarketFeed(v, options.connections[v] ?? {}, options.logger, this.recorder?.tap(venue));
    });
  }

  async start(): Promise<void> {
    const { options } = this;
    const now = (): number => this.clock.now();
    const catalogs = createCatalogSources({
      connections: options.connections, history: this.history, staleAfterMs: options.catalogStaleMs, now, logger: options.logger, recordDir: options.recordDir,
    });
    for (const make of options.strategies) {
      const strategy = make();
      let engine: Engine | null = null;
      const find = (venue: VenueId, symbol: string): Instrument | undefined => engine?.catalogs.find(venue, symbol);
      let sim: ReturnType<typeof createSimulatedVenues> | null = null;
      const portfolio = new Portfolio({
        initialCash: options.cash, instruments: { find }, priceCurrencyOf,
        books: { bestBid: (v, s) => sim!.bestBid(v, s), bestAsk: (v, s) => sim!.bestAsk(v, s) },
      });
      const venues = [...new Set<VenueId>([...strategy.venues, ...options.cash.map((c) => c.venue)])];
      sim = createSimulatedVenues({ venues, clock: this.clock, seed: options.seed, latency: options.latency, instruments: { find }, priceCurrencyOf, portfolio });
      const journal = new OrderJournal(strategy.name);
      const account = { strategy, portfolio, orders: 0, fills: 0, journal } as StrategyAccount & { orders: number; fills: number; engine: Engine; router: VenueExecutionRouter; gate: RiskGate };
      const seenOrders = new Set<string>();
      const router = new VenueExecutionRouter(sim.clients, (u) => {
        gate.onUpdate(u);
        if (!seenOrders.has(u.clientOrderId)) {
          seenOrders.add(u.clientOrderId);
          account.orders++;
        }
        if (u.kind === 'fill') {
          account.fills++;
          journal.fill(u);
          engine!.deliverFill(u);
        } else {
          journal.update(u);
          engine!.deliverOrderUpdate(u);
        }
        this.notifyActivity();
      });
      account.router = router;
      const { gate, market } = createAccountRisk({
        inner: router, limits: options.risk, portfolio, find, priceCurrencyOf, feedStatus: feedStatusOf((v) => this.hub.feed(v)), now, logger: options.logger,
        onReject: (u) => engine?.deliverOrderUpdate(u),
      });
      account.gate = gate;
      const execution = {
        submit: (request: Parameters<VenueExecutionRouter['submit']>[0]) => {
          journal.submitted(request, this.clock.now());
          return gate.submit(request).catch((error: unknown) => {
            journal.failed(request.clientOrderId, error instanceof Error ? error.message : String(error), this.clock.now());
            throw error;
          });
        },
        cancel: (venue: VenueId, clientOrderId: string) => gate.cancel(venue, clientOrderId),
        amend: (venue: VenueId, clientOrderId: string, change: OrderAmendment) => gate.amend(venue, clientOrderId, change),
      };
      const s = sim;
      engine = new Engine({
        strategies: [strategy], clock: this.clock, logger: options.logger, execution, portfolio, catalogs,
        refreshIntervalMs: options.refreshIntervalMs,
        feeds: this.hub.factory((e) => {
          s.onMarketEvent(e);
          portfolio.onMarketEvent(e);
          market.onMarketEvent(e);
          this.notifyActivity();
        }),
      });
      account.engine = engine;
      this.accounts.push(account);
    }
    for (const a of this.accounts) await a.engine.start();
  }

  async stop(): Promise<void> {
    for (const a of this.accounts) await a.engine.stop();
    this.clock.cancelAll();
    await this.recorder?.close();
    this.history.close();
  }

  /** Calls `listener` after every market event, order update and fill (keep it cheap). Returns an unsubscribe function. */
  onActivity(listener: () => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  private notifyActivity(): void {
    for (const l of this.activityListeners) l();
  }

  get recordedFiles(): string[] {
    return this.recorder?.files ?? [];
  }
}

/** The dashboard's view of a paper session: one account per strategy on the shared feeds. */
export function tradingSessionDashboard(session: TradingSession, mode: string, logger: Logger): DashboardSource {
  return createSessionDashboardSource({
    mode, logger,
    accounts: () => session.accounts.map((a) => ({ name: a.strategy.name, strategies: [a.strategy], engine: a.engine, portfolio: a.portfolio, journal: a.journal, router: a.router, orders: a.orders, fills: a.fills })),
    venues: () => session.hub.venues,
    traffic: (venue) => session.hub.traffic(venue),
    feed: (venue) => session.hub.feed(venue),
    onActivity: (listener) => session.onActivity(listener),
    control: session.risk,
  });
}
