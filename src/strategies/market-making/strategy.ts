/**
 * Two-sided market making on one instrument (lab-seed.md §6.3, done right): post-only quotes
 * around the mid from the lab's Avellaneda–Stoikov rule, worked in basis points of the mid — the
 * reservation price moves against the inventory (q in quote lots: r = −q·γ·σ²·τ) and the spread
 * is γσ²τ + (2/γ)ln(1 + γ/k), σ an EWMA of the mid's volatility per √second. A quote whose target
 * moved beyond the requote threshold (the mid moved, or a fill changed the inventory) is amended to
 * the new price where the venue can (`amendQuotes`), else cancelled and replaced; the side that
 * would push the inventory past its limit is not quoted. Inventory
 * and PnL come from the strategy's own fills.
 */
import type { Instrument } from '../../domain/instrument.js';
import type { MarketEvent } from '../../domain/market-event.js';
import { ArbiterError } from '../../domain/errors.js';
import { TERMINAL_ORDER_STATUSES, type Fill, type OrderSide, type OrderUpdate } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { CatalogView, Strategy, StrategyContext, SubscriptionSpec } from '../../engine/strategy.js';
import { avellanedaStoikovQuote, type Quote } from '../../lab/market-making/quotes.js';
import { SyncedBook } from '../../orderbook/apply-book-event.js';
import { ActivityLog, type ActivityEntry, type ActivityLevel } from '../cross-market/activity-log.js';
import { OrderTracker, type TrackedOrder } from '../cross-market/order-tracker.js';
import { roundDownToStep, roundToTick } from '../momentum/order-sizing.js';
import { parseMarketMakingConfig, type MarketMakingStrategyConfig, type MarketMakingStrategyConfigInput } from './config.js';

/** Quote prices for a mid, in price units; null for a side not quoted. */
export interface TargetQuotes {
  readonly bid: number | null;
  readonly ask: number | null;
  /** The Avellaneda–Stoikov quote in bp of the mid (reservation and spread). */
  readonly model: Quote;
}

export interface MarketMakingState {
  readonly name: string;
  readonly venue: VenueId;
  readonly symbol: string;
  readonly mid: number | null;
  readonly volBpsPerSqrtSec: number;
  readonly inventory: number;
  /** Reservation price offset from the mid, bp (negative when long). */
  readonly reservationBps: number | null;
  readonly bid: number | null;
  readonly ask: number | null;
  readonly spreadBps: number | null;
  readonly fills: number;
  readonly boughtQty: number;
  readonly soldQty: number;
  readonly requotes: number;
  /** Requotes done by amending the live quote (the rest cancelled and replaced). */
  readonly amends: number;
  readonly postOnlyRejects: number;
  /** Cash from own fills plus inventory at the mid, fees deducted, in the price currency. */
  readonly pnl: number;
  readonly midHistory: readonly number[];
  readonly inventoryHistory: readonly number[];
  readonly orders: { readonly open: number; readonly submitted: number; readonly rejected: number };
  readonly log: readonly ActivityEntry[];
}

const HISTORY = 300;
const SAMPLE_MS = 1_000;
const MIN_VOL_DT_MS = 100;

export class MarketMakingStrategy implements Strategy {
  readonly config: MarketMakingStrategyConfig;
  readonly venues: readonly VenueId[];
  private readonly book = new SyncedBook();
  private readonly orders: OrderTracker;
  private readonly activity = new ActivityLog(100);
  private catalogs: CatalogView | null = null;
  /** Variance of the mid per second, bp². */
  private variance: number;
  private lastMid: number | null = null;
  private lastMidMs = -Infinity;
  private target: TargetQuotes | null = null;
  private readonly lastActionMs: Record<OrderSide, number> = { buy: -Infinity, sell: -Infinity };
  private cash = 0;
  private feesInPrice = 0;
  private fills = 0;
  private bought = 0;
  private sold = 0;
  private requotes = 0;
  private amends = 0;
  /** Venues whose execution refused an amend (NotSupportedError): requoted by cancel and replace from then on. */
  private readonly noAmend = new Set<VenueId>();
  /** Price of a quote as last amended (the tracker keeps the price it was placed at). */
  private readonly amendedPrice = new Map<string, number>();
  /** Price before the last amend, to go back to when the venue answers `amend rejected`. */
  private readonly priorPrice = new Map<string, number>();
  /** Amends sent and not yet answered. */
  private readonly amending = new Set<string>();
  private postOnlyRejects = 0;
  private lastSampleMs = -Infinity;
  private readonly midHistory: number[] = [];
  private readonly inventoryHistory: number[] = [];
  private missingLogged = false;

