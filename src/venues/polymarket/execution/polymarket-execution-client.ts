/**
 * Polymarket CLOB V2 order entry. Orders are built from the request (tick/size rounding in
 * decimals), EIP-712-signed with the wallet key (domain version "2", 11-field Order), and posted
 * with L2 API-key headers. The order hash is the venue's order id, so it is known before the
 * POST: a lost answer leaves an id to reconcile with `openOrders`. Fills and order states come
 * from the user channel (`/ws/user`); trade statuses MATCHED/MINED/CONFIRMED report a fill once,
 * RETRYING is waited out, FAILED is logged and counted. Reconciliation reads `GET /data/orders`,
 * `GET /data/trades` (fills, mapped as the user channel maps them) and `GET /balance-allowance`.
 *
 * Credentials: POLYMARKET_PRIVATE_KEY, POLYMARKET_API_KEY, POLYMARKET_API_SECRET,
 * POLYMARKET_API_PASSPHRASE (or the `_FILE` variants), read through requireCredential.
 */
import { randomInt } from 'node:crypto';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { ArbiterError, ConfigError, NotSupportedError, excerpt } from '../../../domain/errors.js';
import type { Balance, Fill, OrderRequest, OrderStatus, OrderUpdate } from '../../../domain/order.js';
import type { Logger } from '../../../engine/logger.js';
import type { VenueExecutionClient } from '../../../engine/market-feed.js';
import type { OrderAck } from '../../../engine/strategy.js';
import { requireCredential } from '../../shared/credentials.js';
import { httpJson } from '../../shared/http-json.js';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.js';
import { frameError, isRecord, optionalNumber } from '../../shared/wire-values.js';
import type { PolymarketTokenInfo } from '../catalog/map-market.js';
import { POLYMARKET_CLOB_URL } from '../catalog/polymarket-catalog-source.js';
import { parsePolymarketOpenOrder, parsePolymarketTradeRecord, parsePolymarketUserFrame, type OwnOrder, type PolymarketTradeStatus } from '../parse/parse-polymarket-user-frame.js';
import { l2Headers, type ApiCredentials } from './l2-auth.js';
import { limitOrderAmounts, marketOrderAmounts, type OrderAmounts, type PolymarketSide } from './order-amounts.js';
import {
  BYTES32_ZERO, POLYGON_CHAIN_ID, POLYMARKET_EXCHANGE_V2, POLYMARKET_NEG_RISK_EXCHANGE_V2, polymarketOrderHash, signPolymarketOrder,
  type PolymarketSignatureType, type UnsignedPolymarketOrder,
} from './order-signing.js';

export const POLYMARKET_USER_WS_URL = 'wss://ws-subscriptions-clob.polymarket.com/ws/user';
const V = 'polymarket';

export type PolymarketOrderType = 'GTC' | 'GTD' | 'FOK' | 'FAK';

export interface PolymarketExecutionOptions {
  readonly logger: Logger;
  readonly restUrl?: string;
  readonly userWsUrl?: string;
  readonly chainId?: number;
  /** CTF Exchange V2 contracts (the EIP-712 verifyingContract); configurable for the simulator. */
  readonly exchangeAddress?: string;
  readonly negRiskExchangeAddress?: string;
  /** 0 EOA (default), 1 Polymarket proxy, 2 Gnosis safe; the funder is the maker for 1 and 2. */
  readonly signatureType?: 0 | 1 | 2;
  readonly funderAddress?: string;
  /** Where credentials are read (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Tick, neg-risk and minimum size per token (e.g. from PolymarketCatalogSource.tokens); REST otherwise. */
  readonly tokenInfo?: (tokenId: string) => Pick<PolymarketTokenInfo, 'tickSize' | 'negRisk'> | undefined;
  readonly timeoutMs?: number;
  readonly keepAliveMs?: number;
}

interface TrackedOrder extends OwnOrder {
  readonly orderId: string;
  readonly symbol: string;
  readonly quantity: number;
}

