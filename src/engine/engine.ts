/**
 * The engine: owns feeds, catalogs, subscriptions, routing, timers and strategy isolation.
 * Live, feeds push events into a queue that is drained in batches between I/O turns, so socket
 * intake never waits on strategies; in replay the driver calls `dispatch` directly after moving
 * the replay clock. Either way strategies see the same calls in the same order.
 */
import { ArbiterError, NotSupportedError } from '../domain/errors.js';
import type { MarketEvent } from '../domain/market-event.js';
import type { Fill, OrderRequest, OrderUpdate } from '../domain/order.js';
import type { VenueId } from '../domain/venue.js';
import { CatalogStore } from './catalog-store.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { CatalogSource, ExecutionRouter, MarketFeed, MarketFeedFactory } from './market-feed.js';
import { OffPathRunner } from './off-path-runner.js';
import type { CatalogView, OrderAck, PortfolioView, Strategy, StrategyContext, SubscriptionSpec } from './strategy.js';
import { SubscriptionManager } from './subscription-manager.js';

export interface EngineOptions {
  readonly strategies: readonly Strategy[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly catalogs?: readonly CatalogSource[];
  /** Creates the market feed of a venue. Omitted in replay, where the recording is the feed. */
  readonly feeds?: MarketFeedFactory;
  readonly execution?: ExecutionRouter;
  /** The account strategies size against; without one, `ctx.portfolio` refuses rather than report zero wealth. */
  readonly portfolio?: PortfolioView;
  /** Catalog refresh and re-discovery period; default 60 s. */
  readonly refreshIntervalMs?: number;
  /** Events drained per turn before yielding to I/O (live only). */
  readonly drainBatch?: number;
}

export interface StrategyStats {
  readonly name: string;
  events: number;
  errors: number;
  lastError: string | null;
}

export interface EngineStats {
  events: number;
  unrouted: number;
  refreshes: number;
  refreshFailures: number;
  maxQueueDepth: number;
  readonly strategies: StrategyStats[];
}

export const DEFAULT_REFRESH_INTERVAL_MS = 60_000;

const refuse = (): never => {
  throw new NotSupportedError('this run has no portfolio; configure one (paper, backtest or live account) before sizing positions');
};
const NO_PORTFOLIO: PortfolioView = { equityUsd: refuse, position: refuse, positions: refuse };
/** Log the first few errors of a strategy in full, then one in every thousand. */
const ERROR_LOG_FIRST = 10;
const ERROR_LOG_EVERY = 1_000;

export class Engine {
  readonly catalogs: CatalogView;
  readonly stats: EngineStats;
  private readonly store = new CatalogStore();
  private readonly subscriptions = new SubscriptionManager();
  private readonly feeds = new Map<VenueId, MarketFeed>();
  private readonly contexts: StrategyContext[];
  private readonly timers: Array<Map<string, number>>;
  private readonly orderOwners = new Map<string, number>();
  private readonly offPath: OffPathRunner;
  private readonly queue: MarketEvent[] = [];
  private queueHead = 0;
  private drainScheduled = false;
  private refreshHandle: number | null = null;
  private refreshing: Promise<void> | null = null;
  private pendingStrategyWork = 0;
  private strategyWorkWaiters: Array<() => void> = [];
  private lastSpecs: Array<readonly SubscriptionSpec[]>;
  /** Per strategy: false while disabled (no events, no timers, no new orders). */
  private readonly enabled: boolean[];
  private started = false;
  private stopped = false;
  private readonly sink = (event: MarketEvent): void => this.ingest(event);

  constructor(private readonly options: EngineOptions) {
    this.catalogs = this.store;
    const { strategies } = options;
    const names = new Set<string>();
    for (const s of strategies) {
      if (names.has(s.name)) throw new ArbiterError('ARB_CONFIG_INVALID', `two strategies are named "${s.name}"; names must be unique`, { strategy: s.name });
      names.add(s.name);
    }
    this.stats = {
      events: 0, unrouted: 0, refreshes: 0, refreshFailures: 0, maxQueueDepth: 0,
      strategies: strategies.map((s) => ({ name: s.name, events: 0, errors: 0, lastError: null })),
    };
    this.timers = strategies.map(() => new Map());
    this.enabled = strategies.map(() => true);
    this.lastSpecs = strategies.map(() => []);
    this.offPath = new OffPathRunner((key, error) => {
      const i = Number(key.slice(0, key.indexOf(':')));
      this.strategyFailed(i, 'runOffPath', error);
    });
    this.contexts = strategies.map((s, i) => this.makeContext(s, i));
  }

