/**
 * Pairs trading on two instruments (lab-seed.md §6.5, without its look-ahead and one-legged
 * positions): both mids are sampled together; the hedge ratio β (and α) of ln y on ln x comes
 * from the lab's rolling OLS over earlier samples only; the spread s = ln y − α − β ln x is scored
 * against the mean and deviation of the previous `zWindow` spreads. Below −entry it buys y and
 * sells β × the notional of x (long the spread), above +entry the reverse; it leaves when z is
 * back near the mean (or at Bertram's OU-optimal exit), and closes both legs at once when |z|
 * reaches the stop. A position whose other leg did not fill is closed too (no one-legged spread).
 */
import type { MarketEvent } from '../../domain/market-event.js';
import type { Fill, OrderSide, OrderUpdate } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { CatalogView, Strategy, StrategyContext, SubscriptionSpec } from '../../engine/strategy.js';
import { fitOU } from '../../lab/stat-arb/fit-ou.js';
import { rollingOlsHedge } from '../../lab/stat-arb/hedge-ratio.js';
import { bertramThresholds } from '../../lab/stat-arb/ou-thresholds.js';
import { ActivityLog, type ActivityEntry, type ActivityLevel } from '../cross-market/activity-log.js';
import { OrderTracker } from '../cross-market/order-tracker.js';
import { roundDownToStep, roundToTick } from '../momentum/order-sizing.js';
import { parsePairsTradingConfig, type PairsTradingConfig, type PairsTradingConfigInput } from './config.js';

export type SpreadSide = 'long' | 'short';
export type PairsPhase = 'warming-up' | 'flat' | 'entering' | 'in-position' | 'exiting';
export type PairsExitReason = 'mean-reverted' | 'stop' | 'broken-leg';

interface Leg {
  readonly venue: VenueId;
  readonly symbol: string;
  bid: number | null;
  ask: number | null;
}

export interface PairsTradingState {
  readonly name: string;
  readonly y: string;
  readonly x: string;
  readonly phase: PairsPhase;
  readonly samples: number;
  readonly beta: number | null;
  readonly alpha: number | null;
  readonly spread: number | null;
  readonly z: number | null;
  readonly entryZ: number | null;
  /** Long exits at z ≥ exitLevel (short at z ≤ −exitLevel). */
  readonly exitLevel: number | null;
  readonly side: SpreadSide | null;
  readonly positionY: number;
  readonly positionX: number;
  readonly entries: number;
  readonly exits: number;
  readonly stops: number;
  readonly zHistory: readonly number[];
  readonly spreadHistory: readonly number[];
  readonly orders: { readonly open: number; readonly submitted: number; readonly rejected: number };
  readonly log: readonly ActivityEntry[];
}

const HISTORY = 300;
const EPS = 1e-12;

export class PairsTradingStrategy implements Strategy {
  readonly config: PairsTradingConfig;
  readonly venues: readonly VenueId[];
  private readonly y: Leg;
  private readonly x: Leg;
  private readonly orders: OrderTracker;
  private readonly activity = new ActivityLog(100);
  private catalogs: CatalogView | null = null;
  private readonly ly: number[] = [];
  private readonly lx: number[] = [];
  private readonly spreads: number[] = [];
  private lastSampleMs = -Infinity;
  private beta: number | null = null;
  private alpha: number | null = null;
  private spread: number | null = null;
  private z: number | null = null;
  private entryZ: number | null = null;
  private exitLevel: number | null = null;
  private phase: PairsPhase = 'warming-up';
  private side: SpreadSide | null = null;
  private exitReason: PairsExitReason | null = null;
  private cooldownUntilMs = -Infinity;
  private entries = 0;
  private exits = 0;
  private stops = 0;
  private thresholdProblem: string | null = null;
  private readonly zHistory: number[] = [];
  private readonly spreadHistory: number[] = [];

