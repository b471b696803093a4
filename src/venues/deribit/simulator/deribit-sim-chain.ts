/**
 * The simulated Deribit listing and its quotes, from the shared BtcMarketModel: a BTC option chain
 * over four expiries (next two Fridays, one four weeks out, one twelve weeks out; 08:00 UTC),
 * BTC-PERPETUAL and one dated future. Options are priced as Deribit quotes them: Black-76 on the
 * expiry's forward, converted to BTC at the index (USD value / index), IVs in percent, greeks in
 * USD with vega per 1 % and theta per day. Book levels are what the simulator publishes and matches.
 */
import { MS_PER_DAY } from '../../../domain/time.js';
import { black76Greeks, black76Price, impliedVolBlack76 } from '../../../pricing/index.js';
import type { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';
import { DERIBIT_EXPIRY_HOUR_UTC } from '../catalog/parse-instrument-name.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
export const BOOK_DEPTH = 5;

export interface SimInstrument {
  readonly name: string;
  /** Deribit's `kind`: perpetuals are futures with settlement_period "perpetual". */
  readonly kind: 'option' | 'future';
  readonly perpetual: boolean;
  readonly expiryMs: number;
  readonly strike: number | null;
  readonly right: 'call' | 'put' | null;
  readonly tickSize: number;
  /** Options: a larger tick above this price (Deribit's tick_size_steps). */
  readonly tickSteps: ReadonlyArray<{ readonly above_price: number; readonly tick_size: number }>;
  readonly minTradeAmount: number;
  readonly contractSize: number;
  readonly instrumentId: number;
  readonly creationMs: number;
}

/** One instrument's market at one instant: levels best first, prices in the instrument's currency. */
export interface SimQuote {
  readonly bids: ReadonlyArray<readonly [number, number]>;
  readonly asks: ReadonlyArray<readonly [number, number]>;
  readonly mark: number;
  readonly index: number;
  readonly underlying: number;
  readonly markIvPct: number | null;
  readonly bidIvPct: number | null;
  readonly askIvPct: number | null;
  readonly greeks: { delta: number; gamma: number; vega: number; theta: number; rho: number } | null;
}

export function deribitExpiryCode(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
}

/** The Friday 08:00 UTC on or after `fromMs + minDays`. */
function fridayAfter(fromMs: number, minDays: number): number {
  const d = new Date(fromMs + minDays * MS_PER_DAY);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), DERIBIT_EXPIRY_HOUR_UTC);
  const shift = (5 - new Date(day).getUTCDay() + 7) % 7;
  return day + shift * MS_PER_DAY;
}

/** Tick size at `price` for an instrument with steps. */
export function tickAt(inst: SimInstrument, price: number): number {
  let tick = inst.tickSize;
  for (const step of inst.tickSteps) if (price > step.above_price) tick = step.tick_size;
  return tick;
}

/** True when `price` is a whole number of ticks (to 1e-9 of a tick). */
export function onTick(inst: SimInstrument, price: number): boolean {
  const tick = tickAt(inst, price);
  const n = price / tick;
  return Math.abs(n - Math.round(n)) < 1e-6;
}

function roundTo(value: number, step: number): number {
  return Number((Math.round(value / step) * step).toFixed(10));
}