  /** Union of the strategies' venues: a feed exists for each, whatever its catalog holds. */
  get requiredVenues(): VenueId[] {
    return [...new Set(this.options.strategies.flatMap((s) => s.venues))];
  }

  /** True while off-path tasks or a refresh are running. */
  get busy(): boolean {
    return this.offPath.busy || this.refreshing !== null || this.pendingStrategyWork > 0;
  }

  async start(): Promise<void> {
    if (this.started) throw new ArbiterError('ARB_ENGINE_STATE', 'engine already started');
    this.started = true;
    const { feeds, logger } = this.options;
    if (feeds) {
      for (const venue of this.requiredVenues) this.feeds.set(venue, feeds(venue));
      await Promise.all(
        [...this.feeds.values()].map((feed) =>
          feed.start(this.sink).catch((error: unknown) => logger.error({ venue: feed.venue, err: error }, 'feed failed to start; it retries on its own')),
        ),
      );
    }
    await this.refresh();
    for (let i = 0; i < this.options.strategies.length; i++) {
      const s = this.options.strategies[i]!;
      if (s.onStart) this.call(i, 'onStart', () => s.onStart!(this.contexts[i]!));
    }
    this.scheduleRefresh();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.refreshHandle !== null) this.options.clock.cancel(this.refreshHandle);
    this.drain(Infinity);
    for (let i = 0; i < this.options.strategies.length; i++) {
      for (const handle of this.timers[i]!.values()) this.options.clock.cancel(handle);
      this.timers[i]!.clear();
      const s = this.options.strategies[i]!;
      if (s.onStop) this.call(i, 'onStop', () => s.onStop!(this.contexts[i]!));
    }
    await this.whenIdle();
    await Promise.all([...this.feeds.values()].map((f) => f.stop().catch(() => undefined)));
  }

