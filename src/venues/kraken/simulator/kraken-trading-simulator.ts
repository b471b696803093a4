/**
 * The private side of the Kraken simulator: configured test accounts (API key, base64 private
 * key, starting balances) trade over the spot REST endpoints `AddOrder`, `CancelOrder`,
 * `AmendOrder`, `OpenOrders`, `QueryOrders`, `TradesHistory`, `Balance`, `BalanceEx` and
 * `GetWebSocketsToken` (`POST /0/private/<Method>`), and follow their orders on the authenticated
 * WebSocket v2 (`/auth/v2`) channels `executions` and `balances`.
 *
 * Every private call is checked as Kraken does, answering Kraken's own error strings: the
 * `API-Key` (`EAPI:Invalid key`), the `API-Sign` over the body (`EAPI:Invalid signature`), a nonce
 * above the key's last (`EAPI:Invalid nonce`; a per-account nonce window accepts late nonces
 * not yet used), the REST call counter (`EAPI:Rate limit exceeded`) and the per-pair trading
 * counter (`EOrder:Rate limit exceeded`), then the order's precision and minimums from the
 * simulator's own AssetPairs. Bodies are JSON; the simulator's HTTP layer hands it the parsed
 * body, so the signature is verified over its compact re-serialisation (`JSON.stringify`), which
 * is what Arbiter's client sends. Matching and balances: kraken-sim-account.ts.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { TokenBucket } from '../../shared/token-bucket.js';
import type { LoopbackServer, RestRequest, RestResponse } from '../../shared/simulator/loopback-server.js';
import type { L2Ladder } from '../../shared/simulator/l2-ladder.js';
import { KrakenPairTable } from '../execution/kraken-pairs.js';
import { KRAKEN_REST_COUNTER, KRAKEN_TRADING_COUNTER, krakenCancelPenalty, krakenRestCost, type KrakenTier } from '../execution/kraken-rate-limits.js';
import { SimAccount, type SimOrder, type SimPairRef } from './kraken-sim-account.js';
import { readKrakenWsRequest } from './kraken-ws-request.js';

export interface KrakenSimAccountConfig {
  readonly key: string;
  /** Base64 private key. */
  readonly secret: string;
  /** Starting balances by v2 asset name (`USD`, `BTC`). */
  readonly balances: Readonly<Record<string, number>>;
  /** Rate-limit tier (default pro). */
  readonly tier?: KrakenTier;
  /** Nonces this far below the highest seen are still accepted once (default 0: strictly increasing). */
  readonly nonceWindow?: number;
}

export interface KrakenTradingCounters {
  privateCalls: number;
  rejected: number;
  invalidKeys: number;
  invalidSignatures: number;
  invalidNonces: number;
  ordersPlaced: number;
  trades: number;
}

interface PairSource {
  readonly symbol: string;
  readonly ladder: L2Ladder;
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
}

interface Session {
  readonly socket: WebSocket;
  account: SimAccount | null;
  executions: boolean;
  balances: boolean;
  seqExecutions: number;
  seqBalances: number;
}

interface AccountLimits {
  readonly config: KrakenSimAccountConfig;
  readonly rest: TokenBucket;
  readonly trading: Map<string, TokenBucket>;
}

const METHODS = new Set(['AddOrder', 'CancelOrder', 'AmendOrder', 'OpenOrders', 'QueryOrders', 'TradesHistory', 'Balance', 'BalanceEx', 'GetWebSocketsToken']);
/** v2 asset names → the legacy REST codes Balance/BalanceEx answer with. */
const REST_ASSET: Readonly<Record<string, string>> = { BTC: 'XXBT', ETH: 'XETH', USD: 'ZUSD', EUR: 'ZEUR', DOGE: 'XXDG' };
const ok = (result: unknown): RestResponse => ({ status: 200, body: { error: [], result } });
const fail = (error: string): RestResponse => ({ status: 200, body: { error: [error] } });

