/**
 * Coinbase Advanced Trade order entry. REST (a JWT per request, coinbase-rest.ts):
 * `POST orders` (limit_limit_gtc / limit_limit_gtd / sor_limit_ioc / limit_limit_fok /
 * market_market_ioc), `POST orders/batch_cancel`, `POST orders/edit`, `GET orders/historical/batch`,
 * `GET orders/historical/fills`, `GET accounts`, and the public products list for each product's
 * increments and minimums. Updates come from the WebSocket `user` channel
 * (wss://advanced-trade-ws-user.coinbase.com, a JWT per subscribe, `heartbeats` alongside).
 *
 * The user channel carries order states with cumulative filled size but no per-fill records, so
 * fills are never derived from it: when an order's cumulative size grows, the fills of that order
 * are read from `orders/historical/fills` (Coinbase's trade ids, prices, fees, maker/taker) until
 * they add up to it. After a reconnect or a `sequence_num` gap the tracked live orders are read
 * again and the account's fills since the last sure moment are fetched, so no fill is lost;
 * trade ids deduplicate everything.
 */
import { ArbiterError, NotSupportedError } from '../../../domain/errors.js';
import { TERMINAL_ORDER_STATUSES, type Balance, type Fill, type OrderRequest, type OrderStatus, type OrderUpdate } from '../../../domain/order.js';
import type { SpotAssets } from '../../../store/journal/journal.js';
import type { Logger } from '../../../engine/logger.js';
import type { OrderAmendment, VenueExecutionClient } from '../../../engine/market-feed.js';
import type { OrderAck } from '../../../engine/strategy.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { requireCredential, type CredentialOptions } from '../../shared/credentials.js';
import { logSkippedFrame, OrderUpdateFanout } from '../../shared/order-update-fanout.js';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.js';
import { roundOrder, type SymbolRules } from '../../shared/symbol-rules.js';
import type { TokenBucket } from '../../shared/token-bucket.js';
import { isRecord } from '../../shared/wire-values.js';
import { COINBASE_REST_URL } from '../catalog/coinbase-catalog-source.js';
import { buildCoinbaseJwt, parseCoinbasePrivateKey, type CoinbaseSigningKey } from './coinbase-jwt.js';
import { parseCoinbaseAccount, parseCoinbaseFill, parseCoinbaseOrder, parseCoinbaseProductRules, parseCoinbaseUserOrder } from './coinbase-order-reports.js';
import { CoinbaseRest } from './coinbase-rest.js';

export const COINBASE_API_KEY_NAME_ENV = 'COINBASE_API_KEY_NAME';
export const COINBASE_API_PRIVATE_KEY_ENV = 'COINBASE_API_PRIVATE_KEY';
export const COINBASE_USER_WS_URL = 'wss://advanced-trade-ws-user.coinbase.com';

const API = '/api/v3/brokerage';
const PAGE = 250;
const QTY_EPS = 1e-12;

export interface CoinbaseExecutionClientOptions {
  readonly key: CoinbaseSigningKey;
  readonly logger: Logger;
  readonly restUrl?: string;
  readonly userWsUrl?: string;
  /** Products of the user channel (default: all). */
  readonly productIds?: readonly string[];
  readonly requestTimeoutMs?: number;
  /** Reconnect when not even a heartbeat arrives for this long (default 10 s). */
  readonly staleAfterMs?: number;
  readonly backoff?: BackoffOptions;
  readonly bucket?: TokenBucket;
  /** Fills are re-read after a reconnect from the last sure moment minus this (default 60 s). */
  readonly recoveryOverlapMs?: number;
  /** Attempts at reading an order's fills when Coinbase lists fewer than its cumulative size (default 8). */
  readonly fillFetchAttempts?: number;
  readonly now?: () => number;
}

export interface CoinbaseExecutionCounters {
  updates: number;
  fills: number;
  badFrames: number;
  reconnects: number;
  gaps: number;
  fillFetches: number;
  recoveries: number;
}

