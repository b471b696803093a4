/**
 * Orders, fills and balances of the Coinbase simulator's account: request checks with Coinbase's
 * preview failure reasons, matching against the simulated books, holds, fees, cancels and edits,
 * and the REST / user-channel shapes of an order. Pure state; the exchange wires it to sockets.
 */
import { randomUUID } from 'node:crypto';
import { isRecord } from '../../shared/wire-values.js';
import type { CoinbaseSimMarket } from './coinbase-sim-exchange.js';

/** Size rules the simulator's products list publishes (base_increment, base_min_size, base_max_size, quote_min_size). */
export const SIM_BASE_INCREMENT = 1e-8;
export const SIM_BASE_MIN = 1e-8;
export const SIM_BASE_MAX = 3400;
export const SIM_QUOTE_MIN = 1;

type Config = 'limit_limit_gtc' | 'limit_limit_gtd' | 'sor_limit_ioc' | 'limit_limit_fok' | 'market_market_ioc';
type Status = 'OPEN' | 'FILLED' | 'CANCELLED' | 'EXPIRED' | 'FAILED';

export interface SimOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly productId: string;
  readonly side: 'BUY' | 'SELL';
  readonly config: Config;
  price: number | null;
  size: number;
  readonly postOnly: boolean;
  readonly endTimeMs: number | null;
  readonly createdIso: string;
  filled: number;
  filledValue: number;
  fees: number;
  fills: number;
  status: Status;
  lastFillIso: string | null;
  cancelReason: string;
  editHistory: Array<{ price: string; size: string; replace_accept_timestamp: string }>;
}

export interface SimFill {
  readonly entry_id: string;
  readonly trade_id: string;
  readonly order_id: string;
  readonly trade_time: string;
  readonly trade_type: 'FILL';
  readonly price: string;
  readonly size: string;
  readonly commission: string;
  readonly product_id: string;
  readonly sequence_timestamp: string;
  readonly liquidity_indicator: 'MAKER' | 'TAKER';
  readonly size_in_quote: false;
  readonly user_id: string;
  readonly side: 'BUY' | 'SELL';
  readonly retail_portfolio_id: string;
}

export interface CoinbaseSimOrdersOptions {
  readonly balances: Readonly<Record<string, number>>;
  readonly makerFee: number;
  readonly takerFee: number;
}

const CONFIGS: readonly Config[] = ['limit_limit_gtc', 'limit_limit_gtd', 'sor_limit_ioc', 'limit_limit_fok', 'market_market_ioc'];
const PORTFOLIO = 'simulated-portfolio';
const USER = 'simulated-user';

const onIncrement = (v: number, inc: number): boolean => Math.abs(v / inc - Math.round(v / inc)) < 1e-7;
const fmt = (v: number): string => String(Number(v.toFixed(10)));

export class CoinbaseSimOrders {
  readonly fills: SimFill[] = [];
  private readonly orders = new Map<string, SimOrder>();
  private readonly byClient = new Map<string, SimOrder>();
  private readonly totals = new Map<string, number>();

  constructor(private readonly market: CoinbaseSimMarket, private readonly options: CoinbaseSimOrdersOptions, private readonly onChange: (order: SimOrder) => void) {
    for (const [currency, amount] of Object.entries(options.balances)) this.totals.set(currency, amount);
  }

  all(): SimOrder[] {
    return [...this.orders.values()];
  }

  balance(currency: string): { total: number; hold: number; available: number } {
    const total = this.totals.get(currency) ?? 0;
    let hold = 0;
    for (const o of this.orders.values()) if (o.status === 'OPEN') hold += this.holdOf(o, currency);
    return { total, hold, available: total - hold };
  }

