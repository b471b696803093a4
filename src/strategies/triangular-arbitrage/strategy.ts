/**
 * Triangular arbitrage on one venue's three spot pairs (lab-seed.md §6.1, executed): the lab's
 * TriangleScanner keeps the three books and prices both cycles after taker fees on every book
 * change; when a cycle's top-of-book rate clears the threshold, it is sized by walking the three
 * books (profit after fees and depth), capped by the start amount and by the account's balance of
 * each asset a leg spends, and the three legs go out at once as IOC limit orders at the worst
 * price walked — or, when the account does not hold the assets the later legs spend, one after
 * the other, each sized from what the previous one delivered. Legs are tracked to their end; an asset left over (a leg that did not fill) is
 * unwound against the start asset with an IOC order through the touch. One cycle at a time.
 */
import type { SpotInstrument } from '../../domain/instrument.js';
import type { MarketEvent } from '../../domain/market-event.js';
import type { Fill, OrderSide, OrderUpdate } from '../../domain/order.js';
import { TERMINAL_ORDER_STATUSES } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { CatalogView, Strategy, StrategyContext, SubscriptionSpec } from '../../engine/strategy.js';
import { TriangleScanner, type CycleSink, type SizedCycle } from '../../lab/triangular/triangle-scanner.js';
import { ASK, BID, emptySweep } from '../../orderbook/order-book.js';
import { ActivityLog, type ActivityEntry, type ActivityLevel } from '../cross-market/activity-log.js';
import { OrderTracker } from '../cross-market/order-tracker.js';
import { roundDownToStep, roundToTick } from '../momentum/order-sizing.js';
import { parseTriangularArbitrageConfig, type TriangularArbitrageConfig, type TriangularArbitrageConfigInput } from './config.js';

/** One order of a cycle as planned: venue units and limit price. */
export interface PlannedLeg {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
}

interface LiveLeg extends PlannedLeg {
  readonly purpose: 'leg' | 'unwind';
  clientOrderId: string | null;
  filled: number;
  done: boolean;
}

interface Cycle {
  readonly id: number;
  readonly path: string;
  /** Start asset and the two it passes through, upper case. */
  readonly assets: readonly string[];
  readonly plan: readonly PlannedLeg[];
  /** Legs sent in turn: the next to send (3 when every leg was sent). */
  nextLeg: number;
  readonly startedMs: number;
  readonly startAmount: number;
  readonly expectedProfitRate: number;
  readonly legs: LiveLeg[];
  /** Net amount per asset from this cycle's fills, fees included. */
  readonly flows: Map<string, number>;
  unwindRounds: number;
}

export interface TriangularCycleRecord {
  readonly id: number;
  readonly timeMs: number;
  readonly path: string;
  readonly startAmount: number;
  readonly expectedProfitRate: number;
  /** Net result in the start asset (after fees and any unwind). */
  readonly result: number;
  readonly status: 'filled' | 'unwound' | 'unfilled' | 'left-open';
}

export interface TriangularArbitrageState {
  readonly name: string;
  readonly venue: VenueId;
  readonly startAsset: string;
  readonly minProfitRate: number;
  /** Best top-of-book profit rate after fees of the two cycles now (NaN until the books sync). */
  readonly bestRate: number | null;
  readonly opportunities: number;
  readonly cyclesSent: number;
  readonly cyclesFilled: number;
  readonly unwinds: number;
  readonly skippedForDepth: number;
  /** Sum of closed cycles' results, in the start asset. */
  readonly realizedProfit: number;
  readonly rateHistory: readonly number[];
  readonly cycles: readonly TriangularCycleRecord[];
  readonly orders: { readonly open: number; readonly submitted: number; readonly rejected: number };
  readonly log: readonly ActivityEntry[];
}

const HISTORY = 200;
const MAX_UNWIND_ROUNDS = 3;
const LEG_TIMER = 'leg-timeout';

export class TriangularArbitrageStrategy implements Strategy {
  readonly config: TriangularArbitrageConfig;
  readonly venues: readonly VenueId[];
  private readonly orders: OrderTracker;
  private readonly activity = new ActivityLog(100);
  private readonly sweepOut = emptySweep();
  private scanner: TriangleScanner | null = null;
  private pairs = new Map<string, SpotInstrument>();
  private cycle: Cycle | null = null;
  private cycleSeq = 0;
  private cooldownUntilMs = -Infinity;
  private bestCycle = -1;
  private bestRate = 0;
  private readonly sink: CycleSink = (c, r) => {
    if (r > this.bestRate) {
      this.bestRate = r;
      this.bestCycle = c;
    }
  };
  private aboveThreshold = false;
  private opportunities = 0;
  private cyclesSent = 0;
  private cyclesFilled = 0;
  private unwinds = 0;
  private skippedForDepth = 0;
  private realizedProfit = 0;
  private lastSampleMs = -Infinity;
  private readonly rateHistory: number[] = [];
  private readonly records: TriangularCycleRecord[] = [];
  private setupProblem: string | null = null;

