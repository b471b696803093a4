/**
 * Kraken spot order entry: signed private REST (`AddOrder` with the client order id as
 * `cl_ord_id`, `CancelOrder`, `AmendOrder`, `OpenOrders`, `TradesHistory` + `QueryOrders`,
 * `BalanceEx`, `GetWebSocketsToken`) and the authenticated WebSocket v2
 * (`wss://ws-auth.kraken.com/v2`) channels `executions` (a snapshot of open orders and the last
 * trades, then every status change and trade) and `balances`. Prices and quantities are rounded
 * to the pair's AssetPairs rules before signing; both of Kraken's rate counters are respected by
 * waiting. Fills are deduplicated by Kraken's trade txid across the socket, its snapshots and REST;
 * after a reconnect the trades since the last fill are fetched over REST, so a fill made while the
 * socket was down is delivered once. Never a fake success: what Kraken spot cannot do throws
 * NotSupportedError, Kraken's errors are kept verbatim (ARB_VENUE_REJECTED), a lost answer is
 * ARB_VENUE_UNKNOWN_OUTCOME.
 *
 * Amends use `AmendOrder` (in place: same txid and cl_ord_id, queue priority kept where possible),
 * not the legacy `EditOrder`, which cancels and replaces the order under a new txid.
 */
import { createHash } from 'node:crypto';
import { ArbiterError, NotSupportedError } from '../../../domain/errors.js';
import { TERMINAL_ORDER_STATUSES, type Balance, type Fill, type OrderRequest, type OrderStatus, type OrderUpdate } from '../../../domain/order.js';
import type { Logger } from '../../../engine/logger.js';
import type { OrderAmendment } from '../../../engine/market-feed.js';
import type { OrderAck } from '../../../engine/strategy.js';
import type { SpotAssets } from '../../../store/journal/journal.js';
import type { ReconcilableClient } from '../../../store/journal/reconcile.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { requireCredential, type CredentialOptions } from '../../shared/credentials.js';
import { logSkippedFrame, OrderUpdateFanout } from '../../shared/order-update-fanout.js';
import { rememberSecret } from '../../shared/secret-scrubber.js';
import { httpJson } from '../../shared/http-json.js';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.js';
import { roundOrder } from '../../shared/symbol-rules.js';
import { isRecord } from '../../shared/wire-values.js';
import { KRAKEN_REST_URL } from '../catalog/kraken-catalog-source.js';
import { KrakenPairTable } from './kraken-pairs.js';
import { KrakenPrivateRest, type KrakenCredentials } from './kraken-private-rest.js';
import { KrakenRateLimiter, krakenCancelPenalty, type KrakenTier } from './kraken-rate-limits.js';
import { decodeKrakenSecret } from './kraken-signing.js';
import { applyExecutionReport, parseKrakenBalanceEx, parseKrakenBalancesFrame, parseKrakenOrderInfo, parseKrakenTrade, type KrakenOrderState } from './parse-kraken-execution.js';

export const KRAKEN_API_KEY_ENV = 'KRAKEN_API_KEY';
export const KRAKEN_API_SECRET_ENV = 'KRAKEN_API_SECRET';
export const KRAKEN_AUTH_WS_URL = 'wss://ws-auth.kraken.com/v2';

export interface KrakenExecutionClientOptions {
  readonly logger: Logger;
  readonly credentials: KrakenCredentials;
  /** Default `https://api.kraken.com`. */
  readonly restUrl?: string;
  /** Default `wss://ws-auth.kraken.com/v2`. */
  readonly authWsUrl?: string;
  /** The account's verification tier, which sets both rate counters (default starter). */
  readonly tier?: KrakenTier;
  readonly requestTimeoutMs?: number;
  /** How long `start()` waits for the authenticated socket before failing (default 30 s; the socket keeps no retry running after). */
  readonly connectTimeoutMs?: number;
  readonly keepAliveMs?: number;
  readonly backoff?: BackoffOptions;
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
}

export interface KrakenExecutionCounters {
  reconnects: number;
  updates: number;
  fills: number;
  /** Fills first seen in a REST catch-up after a reconnect or a sequence gap. */
  recoveredFills: number;
  /** Order states first learnt in such a catch-up (e.g. canceled while the socket was down). */
  recoveredOrders: number;
  /** `executions` messages whose `sequence` skipped a number (each triggers a catch-up). */
  sequenceGaps: number;
  balanceUpdates: number;
  badFrames: number;
}

