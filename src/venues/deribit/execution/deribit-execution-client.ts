/**
 * Deribit order entry over its own authenticated JSON-RPC WebSocket: `public/auth` (client
 * credentials or client signature) after every connect, `private/buy|sell` with the client order
 * id as `label`, `private/cancel` (or `private/cancel_by_label`), `private/get_open_orders`,
 * `private/get_user_trades_by_currency`, `private/get_positions` and `private/get_account_summary`
 * (reconciliation), and the
 * `user.orders.{kind}.{currency}.raw` / `user.trades.{kind}.{currency}.raw` channels for updates
 * and fills. Never a fake success: what Deribit cannot do throws NotSupportedError, a venue error
 * keeps Deribit's code (JsonRpcError), a lost answer is ARB_VENUE_UNKNOWN_OUTCOME.
 */
import { ArbiterError, NotSupportedError } from '../../../domain/errors.js';
import { TERMINAL_ORDER_STATUSES, type Balance, type Fill, type OrderRequest, type OrderStatus, type OrderUpdate, type TimeInForce } from '../../../domain/order.js';
import type { Logger } from '../../../engine/logger.js';
import type { VenueExecutionClient } from '../../../engine/market-feed.js';
import type { OrderAck } from '../../../engine/strategy.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { requireCredential, type CredentialOptions } from '../../shared/credentials.js';
import { logSkippedFrame, OrderUpdateFanout } from '../../shared/order-update-fanout.js';
import { JsonRpcError, JsonRpcSocket } from '../../shared/json-rpc-socket.js';
import { isRecord, optionalNumber, requiredNumber, requiredString } from '../../shared/wire-values.js';
import { DERIBIT_WS_URL } from '../client/deribit-market-feed.js';
import { deribitAuthParams, type DeribitAuthMethod, type DeribitCredentials } from './deribit-auth.js';
import { parseDeribitOrder, parseDeribitUserTrade } from './parse-deribit-order.js';

export const DERIBIT_KEY_ENV = 'DERIBIT_KEY';
export const DERIBIT_SECRET_ENV = 'DERIBIT_SECRET';

export interface DeribitExecutionClientOptions {
  readonly url?: string;
  readonly logger: Logger;
  readonly credentials: DeribitCredentials;
  /** Default `client_signature` (the secret never leaves the process). */
  readonly authMethod?: DeribitAuthMethod;
  /** Currencies and kinds whose user.orders / user.trades channels are subscribed (default BTC; option and future). */
  readonly currencies?: readonly string[];
  readonly kinds?: ReadonlyArray<'option' | 'future'>;
  readonly heartbeatIntervalSec?: number;
  readonly requestTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
  readonly now?: () => number;
}

export interface DeribitExecutionCounters {
  authentications: number;
  reconnects: number;
  updates: number;
  fills: number;
  badFrames: number;
}

interface AuthResult {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly expires_in?: number;
}

const TIME_IN_FORCE: Readonly<Record<Exclude<TimeInForce, 'gtd'>, string>> = {
  gtc: 'good_til_cancelled',
  ioc: 'immediate_or_cancel',
  fok: 'fill_or_kill',
};

/** Deribit's largest `count` for get_user_trades_by_*. */
const TRADE_PAGE = 1000;

export class DeribitExecutionClient implements VenueExecutionClient {
  readonly venue = 'deribit' as const;
  readonly counters: DeribitExecutionCounters = { authentications: 0, reconnects: 0, updates: 0, fills: 0, badFrames: 0 };
  private readonly rpc: JsonRpcSocket;
  private readonly logger: Logger;
  private readonly fanout: OrderUpdateFanout;
  private readonly labels = new Map<string, string>(); // venue order id → client order id
  private readonly orderIds = new Map<string, string>(); // client order id → venue order id
  private readonly lastState = new Map<string, string>(); // venue order id → status|filled|ts
  private accessToken: string | null = null;
  private refreshToken: string | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private fatal: Error | null = null;
  private rejectConnect: ((error: Error) => void) | null = null;
  private closed = false;
  private readonly labelOf = (orderId: string): string | undefined => this.labels.get(orderId);