  constructor(config: TriangularArbitrageConfig) {
    this.config = config;
    this.venues = [config.venue];
    this.orders = new OrderTracker(config.clientOrderIdPrefix ?? config.name);
  }

  get name(): string {
    return this.config.name;
  }

  discoverSubscriptions(catalogs: CatalogView): readonly SubscriptionSpec[] {
    if (this.scanner === null) this.buildScanner(catalogs);
    return this.config.symbols.map((symbol): SubscriptionSpec => ({ venue: this.config.venue, symbol, channels: ['book'] }));
  }

  onStart(ctx: StrategyContext): void {
    if (this.setupProblem) this.note(ctx, 'warn', this.setupProblem);
  }

  /** Builds the scanner once the catalog lists all three pairs as spot instruments. */
  private buildScanner(catalogs: CatalogView): void {
    const { venue, symbols, startAsset } = this.config;
    const found = symbols.map((s) => catalogs.find(venue, s));
    if (found.some((i) => i === undefined)) {
      this.setupProblem = `waiting for ${symbols.filter((_, i) => found[i] === undefined).join(', ')} in the ${venue} catalog`;
      return;
    }
    const spots = found.filter((i): i is SpotInstrument => i?.kind === 'spot');
    if (spots.length !== 3) {
      this.setupProblem = `${symbols.join(', ')} must all be spot pairs on ${venue}; no trading`;
      return;
    }
    if (!spots.some((i) => i.base === startAsset || i.quote === startAsset)) {
      this.setupProblem = `start asset ${startAsset} is in none of ${symbols.join(', ')}; no trading`;
      return;
    }
    this.pairs = new Map(spots.map((i) => [i.symbol, i]));
    const scanner = new TriangleScanner({
      pairs: spots.map((i) => ({ symbol: i.symbol, base: i.base, quote: i.quote })),
      takerFee: this.config.takerFee, minProfitRate: this.config.minProfitRate, startAssets: [startAsset],
    });
    if (scanner.cycleCount === 0) {
      this.setupProblem = `${symbols.join(', ')} do not close a triangle; no trading`;
      return;
    }
    this.scanner = scanner;
    this.setupProblem = null;
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): Promise<void> | void {
    if ((event.kind !== 'book_snapshot' && event.kind !== 'book_delta') || event.venue !== this.config.venue || this.scanner === null) return;
    this.bestCycle = -1;
    this.bestRate = 1 + this.config.minProfitRate;
    this.scanner.apply(event, this.sink);
    const now = ctx.now();
    if (now - this.lastSampleMs >= 250) {
      this.lastSampleMs = now;
      const best = this.currentBestRate();
      if (best !== null) {
        this.rateHistory.push(best);
        if (this.rateHistory.length > HISTORY) this.rateHistory.shift();
      }
    }
    const above = this.bestCycle >= 0;
    if (above && !this.aboveThreshold) {
      this.opportunities++;
      const d = this.scanner.describe(this.bestCycle);
      this.note(ctx, 'signal', `${d.path.join('→')}: ${((this.bestRate - 1) * 1e4).toFixed(1)} bp after fees at the top of the books`);
    }
    this.aboveThreshold = above;
    if (!above || this.cycle !== null || now < this.cooldownUntilMs) return;
    return this.execute(this.bestCycle, ctx);
  }

  private currentBestRate(): number | null {
    const rates = this.scanner?.rates;
    if (!rates) return null;
    let best = Number.NaN;
    for (let i = 0; i < rates.length; i++) if (!(rates[i]! <= best)) best = rates[i]!;
    return Number.isFinite(best) ? best - 1 : null;
  }

  private balance(ctx: StrategyContext, asset: string): number {
    return ctx.portfolio.balance ? ctx.portfolio.balance(this.config.venue, asset) : Infinity;
  }