  constructor(config: PairsTradingConfig) {
    this.config = config;
    this.y = { ...config.legY, bid: null, ask: null };
    this.x = { ...config.legX, bid: null, ask: null };
    this.venues = [...new Set([config.legY.venue, config.legX.venue])];
    this.orders = new OrderTracker(config.clientOrderIdPrefix ?? config.name);
  }

  get name(): string {
    return this.config.name;
  }

  discoverSubscriptions(catalogs: CatalogView): readonly SubscriptionSpec[] {
    this.catalogs = catalogs;
    return [this.y, this.x].map((l): SubscriptionSpec => ({ venue: l.venue, symbol: l.symbol, channels: ['ticker'] }));
  }

  onStart(ctx: StrategyContext): void {
    this.catalogs = ctx.catalogs;
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): Promise<void> | void {
    if (event.kind !== 'ticker') return;
    const leg = event.venue === this.y.venue && event.symbol === this.y.symbol ? this.y : event.venue === this.x.venue && event.symbol === this.x.symbol ? this.x : null;
    if (!leg) return;
    if (event.bid !== null) leg.bid = event.bid;
    if (event.ask !== null) leg.ask = event.ask;
    const now = ctx.now();
    const my = mid(this.y);
    const mx = mid(this.x);
    if (my === null || mx === null || now - this.lastSampleMs < this.config.sampleIntervalMs) return;
    this.lastSampleMs = now;
    this.sample(Math.log(my), Math.log(mx));
    return this.decide(ctx);
  }

  /** Adds one sample: hedge ratio from the earlier `hedgeWindow` samples, spread, z against the earlier `zWindow` spreads. */
  private sample(ly: number, lx: number): void {
    const { hedgeWindow, zWindow } = this.config;
    this.ly.push(ly);
    this.lx.push(lx);
    if (this.ly.length > hedgeWindow + 1) {
      this.ly.shift();
      this.lx.shift();
    }
    if (this.ly.length < hedgeWindow + 1) return;
    const hedge = rollingOlsHedge(this.ly, this.lx, hedgeWindow);
    const beta = hedge.beta[hedgeWindow]!;
    const alpha = hedge.alpha[hedgeWindow]!;
    if (!Number.isFinite(beta)) return; // x did not move over the window
    this.beta = beta;
    this.alpha = alpha;
    const s = ly - alpha - beta * lx;
    this.spread = s;
    push(this.spreadHistory, s);
    if (this.spreads.length >= zWindow) {
      let mean = 0;
      for (const v of this.spreads) mean += v;
      mean /= this.spreads.length;
      let variance = 0;
      for (const v of this.spreads) variance += (v - mean) ** 2;
      const sd = Math.sqrt(variance / (this.spreads.length - 1));
      this.z = sd > 0 ? (s - mean) / sd : null;
      if (this.z !== null) push(this.zHistory, this.z);
      this.updateThresholds(sd);
    }
    this.spreads.push(s);
    if (this.spreads.length > zWindow) this.spreads.shift();
  }

  /** Fixed levels, or Bertram's optimal symmetric levels from an OU fitted to the spread window. */
  private updateThresholds(sd: number): void {
    if (this.config.thresholds === 'fixed') {
      this.entryZ = this.config.entryZ;
      this.exitLevel = -this.config.exitZ;
      return;
    }
    try {
      const fit = fitOU(this.spreads, this.config.sampleIntervalMs / 1000);
      const levels = bertramThresholds({ theta: fit.theta, sigma: fit.sigma, cost: this.config.roundTripCost });
      // Bertram's levels are in stationary sds of the fitted OU; the z-score uses the window's sd.
      const scale = fit.stationaryStd / sd;
      this.entryZ = Math.min(Math.abs(levels.entryZ) * scale, this.config.stopZ - EPS);
      this.exitLevel = levels.exitZ * scale;
      this.thresholdProblem = null;
    } catch (error) {
      this.entryZ = null;
      this.exitLevel = null;
      this.thresholdProblem = error instanceof Error ? error.message : String(error);
    }
  }

