/**
 * Test support for strategies: a StrategyContext on a ReplayClock that records log lines, orders
 * and cancels, runs off-path work at once (awaitable through `idle()`), and serves a portfolio
 * the test sets (or none, in which case `portfolio` refuses as the engine does).
 */
import { NotSupportedError } from '../../domain/errors.js';
import type { Instrument } from '../../domain/instrument.js';
import type { MarketEvent, TickerEvent } from '../../domain/market-event.js';
import type { Fill, OrderRequest, OrderUpdate, Position } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import { ReplayClock } from '../../engine/clock.js';
import type { Logger } from '../../engine/logger.js';
import type { OrderAmendment } from '../../engine/market-feed.js';
import type { CatalogView, OrderAck, PortfolioView, Strategy, StrategyContext } from '../../engine/strategy.js';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly obj: object;
}

export function catalogOf(instruments: readonly Instrument[]): CatalogView {
  return {
    instruments: (venue: VenueId) => instruments.filter((i) => i.venue === venue),
    find: (venue: VenueId, symbol: string) => instruments.find((i) => i.venue === venue && i.symbol === symbol),
  };
}

export class FakeContext implements StrategyContext {
  readonly clock: ReplayClock;
  readonly lines: LogLine[] = [];
  readonly orders: OrderRequest[] = [];
  readonly cancels: string[] = [];
  /** Amend requests, when `canAmend` is set; otherwise amendOrder throws NotSupportedError as a venue without amend does. */
  readonly amends: Array<{ clientOrderId: string; change: OrderAmendment }> = [];
  canAmend = false;
  readonly timers = new Map<string, { delayMs: number; repeatMs: number | undefined }>();
  /** null = the run has no portfolio. */
  equity: number | null = 10_000;
  readonly held = new Map<string, Position>();
  /** Balances by `venue:CURRENCY` for `portfolio.balance` (0 when not set). */
  readonly balances = new Map<string, number>();
  /** When set, submitOrder rejects with this error. */
  rejectWith: Error | null = null;
  private readonly pending: Promise<void>[] = [];
  catalogs: CatalogView;
  readonly logger: Logger;

  constructor(readonly name: string, startMs: number, instruments: readonly Instrument[] = []) {
    this.clock = new ReplayClock(startMs);
    this.catalogs = catalogOf(instruments);
    const push = (level: LogLine['level']) => (obj: object, msg?: string): void => {
      this.lines.push({ level, msg: msg ?? '', obj });
    };
    this.logger = { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error'), child: () => this.logger };
  }

  now(): number {
    return this.clock.now();
  }

  get portfolio(): PortfolioView {
    if (this.equity === null) throw new NotSupportedError('this run has no portfolio');
    const equity = this.equity;
    return {
      equityUsd: () => equity,
      position: (venue, symbol) => this.held.get(`${venue}:${symbol}`),
      positions: () => [...this.held.values()],
      balance: (venue, currency) => this.balances.get(`${venue}:${currency.toUpperCase()}`) ?? 0,
    };
  }

  hold(venue: VenueId, symbol: string, quantity: number): void {
    this.held.set(`${venue}:${symbol}`, { venue, symbol, quantity, averagePrice: null, realizedPnl: 0 });
  }

  setTimer(id: string, delayMs: number, repeatMs?: number): void {
    this.timers.set(id, { delayMs, repeatMs });
  }

  cancelTimer(id: string): void {
    this.timers.delete(id);
  }

  runOffPath(_key: string, task: () => Promise<void>): void {
    this.pending.push(task());
  }

  async submitOrder(request: OrderRequest): Promise<OrderAck> {
    if (this.rejectWith) throw this.rejectWith;
    this.orders.push(request);
    return { clientOrderId: request.clientOrderId, venueOrderId: `v-${request.clientOrderId}` };
  }

  async cancelOrder(_venue: VenueId, clientOrderId: string): Promise<void> {
    this.cancels.push(clientOrderId);
  }

  async amendOrder(venue: VenueId, clientOrderId: string, change: OrderAmendment): Promise<void> {
    if (!this.canAmend) throw new NotSupportedError(`${venue} execution cannot amend orders`, { venue, clientOrderId });
    this.amends.push({ clientOrderId, change });
  }

  /** Waits for every off-path task started so far (and those they start). */
  async idle(): Promise<void> {
    while (this.pending.length > 0) await this.pending.shift();
  }

  /** Moves the clock to the event's receive time and delivers it, then waits for off-path work. */
  async deliver(strategy: Strategy, event: MarketEvent): Promise<void> {
    this.clock.advanceTo(event.tsLocal);
    await strategy.onEvent(event, this);
    await this.idle();
  }

  messages(prefix: string): LogLine[] {
    return this.lines.filter((l) => l.msg.trimStart().startsWith(prefix));
  }
}

export function ticker(venue: VenueId, symbol: string, tsLocal: number, fields: Partial<TickerEvent> = {}): TickerEvent {
  return {
    kind: 'ticker', venue, symbol, tsVenue: tsLocal, tsLocal, priceCurrency: 'USD', bid: null, bidSize: null, ask: null, askSize: null,
    last: null, mark: null, index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: null, openInterest: null, ...fields,
  };
}

export function orderUpdate(request: OrderRequest, status: OrderUpdate['status'], tsLocal: number, filled = 0): OrderUpdate {
  return {
    kind: 'order_update', venue: request.venue, symbol: request.symbol, clientOrderId: request.clientOrderId, venueOrderId: null, status,
    filledQuantity: filled, remainingQuantity: request.quantity - filled, averageFillPrice: null, reason: null, tsVenue: tsLocal, tsLocal,
  };
}

export function fillOf(request: OrderRequest, quantity: number, price: number, tsLocal: number): Fill {
  return {
    kind: 'fill', venue: request.venue, symbol: request.symbol, clientOrderId: request.clientOrderId, venueOrderId: null, tradeId: `t-${request.clientOrderId}-${tsLocal}`,
    side: request.side, price, quantity, fee: 0, feeCurrency: 'USD', liquidity: 'taker', tsVenue: tsLocal, tsLocal,
  };
}
