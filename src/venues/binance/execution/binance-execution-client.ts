/**
 * Binance order entry for spot and USDⓈ-M futures in one client. The market of an order comes
 * from its Arbiter symbol (binance-symbols.ts): `BTCUSDT` is the spot pair, `BTCUSDT-PERP` the
 * perpetual and `BTCUSDT_250627` a delivery contract (both USDⓈ-M). Orders are signed REST calls
 * (binance-rest.ts): spot `POST/DELETE /api/v3/order`, `PUT /api/v3/order/amend/keepPriority`
 * (quantity decreases) or `POST /api/v3/order/cancelReplace` (other changes), `GET
 * /api/v3/openOrders`, `/api/v3/myTrades`, `/api/v3/account`; USDⓈ-M `POST/PUT/DELETE
 * /fapi/v1/order`, `GET /fapi/v1/openOrders`, `/fapi/v1/userTrades`, `/fapi/v2/account`,
 * `/fapi/v3/positionRisk`. Prices and quantities are rounded to the symbol's exchangeInfo rules
 * before signing. Updates and fills come from the user streams (binance-user-streams.ts), each
 * state and trade delivered once; after a stream reconnect the client fetches the fills and
 * order states it missed. Never a fake success: unsupported combinations throw
 * NotSupportedError, Binance's refusals keep its code (BinanceApiError, ARB_VENUE_REJECTED), a
 * lost answer is ARB_VENUE_UNKNOWN_OUTCOME.
 */
import { ArbiterError } from '../../../domain/errors.js';
import { TERMINAL_ORDER_STATUSES, type Balance, type Fill, type OrderRequest, type OrderStatus, type OrderUpdate } from '../../../domain/order.js';
import type { Logger } from '../../../engine/logger.js';
import type { OrderAmendment } from '../../../engine/market-feed.js';
import type { OrderAck } from '../../../engine/strategy.js';
import type { SpotAssets } from '../../../store/journal/journal.js';
import type { ReconcilableClient, VenuePosition } from '../../../store/journal/reconcile.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { requireCredential, type CredentialOptions } from '../../shared/credentials.js';
import { logSkippedFrame, OrderUpdateFanout } from '../../shared/order-update-fanout.js';
import { roundOrder } from '../../shared/symbol-rules.js';
import { isRecord } from '../../shared/wire-values.js';
import { BINANCE_SPOT_REST_URL, BINANCE_USDM_REST_URL, BINANCE_USDM_WS_URL } from '../client/binance-market-feed.js';
import { binanceMarketOf, binanceWireSymbol, type BinanceMarket } from '../parse/binance-symbols.js';
import { toBinanceClientOrderId } from './binance-client-order-id.js';
import { BinanceRest, type BinanceRequestSpec, type HttpMethod } from './binance-rest.js';
import type { BinanceParam } from './binance-signing.js';
import { BinanceFuturesUserStream, BinanceSpotUserStream } from './binance-user-streams.js';
import {
  parseBinanceAccountPosition, parseBinanceAccountTrade, parseBinanceAccountUpdate, parseBinanceExecutionReport,
  parseBinanceOrderTradeUpdate, parseBinanceRestOrder, parseBinanceSpotOrderFills, type BinanceOrderEvent,
} from './parse-binance-order.js';
import { parseBinanceSymbolRules, type BinanceSymbolRules } from './parse-binance-symbol-rules.js';
import { binanceOrderParams, checkBinanceOrderSupported } from './binance-order-params.js';
import { binanceFuturesCurrency, parseBinanceFuturesBalances, parseBinancePositionRisk, parseBinanceSpotBalances } from './parse-binance-account.js';

export const BINANCE_API_KEY_ENV = 'BINANCE_API_KEY';
export const BINANCE_API_SECRET_ENV = 'BINANCE_API_SECRET';
export const BINANCE_SPOT_WS_API_URL = 'wss://ws-api.binance.com:443/ws-api/v3';

export interface BinanceCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
}

