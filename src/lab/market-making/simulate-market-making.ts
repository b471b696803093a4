/**
 * Market making against a replayed L2 book and trade prints, with queue position.
 *
 * Events (book snapshots/deltas and trades of one instrument, in time order — from recordings via
 * `replayRecordings`, or the synthetic generator) drive an `OrderBook`. On each book event the
 * strategy re-quotes: prices rounded away from the mid to the tick, never crossing the book
 * (post-only: a bid at or above the best ask is moved to one tick below it), sides beyond the
 * inventory limit withdrawn. A new or moved order joins the back of its level
 * (`QueueModel.initialAhead`, default the conservative `RiskAverseQueueModel`).
 * Fills, all at our limit price:
 * - a trade print at our price eats the queue ahead (`afterTrade`); what passes it fills us;
 * - a print through our price (a sell below our bid, a buy above our ask) fills us up to its size;
 * - depth changes at our price move us forward only as the queue model allows (`afterDepthChange`).
 * Fees: `makerFee` × notional per fill (negative = rebate). P&L is marked to the mid.
 */
import { ArbiterError } from '../../domain/errors.js';
import type { MarketEvent } from '../../domain/market-event.js';
import { ASK, BID, OrderBook } from '../../orderbook/index.js';
import { RiskAverseQueueModel, type QueueModel } from '../../backtest/sim/queue-model.js';
import { avellanedaStoikovQuote, imbalanceQuote, type AsParams } from './quotes.js';

export interface MarketMakingConfig extends AsParams {
  readonly policy: 'avellaneda-stoikov' | 'imbalance';
  /** Session end (epoch ms); T − t is measured in seconds. */
  readonly sessionEnd: number;
  readonly tick: number;
  readonly quoteSize: number;
  readonly inventoryLimit: number;
  readonly makerFee?: number;
  /** Imbalance variant: κ and levels. */
  readonly kappa?: number;
  readonly imbalanceLevels?: number;
  readonly queueModel?: QueueModel;
}

interface RestingOrder {
  price: number;
  remaining: number;
  ahead: number;
}

export interface MarketMakingResult {
  readonly times: number[];
  readonly pnl: number[];
  readonly inventory: number[];
  readonly mid: number[];
  readonly fills: number;
  readonly volume: number;
  readonly fees: number;
  readonly finalPnl: number;
  readonly finalInventory: number;
  /** Mean P&L captured per unit filled relative to the mid at fill time. */
  readonly edgePerUnit: number;
}