export class PolymarketExecutionClient implements VenueExecutionClient {
  readonly venue = 'polymarket' as const;
  /** User-channel frames that could not be read (counted, logged, skipped). */
  badFrames = 0;
  /** Trades reported FAILED after matching. */
  failedTrades = 0;
  readonly address: string;
  private readonly account: PrivateKeyAccount;
  private readonly creds: ApiCredentials;
  private readonly restUrl: string;
  private readonly listeners: Array<(update: OrderUpdate | Fill) => void> = [];
  private readonly byClient = new Map<string, TrackedOrder>();
  private readonly byOrderId = new Map<string, TrackedOrder>();
  private readonly reportedFills = new Set<string>();
  private readonly tokenCache = new Map<string, Pick<PolymarketTokenInfo, 'tickSize' | 'negRisk'>>();
  private readonly socket: ReconnectingSocket;
  private readonly lookup = (orderId: string): OwnOrder | undefined => this.byOrderId.get(orderId);

  /** @throws ConfigError when a credential is missing or the private key is not 32 bytes of hex. */
  constructor(private readonly options: PolymarketExecutionOptions) {
    const env = { env: options.env ?? process.env };
    const purpose = 'Polymarket order entry';
    const key = requireCredential('POLYMARKET_PRIVATE_KEY', purpose, env);
    const hex = key.startsWith('0x') ? key : `0x${key}`;
    if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new ConfigError('POLYMARKET_PRIVATE_KEY is not 32 bytes of hex', { variable: 'POLYMARKET_PRIVATE_KEY' });
    this.account = privateKeyToAccount(hex as `0x${string}`);
    this.address = this.account.address;
    this.creds = {
      key: requireCredential('POLYMARKET_API_KEY', purpose, env),
      secret: requireCredential('POLYMARKET_API_SECRET', purpose, env),
      passphrase: requireCredential('POLYMARKET_API_PASSPHRASE', purpose, env),
    };
    if ((options.signatureType ?? 0) !== 0 && options.funderAddress === undefined) {
      throw new ConfigError('Polymarket proxy/safe signature types need funderAddress (the wallet holding pUSD)', { variable: 'funderAddress' });
    }
    this.restUrl = (options.restUrl ?? POLYMARKET_CLOB_URL).replace(/\/$/, '');
    this.socket = new ReconnectingSocket({
      url: options.userWsUrl ?? POLYMARKET_USER_WS_URL,
      logger: options.logger,
      keepAliveText: 'PING',
      keepAliveMs: options.keepAliveMs ?? 10_000,
      onOpen: async () => {
        this.socket.send(JSON.stringify({ auth: { apiKey: this.creds.key, secret: this.creds.secret, passphrase: this.creds.passphrase }, type: 'user' }));
        if (this.socket.connects > 0) options.logger.warn({ venue: V }, 'user channel reconnected; fills during the gap are only visible through openOrders()');
      },
      onFrame: (text, tsLocal) => this.onUserFrame(text, tsLocal),
    });
  }

  /** Connects the user channel (fills and order events). Resolves once subscribed. */
  async start(): Promise<void> {
    await this.socket.start();
  }

  get userChannelConnected(): boolean {
    return this.socket.isOpen;
  }

  onUpdate(listener: (update: OrderUpdate | Fill) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    await this.socket.stop();
  }

  /** Venue order id (order hash) of a submitted order. */
  orderIdOf(clientOrderId: string): string | undefined {
    return this.byClient.get(clientOrderId)?.orderId;
  }

