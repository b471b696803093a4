/**
 * Momentum: one price window per instrument (the seed shared a single history across all of
 * them). Each sampled mid goes into its instrument's window; once full, momentum =
 * (last − first) / first. Above +threshold it buys (below −threshold it sells short when allowed)
 * a notional of riskFraction × portfolio equity with a limit order at the touch; the position is
 * closed on stop-loss, take-profit, a momentum reversal or a holding-time limit. Positions are the
 * strategy's own fills. See docs/strategies.md.
 */
import type { Instrument } from '../../domain/instrument.js';
import type { MarketEvent, TickerEvent } from '../../domain/market-event.js';
import { instrumentKey } from '../../domain/instrument.js';
import type { Fill, OrderUpdate } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { CatalogView, Strategy, StrategyContext, SubscriptionSpec } from '../../engine/strategy.js';
import { ActivityLog, type ActivityEntry, type ActivityLevel } from '../cross-market/activity-log.js';
import { OrderTracker } from '../cross-market/order-tracker.js';
import { parseMomentumConfig, type MomentumConfig, type MomentumConfigInput } from './config.js';
import { isUsdQuoted, unitsForNotional } from './order-sizing.js';
import { PriceWindow } from './price-window.js';

export type MomentumSignal = 'BULLISH' | 'BEARISH';
export type ExitReason = 'stop-loss' | 'take-profit' | 'reversal' | 'time';

interface Track {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly key: string;
  readonly window: PriceWindow;
  lastSampleMs: number;
  bid: number | null;
  ask: number | null;
  momentum: number | null;
  lastSignal: MomentumSignal | null;
  /** Average price of the open position's entry fills. */
  entryPrice: number | null;
  entryMs: number | null;
  cooldownUntilMs: number;
  exitReason: ExitReason | null;
}

export interface MomentumInstrumentState {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly momentum: number | null;
  readonly lastSignal: MomentumSignal | null;
  readonly position: number;
  readonly entryPrice: number | null;
  /** Return of the position at the exit-side price, as a fraction. */
  readonly unrealizedReturn: number | null;
  readonly priceHistory: readonly number[];
}

export interface MomentumState {
  readonly name: string;
  readonly lookbackTicks: number;
  readonly threshold: number;
  readonly signalCount: number;
  readonly lastSignal: { readonly symbol: string; readonly signal: MomentumSignal } | null;
  readonly instruments: readonly MomentumInstrumentState[];
  readonly orders: { readonly open: number; readonly submitted: number; readonly rejected: number };
  readonly log: readonly ActivityEntry[];
}

const EPS = 1e-9;

export class MomentumStrategy implements Strategy {
  readonly config: MomentumConfig;
  readonly venues: readonly VenueId[];
  private readonly tracks = new Map<string, Track>();
  private readonly orders: OrderTracker;
  private readonly activity = new ActivityLog(100);
  private signalCount = 0;
  private lastSignal: MomentumState['lastSignal'] = null;
  private portfolioMissingLogged = false;
  private catalogs: CatalogView | null = null;

  constructor(config: MomentumConfig) {
    this.config = config;
    this.venues = [...new Set(config.instruments.map((i) => i.venue))];
    this.orders = new OrderTracker(config.clientOrderIdPrefix ?? config.name);
    for (const { venue, symbol } of config.instruments) {
      const key = instrumentKey(venue, symbol);
      this.tracks.set(key, {
        venue, symbol, key, window: new PriceWindow(config.lookbackTicks), lastSampleMs: -Infinity, bid: null, ask: null, momentum: null,
        lastSignal: null, entryPrice: null, entryMs: null, cooldownUntilMs: -Infinity, exitReason: null,
      });
    }
  }

  get name(): string {
    return this.config.name;
  }

  discoverSubscriptions(catalogs: CatalogView): readonly SubscriptionSpec[] {
    this.catalogs = catalogs;
    return this.config.instruments.map(({ venue, symbol }): SubscriptionSpec => ({ venue, symbol, channels: ['ticker'] }));
  }

  onStart(ctx: StrategyContext): void {
    this.catalogs = ctx.catalogs;
    if (this.config.timeInForce === 'gtc') ctx.setTimer('cancel-stale-orders', this.config.orderTtlMs, this.config.orderTtlMs);
  }

