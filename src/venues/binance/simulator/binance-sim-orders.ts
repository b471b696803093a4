/**
 * The Binance simulator's accounts and matching engine, spot and USDⓈ-M. Orders are checked
 * against the symbol filters (PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, NOTIONAL / MIN_NOTIONAL)
 * and balances (spot: free/locked per asset; futures: USDT wallet, 20× initial margin), then
 * matched against the simulated book: the aggressive part fills level by level at the book's
 * prices (taker; the ladder itself is not depleted), IOC/market remainders expire, FOK fills
 * completely or expires, spot LIMIT_MAKER that would take is rejected, futures GTX that would take
 * expires; the rest waits on the book and fills at its limit price (maker) when the simulated
 * market crosses it. Fees: spot 0.1 % on the asset received; futures 0.02 % maker / 0.05 % taker
 * in USDT. Every change is published as the venue's user-stream events.
 */
import type { BinanceMarket } from '../parse/binance-symbols.js';
import { binanceSimError, type BinanceSimCredentials, type BinanceSimError } from './binance-sim-auth.js';

export interface BinanceSimAccountConfig extends BinanceSimCredentials {
  /** Spot balances per asset (free). */
  readonly spot?: Readonly<Record<string, number>>;
  /** USDⓈ-M wallet balance in USDT. */
  readonly futuresUsdt?: number;
}

/** What the matcher needs of a simulated listing (the simulator's symbols fit it). */
export interface BinanceSimListing {
  readonly market: BinanceMarket;
  readonly wire: string;
  readonly base: string;
  readonly quote: string;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly ladder: { top(max?: number): { bids: number[]; asks: number[] } };
}

export interface SimAccount extends BinanceSimCredentials {
  readonly assets: Map<string, { free: number; locked: number }>;
  wallet: number;
  readonly positions: Map<string, { amt: number; entry: number }>;
}

interface SimOrder {
  readonly account: SimAccount;
  readonly listing: BinanceSimListing;
  readonly orderId: number;
  clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'LIMIT' | 'MARKET' | 'LIMIT_MAKER';
  readonly timeInForce: string | null;
  price: number;
  origQty: number;
  executedQty: number;
  cumQuote: number;
  status: string;
  readonly reduceOnly: boolean;
  readonly time: number;
  updateTime: number;
  /** Spot: amount still locked for this order (quote for buys, base for sells). */
  locked: number;
}

interface SimTrade {
  readonly order: SimOrder;
  readonly id: number;
  readonly price: number;
  readonly qty: number;
  readonly fee: number;
  readonly feeAsset: string;
  readonly maker: boolean;
  readonly realizedPnl: number;
  readonly time: number;
}

export type SimResult = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly error: BinanceSimError };
export type Publish = (account: SimAccount, market: BinanceMarket, event: Record<string, unknown>) => void;

/** Simulated filters beyond PRICE_FILTER / LOT_SIZE (the live BTCUSDT perpetual asks 100 USDT; 5 here keeps test orders small). */
export const SIM_MIN_NOTIONAL = 5;
export const SIM_MARKET_MAX_QTY = 100;
const LEVERAGE = 20;
const SPOT_FEE = 0.001;
const FUT_MAKER = 0.0002;
const FUT_TAKER = 0.0005;
const EPS = 1e-9;

const ok = (body: unknown): SimResult => ({ ok: true, body });
const fail = (code: number, msg: string, status = 400): SimResult => ({ ok: false, error: binanceSimError(status, code, msg) });

export class BinanceSimOrders {
  readonly accounts = new Map<string, SimAccount>();
  private readonly orders: SimOrder[] = [];
  private readonly trades: SimTrade[] = [];
  private nextOrderId = 1_000;
  private nextTradeId = 50_000;

  constructor(private readonly listings: readonly BinanceSimListing[], private readonly publish: Publish, accounts: readonly BinanceSimAccountConfig[] = []) {
    for (const a of accounts) this.addAccount(a);
  }

  addAccount(config: BinanceSimAccountConfig): SimAccount {
    const account: SimAccount = { apiKey: config.apiKey, apiSecret: config.apiSecret, assets: new Map(), wallet: config.futuresUsdt ?? 0, positions: new Map() };
    for (const [asset, free] of Object.entries(config.spot ?? {})) account.assets.set(asset, { free, locked: 0 });
    this.accounts.set(config.apiKey, account);
    return account;
  }