export function buildChain(model: BtcMarketModel, startMs: number): SimInstrument[] {
  const out: SimInstrument[] = [];
  let id = 200_000;
  const creationMs = startMs - 30 * MS_PER_DAY;
  const expiries = [fridayAfter(startMs, 1), fridayAfter(startMs, 8), fridayAfter(startMs, 28), fridayAfter(startMs, 84)];
  for (const expiryMs of expiries) {
    const code = deribitExpiryCode(expiryMs);
    const forward = model.forward(expiryMs);
    const days = (expiryMs - startMs) / MS_PER_DAY;
    const step = days < 10 ? 1_000 : days < 40 ? 2_000 : 5_000;
    const atm = Math.round(forward / step) * step;
    for (let k = -4; k <= 4; k++) {
      const strike = atm + k * step;
      for (const right of ['call', 'put'] as const) {
        out.push({
          name: `BTC-${code}-${strike}-${right === 'call' ? 'C' : 'P'}`, kind: 'option', perpetual: false, expiryMs, strike, right,
          tickSize: 0.0001, tickSteps: [{ above_price: 0.005, tick_size: 0.0005 }], minTradeAmount: 0.1, contractSize: 1, instrumentId: id++, creationMs,
        });
      }
    }
  }
  out.push({
    name: 'BTC-PERPETUAL', kind: 'future', perpetual: true, expiryMs: 32_503_708_800_000, strike: null, right: null,
    tickSize: 0.5, tickSteps: [], minTradeAmount: 10, contractSize: 10, instrumentId: id++, creationMs: 1_534_167_754_000,
  });
  const futureExpiry = expiries[expiries.length - 1]!;
  out.push({
    name: `BTC-${deribitExpiryCode(futureExpiry)}`, kind: 'future', perpetual: false, expiryMs: futureExpiry, strike: null, right: null,
    tickSize: 2.5, tickSteps: [], minTradeAmount: 10, contractSize: 10, instrumentId: id++, creationMs,
  });
  return out;
}

/** `public/get_instruments` element for `inst`, in the documented shape. */
export function instrumentJson(inst: SimInstrument): Record<string, unknown> {
  const common = {
    tick_size: inst.tickSize, tick_size_steps: inst.tickSteps, min_trade_amount: inst.minTradeAmount, kind: inst.kind, is_active: true,
    instrument_name: inst.name, instrument_id: inst.instrumentId, expiration_timestamp: inst.expiryMs, creation_timestamp: inst.creationMs,
    contract_size: inst.contractSize, counter_currency: 'USD', base_currency: 'BTC', settlement_currency: 'BTC', price_index: 'btc_usd', state: 'open',
    block_trade_tick_size: inst.kind === 'option' ? 0.0001 : 0.01, block_trade_min_trade_amount: inst.kind === 'option' ? 25 : 200_000, block_trade_commission: 0.00025,
  };
  if (inst.kind === 'option') {
    return {
      ...common, taker_commission: 0.0003, maker_commission: 0.0003, strike: inst.strike, option_type: inst.right,
      settlement_period: inst.expiryMs - inst.creationMs > 60 * MS_PER_DAY ? 'month' : 'week', quote_currency: 'BTC', instrument_type: 'reversed',
    };
  }
  return {
    ...common, taker_commission: 0.0005, maker_commission: 0, max_leverage: 50, max_liquidation_commission: 0.0075,
    settlement_period: inst.perpetual ? 'perpetual' : 'month', quote_currency: 'USD', instrument_type: 'reversed', future_type: 'reversed',
  };
}