  /** Sizes cycle `c` within the depth and the balances, plans its legs, sends them at once. */
  private async execute(c: number, ctx: StrategyContext): Promise<void> {
    const scanner = this.scanner!;
    const fraction = this.config.balanceFraction;
    const maxStart = Math.min(this.config.maxStartAmount, this.balance(ctx, this.config.startAsset) * fraction);
    let sized = maxStart > 0 ? scanner.size(c, maxStart) : null;
    let sequential = this.config.legExecution === 'sequential';
    if (sized !== null && sized.startAmount > 0 && !sequential) {
      // Legs sent at once each spend the account's own balance of their asset.
      let scale = 1;
      for (let k = 1; k < 3; k++) scale = Math.min(scale, (this.balance(ctx, sized.path[k]!) * fraction) / sized.legs[k]!.amountIn);
      if (scale < 1 && this.config.legExecution === 'auto') sequential = true;
      else if (scale < 1) sized = scale > 0 ? scanner.size(c, sized.startAmount * scale) : null;
    }
    const plan = sized !== null && sized.startAmount > 0 && sized.profitRate >= this.config.minProfitRate ? this.planLegs(sized) : null;
    if (sized === null || plan === null) {
      this.skippedForDepth++;
      this.cooldownUntilMs = ctx.now() + this.config.cooldownMs;
      return;
    }
    const toLive = (p: PlannedLeg): LiveLeg => ({ ...p, purpose: 'leg', clientOrderId: null, filled: 0, done: false });
    const cycle: Cycle = {
      id: ++this.cycleSeq, path: sized.path.join('→'), assets: sized.path.slice(0, 3).map((a) => a.toUpperCase()), startedMs: ctx.now(), startAmount: sized.startAmount,
      expectedProfitRate: sized.profitRate, plan, nextLeg: sequential ? 1 : 3,
      legs: (sequential ? plan.slice(0, 1) : plan).map(toLive), flows: new Map(), unwindRounds: 0,
    };
    this.cycle = cycle;
    this.cyclesSent++;
    this.note(ctx, 'trade', `cycle ${cycle.id} ${cycle.path}${sequential ? ' (legs in turn)' : ''}: start ${sized.startAmount.toPrecision(6)} ${this.config.startAsset}, expected ${(sized.profitRate * 1e4).toFixed(1)} bp; ${plan.map((l) => `${l.side} ${l.quantity} ${l.symbol} @ ${l.price}`).join(', ')}`);
    if (this.config.legTimeoutMs > 0) ctx.setTimer(LEG_TIMER, this.config.legTimeoutMs);
    await Promise.all(cycle.legs.map((leg) => this.send(cycle, leg, ctx)));
    this.maybeFinish(ctx);
  }

  /**
   * Leg `k` of a cycle sent in turn, sized from what the previous legs actually delivered (the
   * asset it spends, net of fees) at its planned limit price; null when that is below the minimum.
   */
  private nextSequentialLeg(cycle: Cycle, k: number): PlannedLeg | null {
    const planned = cycle.plan[k]!;
    const inst = this.pairs.get(planned.symbol);
    const have = cycle.flows.get(cycle.assets[k]!) ?? 0;
    if (!inst || !(have > 0)) return null;
    const raw = planned.side === 'buy' ? have / planned.price : have;
    const quantity = roundDownToStep(Math.min(raw, planned.quantity * 1.01), inst.sizeStep ?? inst.minSize ?? 0, inst.minSize ?? 0);
    return quantity > 0 ? { ...planned, quantity } : null;
  }

  /**
   * The three orders of a sized cycle: each leg's quantity rounded down to the pair's step from
   * what the previous (rounded) leg delivers after its fee, priced at the worst level its walk
   * reaches. Null when a leg is below the pair's minimum or the book cannot fill it.
   */
  planLegs(sized: SizedCycle): PlannedLeg[] | null {
    const keep = 1 - this.config.takerFee;
    let amount = sized.startAmount;
    const out: PlannedLeg[] = [];
    for (const leg of sized.legs) {
      const inst = this.pairs.get(leg.symbol);
      const book = this.scanner!.books[this.scanner!.indexOf(leg.symbol)]!.book;
      if (!inst) return null;
      const buy = leg.side === 'buy';
      const quantity = roundDownToStep(buy ? amount / leg.avgPrice : amount, inst.sizeStep ?? inst.minSize ?? 0, inst.minSize ?? 0);
      if (!(quantity > 0)) return null;
      const r = book.sweep(buy ? ASK : BID, quantity, false, this.sweepOut);
      if (!r.complete) return null;
      out.push({ symbol: leg.symbol, side: leg.side, quantity, price: r.worstPrice });
      amount = (buy ? quantity : r.quote) * keep;
    }
    return out;
  }