  constructor(private readonly options: DeribitExecutionClientOptions) {
    this.logger = options.logger.child({ venue: 'deribit', component: 'execution' });
    this.fanout = new OrderUpdateFanout('deribit', this.logger);
    this.rpc = new JsonRpcSocket({
      venue: 'deribit',
      url: options.url ?? DERIBIT_WS_URL,
      logger: this.logger,
      onOpen: () => this.onOpen(),
      onMessage: (message, tsLocal) => this.onMessage(message, tsLocal),
      onRawFrame: options.onRawFrame,
      onBadFrame: (_text, reason) => this.badFrame(reason),
      backoff: options.backoff,
      requestTimeoutMs: options.requestTimeoutMs,
    });
  }

  /**
   * Credentials from `DERIBIT_KEY` / `DERIBIT_SECRET` (or `DERIBIT_KEY_FILE` / `DERIBIT_SECRET_FILE`
   * outside the repository).
   * @throws ConfigError naming the missing variable (never its value).
   */
  static fromEnv(options: Omit<DeribitExecutionClientOptions, 'credentials'>, credentialOptions: CredentialOptions = {}): DeribitExecutionClient {
    const clientId = requireCredential(DERIBIT_KEY_ENV, 'Deribit order entry', credentialOptions);
    const clientSecret = requireCredential(DERIBIT_SECRET_ENV, 'Deribit order entry', credentialOptions);
    return new DeribitExecutionClient({ ...options, credentials: { clientId, clientSecret } });
  }

  /** Connects and authenticates (also done lazily by the first request). Rejects on bad credentials. */
  start(): Promise<void> {
    if (this.fatal !== null) return Promise.reject(this.fatal);
    if (this.closed) return Promise.reject(new ArbiterError('ARB_ENGINE_STATE', 'Deribit execution client is closed', { venue: 'deribit' }));
    this.connecting ??= new Promise<void>((resolve, reject) => {
      this.rejectConnect = reject;
      this.rpc.start().then(resolve, reject);
    });
    return this.connecting;
  }

  /**
   * Places a limit or market order; `quantity` is Deribit's `amount` (coins for options, USD for
   * inverse futures and perpetuals).
   * @throws NotSupportedError for good-till-date orders, and post-only outside GTC limit orders.
   * @throws ArbiterError ARB_INPUT_INVALID for a wrong venue, quantity, price or a label over 64 characters.
   * @throws JsonRpcError (ARB_VENUE_REJECTED, Deribit's code kept) when Deribit refuses it, or
   * ARB_VENUE_REJECTED when the order comes back `rejected`.
   * @throws ArbiterError ARB_VENUE_UNKNOWN_OUTCOME when the answer is lost; reconcile with openOrders().
   */
  async submit(request: OrderRequest): Promise<OrderAck> {
    const params = this.orderParams(request);
    await this.start();
    const method = request.side === 'buy' ? 'private/buy' : 'private/sell';
    const result = await this.rpc.request<unknown>(method, { ...params, access_token: this.accessToken });
    const tsLocal = Date.now();
    if (!isRecord(result)) throw new ArbiterError('ARB_PARSE_FRAME', `deribit ${method}: answer has no order`, { venue: 'deribit', method });
    this.remember(request.clientOrderId, result.order);
    const update = parseDeribitOrder(result.order, tsLocal, this.labelOf);
    this.deliverUpdate(update);
    if (Array.isArray(result.trades)) for (const t of result.trades as unknown[]) this.deliverFill(parseDeribitUserTrade(t, tsLocal, this.labelOf));
    if (update.status === 'rejected') {
      throw new ArbiterError('ARB_VENUE_REJECTED', `deribit rejected order ${request.clientOrderId}: ${update.reason ?? 'no reason given'}`, {
        venue: 'deribit', clientOrderId: request.clientOrderId, venueOrderId: update.venueOrderId, venueMessage: update.reason,
      });
    }
    return { clientOrderId: request.clientOrderId, venueOrderId: update.venueOrderId };
  }

