/**
 * The simulator's exchange: accounts with subaccounts and registered session keys, login
 * verification (EIP-191 over the millisecond timestamp), `private/order` verification the way the
 * venue does it (rebuild the Trade-module action from the params and the instrument, recover the
 * EIP-712 signer, require it to be the claimed `signer` and registered for the owner), tick/step and
 * max-fee checks, and matching against the simulated quotes: marketable orders fill at the touch
 * (taker), resting orders fill at their limit when the market crosses them (maker). Every trade
 * is kept: `private/get_trade_history` pages it, `private/get_positions` nets it per instrument and
 * `private/get_subaccount` reports the USDC collateral it leaves (deposit − fees − option premiums
 * paid + received + realized perp PnL; the simulator settles no funding).
 * Error codes follow Derive's numbering where known (see docs/venues/derive.md).
 */
import { getAddress, type Address, type Hex } from 'viem';
import { encodeTradeModuleData, fromE18, recoverDeriveActionSigner, recoverDeriveLoginSigner, toE18, type DeriveProtocolConstants } from '../execution/derive-signing.js';
import type { SimInstrument } from './derive-sim-market.js';

/** JSON-RPC error codes the simulator answers with. */
export const DERIVE_SIM_ERRORS = {
  rateLimited: { code: -32000, message: 'Rate limit exceeded' },
  invalidParams: { code: -32602, message: 'Invalid params' },
  methodNotFound: { code: -32601, message: 'Method not found' },
  insufficientFunds: { code: 11000, message: 'Insufficient funds' },
  doesNotExist: { code: 11006, message: 'Does not exist' },
  postOnlyReject: { code: 11008, message: 'Post-only reject' },
  invalidSignatureExpiry: { code: 11011, message: 'Invalid signature expiry' },
  invalidAmount: { code: 11012, message: 'Invalid amount' },
  invalidLimitPrice: { code: 11013, message: 'Invalid limit price' },
  maxFeeTooLow: { code: 11023, message: 'Max fee order param is too low' },
  notAuthenticated: { code: 13000, message: 'Authentication required' },
  invalidSignature: { code: 14014, message: 'Signature invalid for message or transaction' },
} as const;

export class SimRpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: string) {
    super(message);
  }
}

const fail = (e: { code: number; message: string }, data?: string): never => {
  throw new SimRpcError(e.code, e.message, data);
};

export interface SimAccount {
  readonly wallet: Address;
  readonly subaccountIds: readonly number[];
  readonly sessionKeys: readonly Address[];
}

interface SimOrder {
  readonly orderId: string;
  readonly subaccountId: number;
  readonly inst: SimInstrument;
  readonly direction: 'buy' | 'sell';
  readonly limit: number;
  readonly amount: number;
  readonly params: Record<string, unknown>;
  readonly created: number;
  filled: number;
  notional: number;
  fee: number;
  status: 'open' | 'filled' | 'cancelled' | 'rejected' | 'expired';
  cancelReason: string;
  updated: number;
}

export type SimNotify = (channel: string, data: unknown) => void;

export class DeriveSimExchange {
  private readonly wallets = new Map<string, { wallet: Address; keys: Set<string>; subaccounts: Set<number> }>();
  private readonly owners = new Map<number, string>();
  private readonly orders = new Map<string, SimOrder>();
  private seq = 0;
  /** Every order the venue accepted (tests read the signed fields from here). */
  readonly accepted: Array<Record<string, unknown>> = [];
  /** Every trade, oldest first, as `private/get_trade_history` reports it. */
  readonly trades: Array<Record<string, unknown> & { subaccount_id: number; timestamp: number; trade_id: string }> = [];

  constructor(
    private readonly constants: DeriveProtocolConstants,
    private readonly instrument: (name: string) => SimInstrument | undefined,
    private readonly notify: SimNotify,
    private readonly now: () => number,
    private readonly indexPrice: () => number,
    private readonly depositUsdc = 100_000,
  ) {}

  addAccount(a: SimAccount): void {
    const key = a.wallet.toLowerCase();
    const entry = this.wallets.get(key) ?? { wallet: getAddress(a.wallet), keys: new Set<string>(), subaccounts: new Set<number>() };
    for (const k of a.sessionKeys) entry.keys.add(k.toLowerCase());
    for (const s of a.subaccountIds) {
      entry.subaccounts.add(s);
      this.owners.set(s, key);
    }
    this.wallets.set(key, entry);
  }