/** A fresh quote for `inst` at the model's current time: mid around fair value with noise, spread, five levels a side. */
export function quoteOf(inst: SimInstrument, model: BtcMarketModel): SimQuote {
  const index = model.spot;
  if (inst.kind === 'future') {
    const fair = inst.perpetual ? index * (1 + 0.0001) : model.forward(inst.expiryMs) * (1 + 0.0004 * model.yearsTo(inst.expiryMs) * 12);
    const mid = fair * (1 + 0.00005 * model.gaussian());
    const tick = inst.tickSize;
    const half = tick * (1 + Math.floor(model.uniform() * 3));
    const bid = Math.floor((mid - half) / tick) * tick;
    const ask = Math.max(bid + tick, Math.ceil((mid + half) / tick) * tick);
    return {
      bids: levels(bid, -tick, () => 10 * (1 + Math.floor(model.uniform() * 5000))),
      asks: levels(ask, tick, () => 10 * (1 + Math.floor(model.uniform() * 5000))),
      mark: roundTo(fair, 0.01), index, underlying: index, markIvPct: null, bidIvPct: null, askIvPct: null, greeks: null,
    };
  }
  const forward = model.forward(inst.expiryMs);
  const years = model.yearsTo(inst.expiryMs);
  const strike = inst.strike!;
  const type = inst.right!;
  const vol = model.impliedVol(strike, inst.expiryMs);
  const usd = black76Price({ type, forward, strike, years, vol });
  const markBtc = usd / index;
  const mid = Math.max(0, markBtc * (1 + 0.004 * model.gaussian()));
  const half = Math.max(0.0001, mid * (0.01 + 0.01 * model.uniform()));
  const bidRaw = mid - half;
  const askRaw = mid + half;
  const bid = bidRaw <= 0 ? 0 : floorToTick(inst, bidRaw);
  const ask = Math.max(ceilToTick(inst, askRaw), ceilToTick(inst, bid + inst.tickSize));
  const amount = (): number => roundTo(0.1 * (1 + Math.floor(model.uniform() * 200)), 0.1);
  const ivPct = (priceBtc: number): number | null => {
    if (!(priceBtc > 0) || years <= 0) return null;
    const iv = impliedVolBlack76({ type, price: priceBtc * index, forward, strike, years });
    return iv === null || iv <= 0 ? null : Number((iv * 100).toFixed(2));
  };
  const g = years > 0 ? black76Greeks({ type, forward, strike, years, vol }) : null;
  return {
    bids: bid > 0 ? optionLevels(inst, bid, -1, amount) : [],
    asks: optionLevels(inst, ask, 1, amount),
    mark: Number(markBtc.toFixed(8)), index, underlying: forward, markIvPct: Number((vol * 100).toFixed(2)), bidIvPct: ivPct(bid), askIvPct: ivPct(ask),
    greeks: g === null ? null : {
      delta: Number(g.delta.toFixed(5)), gamma: Number(g.gamma.toFixed(8)), vega: Number((g.vega / 100).toFixed(5)),
      theta: Number((g.theta / 365).toFixed(5)), rho: Number((g.rho / 100).toFixed(5)),
    },
  };
}

/** `ticker.{instrument}.{interval}` data in the documented shape (IVs in percent, greeks in Deribit's units). */
export function tickerJson(inst: SimInstrument, q: SimQuote, now: number, lastPrice: number | null): Record<string, unknown> {
  const bid = q.bids[0];
  const ask = q.asks[0];
  const base: Record<string, unknown> = {
    timestamp: now, state: 'open', stats: { volume_usd: 0, volume: 0, price_change: 0, low: null, high: null },
    instrument_name: inst.name, index_price: round(q.index, 2), estimated_delivery_price: round(q.index, 2), settlement_price: q.mark,
    mark_price: q.mark, last_price: lastPrice, open_interest: 0,
    min_price: round(q.mark * 0.9, 4), max_price: round(q.mark * 1.1, 4),
    best_bid_price: bid?.[0] ?? 0, best_bid_amount: bid?.[1] ?? 0, best_ask_price: ask?.[0] ?? 0, best_ask_amount: ask?.[1] ?? 0,
  };
  if (inst.kind === 'option') {
    return {
      ...base, interest_rate: 0, mark_iv: q.markIvPct, bid_iv: q.bidIvPct ?? 0, ask_iv: q.askIvPct ?? 0, greeks: q.greeks,
      underlying_price: round(q.underlying, 2), underlying_index: `SYN.BTC-${inst.name.split('-')[1]}`,
    };
  }
  return inst.perpetual ? { ...base, current_funding: 0, funding_8h: 0.00001, interest_value: 0 } : base;
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

function levels(best: number, step: number, size: () => number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < BOOK_DEPTH; i++) {
    const p = Number((best + i * step).toFixed(8));
    if (p > 0) out.push([p, size()]);
  }
  return out;
}

function optionLevels(inst: SimInstrument, best: number, dir: 1 | -1, size: () => number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let p = best;
  for (let i = 0; i < BOOK_DEPTH && p > 0; i++) {
    out.push([p, size()]);
    p = dir > 0 ? ceilToTick(inst, p + inst.tickSize) : floorToTick(inst, p - inst.tickSize);
  }
  return out;
}

function floorToTick(inst: SimInstrument, price: number): number {
  const tick = tickAt(inst, price);
  return Number((Math.floor(price / tick + 1e-9) * tick).toFixed(8));
}

function ceilToTick(inst: SimInstrument, price: number): number {
  const tick = tickAt(inst, price);
  return Number((Math.ceil(price / tick - 1e-9) * tick).toFixed(8));
}