  /**
   * Cancels by Deribit order id when this client placed the order, else by label.
   * @throws JsonRpcError with Deribit's code (e.g. 11044 not_open_order); ARB_VENUE_REJECTED when no order has the label.
   */
  async cancel(clientOrderId: string): Promise<void> {
    await this.start();
    const orderId = this.orderIds.get(clientOrderId);
    if (orderId !== undefined) {
      const order = await this.rpc.request<unknown>('private/cancel', { order_id: orderId, access_token: this.accessToken });
      this.deliverUpdate(parseDeribitOrder(order, Date.now(), this.labelOf));
      return;
    }
    const cancelled = await this.rpc.request<unknown>('private/cancel_by_label', { label: clientOrderId, access_token: this.accessToken });
    if (cancelled === 0) {
      throw new ArbiterError('ARB_VENUE_REJECTED', `deribit has no open order labelled ${clientOrderId}`, { venue: 'deribit', clientOrderId, method: 'private/cancel_by_label' });
    }
  }

  /** Orders Deribit reports open (`private/get_open_orders`), for reconciliation. */
  async openOrders(): Promise<readonly OrderUpdate[]> {
    await this.start();
    const result = await this.rpc.request<unknown>('private/get_open_orders', { access_token: this.accessToken });
    if (!Array.isArray(result)) throw new ArbiterError('ARB_PARSE_FRAME', 'deribit private/get_open_orders: result is not an array', { venue: 'deribit' });
    const tsLocal = Date.now();
    return (result as unknown[]).map((raw) => {
      const update = parseDeribitOrder(raw, tsLocal, this.labelOf);
      if (update.clientOrderId !== '' && update.venueOrderId !== null) this.remember(update.clientOrderId, { order_id: update.venueOrderId });
      return update;
    });
  }

  /**
   * The account's own trades since `sinceMs` (inclusive, venue time), oldest first, from
   * `private/get_user_trades_by_currency` (kind any, pages of 1000), for reconciliation after a
   * restart. Fills are returned, not delivered to listeners.
   * @throws ParseError ARB_PARSE_FRAME on a malformed answer; ArbiterError ARB_VENUE_UNKNOWN_OUTCOME when it is lost.
   */
  async fillsSince(sinceMs: number): Promise<readonly Fill[]> {
    await this.start();
    const out: Fill[] = [];
    const seen = new Set<string>();
    for (const currency of this.options.currencies ?? ['BTC']) {
      let start = sinceMs;
      for (;;) {
        const result = await this.rpc.request<unknown>('private/get_user_trades_by_currency', {
          currency, kind: 'any', start_timestamp: start, count: TRADE_PAGE, sorting: 'asc', access_token: this.accessToken,
        });
        if (!isRecord(result) || !Array.isArray(result.trades)) throw new ArbiterError('ARB_PARSE_FRAME', 'deribit private/get_user_trades_by_currency: answer has no trades array', { venue: 'deribit' });
        const tsLocal = Date.now();
        let last = start;
        for (const raw of result.trades as unknown[]) {
          const fill = parseDeribitUserTrade(raw, tsLocal, this.labelOf);
          last = Math.max(last, fill.tsVenue ?? last);
          if (seen.has(fill.tradeId)) continue;
          seen.add(fill.tradeId);
          out.push(fill);
        }
        if (result.has_more !== true) break;
        // The next page starts at the last timestamp seen (inclusive; duplicates dropped above).
        if (last === start) throw new ArbiterError('ARB_VENUE_REJECTED', `deribit lists over ${TRADE_PAGE} trades at one timestamp (${start}); cannot page past them`, { venue: 'deribit', currency });
        start = last;
      }
    }
    return out.sort((a, b) => (a.tsVenue ?? 0) - (b.tsVenue ?? 0));
  }

  /** Non-zero positions (`private/get_positions`, kind any): signed size in Deribit units (USD for futures, BTC for options). */
  async positions(): Promise<ReadonlyArray<{ readonly symbol: string; readonly quantity: number; readonly averagePrice: number | null }>> {
    await this.start();
    const out: Array<{ symbol: string; quantity: number; averagePrice: number | null }> = [];
    for (const currency of this.options.currencies ?? ['BTC']) {
      const result = await this.rpc.request<unknown>('private/get_positions', { currency, kind: 'any', access_token: this.accessToken });
      if (!Array.isArray(result)) throw new ArbiterError('ARB_PARSE_FRAME', 'deribit private/get_positions: result is not an array', { venue: 'deribit' });
      for (const raw of result as unknown[]) {
        if (!isRecord(raw)) throw new ArbiterError('ARB_PARSE_FRAME', 'deribit private/get_positions: a position is not an object', { venue: 'deribit' });
        const quantity = requiredNumber(raw.size, 'deribit', 'position.size');
        if (quantity === 0) continue;
        out.push({ symbol: requiredString(raw.instrument_name, 'deribit', 'position.instrument_name'), quantity, averagePrice: optionalNumber(raw.average_price, 'deribit', 'position.average_price') });
      }
    }
    return out;
  }