  /** Verifies `public/login` (or REST headers); returns the wallet and its subaccount ids. */
  async login(params: Record<string, unknown>, wallNowMs: number): Promise<{ wallet: string; subaccounts: number[] }> {
    const wallet = typeof params.wallet === 'string' ? params.wallet.toLowerCase() : fail(DERIVE_SIM_ERRORS.invalidParams, 'wallet');
    const timestamp = Number(params.timestamp);
    const signature = typeof params.signature === 'string' ? (params.signature as Hex) : fail(DERIVE_SIM_ERRORS.invalidParams, 'signature');
    if (!Number.isFinite(timestamp) || Math.abs(wallNowMs - timestamp) > 60_000) fail(DERIVE_SIM_ERRORS.invalidSignature, 'timestamp too far from server time');
    const entry = this.wallets.get(wallet);
    let signer: string;
    try {
      signer = (await recoverDeriveLoginSigner(timestamp, signature)).toLowerCase();
    } catch {
      return fail(DERIVE_SIM_ERRORS.invalidSignature, 'malformed signature');
    }
    if (!entry || (signer !== wallet && !entry.keys.has(signer))) fail(DERIVE_SIM_ERRORS.invalidSignature, 'signer is neither the wallet nor one of its session keys');
    return { wallet, subaccounts: [...entry!.subaccounts] };
  }

  private requireOwned(wallet: string | null, params: Record<string, unknown>): number {
    if (wallet === null) fail(DERIVE_SIM_ERRORS.notAuthenticated);
    const sid = Number(params.subaccount_id);
    if (!Number.isInteger(sid) || this.owners.get(sid) !== wallet) fail(DERIVE_SIM_ERRORS.notAuthenticated, `subaccount ${String(params.subaccount_id)} is not yours`);
    return sid;
  }

