/**
 * Real trading: all strategies in one engine on one account, orders sent to the venues through
 * their authenticated execution clients behind the journal (`<state_dir>/journal.sqlite`). On
 * start the portfolio is the capital declared in `[live] cash` plus every journaled fill, then the
 * venues are reconciled (fills missed while down adopted, vanished orders closed) before any
 * strategy runs; reconciliation repeats every `reconcileIntervalMs` and after an unknown outcome.
 */
import type { Logger } from '../../engine/logger.js';
import { WallClock } from '../../engine/clock.js';
import { Engine } from '../../engine/engine.js';
import { Portfolio, type CashBalanceInput } from '../../engine/portfolio/portfolio.js';
import type { Strategy } from '../../engine/strategy.js';
import type { Fill } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { Instrument } from '../../domain/instrument.js';
import { CatalogHistory } from '../../store/catalog/catalog-history.js';
import { Journal } from '../../store/journal/journal.js';
import { JournaledExecutionRouter } from '../../store/journal/journaled-execution-router.js';
import { createAccountRisk, feedStatusOf, type RiskGate, type RiskLimits } from '../../engine/risk/index.js';
import type { MarketFeed, OrderAmendment } from '../../engine/market-feed.js';
import type { DashboardSource } from '../../dashboard/dashboard-source.js';
import { OrderJournal } from './order-journal.js';
import { createSessionDashboardSource } from './session-dashboard-source.js';
import type { VenueReconciliation } from '../../store/journal/reconcile.js';
import { Recorder } from '../../store/recording/recorder.js';
import { priceCurrencyOf, venueTimestamp } from '../../venues/registry.js';
import type { SimulatedVenue } from '../commands/simulate.js';
import { createCatalogSources } from '../wiring/catalog-sources.js';
import { createLiveExecutionClient, type LiveExecutionClient } from '../wiring/execution-clients.js';
import { createMarketFeed, type VenueConnection } from '../wiring/venue-adapters.js';

export interface LiveSessionOptions {
  readonly strategies: readonly Strategy[];
  readonly connections: Partial<Record<SimulatedVenue, VenueConnection & { readonly userWsUrl?: string }>>;
  readonly cash: readonly CashBalanceInput[];
  readonly logger: Logger;
  readonly catalogDb: string;
  readonly catalogStaleMs: number;
  readonly refreshIntervalMs: number;
  readonly recordDir?: string;
  /** The journal database (created when missing). */
  readonly journalPath: string;
  /** Limits of the risk gate in front of the venues ([risk]); default DEFAULT_RISK_LIMITS. */
  readonly risk?: RiskLimits;
  /** Periodic reconciliation with the venues (default 60 s). */
  readonly reconcileIntervalMs?: number;
}

export const DEFAULT_RECONCILE_INTERVAL_MS = 60_000;

export class LiveSession {
  readonly clock = new WallClock();
  engine: Engine | null = null;
  portfolio: Portfolio | null = null;
  journal: Journal | null = null;
  router: JournaledExecutionRouter | null = null;
  /** The risk gate in front of the venues (the trading state: SIGUSR2, dashboard). */
  gate: RiskGate | null = null;
  /** What the reconciliation on start adopted, per venue. */
  startReconciliation: readonly VenueReconciliation[] = [];
  /** Journaled fills the portfolio could not account on start (e.g. an instrument no venue lists any more). */
  unaccountedFills = 0;
  /** The dashboard's order and fill log of this session. */
  readonly orderLog = new OrderJournal('live');
  orders = 0;
  fills = 0;
  private readonly traffics = new Map<VenueId, { events: number; lastEventMs: number | null }>();
  private readonly feedsByVenue = new Map<VenueId, MarketFeed>();
  private readonly activityListeners = new Set<() => void>();
  private clients: LiveExecutionClient[] = [];
  private readonly history: CatalogHistory;
  private readonly recorder: Recorder | null;

  get strategies(): readonly Strategy[] {
    return this.options.strategies;
  }

  constructor(private readonly options: LiveSessionOptions) {
    this.history = new CatalogHistory(options.catalogDb);
    this.recorder = options.recordDir ? new Recorder({ dir: options.recordDir, venueTimestamp, gzip: true, source: 'arbiter live' }) : null;
  }

