/**
 * The Coinbase simulator's private side: JWT-checked REST order entry (`orders`,
 * `orders/batch_cancel`, `orders/edit`, `orders/historical/batch`, `orders/historical/fills`,
 * `accounts`) and the `user` WebSocket channel (on path `/user`; JWT per subscribe, snapshot of
 * open orders then updates, heartbeats). Orders are checked against the product's increments and
 * minimums and the account's available balance (Coinbase's preview failure reasons), match
 * immediately against the simulated book for their aggressive part (taker, level by level without
 * consuming the market model's book), and rest until the simulated market crosses them (maker, at
 * the order's price) — on a tick or on a trade printed with `printTrade`. Balances move with every
 * fill (fees in quote: maker 0.40 %, taker 0.60 % by default) and holds cover open orders.
 */
import type { KeyObject } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { L2Ladder } from '../../shared/simulator/l2-ladder.js';
import type { RestRequest, RestResponse } from '../../shared/simulator/loopback-server.js';
import { isRecord } from '../../shared/wire-values.js';
import { CoinbaseSimAuth } from './coinbase-sim-auth.js';
import { CoinbaseSimOrders, type SimOrder } from './coinbase-sim-orders.js';
import { readCoinbaseWsRequest, sendCoinbaseWsError } from './coinbase-ws-request.js';

/** What the exchange needs of the market simulator: its products and books. */
export interface CoinbaseSimMarket {
  readonly products: ReadonlyArray<{ readonly id: string; readonly base: string; readonly quote: string; readonly tick: number; readonly ladder: L2Ladder }>;
}

export interface CoinbaseSimExchangeOptions {
  /** Starting balances per currency (default USD 100 000, BTC 2, ETH 20). */
  readonly balances?: Readonly<Record<string, number>>;
  readonly makerFee?: number;
  readonly takerFee?: number;
  readonly nowSec?: () => number;
}

interface UserSession {
  readonly socket: WebSocket;
  user: boolean;
  heartbeats: boolean;
  products: ReadonlySet<string> | null;
  sequence: number;
  heartbeatCounter: number;
  dropNext: number;
}

const API = '/api/v3/brokerage';
const PAGE_MAX = 250;

export class CoinbaseSimExchange {
  readonly auth: CoinbaseSimAuth;
  readonly book: CoinbaseSimOrders;
  private readonly sessions = new Set<UserSession>();
  private rateLimited = 0;

  constructor(market: CoinbaseSimMarket, options: CoinbaseSimExchangeOptions = {}) {
    this.auth = new CoinbaseSimAuth(options.nowSec);
    this.book = new CoinbaseSimOrders(market, { balances: options.balances ?? { USD: 100_000, BTC: 2, ETH: 20 }, makerFee: options.makerFee ?? 0.004, takerFee: options.takerFee ?? 0.006 }, (o) => this.publish(o));
  }

  /** Fault: the next `n` private REST requests answer 429 (with Retry-After: 1), before any other check. */
  rateLimitNext(n: number): void {
    this.rateLimited = n;
  }

  /** Fault: the next message of every user connection takes its sequence number but is never sent. */
  dropUserMessage(): void {
    for (const s of this.sessions) s.dropNext++;
  }

  registerKey(keyName: string, key: KeyObject): void {
    this.auth.registerKey(keyName, key);
  }

  /** The REST routes of the private endpoints, for the loopback server. */
  routes(): Array<[method: string, path: string, handler: (r: RestRequest) => RestResponse]> {
    const authed = (handler: (r: RestRequest) => RestResponse) => (r: RestRequest): RestResponse => {
      if (this.rateLimited > 0) {
        this.rateLimited--;
        return { status: 429, body: { error: 'RESOURCE_EXHAUSTED', code: 8, message: 'Too many requests', details: [] } };
      }
      const reason = this.auth.checkRequest(typeof r.headers.authorization === 'string' ? r.headers.authorization : undefined, r.method, r.headers.host, r.path);
      if (reason !== null) return { status: 401, body: { error: 'UNAUTHENTICATED', code: 16, message: `Unauthorized: ${reason}`, details: [] } };
      return handler(r);
    };
    return [
      ['POST', `${API}/orders`, authed((r) => ({ status: 200, body: this.book.create(r.body) }))],
      ['POST', `${API}/orders/batch_cancel`, authed((r) => this.batchCancel(r.body))],
      ['POST', `${API}/orders/edit`, authed((r) => ({ status: 200, body: this.book.edit(r.body) }))],
      ['GET', `${API}/orders/historical/batch`, authed((r) => this.listOrders(r.query))],
      ['GET', `${API}/orders/historical/fills`, authed((r) => this.listFills(r.query))],
      ['GET', `${API}/accounts`, authed((r) => this.listAccounts(r.query))],
    ];
  }

  /** Matches resting orders against the moved market; sends user-channel heartbeats when due. */
  onTick(heartbeat: boolean): void {
    this.book.crossResting();
    if (!heartbeat) return;
    for (const s of this.sessions) {
      if (!s.heartbeats) continue;
      s.heartbeatCounter++;
      this.send(s, 'heartbeats', [{ current_time: new Date().toISOString(), heartbeat_counter: s.heartbeatCounter }]);
    }
  }

  /** Another participant trades `productId` at `price`: resting orders at that price or better fill (maker). */
  printTrade(productId: string, price: number): void {
    this.book.crossResting(productId, price);
  }