  /** `POST orders`: the documented answer, success or failure (always HTTP 200). */
  create(body: unknown): Record<string, unknown> {
    if (!isRecord(body)) return failure('INVALID_ARGUMENT', 'body is not an object', 'UNKNOWN_PREVIEW_FAILURE_REASON', null);
    const configuration = isRecord(body.order_configuration) ? body.order_configuration : {};
    const clientOrderId = typeof body.client_order_id === 'string' ? body.client_order_id : '';
    const existing = this.byClient.get(clientOrderId);
    // A repeated client_order_id creates nothing and answers with the existing order.
    if (existing !== undefined) return success(existing, configuration);
    const product = this.market.products.find((p) => p.id === body.product_id);
    if (product === undefined) return failure('INVALID_ARGUMENT', `unknown product ${String(body.product_id)}`, 'PREVIEW_INVALID_PRODUCT_ID', configuration);
    if (body.side !== 'BUY' && body.side !== 'SELL') return failure('INVALID_ARGUMENT', 'side must be BUY or SELL', 'PREVIEW_INVALID_SIDE', configuration);
    const names = Object.keys(configuration);
    const config = names[0] as Config | undefined;
    const inner = config !== undefined ? configuration[config] : undefined;
    if (names.length !== 1 || config === undefined || !CONFIGS.includes(config) || !isRecord(inner)) return failure('INVALID_ARGUMENT', 'unsupported order_configuration', 'PREVIEW_INVALID_ORDER_CONFIG', configuration);
    const size = Number(inner.base_size);
    const price = config === 'market_market_ioc' ? null : Number(inner.limit_price);
    if (!(size > 0)) return failure('INVALID_ARGUMENT', 'base_size must be positive', 'PREVIEW_INVALID_BASE_SIZE_TOO_SMALL', configuration);
    if (!onIncrement(size, SIM_BASE_INCREMENT)) return failure('INVALID_ARGUMENT', 'base_size is not a multiple of base_increment', 'PREVIEW_INVALID_SIZE_PRECISION', configuration);
    if (size < SIM_BASE_MIN) return failure('INVALID_ARGUMENT', 'base_size below base_min_size', 'PREVIEW_INVALID_BASE_SIZE_TOO_SMALL', configuration);
    if (size > SIM_BASE_MAX) return failure('INVALID_ARGUMENT', 'base_size above base_max_size', 'PREVIEW_INVALID_BASE_SIZE_TOO_LARGE', configuration);
    if (price !== null && (!(price > 0) || !onIncrement(price, product.tick))) return failure('INVALID_ARGUMENT', 'limit_price is not a multiple of quote_increment', 'PREVIEW_INVALID_PRICE_PRECISION', configuration);
    const reference = price ?? (body.side === 'BUY' ? product.ladder.bestAsk : product.ladder.bestBid);
    if (reference === null) return failure('INVALID_ARGUMENT', 'no market', 'PREVIEW_INVALID_NO_LIQUIDITY', configuration);
    if (size * reference < SIM_QUOTE_MIN) return failure('INVALID_ARGUMENT', 'order value below quote_min_size', 'PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL', configuration);
    const postOnly = inner.post_only === true;
    const crosses = price !== null && (body.side === 'BUY' ? product.ladder.bestAsk !== null && price >= product.ladder.bestAsk : product.ladder.bestBid !== null && price <= product.ladder.bestBid);
    if (postOnly && crosses) return failure('INVALID_LIMIT_PRICE_POST_ONLY', 'post-only order would cross', 'PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY', configuration);
    const endTimeMs = config === 'limit_limit_gtd' ? Date.parse(String(inner.end_time)) : null;
    if (endTimeMs !== null && !(endTimeMs > Date.now())) return failure('INVALID_ARGUMENT', 'end_time must be in the future', 'PREVIEW_INVALID_END_TIME', configuration);
    const need = body.side === 'BUY' ? size * reference * (1 + this.options.takerFee) : size;
    const currency = body.side === 'BUY' ? product.quote : product.base;
    if (this.balance(currency).available < need - 1e-9) return failure('INSUFFICIENT_FUND', 'Insufficient balance in source account', 'PREVIEW_INSUFFICIENT_FUND', configuration);
    const order: SimOrder = {
      id: randomUUID(), clientOrderId: clientOrderId === '' ? randomUUID() : clientOrderId, productId: product.id, side: body.side, config, price, size, postOnly, endTimeMs,
      createdIso: new Date().toISOString(), filled: 0, filledValue: 0, fees: 0, fills: 0, status: 'OPEN', lastFillIso: null, cancelReason: '', editHistory: [],
    };
    if (config === 'limit_limit_fok' && this.fillable(order) < size - 1e-12) {
      order.status = 'CANCELLED';
      order.cancelReason = 'FOK order could not be filled in full';
    } else {
      this.takeLiquidity(order);
      if (order.status === 'OPEN' && (config === 'sor_limit_ioc' || config === 'market_market_ioc' || config === 'limit_limit_fok')) {
        order.status = order.filled >= order.size - 1e-12 ? 'FILLED' : 'CANCELLED';
        if (order.status === 'CANCELLED') order.cancelReason = 'IOC remainder canceled';
      }
    }
    this.orders.set(order.id, order);
    this.byClient.set(order.clientOrderId, order);
    this.onChange(order);
    return success(order, configuration);
  }