interface Tracked {
  readonly orderId: string;
  clientOrderId: string;
  symbol: string;
  status: OrderStatus;
  /** Cumulative size the venue reported, and the size covered by fills delivered. */
  filled: number;
  delivered: number;
  side: 'buy' | 'sell' | null;
  price: number | null;
  size: number | null;
  fetching: boolean;
  fetchAgain: boolean;
}

/** Order entry plus what reconciliation asks (`fillsSince`, `balances`: the ReconcilableClient extras). */
export class CoinbaseExecutionClient implements VenueExecutionClient {
  readonly venue = 'coinbase' as const;
  readonly counters: CoinbaseExecutionCounters = { updates: 0, fills: 0, badFrames: 0, reconnects: 0, gaps: 0, fillFetches: 0, recoveries: 0 };
  readonly rest: CoinbaseRest;
  private readonly socket: ReconnectingSocket;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly fanout: OrderUpdateFanout;
  private readonly orders = new Map<string, Tracked>(); // Coinbase order id →
  private readonly byClient = new Map<string, string>(); // client order id → Coinbase order id
  private readonly lastState = new Map<string, string>();
  private readonly rules = new Map<string, Promise<{ rules: SymbolRules; price: number | null }>>();
  private lastSequence: number | null = null;
  /** Last moment the user channel was known complete (venue-independent local ms). */
  private syncedAtMs: number | null = null;
  private recovering = false;
  private subscribed: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private starting: Promise<void> | null = null;
  private fatal: Error | null = null;
  private failStart: ((e: Error) => void) | null = null;
  private closed = false;

  constructor(private readonly options: CoinbaseExecutionClientOptions) {
    this.logger = options.logger.child({ venue: 'coinbase', component: 'execution' });
    this.fanout = new OrderUpdateFanout('coinbase', this.logger);
    this.now = options.now ?? Date.now;
    this.rest = new CoinbaseRest({
      restUrl: options.restUrl ?? COINBASE_REST_URL, key: options.key, now: this.now,
      ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
      ...(options.bucket === undefined ? {} : { bucket: options.bucket }),
    });
    this.socket = new ReconnectingSocket({
      url: options.userWsUrl ?? COINBASE_USER_WS_URL,
      logger: this.logger,
      onFrame: (text, ts) => this.onFrame(text, ts),
      onOpen: () => this.onOpen(),
      staleAfterMs: options.staleAfterMs ?? 10_000,
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    });
  }

  /**
   * Key from `COINBASE_API_KEY_NAME` and `COINBASE_API_PRIVATE_KEY` (or their `_FILE` variants).
   * @throws ConfigError naming the missing variable or the malformed key (never its value).
   */
  static fromEnv(options: Omit<CoinbaseExecutionClientOptions, 'key'>, credentialOptions: CredentialOptions = {}): CoinbaseExecutionClient {
    const name = requireCredential(COINBASE_API_KEY_NAME_ENV, 'Coinbase order entry', credentialOptions);
    const secret = requireCredential(COINBASE_API_PRIVATE_KEY_ENV, 'Coinbase order entry', credentialOptions);
    return new CoinbaseExecutionClient({ ...options, key: parseCoinbasePrivateKey(name, secret) });
  }

  /**
   * Connects the user channel and waits for Coinbase to confirm the subscription.
   * @throws ArbiterError ARB_VENUE_REJECTED when Coinbase refuses the JWT (not retried).
   */
  start(): Promise<void> {
    if (this.fatal !== null) return Promise.reject(this.fatal);
    if (this.closed) return Promise.reject(new ArbiterError('ARB_ENGINE_STATE', 'Coinbase execution client is closed', { venue: 'coinbase' }));
    this.starting ??= new Promise<void>((resolve, reject) => {
      this.failStart = reject;
      this.socket.start().then(resolve, reject);
    });
    return this.starting;
  }