  /**
   * Signs and posts the order. Resolves with the order hash as venueOrderId.
   * @throws NotSupportedError for reduce-only, post-only FOK/FAK and GTC/GTD market orders.
   * @throws ArbiterError ARB_VENUE_REJECTED with the venue's text; ARB_VENUE_TRANSIENT when the
   *   venue answered 429/503 (not accepted); ARB_VENUE_UNKNOWN_OUTCOME when the answer was lost.
   */
  async submit(request: OrderRequest): Promise<OrderAck> {
    if (request.venue !== V) throw new ArbiterError('ARB_INPUT_INVALID', `order for ${request.venue} sent to the Polymarket client`, { venue: request.venue });
    if (this.byClient.has(request.clientOrderId)) throw new ArbiterError('ARB_INPUT_INVALID', `clientOrderId ${request.clientOrderId} already used`, { venue: V });
    if (request.reduceOnly) throw new NotSupportedError('Polymarket has no reduce-only orders', { venue: V, clientOrderId: request.clientOrderId });
    const orderType = this.orderTypeOf(request);
    if (request.postOnly && (orderType === 'FOK' || orderType === 'FAK')) throw new NotSupportedError('Polymarket post-only orders must be GTC or GTD', { venue: V });
    const side: PolymarketSide = request.side === 'buy' ? 'BUY' : 'SELL';
    const info = await this.tokenInfoOf(request.symbol);
    let amounts: OrderAmounts;
    if (request.type === 'market') {
      const worst = request.price ?? (await this.worstPrice(request.symbol, side, request.quantity));
      amounts = marketOrderAmounts(side, request.quantity, worst, info.tickSize);
    } else {
      if (request.price === null) throw new ArbiterError('ARB_INPUT_INVALID', 'a limit order needs a price', { venue: V, clientOrderId: request.clientOrderId });
      amounts = limitOrderAmounts(side, request.quantity, request.price, info.tickSize);
    }
    const maker = this.options.funderAddress ?? this.account.address;
    const unsigned: UnsignedPolymarketOrder = {
      salt: randomInt(2 ** 47), maker, signer: this.account.address, tokenId: request.symbol, makerAmount: amounts.makerAmount, takerAmount: amounts.takerAmount,
      side, signatureType: (this.options.signatureType ?? 0) as PolymarketSignatureType, timestamp: String(Date.now()),
      expiration: orderType === 'GTD' ? String(Math.ceil((request.expireAtMs ?? 0) / 1000)) : '0', metadata: BYTES32_ZERO, builder: BYTES32_ZERO,
    };
    const domain = {
      chainId: this.options.chainId ?? POLYGON_CHAIN_ID,
      verifyingContract: info.negRisk ? (this.options.negRiskExchangeAddress ?? POLYMARKET_NEG_RISK_EXCHANGE_V2) : (this.options.exchangeAddress ?? POLYMARKET_EXCHANGE_V2),
    };
    const signed = await signPolymarketOrder(unsigned, domain, this.account);
    const orderId = polymarketOrderHash(unsigned, domain);
    const tracked: TrackedOrder = { orderId, clientOrderId: request.clientOrderId, side: request.side, symbol: request.symbol, quantity: Number(amounts.size) };
    // Known before the POST: user-channel events may beat the HTTP answer.
    this.byClient.set(request.clientOrderId, tracked);
    this.byOrderId.set(orderId, tracked);
    const body = {
      deferExec: false, postOnly: request.postOnly,
      order: { ...signed },
      owner: this.creds.key, orderType,
    };
    let response: unknown;
    try {
      response = await this.request('POST', '/order', body);
    } catch (error) {
      if (error instanceof ArbiterError && (error.code === 'ARB_VENUE_REJECTED' || (error.code === 'ARB_VENUE_TRANSIENT' && (error.context.status === 429 || error.context.status === 503)))) {
        this.forget(tracked);
        throw error;
      }
      throw new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', `polymarket POST /order: outcome unknown for ${request.clientOrderId}; reconcile with openOrders()`, { venue: V, clientOrderId: request.clientOrderId, venueOrderId: orderId }, { cause: error });
    }
    if (!isRecord(response) || response.success !== true) {
      this.forget(tracked);
      const why = isRecord(response) && typeof response.errorMsg === 'string' ? response.errorMsg : excerpt(JSON.stringify(response) ?? '', 160);
      throw new ArbiterError('ARB_VENUE_REJECTED', `polymarket rejected ${request.clientOrderId}: ${why}`, { venue: V, clientOrderId: request.clientOrderId });
    }
    this.emit(this.updateFromPost(tracked, response));
    return { clientOrderId: request.clientOrderId, venueOrderId: orderId };
  }

  /**
   * Cancels by client order id (`DELETE /order` with the order hash).
   * @throws ArbiterError ARB_INPUT_INVALID for an id this client never submitted; ARB_VENUE_REJECTED
   *   when the venue lists it under not_canceled (its reason kept).
   */
  async cancel(clientOrderId: string): Promise<void> {
    const tracked = this.byClient.get(clientOrderId);
    if (tracked === undefined) throw new ArbiterError('ARB_INPUT_INVALID', `unknown clientOrderId ${clientOrderId}`, { venue: V, clientOrderId });
    const response = await this.request('DELETE', '/order', { orderID: tracked.orderId });
    const canceled = isRecord(response) && Array.isArray(response.canceled) ? (response.canceled as unknown[]) : [];
    if (canceled.includes(tracked.orderId)) return;
    const notCanceled = isRecord(response) && isRecord(response.not_canceled) ? response.not_canceled[tracked.orderId] : undefined;
    throw new ArbiterError('ARB_VENUE_REJECTED', `polymarket did not cancel ${clientOrderId}: ${typeof notCanceled === 'string' ? notCanceled : 'no reason given'}`, { venue: V, clientOrderId, venueOrderId: tracked.orderId });
  }

