/**
 * GammaScalp: own ATM options (a straddle by default) and keep them delta-neutral with the
 * perpetual. The signal is the net delta (options' delta × contracts + the hedge's coin exposure);
 * outside the band (deltaBandPerContract × contracts) the hedge is traded back to −(option delta),
 * no more often than minRebalanceIntervalMs. Entry picks the expiry nearest the target tenor and
 * the strike nearest its forward, sized from equity; exit sells the options and closes the hedge
 * when expiry approaches or implied vol falls volDropExit below the entry vol. Positions are the
 * strategy's own fills. See docs/strategies.md.
 */
import type { Instrument, OptionInstrument } from '../../domain/instrument.js';
import type { MarketEvent, TickerEvent } from '../../domain/market-event.js';
import { midPrice } from '../../domain/market-event.js';
import type { Fill, OrderUpdate } from '../../domain/order.js';
import { MS_PER_DAY, yearsBetween } from '../../domain/time.js';
import type { VenueId } from '../../domain/venue.js';
import type { CatalogView, Strategy, StrategyContext, SubscriptionSpec } from '../../engine/strategy.js';
import { black76Greeks, inverseOptionDelta } from '../../pricing/index.js';
import { ActivityLog, type ActivityEntry, type ActivityLevel } from '../cross-market/activity-log.js';
import { OrderTracker } from '../cross-market/order-tracker.js';
import { coinExposure, roundDownToStep, unitsForNotional } from '../momentum/order-sizing.js';
import { parseGammaScalpConfig, type GammaScalpConfig, type GammaScalpConfigInput } from './config.js';

export type GammaScalpPhase = 'flat' | 'holding' | 'exiting';

export interface GammaScalpState {
  readonly name: string;
  readonly phase: GammaScalpPhase;
  readonly legs: ReadonlyArray<{ readonly symbol: string; readonly position: number; readonly delta: number | null; readonly markIv: number | null }>;
  readonly entryIv: number | null;
  readonly hedge: { readonly symbol: string; readonly position: number; readonly coinDelta: number };
  readonly optionDelta: number;
  readonly netDelta: number;
  readonly band: number;
  readonly hedges: number;
  readonly signalCount: number;
  readonly lastExitReason: string | null;
  readonly deltaHistory: readonly number[];
  readonly orders: { readonly open: number; readonly submitted: number; readonly rejected: number };
  readonly log: readonly ActivityEntry[];
}

interface Quote {
  event: TickerEvent;
  atMs: number;
}

const EPS = 1e-9;
const DELTA_HISTORY = 100;

export class GammaScalpStrategy implements Strategy {
  readonly config: GammaScalpConfig;
  readonly venues: readonly VenueId[];
  private options = new Map<string, OptionInstrument>();
  private hedgeInstrument: Instrument | undefined;
  private readonly quotes = new Map<string, Quote>();
  private readonly orders: OrderTracker;
  private readonly activity = new ActivityLog(100);
  private legs: OptionInstrument[] = [];
  private entryIv: number | null = null;
  private phase: GammaScalpPhase = 'flat';
  private lastSeenMs: number | null = null;
  private lastHedgeMs = -Infinity;
  private cooldownUntilMs = -Infinity;
  private hedges = 0;
  private signalCount = 0;
  private lastExitReason: string | null = null;
  private readonly deltaHistory: number[] = [];
  private lastNet = { option: 0, net: 0, band: 0 };
  private portfolioMissingLogged = false;

  constructor(config: GammaScalpConfig) {
    this.config = config;
    this.venues = [...new Set<VenueId>([config.optionVenue, config.hedge.venue])];
    this.orders = new OrderTracker(config.clientOrderIdPrefix ?? config.name);
  }

  get name(): string {
    return this.config.name;
  }

  discoverSubscriptions(catalogs: CatalogView): readonly SubscriptionSpec[] {
    const c = this.config;
    const now = this.lastSeenMs;
    const maxExpiry = now === null ? Infinity : now + 2 * c.targetDaysToExpiry * MS_PER_DAY;
    const minExpiry = now === null ? -Infinity : now;
    this.options = new Map();
    for (const i of catalogs.instruments(c.optionVenue)) {
      if (i.kind !== 'option' || i.underlying !== c.underlying) continue;
      if (c.optionVenue === 'deribit' && i.settlement !== 'inverse') continue;
      if ((i.expiryMs > minExpiry && i.expiryMs <= maxExpiry) || this.legs.some((l) => l.symbol === i.symbol)) this.options.set(i.symbol, i);
    }
    for (const leg of this.legs) this.options.set(leg.symbol, leg);
    this.hedgeInstrument = catalogs.find(c.hedge.venue, c.hedge.symbol) ?? this.hedgeInstrument;
    return [
      ...[...this.options.keys()].map((symbol): SubscriptionSpec => ({ venue: c.optionVenue, symbol, channels: ['ticker'] })),
      { venue: c.hedge.venue, symbol: c.hedge.symbol, channels: ['ticker'] },
    ];
  }

