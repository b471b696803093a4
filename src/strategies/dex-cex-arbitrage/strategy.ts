/**
 * DEX–CEX arbitrage (lab-seed.md §6.2, executed through the engine): watches a Uniswap v2 pair
 * (the uniswap venue's curve book, from which the pool's reserves are recovered exactly enough to
 * quote it with the v2 formula) and a CEX spot book. On every change it prices both directions
 * with the lab's `dexCexArbitrage` — buy on the pool and sell into the CEX bids, or buy from the
 * CEX asks and sell into the pool — at the optimal size after the pool fee and price impact, the
 * CEX taker fee and depth, and the gas of the swap; sizes are capped by `maxTradeUsd` and by the
 * account's balances on both venues. When the better direction clears `minProfitUsd` it sends
 * both legs at once as IOC limit orders: the swap on `uniswap` at the curve's worst price for
 * that size (its marginal price after the trade, or the price of the curve slice the swap ends
 * in, whichever is worse), the CEX leg at the worst level its book walk reaches. Legs are
 * tracked to their end; a base imbalance left by a partial leg is
 * unwound on the CEX with one IOC through the touch. One trade at a time, at most one per pool
 * state (paper fills do not move the pool), then a cooldown. Coin inventory on both venues (which
 * both directions need) is topped up to `inventoryUsd` on whichever venue is not the dearer one.
 * No random numbers.
 */
import type { SpotInstrument } from '../../domain/instrument.js';
import type { MarketEvent } from '../../domain/market-event.js';
import type { Fill, OrderSide, OrderUpdate } from '../../domain/order.js';
import { TERMINAL_ORDER_STATUSES } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { CatalogView, Strategy, StrategyContext, SubscriptionSpec } from '../../engine/strategy.js';
import { dexCexArbitrage, type DexCexDirection } from '../../lab/dex-cex/dex-cex-arbitrage.js';
import type { DexQuoter } from '../../lab/dex-cex/dex-quoter.js';
import { uniswapV2Quote } from '../../lab/uniswap/v2-quote.js';
import { v2ReservesFromCurveBook } from '../../lab/uniswap/v2-curve-book.js';
import { SyncedBook } from '../../orderbook/apply-book-event.js';
import { ASK, BID, emptySweep } from '../../orderbook/order-book.js';
import { ActivityLog, type ActivityEntry, type ActivityLevel } from '../cross-market/activity-log.js';
import { OrderTracker } from '../cross-market/order-tracker.js';
import { roundDownToStep, roundToTick } from '../momentum/order-sizing.js';
import { parseDexCexArbitrageConfig, type DexCexArbitrageConfig, type DexCexArbitrageConfigInput } from './config.js';

export type DexCexDirectionName = DexCexDirection['direction'];

/** Reserves of the pool in human units (base coin, quote dollars). */
export interface PoolReserves {
  readonly base: number;
  readonly quote: number;
}

/** A v2 pool as the lab's DEX quoter, in floating point from recovered reserves. */
export function v2PoolQuoter(reserves: PoolReserves, feeBps: number): DexQuoter {
  return {
    kind: 'uniswap-v2', spotPrice: reserves.quote / reserves.base, feeRate: feeBps / 10_000,
    sellBase: (base) => uniswapV2Quote({ amountIn: base, reserveIn: reserves.base, reserveOut: reserves.quote, feeBps }).amountOut,
    buyBase: (quote) => uniswapV2Quote({ amountIn: quote, reserveIn: reserves.quote, reserveOut: reserves.base, feeBps }).amountOut,
  };
}

/**
 * Marginal price of the pool after trading `base` (buying it out, or selling it in): the worst
 * price a swap of that size reaches, fee included. Buy: R_q·R_b/(g(R_b−x)²); sell: g·R_q·R_b/(R_b+gx)².
 */
export function marginalPriceAfter(reserves: PoolReserves, feeBps: number, side: OrderSide, base: number): number {
  const g = 1 - feeBps / 10_000;
  const { base: rb, quote: rq } = reserves;
  return side === 'buy' ? (rq * rb) / (g * (rb - base) ** 2) : (g * rq * rb) / (rb + g * base) ** 2;
}

interface Leg {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly purpose: 'dex' | 'cex' | 'unwind';
  clientOrderId: string | null;
  filled: number;
  done: boolean;
}