  onTimer(timerId: string, ctx: StrategyContext): Promise<void> | void {
    if (timerId === 'cancel-stale-orders') return this.orders.cancelStale(ctx, this.config.orderTtlMs, (error) => ctx.logger.warn({ err: error }, 'cancel failed')).then(() => undefined);
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): Promise<void> | void {
    if (event.kind !== 'ticker') return;
    const track = this.tracks.get(instrumentKey(event.venue, event.symbol));
    if (!track) return;
    return this.onTicker(track, event, ctx);
  }

  onOrderUpdate(update: OrderUpdate, ctx: StrategyContext): void {
    if (this.orders.onOrderUpdate(update) && update.status === 'rejected') this.note(ctx, 'warn', `order ${update.clientOrderId} rejected: ${update.reason ?? ''}`);
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    const track = this.tracks.get(instrumentKey(fill.venue, fill.symbol));
    const before = this.orders.position(fill.venue, fill.symbol);
    const signed = this.orders.onFill(fill);
    if (!track || signed === 0) return;
    const after = before + signed;
    if (Math.abs(after) < EPS) {
      track.entryPrice = null;
      track.entryMs = null;
      track.cooldownUntilMs = ctx.now() + this.config.cooldownMs;
      track.exitReason = null;
    } else if (Math.abs(after) > Math.abs(before) && Math.sign(after) === Math.sign(signed)) {
      // Adding to (or opening) the position: average the entry price.
      track.entryPrice = ((track.entryPrice ?? 0) * Math.abs(before) + fill.price * Math.abs(signed)) / Math.abs(after);
      track.entryMs ??= ctx.now();
    }
    this.note(ctx, 'trade', `${fill.symbol} filled ${fill.side} ${fill.quantity} @ ${fill.price}; position ${after}`);
  }

  private note(ctx: StrategyContext, level: ActivityLevel, message: string): void {
    this.activity.add(ctx.now(), level, message);
    if (level === 'signal' || level === 'trade') ctx.logger.info({ strategy: this.name }, message);
  }

  private async onTicker(track: Track, t: TickerEvent, ctx: StrategyContext): Promise<void> {
    track.bid = t.bid;
    track.ask = t.ask;
    const mid = t.bid !== null && t.ask !== null ? (t.bid + t.ask) / 2 : (t.bid ?? t.ask ?? t.last);
    const now = ctx.now();
    if (mid === null || !(mid > 0)) return;
    if (now - track.lastSampleMs < this.config.sampleIntervalMs) return;
    track.lastSampleMs = now;
    track.window.push(mid);
    const momentum = track.window.momentum();
    track.momentum = momentum;
    if (momentum === null) {
      ctx.logger.debug({ symbol: track.symbol, ticks: track.window.size }, `${track.symbol} Warming up: ${track.window.size}/${this.config.lookbackTicks} ticks`);
      return;
    }
    const position = this.orders.position(track.venue, track.symbol);
    const working = this.orders.openFor(track.venue, track.symbol).length > 0;
    if (Math.abs(momentum) > this.config.threshold) {
      const signal: MomentumSignal = momentum > 0 ? 'BULLISH' : 'BEARISH';
      this.signalCount++;
      track.lastSignal = signal;
      this.lastSignal = { symbol: track.symbol, signal };
      this.note(ctx, 'signal', `${track.symbol} Momentum Signal: ${signal} (${(momentum * 100).toFixed(2)}%)`);
    }
    if (working) return;
    if (Math.abs(position) > EPS) {
      const reason = this.exitReason(track, position, momentum, now);
      if (reason) await this.exit(track, position, reason, ctx);
      return;
    }
    if (now < track.cooldownUntilMs || Math.abs(momentum) <= this.config.threshold) return;
    if (momentum < 0 && !this.config.allowShort) return;
    await this.enter(track, momentum > 0 ? 'buy' : 'sell', ctx);
  }