  /** One result of `orders/batch_cancel`. */
  cancel(orderId: string): Record<string, unknown> {
    const o = this.orders.get(orderId);
    if (o === undefined || o.status !== 'OPEN') return { success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: orderId };
    o.status = 'CANCELLED';
    o.cancelReason = 'User requested cancel';
    this.onChange(o);
    return { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: orderId };
  }

  /** `orders/edit`: new price and size of an open GTC limit order. */
  edit(body: unknown): Record<string, unknown> {
    const fail = (reason: string, preview = 'UNKNOWN_PREVIEW_FAILURE_REASON'): Record<string, unknown> => ({ success: false, errors: [{ edit_failure_reason: reason, preview_failure_reason: preview }] });
    if (!isRecord(body) || typeof body.order_id !== 'string') return fail('ORDER_NOT_FOUND');
    const o = this.orders.get(body.order_id);
    if (o === undefined) return fail('ORDER_NOT_FOUND');
    if (o.status !== 'OPEN') return fail('ONLY_OPEN_ORDERS_CAN_BE_EDITED');
    if (o.config !== 'limit_limit_gtc') return fail('ONLY_LIMIT_ORDER_EDITS_SUPPORTED');
    const price = Number(body.price);
    const size = Number(body.size);
    const product = this.market.products.find((p) => p.id === o.productId)!;
    if (!(price > 0) || !onIncrement(price, product.tick)) return fail('INVALID_EDITED_PRICE', 'PREVIEW_INVALID_PRICE_PRECISION');
    if (!(size > 0) || !onIncrement(size, SIM_BASE_INCREMENT)) return fail('INVALID_EDITED_SIZE', 'PREVIEW_INVALID_SIZE_PRECISION');
    if (size < o.filled) return fail('CANNOT_EDIT_TO_BELOW_FILLED_SIZE');
    if (price === o.price && size === o.size) return fail('EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST');
    if (o.postOnly && (o.side === 'BUY' ? product.ladder.bestAsk !== null && price >= product.ladder.bestAsk : product.ladder.bestBid !== null && price <= product.ladder.bestBid)) {
      return fail('COMMANDER_REJECTED_EDIT_ORDER', 'PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY');
    }
    const currency = o.side === 'BUY' ? product.quote : product.base;
    const extra = (o.side === 'BUY' ? (size - o.filled) * price * (1 + this.options.takerFee) : size - o.filled) - this.holdOf(o, currency);
    if (extra > this.balance(currency).available + 1e-9) return fail('COMMANDER_REJECTED_EDIT_ORDER', 'PREVIEW_INSUFFICIENT_FUND');
    o.editHistory.push({ price: fmt(price), size: fmt(size), replace_accept_timestamp: new Date().toISOString() });
    o.price = price;
    o.size = size;
    if (o.filled >= o.size - 1e-12) o.status = 'FILLED';
    else this.takeLiquidity(o);
    this.onChange(o);
    return { success: true, errors: [] };
  }

  /** Fills resting orders the market now crosses (all products, or one at a printed trade price). */
  crossResting(productId?: string, tradePrice?: number): void {
    const now = Date.now();
    for (const o of this.orders.values()) {
      if (o.status !== 'OPEN' || (productId !== undefined && o.productId !== productId)) continue;
      if (o.endTimeMs !== null && o.endTimeMs <= now) {
        o.status = 'EXPIRED';
        this.onChange(o);
        continue;
      }
      const p = this.market.products.find((x) => x.id === o.productId)!;
      const price = o.price!;
      const crossed = tradePrice !== undefined
        ? (o.side === 'BUY' ? tradePrice <= price : tradePrice >= price)
        : (o.side === 'BUY' ? p.ladder.bestAsk !== null && p.ladder.bestAsk <= price : p.ladder.bestBid !== null && p.ladder.bestBid >= price);
      if (!crossed) continue;
      this.fill(o, price, o.size - o.filled, 'MAKER');
      this.onChange(o);
    }
  }