  onStart(ctx: StrategyContext): void {
    this.lastSeenMs = ctx.now();
    this.hedgeInstrument ??= ctx.catalogs.find(this.config.hedge.venue, this.config.hedge.symbol);
    if (this.config.timeInForce === 'gtc') ctx.setTimer('cancel-stale-orders', this.config.orderTtlMs, this.config.orderTtlMs);
  }

  onTimer(timerId: string, ctx: StrategyContext): Promise<void> | void {
    if (timerId === 'cancel-stale-orders') return this.orders.cancelStale(ctx, this.config.orderTtlMs, (error) => ctx.logger.warn({ err: error }, 'cancel failed')).then(() => undefined);
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): Promise<void> | void {
    if (event.kind !== 'ticker') return;
    const isHedge = event.venue === this.config.hedge.venue && event.symbol === this.config.hedge.symbol;
    if (!isHedge && (event.venue !== this.config.optionVenue || !this.options.has(event.symbol))) return;
    const now = ctx.now();
    this.lastSeenMs = now;
    const q = this.quotes.get(event.symbol);
    if (q) {
      q.event = event;
      q.atMs = now;
    } else this.quotes.set(event.symbol, { event, atMs: now });
    return this.step(ctx);
  }

  onOrderUpdate(update: OrderUpdate, ctx: StrategyContext): void {
    if (this.orders.onOrderUpdate(update) && update.status === 'rejected') this.note(ctx, 'warn', `order ${update.clientOrderId} rejected: ${update.reason ?? ''}`);
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    if (this.orders.onFill(fill) !== 0) this.note(ctx, 'trade', `filled ${fill.side} ${fill.quantity} ${fill.symbol} @ ${fill.price}`);
  }

  private note(ctx: StrategyContext, level: ActivityLevel, message: string): void {
    this.activity.add(ctx.now(), level, message);
    if (level !== 'info') ctx.logger.info({ strategy: this.name }, message);
  }

  private fresh(symbol: string, now: number): TickerEvent | null {
    const q = this.quotes.get(symbol);
    return q && now - q.atMs <= this.config.maxQuoteAgeMs ? q.event : null;
  }

  private position(venue: VenueId, symbol: string): number {
    return this.orders.position(venue, symbol);
  }

  /** Option delta per contract: the venue's greek, else Black-76 from the mark IV (inverse-adjusted on Deribit). */
  private legDelta(leg: OptionInstrument, t: TickerEvent, now: number): number | null {
    if (t.greeks?.delta !== null && t.greeks?.delta !== undefined) return t.greeks.delta;
    const years = yearsBetween(now, leg.expiryMs);
    const forward = t.underlying;
    if (t.markIv === null || forward === null || !(years > 0)) return null;
    const input = { type: leg.right, forward, strike: leg.strike, years, vol: t.markIv };
    return leg.settlement === 'inverse' && t.index !== null ? inverseOptionDelta({ ...input, indexPrice: t.index }) : black76Greeks(input).delta;
  }