  private exitReason(track: Track, position: number, momentum: number, now: number): ExitReason | null {
    const exitPrice = position > 0 ? track.bid : track.ask;
    if (track.entryPrice !== null && exitPrice !== null) {
      const r = (Math.sign(position) * (exitPrice - track.entryPrice)) / track.entryPrice;
      if (r <= -this.config.stopLoss) return 'stop-loss';
      if (r >= this.config.takeProfit) return 'take-profit';
    }
    if (this.config.exitOnReversal && Math.sign(momentum) === -Math.sign(position) && Math.abs(momentum) > this.config.threshold) return 'reversal';
    if (this.config.maxHoldingMs > 0 && track.entryMs !== null && now - track.entryMs >= this.config.maxHoldingMs) return 'time';
    return null;
  }

  private instrument(track: Track): Instrument | undefined {
    return this.catalogs?.find(track.venue, track.symbol);
  }

  private async enter(track: Track, side: 'buy' | 'sell', ctx: StrategyContext): Promise<void> {
    const price = side === 'buy' ? track.ask : track.bid;
    if (price === null || !(price > 0)) return;
    const instrument = this.instrument(track);
    if (!instrument || !isUsdQuoted(instrument)) {
      ctx.logger.warn({ venue: track.venue, symbol: track.symbol }, 'momentum trades only catalogued instruments quoted in USD; no order');
      return;
    }
    let equity: number;
    try {
      equity = ctx.portfolio.equityUsd();
    } catch (error) {
      if (!this.portfolioMissingLogged) ctx.logger.warn({ err: error }, 'no portfolio in this run: signals only, no orders');
      this.portfolioMissingLogged = true;
      return;
    }
    const quantity = unitsForNotional(instrument, this.config.riskFraction * equity, price);
    if (quantity <= 0) {
      this.note(ctx, 'warn', `${track.symbol}: ${this.config.riskFraction} × equity ${equity.toFixed(2)} is below the venue minimum; no entry`);
      return;
    }
    await this.send(track, side, quantity, price, side === 'buy' ? 'entry long' : 'entry short', false, ctx);
  }

  private async exit(track: Track, position: number, reason: ExitReason, ctx: StrategyContext): Promise<void> {
    const side = position > 0 ? 'sell' : 'buy';
    const price = side === 'sell' ? track.bid : track.ask;
    if (price === null) return;
    track.exitReason = reason;
    await this.send(track, side, Math.abs(position), price, `exit (${reason})`, true, ctx);
  }

  private async send(track: Track, side: 'buy' | 'sell', quantity: number, price: number, purpose: string, reduceOnly: boolean, ctx: StrategyContext): Promise<void> {
    const order = await this.orders.submit(
      ctx,
      { venue: track.venue, symbol: track.symbol, side, quantity, price, timeInForce: this.config.timeInForce, reduceOnly, purpose },
      (error) => this.note(ctx, 'warn', `${track.symbol} ${purpose} order failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    if (order) this.note(ctx, 'trade', `${track.symbol} ${purpose}: ${side.toUpperCase()} ${quantity} @ ${price} [${order.clientOrderId}]`);
  }

  state(): MomentumState {
    return {
      name: this.name,
      lookbackTicks: this.config.lookbackTicks,
      threshold: this.config.threshold,
      signalCount: this.signalCount,
      lastSignal: this.lastSignal,
      instruments: [...this.tracks.values()].map((t) => {
        const position = this.orders.position(t.venue, t.symbol);
        const exitPrice = position > 0 ? t.bid : t.ask;
        return {
          venue: t.venue, symbol: t.symbol, momentum: t.momentum, lastSignal: t.lastSignal, position, entryPrice: t.entryPrice,
          unrealizedReturn: t.entryPrice !== null && exitPrice !== null && position !== 0 ? (Math.sign(position) * (exitPrice - t.entryPrice)) / t.entryPrice : null,
          priceHistory: t.window.toArray(),
        };
      }),
      orders: { open: this.orders.open().length, submitted: this.orders.submitted, rejected: this.orders.rejected },
      log: this.activity.list(),
    };
  }
}

/** @throws ConfigError naming each bad or unknown key. */
export function createMomentumStrategy(config?: MomentumConfigInput): MomentumStrategy {
  return new MomentumStrategy(parseMomentumConfig(config));
}