  constructor(config: MarketMakingStrategyConfig) {
    this.config = config;
    this.venues = [config.venue];
    this.orders = new OrderTracker(config.clientOrderIdPrefix ?? config.name);
    this.variance = config.initialVolBps ** 2;
  }

  get name(): string {
    return this.config.name;
  }

  discoverSubscriptions(catalogs: CatalogView): readonly SubscriptionSpec[] {
    this.catalogs = catalogs;
    // Trades too: the simulated venue fills resting quotes from them.
    return [{ venue: this.config.venue, symbol: this.config.symbol, channels: ['book', 'trades'] }];
  }

  onStart(ctx: StrategyContext): void {
    this.catalogs = ctx.catalogs;
  }

  get inventory(): number {
    return this.orders.position(this.config.venue, this.config.symbol);
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): Promise<void> | void {
    if ((event.kind !== 'book_snapshot' && event.kind !== 'book_delta') || event.venue !== this.config.venue || event.symbol !== this.config.symbol) return;
    this.book.apply(event);
    const b = this.book.book;
    if (!this.book.synced || b.levelCount(0) === 0 || b.levelCount(1) === 0) return;
    const mid = b.mid();
    const now = ctx.now();
    this.observeMid(mid, now);
    if (now - this.lastSampleMs >= SAMPLE_MS) {
      this.lastSampleMs = now;
      push(this.midHistory, mid);
      push(this.inventoryHistory, this.inventory);
    }
    return this.requote(ctx);
  }

  /** EWMA of squared mid log-returns per second (bp²), over steps of at least 100 ms. */
  private observeMid(mid: number, now: number): void {
    if (this.lastMid === null) {
      this.lastMid = mid;
      this.lastMidMs = now;
      return;
    }
    const dtMs = now - this.lastMidMs;
    if (dtMs < MIN_VOL_DT_MS) return;
    const r = 1e4 * Math.log(mid / this.lastMid);
    const dt = dtMs / 1000;
    const w = 1 - Math.exp((-Math.LN2 * dt) / this.config.volHalfLifeSec);
    this.variance += w * ((r * r) / dt - this.variance);
    this.lastMid = mid;
    this.lastMidMs = now;
  }

  /**
   * Quote prices at `mid` for inventory `inventory`: Avellaneda–Stoikov in bp, at least the minimum
   * half-spread away, on the tick grid (bids down, asks up), never crossing the book (post-only),
   * and without the side that would breach the inventory limit.
   */
  targetQuotes(mid: number, inventory: number, bestBid: number, bestAsk: number, instrument: Instrument | undefined): TargetQuotes {
    const c = this.config;
    const model = avellanedaStoikovQuote(0, inventory / c.quoteSize, c.horizonSec, { gamma: c.gamma, sigma: Math.sqrt(this.variance), k: c.k });
    const tick = instrument?.tickSize;
    const bidBps = Math.min(model.bid, -c.minHalfSpreadBps);
    const askBps = Math.max(model.ask, c.minHalfSpreadBps);
    let bid = roundToTick(mid * (1 + bidBps / 1e4), tick, 'down');
    let ask = roundToTick(mid * (1 + askBps / 1e4), tick, 'up');
    const gap = tick ?? 0;
    if (bid >= bestAsk) bid = roundToTick(bestAsk - gap, tick, 'down');
    if (ask <= bestBid) ask = roundToTick(bestBid + gap, tick, 'up');
    const eps = 1e-12;
    return {
      bid: inventory + c.quoteSize <= c.maxInventory + eps && bid > 0 ? bid : null,
      ask: inventory - c.quoteSize >= -c.maxInventory - eps ? ask : null,
      model,
    };
  }