interface Trade {
  readonly id: number;
  readonly direction: DexCexDirectionName;
  readonly startedMs: number;
  readonly expectedProfit: number;
  readonly legs: Leg[];
  /** Net quote (dollars) and base (coin) from this trade's fills, fees included. */
  quote: number;
  base: number;
  unwound: boolean;
}

export interface DexCexTradeRecord {
  readonly id: number;
  readonly timeMs: number;
  readonly direction: DexCexDirectionName;
  readonly quantity: number;
  readonly expectedProfit: number;
  /** Net dollars after fees (gas not included: paper swaps pay none). */
  readonly result: number;
  readonly status: 'filled' | 'unwound' | 'unfilled' | 'left-open';
}

export interface DexCexArbitrageState {
  readonly name: string;
  readonly dex: string;
  readonly cex: string;
  /** Pool marginal price and CEX bid/ask now (null until known). */
  readonly dexPrice: number | null;
  readonly cexBid: number | null;
  readonly cexAsk: number | null;
  readonly opportunities: number;
  readonly tradesSent: number;
  readonly tradesFilled: number;
  readonly unwinds: number;
  readonly realizedProfit: number;
  readonly trades: readonly DexCexTradeRecord[];
  readonly orders: { readonly open: number; readonly submitted: number; readonly rejected: number };
  readonly log: readonly ActivityEntry[];
}

const LEG_TIMER = 'leg-timeout';
const PRICE_EPS = 1e-9;
const UNWIND_SLIPPAGE = 0.002;

export class DexCexArbitrageStrategy implements Strategy {
  readonly config: DexCexArbitrageConfig;
  readonly venues: readonly VenueId[];
  private readonly orders: OrderTracker;
  private readonly activity = new ActivityLog(100);
  private readonly cexBook = new SyncedBook();
  private readonly dexBook = new SyncedBook();
  private readonly sweepOut = emptySweep();
  private dexInstrument: SpotInstrument | null = null;
  private cexInstrument: SpotInstrument | null = null;
  private reserves: PoolReserves | null = null;
  private poolVersion = 0;
  private lastTradedVersion = 0;
  private trade: Trade | null = null;
  /** Client order id of the inventory purchase in flight ('sending' until it has one). */
  private inventoryOrder: string | null = null;
  private inventoryQuantity = 0;
  private inventoryFilled = 0;
  private tradeSeq = 0;
  private cooldownUntilMs = -Infinity;
  private opportunities = 0;
  private inOpportunity = false;
  private tradesFilled = 0;
  private unwinds = 0;
  private realizedProfit = 0;
  private readonly records: DexCexTradeRecord[] = [];
  private setupProblem: string | null = null;

  constructor(config: DexCexArbitrageConfig) {
    this.config = config;
    this.venues = [config.dex.venue, config.cex.venue];
    this.orders = new OrderTracker(config.clientOrderIdPrefix ?? config.name);
  }

  get name(): string {
    return this.config.name;
  }

  discoverSubscriptions(catalogs: CatalogView): readonly SubscriptionSpec[] {
    const { dex, cex } = this.config;
    const d = catalogs.find(dex.venue, dex.symbol);
    const c = catalogs.find(cex.venue, cex.symbol);
    this.dexInstrument = d?.kind === 'spot' ? d : null;
    this.cexInstrument = c?.kind === 'spot' ? c : null;
    this.setupProblem = d === undefined || c === undefined
      ? `waiting for ${[d === undefined ? `${dex.venue}:${dex.symbol}` : null, c === undefined ? `${cex.venue}:${cex.symbol}` : null].filter(Boolean).join(' and ')} in the catalogs`
      : this.dexInstrument === null || this.cexInstrument === null ? `${dex.symbol} and ${cex.symbol} must be spot instruments; no trading` : null;
    return [{ venue: dex.venue, symbol: dex.symbol, channels: ['book'] }, { venue: cex.venue, symbol: cex.symbol, channels: ['book'] }];
  }