  onUpdate(listener: (update: OrderUpdate | Fill) => void): void {
    this.fanout.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.socket.stop();
  }

  get isOpen(): boolean {
    return this.socket.isOpen;
  }

  /** Drops the user-channel connection as a network fault would; the client reconnects and recovers. */
  dropConnection(): void {
    this.socket.dropConnection();
  }

  /**
   * Places an order, rounded to the product's increments (prices passively, sizes down) and
   * checked against its minimums first.
   * @throws NotSupportedError for reduce-only, post-only outside GTC/GTD limits, FOK/GTD market orders.
   * @throws ArbiterError ARB_INPUT_INVALID for a wrong venue, id or size (nothing sent).
   * @throws ArbiterError ARB_VENUE_REJECTED with Coinbase's error, preview and order failure reasons.
   * @throws ArbiterError ARB_VENUE_UNKNOWN_OUTCOME when the answer is lost: reconcile with openOrders().
   */
  async submit(request: OrderRequest): Promise<OrderAck> {
    const body = await this.orderBody(request);
    const answer = await this.rest.post(`${API}/orders`, body);
    if (!isRecord(answer)) throw new ArbiterError('ARB_PARSE_FRAME', 'coinbase create order: answer is not an object', { venue: 'coinbase' });
    if (answer.success !== true) {
      const e = isRecord(answer.error_response) ? answer.error_response : {};
      const text = (k: string): string | null => (typeof e[k] === 'string' && e[k] !== '' ? (e[k] as string) : null);
      const failure = typeof answer.failure_reason === 'string' ? answer.failure_reason : null;
      const reasons = [text('error'), text('message'), text('preview_failure_reason'), text('new_order_failure_reason'), failure].filter((r) => r !== null && !r.startsWith('UNKNOWN_'));
      throw new ArbiterError('ARB_VENUE_REJECTED', `coinbase rejected order ${request.clientOrderId}: ${reasons.join('; ') || 'no reason given'}`, {
        venue: 'coinbase', clientOrderId: request.clientOrderId, venueError: text('error'), venueMessage: text('message'),
        previewFailureReason: text('preview_failure_reason'), newOrderFailureReason: text('new_order_failure_reason'), failureReason: failure,
      });
    }
    const success = isRecord(answer.success_response) ? answer.success_response : {};
    const orderId = typeof success.order_id === 'string' ? success.order_id : typeof answer.order_id === 'string' ? answer.order_id : null;
    if (orderId === null || orderId === '') throw new ArbiterError('ARB_PARSE_FRAME', 'coinbase create order: success without order_id', { venue: 'coinbase', clientOrderId: request.clientOrderId });
    const inner = Object.values(body.order_configuration)[0] as Record<string, string>;
    const t = this.track(orderId, request.clientOrderId, request.symbol);
    t.side = request.side;
    t.price = inner.limit_price === undefined ? null : Number(inner.limit_price);
    t.size = Number(inner.base_size);
    // The channel may have reported fills before this answer arrived.
    if (t.filled > t.delivered + QTY_EPS) void this.fetchFills(t);
    return { clientOrderId: request.clientOrderId, venueOrderId: orderId };
  }

  /**
   * Cancels through `orders/batch_cancel`.
   * @throws ArbiterError ARB_VENUE_REJECTED with Coinbase's failure_reason (e.g. UNKNOWN_CANCEL_ORDER), or when no open order has the id.
   */
  async cancel(clientOrderId: string): Promise<void> {
    const orderId = await this.orderIdOf(clientOrderId);
    const answer = await this.rest.post(`${API}/orders/batch_cancel`, { order_ids: [orderId] });
    const result = isRecord(answer) && Array.isArray(answer.results) ? (answer.results as unknown[]).find((r) => isRecord(r) && r.order_id === orderId) : undefined;
    if (!isRecord(result)) throw new ArbiterError('ARB_PARSE_FRAME', 'coinbase batch_cancel: no result for the order', { venue: 'coinbase', clientOrderId, venueOrderId: orderId });
    if (result.success !== true) {
      const reason = typeof result.failure_reason === 'string' ? result.failure_reason : 'no reason given';
      throw new ArbiterError('ARB_VENUE_REJECTED', `coinbase refused to cancel ${clientOrderId}: ${reason}`, { venue: 'coinbase', clientOrderId, venueOrderId: orderId, failureReason: reason });
    }
  }