export function simulateMarketMaking(events: Iterable<MarketEvent>, cfg: MarketMakingConfig): MarketMakingResult {
  if (!(cfg.tick > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `tick must be > 0, got ${cfg.tick}`);
  if (!(cfg.quoteSize > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `quoteSize must be > 0, got ${cfg.quoteSize}`);
  if (!(cfg.inventoryLimit >= cfg.quoteSize)) throw new ArbiterError('ARB_INPUT_INVALID', `inventoryLimit must be ≥ quoteSize, got ${cfg.inventoryLimit}`);
  const queue = cfg.queueModel ?? new RiskAverseQueueModel();
  const fee = cfg.makerFee ?? 0;
  const book = new OrderBook();
  const orders: [RestingOrder | null, RestingOrder | null] = [null, null];
  let inv = 0;
  let cash = 0;
  let fees = 0;
  let fills = 0;
  let volume = 0;
  let edge = 0;
  const times: number[] = [];
  const pnl: number[] = [];
  const inventory: number[] = [];
  const mids: number[] = [];
  const tick = cfg.tick;
  const roundDown = (x: number): number => Math.floor(x / tick + 1e-9) * tick;
  const roundUp = (x: number): number => Math.ceil(x / tick - 1e-9) * tick;

  const fill = (side: 0 | 1, size: number): void => {
    const o = orders[side]!;
    const q = Math.min(size, o.remaining);
    if (q <= 0) return;
    const notional = q * o.price;
    const f = Math.abs(notional) * fee;
    if (side === BID) {
      inv += q;
      cash -= notional + f;
    } else {
      inv -= q;
      cash += notional - f;
    }
    const m = book.mid();
    if (Number.isFinite(m)) edge += side === BID ? q * (m - o.price) : q * (o.price - m);
    fees += f;
    fills++;
    volume += q;
    o.remaining -= q;
    if (o.remaining <= 1e-12) orders[side] = null;
  };

  const requote = (tsLocal: number): void => {
    const bb = book.bestBid();
    const ba = book.bestAsk();
    if (!Number.isFinite(bb) || !Number.isFinite(ba)) return;
    const mid = (bb + ba) / 2;
    const tau = Math.max(0, (cfg.sessionEnd - tsLocal) / 1000);
    const qt = cfg.policy === 'imbalance'
      ? imbalanceQuote(mid, inv, tau, cfg, book.imbalance(cfg.imbalanceLevels ?? 5), cfg.kappa ?? 0.5)
      : avellanedaStoikovQuote(mid, inv, tau, cfg);
    const bidPx = Math.min(roundDown(qt.bid), ba - tick);
    const askPx = Math.max(roundUp(qt.ask), bb + tick);
    place(BID, bidPx, inv + cfg.quoteSize <= cfg.inventoryLimit + 1e-12);
    place(ASK, askPx, inv - cfg.quoteSize >= -cfg.inventoryLimit - 1e-12);
  };

  const place = (side: 0 | 1, price: number, allowed: boolean): void => {
    const cur = orders[side];
    if (!allowed || !(price > 0)) {
      orders[side] = null;
      return;
    }
    if (cur && Math.abs(cur.price - price) < tick / 2) return; // keep queue position
    orders[side] = { price, remaining: cfg.quoteSize, ahead: queue.initialAhead(book.sizeAt(side, price)) };
  };

  const depthChanged = (side: 0 | 1, prevSize: number): void => {
    const o = orders[side];
    if (!o) return;
    o.ahead = queue.afterDepthChange(o.ahead, prevSize, book.sizeAt(side, o.price));
  };

  const crossedCheck = (): void => {
    // Book moved through a resting order without a print: the venue would have matched it.
    const b = orders[BID];
    if (b && book.bestAsk() <= b.price) fill(BID, b.remaining);
    const a = orders[ASK];
    if (a && book.bestBid() >= a.price) fill(ASK, a.remaining);
  };

  for (const ev of events) {
    if (ev.kind === 'book_snapshot' || ev.kind === 'book_delta') {
      const prev: [number, number] = [orders[BID] ? book.sizeAt(BID, orders[BID].price) : 0, orders[ASK] ? book.sizeAt(ASK, orders[ASK].price) : 0];
      if (ev.kind === 'book_snapshot') book.applySnapshot(ev.bids, ev.asks, ev.sequence);
      else book.applyDelta(ev.bids, ev.asks, ev.sequence);
      depthChanged(BID, prev[0]);
      depthChanged(ASK, prev[1]);
      crossedCheck();
      requote(ev.tsLocal);
    } else if (ev.kind === 'trade') {
      // A sell aggressor hits bids; a buy aggressor lifts asks. Unknown side: infer from the touch.
      const side = ev.side === 'sell' ? BID : ev.side === 'buy' ? ASK : ev.price <= book.bestBid() ? BID : ev.price >= book.bestAsk() ? ASK : null;
      if (side === null) continue;
      const o = orders[side];
      if (!o) continue;
      const through = side === BID ? ev.price < o.price - 1e-12 : ev.price > o.price + 1e-12;
      const atPrice = Math.abs(ev.price - o.price) < tick / 2;
      const before = fills;
      if (through) fill(side, ev.size);
      else if (atPrice) {
        o.ahead = queue.afterTrade(o.ahead, ev.size);
        if (o.ahead < 0) {
          const q = -o.ahead;
          o.ahead = 0;
          fill(side, q);
        }
      }
      if (fills !== before) requote(ev.tsLocal);
    } else continue;
    const m = book.mid();
    if (Number.isFinite(m)) {
      times.push(ev.tsLocal);
      pnl.push(cash + inv * m);
      inventory.push(inv);
      mids.push(m);
    }
  }
  return {
    times, pnl, inventory, mid: mids, fills, volume, fees,
    finalPnl: pnl.length ? pnl[pnl.length - 1]! : 0,
    finalInventory: inv,
    edgePerUnit: volume > 0 ? edge / volume : 0,
  };
}