  /** `private/order`: verify the signed action, validate, match; returns `{order, trades}`. */
  async order(wallet: string | null, params: Record<string, unknown>): Promise<unknown> {
    const sid = this.requireOwned(wallet, params);
    const inst = this.instrument(String(params.instrument_name));
    if (!inst) return fail(DERIVE_SIM_ERRORS.invalidParams, `unknown instrument ${String(params.instrument_name)}`);
    const direction = params.direction === 'buy' || params.direction === 'sell' ? params.direction : fail(DERIVE_SIM_ERRORS.invalidParams, 'direction');
    let limitE18: bigint;
    let amountE18: bigint;
    let maxFeeE18: bigint;
    let nonce: bigint;
    try {
      limitE18 = toE18(String(params.limit_price));
      amountE18 = toE18(String(params.amount));
      maxFeeE18 = toE18(String(params.max_fee));
      nonce = BigInt(String(params.nonce));
    } catch {
      return fail(DERIVE_SIM_ERRORS.invalidParams, 'limit_price, amount, max_fee or nonce');
    }
    const signer = typeof params.signer === 'string' && /^0x[0-9a-fA-F]{40}$/.test(params.signer) ? (params.signer as Address) : fail(DERIVE_SIM_ERRORS.invalidParams, 'signer');
    const expirySec = Number(params.signature_expiry_sec);
    if (!Number.isInteger(expirySec) || expirySec * 1000 <= this.now()) fail(DERIVE_SIM_ERRORS.invalidSignatureExpiry);
    const def = inst.definition;
    const action = {
      subaccountId: BigInt(sid),
      nonce,
      module: this.constants.tradeModule,
      data: encodeTradeModuleData({
        asset: def.base_asset_address as Address, subId: BigInt(def.base_asset_sub_id as string), limitPrice: limitE18, amount: amountE18, maxFee: maxFeeE18,
        recipientId: BigInt(sid), isBid: direction === 'buy',
      }),
      expirySec: BigInt(expirySec),
      owner: this.wallets.get(wallet!)!.wallet,
      signer,
    };
    let recovered: string;
    try {
      recovered = (await recoverDeriveActionSigner(action, this.constants, params.signature as Hex)).toLowerCase();
    } catch {
      return fail(DERIVE_SIM_ERRORS.invalidSignature, 'malformed signature');
    }
    if (recovered !== signer.toLowerCase() || (!this.wallets.get(wallet!)!.keys.has(recovered) && recovered !== wallet)) {
      fail(DERIVE_SIM_ERRORS.invalidSignature, `recovered ${recovered}, expected a session key of ${wallet}`);
    }
    const tickE18 = toE18(String(def.tick_size));
    const stepE18 = toE18(String(def.amount_step));
    if (limitE18 <= 0n || limitE18 % tickE18 !== 0n) fail(DERIVE_SIM_ERRORS.invalidLimitPrice, `not a multiple of tick ${String(def.tick_size)}`);
    if (amountE18 < toE18(String(def.minimum_amount)) || amountE18 % stepE18 !== 0n) fail(DERIVE_SIM_ERRORS.invalidAmount, `minimum ${String(def.minimum_amount)}, step ${String(def.amount_step)}`);
    const limit = Number(fromE18(limitE18));
    const amount = Number(fromE18(amountE18));
    const feePerUnit = this.feePerUnit(inst, limit, amount);
    if (Number(fromE18(maxFeeE18)) < feePerUnit) fail(DERIVE_SIM_ERRORS.maxFeeTooLow, `needs at least ${feePerUnit.toFixed(6)} per unit`);
    this.accepted.push(params);
    const now = this.now();
    const order: SimOrder = {
      orderId: `sim-ord-${++this.seq}`, subaccountId: sid, inst, direction, limit, amount, params, created: now,
      filled: 0, notional: 0, fee: 0, status: 'open', cancelReason: '', updated: now,
    };
    const tif = String(params.time_in_force ?? 'gtc');
    const touch = direction === 'buy' ? inst.ask : inst.bid;
    const marketable = touch !== null && (direction === 'buy' ? limit >= touch : limit <= touch);
    const trades: unknown[] = [];
    if (tif === 'post_only' && marketable) {
      order.status = 'rejected';
      order.cancelReason = 'validation_failed';
      return fail(DERIVE_SIM_ERRORS.postOnlyReject);
    }
    if (marketable) {
      const available = direction === 'buy' ? inst.askSize : inst.bidSize;
      const qty = Math.min(amount, available);
      if (tif === 'fok' && qty < amount) {
        order.status = 'cancelled';
        order.cancelReason = 'ioc_or_market_partial_fill';
      } else {
        trades.push(this.fill(order, touch!, qty, 'taker'));
      }
    }
    if (order.status === 'open' && order.filled < order.amount && (tif === 'ioc' || tif === 'fok' || params.order_type === 'market')) {
      order.status = 'cancelled';
      order.cancelReason = 'ioc_or_market_partial_fill';
    }
    this.orders.set(order.orderId, order);
    const wire = this.wire(order);
    this.notify(`${sid}.orders`, wire);
    for (const t of trades) this.notify(`${sid}.trades`, t);
    return { order: wire, trades };
  }

  private feePerUnit(inst: SimInstrument, price: number, amount: number): number {
    const def = inst.definition;
    const base = Number(def.base_fee) / amount;
    const rate = Number(def.taker_fee_rate) * this.indexPrice();
    const cap = inst.kind === 'option' ? Number(def.mark_price_fee_rate_cap) * price : Infinity;
    return base + Math.min(rate, cap);
  }

  private fill(order: SimOrder, price: number, qty: number, role: 'maker' | 'taker'): Record<string, unknown> {
    const fee = this.feePerUnit(order.inst, price, order.amount) * qty;
    order.filled = Math.round((order.filled + qty) * 1e8) / 1e8;
    order.notional += price * qty;
    order.fee += fee;
    order.updated = this.now();
    if (order.filled >= order.amount) order.status = 'filled';
    const sideKey = order.direction === 'buy' ? 'askSize' : 'bidSize';
    order.inst[sideKey] = Math.max(0.01, Math.round((order.inst[sideKey] - qty) * 100) / 100);
    const trade = {
      direction: order.direction, expected_rebate: '0', extra_fee: '0', index_price: this.indexPrice().toFixed(2), instrument_name: order.inst.name,
      is_transfer: false, label: String(order.params.label ?? ''), liquidity_role: role, mark_price: order.inst.mark.toFixed(order.inst.tickDecimals),
      op_uuid: `sim-op-${this.seq}`, order_id: order.orderId, quote_id: null, realized_pnl: '0', realized_pnl_excl_fees: '0', rfq_id: null,
      subaccount_id: order.subaccountId, timestamp: order.updated, trade_amount: String(qty), trade_fee: fee.toFixed(6),
      trade_id: `sim-trade-${++this.seq}`, trade_price: price.toFixed(order.inst.tickDecimals), tx_hash: null,
    };
    this.trades.push(trade);
    return { ...trade };
  }