  onStart(ctx: StrategyContext): void {
    if (this.setupProblem) this.note(ctx, 'warn', this.setupProblem);
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): Promise<void> | void {
    if (event.kind !== 'book_snapshot' && event.kind !== 'book_delta') return;
    const { dex, cex } = this.config;
    if (event.venue === dex.venue && event.symbol === dex.symbol && event.kind === 'book_snapshot') {
      try {
        const r = v2ReservesFromCurveBook(event.bids, event.asks, this.config.poolFeeBps);
        this.reserves = { base: r.reserveBase, quote: r.reserveQuote };
        this.dexBook.apply(event);
        this.poolVersion++;
      } catch (error) {
        this.reserves = null;
        this.note(ctx, 'warn', `pool book is not a v2 curve at ${this.config.poolFeeBps} bp: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    } else if (event.venue === cex.venue && event.symbol === cex.symbol) {
      this.cexBook.apply(event);
    } else {
      return;
    }
    return this.evaluate(ctx);
  }

  private balance(ctx: StrategyContext, venue: VenueId, asset: string): number {
    return ctx.portfolio.balance ? ctx.portfolio.balance(venue, asset) : Infinity;
  }

  /** Both directions at their optimal sizes now, each within its own balance cap; null when the books are not ready. */
  opportunity(ctx: StrategyContext): DexCexDirection | null {
    const reserves = this.reserves;
    const book = this.cexBook.book;
    const d = this.dexInstrument;
    const c = this.cexInstrument;
    if (reserves === null || !this.cexBook.synced || d === null || c === null) return null;
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (!(bid > 0 && ask > 0)) return null;
    const pool = v2PoolQuoter(reserves, this.config.poolFeeBps);
    const keep = 1 - this.config.cexTakerFee;
    const g = 1 - pool.feeRate;
    const f = this.config.balanceFraction;
    const candidates: DexCexDirection[] = [];
    if ((bid * keep * g) / pool.spotPrice > 1) {
      const cap = Math.min(this.config.maxTradeUsd, this.balance(ctx, d.venue, d.quote) * f, this.balance(ctx, c.venue, c.base) * f * bid);
      if (cap > 0) candidates.push(dexCexArbitrage({ dex: pool, book, cexFee: this.config.cexTakerFee, gasQuote: this.config.gasUsd, maxQuote: cap }).buyDexSellCex);
    }
    if ((pool.spotPrice * g * keep) / ask > 1) {
      const cap = Math.min(this.config.maxTradeUsd, this.balance(ctx, c.venue, c.quote) * f, this.balance(ctx, d.venue, d.base) * f * ask);
      if (cap > 0) candidates.push(dexCexArbitrage({ dex: pool, book, cexFee: this.config.cexTakerFee, gasQuote: this.config.gasUsd, maxQuote: cap }).buyCexSellDex);
    }
    let best: DexCexDirection | null = null;
    for (const r of candidates) if (r.quoteIn > 0 && (best === null || r.profit > best.profit)) best = r;
    return best;
  }

  private evaluate(ctx: StrategyContext): Promise<void> | void {
    const best = this.opportunity(ctx);
    const good = best !== null && best.profit >= this.config.minProfitUsd;
    if (good && !this.inOpportunity) {
      this.opportunities++;
      this.note(ctx, 'signal', `${best.direction}: ${best.profit.toFixed(2)} USD after fees and gas on ${best.base.toPrecision(5)} (pool ${best.dexPrice.toFixed(2)}, CEX ${best.cexPrice.toFixed(2)})`);
    }
    this.inOpportunity = good;
    if (this.trade !== null || this.inventoryOrder !== null || ctx.now() < this.cooldownUntilMs) return;
    if (!good) return this.topUpInventory(ctx);
    if (this.poolVersion === this.lastTradedVersion) return;
    const legs = this.planLegs(best);
    if (legs === null) return;
    return this.execute(best, legs, ctx);
  }

  /**
   * Buys coin on a venue that holds less than half of `inventoryUsd`, up to it, with an IOC at the
   * worst level of that venue's book walk: both directions need coin on one of the venues, and an
   * arbitrageur holds it on both. Only while no opportunity is open, and only while the two venues
   * together hold less than twice the target: coin that trades moved from one venue to the other
   * is rebalanced by trades the other way, not bought again.
   */
  private topUpInventory(ctx: StrategyContext): Promise<void> | void {
    const target = this.config.inventoryUsd;
    const reserves = this.reserves;
    const d = this.dexInstrument;
    const c = this.cexInstrument;
    if (!(target > 0) || reserves === null || d === null || c === null || !this.cexBook.synced || !this.dexBook.synced || !ctx.portfolio.balance) return;
    const cex = this.cexBook.book;
    const step = c.sizeStep ?? c.minSize ?? 0;
    const venues = [[d, this.dexBook.book, reserves.quote / reserves.base], [c, cex, cex.bestAsk()]] as const;
    // Coin moved between the venues by trades is not bought again: only while both together hold less than twice the target.
    const total = venues.reduce((sum, [inst, , price]) => sum + this.balance(ctx, inst.venue, inst.base) * price, 0);
    if (!(total < 2 * target * 0.95)) return;
    for (const [inst, book, price] of venues) {
      const held = this.balance(ctx, inst.venue, inst.base);
      if (!(price > 0) || held * price >= target / 2) continue;
      const cash = this.balance(ctx, inst.venue, inst.quote) * this.config.balanceFraction;
      const wanted = Math.min(target - held * price, cash) / price;
      // A thin book sells what it shows now; the rest follows on later top-ups.
      const walk = book.sweep(ASK, wanted, false, this.sweepOut);
      const quantity = roundDownToStep(walk.complete ? wanted : walk.base, step, Math.max(c.minSize ?? 0, d.minSize ?? 0));
      if (!(quantity > 0) || !(walk.worstPrice > 0)) continue;
      const limit = roundToTick(walk.worstPrice * (1 + PRICE_EPS), inst.tickSize, 'up');
      this.note(ctx, 'trade', `inventory: buy ${quantity} ${inst.venue}:${inst.symbol} @ ${limit.toFixed(4)} (holding ${held})`);
      this.inventoryOrder = 'sending';
      this.inventoryQuantity = quantity;
      this.inventoryFilled = 0;
      return this.orders.submit(
        ctx, { venue: inst.venue, symbol: inst.symbol, side: 'buy', quantity, price: limit, timeInForce: 'ioc', purpose: 'dex-cex inventory' },
        (error) => {
          this.inventoryOrder = null;
          this.note(ctx, 'warn', `inventory order not sent: ${error instanceof Error ? error.message : String(error)}`);
        },
        (tracked) => {
          this.inventoryOrder = tracked.clientOrderId;
        },
      ).then(() => undefined);
    }
  }

  /** The two orders of a sized trade, or null when the size rounds to nothing or the CEX book cannot fill it. */
  planLegs(r: DexCexDirection): Leg[] | null {
    const d = this.dexInstrument!;
    const c = this.cexInstrument!;
    const reserves = this.reserves!;
    const quantity = roundDownToStep(r.base, c.sizeStep ?? c.minSize ?? 0, Math.max(c.minSize ?? 0, d.minSize ?? 0));
    if (!(quantity > 0) || quantity >= reserves.base) return null;
    const dexSide: OrderSide = r.direction === 'buy_dex_sell_cex' ? 'buy' : 'sell';
    const cexSide: OrderSide = dexSide === 'buy' ? 'sell' : 'buy';
    // A CEX buy may pay its fee in the coin (Binance): buy enough that the coin left covers the swap.
    const step = c.sizeStep ?? c.minSize ?? 0;
    const cexQuantity = cexSide === 'buy' ? roundUpToStep(quantity / (1 - this.config.cexTakerFee), step) : quantity;
    const walk = this.cexBook.book.sweep(cexSide === 'sell' ? BID : ASK, cexQuantity, false, this.sweepOut);
    if (!walk.complete) return null;
    const cexWorst = walk.worstPrice; // the sweep result object is reused below
    // The pool's book prices whole curve slices: the limit is the worse of the slice the swap ends in and the curve's marginal price there.
    const dexWalk = this.dexBook.book.sweep(dexSide === 'buy' ? ASK : BID, quantity, false, this.sweepOut);
    if (!dexWalk.complete) return null;
    const marginal = marginalPriceAfter(reserves, this.config.poolFeeBps, dexSide, quantity);
    const dexLimit = (dexSide === 'buy' ? Math.max(marginal, dexWalk.worstPrice) : Math.min(marginal, dexWalk.worstPrice)) * (dexSide === 'buy' ? 1 + PRICE_EPS : 1 - PRICE_EPS);
    const leg = (venue: VenueId, symbol: string, side: OrderSide, qty: number, price: number, purpose: Leg['purpose']): Leg => ({ venue, symbol, side, quantity: qty, price, purpose, clientOrderId: null, filled: 0, done: false });
    return [
      leg(d.venue, d.symbol, dexSide, quantity, roundToTick(dexLimit, d.tickSize, dexSide === 'buy' ? 'up' : 'down'), 'dex'),
      leg(c.venue, c.symbol, cexSide, cexQuantity, roundToTick(cexWorst, c.tickSize, cexSide === 'buy' ? 'up' : 'down'), 'cex'),
    ];
  }

  private async execute(r: DexCexDirection, legs: Leg[], ctx: StrategyContext): Promise<void> {
    const trade: Trade = { id: ++this.tradeSeq, direction: r.direction, startedMs: ctx.now(), expectedProfit: r.profit, legs, quote: 0, base: 0, unwound: false };
    this.trade = trade;
    this.lastTradedVersion = this.poolVersion;
    this.note(ctx, 'trade', `trade ${trade.id} ${r.direction}: expected ${r.profit.toFixed(2)} USD; ${legs.map((l) => `${l.side} ${l.quantity} ${l.venue}:${l.symbol} @ ${l.price.toFixed(4)}`).join(', ')}`);
    if (this.config.legTimeoutMs > 0) ctx.setTimer(LEG_TIMER, this.config.legTimeoutMs);
    await Promise.all(legs.map((l) => this.send(trade, l, ctx)));
    this.maybeFinish(ctx);
  }

  private async send(trade: Trade, leg: Leg, ctx: StrategyContext): Promise<void> {
    // Every leg is IOC: a swap executes at once within its limit or not at all; it never rests.
    const order = await this.orders.submit(
      ctx, { venue: leg.venue, symbol: leg.symbol, side: leg.side, quantity: leg.quantity, price: leg.price, timeInForce: 'ioc', purpose: `dex-cex ${trade.id} ${leg.purpose}` },
      (error) => {
        leg.done = true;
        this.note(ctx, 'warn', `trade ${trade.id}: ${leg.side} ${leg.quantity} ${leg.venue}:${leg.symbol} not sent: ${error instanceof Error ? error.message : String(error)}`);
      },
      (tracked) => {
        leg.clientOrderId = tracked.clientOrderId;
      },
    );
    if (!order) this.maybeFinish(ctx);
  }

  onOrderUpdate(update: OrderUpdate, ctx: StrategyContext): void {
    const tracked = this.orders.onOrderUpdate(update);
    // The tracker forgets an order once filled: the inventory purchase is matched by id first.
    if (update.clientOrderId === this.inventoryOrder) {
      if (TERMINAL_ORDER_STATUSES.has(update.status)) this.inventoryDone(ctx);
      return;
    }
    if (!tracked) return;
    const leg = this.legOf(update.clientOrderId);
    if (!leg || !TERMINAL_ORDER_STATUSES.has(update.status)) return;
    leg.done = true;
    if (update.status === 'rejected') this.note(ctx, 'warn', `${leg.venue}:${leg.symbol} ${leg.purpose} leg rejected: ${update.reason ?? ''}`);
    this.maybeFinish(ctx);
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    this.orders.onFill(fill);
    if (fill.clientOrderId === this.inventoryOrder) {
      this.inventoryFilled += fill.quantity;
      if (this.inventoryFilled >= this.inventoryQuantity - 1e-12) this.inventoryDone(ctx);
      return;
    }
    const trade = this.trade;
    const leg = this.legOf(fill.clientOrderId);
    if (!trade || !leg) return;
    leg.filled += fill.quantity;
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    trade.base += signed;
    trade.quote -= signed * fill.price;
    // Fees in the quote are dollars; a fee in the coin changes the base.
    const inst = fill.venue === this.config.dex.venue ? this.dexInstrument : this.cexInstrument;
    if (inst && fill.feeCurrency.toUpperCase() === inst.base.toUpperCase()) trade.base -= fill.fee;
    else trade.quote -= fill.fee;
    if (leg.filled >= leg.quantity - 1e-12) leg.done = true;
    this.maybeFinish(ctx);
  }

  onTimer(timerId: string, ctx: StrategyContext): Promise<void> | void {
    if (timerId !== LEG_TIMER || this.trade === null) return;
    const trade = this.trade;
    const open = this.orders.open().filter((o) => trade.legs.some((l) => l.clientOrderId === o.clientOrderId));
    if (open.length > 0) this.note(ctx, 'warn', `trade ${trade.id}: ${open.length} leg(s) still open after ${this.config.legTimeoutMs} ms; cancelling`);
    return Promise.all(open.map((o) => this.orders.cancel(ctx, o, (error) => ctx.logger.warn({ err: error }, 'leg cancel failed')))).then(() => undefined);
  }

  private inventoryDone(ctx: StrategyContext): void {
    this.inventoryOrder = null;
    this.cooldownUntilMs = ctx.now() + this.config.cooldownMs;
  }

  private legOf(clientOrderId: string): Leg | undefined {
    return this.trade?.legs.find((l) => l.clientOrderId === clientOrderId);
  }

  /** Once every leg is done: unwind a base imbalance on the CEX (once), else close the trade. */
  private maybeFinish(ctx: StrategyContext): void {
    const trade = this.trade;
    if (!trade || trade.legs.some((l) => !l.done)) return;
    const c = this.cexInstrument!;
    const step = c.sizeStep ?? c.minSize ?? 0;
    const imbalance = roundDownToStep(Math.abs(trade.base), step, c.minSize ?? 0);
    const book = this.cexBook.book;
    if (imbalance > 0 && !trade.unwound && this.cexBook.synced && book.bestBid() > 0 && book.bestAsk() > 0) {
      trade.unwound = true;
      this.unwinds++;
      const side: OrderSide = trade.base > 0 ? 'sell' : 'buy';
      const price = side === 'sell' ? roundToTick(book.bestBid() * (1 - UNWIND_SLIPPAGE), c.tickSize, 'down') : roundToTick(book.bestAsk() * (1 + UNWIND_SLIPPAGE), c.tickSize, 'up');
      const leg: Leg = { venue: c.venue, symbol: c.symbol, side, quantity: imbalance, price, purpose: 'unwind', clientOrderId: null, filled: 0, done: false };
      trade.legs.push(leg);
      this.note(ctx, 'trade', `trade ${trade.id}: unwinding ${side} ${imbalance} ${c.venue}:${c.symbol} @ ${price}`);
      void this.send(trade, leg, ctx).then(() => this.maybeFinish(ctx));
      return;
    }
    const filled = trade.legs.filter((l) => l.purpose !== 'unwind').every((l) => l.filled >= l.quantity - 1e-12);
    const anyFill = trade.legs.some((l) => l.filled > 0);
    const status: DexCexTradeRecord['status'] = roundDownToStep(Math.abs(trade.base), step, c.minSize ?? 0) > 0 ? 'left-open' : trade.unwound ? 'unwound' : filled ? 'filled' : anyFill ? 'unwound' : 'unfilled';
    if (status === 'filled') this.tradesFilled++;
    this.realizedProfit += trade.quote;
    this.records.push({ id: trade.id, timeMs: trade.startedMs, direction: trade.direction, quantity: trade.legs[0]!.quantity, expectedProfit: trade.expectedProfit, result: trade.quote, status });
    if (this.records.length > 20) this.records.shift();
    this.note(ctx, status === 'left-open' ? 'warn' : 'trade', `trade ${trade.id} ${status}: ${trade.quote >= 0 ? '+' : ''}${trade.quote.toFixed(2)} USD (expected ${trade.expectedProfit.toFixed(2)} after ${this.config.gasUsd} gas)`);
    this.trade = null;
    this.cooldownUntilMs = ctx.now() + this.config.cooldownMs;
    ctx.cancelTimer(LEG_TIMER);
  }

  private note(ctx: StrategyContext, level: ActivityLevel, message: string): void {
    this.activity.add(ctx.now(), level, message);
    if (level === 'trade' || level === 'warn') ctx.logger.info({ strategy: this.name }, message);
  }

  state(): DexCexArbitrageState {
    const book = this.cexBook.book;
    const known = (x: number): number | null => (Number.isFinite(x) && x > 0 ? x : null);
    return {
      name: this.name, dex: `${this.config.dex.venue}:${this.config.dex.symbol}`, cex: `${this.config.cex.venue}:${this.config.cex.symbol}`,
      dexPrice: this.reserves ? this.reserves.quote / this.reserves.base : null,
      cexBid: this.cexBook.synced ? known(book.bestBid()) : null, cexAsk: this.cexBook.synced ? known(book.bestAsk()) : null,
      opportunities: this.opportunities, tradesSent: this.tradeSeq, tradesFilled: this.tradesFilled, unwinds: this.unwinds, realizedProfit: this.realizedProfit,
      trades: [...this.records],
      orders: { open: this.orders.open().length, submitted: this.orders.submitted, rejected: this.orders.rejected },
      log: this.activity.list(),
    };
  }
}

/** Rounds a positive quantity up to the step grid (unchanged without a step). */
function roundUpToStep(quantity: number, step: number): number {
  return step > 0 ? Number((Math.ceil(quantity / step - 1e-9) * step).toFixed(10)) : quantity;
}

/** @throws ConfigError naming each bad or unknown key. */
export function createDexCexArbitrageStrategy(config?: DexCexArbitrageConfigInput): DexCexArbitrageStrategy {
  return new DexCexArbitrageStrategy(parseDexCexArbitrageConfig(config));
}