export interface BinanceExecutionClientOptions {
  readonly logger: Logger;
  readonly credentials: BinanceCredentials;
  /** Markets this client trades and streams (default both). */
  readonly markets?: readonly BinanceMarket[];
  readonly spotRestUrl?: string;
  readonly futuresRestUrl?: string;
  /** Spot WebSocket API URL (default production `/ws-api/v3`). */
  readonly spotWsApiUrl?: string;
  /** USDⓈ-M WebSocket base (default `wss://fstream.binance.com`). */
  readonly futuresWsUrl?: string;
  /** Arbiter symbols whose past fills `fillsSince` lists besides those this client traded (Binance lists trades per symbol). */
  readonly symbols?: readonly string[];
  readonly recvWindowMs?: number;
  readonly requestTimeoutMs?: number;
  readonly maxRateWaitMs?: number;
  readonly weightPerMinute?: Partial<Record<BinanceMarket, number>>;
  readonly ordersPer10s?: Partial<Record<BinanceMarket, number>>;
  readonly backoff?: BackoffOptions;
  readonly keepAliveMs?: number;
  readonly listenKeyRenewMs?: number;
  /** Overlap when fetching fills missed during a user-stream outage (default 5 s). */
  readonly catchUpOverlapMs?: number;
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

export interface BinanceExecutionCounters {
  updates: number;
  fills: number;
  badFrames: number;
  streamReconnects: number;
  /** Fills first seen in a catch-up after a reconnect (missed by the stream). */
  fillsRecovered: number;
}

interface KnownOrder {
  readonly clientOrderId: string;
  wireClientId: string;
  venueOrderId: string | null;
  readonly market: BinanceMarket;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly postOnly: boolean;
  readonly timeInForce: string | null;
  price: number | null;
  quantity: number;
  filled: number;
  status: OrderStatus;
}

const TRADE_PAGE = 1000;
const WINDOW_MS: Readonly<Record<BinanceMarket, number>> = { spot: 24 * 3_600_000 - 1, usdm: 7 * 24 * 3_600_000 - 1 };

export class BinanceExecutionClient implements ReconcilableClient {
  readonly venue = 'binance' as const;
  readonly counters: BinanceExecutionCounters = { updates: 0, fills: 0, badFrames: 0, streamReconnects: 0, fillsRecovered: 0 };
  readonly rest: BinanceRest;
  private readonly logger: Logger;
  private readonly markets: readonly BinanceMarket[];
  private readonly now: () => number;
  private readonly fanout: OrderUpdateFanout;
  private readonly rules = new Map<BinanceMarket, Promise<Map<string, BinanceSymbolRules>>>();
  /** Base and quote asset of every spot pair, once the spot rules are loaded (the journal's balances). */
  private readonly spotAssets = new Map<string, SpotAssets>();
  private readonly orders = new Map<string, KnownOrder>(); // Arbiter client order id → order
  private readonly byWireId = new Map<string, string>(); // market:wire client id → Arbiter id
  private readonly byVenueId = new Map<string, string>(); // market:order id → Arbiter id
  private readonly lastState = new Map<string, string>();
  private readonly traded = new Set<string>(); // Arbiter symbols with orders from this client
  private readonly streamBalance = new Map<string, Balance>();
  /** Binance order ids being cancel-replaced: their CANCELED report is not the Arbiter order's end. */
  private readonly replacing = new Set<string>();
  private spotStream: BinanceSpotUserStream | null = null;
  private futuresStream: BinanceFuturesUserStream | null = null;
  private starting: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: BinanceExecutionClientOptions) {
    this.logger = options.logger.child({ venue: 'binance', component: 'execution' });
    this.fanout = new OrderUpdateFanout('binance', this.logger);
    this.markets = options.markets ?? ['spot', 'usdm'];
    this.now = options.now ?? Date.now;
    this.rest = new BinanceRest({
      spotRestUrl: options.spotRestUrl ?? BINANCE_SPOT_REST_URL, futuresRestUrl: options.futuresRestUrl ?? BINANCE_USDM_REST_URL,
      apiKey: options.credentials.apiKey, apiSecret: options.credentials.apiSecret, recvWindowMs: options.recvWindowMs,
      timeoutMs: options.requestTimeoutMs, maxRateWaitMs: options.maxRateWaitMs, weightPerMinute: options.weightPerMinute,
      ordersPer10s: options.ordersPer10s, now: options.now, fetch: options.fetch,
    });
    for (const s of options.symbols ?? []) this.traded.add(s);
  }

  /**
   * Credentials from `BINANCE_API_KEY` / `BINANCE_API_SECRET` (or the `_FILE` variants outside the repository).
   * @throws ConfigError naming the missing variable (never its value).
   */
  static fromEnv(options: Omit<BinanceExecutionClientOptions, 'credentials'>, credentialOptions: CredentialOptions = {}): BinanceExecutionClient {
    const apiKey = requireCredential(BINANCE_API_KEY_ENV, 'Binance order entry', credentialOptions);
    const apiSecret = requireCredential(BINANCE_API_SECRET_ENV, 'Binance order entry', credentialOptions);
    return new BinanceExecutionClient({ ...options, credentials: { apiKey, apiSecret } });
  }