  /**
   * Changes a GTC limit order's price and/or total size (`orders/edit`, which needs both: the
   * unchanged one is the order's current value), rounded like a new order.
   * @throws ArbiterError ARB_VENUE_REJECTED with Coinbase's edit/preview failure reason.
   */
  async amend(clientOrderId: string, change: OrderAmendment): Promise<void> {
    if (change.price === undefined && change.quantity === undefined) throw new ArbiterError('ARB_INPUT_INVALID', 'coinbase amend: nothing to change', { venue: 'coinbase', clientOrderId });
    const orderId = await this.orderIdOf(clientOrderId);
    let t = this.orders.get(orderId)!;
    if (t.price === null || t.size === null) await this.refreshOrders([orderId]);
    t = this.orders.get(orderId)!;
    const price = change.price ?? t.price;
    const size = change.quantity ?? t.size;
    if (price === null || size === null) throw new ArbiterError('ARB_INPUT_INVALID', `coinbase amend ${clientOrderId}: the order's current price or size is unknown`, { venue: 'coinbase', clientOrderId });
    const { rules } = await this.productRules(t.symbol);
    if (t.side === null) throw new ArbiterError('ARB_INPUT_INVALID', `coinbase amend ${clientOrderId}: the order's side is unknown`, { venue: 'coinbase', clientOrderId });
    const rounded = roundOrder(rules, t.side, size, price);
    const answer = await this.rest.post(`${API}/orders/edit`, { order_id: orderId, price: rounded.priceText, size: rounded.quantityText });
    if (!isRecord(answer) || answer.success !== true) {
      const first: unknown = isRecord(answer) && Array.isArray(answer.errors) ? answer.errors[0] : undefined;
      const reasons = isRecord(first) ? [first.edit_failure_reason, first.preview_failure_reason].filter((r): r is string => typeof r === 'string' && r !== '' && !r.startsWith('UNKNOWN_')) : [];
      throw new ArbiterError('ARB_VENUE_REJECTED', `coinbase refused to edit ${clientOrderId}: ${reasons.join('; ') || 'no reason given'}`, {
        venue: 'coinbase', clientOrderId, venueOrderId: orderId, editFailureReason: reasons[0] ?? null,
      });
    }
    t.price = rounded.price;
    t.size = rounded.quantity;
  }

  /** Orders Coinbase lists as OPEN (`orders/historical/batch?order_status=OPEN`, all pages). */
  async openOrders(): Promise<readonly OrderUpdate[]> {
    return this.listOrders({ order_status: 'OPEN' }, true);
  }

  /**
   * The account's fills since `sinceMs` (venue time, inclusive), oldest first, from
   * `orders/historical/fills?start_sequence_timestamp=…` (all pages). Returned, not delivered.
   */
  async fillsSince(sinceMs: number): Promise<readonly Fill[]> {
    const out = new Map<string, Fill>();
    let cursor: string | undefined;
    do {
      const answer = await this.rest.get(`${API}/orders/historical/fills`, { start_sequence_timestamp: new Date(sinceMs).toISOString(), limit: PAGE, cursor });
      if (!isRecord(answer) || !Array.isArray(answer.fills)) throw new ArbiterError('ARB_PARSE_FRAME', 'coinbase fills: answer has no fills array', { venue: 'coinbase' });
      const tsLocal = this.now();
      for (const raw of answer.fills as unknown[]) {
        const fill = parseCoinbaseFill(raw, tsLocal, this.clientIdOf);
        if ((fill.tsVenue ?? sinceMs) >= sinceMs) out.set(fill.tradeId, fill);
      }
      cursor = typeof answer.cursor === 'string' && answer.cursor !== '' ? answer.cursor : undefined;
    } while (cursor !== undefined);
    return [...out.values()].sort((a, b) => (a.tsVenue ?? 0) - (b.tsVenue ?? 0));
  }

