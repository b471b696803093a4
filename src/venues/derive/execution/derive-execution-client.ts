/**
 * Derive order entry over the JSON-RPC WebSocket. After every (re)connect it logs in
 * (`public/login`: EIP-191 signature of the millisecond timestamp by the session key) and
 * subscribes `{subaccount_id}.orders` and `{subaccount_id}.trades`. Each order is an EIP-712
 * signed Trade-module action (derive-signing.ts) sent as `private/order` with the client order id
 * as `label`; cancels use `private/cancel` (or `private/cancel_by_label` when the venue order id is
 * not known yet); `private/get_open_orders`, `private/get_trade_history`, `private/get_positions`
 * and `private/get_subaccount` (collaterals) reconcile. Nothing is faked: unsupported requests
 * throw NotSupportedError, venue refusals keep Derive's code, lost answers are UNKNOWN_OUTCOME.
 */
import { privateKeyToAccount } from 'viem/accounts';
import type { Address } from 'viem';
import { ArbiterError, ConfigError, NotSupportedError } from '../../../domain/errors.js';
import type { Balance, Fill, OrderRequest, OrderUpdate } from '../../../domain/order.js';
import type { VenueExecutionClient } from '../../../engine/market-feed.js';
import type { OrderAck } from '../../../engine/strategy.js';
import { silentLogger, type Logger } from '../../../engine/logger.js';
import { JsonRpcSocket } from '../../shared/json-rpc-socket.js';
import { frameError, isRecord, optionalNumber, requiredNumber, requiredString } from '../../shared/wire-values.js';
import { parseDeriveInstrument, type DeriveTradingSpec } from '../catalog/derive-instrument.js';
import { DERIVE_WS_URL } from '../client/derive-market-feed.js';
import { deriveApiProfileForUrl, type DeriveApiProfile } from '../parse/derive-api-version.js';
import { deriveCredentialsFromEnv, type DeriveCredentials } from './derive-credentials.js';
import { OrderUpdateFanout } from '../../shared/order-update-fanout.js';
import { classifyDeriveError } from './derive-errors.js';
import { eachItem, parseDeriveOrder, parseDeriveTrade } from './derive-order-reports.js';
import {
  deriveConstantsForUrl, encodeTradeModuleData, fromE18, signDeriveAction, signDeriveLogin, toE18, type DeriveProtocolConstants,
} from './derive-signing.js';

export interface DeriveExecutionClientOptions {
  readonly url?: string;
  /** Default: DERIVE_SESSION_KEY, DERIVE_WALLET, DERIVE_SUBACCOUNT_ID from the environment. */
  readonly credentials?: DeriveCredentials;
  /** Default: the published constants of the URL's host; required for other hosts. */
  readonly constants?: DeriveProtocolConstants;
  readonly logger?: Logger;
  /** Signature (and so order) lifetime for non-GTD orders, seconds (default 7 days). */
  readonly signatureExpirySec?: number;
  /** Multiplier on the expected fee for the signed `max_fee` (default 2). */
  readonly feeHeadroom?: number;
  readonly requestTimeoutMs?: number;
  readonly now?: () => number;
}

interface Tracked {
  readonly symbol: string;
  venueOrderId: string | null;
}

const E18 = 10n ** 18n;
/** Derive's largest `page_size` for private/get_trade_history. */
const TRADE_PAGE = 1000;
const MAX_PAGES = 1000;

function floorTo(x: bigint, step: bigint): bigint {
  return (x / step) * step;
}
function ceilTo(x: bigint, step: bigint): bigint {
  return ((x + step - 1n) / step) * step;
}

export class DeriveExecutionClient implements VenueExecutionClient {
  readonly venue = 'derive' as const;
  private readonly rpc: JsonRpcSocket;
  private readonly credentials: DeriveCredentials;
  private readonly constants: DeriveProtocolConstants;
  private readonly profile: DeriveApiProfile;
  private readonly signer: Address;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly fanout: OrderUpdateFanout;
  private readonly specs = new Map<string, Promise<DeriveTradingSpec>>();
  private readonly index = new Map<string, { value: number; at: number }>();
  private readonly tracked = new Map<string, Tracked>();
  private readonly lastUpdate = new Map<string, string>();
  private nonceSeq = 0;
  private fatal: ((error: unknown) => void) | null = null;