  /** Loads the symbol rules and opens the user streams of the configured markets. Rejects on bad credentials. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new ArbiterError('ARB_ENGINE_STATE', 'Binance execution client is closed', { venue: 'binance' }));
    this.starting ??= this.open().catch((error: unknown) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  /**
   * Places a limit or market order. Spot post-only is `LIMIT_MAKER`; USDⓈ-M post-only is `GTX`,
   * good-till-date is `GTD` with `goodTillDate`.
   * @throws NotSupportedError for spot reduce-only or good-till-date, post-only outside GTC limit orders.
   * @throws ArbiterError ARB_INPUT_INVALID for a wrong venue, an unknown symbol or an order breaking the symbol rules (nothing sent).
   * @throws BinanceApiError ARB_VENUE_REJECTED with Binance's code; ARB_VENUE_UNKNOWN_OUTCOME when the answer is lost.
   */
  async submit(request: OrderRequest): Promise<OrderAck> {
    if (request.venue !== 'binance') throw this.invalid(request.clientOrderId, `venue is ${request.venue}`);
    if (this.orders.has(request.clientOrderId) && !TERMINAL_ORDER_STATUSES.has(this.orders.get(request.clientOrderId)!.status)) {
      throw this.invalid(request.clientOrderId, 'an order with this client order id is still live');
    }
    const market = binanceMarketOf(request.symbol);
    this.requireMarket(market, request.symbol);
    checkBinanceOrderSupported(request, market);
    const rules = await this.symbolRules(market, request.symbol);
    const rounded = roundOrder(request.type === 'market' ? rules.marketOrder : rules.limit, request.side, request.quantity, request.type === 'market' ? null : request.price);
    const wireClientId = toBinanceClientOrderId(request.clientOrderId);
    const params = binanceOrderParams(request, market, rules.wire, rounded, wireClientId);
    const known: KnownOrder = {
      clientOrderId: request.clientOrderId, wireClientId, venueOrderId: null, market, symbol: request.symbol, side: request.side,
      postOnly: request.postOnly, timeInForce: request.type === 'limit' ? params.find(([k]) => k === 'timeInForce')?.[1] ?? null : null,
      price: rounded.price, quantity: rounded.quantity, filled: 0, status: 'pending_new',
    };
    this.remember(known);
    this.traded.add(request.symbol);
    await this.start();
    const path = market === 'spot' ? '/api/v3/order' : '/fapi/v1/order';
    let answer: unknown;
    try {
      answer = await this.call(market, 'POST', path, params, { weight: 1, order: true, mutating: true, auth: true });
    } catch (error) {
      // Refused or never sent: the id is free again. An unknown outcome stays pending until reconciled.
      if (error instanceof ArbiterError && error.code !== 'ARB_VENUE_UNKNOWN_OUTCOME') known.status = 'rejected';
      throw error;
    }
    const tsLocal = this.now();
    const update = this.deliverRestOrder(answer, market, tsLocal);
    if (market === 'spot') for (const fill of parseBinanceSpotOrderFills(answer, tsLocal, this.clientIdOf('spot'))) this.deliverFill(fill);
    if (update.status === 'rejected') {
      throw new ArbiterError('ARB_VENUE_REJECTED', `binance rejected order ${request.clientOrderId}`, { venue: 'binance', clientOrderId: request.clientOrderId, venueOrderId: update.venueOrderId });
    }
    return { clientOrderId: request.clientOrderId, venueOrderId: update.venueOrderId };
  }

  /**
   * Cancels by client order id (`origClientOrderId`); an order this client does not know is
   * looked up among the open orders first.
   * @throws BinanceApiError with Binance's code (e.g. -2011 Unknown order sent).
   */
  async cancel(clientOrderId: string): Promise<void> {
    await this.start();
    const order = await this.locate(clientOrderId);
    const path = order.market === 'spot' ? '/api/v3/order' : '/fapi/v1/order';
    const answer = await this.call(order.market, 'DELETE', path, [['symbol', binanceWireSymbol(order.symbol)], ['origClientOrderId', order.wireClientId]], { weight: 1, mutating: true, auth: true });
    this.deliverRestOrder(answer, order.market, this.now());
  }