  private async send(cycle: Cycle, leg: LiveLeg, ctx: StrategyContext): Promise<void> {
    const order = await this.orders.submit(
      ctx, { venue: this.config.venue, symbol: leg.symbol, side: leg.side, quantity: leg.quantity, price: leg.price, timeInForce: 'ioc', purpose: `cycle ${cycle.id} ${leg.purpose}` },
      (error) => {
        leg.done = true;
        this.note(ctx, 'warn', `cycle ${cycle.id}: ${leg.side} ${leg.quantity} ${leg.symbol} not sent: ${error instanceof Error ? error.message : String(error)}`);
      },
      (tracked) => {
        leg.clientOrderId = tracked.clientOrderId;
      },
    );
    if (!order) this.maybeFinish(ctx);
  }

  onOrderUpdate(update: OrderUpdate, ctx: StrategyContext): void {
    const order = this.orders.onOrderUpdate(update);
    if (!order) return;
    const leg = this.legOf(update.clientOrderId);
    if (!leg) return;
    if (TERMINAL_ORDER_STATUSES.has(update.status)) {
      leg.done = true;
      if (update.status === 'rejected') this.note(ctx, 'warn', `${leg.symbol} ${leg.purpose} rejected: ${update.reason ?? ''}`);
      this.maybeFinish(ctx);
    }
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    this.orders.onFill(fill);
    const cycle = this.cycle;
    const leg = this.legOf(fill.clientOrderId);
    const inst = this.pairs.get(fill.symbol);
    if (!cycle || !leg || !inst) return;
    leg.filled += fill.quantity;
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    addFlow(cycle.flows, inst.base.toUpperCase(), signed);
    addFlow(cycle.flows, inst.quote.toUpperCase(), -signed * fill.price);
    addFlow(cycle.flows, fill.feeCurrency.toUpperCase(), -fill.fee);
    if (leg.filled >= leg.quantity - 1e-12) leg.done = true;
    this.maybeFinish(ctx);
  }

  onTimer(timerId: string, ctx: StrategyContext): Promise<void> | void {
    if (timerId !== LEG_TIMER || this.cycle === null) return;
    const cycle = this.cycle;
    const open = this.orders.open().filter((o) => cycle.legs.some((l) => l.clientOrderId === o.clientOrderId));
    if (open.length > 0) this.note(ctx, 'warn', `cycle ${cycle.id}: ${open.length} leg(s) still open after ${this.config.legTimeoutMs} ms; cancelling`);
    return Promise.all(open.map((o) => this.orders.cancel(ctx, o, (error) => ctx.logger.warn({ err: error }, 'leg cancel failed')))).then(() => undefined);
  }

  private legOf(clientOrderId: string): LiveLeg | undefined {
    return this.cycle?.legs.find((l) => l.clientOrderId === clientOrderId);
  }