  /** Live orders of this API key (`GET /data/orders`, every page). */
  async openOrders(): Promise<readonly OrderUpdate[]> {
    const out: OrderUpdate[] = [];
    let cursor = 'MA==';
    for (let page = 0; cursor !== 'LTE=' && page < 1_000; page++) {
      const response = await this.request('GET', '/data/orders', undefined, { next_cursor: cursor });
      if (!isRecord(response) || !Array.isArray(response.data)) throw frameError(V, '/data/orders is not {data[], next_cursor}');
      const tsLocal = Date.now();
      for (const o of response.data as unknown[]) out.push(parsePolymarketOpenOrder(o, tsLocal, this.lookup));
      const next = typeof response.next_cursor === 'string' ? response.next_cursor : 'LTE=';
      if (next === '' || next === cursor) break;
      cursor = next;
    }
    return out;
  }

  /**
   * Our fills since `sinceMs` (a second earlier: the venue filters whole seconds), oldest first:
   * `GET /data/trades` (L2-authenticated, `maker_address` the funder, `after`, every cursor page),
   * each record mapped as the user channel maps it, so trade ids match the live fills. An order is
   * ours when this client placed it or the record names our API key as its owner (taker side, or
   * a `maker_orders` entry); an order this process did not place keeps its order hash as client
   * order id. RETRYING and FAILED trades are left out, as on the user channel. Returned, not
   * delivered to listeners.
   * @throws ParseError ARB_PARSE_FRAME on a malformed page.
   */
  async fillsSince(sinceMs: number): Promise<readonly Fill[]> {
    const out = new Map<string, Fill>();
    const maker = this.options.funderAddress ?? this.account.address;
    let cursor = 'MA==';
    for (let page = 0; cursor !== 'LTE=' && page < 10_000; page++) {
      const response = await this.request('GET', '/data/trades', undefined, { maker_address: maker, after: String(Math.floor(sinceMs / 1000) - 1), next_cursor: cursor });
      if (!isRecord(response) || !Array.isArray(response.data)) throw frameError(V, '/data/trades is not {data[], next_cursor}');
      const tsLocal = Date.now();
      for (const raw of response.data as unknown[]) {
        const ours = this.ownersIn(raw);
        for (const { fill, status } of parsePolymarketTradeRecord(raw, tsLocal, (id) => this.lookup(id) ?? ours.get(id))) {
          if (status === 'RETRYING' || status === 'FAILED') continue;
          out.set(`${fill.tradeId}:${fill.venueOrderId ?? ''}`, fill);
        }
      }
      const next = typeof response.next_cursor === 'string' ? response.next_cursor : 'LTE=';
      if (next === '' || next === cursor) break;
      cursor = next;
    }
    return [...out.values()].sort((a, b) => (a.tsVenue ?? 0) - (b.tsVenue ?? 0));
  }

  /**
   * Net shares per token from every trade `GET /data/trades` lists for this account. The CLOB has
   * no positions endpoint (holdings are conditional tokens on chain), so this is the venue's trade
   * record summed, not a separate report; the average price is not derived (null).
   */
  async positions(): Promise<ReadonlyArray<{ readonly symbol: string; readonly quantity: number; readonly averagePrice: number | null }>> {
    const net = new Map<string, number>();
    for (const f of await this.fillsSince(0)) net.set(f.symbol, (net.get(f.symbol) ?? 0) + (f.side === 'buy' ? f.quantity : -f.quantity));
    return [...net].filter(([, q]) => Math.abs(q) > 1e-9).map(([symbol, quantity]) => ({ symbol, quantity, averagePrice: null }));
  }