  /**
   * Changes a live limit order. USDⓈ-M: `PUT /fapi/v1/order` (price and quantity; the order keeps
   * its ids). Spot: a pure quantity decrease is `PUT /api/v3/order/amend/keepPriority` (keeps
   * queue priority and the ids); any other change is `POST /api/v3/order/cancelReplace`
   * (STOP_ON_FAILURE, same client order id, a new Binance order id, queue priority lost), with the
   * replacement sized at the new total minus what is already filled.
   * @throws ArbiterError ARB_INPUT_INVALID for an unknown order, a market order or a change breaking the rules.
   * @throws BinanceApiError with Binance's code when it refuses.
   */
  async amend(clientOrderId: string, change: OrderAmendment): Promise<void> {
    await this.start();
    const order = await this.locate(clientOrderId);
    if (order.price === null) throw this.invalid(clientOrderId, 'only limit orders can be amended');
    if (change.price === undefined && change.quantity === undefined) throw this.invalid(clientOrderId, 'the amendment changes nothing');
    const rules = await this.symbolRules(order.market, order.symbol);
    const rounded = roundOrder(rules.limit, order.side, change.quantity ?? order.quantity, change.price ?? order.price);
    const wire = binanceWireSymbol(order.symbol);
    const tsLocal = (): number => this.now();
    if (order.market === 'usdm') {
      const answer = await this.call('usdm', 'PUT', '/fapi/v1/order', [
        ['symbol', wire], ['origClientOrderId', order.wireClientId], ['side', order.side.toUpperCase()], ['quantity', rounded.quantityText], ['price', rounded.priceText!],
      ], { weight: 1, order: true, mutating: true, auth: true });
      this.deliverRestOrder(answer, 'usdm', tsLocal());
      return;
    }
    if (rounded.price === order.price && rounded.quantity < order.quantity) {
      const answer = await this.call('spot', 'PUT', '/api/v3/order/amend/keepPriority', [
        ['symbol', wire], ['origClientOrderId', order.wireClientId], ['newClientOrderId', order.wireClientId], ['newQty', rounded.quantityText],
      ], { weight: 4, mutating: true, auth: true });
      if (!isRecord(answer)) throw new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', 'binance amend/keepPriority: answer has no amendedOrder', { venue: 'binance', clientOrderId });
      this.deliverRestOrder(answer.amendedOrder, 'spot', tsLocal());
      return;
    }
    const remaining = roundOrder(rules.limit, order.side, rounded.quantity - order.filled, rounded.price);
    const params: BinanceParam[] = [
      ['symbol', wire], ['side', order.side.toUpperCase()], ['type', order.postOnly ? 'LIMIT_MAKER' : 'LIMIT'], ['cancelReplaceMode', 'STOP_ON_FAILURE'],
      ...(order.postOnly ? [] : [['timeInForce', order.timeInForce ?? 'GTC'] as BinanceParam]),
      ['quantity', remaining.quantityText], ['price', remaining.priceText!], ['cancelOrigClientOrderId', order.wireClientId],
      ['newClientOrderId', order.wireClientId], ['newOrderRespType', 'FULL'],
    ];
    const oldVenueId = order.venueOrderId;
    if (oldVenueId !== null) this.replacing.add(oldVenueId);
    let answer: unknown;
    try {
      answer = await this.call('spot', 'POST', '/api/v3/order/cancelReplace', params, { weight: 1, order: true, mutating: true, auth: true });
      if (!isRecord(answer) || !isRecord(answer.newOrderResponse)) throw new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', 'binance cancelReplace: answer has no newOrderResponse', { venue: 'binance', clientOrderId });
    } catch (error) {
      // Either half may have failed (HTTP 409: cancelled, replacement refused): report the old order's real state.
      if (oldVenueId !== null) {
        this.replacing.delete(oldVenueId);
        await this.call('spot', 'GET', '/api/v3/order', [['symbol', wire], ['orderId', oldVenueId]], { weight: 4, auth: true })
          .then((raw) => this.deliverRestOrder(raw, 'spot', tsLocal()), () => undefined);
      }
      throw error;
    }
    const t = tsLocal();
    order.filled = 0;
    order.quantity = remaining.quantity;
    order.price = remaining.price;
    this.deliverRestOrder(answer.newOrderResponse, 'spot', t);
    for (const fill of parseBinanceSpotOrderFills(answer.newOrderResponse, t, this.clientIdOf('spot'))) this.deliverFill(fill);
  }