/** Kraken's cl_ord_id: a UUID (with or without hyphens) or up to 18 characters of free text. */
const CL_ORD_ID = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[\x21-\x7e]{1,18})$/;
const TRADES_PAGE = 50;
const RECOVERY_OVERLAP_MS = 60_000;

export class KrakenExecutionClient implements ReconcilableClient {
  readonly venue = 'kraken' as const;
  readonly counters: KrakenExecutionCounters = { reconnects: 0, updates: 0, fills: 0, recoveredFills: 0, recoveredOrders: 0, sequenceGaps: 0, balanceUpdates: 0, badFrames: 0 };
  private readonly logger: Logger;
  private readonly rest: KrakenPrivateRest;
  private readonly socket: ReconnectingSocket;
  private readonly restUrl: string;
  private readonly fanout: OrderUpdateFanout;
  private readonly balanceListeners: Array<(asset: string, balance: number) => void> = [];
  private readonly orders = new Map<string, KrakenOrderState>(); // txid → state
  private readonly byClient = new Map<string, string>(); // cl_ord_id → txid
  private readonly clientOfWire = new Map<string, string>(); // hashed cl_ord_id → Arbiter client order id
  private readonly lastState = new Map<string, string>();
  private readonly streamed = new Map<string, number>();
  private readonly acks = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private pairs: KrakenPairTable | null = null;
  private starting: Promise<void> | null = null;
  private token: string | null = null;
  private reqId = 0;
  private lastFillMs = 0;
  private startedMs = 0;
  private closed = false;
  private recovery: Promise<void> = Promise.resolve();
  private executionsSeq = 0;

  constructor(private readonly options: KrakenExecutionClientOptions) {
    this.logger = options.logger.child({ venue: 'kraken', component: 'execution' });
    this.fanout = new OrderUpdateFanout('kraken', this.logger);
    this.restUrl = (options.restUrl ?? KRAKEN_REST_URL).replace(/\/$/, '');
    decodeKrakenSecret(options.credentials.apiSecret);
    rememberSecret(options.credentials.apiSecret);
    this.rest = new KrakenPrivateRest({
      restUrl: this.restUrl, credentials: options.credentials, limiter: new KrakenRateLimiter(options.tier ?? 'starter'), timeoutMs: options.requestTimeoutMs,
    });
    this.socket = new ReconnectingSocket({
      url: options.authWsUrl ?? KRAKEN_AUTH_WS_URL,
      logger: this.logger,
      onFrame: (text, tsLocal) => this.onFrame(text, tsLocal),
      onOpen: () => this.onOpen(),
      keepAliveText: JSON.stringify({ method: 'ping' }),
      keepAliveMs: options.keepAliveMs ?? 10_000,
      backoff: options.backoff,
    });
  }

  /**
   * Credentials from `KRAKEN_API_KEY` / `KRAKEN_API_SECRET` (or `…_FILE` outside the repository).
   * @throws ConfigError naming the missing variable, or saying the private key is not base64 (never its value).
   */
  static fromEnv(options: Omit<KrakenExecutionClientOptions, 'credentials'>, credentialOptions: CredentialOptions = {}): KrakenExecutionClient {
    const apiKey = requireCredential(KRAKEN_API_KEY_ENV, 'Kraken order entry', credentialOptions);
    const apiSecret = requireCredential(KRAKEN_API_SECRET_ENV, 'Kraken order entry', credentialOptions);
    return new KrakenExecutionClient({ ...options, credentials: { apiKey, apiSecret } });
  }