  /**
   * pUSD collateral (`GET /balance-allowance?asset_type=COLLATERAL`, base units of 6 decimals) as
   * one USD balance; `available` is the same amount (the CLOB reports no reserve for open orders).
   * @throws ParseError ARB_PARSE_FRAME when the answer has no balance.
   */
  async balances(): Promise<Balance[]> {
    const response = await this.request('GET', '/balance-allowance', undefined, { asset_type: 'COLLATERAL', signature_type: String(this.options.signatureType ?? 0) });
    if (!isRecord(response)) throw frameError(V, '/balance-allowance is not an object');
    const units = optionalNumber(response.balance, V, 'balance');
    if (units === null) throw frameError(V, '/balance-allowance has no balance');
    const total = units / 1e6;
    return [{ venue: V, currency: 'USD', total, available: total }];
  }

  /** Order ids a `/data/trades` record names as owned by our API key (taker side, maker entries). */
  private ownersIn(raw: unknown): Map<string, OwnOrder> {
    const ours = new Map<string, OwnOrder>();
    if (!isRecord(raw)) return ours;
    if (raw.owner === this.creds.key && raw.trader_side === 'TAKER' && typeof raw.taker_order_id === 'string' && (raw.side === 'BUY' || raw.side === 'SELL')) {
      ours.set(raw.taker_order_id, { clientOrderId: raw.taker_order_id, side: raw.side === 'BUY' ? 'buy' : 'sell' });
    }
    if (Array.isArray(raw.maker_orders)) {
      for (const mo of raw.maker_orders as unknown[]) {
        if (isRecord(mo) && mo.owner === this.creds.key && typeof mo.order_id === 'string' && (mo.side === 'BUY' || mo.side === 'SELL')) {
          ours.set(mo.order_id, { clientOrderId: mo.order_id, side: mo.side === 'BUY' ? 'buy' : 'sell' });
        }
      }
    }
    return ours;
  }

  private orderTypeOf(r: OrderRequest): PolymarketOrderType {
    if (r.type === 'market') {
      if (r.timeInForce === 'fok') return 'FOK';
      if (r.timeInForce === 'ioc') return 'FAK';
      throw new NotSupportedError(`Polymarket market orders are FOK or FAK (ioc), not ${r.timeInForce}`, { venue: V, clientOrderId: r.clientOrderId });
    }
    switch (r.timeInForce) {
      case 'gtc':
        return 'GTC';
      case 'gtd':
        if (r.expireAtMs === null) throw new ArbiterError('ARB_INPUT_INVALID', 'a GTD order needs expireAtMs', { venue: V, clientOrderId: r.clientOrderId });
        return 'GTD';
      case 'fok':
        return 'FOK';
      case 'ioc':
        return 'FAK';
    }
  }

  private updateFromPost(t: TrackedOrder, r: Record<string, unknown>): OrderUpdate {
    const status = typeof r.status === 'string' ? r.status.toLowerCase() : '';
    const shares = optionalNumber(t.side === 'buy' ? r.takingAmount : r.makingAmount, V, 'filled amount') ?? 0;
    const notional = optionalNumber(t.side === 'buy' ? r.makingAmount : r.takingAmount, V, 'filled notional') ?? 0;
    let s: OrderStatus;
    if (status === 'live') s = shares > 0 ? 'partially_filled' : 'open';
    else if (status === 'matched') s = shares + 1e-9 >= t.quantity ? 'filled' : 'canceled'; // FAK: the rest is killed
    else if (status === 'delayed') s = 'pending_new';
    else if (status === 'unmatched') s = 'canceled';
    else throw frameError(V, `POST /order status "${status}" is not one Arbiter knows`);
    return {
      kind: 'order_update', venue: V, symbol: t.symbol, clientOrderId: t.clientOrderId, venueOrderId: t.orderId, status: s,
      filledQuantity: shares, remainingQuantity: s === 'open' || s === 'partially_filled' || s === 'pending_new' ? Math.max(0, t.quantity - shares) : 0,
      averageFillPrice: shares > 0 ? notional / shares : null, reason: s === 'canceled' && status === 'matched' ? 'unfilled rest of FAK order killed' : null,
      tsVenue: null, tsLocal: Date.now(),
    };
  }

  private forget(t: TrackedOrder): void {
    this.byClient.delete(t.clientOrderId);
    this.byOrderId.delete(t.orderId);
  }

  private emit(update: OrderUpdate | Fill): void {
    for (const l of this.listeners) {
      try {
        l(update);
      } catch (error) {
        this.options.logger.error({ venue: V, err: error instanceof Error ? error.message : String(error) }, 'order update listener threw');
      }
    }
  }