  /**
   * The account's balance per currency (`private/get_account_summary`): `total` is Deribit's
   * `balance`, `available` its `available_funds`.
   * @throws ParseError ARB_PARSE_FRAME when a summary lacks either number.
   */
  async balances(): Promise<Balance[]> {
    await this.start();
    const out: Balance[] = [];
    for (const currency of this.options.currencies ?? ['BTC']) {
      const result = await this.rpc.request<unknown>('private/get_account_summary', { currency, access_token: this.accessToken });
      if (!isRecord(result)) throw new ArbiterError('ARB_PARSE_FRAME', 'deribit private/get_account_summary: result is not an object', { venue: 'deribit' });
      out.push({
        venue: 'deribit', currency: typeof result.currency === 'string' ? result.currency : currency,
        total: requiredNumber(result.balance, 'deribit', 'account_summary.balance'), available: requiredNumber(result.available_funds, 'deribit', 'account_summary.available_funds'),
      });
    }
    return out;
  }

  onUpdate(listener: (update: OrderUpdate | Fill) => void): void {
    this.fanout.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.accessToken = null;
    this.refreshToken = null;
    await this.rpc.stop();
  }

  get isOpen(): boolean {
    return this.rpc.socket.isOpen;
  }

  /** Drops the connection as a network fault would; the client reconnects and authenticates again. */
  dropConnection(): void {
    this.rpc.socket.dropConnection();
  }

  private orderParams(r: OrderRequest): Record<string, unknown> {
    const invalid = (why: string): never => {
      throw new ArbiterError('ARB_INPUT_INVALID', `deribit order ${r.clientOrderId}: ${why}`, { venue: 'deribit', clientOrderId: r.clientOrderId, symbol: r.symbol });
    };
    if (r.venue !== 'deribit') invalid(`venue is ${r.venue}`);
    if (r.timeInForce === 'gtd' || r.expireAtMs !== null) {
      throw new NotSupportedError('Deribit has no good-till-date orders (only good_til_cancelled, good_til_day, fill_or_kill, immediate_or_cancel)', { venue: 'deribit', clientOrderId: r.clientOrderId });
    }
    if (r.postOnly && (r.type !== 'limit' || r.timeInForce !== 'gtc')) {
      throw new NotSupportedError('Deribit accepts post_only only on good_til_cancelled limit orders', { venue: 'deribit', clientOrderId: r.clientOrderId });
    }
    if (r.clientOrderId === '' || r.clientOrderId.length > 64) invalid('clientOrderId must be 1 to 64 characters (Deribit label)');
    if (!(r.quantity > 0) || !Number.isFinite(r.quantity)) invalid(`quantity ${r.quantity} must be positive`);
    if (r.type === 'limit' && (r.price === null || !(r.price > 0) || !Number.isFinite(r.price))) invalid('a limit order needs a positive price');
    const params: Record<string, unknown> = {
      instrument_name: r.symbol,
      amount: r.quantity,
      type: r.type,
      label: r.clientOrderId,
      time_in_force: TIME_IN_FORCE[r.timeInForce],
    };
    if (r.type === 'limit') params.price = r.price;
    if (r.postOnly) params.post_only = true;
    if (r.reduceOnly) params.reduce_only = true;
    return params;
  }