function decimalsIn(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

export class KrakenTradingSimulator {
  readonly counters: KrakenTradingCounters = { privateCalls: 0, rejected: 0, invalidKeys: 0, invalidSignatures: 0, invalidNonces: 0, ordersPlaced: 0, trades: 0 };
  private readonly accounts = new Map<string, SimAccount>();
  private readonly limits = new Map<SimAccount, AccountLimits>();
  private readonly tokens = new Map<string, SimAccount>();
  private readonly refs: SimPairRef[];
  private readonly table: KrakenPairTable;
  private readonly sessions = new Set<Session>();
  private idSeq = 0;
  private lateAnswers = 0;
  private skipExecutions = 0;
  private lateAnswerMs = 0;
  private tradeSeq = 1_000;

  constructor(pairs: readonly PairSource[], assetPairs: unknown, accounts: readonly KrakenSimAccountConfig[], private readonly now: () => number = Date.now) {
    this.table = KrakenPairTable.fromAssetPairs(assetPairs).table;
    const fees = (assetPairs as { result: Record<string, { fees: number[][]; fees_maker: number[][] }> }).result;
    this.refs = pairs.map((p) => {
      const pair = this.table.symbol(p.symbol);
      const f = fees[pair.restKey];
      return { pair, ladder: p.ladder, pricePrecision: p.pricePrecision, qtyPrecision: p.qtyPrecision, takerFee: (f?.fees[0]?.[1] ?? 0.4) / 100, makerFee: (f?.fees_maker[0]?.[1] ?? 0.25) / 100 };
    });
    for (const a of accounts) this.addAccount(a);
  }

  /** Adds a test account (its key must be new). */
  addAccount(config: KrakenSimAccountConfig): SimAccount {
    if (this.accounts.has(config.key)) throw new Error(`kraken simulator: account ${config.key} exists`);
    const account = new SimAccount(config.key, config.secret, config.balances, {
      now: this.now,
      nextId: (prefix) => this.nextId(prefix),
      nextTradeId: () => ++this.tradeSeq,
      executions: (acc, reports) => {
        for (const r of reports) if (r.exec_type === 'trade') this.counters.trades++;
        this.push(acc, 'executions', reports);
      },
      ledger: (acc, entries) => this.push(acc, 'balances', entries),
    });
    const tier = config.tier ?? 'pro';
    this.accounts.set(config.key, account);
    this.limits.set(account, { config, rest: new TokenBucket(KRAKEN_REST_COUNTER[tier].max, KRAKEN_REST_COUNTER[tier].decayPerSec, this.now), trading: new Map() });
    return account;
  }

  account(key: string): SimAccount {
    const a = this.accounts.get(key);
    if (a === undefined) throw new Error(`kraken simulator: no account ${key}`);
    return a;
  }

  /** Registers the private REST routes on the simulator's server. */
  register(server: LoopbackServer): void {
    for (const method of METHODS) {
      server.route('POST', `/0/private/${method}`, (req) => {
        const out = this.handle(method, req);
        if (this.lateAnswers <= 0) return out;
        this.lateAnswers--;
        return new Promise<RestResponse>((resolve) => setTimeout(() => resolve(out), this.lateAnswerMs));
      });
    }
  }

  /** Called after every market step: resting orders the market now crosses trade. */
  onMarket(): void {
    for (const ref of this.refs) for (const a of this.accounts.values()) a.onMarket(ref);
  }

  /**
   * Another participant's aggressive order on `symbol` trading with every account's resting
   * orders it crosses (a `sell` down to `price`, a `buy` up to it), `qty` in all. Returns the
   * quantity traded.
   */
  flowThrough(symbol: string, side: 'buy' | 'sell', price: number, qty = Infinity): number {
    const ref = this.ref(symbol);
    let traded = 0;
    for (const a of this.accounts.values()) traded += a.flowThrough(ref, side, price, qty - traded);
    return traded;
  }

  /**
   * Fault: the next `count` private calls are carried out, but their answers leave `delayMs`
   * later (a client that stops waiting sees a lost answer to a request that did happen).
   */
  answerLate(delayMs: number, count = 1): void {
    this.lateAnswerMs = delayMs;
    this.lateAnswers = count;
  }

  /** Fault: the next `count` `executions` updates are not sent (their sequence numbers are used up). */
  skipExecutionUpdates(count = 1): void {
    this.skipExecutions = count;
  }

  /** Terminates every authenticated socket (clients must reconnect, resubscribe and catch up). */
  dropPrivateSockets(): void {
    for (const s of this.sessions) s.socket.terminate();
  }

  // ---- REST -------------------------------------------------------------------------------------

  private handle(method: string, req: RestRequest): RestResponse {
    this.counters.privateCalls++;
    const keyHeader = req.headers['api-key'];
    const account = typeof keyHeader === 'string' ? this.accounts.get(keyHeader) : undefined;
    if (account === undefined) return this.reject('EAPI:Invalid key', 'invalidKeys');
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return this.reject('EAPI:Invalid nonce', 'invalidNonces');
    const params = body as Record<string, unknown>;
    const signHeader = req.headers['api-sign'];
    const nonce = params.nonce;
    if (typeof signHeader !== 'string' || !this.signatureMatches(account, `/0/private/${method}`, String(nonce), JSON.stringify(body), signHeader)) return this.reject('EAPI:Invalid signature', 'invalidSignatures');
    if (!this.acceptNonce(account, nonce)) return this.reject('EAPI:Invalid nonce', 'invalidNonces');
    const limits = this.limits.get(account)!;
    const cost = krakenRestCost(method);
    if (cost > 0 && limits.rest.take(cost) > 0) {
      limits.rest.take(-cost);
      return this.reject('EAPI:Rate limit exceeded');
    }
    const out = this.dispatch(method, account, params);
    if (out.body !== null && typeof out.body === 'object' && Array.isArray((out.body as { error: unknown[] }).error) && (out.body as { error: unknown[] }).error.length > 0) this.counters.rejected++;
    return out;
  }

  private reject(error: string, counter?: 'invalidKeys' | 'invalidSignatures' | 'invalidNonces'): RestResponse {
    this.counters.rejected++;
    if (counter !== undefined) this.counters[counter]++;
    return fail(error);
  }

  private signatureMatches(account: SimAccount, path: string, nonce: string, body: string, given: string): boolean {
    const inner = createHash('sha256').update(nonce + body, 'utf8').digest();
    const expected = createHmac('sha512', Buffer.from(account.secret, 'base64')).update(Buffer.concat([Buffer.from(path, 'utf8'), inner])).digest();
    const got = Buffer.from(given, 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  }

  private acceptNonce(account: SimAccount, nonce: unknown): boolean {
    if (typeof nonce !== 'number' || !Number.isSafeInteger(nonce) || nonce <= 0) return false;
    const window = this.limits.get(account)!.config.nonceWindow ?? 0;
    if (nonce > account.lastNonce) {
      account.lastNonce = nonce;
    } else if (window <= 0 || nonce <= account.lastNonce - window || account.recentNonces.has(nonce)) {
      return false;
    }
    account.recentNonces.add(nonce);
    if (account.recentNonces.size > 1_000) for (const n of account.recentNonces) if (n <= account.lastNonce - Math.max(window, 1)) account.recentNonces.delete(n);
    return true;
  }

  private tradingCounter(account: SimAccount, ref: SimPairRef, cost: number): boolean {
    const limits = this.limits.get(account)!;
    let bucket = limits.trading.get(ref.pair.altname);
    if (bucket === undefined) {
      const t = KRAKEN_TRADING_COUNTER[limits.config.tier ?? 'pro'];
      bucket = new TokenBucket(t.threshold, t.decayPerSec, this.now);
      limits.trading.set(ref.pair.altname, bucket);
    }
    if (cost <= 0) return true;
    if (bucket.take(cost) > 0) {
      bucket.take(-cost);
      return false;
    }
    return true;
  }

  private dispatch(method: string, a: SimAccount, p: Record<string, unknown>): RestResponse {
    switch (method) {
      case 'AddOrder':
        return this.addOrder(a, p);
      case 'CancelOrder': {
        const o = this.findOrder(a, p);
        if (o === undefined) return fail('EOrder:Unknown order');
        if (!this.tradingCounter(a, o.ref, krakenCancelPenalty(this.now() - o.openedMs))) return fail('EOrder:Rate limit exceeded');
        a.cancel(o);
        return ok({ count: 1 });
      }
      case 'AmendOrder':
        return this.amendOrder(a, p);
      case 'OpenOrders': {
        const open: Record<string, unknown> = {};
        for (const o of a.orders.values()) if (o.status === 'open') open[o.txid] = this.orderInfo(o);
        return ok({ open });
      }
      case 'QueryOrders': {
        if (typeof p.txid !== 'string' || p.txid === '') return fail('EGeneral:Invalid arguments:txid');
        const out: Record<string, unknown> = {};
        for (const id of p.txid.split(',')) {
          const o = a.orders.get(id);
          if (o === undefined) return fail('EOrder:Invalid order');
          out[id] = this.orderInfo(o);
        }
        return ok(out);
      }
      case 'TradesHistory': {
        const start = typeof p.start === 'number' ? p.start * 1000 : -Infinity;
        const ofs = typeof p.ofs === 'number' && p.ofs >= 0 ? Math.floor(p.ofs) : 0;
        const all = a.trades.filter((t) => t.timeMs > start).reverse();
        const trades: Record<string, unknown> = {};
        for (const t of all.slice(ofs, ofs + 50)) {
          trades[t.txid] = {
            ordertxid: t.order.txid, postxid: t.txid, pair: t.order.ref.pair.restKey, time: t.timeMs / 1000, type: t.order.side, ordertype: t.order.type,
            price: t.price.toFixed(t.order.ref.pricePrecision), cost: (t.price * t.qty).toFixed(5), fee: t.fee.toFixed(8), vol: t.qty.toFixed(t.order.ref.qtyPrecision),
            margin: '0.00000', misc: '', trade_id: t.tradeId, maker: t.maker,
          };
        }
        return ok({ trades, count: all.length });
      }
      case 'Balance': {
        const out: Record<string, string> = {};
        for (const [asset, amount] of a.balances) out[REST_ASSET[asset] ?? asset] = amount.toFixed(10);
        return ok(out);
      }
      case 'BalanceEx': {
        const out: Record<string, unknown> = {};
        for (const [asset, amount] of a.balances) out[REST_ASSET[asset] ?? asset] = { balance: amount.toFixed(10), hold_trade: a.held(asset).toFixed(10) };
        return ok(out);
      }
      case 'GetWebSocketsToken': {
        const token = randomBytes(24).toString('base64');
        this.tokens.set(token, a);
        return ok({ token, expires: 900 });
      }
      default:
        return fail('EGeneral:Unknown method');
    }
  }

  private addOrder(a: SimAccount, p: Record<string, unknown>): RestResponse {
    const ref = typeof p.pair === 'string' ? this.refs.find((r) => r.pair.altname === p.pair || r.pair.restKey === p.pair) : undefined;
    if (ref === undefined) return fail('EQuery:Unknown asset pair');
    if (p.type !== 'buy' && p.type !== 'sell') return fail('EGeneral:Invalid arguments:type');
    if (p.ordertype !== 'limit' && p.ordertype !== 'market') return fail('EGeneral:Invalid arguments:ordertype');
    if (typeof p.volume !== 'string' || !/^\d+(\.\d+)?$/.test(p.volume) || decimalsIn(p.volume) > ref.qtyPrecision) return fail('EGeneral:Invalid arguments:volume');
    const qty = Number(p.volume);
    if (qty < ref.pair.rules.minQuantity) return fail('EOrder:Order minimum not met');
    let price: number | null = null;
    if (p.ordertype === 'limit') {
      if (typeof p.price !== 'string' || !/^\d+(\.\d+)?$/.test(p.price)) return fail('EGeneral:Invalid arguments:price');
      if (decimalsIn(p.price) > ref.pricePrecision) return fail(`EOrder:Invalid price:${ref.pair.altname} price can only be specified up to ${ref.pricePrecision} decimals.`);
      price = Number(p.price);
      if (price * qty < ref.pair.rules.minNotional) return fail('EOrder:Cost minimum not met');
    }
    const tif = p.timeinforce === undefined ? 'GTC' : p.timeinforce;
    if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'GTD') return fail('EGeneral:Invalid arguments:timeinforce');
    let expireMs: number | null = null;
    if (tif === 'GTD') {
      const e = Number(p.expiretm);
      if (!Number.isFinite(e) || e * 1000 <= this.now()) return fail('EGeneral:Invalid arguments:expiretm');
      expireMs = e * 1000;
    }
    const clOrdId = typeof p.cl_ord_id === 'string' ? p.cl_ord_id : null;
    if (clOrdId !== null && a.openOrder(clOrdId) !== undefined) return fail('EGeneral:Invalid arguments:cl_ord_id already used by an open order');
    const postOnly = typeof p.oflags === 'string' && p.oflags.split(',').includes('post');
    if (!this.tradingCounter(a, ref, 1)) return fail('EOrder:Rate limit exceeded');
    const placed = a.place({ clOrdId, ref, side: p.type, type: p.ordertype, price, qty, postOnly, tif, expireMs });
    if (typeof placed === 'string') return fail(placed);
    this.counters.ordersPlaced++;
    return ok({ descr: { order: `${placed.side} ${qty.toFixed(ref.qtyPrecision)} ${ref.pair.altname} @ ${price === null ? 'market' : `limit ${price.toFixed(ref.pricePrecision)}`}` }, txid: [placed.txid] });
  }

  private amendOrder(a: SimAccount, p: Record<string, unknown>): RestResponse {
    const o = this.findOrder(a, p);
    if (o === undefined) return fail('EOrder:Unknown order');
    let qty: number | null = null;
    let price: number | null = null;
    if (p.order_qty !== undefined) {
      if (typeof p.order_qty !== 'string' || !/^\d+(\.\d+)?$/.test(p.order_qty) || decimalsIn(p.order_qty) > o.ref.qtyPrecision) return fail('EGeneral:Invalid arguments:order_qty');
      qty = Number(p.order_qty);
      if (qty < o.ref.pair.rules.minQuantity) return fail('EOrder:Order minimum not met');
    }
    if (p.limit_price !== undefined) {
      if (o.type !== 'limit' || typeof p.limit_price !== 'string' || !/^\d+(\.\d+)?$/.test(p.limit_price)) return fail('EGeneral:Invalid arguments:limit_price');
      if (decimalsIn(p.limit_price) > o.ref.pricePrecision) return fail(`EOrder:Invalid price:${o.ref.pair.altname} price can only be specified up to ${o.ref.pricePrecision} decimals.`);
      price = Number(p.limit_price);
    }
    if (qty === null && price === null) return fail('EGeneral:Invalid arguments:nothing to amend');
    if (!this.tradingCounter(a, o.ref, 1)) return fail('EOrder:Rate limit exceeded');
    const error = a.amend(o, qty, price);
    return error === null ? ok({ amend_id: this.nextId('T') }) : fail(error);
  }

  private findOrder(a: SimAccount, p: Record<string, unknown>): SimOrder | undefined {
    if (typeof p.cl_ord_id === 'string') return a.openOrder(p.cl_ord_id);
    if (typeof p.txid === 'string') {
      const o = a.orders.get(p.txid) ?? a.openOrder(p.txid);
      return o !== undefined && o.status === 'open' ? o : undefined;
    }
    return undefined;
  }

  private orderInfo(o: SimOrder): Record<string, unknown> {
    const { pair } = o.ref;
    const price = o.price === null ? '0' : o.price.toFixed(o.ref.pricePrecision);
    return {
      refid: null, userref: 0, ...(o.clOrdId === null ? {} : { cl_ord_id: o.clOrdId }), status: o.status, opentm: o.openedMs / 1000, starttm: 0,
      expiretm: o.expireMs === null ? 0 : o.expireMs / 1000, ...(o.closedMs === null ? {} : { closetm: o.closedMs / 1000 }),
      descr: { pair: pair.altname, type: o.side, ordertype: o.type, price, price2: '0', leverage: 'none', order: `${o.side} ${o.qty.toFixed(o.ref.qtyPrecision)} ${pair.altname} @ ${o.type === 'limit' ? `limit ${price}` : 'market'}`, close: '' },
      vol: o.qty.toFixed(o.ref.qtyPrecision), vol_exec: o.filled.toFixed(o.ref.qtyPrecision), cost: o.cost.toFixed(5), fee: o.fee.toFixed(5),
      price: o.filled > 0 ? (o.cost / o.filled).toFixed(o.ref.pricePrecision) : '0', stopprice: '0', limitprice: '0', misc: '', oflags: o.postOnly ? 'fciq,post' : 'fciq',
      ...(o.reason === null ? {} : { reason: o.reason }),
    };
  }

  private ref(symbol: string): SimPairRef {
    const r = this.refs.find((x) => x.pair.symbol === symbol);
    if (r === undefined) throw new Error(`kraken simulator: no pair ${symbol}`);
    return r;
  }

  private nextId(prefix: 'O' | 'T' | 'L'): string {
    const n = (++this.idSeq).toString(36).toUpperCase().padStart(11, '0');
    return `${prefix}${n.slice(0, 5)}-${n.slice(5, 10)}-${n.slice(10)}SIM0`;
  }

  // ---- authenticated WebSocket ------------------------------------------------------------------

  /** A connection on the authenticated endpoint (`/auth/v2`). */
  onSocket(socket: WebSocket): void {
    const session: Session = { socket, account: null, executions: false, balances: false, seqExecutions: 0, seqBalances: 0 };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (data) => this.onMessage(session, data.toString()));
    this.send(session, { channel: 'status', type: 'update', data: [{ version: '2.0.0', system: 'online', api_version: 'v2', connection_id: this.idSeq }] });
  }

  private onMessage(s: Session, text: string): void {
    const request = readKrakenWsRequest(text, new Date(this.now()).toISOString(), (m) => this.send(s, m));
    if (request === null) return;
    const { method, params, reply } = request;
    if (method !== 'subscribe' && method !== 'unsubscribe') return reply({ error: `Unsupported method ${String(method)}`, method: String(method), success: false });
    const channel = params.channel;
    if (channel !== 'executions' && channel !== 'balances') return reply({ error: `Channel ${String(channel)} not supported`, method, success: false });
    const account = typeof params.token === 'string' ? this.tokens.get(params.token) : undefined;
    if (account === undefined) return reply({ error: 'EAPI:Invalid key', method, success: false, result: { channel } });
    s.account = account;
    if (method === 'unsubscribe') {
      if (channel === 'executions') s.executions = false;
      else s.balances = false;
      return reply({ method, result: { channel }, success: true });
    }
    if (channel === 'executions') {
      const snapOrders = params.snap_orders !== false;
      const snapTrades = params.snap_trades === true;
      reply({ method, result: { channel, maxratecount: KRAKEN_TRADING_COUNTER[this.limits.get(account)!.config.tier ?? 'pro'].threshold, snap_orders: snapOrders, snap_trades: snapTrades }, success: true });
      s.executions = true;
      if (snapOrders || snapTrades) this.send(s, { channel, type: 'snapshot', data: account.snapshotReports(snapOrders, snapTrades), sequence: ++s.seqExecutions });
    } else {
      const snapshot = params.snapshot !== false;
      reply({ method, result: { channel, snapshot }, success: true });
      s.balances = true;
      if (snapshot) {
        const data = [...account.balances].map(([asset, balance]) => ({ asset, asset_class: 'currency', balance, wallets: [{ type: 'spot', id: 'main', balance }] }));
        this.send(s, { channel, type: 'snapshot', data, sequence: ++s.seqBalances });
      }
    }
  }

  private push(account: SimAccount, channel: 'executions' | 'balances', data: readonly Record<string, unknown>[]): void {
    const skip = channel === 'executions' && this.skipExecutions > 0;
    if (skip) this.skipExecutions--;
    for (const s of this.sessions) {
      if (s.account !== account || !(channel === 'executions' ? s.executions : s.balances)) continue;
      const sequence = channel === 'executions' ? ++s.seqExecutions : ++s.seqBalances;
      if (!skip) this.send(s, { channel, type: 'update', data, sequence });
    }
  }

  private send(s: Session, message: unknown): void {
    if (s.socket.readyState !== 1) return;
    s.socket.send(JSON.stringify(message));
  }
}