  accounts(): Array<Record<string, unknown>> {
    return [...this.totals.keys()].sort().map((currency) => {
      const b = this.balance(currency);
      return {
        uuid: `sim-${currency.toLowerCase()}`, name: `${currency} Wallet`, currency, available_balance: { value: fmt(b.available), currency }, default: currency === 'USD', active: true,
        created_at: '2024-01-01T00:00:00Z', updated_at: new Date().toISOString(), deleted_at: null, type: currency === 'USD' ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO', ready: true,
        hold: { value: fmt(b.hold), currency }, retail_portfolio_id: PORTFOLIO,
      };
    });
  }

  restOrder(o: SimOrder): Record<string, unknown> {
    const inner: Record<string, unknown> = { base_size: fmt(o.size) };
    if (o.price !== null) inner.limit_price = fmt(o.price);
    if (o.config === 'limit_limit_gtc' || o.config === 'limit_limit_gtd') inner.post_only = o.postOnly;
    if (o.endTimeMs !== null) inner.end_time = new Date(o.endTimeMs).toISOString();
    return {
      order_id: o.id, product_id: o.productId, user_id: USER, order_configuration: { [o.config]: inner }, side: o.side, client_order_id: o.clientOrderId, status: o.status,
      time_in_force: TIF[o.config], created_time: o.createdIso, completion_percentage: fmt((100 * o.filled) / o.size), filled_size: fmt(o.filled),
      average_filled_price: o.filled > 0 ? fmt(o.filledValue / o.filled) : '0', fee: '', number_of_fills: String(o.fills), filled_value: fmt(o.filledValue), pending_cancel: false,
      size_in_quote: false, total_fees: fmt(o.fees), size_inclusive_of_fees: false, total_value_after_fees: fmt(o.side === 'BUY' ? o.filledValue + o.fees : o.filledValue - o.fees),
      trigger_status: 'INVALID_ORDER_TYPE', order_type: o.config === 'market_market_ioc' ? 'MARKET' : 'LIMIT', reject_reason: 'REJECT_REASON_UNSPECIFIED', settled: o.status !== 'OPEN',
      product_type: 'SPOT', reject_message: '', cancel_message: o.cancelReason, order_placement_source: 'RETAIL_ADVANCED', outstanding_hold_amount: fmt(this.holdOf(o, o.side === 'BUY' ? this.quoteOf(o) : this.baseOf(o))),
      is_liquidation: false, last_fill_time: o.lastFillIso, edit_history: o.editHistory, leverage: '', margin_type: 'UNKNOWN_MARGIN_TYPE', retail_portfolio_id: PORTFOLIO,
    };
  }

  userOrder(o: SimOrder): Record<string, unknown> {
    return {
      avg_price: o.filled > 0 ? fmt(o.filledValue / o.filled) : '0', cancel_reason: o.cancelReason, client_order_id: o.clientOrderId, completion_percentage: fmt((100 * o.filled) / o.size),
      contract_expiry_type: 'UNKNOWN_CONTRACT_EXPIRY_TYPE', cumulative_quantity: fmt(o.filled), filled_value: fmt(o.filledValue), leaves_quantity: fmt(o.status === 'OPEN' ? o.size - o.filled : 0),
      limit_price: o.price === null ? '' : fmt(o.price), number_of_fills: String(o.fills), order_id: o.id, order_side: o.side, order_type: o.config === 'market_market_ioc' ? 'Market' : 'Limit',
      outstanding_hold_amount: fmt(this.holdOf(o, o.side === 'BUY' ? this.quoteOf(o) : this.baseOf(o))), post_only: String(o.postOnly), product_id: o.productId, product_type: 'SPOT',
      reject_reason: '', retail_portfolio_id: PORTFOLIO, risk_managed_by: 'UNKNOWN_RISK_MANAGEMENT_TYPE', status: o.status, stop_price: '', time_in_force: TIF[o.config],
      total_fees: fmt(o.fees), total_value_after_fees: fmt(o.side === 'BUY' ? o.filledValue + o.fees : o.filledValue - o.fees), trigger_status: 'INVALID_ORDER_TYPE',
      creation_time: o.createdIso, end_time: o.endTimeMs === null ? '0001-01-01T00:00:00Z' : new Date(o.endTimeMs).toISOString(), start_time: '0001-01-01T00:00:00Z',
    };
  }