  private position(leg: Leg): number {
    return this.orders.position(leg.venue, leg.symbol);
  }

  private async decide(ctx: StrategyContext): Promise<void> {
    const z = this.z;
    if (z === null) return;
    if (this.phase === 'warming-up') this.phase = 'flat';
    if (this.phase === 'entering' || this.phase === 'exiting') return;
    const now = ctx.now();
    if (this.phase === 'in-position') {
      const side = this.side!;
      if (Math.abs(z) >= this.config.stopZ) return this.exit('stop', ctx);
      const level = this.exitLevel ?? -this.config.exitZ;
      if (side === 'long' ? z >= level : z <= -level) return this.exit('mean-reverted', ctx);
      return;
    }
    if (this.entryZ === null || now < this.cooldownUntilMs || Math.abs(z) >= this.config.stopZ) return;
    if (z <= -this.entryZ) return this.enter('long', ctx);
    if (z >= this.entryZ) return this.enter('short', ctx);
  }

  private async enter(side: SpreadSide, ctx: StrategyContext): Promise<void> {
    const yInst = this.catalogs?.find(this.y.venue, this.y.symbol);
    const xInst = this.catalogs?.find(this.x.venue, this.x.symbol);
    const py = mid(this.y);
    const px = mid(this.x);
    if (!yInst || !xInst || py === null || px === null || this.beta === null) return;
    const qy = roundDownToStep(this.config.notional / py, yInst.sizeStep ?? yInst.minSize ?? 0, yInst.minSize ?? 0);
    // Same price currency assumed for both legs (checked): β is a ratio of log returns, so x carries β × the y notional.
    if (yInst.priceCurrency !== xInst.priceCurrency) {
      this.note(ctx, 'warn', `${this.y.symbol} and ${this.x.symbol} are priced in ${yInst.priceCurrency} and ${xInst.priceCurrency}; not trading`);
      return;
    }
    const qx = roundDownToStep((Math.abs(this.beta) * qy * py) / px, xInst.sizeStep ?? xInst.minSize ?? 0, xInst.minSize ?? 0);
    if (!(qy > 0) || !(qx > 0)) {
      this.note(ctx, 'warn', `notional ${this.config.notional} is below a leg's minimum; no entry`);
      return;
    }
    const ySide: OrderSide = side === 'long' ? 'buy' : 'sell';
    // A negative β hedges with the same direction on x.
    const xSide: OrderSide = (side === 'long') === (this.beta > 0) ? 'sell' : 'buy';
    this.phase = 'entering';
    this.side = side;
    this.entries++;
    this.note(ctx, 'signal', `z ${this.z!.toFixed(2)}: ${side} the spread (β ${this.beta.toFixed(3)}): ${ySide} ${qy} ${this.y.symbol}, ${xSide} ${qx} ${this.x.symbol}`);
    await Promise.all([this.send(this.y, ySide, qy, 'entry', ctx), this.send(this.x, xSide, qx, 'entry', ctx)]);
    this.afterOrders(ctx);
  }

  private async exit(reason: PairsExitReason, ctx: StrategyContext): Promise<void> {
    this.phase = 'exiting';
    this.exitReason = reason;
    if (reason === 'stop') this.stops++;
    this.note(ctx, reason === 'mean-reverted' ? 'signal' : 'warn', `exit (${reason}) at z ${this.z?.toFixed(2) ?? '—'}`);
    const sends: Promise<void>[] = [];
    for (const leg of [this.y, this.x]) {
      const pos = this.position(leg);
      if (Math.abs(pos) > EPS) sends.push(this.send(leg, pos > 0 ? 'sell' : 'buy', Math.abs(pos), `exit (${reason})`, ctx));
    }
    await Promise.all(sends);
    this.afterOrders(ctx);
  }

