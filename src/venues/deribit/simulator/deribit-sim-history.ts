/**
 * The simulator's record of the account's own trades, queried as Deribit's
 * `private/get_user_trades_by_currency` / `_by_instrument` (start/end timestamps inclusive,
 * `count` ≤ 1000, `sorting` asc|desc|default, answer `{trades, has_more}`) and
 * `private/get_positions` (net size per instrument from those trades: USD for futures and
 * perpetuals, BTC for options; average price of the open size), and `private/get_account_summary`
 * (the deposit less fees, plus option premiums and realized inverse-future PnL, all in BTC). It is what a client reconciles
 * against after a restart, and what the crash test compares a journal with.
 */
import { DERIBIT_ERRORS } from '../errors.js';
import type { SimInstrument } from './deribit-sim-chain.js';
import { SimRpcError, type SimUserTrade } from './deribit-sim-orders.js';

const MAX_COUNT = 1000;

export interface SimTradeQuery {
  readonly trades: readonly SimUserTrade[];
  readonly instrumentOf: (name: string) => SimInstrument | undefined;
}

/** Answers `private/get_user_trades_by_currency` (by_instrument when `p.instrument_name` is set). */
export function userTrades(q: SimTradeQuery, p: Record<string, unknown>, byInstrument: boolean): { trades: SimUserTrade[]; has_more: boolean } {
  const count = p.count === undefined ? 10 : Number(p.count);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) throw invalid('count', `1 to ${MAX_COUNT}`);
  const start = p.start_timestamp === undefined ? -Infinity : Number(p.start_timestamp);
  const end = p.end_timestamp === undefined ? Infinity : Number(p.end_timestamp);
  if (Number.isNaN(start) || Number.isNaN(end)) throw invalid('start_timestamp', 'must be epoch milliseconds');
  const sorting = p.sorting ?? 'default';
  if (sorting !== 'asc' && sorting !== 'desc' && sorting !== 'default') throw invalid('sorting', 'asc, desc or default');
  let keep: (t: SimUserTrade) => boolean;
  if (byInstrument) {
    const name = String(p.instrument_name ?? '');
    if (q.instrumentOf(name) === undefined) throw invalid('instrument_name', 'instrument not found');
    keep = (t) => t.instrument_name === name;
  } else {
    if (p.currency !== 'BTC' && p.currency !== 'any') throw invalid('currency', 'the simulator lists BTC instruments');
    const kind = p.kind ?? 'any';
    if (kind !== 'any' && kind !== 'future' && kind !== 'option') throw invalid('kind', 'future, option or any');
    keep = (t) => kind === 'any' || q.instrumentOf(String(t.instrument_name))?.kind === kind;
  }
  const ts = (t: SimUserTrade): number => Number(t.timestamp);
  const matching = q.trades.filter((t) => keep(t) && ts(t) >= start && ts(t) <= end);
  // Deribit's default is newest first, as is "desc".
  if (sorting !== 'asc') matching.reverse();
  return { trades: matching.slice(0, count).map((t) => ({ ...t })), has_more: matching.length > count };
}

/** Answers `private/get_positions` (currency BTC or any; kind future, option or any): non-zero positions only. */
export function positions(q: SimTradeQuery, p: Record<string, unknown>, markOf: (name: string) => number | undefined): Array<Record<string, unknown>> {
  if (p.currency !== undefined && p.currency !== 'BTC' && p.currency !== 'any') throw invalid('currency', 'the simulator lists BTC instruments');
  const kind = p.kind ?? 'any';
  if (kind !== 'any' && kind !== 'future' && kind !== 'option') throw invalid('kind', 'future, option or any');
  const net = new Map<string, { size: number; cost: number }>();
  for (const t of q.trades) {
    const name = String(t.instrument_name);
    const signed = t.direction === 'buy' ? t.amount : -t.amount;
    const pos = net.get(name) ?? { size: 0, cost: 0 };
    const before = pos.size;
    const after = Number((before + signed).toFixed(10));
    if (before === 0 || Math.sign(before) === Math.sign(signed)) pos.cost += Math.abs(signed) * t.price;
    else if (Math.sign(after) === Math.sign(before) || after === 0) pos.cost *= Math.abs(after) / Math.abs(before);
    else pos.cost = Math.abs(after) * t.price; // flipped through zero: the rest opened at this price
    pos.size = after;
    net.set(name, pos);
  }
  const out: Array<Record<string, unknown>> = [];
  for (const [name, pos] of net) {
    const inst = q.instrumentOf(name);
    if (pos.size === 0 || inst === undefined || (kind !== 'any' && inst.kind !== kind)) continue;
    const mark = markOf(name) ?? null;
    const row: Record<string, unknown> = {
      instrument_name: name, kind: inst.kind, size: pos.size, direction: pos.size > 0 ? 'buy' : 'sell', average_price: pos.cost / Math.abs(pos.size), mark_price: mark,
    };
    if (inst.kind === 'future' && mark !== null && mark > 0) row.size_currency = pos.size / mark;
    out.push(row);
  }
  return out;
}

/**
 * Answers `private/get_account_summary` (currency BTC): `balance` is the deposit, less every fee,
 * plus option premiums received less paid (amount × price, BTC), plus the realized PnL of inverse
 * futures (USD amount × (1/entry − 1/exit), entry the BTC-weighted average of the open size).
 * The simulator has no margin model: `equity`, `margin_balance` and `available_funds` equal the balance.
 */
export function accountSummary(q: SimTradeQuery, p: Record<string, unknown>, depositBtc: number): Record<string, unknown> {
  if (p.currency !== 'BTC') throw invalid('currency', 'the simulator holds a BTC account');
  let balance = depositBtc;
  const open = new Map<string, { size: number; btc: number }>(); // inverse futures: signed USD size, BTC value at entry (Σ usd / price)
  for (const t of q.trades) {
    const name = String(t.instrument_name);
    const signed = t.direction === 'buy' ? t.amount : -t.amount;
    balance -= Number(t.fee ?? 0);
    if (q.instrumentOf(name)?.kind === 'option') {
      balance -= signed * t.price;
      continue;
    }
    const pos = open.get(name) ?? { size: 0, btc: 0 };
    if (pos.size === 0 || Math.sign(pos.size) === Math.sign(signed)) {
      pos.size += signed;
      pos.btc += Math.abs(signed) / t.price;
    } else {
      const closed = Math.min(Math.abs(signed), Math.abs(pos.size));
      const entryPerUsd = pos.btc / Math.abs(pos.size);
      // Long: paid entryPerUsd BTC per USD, receives 1/price back; short the opposite.
      balance += Math.sign(pos.size) * closed * (entryPerUsd - 1 / t.price);
      pos.btc -= closed * entryPerUsd;
      pos.size += signed;
      const rest = Math.abs(signed) - closed;
      if (Math.abs(pos.size) < 1e-9) pos.size = pos.btc = 0;
      else if (rest > 0) pos.btc = rest / t.price; // flipped through zero: the rest opened at this price
    }
    open.set(name, pos);
  }
  const value = Number(balance.toFixed(10));
  return {
    currency: 'BTC', balance: value, equity: value, margin_balance: value, available_funds: value, available_withdrawal_funds: value,
    initial_margin: 0, maintenance_margin: 0, fee_balance: 0,
  };
}

function invalid(param: string, reason: string): SimRpcError {
  return new SimRpcError(DERIBIT_ERRORS.invalidParams.code, DERIBIT_ERRORS.invalidParams.message, { param, reason });
}