  /** Every product traded here is spot: `BTC-USD` moves the BTC and USD balances. */
  spotAssetsOf(symbol: string): SpotAssets | undefined {
    const [base, quote, ...rest] = symbol.split('-');
    return base && quote && rest.length === 0 ? { base, quote } : undefined;
  }

  /** Every account's balance (`accounts`, all pages): total = available + hold. */
  async balances(): Promise<readonly Balance[]> {
    const out: Balance[] = [];
    let cursor: string | undefined;
    do {
      const answer = await this.rest.get(`${API}/accounts`, { limit: PAGE, cursor });
      if (!isRecord(answer) || !Array.isArray(answer.accounts)) throw new ArbiterError('ARB_PARSE_FRAME', 'coinbase accounts: answer has no accounts array', { venue: 'coinbase' });
      for (const raw of answer.accounts as unknown[]) out.push(parseCoinbaseAccount(raw));
      cursor = answer.has_next === true && typeof answer.cursor === 'string' && answer.cursor !== '' ? answer.cursor : undefined;
    } while (cursor !== undefined);
    return out;
  }

  // ---- orders ---------------------------------------------------------------------------------

  private readonly clientIdOf = (orderId: string): string | undefined => this.orders.get(orderId)?.clientOrderId;

  private async orderBody(r: OrderRequest): Promise<{ client_order_id: string; product_id: string; side: string; order_configuration: Record<string, Record<string, unknown>> }> {
    const context = { venue: 'coinbase', clientOrderId: r.clientOrderId, symbol: r.symbol };
    if (r.venue !== 'coinbase') throw new ArbiterError('ARB_INPUT_INVALID', `not a Coinbase order (venue ${r.venue})`, context);
    if (r.clientOrderId === '' || r.clientOrderId.length > 128) throw new ArbiterError('ARB_INPUT_INVALID', 'coinbase client_order_id must be 1 to 128 characters', context);
    if (r.reduceOnly) throw new NotSupportedError('Coinbase spot orders have no reduce-only flag', context);
    if (r.postOnly && (r.type !== 'limit' || (r.timeInForce !== 'gtc' && r.timeInForce !== 'gtd'))) throw new NotSupportedError('Coinbase takes post_only on GTC and GTD limit orders only', context);
    if (r.type === 'market' && r.timeInForce !== 'ioc' && r.timeInForce !== 'gtc') throw new NotSupportedError(`Coinbase market orders are immediate-or-cancel (got ${r.timeInForce})`, context);
    if (r.type === 'limit' && r.price === null) throw new ArbiterError('ARB_INPUT_INVALID', 'a limit order needs a price', context);
    if (r.timeInForce === 'gtd' && (r.expireAtMs === null || !(r.expireAtMs > this.now()))) throw new ArbiterError('ARB_INPUT_INVALID', 'a GTD order needs expireAtMs in the future', context);
    const { rules, price: mark } = await this.productRules(r.symbol);
    const rounded = roundOrder(rules, r.side, r.quantity, r.type === 'limit' ? r.price : null, mark ?? undefined);
    const base_size = rounded.quantityText;
    const limit_price = rounded.priceText;
    let config: Record<string, Record<string, unknown>>;
    if (r.type === 'market') config = { market_market_ioc: { base_size } };
    else if (r.timeInForce === 'gtc') config = { limit_limit_gtc: { base_size, limit_price, post_only: r.postOnly } };
    else if (r.timeInForce === 'gtd') config = { limit_limit_gtd: { base_size, limit_price, end_time: new Date(r.expireAtMs!).toISOString(), post_only: r.postOnly } };
    else if (r.timeInForce === 'ioc') config = { sor_limit_ioc: { base_size, limit_price } };
    else config = { limit_limit_fok: { base_size, limit_price } };
    return { client_order_id: r.clientOrderId, product_id: r.symbol, side: r.side === 'buy' ? 'BUY' : 'SELL', order_configuration: config };
  }