  /**
   * `private/get_trade_history`: the subaccount's trades within [from_timestamp, to_timestamp],
   * newest first, `page` (from 1; past the last page answers the last) of `page_size` (≤ 1000).
   */
  tradeHistory(wallet: string | null, params: Record<string, unknown>): unknown {
    const sid = this.requireOwned(wallet, params);
    const from = params.from_timestamp === undefined ? 0 : Number(params.from_timestamp);
    const to = params.to_timestamp === undefined ? Infinity : Number(params.to_timestamp);
    const pageSize = params.page_size === undefined ? 100 : Number(params.page_size);
    const page = params.page === undefined ? 1 : Number(params.page);
    if (!Number.isFinite(from) || Number.isNaN(to)) fail(DERIVE_SIM_ERRORS.invalidParams, 'from_timestamp / to_timestamp');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) fail(DERIVE_SIM_ERRORS.invalidParams, 'page_size must be 1 to 1000');
    if (!Number.isInteger(page) || page < 1) fail(DERIVE_SIM_ERRORS.invalidParams, 'page must be a positive integer');
    const matching = this.trades.filter((t) => t.subaccount_id === sid && t.timestamp >= from && t.timestamp <= to).reverse();
    const pages = Math.max(1, Math.ceil(matching.length / pageSize));
    const p = Math.min(page, pages);
    return { subaccount_id: sid, pagination: { count: matching.length, num_pages: pages }, trades: matching.slice((p - 1) * pageSize, p * pageSize).map((t) => ({ ...t })) };
  }

  /** `private/get_positions`: the subaccount's non-zero net amount per instrument, from its trades. */
  positions(wallet: string | null, params: Record<string, unknown>): unknown {
    const sid = this.requireOwned(wallet, params);
    const { open } = this.ledger(sid);
    const positions = [...open].filter(([, p]) => p.amount !== 0).map(([name, p]) => {
      const inst = this.instrument(name)!;
      return {
        instrument_name: name, instrument_type: inst.kind, amount: String(p.amount), average_price: (p.cost / Math.abs(p.amount)).toFixed(8),
        mark_price: inst.mark.toFixed(inst.tickDecimals), realized_pnl: p.realized.toFixed(6), creation_timestamp: p.opened,
      };
    });
    return { subaccount_id: sid, positions };
  }

  /** `private/get_subaccount`: the USDC collateral left by the deposit and the trades, and the open positions. */
  subaccount(wallet: string | null, params: Record<string, unknown>): unknown {
    const sid = this.requireOwned(wallet, params);
    const { usdc } = this.ledger(sid);
    const value = usdc.toFixed(6);
    const { positions } = this.positions(wallet, params) as { positions: unknown[] };
    return {
      subaccount_id: sid, currency: 'USDC', margin_type: 'SM', is_under_liquidation: false, label: '', subaccount_value: value, collaterals_value: value,
      collaterals: [{ asset_name: 'USDC', asset_type: 'erc20', currency: 'USDC', amount: value, mark_price: '1', mark_value: value, average_price: '0' }],
      positions, open_orders: (this.openOrders(wallet, params) as { orders: unknown[] }).orders,
    };
  }

  /** Walks a subaccount's trades: open amount and cost per instrument, and the USDC they leave. */
  private ledger(sid: number): { open: Map<string, { amount: number; cost: number; realized: number; opened: number }>; usdc: number } {
    const open = new Map<string, { amount: number; cost: number; realized: number; opened: number }>();
    let usdc = this.depositUsdc;
    for (const t of this.trades) {
      if (t.subaccount_id !== sid) continue;
      const name = String(t.instrument_name);
      const price = Number(t.trade_price);
      const signed = (t.direction === 'buy' ? 1 : -1) * Number(t.trade_amount);
      usdc -= Number(t.trade_fee);
      const p = { ...(open.get(name) ?? { amount: 0, cost: 0, realized: 0, opened: t.timestamp }) };
      const before = p.amount;
      const realizedBefore = p.realized;
      const after = Math.round((before + signed) * 1e8) / 1e8;
      if (before === 0 || Math.sign(before) === Math.sign(signed)) p.cost += Math.abs(signed) * price;
      else {
        const closed = Math.min(Math.abs(signed), Math.abs(before));
        const avg = p.cost / Math.abs(before);
        p.realized += Math.sign(before) * closed * (price - avg);
        p.cost = Math.sign(after) === Math.sign(before) ? Math.abs(after) * avg : Math.abs(after) * price;
      }
      if (this.instrument(name)?.kind === 'option') usdc -= signed * price; // premium paid or received
      else usdc += p.realized - realizedBefore;
      p.amount = after;
      if (before === 0) p.opened = t.timestamp;
      open.set(name, p);
    }
    return { open, usdc };
  }

  private wire(o: SimOrder): Record<string, unknown> {
    const p = o.params;
    return {
      amount: String(p.amount), average_price: o.filled > 0 ? (o.notional / o.filled).toFixed(o.inst.tickDecimals) : '0', cancel_reason: o.cancelReason,
      creation_timestamp: o.created, direction: o.direction, extra_fee: '0', filled_amount: String(o.filled), instrument_name: o.inst.name, is_transfer: false,
      label: String(p.label ?? ''), last_update_timestamp: o.updated, limit_price: String(p.limit_price), max_fee: String(p.max_fee), mmp: false,
      nonce: String(p.nonce), order_fee: o.fee.toFixed(6), order_id: o.orderId, order_status: o.status, order_type: String(p.order_type ?? 'limit'),
      quote_id: null, replaced_order_id: null, signature: String(p.signature), signature_expiry_sec: Number(p.signature_expiry_sec),
      signed_limit_price: String(p.limit_price), signer: String(p.signer), subaccount_id: o.subaccountId, time_in_force: String(p.time_in_force ?? 'gtc'), trigger_price: null,
    };
  }

  /** After a requote: resting orders the market now crosses fill at their limit (maker). */
  matchResting(inst: SimInstrument): void {
    for (const o of this.orders.values()) {
      if (o.inst !== inst || o.status !== 'open') continue;
      const crossed = o.direction === 'buy' ? inst.ask !== null && inst.ask <= o.limit : inst.bid !== null && inst.bid >= o.limit;
      if (!crossed) continue;
      const trade = this.fill(o, o.limit, Math.round((o.amount - o.filled) * 1e8) / 1e8, 'maker');
      this.notify(`${o.subaccountId}.orders`, this.wire(o));
      this.notify(`${o.subaccountId}.trades`, trade);
    }
  }

  /** Instruments with resting orders (the simulator keeps quoting them). */
  restingInstruments(): Set<SimInstrument> {
    const out = new Set<SimInstrument>();
    for (const o of this.orders.values()) if (o.status === 'open') out.add(o.inst);
    return out;
  }

  cancel(wallet: string | null, params: Record<string, unknown>): unknown {
    const sid = this.requireOwned(wallet, params);
    const o = this.orders.get(String(params.order_id));
    if (!o || o.subaccountId !== sid || o.status !== 'open') return fail(DERIVE_SIM_ERRORS.doesNotExist, `order ${String(params.order_id)}`);
    return this.cancelOne(o);
  }

  cancelByLabel(wallet: string | null, params: Record<string, unknown>): unknown {
    const sid = this.requireOwned(wallet, params);
    let n = 0;
    for (const o of this.orders.values()) {
      if (o.subaccountId === sid && o.status === 'open' && o.params.label === params.label && (params.instrument_name === undefined || o.inst.name === params.instrument_name)) {
        this.cancelOne(o);
        n++;
      }
    }
    return { cancelled_orders: n };
  }

  private cancelOne(o: SimOrder): unknown {
    o.status = 'cancelled';
    o.cancelReason = 'user_request';
    o.updated = this.now();
    const wire = this.wire(o);
    this.notify(`${o.subaccountId}.orders`, wire);
    return wire;
  }

  openOrders(wallet: string | null, params: Record<string, unknown>): unknown {
    const sid = this.requireOwned(wallet, params);
    return { subaccount_id: sid, orders: [...this.orders.values()].filter((o) => o.subaccountId === sid && o.status === 'open').map((o) => this.wire(o)) };
  }

  ownsSubaccount(wallet: string | null, sid: number): boolean {
    return wallet !== null && this.owners.get(sid) === wallet;
  }
}