  private async step(ctx: StrategyContext): Promise<void> {
    if (this.orders.open().length > 0) return;
    const now = ctx.now();
    if (this.phase === 'flat') return this.tryEnter(ctx, now);
    const legPositions = this.legs.map((l) => this.position(this.config.optionVenue, l.symbol));
    const hedgePos = this.position(this.config.hedge.venue, this.config.hedge.symbol);
    if (this.phase === 'holding' && legPositions.every((p) => Math.abs(p) < EPS)) {
      // The entry did not fill (an IOC that missed): start over.
      if (Math.abs(hedgePos) < EPS) {
        this.phase = 'flat';
        this.legs = [];
        this.entryIv = null;
        return;
      }
      this.phase = 'exiting';
    }
    if (this.phase === 'exiting') return this.workExit(ctx, legPositions, hedgePos);
    const hedgeQuote = this.fresh(this.config.hedge.symbol, now);
    const hedgeMid = hedgeQuote ? midPrice(hedgeQuote) : null;
    let optionDelta = 0;
    let iv = 0;
    let ivCount = 0;
    for (let i = 0; i < this.legs.length; i++) {
      const leg = this.legs[i]!;
      const t = this.fresh(leg.symbol, now);
      if (!t) return;
      const d = this.legDelta(leg, t, now);
      if (d === null) return;
      optionDelta += legPositions[i]! * d;
      if (t.markIv !== null) {
        iv += t.markIv;
        ivCount++;
      }
    }
    const daysLeft = (Math.min(...this.legs.map((l) => l.expiryMs)) - now) / MS_PER_DAY;
    const currentIv = ivCount > 0 ? iv / ivCount : null;
    if (daysLeft <= this.config.exitDaysBeforeExpiry) return this.startExit(ctx, `expiry in ${daysLeft.toFixed(2)} days`, legPositions, hedgePos);
    if (currentIv !== null && this.entryIv !== null && currentIv <= this.entryIv - this.config.volDropExit) {
      return this.startExit(ctx, `implied vol fell from ${(this.entryIv * 100).toFixed(1)}% to ${(currentIv * 100).toFixed(1)}%`, legPositions, hedgePos);
    }
    if (!this.hedgeInstrument || hedgeMid === null || !(hedgeMid > 0)) return;
    const hedgeDelta = coinExposure(this.hedgeInstrument, hedgePos, hedgeMid);
    const net = optionDelta + hedgeDelta;
    const contracts = Math.max(...legPositions.map(Math.abs));
    const band = this.config.deltaBandPerContract * contracts;
    this.lastNet = { option: optionDelta, net, band };
    this.deltaHistory.push(net);
    if (this.deltaHistory.length > DELTA_HISTORY) this.deltaHistory.shift();
    if (Math.abs(net) <= band || now - this.lastHedgeMs < this.config.minRebalanceIntervalMs) return;
    this.signalCount++;
    const side = net > 0 ? 'sell' : 'buy';
    const price = side === 'buy' ? hedgeQuote!.ask : hedgeQuote!.bid;
    if (price === null) return;
    const quantity = unitsForNotional(this.hedgeInstrument, Math.abs(net) * price, price);
    this.note(ctx, 'signal', `net delta ${net.toFixed(4)} outside ±${band.toFixed(4)}: ${side} ${quantity} ${this.config.hedge.symbol}`);
    if (quantity <= 0) return;
    this.lastHedgeMs = now;
    const order = await this.send(ctx, this.config.hedge.venue, this.config.hedge.symbol, side, quantity, price, 'hedge', false);
    if (order) this.hedges++;
  }

  private async tryEnter(ctx: StrategyContext, now: number): Promise<void> {
    const c = this.config;
    if (now < this.cooldownUntilMs) return;
    // The listed expiry nearest the target tenor (from the catalog, so an early quote cannot pick another one)…
    const target = now + c.targetDaysToExpiry * MS_PER_DAY;
    const expiries = [...new Set([...this.options.values()].map((o) => o.expiryMs))].filter((e) => (e - now) / MS_PER_DAY >= c.minDaysToExpiryAtEntry);
    const expiry = expiries.sort((a, b) => Math.abs(a - target) - Math.abs(b - target) || a - b)[0];
    if (expiry === undefined) return;
    const candidates = [...this.options.values()].filter((o) => o.expiryMs === expiry && this.fresh(o.symbol, now));
    const forwards = candidates.map((o) => this.fresh(o.symbol, now)!.underlying).filter((f): f is number => f !== null && f > 0).sort((a, b) => a - b);
    const forward = forwards[forwards.length >> 1];
    if (forward === undefined) return;
    // …once its fresh quotes bracket the forward, so the strike picked is really the nearest.
    if (!candidates.some((o) => o.strike <= forward) || !candidates.some((o) => o.strike >= forward)) return;
    const rights: Array<'call' | 'put'> = c.structure === 'straddle' ? ['call', 'put'] : [c.structure];
    const strikes = [...new Set(candidates.map((o) => o.strike))].sort((a, b) => Math.abs(a - forward) - Math.abs(b - forward));
    for (const strike of strikes) {
      const legs = rights.map((r) => candidates.find((o) => o.strike === strike && o.right === r));
      if (legs.some((l) => !l)) continue;
      const quotes = legs.map((l) => this.fresh(l!.symbol, now)!);
      if (quotes.some((q) => q.ask === null || !(q.ask > 0) || q.markIv === null)) continue;
      const entryIv = quotes.reduce((s, q) => s + q.markIv!, 0) / quotes.length;
      if (entryIv > c.maxEntryIv) return;
      const usd = (l: OptionInstrument, q: TickerEvent): number => (l.priceCurrency === l.underlying ? q.ask! * (q.index ?? forward) : q.ask!);
      const premiumUsd = legs.reduce((s, l, i) => s + usd(l!, quotes[i]!), 0);
      const contracts = this.entrySize(ctx, premiumUsd, legs[0]!);
      if (contracts <= 0) return;
      this.legs = legs as OptionInstrument[];
      this.entryIv = entryIv;
      this.phase = 'holding';
      this.note(ctx, 'signal', `enter long ${c.structure} ${strike} expiring ${new Date(expiry).toISOString().slice(0, 10)}: ${contracts} contracts, IV ${(entryIv * 100).toFixed(1)}%`);
      for (let i = 0; i < legs.length; i++) await this.send(ctx, c.optionVenue, legs[i]!.symbol, 'buy', contracts, quotes[i]!.ask!, 'entry', false);
      return;
    }
  }