  /** Increments and minimums of a product (public products list), cached per product. */
  productRules(symbol: string): Promise<{ rules: SymbolRules; price: number | null }> {
    let cached = this.rules.get(symbol);
    if (cached === undefined) {
      cached = this.rest.get(`${API}/market/products`, { product_ids: [symbol] }).then((answer) => {
        const list = isRecord(answer) && Array.isArray(answer.products) ? (answer.products as unknown[]) : [];
        const wire = list.find((p) => isRecord(p) && p.product_id === symbol);
        if (wire === undefined) throw new ArbiterError('ARB_INPUT_INVALID', `coinbase lists no product ${symbol}`, { venue: 'coinbase', symbol });
        return parseCoinbaseProductRules(wire);
      });
      cached.catch(() => this.rules.delete(symbol));
      this.rules.set(symbol, cached);
    }
    return cached;
  }

  private track(orderId: string, clientOrderId: string, symbol: string): Tracked {
    let t = this.orders.get(orderId);
    if (t === undefined) {
      t = { orderId, clientOrderId, symbol, status: 'pending_new', filled: 0, delivered: 0, side: null, price: null, size: null, fetching: false, fetchAgain: false };
      this.orders.set(orderId, t);
    }
    if (clientOrderId !== '') {
      t.clientOrderId = clientOrderId;
      this.byClient.set(clientOrderId, orderId);
    }
    return t;
  }

  private async orderIdOf(clientOrderId: string): Promise<string> {
    const known = this.byClient.get(clientOrderId);
    if (known !== undefined) return known;
    await this.listOrders({ order_status: 'OPEN' }, true);
    const found = this.byClient.get(clientOrderId);
    if (found === undefined) throw new ArbiterError('ARB_VENUE_REJECTED', `coinbase has no open order with client id ${clientOrderId}`, { venue: 'coinbase', clientOrderId });
    return found;
  }

  private async listOrders(query: Record<string, string | readonly string[]>, remember: boolean): Promise<OrderUpdate[]> {
    const out: OrderUpdate[] = [];
    let cursor: string | undefined;
    do {
      const answer = await this.rest.get(`${API}/orders/historical/batch`, { ...query, limit: PAGE, cursor });
      if (!isRecord(answer) || !Array.isArray(answer.orders)) throw new ArbiterError('ARB_PARSE_FRAME', 'coinbase list orders: answer has no orders array', { venue: 'coinbase' });
      const tsLocal = this.now();
      for (const raw of answer.orders as unknown[]) {
        const update = parseCoinbaseOrder(raw, tsLocal);
        out.push(update);
        if (remember && update.venueOrderId !== null) {
          const t = this.track(update.venueOrderId, update.clientOrderId, update.symbol);
          if (isRecord(raw)) {
            if (raw.side === 'BUY' || raw.side === 'SELL') t.side = raw.side === 'BUY' ? 'buy' : 'sell';
            const cfg = isRecord(raw.order_configuration) ? Object.values(raw.order_configuration)[0] : undefined;
            if (isRecord(cfg)) {
              if (cfg.limit_price !== undefined) t.price = Number(cfg.limit_price);
              if (cfg.base_size !== undefined) t.size = Number(cfg.base_size);
            }
          }
        }
      }
      cursor = answer.has_next === true && typeof answer.cursor === 'string' && answer.cursor !== '' ? answer.cursor : undefined;
    } while (cursor !== undefined);
    return out;
  }

  /** Reads the given orders again and applies their state (after reconnects and gaps, before amends). */
  private async refreshOrders(orderIds: readonly string[]): Promise<void> {
    if (orderIds.length === 0) return;
    for (const update of await this.listOrders({ order_ids: orderIds }, true)) this.applyOrder(update);
  }