  /**
   * Loads the pair rules (AssetPairs), gets a WebSocket token (which proves the key) and
   * subscribes `executions` and `balances`. Also done lazily by the first call.
   * @throws KrakenApiError (ARB_VENUE_REJECTED) on a bad key or signature, e.g. `EAPI:Invalid key`.
   */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new ArbiterError('ARB_ENGINE_STATE', 'Kraken execution client is closed', { venue: 'kraken' }));
    this.starting ??= this.startOnce();
    this.starting.catch(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    this.startedMs = Date.now();
    const { table, skipped } = KrakenPairTable.fromAssetPairs(await httpJson<unknown>(`${this.restUrl}/0/public/AssetPairs`, { venue: 'kraken', timeoutMs: 20_000 }));
    if (skipped > 0) this.logger.warn({ skipped }, 'kraken AssetPairs entries skipped');
    this.pairs = table;
    this.token = await this.fetchToken();
    const timeoutMs = this.options.connectTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ArbiterError('ARB_VENUE_TRANSIENT', `kraken private socket not connected within ${timeoutMs} ms`, { venue: 'kraken' })), timeoutMs);
    });
    try {
      await Promise.race([this.socket.start(), timedOut]);
    } catch (error) {
      await this.socket.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Places a limit or market order; `quantity` in base units, `price` in quote units, both
   * rounded to the pair's tick and lot (a buy never rounds up, a sell never down) before signing.
   * @throws NotSupportedError for fill-or-kill and reduce-only (not on Kraken spot), post-only market orders.
   * @throws ArbiterError ARB_INPUT_INVALID for a wrong venue, unknown pair, a client order id Kraken
   * cannot carry, or an order below `ordermin` / `costmin`.
   * @throws KrakenApiError ARB_VENUE_REJECTED with Kraken's text (e.g. `EOrder:Insufficient funds`).
   * @throws ArbiterError ARB_VENUE_UNKNOWN_OUTCOME when the answer is lost; reconcile with openOrders().
   */
  async submit(request: OrderRequest): Promise<OrderAck> {
    await this.start();
    const params = this.orderParams(request);
    const wireId = params.cl_ord_id as string;
    const pair = this.pairTable().symbol(request.symbol);
    const result = await this.rest.call<unknown>('AddOrder', params, { pair: pair.altname, tradeCost: 1, mutating: true });
    const txid = isRecord(result) && Array.isArray(result.txid) && typeof result.txid[0] === 'string' ? result.txid[0] : null;
    if (txid === null) throw new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', `kraken AddOrder for ${request.clientOrderId}: answer has no txid; reconcile before acting again`, { venue: 'kraken', clientOrderId: request.clientOrderId });
    const state = this.orders.get(txid);
    if (state === undefined) {
      this.orders.set(txid, {
        orderId: txid, clientOrderId: wireId, symbol: pair.symbol, side: request.side, orderQty: Number(params.volume), cumQty: 0, avgPrice: null, status: 'pending_new', openedMs: Date.now(),
      });
    }
    this.byClient.set(wireId, txid);
    return { clientOrderId: request.clientOrderId, venueOrderId: txid };
  }

  /**
   * Cancels by client order id (`CancelOrder` with `cl_ord_id`); the `executions` channel then
   * reports `canceled`.
   * @throws KrakenApiError ARB_VENUE_REJECTED with Kraken's text, e.g. `EOrder:Unknown order`.
   */
  async cancel(clientOrderId: string): Promise<void> {
    await this.start();
    const state = this.stateOf(this.toWire(clientOrderId));
    const penalty = krakenCancelPenalty(state === undefined ? 0 : Date.now() - state.openedMs);
    const pair = state === undefined ? 'unknown pair' : this.pairOrSymbol(state.symbol);
    const result = await this.rest.call<unknown>('CancelOrder', { cl_ord_id: this.toWire(clientOrderId) }, { pair, tradeCost: penalty, mutating: true });
    if (isRecord(result) && result.count === 0 && result.pending !== true) {
      throw new ArbiterError('ARB_VENUE_REJECTED', `kraken CancelOrder: no open order with cl_ord_id ${clientOrderId}`, { venue: 'kraken', clientOrderId });
    }
  }

  /**
   * Changes a live order's limit price and/or total quantity in place (`AmendOrder`), rounded
   * to the pair's rules; the `executions` channel reports the amended order.
   * @throws ArbiterError ARB_INPUT_INVALID when neither is given or the result breaks a minimum;
   * ARB_VENUE_REJECTED when no open order has the id; KrakenApiError with Kraken's text.
   */
  async amend(clientOrderId: string, change: OrderAmendment): Promise<void> {
    await this.start();
    if (change.price === undefined && change.quantity === undefined) throw new ArbiterError('ARB_INPUT_INVALID', `kraken amend ${clientOrderId}: give a new price and/or quantity`, { venue: 'kraken', clientOrderId });
    const wireId = this.toWire(clientOrderId);
    let state = this.stateOf(wireId);
    if (state === undefined || state.side === null) {
      await this.openOrders();
      state = this.stateOf(wireId);
    }
    if (state === undefined || state.side === null) throw new ArbiterError('ARB_VENUE_REJECTED', `kraken amend: no open order with cl_ord_id ${clientOrderId}`, { venue: 'kraken', clientOrderId });
    const pair = this.pairTable().symbol(state.symbol);
    const rounded = roundOrder(pair.rules, state.side, change.quantity ?? state.orderQty, change.price ?? null);
    const params: Record<string, unknown> = { cl_ord_id: wireId };
    if (change.quantity !== undefined) params.order_qty = rounded.quantityText;
    if (change.price !== undefined) params.limit_price = rounded.priceText;
    await this.rest.call<unknown>('AmendOrder', params, { pair: pair.altname, tradeCost: 1, mutating: true });
  }

  /** Orders Kraken lists open (`OpenOrders`), for reconciliation. */
  async openOrders(): Promise<readonly OrderUpdate[]> {
    await this.start();
    const result = await this.rest.call<unknown>('OpenOrders', {});
    if (!isRecord(result) || !isRecord(result.open)) throw new ArbiterError('ARB_PARSE_FRAME', 'kraken OpenOrders: result has no open object', { venue: 'kraken' });
    const tsLocal = Date.now();
    const out: OrderUpdate[] = [];
    for (const [txid, wire] of Object.entries(result.open)) {
      const { update, side, openedMs } = parseKrakenOrderInfo(txid, wire, this.pairTable(), tsLocal);
      const state = this.orders.get(txid);
      if (state === undefined) {
        this.orders.set(txid, {
          orderId: txid, clientOrderId: update.clientOrderId, symbol: update.symbol, side, orderQty: update.filledQuantity + update.remainingQuantity,
          cumQty: update.filledQuantity, avgPrice: update.averageFillPrice, status: update.status, openedMs,
        });
      } else {
        state.side = side;
        state.orderQty = update.filledQuantity + update.remainingQuantity;
      }
      if (update.clientOrderId !== '') this.byClient.set(update.clientOrderId, txid);
      out.push(this.fromWire(update));
    }
    return out;
  }

  /**
   * The account's trades since `sinceMs` (venue time, inclusive), oldest first: `TradesHistory`
   * paged by offset (50 a page), each trade's client order id from the order (`QueryOrders` for
   * orders this process has not seen). Fills are returned, not delivered to listeners.
   */
  async fillsSince(sinceMs: number): Promise<readonly Fill[]> {
    await this.start();
    const raw: Array<[string, unknown]> = [];
    for (let ofs = 0; ; ofs += TRADES_PAGE) {
      const result = await this.rest.call<unknown>('TradesHistory', { start: Math.max(0, sinceMs - 1) / 1000, ofs });
      if (!isRecord(result) || !isRecord(result.trades)) throw new ArbiterError('ARB_PARSE_FRAME', 'kraken TradesHistory: result has no trades object', { venue: 'kraken' });
      const page = Object.entries(result.trades);
      raw.push(...page);
      const count = typeof result.count === 'number' ? result.count : raw.length;
      if (page.length === 0 || raw.length >= count) break;
    }
    const clientOf = await this.clientOrderIds(raw.map(([, t]) => (isRecord(t) && typeof t.ordertxid === 'string' ? t.ordertxid : '')));
    const tsLocal = Date.now();
    const seen = new Set<string>();
    const out: Fill[] = [];
    for (const [txid, wire] of raw) {
      if (seen.has(txid)) continue;
      seen.add(txid);
      const fill = parseKrakenTrade(txid, wire, this.pairTable(), (o) => clientOf.get(o) ?? '', tsLocal);
      if ((fill.tsVenue ?? 0) >= sinceMs) out.push(this.fromWire(fill));
    }
    return out.sort((a, b) => (a.tsVenue ?? 0) - (b.tsVenue ?? 0));
  }

  /** A spot pair's v2 assets (`BTC/USD` → BTC, USD), as `balances()` names them; undefined before start() or for an unknown pair. */
  spotAssetsOf(symbol: string): SpotAssets | undefined {
    if (this.pairs === null) return undefined;
    try {
      const pair = this.pairs.symbol(symbol);
      return { base: pair.base, quote: pair.quote };
    } catch {
      return undefined;
    }
  }

  /** The account's balances (`BalanceEx`): total, and available = total − held for open orders. */
  async balances(): Promise<readonly Balance[]> {
    await this.start();
    return parseKrakenBalanceEx(await this.rest.call<unknown>('BalanceEx', {}));
  }

  /** The latest total per asset from the `balances` channel (v2 asset names). */
  streamedBalances(): ReadonlyMap<string, number> {
    return this.streamed;
  }

  /** Called with each asset's new total as the `balances` channel reports it. */
  onBalance(listener: (asset: string, balance: number) => void): void {
    this.balanceListeners.push(listener);
  }

  onUpdate(listener: (update: OrderUpdate | Fill) => void): void {
    this.fanout.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.token = null;
    for (const a of this.acks.values()) a.reject(new ArbiterError('ARB_ENGINE_STATE', 'Kraken execution client closed', { venue: 'kraken' }));
    this.acks.clear();
    await this.socket.stop();
  }

  get isOpen(): boolean {
    return this.socket.isOpen;
  }

  /** Resolves when the fill catch-up after the latest reconnect has finished (at once when none ran). */
  whenCaughtUp(): Promise<void> {
    return this.recovery;
  }

  /** Drops the private socket as a network fault would; it reconnects, resubscribes and catches up. */
  dropConnection(): void {
    this.socket.dropConnection();
  }

  // ---- internals --------------------------------------------------------------------------------

  private pairTable(): KrakenPairTable {
    if (this.pairs === null) throw new ArbiterError('ARB_ENGINE_STATE', 'kraken pairs not loaded; call start() first', { venue: 'kraken' });
    return this.pairs;
  }

  private pairOrSymbol(symbol: string): string {
    try {
      return this.pairTable().symbol(symbol).altname;
    } catch {
      return symbol;
    }
  }

  private stateOf(clientOrderId: string): KrakenOrderState | undefined {
    const txid = this.byClient.get(clientOrderId);
    return txid === undefined ? undefined : this.orders.get(txid);
  }

  private orderParams(r: OrderRequest): Record<string, unknown> {
    const invalid = (why: string): never => {
      throw new ArbiterError('ARB_INPUT_INVALID', `kraken order ${r.clientOrderId}: ${why}`, { venue: 'kraken', clientOrderId: r.clientOrderId, symbol: r.symbol });
    };
    if (r.venue !== 'kraken') invalid(`venue is ${r.venue}`);
    if (r.timeInForce === 'fok') throw new NotSupportedError('Kraken spot has no fill-or-kill (time in force GTC, IOC or GTD)', { venue: 'kraken', clientOrderId: r.clientOrderId });
    if (r.reduceOnly) throw new NotSupportedError('Kraken spot orders cannot be reduce-only (margin positions only)', { venue: 'kraken', clientOrderId: r.clientOrderId });
    if (r.postOnly && r.type !== 'limit') throw new NotSupportedError('Kraken accepts post-only on limit orders only', { venue: 'kraken', clientOrderId: r.clientOrderId });
    if (r.type === 'limit' && r.price === null) invalid('a limit order needs a price');
    const pair = this.pairTable().symbol(r.symbol);
    const rounded = roundOrder(pair.rules, r.side, r.quantity, r.type === 'limit' ? r.price : null);
    const params: Record<string, unknown> = { ordertype: r.type, type: r.side, volume: rounded.quantityText, pair: pair.altname, cl_ord_id: this.toWire(r.clientOrderId) };
    if (rounded.priceText !== null) params.price = rounded.priceText;
    if (r.timeInForce === 'ioc') params.timeinforce = 'IOC';
    if (r.timeInForce === 'gtd') {
      if (r.expireAtMs === null) invalid('a good-till-date order needs expireAtMs');
      params.timeinforce = 'GTD';
      params.expiretm = String(Math.floor(r.expireAtMs! / 1000));
    }
    if (r.postOnly) params.oflags = 'post';
    return params;
  }

  private async fetchToken(): Promise<string> {
    const result = await this.rest.call<unknown>('GetWebSocketsToken', {});
    if (!isRecord(result) || typeof result.token !== 'string') throw new ArbiterError('ARB_PARSE_FRAME', 'kraken GetWebSocketsToken: answer has no token', { venue: 'kraken' });
    return result.token;
  }

  /** Subscribes both private channels after every connect; a reconnect gets a fresh token and catches up on fills. */
  private async onOpen(): Promise<void> {
    const reconnect = this.socket.connects > 0;
    if (reconnect) {
      this.counters.reconnects++;
      this.token = await this.fetchToken();
    }
    const token = this.token ?? (this.token = await this.fetchToken());
    this.executionsSeq = 0;
    await Promise.all([
      this.subscribe({ channel: 'executions', token, snap_orders: true, snap_trades: true }),
      this.subscribe({ channel: 'balances', token, snapshot: true }),
    ]);
    if (reconnect) this.catchUp();
  }

  private subscribe(params: Record<string, unknown>): Promise<void> {
    const reqId = ++this.reqId;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(reqId);
        reject(new ArbiterError('ARB_VENUE_TRANSIENT', `kraken subscribe ${String(params.channel)}: no answer in time`, { venue: 'kraken' }));
      }, this.options.requestTimeoutMs ?? 10_000);
      timer.unref();
      this.acks.set(reqId, {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      if (!this.socket.send(JSON.stringify({ method: 'subscribe', params, req_id: reqId }))) {
        this.acks.get(reqId)?.reject(new ArbiterError('ARB_VENUE_TRANSIENT', 'kraken private socket closed while subscribing', { venue: 'kraken' }));
        this.acks.delete(reqId);
      }
    });
  }

  /**
   * Catches up over REST after a reconnect or a sequence gap: first the trades since the last fill
   * (minus an overlap), then the state of every order still live here, so that a fill or a cancel
   * missed by the socket is delivered once, fills before the status they complete.
   */
  private catchUp(): void {
    this.recovery = this.recovery.then(async () => {
      try {
        const fills = await this.fillsSince(Math.max(this.lastFillMs, this.startedMs) - RECOVERY_OVERLAP_MS);
        for (const f of fills) if (this.deliverFill(f)) this.counters.recoveredFills++;
        // Orders placed, listed or reported live here and not yet reported finished to listeners.
        const live = [...new Set(this.byClient.values())].filter((txid) => {
          const delivered = this.lastState.get(txid);
          return delivered === undefined || !TERMINAL_ORDER_STATUSES.has(delivered.slice(0, delivered.indexOf('|')) as OrderStatus);
        });
        for (let i = 0; i < live.length; i += 50) {
          const result = await this.rest.call<unknown>('QueryOrders', { txid: live.slice(i, i + 50).join(',') });
          if (!isRecord(result)) throw new ArbiterError('ARB_PARSE_FRAME', 'kraken QueryOrders: result is not an object', { venue: 'kraken' });
          const tsLocal = Date.now();
          for (const [txid, wire] of Object.entries(result)) {
            const { update } = parseKrakenOrderInfo(txid, wire, this.pairTable(), tsLocal);
            const state = this.orders.get(txid);
            if (state !== undefined) {
              state.status = update.status;
              state.cumQty = update.filledQuantity;
            }
            const before = this.counters.updates;
            this.deliverUpdate(update.clientOrderId === '' && state !== undefined ? { ...update, clientOrderId: state.clientOrderId } : update);
            if (this.counters.updates > before) this.counters.recoveredOrders++;
          }
        }
      } catch (error) {
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'kraken catch-up failed; reconciliation will pick up what was missed');
      }
    });
  }

  /** Client order ids for order txids: known orders first, then `QueryOrders` in batches of 50. */
  private async clientOrderIds(txids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const t of new Set(txids)) {
      if (t === '') continue;
      const known = this.orders.get(t);
      if (known !== undefined && known.clientOrderId !== '') out.set(t, known.clientOrderId);
      else missing.push(t);
    }
    for (let i = 0; i < missing.length; i += 50) {
      const result = await this.rest.call<unknown>('QueryOrders', { txid: missing.slice(i, i + 50).join(',') });
      if (!isRecord(result)) throw new ArbiterError('ARB_PARSE_FRAME', 'kraken QueryOrders: result is not an object', { venue: 'kraken' });
      for (const [txid, order] of Object.entries(result)) if (isRecord(order) && typeof order.cl_ord_id === 'string') out.set(txid, order.cl_ord_id);
    }
    return out;
  }

  private onFrame(text: string, tsLocal: number): void {
    this.options.onRawFrame?.(text, tsLocal);
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.badFrame('not JSON');
      return;
    }
    if (!isRecord(message)) return this.badFrame('not an object');
    if (typeof message.req_id === 'number' && (message.method === 'subscribe' || message.method === 'unsubscribe')) {
      const ack = this.acks.get(message.req_id);
      if (ack === undefined) return;
      this.acks.delete(message.req_id);
      if (message.success === true) ack.resolve();
      else ack.reject(new ArbiterError('ARB_VENUE_REJECTED', `kraken subscribe: ${typeof message.error === 'string' ? message.error : 'refused'}`, { venue: 'kraken', venueMessage: typeof message.error === 'string' ? message.error : null }));
      return;
    }
    if (message.channel === 'executions') this.onExecutions(message, tsLocal);
    else if (message.channel === 'balances') this.onBalances(message);
  }

  private onExecutions(message: Record<string, unknown>, tsLocal: number): void {
    if (!Array.isArray(message.data)) return this.badFrame('executions frame without data');
    const snapshot = message.type === 'snapshot';
    if (typeof message.sequence === 'number') {
      const gap = this.executionsSeq > 0 && message.sequence !== this.executionsSeq + 1;
      this.executionsSeq = message.sequence;
      if (gap) {
        this.counters.sequenceGaps++;
        this.logger.warn({ sequence: message.sequence }, 'kraken executions sequence gap; catching up over REST');
        this.catchUp();
      }
    }
    for (const item of message.data as unknown[]) {
      try {
        const { update, fill } = applyExecutionReport(item, this.orders, tsLocal);
        if (fill !== null) this.deliverFill(fill);
        // A snapshot trade carries its order's status at trade time; the order's own entry (or the
        // live stream) says where it is now.
        if (update !== null && !(snapshot && fill !== null)) this.deliverUpdate(update);
      } catch (error) {
        this.badFrame(error instanceof Error ? error.message : String(error));
      }
    }
  }

  private onBalances(message: Record<string, unknown>): void {
    try {
      for (const { asset, balance } of parseKrakenBalancesFrame(message)) {
        this.streamed.set(asset, balance);
        this.counters.balanceUpdates++;
        for (const l of this.balanceListeners) {
          try {
            l(asset, balance);
          } catch (error) {
            this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'kraken balance listener threw');
          }
        }
      }
    } catch (error) {
      this.badFrame(error instanceof Error ? error.message : String(error));
    }
  }

  /** Each state reaches listeners once; a late report never reopens a finished order. */
  private deliverUpdate(update: OrderUpdate): void {
    if (update.clientOrderId !== '' && update.venueOrderId !== null) this.byClient.set(update.clientOrderId, update.venueOrderId);
    const key = `${update.status}|${update.filledQuantity}|${update.remainingQuantity}`;
    const id = update.venueOrderId ?? update.clientOrderId;
    const last = this.lastState.get(id);
    if (last === key) return;
    if (last !== undefined && TERMINAL_ORDER_STATUSES.has(last.slice(0, last.indexOf('|')) as OrderStatus)) return;
    this.lastState.set(id, key);
    this.counters.updates++;
    this.emit(update);
  }

  /** True when the fill was new. */
  private deliverFill(fill: Fill): boolean {
    if (!this.fanout.markSeen(fill.tradeId)) return false;
    if (fill.tsVenue !== null && fill.tsVenue > this.lastFillMs) this.lastFillMs = fill.tsVenue;
    this.counters.fills++;
    this.emit(fill);
    return true;
  }

  private emit(update: OrderUpdate | Fill): void {
    this.fanout.emit(this.fromWire(update));
  }

  /**
   * Kraken's cl_ord_id carries a UUID or at most 18 characters: a longer Arbiter id is sent as
   * the 32 hex digits of its SHA-256 (a UUID without hyphens) and mapped back while this process
   * runs; after a restart such an order is matched by its txid (the journal keeps it).
   */
  private toWire(clientOrderId: string): string {
    if (CL_ORD_ID.test(clientOrderId)) return clientOrderId;
    const wire = createHash('sha256').update(clientOrderId).digest('hex').slice(0, 32);
    this.clientOfWire.set(wire, clientOrderId);
    return wire;
  }

  private fromWire<T extends OrderUpdate | Fill>(update: T): T {
    const original = this.clientOfWire.get(update.clientOrderId);
    return original === undefined ? update : { ...update, clientOrderId: original };
  }

  private badFrame(reason: string): void {
    logSkippedFrame(this.logger, ++this.counters.badFrames, reason, 'kraken private frame skipped');
  }
}
