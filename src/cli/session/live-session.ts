/**
 * Real trading: all strategies in one engine on one account, orders sent to the venues through
 * their authenticated execution clients, fills applied to a portfolio that starts from the
 * capital declared in `[live] cash` (venue balances are not read yet; reconciliation with the
 * venues' own records is the journal's job).
 */
import type { Logger } from '../../engine/logger.js';
import { WallClock } from '../../engine/clock.js';
import { Engine } from '../../engine/engine.js';
import { VenueExecutionRouter } from '../../engine/execution-router.js';
import { Portfolio, type CashBalanceInput } from '../../engine/portfolio/portfolio.js';
import type { Strategy } from '../../engine/strategy.js';
import type { VenueId } from '../../domain/venue.js';
import { CatalogHistory } from '../../store/catalog/catalog-history.js';
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
}

export class LiveSession {
  readonly clock = new WallClock();
  engine: Engine | null = null;
  portfolio: Portfolio | null = null;
  private clients: LiveExecutionClient[] = [];
  private readonly history: CatalogHistory;
  private readonly recorder: Recorder | null;

  constructor(private readonly options: LiveSessionOptions) {
    this.history = new CatalogHistory(options.catalogDb);
    this.recorder = options.recordDir ? new Recorder({ dir: options.recordDir, venueTimestamp, gzip: true, source: 'arbiter live' }) : null;
  }

  async start(): Promise<void> {
    const { options } = this;
    const venues = [...new Set<VenueId>(options.strategies.flatMap((s) => s.venues))].filter((v): v is SimulatedVenue => v in options.connections);
    this.clients = venues.map((v) => createLiveExecutionClient(v, options.connections[v] ?? {}, options.logger));
    await Promise.all(this.clients.map((c) => c.start()));
    let engine: Engine | null = null;
    const portfolio = new Portfolio({ initialCash: options.cash, instruments: { find: (v, s) => engine?.catalogs.find(v, s) }, priceCurrencyOf });
    this.portfolio = portfolio;
    const router = new VenueExecutionRouter(this.clients, (u) => {
      if (u.kind === 'fill') {
        portfolio.applyFill(u);
        engine!.deliverFill(u);
      } else engine!.deliverOrderUpdate(u);
    });
    const catalogs = createCatalogSources({
      connections: options.connections, history: this.history, staleAfterMs: options.catalogStaleMs, now: () => this.clock.now(), logger: options.logger, recordDir: options.recordDir,
    });
    engine = new Engine({
      strategies: options.strategies, clock: this.clock, logger: options.logger, execution: router, portfolio, catalogs, refreshIntervalMs: options.refreshIntervalMs,
      feeds: (venue) => {
        const feed = createMarketFeed(venue as SimulatedVenue, options.connections[venue as SimulatedVenue] ?? {}, options.logger, this.recorder?.tap(venue));
        return {
          venue, subscribe: (s) => feed.subscribe(s), unsubscribe: (s) => feed.unsubscribe(s), stop: () => feed.stop(),
          start: (sink) => feed.start((e) => {
            portfolio.onMarketEvent(e);
            sink(e);
          }),
        };
      },
    });
    this.engine = engine;
    await engine.start();
  }

  async stop(): Promise<void> {
    await this.engine?.stop();
    await Promise.all(this.clients.map((c) => c.close().catch(() => undefined)));
    this.clock.cancelAll();
    await this.recorder?.close();
    this.history.close();
  }
}