  private async onOpen(): Promise<void> {
    if (this.rpc.socket.connects > 0) this.counters.reconnects++;
    let auth: AuthResult;
    try {
      auth = await this.rpc.request<AuthResult>('public/auth', deribitAuthParams(this.options.credentials, this.options.authMethod ?? 'client_signature', (this.options.now ?? Date.now)()));
    } catch (error) {
      if (error instanceof JsonRpcError) {
        // Bad credentials will not get better by reconnecting: stop and fail every caller.
        this.fatal = error;
        this.rejectConnect?.(error);
        void this.rpc.stop();
      }
      throw error;
    }
    this.acceptToken(auth);
    this.counters.authentications++;
    await this.rpc.request('public/set_heartbeat', { interval: this.options.heartbeatIntervalSec ?? 10 });
    const channels: string[] = [];
    for (const kind of this.options.kinds ?? ['option', 'future']) {
      for (const currency of this.options.currencies ?? ['BTC']) channels.push(`user.orders.${kind}.${currency}.raw`, `user.trades.${kind}.${currency}.raw`);
    }
    await this.rpc.request('private/subscribe', { channels, access_token: this.accessToken });
  }

  private acceptToken(auth: AuthResult): void {
    if (!isRecord(auth) || typeof auth.access_token !== 'string') throw new ArbiterError('ARB_PARSE_FRAME', 'deribit public/auth: answer has no access_token', { venue: 'deribit' });
    this.accessToken = auth.access_token;
    this.refreshToken = typeof auth.refresh_token === 'string' ? auth.refresh_token : null;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const expiresSec = typeof auth.expires_in === 'number' ? auth.expires_in : 0;
    if (this.refreshToken !== null && expiresSec > 0) {
      this.refreshTimer = setTimeout(() => void this.refresh(), Math.min(0.8 * expiresSec * 1000, 2 ** 31 - 1));
      this.refreshTimer.unref();
    }
  }

  /** Renews the token before it expires (grant_type refresh_token); a failure is left to the next reconnect. */
  private async refresh(): Promise<void> {
    if (this.refreshToken === null || !this.rpc.socket.isOpen) return;
    try {
      this.acceptToken(await this.rpc.request<AuthResult>('public/auth', { grant_type: 'refresh_token', refresh_token: this.refreshToken }));
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'deribit token refresh failed; reconnecting');
      this.rpc.socket.dropConnection();
    }
  }

  private onMessage(message: unknown, tsLocal: number): void {
    if (!isRecord(message)) return;
    const params = message.params;
    if (message.method === 'heartbeat') {
      if (isRecord(params) && params.type === 'test_request') this.rpc.notify('public/test', {});
      return;
    }
    if (message.method !== 'subscription' || !isRecord(params) || typeof params.channel !== 'string') return;
    try {
      if (params.channel.startsWith('user.orders.')) {
        const orders = Array.isArray(params.data) ? (params.data as unknown[]) : [params.data];
        for (const o of orders) this.deliverUpdate(parseDeribitOrder(o, tsLocal, this.labelOf));
      } else if (params.channel.startsWith('user.trades.')) {
        if (!Array.isArray(params.data)) throw new ArbiterError('ARB_PARSE_FRAME', 'user.trades data is not an array', { venue: 'deribit' });
        for (const t of params.data as unknown[]) this.deliverFill(parseDeribitUserTrade(t, tsLocal, this.labelOf));
      }
    } catch (error) {
      this.badFrame(error instanceof Error ? error.message : String(error));
    }
  }

  private remember(clientOrderId: string, order: unknown): void {
    if (isRecord(order) && typeof order.order_id === 'string') {
      this.labels.set(order.order_id, clientOrderId);
      this.orderIds.set(clientOrderId, order.order_id);
    }
  }

  /** The answer and the user.orders channel report the same state; each state reaches listeners once. */
  private deliverUpdate(update: OrderUpdate): void {
    const key = `${update.status}|${update.filledQuantity}|${update.tsVenue ?? ''}`;
    const id = update.venueOrderId ?? update.clientOrderId;
    const last = this.lastState.get(id);
    if (last === key) return;
    // A late answer must not reopen an order the channel already reported finished.
    if (last !== undefined && TERMINAL_ORDER_STATUSES.has(last.slice(0, last.indexOf('|')) as OrderStatus) && !TERMINAL_ORDER_STATUSES.has(update.status)) return;
    this.lastState.set(id, key);
    if (update.clientOrderId !== '' && update.venueOrderId !== null && !this.labels.has(update.venueOrderId)) this.remember(update.clientOrderId, { order_id: update.venueOrderId });
    this.counters.updates++;
    this.emit(update);
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
    logSkippedFrame(this.logger, ++this.counters.badFrames, reason, 'deribit private frame skipped');
  }
}