  private async send(leg: Leg, side: OrderSide, quantity: number, purpose: string, ctx: StrategyContext): Promise<void> {
    const touch = side === 'buy' ? leg.ask : leg.bid;
    if (touch === null) return;
    const inst = this.catalogs?.find(leg.venue, leg.symbol);
    const slip = this.config.slippageBps / 1e4;
    const price = roundToTick(side === 'buy' ? touch * (1 + slip) : touch * (1 - slip), inst?.tickSize, side === 'buy' ? 'up' : 'down');
    await this.orders.submit(
      ctx, { venue: leg.venue, symbol: leg.symbol, side, quantity: Number(quantity.toFixed(12)), price, timeInForce: 'ioc', purpose },
      (error) => this.note(ctx, 'warn', `${purpose} ${side} ${quantity} ${leg.symbol} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  onOrderUpdate(update: OrderUpdate, ctx: StrategyContext): void {
    if (!this.orders.onOrderUpdate(update)) return;
    if (update.status === 'rejected') this.note(ctx, 'warn', `${update.symbol} order rejected: ${update.reason ?? ''}`);
    this.afterOrders(ctx);
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    if (this.orders.onFill(fill) === 0) return;
    this.note(ctx, 'trade', `${fill.side} ${fill.quantity} ${fill.symbol} @ ${fill.price}`);
    this.afterOrders(ctx);
  }

  /** When no order of ours is open any more, settles the phase from the positions actually held. */
  private afterOrders(ctx: StrategyContext): void {
    if (this.phase !== 'entering' && this.phase !== 'exiting') return;
    const open = [this.y, this.x].some((l) => this.orders.openFor(l.venue, l.symbol).length > 0);
    if (open) return;
    const hy = Math.abs(this.position(this.y)) > EPS;
    const hx = Math.abs(this.position(this.x)) > EPS;
    if (this.phase === 'entering') {
      if (hy && hx) {
        this.phase = 'in-position';
        return;
      }
      this.phase = 'flat';
      if (hy || hx) void this.exit('broken-leg', ctx);
      else this.side = null;
      return;
    }
    if (hy || hx) {
      // Part of the exit did not fill: stay in position and try again on the next sample.
      this.phase = 'in-position';
      return;
    }
    this.phase = 'flat';
    this.side = null;
    this.exits++;
    if (this.exitReason === 'stop') this.cooldownUntilMs = ctx.now() + this.config.stopCooldownMs;
  }

  private note(ctx: StrategyContext, level: ActivityLevel, message: string): void {
    this.activity.add(ctx.now(), level, message);
    if (level !== 'info') ctx.logger.info({ strategy: this.name }, message);
  }

  state(): PairsTradingState {
    return {
      name: this.name, y: this.y.symbol, x: this.x.symbol, phase: this.phase, samples: this.ly.length, beta: this.beta, alpha: this.alpha,
      spread: this.spread, z: this.z, entryZ: this.entryZ, exitLevel: this.exitLevel, side: this.side,
      positionY: this.position(this.y), positionX: this.position(this.x), entries: this.entries, exits: this.exits, stops: this.stops,
      zHistory: [...this.zHistory], spreadHistory: [...this.spreadHistory],
      orders: { open: this.orders.open().length, submitted: this.orders.submitted, rejected: this.orders.rejected },
      log: this.thresholdProblem ? [...this.activity.list(), { timeMs: this.lastSampleMs, level: 'warn', message: `no OU levels: ${this.thresholdProblem}` }] : this.activity.list(),
    };
  }
}

function mid(leg: Leg): number | null {
  return leg.bid !== null && leg.ask !== null && leg.bid > 0 && leg.ask > 0 ? (leg.bid + leg.ask) / 2 : null;
}

function push(list: number[], value: number): void {
  list.push(value);
  if (list.length > HISTORY) list.shift();
}

/** @throws ConfigError naming each bad or unknown key. */
export function createPairsTradingStrategy(config?: PairsTradingConfigInput): PairsTradingStrategy {
  return new PairsTradingStrategy(parsePairsTradingConfig(config));
}