  // ---- user channel ---------------------------------------------------------------------------

  private async onOpen(): Promise<void> {
    if (this.socket.connects > 0) this.counters.reconnects++;
    this.lastSequence = null;
    const confirmed = new Promise<void>((resolve, reject) => {
      this.subscribed = { resolve, reject };
    });
    this.subscribe('heartbeats');
    this.subscribe('user');
    const timer = setTimeout(() => this.subscribed?.reject(new ArbiterError('ARB_VENUE_TRANSIENT', 'coinbase user channel: no subscription confirmation', { venue: 'coinbase' })), this.options.requestTimeoutMs ?? 10_000);
    try {
      await confirmed;
    } catch (error) {
      if (error instanceof ArbiterError && error.code === 'ARB_VENUE_REJECTED') {
        // A refused JWT does not get better by reconnecting: fail every caller.
        this.fatal = error;
        this.failStart?.(error);
        void this.socket.stop();
      }
      throw error;
    } finally {
      clearTimeout(timer);
      this.subscribed = null;
    }
    if (this.socket.connects > 0) void this.recover('reconnect');
  }

  private subscribe(channel: 'user' | 'heartbeats'): void {
    const jwt = buildCoinbaseJwt(this.options.key, { nowSec: this.now() / 1000 });
    const message: Record<string, unknown> = { type: 'subscribe', channel, jwt };
    if (channel === 'user' && this.options.productIds !== undefined) message.product_ids = this.options.productIds;
    this.socket.send(JSON.stringify(message));
  }