  /** Extra filters the simulator's exchangeInfo lists for a symbol. */
  extraFilters(l: BinanceSimListing): Array<Record<string, unknown>> {
    const step = fmt(l.lotSize, l.lotSize);
    return l.market === 'spot'
      ? [{ filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: String(SIM_MARKET_MAX_QTY), stepSize: '0.00000000' },
        { filterType: 'NOTIONAL', minNotional: String(SIM_MIN_NOTIONAL), applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 }]
      : [{ filterType: 'MARKET_LOT_SIZE', minQty: step, maxQty: String(SIM_MARKET_MAX_QTY), stepSize: step }, { filterType: 'MIN_NOTIONAL', notional: String(SIM_MIN_NOTIONAL) }];
  }

  // ---- order entry ---------------------------------------------------------------------------

  place(account: SimAccount, market: BinanceMarket, q: URLSearchParams, now: number): SimResult {
    const listing = this.listing(market, q.get('symbol'));
    if (listing === undefined) return fail(-1121, 'Invalid symbol.');
    const side = q.get('side');
    const type = q.get('type');
    if (side !== 'BUY' && side !== 'SELL') return fail(-1102, "Mandatory parameter 'side' was not sent, was empty/null, or malformed.");
    if (type !== 'LIMIT' && type !== 'MARKET' && type !== 'LIMIT_MAKER') return fail(-1116, 'Invalid orderType.');
    if (type === 'LIMIT_MAKER' && market === 'usdm') return fail(-1116, 'Invalid orderType.');
    const qty = Number(q.get('quantity'));
    const price = type === 'MARKET' ? 0 : Number(q.get('price'));
    const tif = type === 'LIMIT' ? q.get('timeInForce') : null;
    if (type === 'LIMIT' && (tif === null || !(market === 'spot' ? ['GTC', 'IOC', 'FOK'] : ['GTC', 'IOC', 'FOK', 'GTX', 'GTD']).includes(tif))) return fail(-1115, 'Invalid timeInForce.');
    const filter = this.checkFilters(listing, type, qty, price);
    if (filter !== null) return filter;
    const clientOrderId = q.get('newClientOrderId') ?? `sim${this.nextOrderId}`;
    if (!/^[.A-Z:/a-z0-9_-]{1,36}$/.test(clientOrderId)) return fail(-1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.");
    if (this.live(account, market).some((o) => o.clientOrderId === clientOrderId)) return fail(-2010, 'Duplicate order sent.');
    const reduceOnly = q.get('reduceOnly') === 'true';
    const order: SimOrder = {
      account, listing, orderId: this.nextOrderId++, clientOrderId, side, type, timeInForce: tif, price, origQty: qty, executedQty: 0, cumQuote: 0,
      status: 'NEW', reduceOnly, time: now, updateTime: now, locked: 0,
    };
    const accepted = this.accept(order, now);
    if (accepted !== null) return accepted;
    const fills = this.match(order, now);
    return ok(this.orderAnswer(order, q.get('newOrderRespType') ?? 'FULL', fills));
  }

  cancel(account: SimAccount, market: BinanceMarket, q: URLSearchParams, now: number): SimResult {
    const order = this.find(account, market, q);
    if (order === undefined || isFinal(order.status)) return fail(-2011, 'Unknown order sent.');
    this.finish(order, 'CANCELED', now);
    const body = this.orderJson(order);
    return ok(market === 'spot' ? { ...body, origClientOrderId: order.clientOrderId, clientOrderId: q.get('newClientOrderId') ?? `cancel${order.orderId}` } : body);
  }

  query(account: SimAccount, market: BinanceMarket, q: URLSearchParams): SimResult {
    const order = this.find(account, market, q);
    return order === undefined ? fail(-2013, 'Order does not exist.') : ok(this.orderJson(order));
  }

  openOrders(account: SimAccount, market: BinanceMarket, q: URLSearchParams): SimResult {
    const symbol = q.get('symbol');
    return ok(this.live(account, market).filter((o) => symbol === null || o.listing.wire === symbol).map((o) => this.orderJson(o)));
  }

  /** Spot `PUT /api/v3/order/amend/keepPriority`: quantity decreases only, in place. */
  amendKeepPriority(account: SimAccount, q: URLSearchParams, now: number): SimResult {
    const order = this.find(account, 'spot', q);
    if (order === undefined || isFinal(order.status)) return fail(-2013, 'Order does not exist.');
    const newQty = Number(q.get('newQty'));
    if (!(newQty > 0) || newQty >= order.origQty) return fail(-2038, 'Order amend (quantity increase) rejected: newQty must be greater than 0 and less than the order quantity.');
    if (!onGrid(newQty, order.listing.lotSize)) return fail(-1013, 'Filter failure: LOT_SIZE');
    const newClientOrderId = q.get('newClientOrderId') ?? order.clientOrderId;
    if (newQty <= order.executedQty + EPS) {
      order.origQty = order.executedQty;
      this.finish(order, 'FILLED', now);
    } else {
      if (order.side === 'BUY') this.unlock(order, (order.origQty - newQty) * order.price);
      else this.unlock(order, order.origQty - newQty);
      order.origQty = newQty;
      order.clientOrderId = newClientOrderId;
      order.updateTime = now;
      this.report(order, 'REPLACED', null, now);
    }
    return ok({ transactTime: now, executionId: this.nextTradeId++, amendedOrder: { ...this.orderJson(order), origClientOrderId: q.get('origClientOrderId') ?? order.clientOrderId } });
  }

  /** Spot `POST /api/v3/order/cancelReplace` (STOP_ON_FAILURE). */
  cancelReplace(account: SimAccount, q: URLSearchParams, now: number): SimResult {
    if (q.get('cancelReplaceMode') !== 'STOP_ON_FAILURE' && q.get('cancelReplaceMode') !== 'ALLOW_FAILURE') return fail(-1102, "Mandatory parameter 'cancelReplaceMode' was not sent, was empty/null, or malformed.");
    const cancelParams = new URLSearchParams();
    cancelParams.set('symbol', q.get('symbol') ?? '');
    const origClient = q.get('cancelOrigClientOrderId');
    const origId = q.get('cancelOrderId');
    if (origClient !== null) cancelParams.set('origClientOrderId', origClient);
    if (origId !== null) cancelParams.set('orderId', origId);
    const cancelled = this.cancel(account, 'spot', cancelParams, now);
    if (!cancelled.ok) {
      return { ok: false, error: { status: 400, code: -2022, msg: `Order cancel-replace failed. cancel: ${cancelled.error.code} ${cancelled.error.msg}` } };
    }
    const placed = this.place(account, 'spot', q, now);
    if (!placed.ok) return { ok: false, error: { status: 409, code: -2021, msg: `Order cancel-replace partially failed. new order: ${placed.error.code} ${placed.error.msg}` } };
    return ok({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS', cancelResponse: cancelled.body, newOrderResponse: placed.body });
  }

  /** USDⓈ-M `PUT /fapi/v1/order`: new price and quantity of a resting limit order. */
  modify(account: SimAccount, q: URLSearchParams, now: number): SimResult {
    const order = this.find(account, 'usdm', q);
    if (order === undefined || isFinal(order.status)) return fail(-2013, 'Order does not exist.');
    if (order.type !== 'LIMIT') return fail(-4148, 'Only limit order is supported.');
    const qty = Number(q.get('quantity'));
    const price = Number(q.get('price'));
    if (q.get('side') !== order.side) return fail(-1102, "Mandatory parameter 'side' was not sent, was empty/null, or malformed.");
    const filter = this.checkFilters(order.listing, 'LIMIT', qty, price);
    if (filter !== null) return filter;
    if (qty <= order.executedQty + EPS) return fail(-2027, 'Exceeded the maximum allowable position at current leverage.');
    if (qty === order.origQty && price === order.price) return fail(-5027, 'No need to modify the order.');
    order.origQty = qty;
    order.price = price;
    order.updateTime = now;
    this.report(order, 'AMENDMENT', null, now);
    this.match(order, now);
    return ok(this.orderJson(order));
  }

  // ---- account queries -----------------------------------------------------------------------

  accountTrades(account: SimAccount, market: BinanceMarket, q: URLSearchParams): SimResult {
    const listing = this.listing(market, q.get('symbol'));
    if (listing === undefined) return fail(-1121, 'Invalid symbol.');
    const fromId = q.get('fromId');
    if (fromId !== null && (q.get('startTime') !== null || q.get('endTime') !== null)) return fail(-1128, 'Combination of optional parameters invalid.');
    const start = q.get('startTime') === null ? 0 : Number(q.get('startTime'));
    const end = q.get('endTime') === null ? Infinity : Number(q.get('endTime'));
    if (fromId === null && end - start > (market === 'spot' ? 24 : 7 * 24) * 3_600_000) return fail(-1127, 'More than 24 hours between startTime and endTime.');
    const limit = Math.min(1000, Number(q.get('limit') ?? 500));
    const rows = this.trades.filter((t) => t.order.account === account && t.order.listing === listing && (fromId !== null ? t.id >= Number(fromId) : t.time >= start && t.time <= end)).slice(0, limit);
    return ok(rows.map((t) => this.tradeJson(t)));
  }

  spotAccount(account: SimAccount, now: number): SimResult {
    const balances = [...account.assets].map(([asset, b]) => ({ asset, free: money(b.free), locked: money(b.locked) }));
    return ok({ makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0, canTrade: true, canWithdraw: true, canDeposit: true, updateTime: now, accountType: 'SPOT', balances, permissions: ['SPOT'] });
  }

  futuresAccount(account: SimAccount): SimResult {
    const available = this.futuresAvailable(account);
    return ok({
      totalWalletBalance: money(account.wallet), availableBalance: money(available),
      assets: [{ asset: 'USDT', walletBalance: money(account.wallet), unrealizedProfit: '0.00000000', marginBalance: money(account.wallet), availableBalance: money(available), maxWithdrawAmount: money(available) }],
      positions: this.positionRows(account),
    });
  }

  positionRisk(account: SimAccount): SimResult {
    return ok(this.positionRows(account));
  }

  // ---- market ------------------------------------------------------------------------------

  /** Fills resting orders the current book crosses (called after every market-data step). */
  onBook(now: number): void {
    for (const order of this.orders) {
      if (isFinal(order.status) || order.type === 'MARKET') continue;
      const { bids, asks } = order.listing.ladder.top(1);
      const bestAsk = asks[0];
      const bestBid = bids[0];
      if ((order.side === 'BUY' && bestAsk !== undefined && bestAsk <= order.price) || (order.side === 'SELL' && bestBid !== undefined && bestBid >= order.price)) {
        this.fill(order, order.price, order.origQty - order.executedQty, true, now);
      }
    }
  }

  /** Fills resting orders of `wire` as if the market traded through `price` (tests, demos). */
  tradeThrough(market: BinanceMarket, wire: string, price: number, now: number): number {
    let n = 0;
    for (const order of this.orders) {
      if (isFinal(order.status) || order.listing.market !== market || order.listing.wire !== wire) continue;
      if ((order.side === 'BUY' && price <= order.price) || (order.side === 'SELL' && price >= order.price)) {
        this.fill(order, order.price, order.origQty - order.executedQty, true, now);
        n++;
      }
    }
    return n;
  }

  // ---- internals ---------------------------------------------------------------------------

  private checkFilters(l: BinanceSimListing, type: string, qty: number, price: number): SimResult | null {
    const usdm = l.market === 'usdm';
    if (!(qty > 0)) return fail(-1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
    if (type !== 'MARKET' && !(price > 0)) return fail(-1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
    if (type !== 'MARKET' && !onGrid(price, l.tickSize)) return usdm ? fail(-4014, 'Price not increased by tick size.') : fail(-1013, 'Filter failure: PRICE_FILTER');
    if (!onGrid(qty, l.lotSize) || qty < l.lotSize) return usdm ? fail(-1111, 'Precision is over the maximum defined for this asset.') : fail(-1013, 'Filter failure: LOT_SIZE');
    if (type === 'MARKET' && qty > SIM_MARKET_MAX_QTY) return fail(-1013, 'Filter failure: MARKET_LOT_SIZE');
    const ref = type === 'MARKET' ? this.touch(l, 'BUY') ?? 0 : price;
    if (qty * ref < SIM_MIN_NOTIONAL) return usdm ? fail(-4164, `Order's notional must be no smaller than ${SIM_MIN_NOTIONAL} (unless you choose reduce only).`) : fail(-1013, 'Filter failure: NOTIONAL');
    return null;
  }

  /** Balance and margin checks, then locks funds and reports NEW. Returns an error or null. */
  private accept(order: SimOrder, now: number): SimResult | null {
    const l = order.listing;
    const wouldTake = order.type !== 'MARKET' && this.crosses(order);
    if (order.type === 'LIMIT_MAKER' && wouldTake) return fail(-2010, 'Order would immediately match and take.');
    if (l.market === 'spot') {
      if (order.side === 'BUY') {
        const cost = order.type === 'MARKET' ? this.sweepCost(order) : order.origQty * order.price;
        if (cost === null || this.asset(order.account, l.quote).free + EPS < cost) return fail(-2010, 'Account has insufficient balance for requested action.');
        if (order.type !== 'MARKET') this.lock(order, l.quote, cost);
      } else {
        if (this.asset(order.account, l.base).free + EPS < order.origQty) return fail(-2010, 'Account has insufficient balance for requested action.');
        if (order.type !== 'MARKET') this.lock(order, l.base, order.origQty);
      }
    } else {
      const pos = order.account.positions.get(l.wire)?.amt ?? 0;
      const signed = order.side === 'BUY' ? order.origQty : -order.origQty;
      if (order.reduceOnly && (pos === 0 || Math.sign(signed) === Math.sign(pos) || Math.abs(signed) > Math.abs(pos) + EPS)) return fail(-2022, 'ReduceOnly Order is rejected.');
      const ref = order.type === 'MARKET' ? this.touch(l, order.side) ?? 0 : order.price;
      if (!order.reduceOnly && (order.origQty * ref) / LEVERAGE > this.futuresAvailable(order.account) + EPS) return fail(-2019, 'Margin is insufficient.');
    }
    this.orders.push(order);
    this.report(order, 'NEW', null, now);
    if (l.market === 'spot' && order.type !== 'MARKET') this.publishBalances(order.account, [order.side === 'BUY' ? l.quote : l.base], now);
    return null;
  }

  private match(order: SimOrder, now: number): SimTrade[] {
    const fills: SimTrade[] = [];
    const levels = order.side === 'BUY' ? order.listing.ladder.top().asks : order.listing.ladder.top().bids;
    const limit = order.type === 'MARKET' ? null : order.price;
    const crossing: Array<[number, number]> = [];
    for (let i = 0; i + 1 < levels.length; i += 2) {
      const p = levels[i]!;
      if (limit !== null && (order.side === 'BUY' ? p > limit : p < limit)) break;
      crossing.push([p, levels[i + 1]!]);
    }
    const available = crossing.reduce((s, [, size]) => s + size, 0);
    if (order.timeInForce === 'FOK' && available + EPS < order.origQty) {
      this.finish(order, 'EXPIRED', now);
      return fills;
    }
    if (order.timeInForce === 'GTX' && crossing.length > 0) {
      this.finish(order, 'EXPIRED', now);
      return fills;
    }
    for (const [p, size] of crossing) {
      const remaining = order.origQty - order.executedQty;
      if (remaining <= EPS) break;
      fills.push(this.fill(order, p, Math.min(size, remaining), false, now));
    }
    if (!isFinal(order.status) && (order.type === 'MARKET' || order.timeInForce === 'IOC' || order.timeInForce === 'FOK')) this.finish(order, 'EXPIRED', now);
    return fills;
  }

  private fill(order: SimOrder, price: number, rawQty: number, maker: boolean, now: number): SimTrade {
    const l = order.listing;
    const qty = round(rawQty, l.lotSize);
    const notional = qty * price;
    let fee: number;
    let feeAsset: string;
    let realizedPnl = 0;
    if (l.market === 'spot') {
      const a = order.account;
      if (order.side === 'BUY') {
        // A limit buy releases what it reserved at its limit price and pays the traded price.
        if (order.type !== 'MARKET') this.unlock(order, Math.min(order.locked, qty * order.price));
        this.asset(a, l.quote).free -= notional;
        fee = qty * SPOT_FEE;
        feeAsset = l.base;
        this.asset(a, l.base).free += qty - fee;
      } else {
        if (order.type !== 'MARKET') this.unlock(order, Math.min(order.locked, qty));
        this.asset(a, l.base).free -= qty;
        fee = notional * SPOT_FEE;
        feeAsset = l.quote;
        this.asset(a, l.quote).free += notional - fee;
      }
    } else {
      fee = notional * (maker ? FUT_MAKER : FUT_TAKER);
      feeAsset = 'USDT';
      realizedPnl = this.applyPosition(order.account, l.wire, order.side === 'BUY' ? qty : -qty, price);
      order.account.wallet += realizedPnl - fee;
    }
    order.executedQty = round(order.executedQty + qty, l.lotSize);
    order.cumQuote += notional;
    order.updateTime = now;
    order.status = order.executedQty + EPS >= order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    if (order.status === 'FILLED' && order.locked > 0) this.unlock(order, order.locked);
    const trade: SimTrade = { order, id: this.nextTradeId++, price, qty, fee, feeAsset, maker, realizedPnl, time: now };
    this.trades.push(trade);
    this.report(order, 'TRADE', trade, now);
    if (l.market === 'spot') this.publishBalances(order.account, [l.base, l.quote], now);
    else this.publishFuturesAccount(order.account, l.wire, now);
    return trade;
  }

  private applyPosition(account: SimAccount, wire: string, signed: number, price: number): number {
    const pos = account.positions.get(wire) ?? { amt: 0, entry: 0 };
    let realized = 0;
    if (pos.amt === 0 || Math.sign(pos.amt) === Math.sign(signed)) {
      const total = Math.abs(pos.amt) + Math.abs(signed);
      pos.entry = (Math.abs(pos.amt) * pos.entry + Math.abs(signed) * price) / total;
      pos.amt += signed;
    } else {
      const closing = Math.min(Math.abs(signed), Math.abs(pos.amt));
      realized = closing * (price - pos.entry) * Math.sign(pos.amt);
      const after = pos.amt + signed;
      // Flat: no entry; flipped through zero: the remainder opened at this price.
      if (Math.abs(after) < EPS) pos.entry = 0;
      else if (Math.sign(after) !== Math.sign(pos.amt)) pos.entry = price;
      pos.amt = Math.abs(after) < EPS ? 0 : after;
    }
    account.positions.set(wire, pos);
    return realized;
  }

  private finish(order: SimOrder, status: 'CANCELED' | 'EXPIRED' | 'FILLED', now: number): void {
    order.status = status;
    order.updateTime = now;
    if (order.listing.market === 'spot' && order.locked > 0) {
      const asset = order.side === 'BUY' ? order.listing.quote : order.listing.base;
      this.unlock(order, order.locked);
      this.publishBalances(order.account, [asset], now);
    }
    this.report(order, status, null, now);
  }

  private report(order: SimOrder, execution: string, trade: SimTrade | null, now: number): void {
    const l = order.listing;
    if (l.market === 'spot') {
      this.publish(order.account, 'spot', {
        e: 'executionReport', E: now, s: l.wire, c: order.clientOrderId, S: order.side, o: order.type, f: order.timeInForce ?? 'GTC',
        q: fmt(order.origQty, l.lotSize), p: fmt(order.price, l.tickSize), P: '0.00000000', F: '0.00000000', g: -1, C: '',
        x: execution, X: order.status, r: 'NONE', i: order.orderId, l: trade === null ? '0.00000000' : fmt(trade.qty, l.lotSize),
        z: fmt(order.executedQty, l.lotSize), L: trade === null ? '0.00000000' : fmt(trade.price, l.tickSize), n: trade === null ? '0' : money(trade.fee),
        N: trade === null ? null : trade.feeAsset, T: now, t: trade === null ? -1 : trade.id, v: 0, I: 0, w: !isFinal(order.status), m: trade?.maker ?? false, M: false,
        O: order.time, Z: money(order.cumQuote), Y: trade === null ? '0.00000000' : money(trade.qty * trade.price), Q: '0.00000000', W: order.time, V: 'NONE',
      });
      return;
    }
    this.publish(order.account, 'usdm', {
      e: 'ORDER_TRADE_UPDATE', E: now, T: now,
      o: {
        s: l.wire, c: order.clientOrderId, S: order.side, o: order.type, f: order.timeInForce ?? 'GTC', q: fmt(order.origQty, l.lotSize), p: fmt(order.price, l.tickSize),
        ap: order.executedQty > 0 ? String(order.cumQuote / order.executedQty) : '0', sp: '0', x: execution, X: order.status, i: order.orderId,
        l: trade === null ? '0' : fmt(trade.qty, l.lotSize), z: fmt(order.executedQty, l.lotSize), L: trade === null ? '0' : fmt(trade.price, l.tickSize),
        N: 'USDT', n: trade === null ? '0' : money(trade.fee), T: now, t: trade?.id ?? 0, b: '0', a: '0', m: trade?.maker ?? false, R: order.reduceOnly,
        wt: 'CONTRACT_PRICE', ot: order.type, ps: 'BOTH', cp: false, rp: trade === null ? '0' : money(trade.realizedPnl), pP: false, si: 0, ss: 0, V: 'EXPIRE_MAKER', pm: 'NONE', gtd: 0,
      },
    });
  }

  private publishBalances(account: SimAccount, assets: readonly string[], now: number): void {
    const B = [...new Set(assets)].map((a) => ({ a, f: money(this.asset(account, a).free), l: money(this.asset(account, a).locked) }));
    this.publish(account, 'spot', { e: 'outboundAccountPosition', E: now, u: now, B });
  }

  private publishFuturesAccount(account: SimAccount, wire: string, now: number): void {
    const pos = account.positions.get(wire) ?? { amt: 0, entry: 0 };
    this.publish(account, 'usdm', {
      e: 'ACCOUNT_UPDATE', E: now, T: now,
      a: { m: 'ORDER', B: [{ a: 'USDT', wb: money(account.wallet), cw: money(account.wallet), bc: '0' }], P: [{ s: wire, pa: String(pos.amt), ep: String(pos.entry), bep: String(pos.entry), cr: '0', up: '0', mt: 'cross', iw: '0', ps: 'BOTH' }] },
    });
  }

  private orderAnswer(order: SimOrder, respType: string, fills: readonly SimTrade[]): Record<string, unknown> {
    const body = this.orderJson(order);
    if (order.listing.market === 'usdm' || respType !== 'FULL') return body;
    const l = order.listing;
    return { ...body, fills: fills.map((t) => ({ price: fmt(t.price, l.tickSize), qty: fmt(t.qty, l.lotSize), commission: money(t.fee), commissionAsset: t.feeAsset, tradeId: t.id })) };
  }

  private orderJson(o: SimOrder): Record<string, unknown> {
    const l = o.listing;
    if (l.market === 'spot') {
      return {
        symbol: l.wire, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, transactTime: o.updateTime, price: fmt(o.price, l.tickSize),
        origQty: fmt(o.origQty, l.lotSize), executedQty: fmt(o.executedQty, l.lotSize), cummulativeQuoteQty: money(o.cumQuote), status: o.status,
        timeInForce: o.timeInForce ?? 'GTC', type: o.type, side: o.side, time: o.time, updateTime: o.updateTime, isWorking: true, workingTime: o.time,
        origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'NONE',
      };
    }
    return {
      clientOrderId: o.clientOrderId, cumQty: fmt(o.executedQty, l.lotSize), cumQuote: money(o.cumQuote), executedQty: fmt(o.executedQty, l.lotSize), orderId: o.orderId,
      avgPrice: o.executedQty > 0 ? String(o.cumQuote / o.executedQty) : '0.00000', origQty: fmt(o.origQty, l.lotSize), price: fmt(o.price, l.tickSize), reduceOnly: o.reduceOnly,
      side: o.side, positionSide: 'BOTH', status: o.status, stopPrice: '0', closePosition: false, symbol: l.wire, timeInForce: o.timeInForce ?? 'GTC', type: o.type,
      origType: o.type, time: o.time, updateTime: o.updateTime, workingType: 'CONTRACT_PRICE', priceProtect: false, priceMatch: 'NONE', selfTradePreventionMode: 'NONE', goodTillDate: 0,
    };
  }

  private tradeJson(t: SimTrade): Record<string, unknown> {
    const l = t.order.listing;
    const buyer = t.order.side === 'BUY';
    const common = { symbol: l.wire, id: t.id, orderId: t.order.orderId, price: fmt(t.price, l.tickSize), qty: fmt(t.qty, l.lotSize), quoteQty: money(t.price * t.qty), commission: money(t.fee), commissionAsset: t.feeAsset, time: t.time };
    return l.market === 'spot'
      ? { ...common, orderListId: -1, isBuyer: buyer, isMaker: t.maker, isBestMatch: true }
      : { ...common, buyer, maker: t.maker, realizedPnl: money(t.realizedPnl), side: t.order.side, positionSide: 'BOTH' };
  }

  private positionRows(account: SimAccount): Array<Record<string, unknown>> {
    return [...account.positions].map(([wire, p]) => ({ symbol: wire, positionSide: 'BOTH', positionAmt: String(p.amt), entryPrice: String(p.entry), breakEvenPrice: String(p.entry), unRealizedProfit: '0', liquidationPrice: '0', isolatedMargin: '0', notional: String(p.amt * p.entry), marginAsset: 'USDT', updateTime: 0 }));
  }

  private futuresAvailable(account: SimAccount): number {
    let used = 0;
    for (const p of account.positions.values()) used += (Math.abs(p.amt) * p.entry) / LEVERAGE;
    for (const o of this.live(account, 'usdm')) if (!o.reduceOnly) used += ((o.origQty - o.executedQty) * o.price) / LEVERAGE;
    return account.wallet - used;
  }

  private crosses(order: SimOrder): boolean {
    const best = this.touch(order.listing, order.side);
    return best !== null && (order.side === 'BUY' ? best <= order.price : best >= order.price);
  }

  /** Best opposite price for an order on `side`. */
  private touch(l: BinanceSimListing, side: 'BUY' | 'SELL'): number | null {
    const { bids, asks } = l.ladder.top(1);
    return (side === 'BUY' ? asks[0] : bids[0]) ?? null;
  }

  /** Quote needed to sweep a market buy; null when the book is too thin. */
  private sweepCost(order: SimOrder): number | null {
    const asks = order.listing.ladder.top().asks;
    let left = order.origQty;
    let cost = 0;
    for (let i = 0; i + 1 < asks.length && left > EPS; i += 2) {
      const q = Math.min(left, asks[i + 1]!);
      cost += q * asks[i]!;
      left -= q;
    }
    return left > EPS ? null : cost;
  }

  private lock(order: SimOrder, asset: string, amount: number): void {
    const b = this.asset(order.account, asset);
    b.free -= amount;
    b.locked += amount;
    order.locked += amount;
  }

  private unlock(order: SimOrder, amount: number): void {
    const b = this.asset(order.account, order.side === 'BUY' ? order.listing.quote : order.listing.base);
    b.locked -= amount;
    b.free += amount;
    order.locked -= amount;
  }

  private asset(account: SimAccount, asset: string): { free: number; locked: number } {
    let b = account.assets.get(asset);
    if (b === undefined) account.assets.set(asset, (b = { free: 0, locked: 0 }));
    return b;
  }

  private live(account: SimAccount, market: BinanceMarket): SimOrder[] {
    return this.orders.filter((o) => o.account === account && o.listing.market === market && !isFinal(o.status));
  }

  private find(account: SimAccount, market: BinanceMarket, q: URLSearchParams): SimOrder | undefined {
    const id = q.get('orderId');
    const client = q.get('origClientOrderId');
    const symbol = q.get('symbol');
    const matches = this.orders.filter((o) => o.account === account && o.listing.market === market && o.listing.wire === symbol && (id !== null ? String(o.orderId) === id : o.clientOrderId === client));
    // A client order id may be reused once the earlier order is done: prefer the live one, else the latest.
    return matches.find((o) => !isFinal(o.status)) ?? matches[matches.length - 1];
  }

  private listing(market: BinanceMarket, wire: string | null): BinanceSimListing | undefined {
    return this.listings.find((l) => l.market === market && l.wire === wire);
  }
}

function isFinal(status: string): boolean {
  return status === 'FILLED' || status === 'CANCELED' || status === 'EXPIRED' || status === 'REJECTED' || status === 'EXPIRED_IN_MATCH';
}

function onGrid(value: number, step: number): boolean {
  const k = value / step;
  return Math.abs(k - Math.round(k)) < 1e-6;
}

function round(value: number, step: number): number {
  return Number((Math.round(value / step) * step).toFixed(decimals(step)));
}

function decimals(step: number): number {
  let d = 0;
  while (d < 12 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-9) d++;
  return d;
}

function fmt(value: number, step: number): string {
  return value.toFixed(decimals(step));
}

function money(value: number): string {
  return value.toFixed(8);
}