  private entrySize(ctx: StrategyContext, premiumUsd: number, leg: OptionInstrument): number {
    const step = leg.sizeStep ?? leg.minSize ?? 0;
    if (this.config.contracts !== undefined) return roundDownToStep(this.config.contracts, step, leg.minSize ?? 0);
    let equity: number;
    try {
      equity = ctx.portfolio.equityUsd();
    } catch (error) {
      if (!this.portfolioMissingLogged) ctx.logger.warn({ err: error }, 'no portfolio in this run and no fixed contracts: gamma-scalp does not enter');
      this.portfolioMissingLogged = true;
      return 0;
    }
    return roundDownToStep((this.config.premiumBudgetFraction * equity) / premiumUsd, step, leg.minSize ?? 0);
  }

  private async startExit(ctx: StrategyContext, reason: string, legPositions: number[], hedgePos: number): Promise<void> {
    this.phase = 'exiting';
    this.lastExitReason = reason;
    this.signalCount++;
    this.note(ctx, 'signal', `exit: ${reason}`);
    await this.workExit(ctx, legPositions, hedgePos);
  }

  /** Sells every leg at the bid and closes the hedge at the touch; flat again once nothing is left. */
  private async workExit(ctx: StrategyContext, legPositions: number[], hedgePos: number): Promise<void> {
    const now = ctx.now();
    const c = this.config;
    let remaining = false;
    for (let i = 0; i < this.legs.length; i++) {
      const pos = legPositions[i]!;
      if (Math.abs(pos) < EPS) continue;
      remaining = true;
      const t = this.fresh(this.legs[i]!.symbol, now);
      const price = pos > 0 ? t?.bid : t?.ask;
      if (price !== null && price !== undefined && price > 0) await this.send(ctx, c.optionVenue, this.legs[i]!.symbol, pos > 0 ? 'sell' : 'buy', Math.abs(pos), price, 'exit', true);
    }
    if (Math.abs(hedgePos) > EPS) {
      remaining = true;
      const t = this.fresh(c.hedge.symbol, now);
      const price = hedgePos > 0 ? t?.bid : t?.ask;
      if (price !== null && price !== undefined) await this.send(ctx, c.hedge.venue, c.hedge.symbol, hedgePos > 0 ? 'sell' : 'buy', Math.abs(hedgePos), price, 'close hedge', true);
    }
    if (!remaining) {
      this.phase = 'flat';
      this.legs = [];
      this.entryIv = null;
      this.cooldownUntilMs = now + c.reentryCooldownMs;
      this.note(ctx, 'info', 'flat after exit');
    }
  }

  private async send(ctx: StrategyContext, venue: VenueId, symbol: string, side: 'buy' | 'sell', quantity: number, price: number, purpose: string, reduceOnly: boolean): Promise<boolean> {
    const order = await this.orders.submit(ctx, { venue, symbol, side, quantity, price, timeInForce: this.config.timeInForce, reduceOnly, purpose }, (error) =>
      this.note(ctx, 'warn', `${purpose} order on ${symbol} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    if (order) this.note(ctx, 'trade', `${purpose}: ${side.toUpperCase()} ${quantity} ${symbol} @ ${price} [${order.clientOrderId}]`);
    return order !== null;
  }

  state(): GammaScalpState {
    const now = this.lastSeenMs ?? 0;
    const c = this.config;
    return {
      name: this.name,
      phase: this.phase,
      legs: this.legs.map((l) => {
        const t = this.quotes.get(l.symbol)?.event;
        return { symbol: l.symbol, position: this.position(c.optionVenue, l.symbol), delta: t ? this.legDelta(l, t, now) : null, markIv: t?.markIv ?? null };
      }),
      entryIv: this.entryIv,
      hedge: { symbol: c.hedge.symbol, position: this.position(c.hedge.venue, c.hedge.symbol), coinDelta: this.lastNet.net - this.lastNet.option },
      optionDelta: this.lastNet.option,
      netDelta: this.lastNet.net,
      band: this.lastNet.band,
      hedges: this.hedges,
      signalCount: this.signalCount,
      lastExitReason: this.lastExitReason,
      deltaHistory: [...this.deltaHistory],
      orders: { open: this.orders.open().length, submitted: this.orders.submitted, rejected: this.orders.rejected },
      log: this.activity.list(),
    };
  }
}

/** @throws ConfigError naming each bad or unknown key. */
export function createGammaScalpStrategy(config?: GammaScalpConfigInput): GammaScalpStrategy {
  return new GammaScalpStrategy(parseGammaScalpConfig(config));
}