  async start(): Promise<void> {
    const { options } = this;
    const venues = [...new Set<VenueId>(options.strategies.flatMap((s) => s.venues))].filter((v): v is SimulatedVenue => v in options.connections);
    const journal = new Journal(options.journalPath);
    this.journal = journal;
    for (const c of options.cash) {
      if (journal.lastBalance(c.venue, c.currency) === undefined) journal.recordBalance(c.venue, c.currency, c.amount, 'declared capital', this.clock.now());
    }
    this.clients = venues.map((v) => createLiveExecutionClient(v, options.connections[v] ?? {}, options.logger));
    await Promise.all(this.clients.map((c) => c.start()));
    const catalogs = createCatalogSources({
      connections: options.connections, history: this.history, staleAfterMs: options.catalogStaleMs, now: () => this.clock.now(), logger: options.logger, recordDir: options.recordDir,
    });
    // Instruments before the engine has them, so journaled fills are accounted with the right contract terms.
    const preloaded = new Map<string, Instrument>();
    for (const r of await Promise.allSettled(catalogs.map((c) => c.load()))) {
      if (r.status === 'fulfilled') for (const i of r.value) preloaded.set(`${i.venue}\u0000${i.symbol}`, i);
    }
    let engine: Engine | null = null;
    const portfolio = new Portfolio({
      initialCash: options.cash, priceCurrencyOf,
      instruments: { find: (v, s) => engine?.catalogs.find(v, s) ?? preloaded.get(`${v}\u0000${s}`) },
    });
    this.portfolio = portfolio;
    const account = (fill: Fill): void => {
      try {
        portfolio.applyFill(fill);
      } catch (error) {
        this.unaccountedFills++;
        options.logger.error({ err: error, venue: fill.venue, symbol: fill.symbol, tradeId: fill.tradeId }, 'journaled fill cannot be accounted; the position is left out of the portfolio');
      }
    };
    for (const fill of journal.fills()) account(fill);
    const feeds = new Map<VenueId, MarketFeed>();
    let gate: RiskGate | null = null;
    const router = new JournaledExecutionRouter({
      journal, clients: this.clients, logger: options.logger.child({ component: 'journal' }),
      onUpdate: (u, owned) => {
        if (u.kind === 'fill') {
          account(u);
          this.fills++;
          this.orderLog.fill(u);
        } else {
          this.orderLog.update(u);
        }
        gate?.onUpdate(u);
        this.notifyActivity();
        if (!owned || engine === null) return;
        if (u.kind === 'fill') engine.deliverFill(u);
        else engine.deliverOrderUpdate(u);
      },
    });
    this.router = router;
    this.startReconciliation = await router.reconcile();
    // Every order passes the risk gate (limits, trading state, fresh and sane data) before the journal.
    const risk = createAccountRisk({
      inner: router, limits: options.risk, portfolio, find: (v, s) => engine?.catalogs.find(v, s), priceCurrencyOf,
      feedStatus: feedStatusOf((v) => feeds.get(v)), now: () => this.clock.now(), logger: options.logger,
      onReject: (u) => engine?.deliverOrderUpdate(u),
    });
    gate = risk.gate;
    this.gate = risk.gate;
    const gated = risk.gate;
    const execution = {
      submit: (request: Parameters<RiskGate['submit']>[0]) => {
        this.orders++;
        this.orderLog.submitted(request, this.clock.now());
        return gated.submit(request).catch((error: unknown) => {
          this.orderLog.failed(request.clientOrderId, error instanceof Error ? error.message : String(error), this.clock.now());
          throw error;
        });
      },
      cancel: (venue: VenueId, clientOrderId: string) => gated.cancel(venue, clientOrderId),
      amend: (venue: VenueId, clientOrderId: string, change: OrderAmendment) => gated.amend(venue, clientOrderId, change),
    };
    engine = new Engine({
      strategies: options.strategies, clock: this.clock, logger: options.logger, execution, portfolio, catalogs, refreshIntervalMs: options.refreshIntervalMs,
      feeds: (venue) => {
        const feed = createMarketFeed(venue as SimulatedVenue, options.connections[venue as SimulatedVenue] ?? {}, options.logger, this.recorder?.tap(venue));
        feeds.set(venue, feed);
        this.feedsByVenue.set(venue, feed);
        const traffic = { events: 0, lastEventMs: null as number | null };
        this.traffics.set(venue, traffic);
        return {
          venue, subscribe: (s) => feed.subscribe(s), unsubscribe: (s) => feed.unsubscribe(s), stop: () => feed.stop(),
          start: (sink) => feed.start((e) => {
            traffic.events++;
            traffic.lastEventMs = this.clock.now();
            risk.market.onMarketEvent(e);
            portfolio.onMarketEvent(e);
            sink(e);
          }),
        };
      },
    });
    this.engine = engine;
    await engine.start();
    router.startPeriodic(options.reconcileIntervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS);
  }

  onActivity(listener: () => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  private notifyActivity(): void {
    for (const l of this.activityListeners) l();
  }

  get venues(): VenueId[] {
    return [...this.traffics.keys()];
  }

  traffic(venue: VenueId): { events: number; lastEventMs: number | null } {
    return this.traffics.get(venue) ?? { events: 0, lastEventMs: null };
  }

  feed(venue: VenueId): MarketFeed | undefined {
    return this.feedsByVenue.get(venue);
  }

  async stop(): Promise<void> {
    await this.engine?.stop();
    if (this.router) {
      // Orders sent just before the stop may have filled: hear their answers, then reconcile once
      // more so the journal ends level with the venues.
      await this.router.settle(5_000);
      await this.router.reconcile().catch((error: unknown) => this.options.logger.warn({ err: error }, 'reconciliation at stop failed; the next start repeats it'));
      await this.router.close();
    }
    await Promise.all(this.clients.map((c) => c.close().catch(() => undefined)));
    this.clock.cancelAll();
    await this.recorder?.close();
    this.journal?.close();
    this.history.close();
  }
}

/** The dashboard's view of a live session: one account holding every strategy, real venues, the risk gate as kill switch. */
export function liveSessionDashboard(session: LiveSession, logger: Logger): DashboardSource {
  return createSessionDashboardSource({
    mode: 'live', logger,
    accounts: () => (session.engine && session.portfolio && session.gate
      ? [{ name: 'live', strategies: session.strategies, engine: session.engine, portfolio: session.portfolio, journal: session.orderLog, router: session.gate, orders: session.orders, fills: session.fills }]
      : []),
    venues: () => session.venues,
    traffic: (venue) => session.traffic(venue),
    feed: (venue) => session.feed(venue),
    onActivity: (listener) => session.onActivity(listener),
    ...(session.gate ? { control: session.gate } : {}),
  });
}