  private async requote(ctx: StrategyContext): Promise<void> {
    const { venue, symbol } = this.config;
    const instrument = this.catalogs?.find(venue, symbol);
    if (!instrument) {
      if (!this.missingLogged) this.note(ctx, 'warn', `${venue} ${symbol} is not in the catalog; not quoting`);
      this.missingLogged = true;
      return;
    }
    const b = this.book.book;
    const mid = b.mid();
    const target = this.targetQuotes(mid, this.inventory, b.bestBid(), b.bestAsk(), instrument);
    this.target = target;
    const size = roundDownToStep(this.config.quoteSize, instrument.sizeStep ?? instrument.minSize ?? 0, instrument.minSize ?? 0);
    if (!(size > 0)) {
      if (!this.missingLogged) this.note(ctx, 'warn', `quote size ${this.config.quoteSize} is below ${symbol}'s minimum; not quoting`);
      this.missingLogged = true;
      return;
    }
    await Promise.all([this.manage('buy', target.bid, size, mid, ctx), this.manage('sell', target.ask, size, mid, ctx)]);
  }

  /** Keeps one quote on `side` at `price` (null: none): cancel when off target, place when none is working. */
  private async manage(side: OrderSide, price: number | null, size: number, mid: number, ctx: StrategyContext): Promise<void> {
    const { venue, symbol } = this.config;
    const now = ctx.now();
    const mine = this.orders.openFor(venue, symbol).filter((o) => o.intent.side === side);
    const working = mine.filter((o) => !o.cancelRequested);
    if (working.length > 0) {
      for (const o of working) {
        const quoted = this.amendedPrice.get(o.clientOrderId) ?? o.intent.price;
        const off = price === null || (Math.abs(quoted - price) / mid) * 1e4 > this.config.requoteThresholdBps;
        if (!off || o.status === 'submitting' || this.amending.has(o.clientOrderId) || now - this.lastActionMs[side] < this.config.minRequoteIntervalMs) continue;
        this.lastActionMs[side] = now;
        if (price !== null) this.requotes++;
        if (price !== null && (await this.amendQuote(o, quoted, price, ctx))) continue;
        await this.orders.cancel(ctx, o, (error) => ctx.logger.warn({ err: error, clientOrderId: o.clientOrderId }, 'quote cancel failed'));
      }
      return;
    }
    // Replace only once the previous quote is gone, so the book never holds two of ours on a side.
    if (price === null || mine.length > 0) return;
    this.lastActionMs[side] = now;
    await this.orders.submit(
      ctx, { venue, symbol, side, quantity: size, price, timeInForce: 'gtc', postOnly: true, purpose: 'quote' },
      (error) => this.note(ctx, 'warn', `${side} quote ${size} @ ${price} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /**
   * Moves a live quote to `price` in place. False when it must be cancelled and replaced instead:
   * amending is off, the venue cannot amend (NotSupportedError, remembered per venue), or this
   * amend failed (refused by the risk gate or the venue: cancelling the off-target quote is safe).
   */
  private async amendQuote(o: TrackedOrder, quoted: number, price: number, ctx: StrategyContext): Promise<boolean> {
    const venue = o.intent.venue;
    if (!this.config.amendQuotes || this.noAmend.has(venue)) return false;
    this.amending.add(o.clientOrderId);
    try {
      await ctx.amendOrder(venue, o.clientOrderId, { price });
      this.priorPrice.set(o.clientOrderId, quoted);
      this.amendedPrice.set(o.clientOrderId, price);
      this.amends++;
      return true;
    } catch (error) {
      if (error instanceof ArbiterError && error.code === 'ARB_NOT_SUPPORTED') {
        this.noAmend.add(venue);
        this.note(ctx, 'info', `${venue} cannot amend orders; requoting by cancel and replace`);
        return false;
      }
      this.note(ctx, 'warn', `amend of quote ${o.clientOrderId} to ${price} failed (${error instanceof Error ? error.message : String(error)}); cancelling it`);
      return false;
    } finally {
      this.amending.delete(o.clientOrderId);
    }
  }

  onOrderUpdate(update: OrderUpdate, ctx: StrategyContext): Promise<void> | void {
    const order = this.orders.onOrderUpdate(update);
    if (!order) return;
    if (update.reason?.startsWith('amend rejected') && !TERMINAL_ORDER_STATUSES.has(update.status)) {
      // The venue kept the quote where it was: the next book event requotes from there.
      const prior = this.priorPrice.get(update.clientOrderId);
      if (prior !== undefined) this.amendedPrice.set(update.clientOrderId, prior);
      this.note(ctx, 'warn', `quote ${update.clientOrderId}: ${update.reason}`);
    }
    if (TERMINAL_ORDER_STATUSES.has(update.status)) {
      this.amendedPrice.delete(update.clientOrderId);
      this.priorPrice.delete(update.clientOrderId);
    }
    if (update.status === 'rejected') {
      if (/post-only|post only|would take/i.test(update.reason ?? '')) this.postOnlyRejects++;
      else this.note(ctx, 'warn', `quote ${update.clientOrderId} rejected: ${update.reason ?? ''}`);
    }
    // A finished quote frees its side: quote again at once.
    if (update.status === 'canceled' || update.status === 'rejected' || update.status === 'expired') return this.requoteIfReady(ctx);
  }

  onFill(fill: Fill, ctx: StrategyContext): Promise<void> | void {
    const signed = this.orders.onFill(fill);
    if (signed === 0) return;
    this.fills++;
    if (signed > 0) this.bought += signed;
    else this.sold -= signed;
    this.cash -= signed * fill.price;
    const base = this.catalogs?.find(fill.venue, fill.symbol);
    const feeInBase = base?.kind === 'spot' && fill.feeCurrency.toUpperCase() === base.base.toUpperCase();
    this.feesInPrice += feeInBase ? fill.fee * fill.price : fill.fee;
    this.note(ctx, 'trade', `${fill.side} ${fill.quantity} ${fill.symbol} @ ${fill.price} (${fill.liquidity}); inventory ${this.inventory.toPrecision(6)}`);
    return this.requoteIfReady(ctx);
  }

  private requoteIfReady(ctx: StrategyContext): Promise<void> | void {
    const b = this.book.book;
    if (this.book.synced && b.levelCount(0) > 0 && b.levelCount(1) > 0) return this.requote(ctx);
  }

  onStop(ctx: StrategyContext): Promise<void> {
    const open = this.orders.open().filter((o) => o.status !== 'submitting');
    return Promise.all(open.map((o) => this.orders.cancel(ctx, o, () => undefined))).then(() => undefined);
  }

  private note(ctx: StrategyContext, level: ActivityLevel, message: string): void {
    this.activity.add(ctx.now(), level, message);
    if (level === 'warn') ctx.logger.warn({ strategy: this.name }, message);
    else if (level === 'trade') ctx.logger.info({ strategy: this.name }, message);
  }

  state(): MarketMakingState {
    const b = this.book.book;
    const mid = this.book.synced && b.levelCount(0) > 0 && b.levelCount(1) > 0 ? b.mid() : null;
    const t = this.target;
    return {
      name: this.name, venue: this.config.venue, symbol: this.config.symbol, mid, volBpsPerSqrtSec: Math.sqrt(this.variance), inventory: this.inventory,
      reservationBps: t ? t.model.reservation : null, bid: t?.bid ?? null, ask: t?.ask ?? null, spreadBps: t && mid && t.bid !== null && t.ask !== null ? ((t.ask - t.bid) / mid) * 1e4 : null,
      fills: this.fills, boughtQty: this.bought, soldQty: this.sold, requotes: this.requotes, amends: this.amends, postOnlyRejects: this.postOnlyRejects,
      pnl: this.cash + (mid === null ? 0 : this.inventory * mid) - this.feesInPrice,
      midHistory: [...this.midHistory], inventoryHistory: [...this.inventoryHistory],
      orders: { open: this.orders.open().length, submitted: this.orders.submitted, rejected: this.orders.rejected },
      log: this.activity.list(),
    };
  }
}

function push(list: number[], value: number): void {
  list.push(value);
  if (list.length > HISTORY) list.shift();
}

/** @throws ConfigError naming each bad or unknown key. */
export function createMarketMakingStrategy(config?: MarketMakingStrategyConfigInput): MarketMakingStrategy {
  return new MarketMakingStrategy(parseMarketMakingConfig(config));
}