  /** @throws ConfigError when credentials or protocol constants are missing or malformed. */
  constructor(private readonly options: DeriveExecutionClientOptions = {}) {
    const url = options.url ?? DERIVE_WS_URL;
    this.credentials = options.credentials ?? deriveCredentialsFromEnv();
    const constants = options.constants ?? deriveConstantsForUrl(url);
    if (!constants) throw new ConfigError(`no Derive protocol constants known for ${new URL(url).host}; pass them in the options`, { venue: 'derive' });
    this.constants = constants;
    this.profile = deriveApiProfileForUrl(url);
    this.signer = privateKeyToAccount(this.credentials.sessionKey).address;
    this.logger = (options.logger ?? silentLogger).child({ venue: 'derive', component: 'execution' });
    this.fanout = new OrderUpdateFanout('derive', this.logger);
    this.now = options.now ?? Date.now;
    this.rpc = new JsonRpcSocket({
      venue: 'derive',
      url,
      logger: this.logger,
      onOpen: () => this.onOpen(),
      onMessage: (m, ts) => this.onMessage(m, ts),
      onBadFrame: (_t, reason) => this.logger.warn({ reason }, 'bad Derive private frame'),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    });
  }

  /**
   * Connects, logs in and subscribes the private channels.
   * @throws JsonRpcError (ARB_VENUE_REJECTED) when the venue refuses the login.
   */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.fatal = (error) => {
        void this.rpc.stop();
        reject(error);
      };
      this.rpc.start().then(() => {
        this.fatal = null;
        resolve();
      }, reject);
    });
  }

  onUpdate(listener: (update: OrderUpdate | Fill) => void): void {
    this.fanout.add(listener);
  }

  /**
   * Signs and sends a limit (or worst-price market) order.
   * @throws NotSupportedError for a market order without a worst acceptable price; ArbiterError
   * ARB_INPUT_INVALID when the quantity rounds below the minimum; JsonRpcError with Derive's code
   * when refused; ARB_VENUE_TRANSIENT for rate limits; ARB_VENUE_UNKNOWN_OUTCOME when the answer is lost.
   */
  async submit(request: OrderRequest): Promise<OrderAck> {
    if (request.venue !== 'derive') throw new ArbiterError('ARB_INPUT_INVALID', `not a Derive order (venue ${request.venue})`, { venue: 'derive' });
    if (request.price === null) {
      throw new NotSupportedError('Derive signs the worst acceptable price into every order: a market order needs a price', { venue: 'derive', clientOrderId: request.clientOrderId });
    }
    if (request.timeInForce === 'gtd' && request.expireAtMs === null) throw new ArbiterError('ARB_INPUT_INVALID', 'a GTD order needs expireAtMs', { venue: 'derive' });
    const spec = await this.spec(request.symbol);
    const tick = toE18(spec.tickSize);
    const step = toE18(spec.amountStep);
    const rawPrice = toE18(request.price);
    const limitPrice = request.side === 'buy' ? floorTo(rawPrice, tick) : ceilTo(rawPrice, tick);
    const amount = floorTo(toE18(request.quantity), step);
    if (limitPrice <= 0n) throw new ArbiterError('ARB_INPUT_INVALID', `price ${request.price} rounds to nothing at tick ${spec.tickSize}`, { venue: 'derive' });
    if (amount < toE18(spec.minimumAmount)) {
      throw new ArbiterError('ARB_INPUT_INVALID', `quantity ${request.quantity} is below Derive's minimum ${spec.minimumAmount} after rounding to ${spec.amountStep}`, { venue: 'derive', symbol: request.symbol });
    }
    const maxFee = await this.maxFee(request.symbol, spec, limitPrice, amount);
    const nowMs = this.now();
    const nonce = this.profile.nonce(nowMs, this.nonceSeq++);
    const expirySec = request.timeInForce === 'gtd' ? Math.floor(request.expireAtMs! / 1000) : Math.floor(nowMs / 1000) + (this.options.signatureExpirySec ?? 7 * 86_400);
    const sid = BigInt(this.credentials.subaccountId);
    const action = {
      subaccountId: sid,
      nonce: nonce.value,
      module: this.constants.tradeModule,
      data: encodeTradeModuleData({ asset: spec.baseAssetAddress, subId: spec.baseAssetSubId, limitPrice, amount, maxFee, recipientId: sid, isBid: request.side === 'buy' }),
      expirySec: BigInt(expirySec),
      owner: this.credentials.wallet,
      signer: this.signer,
    };
    const signature = await signDeriveAction(action, this.constants, this.credentials.sessionKey);
    const tif = request.postOnly ? 'post_only' : request.timeInForce === 'gtd' ? 'gtc' : request.timeInForce;
    const params: Record<string, unknown> = {
      instrument_name: request.symbol,
      direction: request.side,
      order_type: request.type,
      time_in_force: tif,
      limit_price: fromE18(limitPrice),
      amount: fromE18(amount),
      max_fee: fromE18(maxFee),
      nonce: nonce.wire,
      signature_expiry_sec: expirySec,
      signer: this.signer,
      subaccount_id: this.credentials.subaccountId,
      signature,
      label: request.clientOrderId,
      mmp: false,
      ...(request.reduceOnly ? { reduce_only: true } : {}),
    };
    const tracked: Tracked = { symbol: request.symbol, venueOrderId: null };
    this.tracked.set(request.clientOrderId, tracked);
    let result: unknown;
    try {
      result = await this.rpc.request('private/order', params);
    } catch (error) {
      throw classifyDeriveError(error);
    }
    if (isRecord(result) && isRecord(result.order)) {
      const tsLocal = this.now();
      const update = parseDeriveOrder(result.order, tsLocal);
      tracked.venueOrderId = update.venueOrderId;
      this.deliverOrder(update);
      if (Array.isArray(result.trades)) for (const t of result.trades) this.deliverFill(parseDeriveTrade(t, tsLocal));
    }
    return { clientOrderId: request.clientOrderId, venueOrderId: tracked.venueOrderId };
  }

  /** @throws JsonRpcError with Derive's code (e.g. 11006 when the order is not open). */
  async cancel(clientOrderId: string): Promise<void> {
    const t = this.tracked.get(clientOrderId);
    const sid = this.credentials.subaccountId;
    try {
      if (t?.venueOrderId) await this.rpc.request('private/cancel', { subaccount_id: sid, instrument_name: t.symbol, order_id: t.venueOrderId });
      else await this.rpc.request('private/cancel_by_label', { subaccount_id: sid, label: clientOrderId, ...(t ? { instrument_name: t.symbol } : {}) });
    } catch (error) {
      throw classifyDeriveError(error);
    }
  }

  async openOrders(): Promise<readonly OrderUpdate[]> {
    const result = await this.rpc.request('private/get_open_orders', { subaccount_id: this.credentials.subaccountId }).catch((e: unknown) => {
      throw classifyDeriveError(e);
    });
    const orders = isRecord(result) && Array.isArray(result.orders) ? result.orders : [];
    const tsLocal = this.now();
    return orders.map((o) => parseDeriveOrder(o, tsLocal));
  }

  /**
   * The subaccount's own trades since `sinceMs` (inclusive), oldest first: `private/get_trade_history`
   * from that timestamp, every page (`page_size` 1000, `pagination.num_pages`). Trades appended
   * while paging shift Derive's pages, so duplicates are dropped by trade id. Returned, not
   * delivered to listeners.
   * @throws ParseError ARB_PARSE_FRAME on a malformed answer; a venue error as Derive sent it.
   */
  async fillsSince(sinceMs: number): Promise<readonly Fill[]> {
    const out = new Map<string, Fill>();
    for (let page = 1, pages = 1; page <= pages; page++) {
      const result = await this.call('private/get_trade_history', { subaccount_id: this.credentials.subaccountId, from_timestamp: sinceMs, page, page_size: TRADE_PAGE });
      if (!isRecord(result) || !Array.isArray(result.trades) || !isRecord(result.pagination)) throw frameError('derive', 'private/get_trade_history: answer has no trades[] and pagination');
      pages = requiredNumber(result.pagination.num_pages, 'derive', 'pagination.num_pages');
      if (pages > MAX_PAGES) throw new ArbiterError('ARB_VENUE_REJECTED', `derive lists ${pages} pages of trades since ${sinceMs}; more than ${MAX_PAGES} is not paged`, { venue: 'derive' });
      const tsLocal = this.now();
      for (const t of result.trades as unknown[]) {
        const fill = parseDeriveTrade(t, tsLocal);
        if (!out.has(fill.tradeId)) out.set(fill.tradeId, fill);
      }
    }
    return [...out.values()].sort((a, b) => (a.tsVenue ?? 0) - (b.tsVenue ?? 0));
  }

  /** Non-zero positions of the subaccount (`private/get_positions`): signed amount in contracts. */
  async positions(): Promise<ReadonlyArray<{ readonly symbol: string; readonly quantity: number; readonly averagePrice: number | null }>> {
    const result = await this.call('private/get_positions', { subaccount_id: this.credentials.subaccountId });
    if (!isRecord(result) || !Array.isArray(result.positions)) throw frameError('derive', 'private/get_positions: answer has no positions[]');
    const out: Array<{ symbol: string; quantity: number; averagePrice: number | null }> = [];
    for (const p of result.positions as unknown[]) {
      if (!isRecord(p)) throw frameError('derive', 'private/get_positions: a position is not an object');
      const quantity = requiredNumber(p.amount, 'derive', 'position.amount');
      if (quantity !== 0) out.push({ symbol: requiredString(p.instrument_name, 'derive', 'position.instrument_name'), quantity, averagePrice: optionalNumber(p.average_price, 'derive', 'position.average_price') });
    }
    return out;
  }

  /**
   * The subaccount's collaterals (`private/get_subaccount`): one balance per asset, `total` its
   * amount. Derive reports no per-asset free amount, so `available` is the amount too (margin is
   * the subaccount's, not the asset's).
   */
  async balances(): Promise<Balance[]> {
    const result = await this.call('private/get_subaccount', { subaccount_id: this.credentials.subaccountId });
    if (!isRecord(result) || !Array.isArray(result.collaterals)) throw frameError('derive', 'private/get_subaccount: answer has no collaterals[]');
    return (result.collaterals as unknown[]).map((c) => {
      if (!isRecord(c)) throw frameError('derive', 'private/get_subaccount: a collateral is not an object');
      const amount = requiredNumber(c.amount, 'derive', 'collateral.amount');
      return { venue: 'derive', currency: requiredString(c.asset_name, 'derive', 'collateral.asset_name'), total: amount, available: amount };
    });
  }

  async close(): Promise<void> {
    await this.rpc.stop();
  }

  private call(method: string, params: Record<string, unknown>): Promise<unknown> {
    return this.rpc.request(method, params).catch((e: unknown) => {
      throw classifyDeriveError(e);
    });
  }

  private async onOpen(): Promise<void> {
    try {
      const login = await signDeriveLogin(this.credentials.sessionKey, this.credentials.wallet, this.now());
      await this.rpc.request('public/login', login);
      const sid = this.credentials.subaccountId;
      const result = await this.rpc.request('subscribe', { channels: [`${sid}.orders`, `${sid}.trades`] });
      const status = isRecord(result) && isRecord(result.status) ? result.status : {};
      for (const ch of [`${sid}.orders`, `${sid}.trades`]) {
        if (status[ch] !== 'ok') throw new ArbiterError('ARB_VENUE_REJECTED', `Derive refused ${ch}: ${String(status[ch])}`, { venue: 'derive', channel: ch });
      }
    } catch (error) {
      if (this.fatal && error instanceof ArbiterError && error.code === 'ARB_VENUE_REJECTED') this.fatal(error);
      throw error;
    }
  }

  private onMessage(message: unknown, tsLocal: number): void {
    if (!isRecord(message) || message.method !== 'subscription' || !isRecord(message.params)) return;
    const channel = message.params.channel;
    if (typeof channel !== 'string') return;
    try {
      if (channel.endsWith('.orders')) for (const o of eachItem(message.params.data)) this.deliverOrder(parseDeriveOrder(o, tsLocal));
      else if (channel.endsWith('.trades')) for (const t of eachItem(message.params.data)) this.deliverFill(parseDeriveTrade(t, tsLocal));
    } catch (error) {
      this.logger.warn({ channel, err: error instanceof Error ? error.message : String(error) }, 'bad Derive order/trade notification');
    }
  }

  /** The answer and the notification report the same change: deliver each state once. */
  private deliverOrder(u: OrderUpdate): void {
    const key = `${u.status}:${u.filledQuantity}`;
    const id = u.venueOrderId ?? u.clientOrderId;
    if (this.lastUpdate.get(id) === key) return;
    this.lastUpdate.set(id, key);
    const t = this.tracked.get(u.clientOrderId);
    if (t && t.venueOrderId === null) t.venueOrderId = u.venueOrderId;
    this.fanout.emit(u);
  }

  private deliverFill(f: Fill): void {
    if (this.fanout.markSeen(f.tradeId)) this.fanout.emit(f);
  }

  private spec(symbol: string): Promise<DeriveTradingSpec> {
    let p = this.specs.get(symbol);
    if (!p) {
      p = this.rpc.request('public/get_instrument', { instrument_name: symbol }).then((wire) => parseDeriveInstrument(wire).spec);
      p.catch(() => this.specs.delete(symbol));
      this.specs.set(symbol, p);
    }
    return p;
  }

  /**
   * Signed per-unit fee cap: headroom × (taker rate × max(index, limit) + base fee / amount),
   * rounded up to 1e-6. Too low a cap is refused by the venue (11023).
   */
  private async maxFee(symbol: string, spec: DeriveTradingSpec, limitPrice: bigint, amount: bigint): Promise<bigint> {
    let cached = this.index.get(symbol);
    if (!cached || this.now() - cached.at > 10_000) {
      const t = await this.rpc.request('public/get_ticker', { instrument_name: symbol });
      const value = isRecord(t) ? Number(t.index_price ?? t.I) : NaN;
      cached = { value: Number.isFinite(value) && value > 0 ? value : 0, at: this.now() };
      this.index.set(symbol, cached);
    }
    const limit = Number(limitPrice) / Number(E18);
    const perUnit = (this.options.feeHeadroom ?? 2) * (spec.takerFeeRate * Math.max(cached.value, limit) + spec.baseFee / (Number(amount) / Number(E18)));
    return ceilTo(toE18(perUnit.toFixed(8)), 10n ** 12n);
  }
}