  /** Orders Binance reports open, on every configured market (`GET …/openOrders` without a symbol). */
  async openOrders(): Promise<readonly OrderUpdate[]> {
    await this.start();
    const out: OrderUpdate[] = [];
    for (const market of this.markets) out.push(...(await this.openOrdersOf(market)));
    return out;
  }

  /**
   * The account's fills since `sinceMs` (inclusive, venue time), oldest first, over the symbols
   * this client traded or was configured with (`symbols`): spot `myTrades`, USDⓈ-M `userTrades`,
   * walked in windows Binance allows (24 h spot, 7 days futures) and pages of 1000. Returned, not
   * delivered to listeners.
   */
  async fillsSince(sinceMs: number): Promise<readonly Fill[]> {
    await this.start();
    const out: Fill[] = [];
    for (const market of this.markets) out.push(...(await this.fillsOf(market, sinceMs)));
    return out.sort((a, b) => (a.tsVenue ?? 0) - (b.tsVenue ?? 0));
  }

  /**
   * Balances per asset: spot (`GET /api/v3/account`, total = free + locked) under the asset's
   * name; USDⓈ-M wallets (`GET /fapi/v2/account`, total = walletBalance, available =
   * availableBalance) as `USDM:<asset>`, because spot and futures hold separate USDT.
   */
  /** A spot pair's assets (known once start() loaded the spot rules); undefined for USDⓈ-M symbols. */
  spotAssetsOf(symbol: string): SpotAssets | undefined {
    return this.spotAssets.get(symbol);
  }

  async balances(): Promise<readonly Balance[]> {
    await this.start();
    const out: Balance[] = [];
    if (this.markets.includes('spot')) {
      out.push(...parseBinanceSpotBalances(await this.call('spot', 'GET', '/api/v3/account', [['omitZeroBalances', 'true']], { weight: 20, auth: true })));
    }
    if (this.markets.includes('usdm')) {
      out.push(...parseBinanceFuturesBalances(await this.call('usdm', 'GET', '/fapi/v2/account', [], { weight: 5, auth: true })));
    }
    return out;
  }

  /** Non-zero USDⓈ-M positions (`GET /fapi/v3/positionRisk`), hedge-mode sides netted per symbol. */
  async positions(): Promise<readonly VenuePosition[]> {
    await this.start();
    if (!this.markets.includes('usdm')) return [];
    return parseBinancePositionRisk(await this.call('usdm', 'GET', '/fapi/v3/positionRisk', [], { weight: 5, auth: true }));
  }

  /** The latest balances the user streams reported (spot `outboundAccountPosition`, USDⓈ-M `ACCOUNT_UPDATE` as `USDM:<asset>`). */
  streamBalances(): readonly Balance[] {
    return [...this.streamBalance.values()];
  }