  /** Reloads every catalog (concurrently; a failure keeps the old list), then re-discovers. */
  refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * Pauses or resumes one strategy. While disabled it receives no market events and no timer
   * calls (a one-shot timer due meanwhile is dropped; a repeating one keeps its schedule and
   * fires again once enabled), and `ctx.submitOrder` refuses with ARB_ENGINE_STATE. Order
   * updates and fills of orders it already placed still reach it, so its books stay true, and
   * its subscriptions stay in place, so re-enabling needs no resubscription. Cancelling its
   * open orders is the caller's decision (the dashboard's kill switch does).
   * @throws ArbiterError ARB_INPUT_INVALID when no strategy has that name.
   */
  setStrategyEnabled(name: string, enabled: boolean): void {
    this.enabled[this.indexOf(name)] = enabled;
  }

  /** @throws ArbiterError ARB_INPUT_INVALID when no strategy has that name. */
  isStrategyEnabled(name: string): boolean {
    return this.enabled[this.indexOf(name)]!;
  }

  private indexOf(name: string): number {
    const i = this.options.strategies.findIndex((s) => s.name === name);
    if (i < 0) throw new ArbiterError('ARB_INPUT_INVALID', `no strategy named "${name}" runs in this engine`, { strategy: name });
    return i;
  }

  /** Resolves when no off-path task and no refresh is in flight. */
  async whenIdle(): Promise<void> {
    while (this.busy) {
      if (this.refreshing) await this.refreshing;
      await this.offPath.whenIdle();
      if (this.pendingStrategyWork > 0) await new Promise<void>((resolve) => this.strategyWorkWaiters.push(resolve));
    }
  }

  /**
   * Follows a promise a strategy callback returned: failures are isolated like throws, and
   * `whenIdle` waits for it, so in replay the work one record starts (an awaited order, a cancel)
   * finishes before the next record, whatever the read-ahead timing. A strategy must therefore
   * not await the clock inside a callback (use timers).
   */
  private track(result: Promise<void>, i: number, where: string): void {
    this.pendingStrategyWork++;
    result.then(this.strategyWorkDone, (error: unknown) => {
      this.strategyWorkDone();
      this.strategyFailed(i, where, error);
    });
  }

  private readonly strategyWorkDone = (): void => {
    if (--this.pendingStrategyWork > 0) return;
    const waiters = this.strategyWorkWaiters;
    this.strategyWorkWaiters = [];
    for (const w of waiters) w();
  };

  /** Live intake: queue the event and drain soon. Never runs strategy code synchronously. */
  ingest(event: MarketEvent): void {
    this.queue.push(event);
    const depth = this.queue.length - this.queueHead;
    if (depth > this.stats.maxQueueDepth) this.stats.maxQueueDepth = depth;
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(this.drainTurn);
    }
  }

  private readonly drainTurn = (): void => {
    this.drainScheduled = false;
    this.drain(this.options.drainBatch ?? 1_024);
    if (this.queueHead < this.queue.length) {
      this.drainScheduled = true;
      setImmediate(this.drainTurn);
    }
  };

  private drain(max: number): void {
    let n = 0;
    while (this.queueHead < this.queue.length && n < max) {
      this.dispatch(this.queue[this.queueHead++]!);
      n++;
    }
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    } else if (this.queueHead > 65_536) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  /** Routes one event to the strategies subscribed to it, isolating each from the others. */
  dispatch(event: MarketEvent): void {
    this.stats.events++;
    const recipients = this.subscriptions.recipients(event.venue, event.symbol, event.kind);
    if (recipients === undefined || recipients.length === 0) {
      this.stats.unrouted++;
      return;
    }
    const strategies = this.options.strategies;
    for (let k = 0; k < recipients.length; k++) {
      const i = recipients[k]!;
      if (!this.enabled[i]) continue;
      this.stats.strategies[i]!.events++;
      try {
        const result = strategies[i]!.onEvent(event, this.contexts[i]!);
        if (result !== undefined) this.track(result, i, 'onEvent');
      } catch (error) {
        this.strategyFailed(i, 'onEvent', error);
      }
    }
  }

  /** Delivers an order update to the strategy that submitted the order. */
  deliverOrderUpdate(update: OrderUpdate): void {
    const i = this.orderOwners.get(update.clientOrderId);
    if (i === undefined) {
      this.options.logger.warn({ venue: update.venue, clientOrderId: update.clientOrderId }, 'order update for an order no strategy owns');
      return;
    }
    const s = this.options.strategies[i]!;
    if (s.onOrderUpdate) this.call(i, 'onOrderUpdate', () => s.onOrderUpdate!(update, this.contexts[i]!));
  }

  deliverFill(fill: Fill): void {
    const i = this.orderOwners.get(fill.clientOrderId);
    if (i === undefined) {
      this.options.logger.warn({ venue: fill.venue, clientOrderId: fill.clientOrderId }, 'fill for an order no strategy owns');
      return;
    }
    const s = this.options.strategies[i]!;
    if (s.onFill) this.call(i, 'onFill', () => s.onFill!(fill, this.contexts[i]!));
  }

  private async doRefresh(): Promise<void> {
    const { logger } = this.options;
    const sources = this.options.catalogs ?? [];
    const results = await Promise.allSettled(sources.map((c) => c.load()));
    results.forEach((r, k) => {
      const venue = sources[k]!.venue;
      if (r.status === 'fulfilled') {
        this.store.set(venue, r.value);
        logger.debug({ venue, instruments: r.value.length }, 'catalog refreshed');
      } else {
        this.stats.refreshFailures++;
        logger.warn({ venue, err: r.reason }, 'catalog refresh failed; keeping the previous catalog');
      }
    });
    this.stats.refreshes++;
    this.rediscover();
  }

  /** Asks every strategy for its subscriptions and applies only the difference to the feeds. */
  private rediscover(): void {
    const strategies = this.options.strategies;
    for (let i = 0; i < strategies.length; i++) {
      try {
        this.lastSpecs[i] = strategies[i]!.discoverSubscriptions(this.store);
      } catch (error) {
        this.strategyFailed(i, 'discoverSubscriptions', error);
      }
    }
    for (const diff of this.subscriptions.update(this.lastSpecs)) {
      const feed = this.feeds.get(diff.venue);
      if (!feed) continue;
      const log = (error: unknown): void => this.options.logger.warn({ venue: diff.venue, err: error }, 'subscription change failed');
      if (diff.subscribe.length > 0) feed.subscribe(diff.subscribe).catch(log);
      if (diff.unsubscribe.length > 0) feed.unsubscribe(diff.unsubscribe).catch(log);
    }
  }

  private scheduleRefresh(): void {
    if (this.stopped) return;
    const period = this.options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
    this.refreshHandle = this.options.clock.schedule(period, () => {
      void this.refresh();
      this.scheduleRefresh();
    });
  }

  private call(i: number, what: string, fn: () => void | Promise<void>): void {
    try {
      const result = fn();
      if (result !== undefined) this.track(result, i, what);
    } catch (error) {
      this.strategyFailed(i, what, error);
    }
  }

  private strategyFailed(i: number, where: string, error: unknown): void {
    const stats = this.stats.strategies[i];
    if (!stats) return;
    stats.errors++;
    stats.lastError = error instanceof Error ? error.message : String(error);
    if (stats.errors <= ERROR_LOG_FIRST || stats.errors % ERROR_LOG_EVERY === 0) {
      this.options.logger.error(
        { code: 'ARB_ENGINE_STRATEGY', strategy: stats.name, where, errors: stats.errors, err: error },
        `strategy ${stats.name} failed in ${where}; isolated, the engine goes on`,
      );
    }
  }

  private makeContext(strategy: Strategy, i: number): StrategyContext {
    const { clock, execution } = this.options;
    const logger = this.options.logger.child({ strategy: strategy.name });
    const timers = (): Map<string, number> => this.timers[i]!;
    const fire = (id: string): void => {
      if (strategy.onTimer && this.enabled[i]) this.call(i, 'onTimer', () => strategy.onTimer!(id, this.contexts[i]!));
    };
    const ctx: StrategyContext = {
      name: strategy.name,
      logger,
      catalogs: this.store,
      portfolio: this.options.portfolio ?? NO_PORTFOLIO,
      now: () => clock.now(),
      setTimer: (id, delayMs, repeatMs) => {
        const existing = timers().get(id);
        if (existing !== undefined) clock.cancel(existing);
        const arm = (delay: number): void => {
          timers().set(id, clock.schedule(delay, () => {
            if (repeatMs !== undefined && repeatMs > 0 && !this.stopped) arm(repeatMs);
            else timers().delete(id);
            fire(id);
          }));
        };
        arm(delayMs);
      },
      cancelTimer: (id) => {
        const handle = timers().get(id);
        if (handle !== undefined) clock.cancel(handle);
        timers().delete(id);
      },
      runOffPath: (key, task) => this.offPath.run(`${i}:${key}`, task),
      submitOrder: async (request: OrderRequest): Promise<OrderAck> => {
        if (!execution) throw new NotSupportedError('no execution is configured for this run; orders cannot be placed', { strategy: strategy.name, venue: request.venue });
        if (!this.enabled[i]) throw new ArbiterError('ARB_ENGINE_STATE', `strategy ${strategy.name} is disabled; it may not place orders`, { strategy: strategy.name, venue: request.venue, symbol: request.symbol });
        this.orderOwners.set(request.clientOrderId, i);
        return execution.submit(request);
      },
      cancelOrder: async (venue, clientOrderId) => {
        if (!execution) throw new NotSupportedError('no execution is configured for this run; nothing to cancel', { strategy: strategy.name, venue });
        await execution.cancel(venue, clientOrderId);
      },
      amendOrder: async (venue, clientOrderId, change) => {
        if (!execution) throw new NotSupportedError('no execution is configured for this run; nothing to amend', { strategy: strategy.name, venue });
        if (!execution.amend) throw new NotSupportedError(`order amendment is not supported on ${venue} in this run; cancel and replace instead`, { strategy: strategy.name, venue });
        if (!this.enabled[i]) throw new ArbiterError('ARB_ENGINE_STATE', `strategy ${strategy.name} is disabled; it may not amend orders`, { strategy: strategy.name, venue, clientOrderId });
        await execution.amend(venue, clientOrderId, change);
      },
    };
    return ctx;
  }
}