  /** Handles a WebSocket on `/user`. */
  onSocket(socket: WebSocket): void {
    const session: UserSession = { socket, user: false, heartbeats: false, products: null, sequence: 0, heartbeatCounter: 0, dropNext: 0 };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (data) => this.onMessage(session, data.toString()));
  }

  private onMessage(s: UserSession, text: string): void {
    const request = readCoinbaseWsRequest(s.socket, text);
    if (request === null) return;
    const { subscribe, message: msg } = request;
    if (msg.channel !== 'user' && msg.channel !== 'heartbeats') {
      sendCoinbaseWsError(s.socket, `unknown channel ${String(msg.channel)}`);
      return;
    }
    const reason = this.auth.check(typeof msg.jwt === 'string' ? msg.jwt : undefined, null);
    if (reason !== null) {
      sendCoinbaseWsError(s.socket, `authentication failure: ${reason}`);
      return;
    }
    if (msg.channel === 'heartbeats') s.heartbeats = subscribe;
    else {
      s.user = subscribe;
      s.products = Array.isArray(msg.product_ids) && msg.product_ids.length > 0 ? new Set(msg.product_ids.filter((x): x is string => typeof x === 'string')) : null;
    }
    const subscriptions: Record<string, string[]> = {};
    if (s.user) subscriptions.user = ['simulated-user'];
    if (s.heartbeats) subscriptions.heartbeats = ['heartbeats'];
    this.send(s, 'subscriptions', [{ subscriptions }]);
    if (subscribe && msg.channel === 'user') {
      const open = this.book.all().filter((o) => o.status === 'OPEN' && this.wants(s, o.productId));
      // Open orders arrive in snapshot batches of 50, as the docs say.
      for (let i = 0; i === 0 || i < open.length; i += 50) {
        this.send(s, 'user', [{ type: 'snapshot', orders: open.slice(i, i + 50).map((o) => this.book.userOrder(o)), positions: { perpetual_futures_positions: [], expiring_futures_positions: [] } }]);
      }
    }
  }

  private wants(s: UserSession, productId: string): boolean {
    return s.user && (s.products === null || s.products.has(productId));
  }

  private publish(order: SimOrder): void {
    for (const s of this.sessions) if (this.wants(s, order.productId)) this.send(s, 'user', [{ type: 'update', orders: [this.book.userOrder(order)] }]);
  }

  private send(s: UserSession, channel: string, events: unknown[]): void {
    if (s.socket.readyState !== 1) return;
    const sequence = s.sequence++;
    if (s.dropNext > 0) {
      s.dropNext--;
      return;
    }
    s.socket.send(JSON.stringify({ channel, client_id: '', timestamp: new Date().toISOString(), sequence_num: sequence, events }));
  }

  private batchCancel(body: unknown): RestResponse {
    const ids = isRecord(body) && Array.isArray(body.order_ids) ? body.order_ids : null;
    if (ids === null) return { status: 400, body: { error: 'INVALID_ARGUMENT', code: 3, message: 'order_ids is required', details: [] } };
    return { status: 200, body: { results: ids.map((id) => this.book.cancel(String(id))) } };
  }

  private listOrders(q: URLSearchParams): RestResponse {
    const statuses = q.getAll('order_status');
    const ids = q.getAll('order_ids');
    const products = q.getAll('product_ids');
    const all = this.book.all().filter((o) => (statuses.length === 0 || statuses.includes(o.status)) && (ids.length === 0 || ids.includes(o.id)) && (products.length === 0 || products.includes(o.productId)));
    const { items, cursor, hasNext } = page(all.reverse(), q);
    return { status: 200, body: { orders: items.map((o) => this.book.restOrder(o)), sequence: '0', has_next: hasNext, cursor } };
  }

  private listFills(q: URLSearchParams): RestResponse {
    const ids = q.getAll('order_ids');
    const since = q.get('start_sequence_timestamp');
    const sinceMs = since === null ? null : Date.parse(since);
    if (sinceMs !== null && Number.isNaN(sinceMs)) return { status: 400, body: { error: 'INVALID_ARGUMENT', code: 3, message: 'start_sequence_timestamp is not RFC 3339', details: [] } };
    const fills = this.book.fills.filter((f) => (ids.length === 0 || ids.includes(f.order_id)) && (sinceMs === null || Date.parse(f.sequence_timestamp) >= sinceMs));
    const { items, cursor } = page([...fills].reverse(), q);
    return { status: 200, body: { fills: items, cursor } };
  }

  private listAccounts(q: URLSearchParams): RestResponse {
    const { items, cursor, hasNext } = page(this.book.accounts(), q);
    return { status: 200, body: { accounts: items, has_next: hasNext, cursor, size: items.length } };
  }
}


/** `limit` (≤ 250) items from the offset in `cursor`. */
function page<T>(items: readonly T[], q: URLSearchParams): { items: T[]; cursor: string; hasNext: boolean } {
  const limit = Math.min(PAGE_MAX, Math.max(1, Number(q.get('limit') ?? PAGE_MAX) || PAGE_MAX));
  const from = Number(q.get('cursor') ?? 0) || 0;
  const slice = items.slice(from, from + limit);
  const hasNext = from + limit < items.length;
  return { items: slice, cursor: hasNext ? String(from + limit) : '', hasNext };
}