  onUpdate(listener: (update: OrderUpdate | Fill) => void): void {
    this.fanout.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.spotStream?.stop(), this.futuresStream?.stop()]);
  }

  /** Drops the user-stream connections as a network fault would (they reconnect and catch up). */
  dropStreams(): void {
    this.spotStream?.socket.dropConnection();
    this.futuresStream?.dropConnection();
  }

  // ---- internals ---------------------------------------------------------------------------

  private async open(): Promise<void> {
    await Promise.all(this.markets.map((m) => this.loadRules(m)));
    const streamOptions = {
      logger: this.logger, rest: this.rest, apiSecret: this.options.credentials.apiSecret,
      spotWsApiUrl: this.options.spotWsApiUrl ?? BINANCE_SPOT_WS_API_URL, futuresWsUrl: this.options.futuresWsUrl ?? BINANCE_USDM_WS_URL,
      recvWindowMs: this.options.recvWindowMs, requestTimeoutMs: this.options.requestTimeoutMs, keepAliveMs: this.options.keepAliveMs,
      listenKeyRenewMs: this.options.listenKeyRenewMs, backoff: this.options.backoff, now: this.options.now, onRawFrame: this.options.onRawFrame,
      onEvent: (market: BinanceMarket, event: Record<string, unknown>, tsLocal: number) => this.onEvent(market, event, tsLocal),
      onReconnect: (market: BinanceMarket, downSince: number) => void this.catchUp(market, downSince),
      onBadFrame: (market: BinanceMarket, reason: string) => this.badFrame(market, reason),
    };
    if (this.markets.includes('spot')) {
      this.spotStream = new BinanceSpotUserStream(streamOptions);
      await this.spotStream.start();
    }
    if (this.markets.includes('usdm')) {
      this.futuresStream = new BinanceFuturesUserStream(streamOptions);
      await this.futuresStream.start();
    }
  }

  private loadRules(market: BinanceMarket): Promise<Map<string, BinanceSymbolRules>> {
    let loaded = this.rules.get(market);
    if (loaded === undefined) {
      loaded = this.call(market, 'GET', market === 'spot' ? '/api/v3/exchangeInfo' : '/fapi/v1/exchangeInfo', [], { weight: market === 'spot' ? 20 : 1, auth: 'key' }).then((info) => {
        if (!isRecord(info) || !Array.isArray(info.symbols)) throw new ArbiterError('ARB_PARSE_FRAME', `binance exchangeInfo (${market}) has no symbols array`, { venue: 'binance' });
        const map = new Map<string, BinanceSymbolRules>();
        for (const s of info.symbols as unknown[]) {
          try {
            const r = parseBinanceSymbolRules(s, market);
            map.set(r.limit.symbol, r);
            if (market === 'spot') this.spotAssets.set(r.limit.symbol, { base: r.baseAsset, quote: r.quoteAsset });
          } catch (error) {
            this.logger.warn({ market, err: error instanceof Error ? error.message : String(error) }, 'binance symbol without order rules skipped');
          }
        }
        return map;
      });
      loaded.catch(() => this.rules.delete(market));
      this.rules.set(market, loaded);
    }
    return loaded;
  }

  private async symbolRules(market: BinanceMarket, symbol: string): Promise<BinanceSymbolRules> {
    const rules = (await this.loadRules(market)).get(symbol);
    if (rules === undefined) throw new ArbiterError('ARB_INPUT_INVALID', `binance ${market} lists no symbol ${symbol}`, { venue: 'binance', symbol });
    return rules;
  }

  private call(market: BinanceMarket, method: HttpMethod, path: string, params: readonly BinanceParam[], spec: BinanceRequestSpec): Promise<unknown> {
    return this.rest.request<unknown>(market, method, path, params, spec);
  }

  private async openOrdersOf(market: BinanceMarket): Promise<OrderUpdate[]> {
    const rows = await this.call(market, 'GET', market === 'spot' ? '/api/v3/openOrders' : '/fapi/v1/openOrders', [], { weight: market === 'spot' ? 80 : 40, auth: true });
    if (!Array.isArray(rows)) throw new ArbiterError('ARB_PARSE_FRAME', `binance openOrders (${market}): not an array`, { venue: 'binance' });
    const tsLocal = this.now();
    return (rows as unknown[]).map((raw) => {
      const update = parseBinanceRestOrder(raw, market, tsLocal, this.clientIdOf(market));
      const wireClientId = isRecord(raw) && typeof raw.clientOrderId === 'string' ? raw.clientOrderId : '';
      if (!this.orders.has(update.clientOrderId) && update.clientOrderId !== '') {
        const side = isRecord(raw) && raw.side === 'SELL' ? 'sell' : 'buy';
        const price = isRecord(raw) ? Number(raw.price) : NaN;
        this.remember({
          clientOrderId: update.clientOrderId, wireClientId, venueOrderId: update.venueOrderId, market, symbol: update.symbol, side,
          postOnly: isRecord(raw) && (raw.type === 'LIMIT_MAKER' || raw.timeInForce === 'GTX'), timeInForce: isRecord(raw) && typeof raw.timeInForce === 'string' ? raw.timeInForce : null,
          price: price > 0 ? price : null, quantity: update.filledQuantity + update.remainingQuantity, filled: update.filledQuantity, status: update.status,
        });
      }
      this.traded.add(update.symbol);
      return update;
    });
  }

  /**
   * Account trades of `market` since `sinceMs` over the known symbols: time windows Binance allows
   * (24 h spot, 7 days USDⓈ-M) for a recent start; for a start over a week ago, pages by trade id
   * from the first trade (Binance refuses long time spans), keeping those at or after `sinceMs`.
   */
  private async fillsOf(market: BinanceMarket, sinceMs: number): Promise<Fill[]> {
    const symbols = [...this.traded].filter((s) => binanceMarketOf(s) === market);
    const path = market === 'spot' ? '/api/v3/myTrades' : '/fapi/v1/userTrades';
    const spec = { weight: market === 'spot' ? 20 : 5, auth: true } as const;
    const out: Fill[] = [];
    const seen = new Set<string>();
    const end = this.now();
    const take = (rows: unknown, symbol: string): { count: number; lastTime: number; lastId: number } => {
      if (!Array.isArray(rows)) throw new ArbiterError('ARB_PARSE_FRAME', `binance ${path} (${symbol}): not an array`, { venue: 'binance' });
      const tsLocal = this.now();
      let lastTime = -Infinity;
      let lastId = -1;
      for (const raw of rows as unknown[]) {
        const fill = parseBinanceAccountTrade(raw, market, tsLocal, this.clientIdOf(market));
        lastTime = Math.max(lastTime, fill.tsVenue ?? lastTime);
        if (isRecord(raw) && typeof raw.id === 'number') lastId = Math.max(lastId, raw.id);
        if (seen.has(fill.tradeId) || (fill.tsVenue ?? 0) < sinceMs) continue;
        seen.add(fill.tradeId);
        out.push(fill);
      }
      return { count: rows.length, lastTime, lastId };
    };
    for (const symbol of symbols) {
      const wire = binanceWireSymbol(symbol);
      if (end - sinceMs > 7 * 24 * 3_600_000) {
        for (let fromId = 0; ;) {
          const page = take(await this.call(market, 'GET', path, [['symbol', wire], ['fromId', String(fromId)], ['limit', String(TRADE_PAGE)]], spec), symbol);
          if (page.count < TRADE_PAGE || page.lastId < fromId) break;
          fromId = page.lastId + 1;
        }
        continue;
      }
      for (let from = Math.max(0, sinceMs); from <= end;) {
        const to = Math.min(end, from + WINDOW_MS[market]);
        const page = take(await this.call(market, 'GET', path, [['symbol', wire], ['startTime', String(from)], ['endTime', String(to)], ['limit', String(TRADE_PAGE)]], spec), symbol);
        if (page.count < TRADE_PAGE) from = to + 1;
        else if (page.lastTime <= from) throw new ArbiterError('ARB_VENUE_REJECTED', `binance lists over ${TRADE_PAGE} trades of ${symbol} at one millisecond (${from}); cannot page past them`, { venue: 'binance', symbol });
        else from = page.lastTime;
      }
    }
    return out;
  }

  /** After a user-stream reconnect: fetch the fills and order states the stream missed. */
  private async catchUp(market: BinanceMarket, downSinceMs: number): Promise<void> {
    this.counters.streamReconnects++;
    try {
      for (const fill of await this.fillsOf(market, downSinceMs - (this.options.catchUpOverlapMs ?? 5000))) {
        if (this.deliverFill(fill)) this.counters.fillsRecovered++;
      }
      const open = await this.openOrdersOf(market);
      const openIds = new Set(open.map((u) => u.clientOrderId));
      for (const u of open) this.deliverUpdate(u);
      for (const order of [...this.orders.values()]) {
        if (order.market !== market || TERMINAL_ORDER_STATUSES.has(order.status) || openIds.has(order.clientOrderId)) continue;
        const raw = await this.call(market, 'GET', market === 'spot' ? '/api/v3/order' : '/fapi/v1/order', [['symbol', binanceWireSymbol(order.symbol)], ['origClientOrderId', order.wireClientId]], { weight: market === 'spot' ? 4 : 1, auth: true });
        this.deliverRestOrder(raw, market, this.now());
      }
    } catch (error) {
      this.logger.warn({ market, err: error instanceof Error ? error.message : String(error) }, 'binance catch-up after user-stream reconnect failed; reconcile will pick it up');
    }
  }

  private onEvent(market: BinanceMarket, event: Record<string, unknown>, tsLocal: number): void {
    try {
      let parsed: BinanceOrderEvent | null = null;
      if (market === 'spot' && event.e === 'executionReport') parsed = parseBinanceExecutionReport(event, tsLocal, this.clientIdOf('spot'));
      else if (market === 'usdm' && event.e === 'ORDER_TRADE_UPDATE') parsed = parseBinanceOrderTradeUpdate(event, tsLocal, this.clientIdOf('usdm'));
      else if (market === 'spot' && event.e === 'outboundAccountPosition') for (const b of parseBinanceAccountPosition(event)) this.streamBalance.set(b.currency, b);
      else if (market === 'usdm' && event.e === 'ACCOUNT_UPDATE') {
        for (const b of parseBinanceAccountUpdate(event).balances) this.streamBalance.set(binanceFuturesCurrency(b.currency), { ...b, currency: binanceFuturesCurrency(b.currency) });
      }
      if (parsed === null) return;
      // The fill first, then the state it led to (a FILLED report after its last trade).
      if (parsed.fill !== null) this.deliverFill(parsed.fill);
      this.deliverUpdate(parsed.update);
    } catch (error) {
      this.badFrame(market, error instanceof Error ? error.message : String(error));
    }
  }

  private deliverRestOrder(raw: unknown, market: BinanceMarket, tsLocal: number): OrderUpdate {
    const update = parseBinanceRestOrder(raw, market, tsLocal, this.clientIdOf(market));
    const known = this.orders.get(update.clientOrderId);
    if (known !== undefined && update.venueOrderId !== null && known.venueOrderId !== update.venueOrderId) {
      known.venueOrderId = update.venueOrderId;
      this.byVenueId.set(`${market}:${update.venueOrderId}`, known.clientOrderId);
    }
    if (known !== undefined && isRecord(raw)) {
      const q = Number(raw.origQty);
      const p = Number(raw.price);
      if (q > 0) known.quantity = q;
      if (p > 0) known.price = p;
    }
    this.deliverUpdate(update);
    return update;
  }

  /** Each state reaches listeners once; a late answer never reopens a finished order. */
  private deliverUpdate(update: OrderUpdate): void {
    const id = update.venueOrderId ?? update.clientOrderId;
    // The cancelled half of a cancel-replace: the Arbiter order lives on as the replacement.
    if (update.status === 'canceled' && update.venueOrderId !== null && this.replacing.has(update.venueOrderId)) return;
    const key = `${update.status}|${update.filledQuantity}|${update.remainingQuantity}`;
    const last = this.lastState.get(id);
    if (last === key) return;
    if (last !== undefined && TERMINAL_ORDER_STATUSES.has(last.slice(0, last.indexOf('|')) as OrderStatus) && !TERMINAL_ORDER_STATUSES.has(update.status)) return;
    this.lastState.set(id, key);
    const known = this.orders.get(update.clientOrderId);
    if (known !== undefined && (known.venueOrderId === null || known.venueOrderId === update.venueOrderId)) {
      known.status = update.status;
      known.filled = update.filledQuantity;
    }
    this.counters.updates++;
    this.emit(update);
  }

  /** Returns true when the fill was new. */
  private deliverFill(fill: Fill): boolean {
    if (!this.fanout.markSeen(fill.tradeId)) return false;
    this.counters.fills++;
    this.emit(fill);
    return true;
  }

  private emit(update: OrderUpdate | Fill): void {
    this.fanout.emit(update);
  }

  private remember(order: KnownOrder): void {
    this.orders.set(order.clientOrderId, order);
    this.byWireId.set(`${order.market}:${order.wireClientId}`, order.clientOrderId);
    if (order.venueOrderId !== null) this.byVenueId.set(`${order.market}:${order.venueOrderId}`, order.clientOrderId);
  }

  private clientIdOf(market: BinanceMarket): (wire: string, orderId: string) => string {
    return (wire, orderId) => this.byWireId.get(`${market}:${wire}`) ?? this.byVenueId.get(`${market}:${orderId}`) ?? wire;
  }

  private async locate(clientOrderId: string): Promise<KnownOrder> {
    let order = this.orders.get(clientOrderId);
    if (order === undefined) {
      for (const m of this.markets) await this.openOrdersOf(m);
      order = this.orders.get(clientOrderId);
    }
    if (order === undefined) throw new ArbiterError('ARB_VENUE_REJECTED', `binance has no open order ${clientOrderId}`, { venue: 'binance', clientOrderId });
    return order;
  }

  private requireMarket(market: BinanceMarket, symbol: string): void {
    if (!this.markets.includes(market)) throw new ArbiterError('ARB_INPUT_INVALID', `binance ${market} is not enabled for this client (symbol ${symbol})`, { venue: 'binance', symbol });
  }

  private invalid(clientOrderId: string, why: string): ArbiterError {
    return new ArbiterError('ARB_INPUT_INVALID', `binance order ${clientOrderId}: ${why}`, { venue: 'binance', clientOrderId });
  }

  private badFrame(market: BinanceMarket, reason: string): void {
    logSkippedFrame(this.logger, ++this.counters.badFrames, reason, 'binance user-stream frame skipped', { market });
  }
}