  private readonly userSink = {
    order: (update: OrderUpdate): void => {
      if (this.byOrderId.has(update.venueOrderId ?? '')) this.emit(update);
    },
    fill: (fill: Fill, status: PolymarketTradeStatus): void => {
      const key = `${fill.tradeId}:${fill.venueOrderId ?? ''}`;
      if (status === 'FAILED') {
        this.failedTrades++;
        this.options.logger.error({ venue: V, tradeId: fill.tradeId, clientOrderId: fill.clientOrderId, reported: this.reportedFills.has(key) }, 'trade FAILED on chain; reconcile positions');
        return;
      }
      if (status === 'RETRYING' || this.reportedFills.has(key)) return;
      this.reportedFills.add(key);
      this.emit(fill);
    },
  };

  private onUserFrame(text: string, tsLocal: number): void {
    if (text === 'PONG') return;
    try {
      parsePolymarketUserFrame(JSON.parse(text) as unknown, tsLocal, this.lookup, this.userSink);
    } catch (error) {
      this.badFrames++;
      if (this.badFrames <= 10 || this.badFrames % 1_000 === 0) {
        this.options.logger.warn({ venue: V, badFrames: this.badFrames, why: error instanceof Error ? error.message : String(error), frame: excerpt(text, 160) }, 'bad user-channel frame skipped');
      }
    }
  }

  private async tokenInfoOf(tokenId: string): Promise<Pick<PolymarketTokenInfo, 'tickSize' | 'negRisk'>> {
    const given = this.options.tokenInfo?.(tokenId);
    if (given !== undefined) return given;
    const cached = this.tokenCache.get(tokenId);
    if (cached !== undefined) return cached;
    const q = `token_id=${encodeURIComponent(tokenId)}`;
    const [tick, neg] = await Promise.all([
      httpJson(`${this.restUrl}/tick-size?${q}`, { venue: V, timeoutMs: this.options.timeoutMs }),
      httpJson(`${this.restUrl}/neg-risk?${q}`, { venue: V, timeoutMs: this.options.timeoutMs }),
    ]);
    const tickSize = isRecord(tick) ? optionalNumber(tick.minimum_tick_size, V, 'minimum_tick_size') : null;
    if (tickSize === null || !isRecord(neg) || typeof neg.neg_risk !== 'boolean') throw frameError(V, `tick size / neg-risk of ${tokenId} unreadable`);
    const info = { tickSize, negRisk: neg.neg_risk };
    this.tokenCache.set(tokenId, info);
    return info;
  }

  /** The price of the last book level a market order of `quantity` shares would reach. */
  private async worstPrice(tokenId: string, side: PolymarketSide, quantity: number): Promise<number> {
    const book = await httpJson(`${this.restUrl}/book?token_id=${encodeURIComponent(tokenId)}`, { venue: V, timeoutMs: this.options.timeoutMs });
    const levels = isRecord(book) ? (side === 'BUY' ? book.asks : book.bids) : undefined;
    if (!Array.isArray(levels)) throw frameError(V, '/book has no levels');
    const parsed = (levels as unknown[]).map((l) => {
      if (!isRecord(l)) throw frameError(V, '/book level is not an object');
      return [optionalNumber(l.price, V, 'price') ?? 0, optionalNumber(l.size, V, 'size') ?? 0] as const;
    }).sort((a, b) => (side === 'BUY' ? a[0] - b[0] : b[0] - a[0]));
    if (parsed.length === 0) throw new ArbiterError('ARB_VENUE_REJECTED', `polymarket: no ${side === 'BUY' ? 'asks' : 'bids'} for a market order on ${tokenId}`, { venue: V });
    let filled = 0;
    for (const [price, size] of parsed) {
      filled += size;
      if (filled >= quantity) return price;
    }
    return parsed[parsed.length - 1]![0]; // not enough depth: FOK will be killed, FAK fills what there is
  }

  private async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, query?: Record<string, string>): Promise<unknown> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers = l2Headers(this.account.address, this.creds, method, path, text, Math.floor(Date.now() / 1000));
    const qs = query === undefined ? '' : `?${new URLSearchParams(query).toString()}`;
    return httpJson(`${this.restUrl}${path}${qs}`, {
      venue: V, method, ...(body === undefined ? {} : { body }), headers, timeoutMs: this.options.timeoutMs, retries: method === 'GET' ? 2 : 0,
    });
  }
}