  /** Once every leg is done: unwind what is left over in the other two assets, else close the cycle. */
  private maybeFinish(ctx: StrategyContext): void {
    const cycle = this.cycle;
    if (!cycle || cycle.legs.some((l) => !l.done)) return;
    if (cycle.nextLeg < 3) {
      const k = cycle.nextLeg;
      cycle.nextLeg = k > 0 && (cycle.legs[k - 1]?.filled ?? 0) > 0 ? k + 1 : 3;
      const planned = cycle.nextLeg === k + 1 ? this.nextSequentialLeg(cycle, k) : null;
      if (planned) {
        const leg: LiveLeg = { ...planned, purpose: 'leg', clientOrderId: null, filled: 0, done: false };
        cycle.legs.push(leg);
        void this.send(cycle, leg, ctx).then(() => this.maybeFinish(ctx));
        return;
      }
      cycle.nextLeg = 3;
    }
    const unwind = cycle.unwindRounds < MAX_UNWIND_ROUNDS ? this.unwindOrders(cycle) : [];
    if (unwind.length > 0) {
      cycle.unwindRounds++;
      this.unwinds++;
      const legs: LiveLeg[] = unwind.map((p) => ({ ...p, purpose: 'unwind', clientOrderId: null, filled: 0, done: false }));
      cycle.legs.push(...legs);
      this.note(ctx, 'trade', `cycle ${cycle.id}: unwinding ${legs.map((l) => `${l.side} ${l.quantity} ${l.symbol} @ ${l.price}`).join(', ')}`);
      void Promise.all(legs.map((l) => this.send(cycle, l, ctx))).then(() => this.maybeFinish(ctx));
      return;
    }
    const result = cycle.flows.get(this.config.startAsset.toUpperCase()) ?? 0;
    const legsFilled = cycle.legs.filter((l) => l.purpose === 'leg' && l.filled > 0 && l.filled >= l.quantity - 1e-12).length;
    const leftOpen = this.unwindOrders(cycle).length > 0;
    const status: TriangularCycleRecord['status'] = leftOpen ? 'left-open' : cycle.unwindRounds > 0 ? 'unwound' : legsFilled === 3 ? 'filled' : 'unfilled';
    if (status === 'filled') this.cyclesFilled++;
    this.realizedProfit += result;
    this.records.push({ id: cycle.id, timeMs: cycle.startedMs, path: cycle.path, startAmount: cycle.startAmount, expectedProfitRate: cycle.expectedProfitRate, result, status });
    if (this.records.length > 20) this.records.shift();
    this.note(ctx, status === 'left-open' ? 'warn' : 'trade', `cycle ${cycle.id} ${status}: ${result >= 0 ? '+' : ''}${result.toPrecision(6)} ${this.config.startAsset}`);
    this.cycle = null;
    this.cooldownUntilMs = ctx.now() + this.config.cooldownMs;
    ctx.cancelTimer(LEG_TIMER);
  }

  /** IOC orders through the touch that bring each non-start asset of the cycle back to zero (those above the pair's minimum). */
  private unwindOrders(cycle: Cycle): PlannedLeg[] {
    const start = this.config.startAsset.toUpperCase();
    const out: PlannedLeg[] = [];
    for (const [asset, amount] of cycle.flows) {
      if (asset === start || amount === 0) continue;
      const pair = [...this.pairs.values()].find((p) => {
        const base = p.base.toUpperCase();
        const quote = p.quote.toUpperCase();
        return (base === asset && quote === start) || (quote === asset && base === start);
      });
      const book = pair ? this.scanner!.books[this.scanner!.indexOf(pair.symbol)]!.book : null;
      if (!pair || !book || book.levelCount(BID) === 0 || book.levelCount(ASK) === 0) continue;
      const mid = book.mid();
      // Holding extra of the base: sell it; short of it: buy it. Extra quote buys base, and so on.
      const baseQty = pair.base.toUpperCase() === asset ? amount : -amount / mid;
      const side: OrderSide = baseQty > 0 ? 'sell' : 'buy';
      const quantity = roundDownToStep(Math.abs(baseQty), pair.sizeStep ?? pair.minSize ?? 0, pair.minSize ?? 0);
      if (!(quantity > 0)) continue;
      const slip = this.config.unwindSlippage;
      const price = side === 'sell' ? roundToTick(book.bestBid() * (1 - slip), pair.tickSize, 'down') : roundToTick(book.bestAsk() * (1 + slip), pair.tickSize, 'up');
      out.push({ symbol: pair.symbol, side, quantity, price });
    }
    return out;
  }

  private note(ctx: StrategyContext, level: ActivityLevel, message: string): void {
    this.activity.add(ctx.now(), level, message);
    if (level === 'trade' || level === 'warn') ctx.logger.info({ strategy: this.name }, message);
  }

  state(): TriangularArbitrageState {
    return {
      name: this.name, venue: this.config.venue, startAsset: this.config.startAsset, minProfitRate: this.config.minProfitRate,
      bestRate: this.currentBestRate(), opportunities: this.opportunities, cyclesSent: this.cyclesSent, cyclesFilled: this.cyclesFilled,
      unwinds: this.unwinds, skippedForDepth: this.skippedForDepth, realizedProfit: this.realizedProfit,
      rateHistory: [...this.rateHistory], cycles: [...this.records],
      orders: { open: this.orders.open().length, submitted: this.orders.submitted, rejected: this.orders.rejected },
      log: this.activity.list(),
    };
  }
}

function addFlow(flows: Map<string, number>, asset: string, amount: number): void {
  flows.set(asset, (flows.get(asset) ?? 0) + amount);
}

/** @throws ConfigError naming each bad or unknown key. */
export function createTriangularArbitrageStrategy(config?: TriangularArbitrageConfigInput): TriangularArbitrageStrategy {
  return new TriangularArbitrageStrategy(parseTriangularArbitrageConfig(config));
}