  private onFrame(text: string, tsLocal: number): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      this.badFrame('not JSON');
      return;
    }
    if (!isRecord(frame)) return this.badFrame('not an object');
    if (frame.type === 'error') {
      const message = typeof frame.message === 'string' ? frame.message : 'unknown error';
      const error = new ArbiterError('ARB_VENUE_REJECTED', `coinbase user channel: ${message}`, { venue: 'coinbase', venueMessage: message });
      if (this.subscribed !== null) this.subscribed.reject(error);
      else this.badFrame(message);
      return;
    }
    if (typeof frame.sequence_num === 'number') {
      const last = this.lastSequence;
      if (last !== null && frame.sequence_num <= last) return;
      this.lastSequence = frame.sequence_num;
      if (last !== null && frame.sequence_num !== last + 1) {
        this.counters.gaps++;
        void this.recover('gap');
      } else if (!this.recovering) {
        this.syncedAtMs = tsLocal;
      }
    }
    if (frame.channel === 'subscriptions') {
      const first: unknown = Array.isArray(frame.events) ? frame.events[0] : undefined;
      if (isRecord(first) && isRecord(first.subscriptions) && first.subscriptions.user !== undefined) this.subscribed?.resolve();
      return;
    }
    if (frame.channel !== 'user' || !Array.isArray(frame.events)) return;
    for (const event of frame.events as unknown[]) {
      if (!isRecord(event) || !Array.isArray(event.orders)) continue;
      for (const raw of event.orders as unknown[]) {
        try {
          const { update, side } = parseCoinbaseUserOrder(raw, tsLocal);
          this.applyOrder(update, side);
        } catch (error) {
          this.badFrame(error instanceof Error ? error.message : String(error));
        }
      }
    }
  }

  /** Delivers a state once, and fetches the order's fills when its cumulative size grew. */
  private applyOrder(update: OrderUpdate, side?: 'buy' | 'sell'): void {
    if (update.venueOrderId === null) return;
    const t = this.track(update.venueOrderId, update.clientOrderId, update.symbol);
    if (side !== undefined) t.side = side;
    const withClient = update.clientOrderId === '' && t.clientOrderId !== '' ? { ...update, clientOrderId: t.clientOrderId } : update;
    if (update.filledQuantity > t.filled) t.filled = update.filledQuantity;
    const key = `${update.status}|${update.filledQuantity}`;
    const last = this.lastState.get(t.orderId);
    const lateReopen = TERMINAL_ORDER_STATUSES.has(t.status) && !TERMINAL_ORDER_STATUSES.has(update.status);
    if (last !== key && !lateReopen) {
      this.lastState.set(t.orderId, key);
      t.status = update.status;
      this.counters.updates++;
      this.emit(withClient);
    }
    if (t.filled > t.delivered + QTY_EPS) void this.fetchFills(t);
  }

  /** Reads an order's fills until they cover its cumulative size (one reader per order). */
  private async fetchFills(t: Tracked): Promise<void> {
    if (t.fetching) {
      t.fetchAgain = true;
      return;
    }
    t.fetching = true;
    try {
      const attempts = this.options.fillFetchAttempts ?? 8;
      for (let i = 0; i < attempts && (t.filled > t.delivered + QTY_EPS || t.fetchAgain); i++) {
        t.fetchAgain = false;
        if (i > 0) await new Promise((r) => setTimeout(r, Math.min(2_000, 50 * 2 ** i)));
        this.counters.fillFetches++;
        let covered = 0;
        let cursor: string | undefined;
        do {
          const answer = await this.rest.get(`${API}/orders/historical/fills`, { order_ids: [t.orderId], limit: PAGE, cursor });
          if (!isRecord(answer) || !Array.isArray(answer.fills)) throw new ArbiterError('ARB_PARSE_FRAME', 'coinbase fills: answer has no fills array', { venue: 'coinbase' });
          const tsLocal = this.now();
          for (const raw of answer.fills as unknown[]) {
            const fill = parseCoinbaseFill(raw, tsLocal, this.clientIdOf);
            covered += fill.quantity;
            this.deliverFill(fill);
          }
          cursor = typeof answer.cursor === 'string' && answer.cursor !== '' ? answer.cursor : undefined;
        } while (cursor !== undefined);
        t.delivered = Math.max(t.delivered, covered);
      }
      if (t.filled > t.delivered + QTY_EPS) {
        this.logger.warn({ orderId: t.orderId, filled: t.filled, listed: t.delivered }, 'coinbase lists fewer fills than the order reports; reconciliation will pick them up');
      }
    } catch (error) {
      this.logger.warn({ orderId: t.orderId, err: error instanceof Error ? error.message : String(error) }, 'coinbase fills of an order could not be read');
    } finally {
      t.fetching = false;
    }
  }

  /** After a reconnect or gap: read tracked live orders again, then the account's fills since the last sure moment. */
  private async recover(why: 'reconnect' | 'gap'): Promise<void> {
    this.counters.recoveries++;
    this.recovering = true;
    const since = (this.syncedAtMs ?? this.now()) - (this.options.recoveryOverlapMs ?? 60_000);
    const startedAt = this.now();
    try {
      const live = [...this.orders.values()].filter((t) => !TERMINAL_ORDER_STATUSES.has(t.status)).map((t) => t.orderId);
      for (let i = 0; i < live.length; i += 50) await this.refreshOrders(live.slice(i, i + 50));
      for (const fill of await this.fillsSince(since)) this.deliverFill(fill);
      this.syncedAtMs = startedAt;
    } catch (error) {
      this.logger.warn({ why, err: error instanceof Error ? error.message : String(error) }, 'coinbase recovery failed; reconciliation must catch up');
    } finally {
      this.recovering = false;
    }
  }

  private deliverFill(fill: Fill): void {
    if (!this.fanout.markSeen(fill.tradeId)) return;
    this.counters.fills++;
    this.emit(fill);
  }

  private emit(update: OrderUpdate | Fill): void {
    this.fanout.emit(update);
  }

  private badFrame(reason: string): void {
    logSkippedFrame(this.logger, ++this.counters.badFrames, reason, 'coinbase user frame skipped');
  }
}