  private quoteOf(o: SimOrder): string {
    return this.market.products.find((p) => p.id === o.productId)!.quote;
  }

  private baseOf(o: SimOrder): string {
    return this.market.products.find((p) => p.id === o.productId)!.base;
  }

  private holdOf(o: SimOrder, currency: string): number {
    if (o.status !== 'OPEN') return 0;
    const left = o.size - o.filled;
    if (o.side === 'BUY') return currency === this.quoteOf(o) && o.price !== null ? left * o.price * (1 + this.options.takerFee) : 0;
    return currency === this.baseOf(o) ? left : 0;
  }

  /** Size available against the order at its limit now. */
  private fillable(o: SimOrder): number {
    let total = 0;
    this.walk(o, (_px, qty) => (total += qty));
    return total;
  }

  /** Visits the opposite levels the order may take, best first, with the quantity it would take there. */
  private walk(o: SimOrder, visit: (price: number, qty: number) => void): void {
    const p = this.market.products.find((x) => x.id === o.productId)!;
    const { bids, asks } = p.ladder.top();
    const levels = o.side === 'BUY' ? asks : bids;
    let left = o.size - o.filled;
    for (let i = 0; i + 1 < levels.length && left > 1e-12; i += 2) {
      const px = levels[i]!;
      if (o.price !== null && (o.side === 'BUY' ? px > o.price : px < o.price)) break;
      const qty = Math.min(left, levels[i + 1]!);
      visit(px, qty);
      left -= qty;
    }
  }

  private takeLiquidity(o: SimOrder): void {
    const takes: Array<[number, number]> = [];
    this.walk(o, (px, qty) => takes.push([px, qty]));
    for (const [px, qty] of takes) this.fill(o, px, qty, 'TAKER');
  }

  private fill(o: SimOrder, price: number, qty: number, liquidity: 'MAKER' | 'TAKER'): void {
    const size = Math.round(qty / SIM_BASE_INCREMENT) * SIM_BASE_INCREMENT;
    if (!(size > 0)) return;
    const value = price * size;
    const fee = value * (liquidity === 'MAKER' ? this.options.makerFee : this.options.takerFee);
    const base = this.baseOf(o);
    const quote = this.quoteOf(o);
    const sign = o.side === 'BUY' ? 1 : -1;
    this.totals.set(base, (this.totals.get(base) ?? 0) + sign * size);
    this.totals.set(quote, (this.totals.get(quote) ?? 0) - sign * value - fee);
    o.filled += size;
    o.filledValue += value;
    o.fees += fee;
    o.fills++;
    const now = new Date().toISOString();
    o.lastFillIso = now;
    if (o.filled >= o.size - 1e-12) o.status = 'FILLED';
    this.fills.push({
      entry_id: randomUUID(), trade_id: randomUUID(), order_id: o.id, trade_time: now, trade_type: 'FILL', price: fmt(price), size: fmt(size), commission: fmt(fee), product_id: o.productId,
      sequence_timestamp: now, liquidity_indicator: liquidity, size_in_quote: false, user_id: USER, side: o.side, retail_portfolio_id: PORTFOLIO,
    });
  }
}

const TIF: Readonly<Record<Config, string>> = {
  limit_limit_gtc: 'GOOD_UNTIL_CANCELLED', limit_limit_gtd: 'GOOD_UNTIL_DATE_TIME', sor_limit_ioc: 'IMMEDIATE_OR_CANCEL', limit_limit_fok: 'FILL_OR_KILL', market_market_ioc: 'IMMEDIATE_OR_CANCEL',
};


function success(o: SimOrder, configuration: unknown): Record<string, unknown> {
  return { success: true, success_response: { order_id: o.id, product_id: o.productId, side: o.side, client_order_id: o.clientOrderId }, order_configuration: configuration };
}

function failure(error: string, message: string, preview: string, configuration: unknown): Record<string, unknown> {
  return {
    success: false, failure_reason: 'UNKNOWN_FAILURE_REASON', order_id: '',
    error_response: { error, message, error_details: '', preview_failure_reason: preview, new_order_failure_reason: 'UNKNOWN_FAILURE_REASON' },
    order_configuration: configuration ?? {},
  };
}
