/**
 * The simulator's market: a BTC option chain over several Friday expiries plus BTC-PERP, quoted
 * from the seeded BtcMarketModel (Black-76 on each expiry's forward with the model's smile, noise
 * and a spread), and the wire frames Derive v3 publishes for it: `ticker_slim` (string decimals,
 * IVs as fractions, vega per vol point, theta per day), `orderbook` snapshots with `{price, amount}`
 * levels and an increasing `publish_id`, and public trades.
 */
import { MS_PER_DAY } from '../../../domain/time.js';
import { black76Greeks, black76Price } from '../../../pricing/black76.js';
import { impliedVolBlack76 } from '../../../pricing/implied-vol.js';
import type { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';

export interface SimInstrument {
  readonly name: string;
  readonly kind: 'option' | 'perp';
  readonly strike: number;
  readonly expiryMs: number;
  readonly right: 'call' | 'put';
  readonly tick: number;
  readonly tickDecimals: number;
  readonly definition: Record<string, unknown>;
  /** Current quote; null sides are empty. */
  bid: number | null;
  ask: number | null;
  bidSize: number;
  askSize: number;
  mark: number;
  iv: number;
  forward: number;
  publishId: number;
  tradeSeq: number;
}

const SIM_ASSET = '0x5a6B1A1a2F1Ba3A9D5d9eC1c0D1fA3B9A7a2e4C1';
const PERP_ASSET = '0x7b79995e5f793A07Bc00c21412e50Ecae098E7f9';

function fridaysAfter(startMs: number, count: number): number[] {
  const out: number[] = [];
  const d = new Date(startMs + MS_PER_DAY);
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 8);
  while (out.length < count) {
    if (new Date(t).getUTCDay() === 5 && t > startMs + MS_PER_DAY) out.push(t);
    t += MS_PER_DAY;
  }
  return out;
}

function yyyymmdd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

/** The chain: `expiries` Fridays × strikes around spot (calls and puts) plus BTC-PERP. */
export function buildSimChain(model: BtcMarketModel, startMs: number, expiries: number): SimInstrument[] {
  const out: SimInstrument[] = [];
  out.push(makeInstrument('BTC-PERP', 'perp', 0, 0, 'call', 0.5, 1, PERP_ASSET, 0n));
  const atm = Math.round(model.spot / 5000) * 5000;
  let subId = 1n;
  for (const expiryMs of fridaysAfter(startMs, expiries)) {
    for (let k = -4; k <= 4; k++) {
      const strike = atm + k * 5000;
      for (const right of ['call', 'put'] as const) {
        const name = `BTC-${yyyymmdd(expiryMs)}-${strike}-${right === 'call' ? 'C' : 'P'}`;
        out.push(makeInstrument(name, 'option', strike, expiryMs, right, 0.1, 1, SIM_ASSET, (BigInt(expiryMs / 1000) << 64n) + subId++));
      }
    }
  }
  return out;
}

function makeInstrument(name: string, kind: 'option' | 'perp', strike: number, expiryMs: number, right: 'call' | 'put', tick: number, tickDecimals: number, asset: string, subId: bigint): SimInstrument {
  return {
    name, kind, strike, expiryMs, right, tick, tickDecimals,
    definition: {
      instrument_name: name,
      instrument_type: kind,
      is_active: true,
      base_currency: 'BTC',
      quote_currency: 'USDC',
      tick_size: String(tick),
      minimum_amount: '0.01',
      maximum_amount: '1000',
      amount_step: '0.01',
      base_asset_address: asset,
      base_asset_sub_id: subId.toString(),
      maker_fee_rate: '0.0001',
      taker_fee_rate: '0.0003',
      base_fee: '0.1',
      mark_price_fee_rate_cap: kind === 'option' ? '0.125' : null,
      option_details: kind === 'option' ? { expiry: expiryMs / 1000, index: 'BTC-USD', option_type: right === 'call' ? 'C' : 'P', settlement_price: null, strike: String(strike) } : null,
      perp_details: kind === 'perp' ? { index: 'BTC-USD', max_rate_per_hour: '0.004', min_rate_per_hour: '-0.004', static_interest_rate: '0.0000125', aggregate_funding: '0' } : null,
      scheduled_activation: 0,
      scheduled_deactivation: kind === 'option' ? expiryMs / 1000 - 60 : 9_999_999_999,
    },
    bid: null, ask: null, bidSize: 0, askSize: 0, mark: 0, iv: 0, forward: 0, publishId: 0, tradeSeq: 0,
  };
}

function floorTick(x: number, tick: number): number {
  return Math.floor(x / tick + 1e-9) * tick;
}
function ceilTick(x: number, tick: number): number {
  return Math.ceil(x / tick - 1e-9) * tick;
}

/** Requotes one instrument from the model at its current time (noise, spread, sizes). */
export function requote(inst: SimInstrument, model: BtcMarketModel): void {
  const size = (): number => Math.round((0.5 + 4.5 * model.uniform()) * 100) / 100;
  if (inst.kind === 'perp') {
    const mid = model.spot * (1 + 0.0002 * model.gaussian());
    const half = Math.max(inst.tick, model.spot * 0.0001);
    inst.bid = floorTick(mid - half, inst.tick);
    inst.ask = ceilTick(mid + half, inst.tick);
    inst.mark = mid;
    inst.forward = model.spot;
  } else {
    const years = Math.max(model.yearsTo(inst.expiryMs), 1 / (365 * 24));
    const forward = model.forward(inst.expiryMs);
    const iv = model.impliedVol(inst.strike, inst.expiryMs);
    const value = black76Price({ type: inst.right, forward, strike: inst.strike, years, vol: iv, rate: model.rate });
    const mid = value * (1 + 0.004 * model.gaussian());
    const half = Math.max(inst.tick, mid * 0.015 + 1);
    const bid = floorTick(mid - half, inst.tick);
    inst.bid = bid > 0 ? bid : null;
    inst.ask = ceilTick(mid + half, inst.tick);
    inst.mark = value;
    inst.iv = iv;
    inst.forward = forward;
  }
  inst.bidSize = size();
  inst.askSize = size();
}

const fmt = (x: number, decimals: number): string => x.toFixed(decimals).replace(/\.?0+$/, '') || '0';

/** `ticker_slim.{name}.{interval}` notification data. */
export function tickerSlimData(inst: SimInstrument, model: BtcMarketModel, nowMs: number): Record<string, unknown> {
  const d = inst.tickDecimals;
  let optionPricing: Record<string, string> | null = null;
  if (inst.kind === 'option') {
    const years = Math.max(model.yearsTo(inst.expiryMs), 1 / (365 * 24));
    const g = black76Greeks({ type: inst.right, forward: inst.forward, strike: inst.strike, years, vol: inst.iv, rate: model.rate });
    const ivOf = (p: number | null): string => {
      if (p === null) return '0';
      const v = impliedVolBlack76({ type: inst.right, price: p, forward: inst.forward, strike: inst.strike, years, rate: model.rate });
      return v === null ? '0' : fmt(v, 5);
    };
    optionPricing = {
      d: fmt(g.delta, 5), g: fmt(g.gamma, 8), t: fmt(g.theta / 365, 5), v: fmt(g.vega / 100, 5), r: fmt(g.rho, 5),
      i: fmt(inst.iv, 5), bi: ivOf(inst.bid), ai: ivOf(inst.ask), m: fmt(inst.mark, 2), f: fmt(inst.forward, 2), df: fmt(Math.exp(-model.rate * years), 6),
    };
  }
  return {
    timestamp: nowMs,
    instrument_ticker: {
      A: fmt(inst.ask === null ? 0 : inst.askSize, 2),
      B: fmt(inst.bid === null ? 0 : inst.bidSize, 2),
      I: fmt(model.spot, 2),
      M: fmt(inst.mark, d),
      a: inst.ask === null ? '0' : fmt(inst.ask, d),
      b: inst.bid === null ? '0' : fmt(inst.bid, d),
      f: inst.kind === 'perp' ? '0.0000125' : null,
      maxp: fmt(inst.mark * 1.02 + inst.tick, d),
      minp: fmt(Math.max(0, inst.mark * 0.98 - inst.tick), d),
      option_pricing: optionPricing,
      stats: { c: '0', h: '0', l: '0', n: 0, oi: '0', p: '0', pr: '0', v: '0' },
      t: nowMs,
    },
  };
}

/** `orderbook.{name}.{group}.{depth}` snapshot data; every call takes the next publish_id. */
export function orderbookData(inst: SimInstrument, depth: number, nowMs: number): Record<string, unknown> {
  const d = inst.tickDecimals;
  const bids: Array<{ price: string; amount: string }> = [];
  const asks: Array<{ price: string; amount: string }> = [];
  for (let i = 0; i < depth; i++) {
    if (inst.bid !== null && inst.bid - i * inst.tick > 0) bids.push({ price: fmt(inst.bid - i * inst.tick, d), amount: fmt(i === 0 ? inst.bidSize : inst.bidSize + i * 0.5, 2) });
    if (inst.ask !== null) asks.push({ price: fmt(inst.ask + i * inst.tick, d), amount: fmt(i === 0 ? inst.askSize : inst.askSize + i * 0.5, 2) });
  }
  inst.publishId++;
  return { instrument_name: inst.name, timestamp: nowMs, publish_id: inst.publishId, bids, asks };
}

/** A public trade at the touch (`direction` is the taker's side). */
export function publicTradeData(inst: SimInstrument, model: BtcMarketModel, nowMs: number): Record<string, unknown> | null {
  const buy = model.uniform() < 0.5;
  const px = buy ? inst.ask : inst.bid;
  if (px === null) return null;
  inst.tradeSeq++;
  return {
    direction: buy ? 'buy' : 'sell', index_price: fmt(model.spot, 2), instrument_name: inst.name, mark_price: fmt(inst.mark, inst.tickDecimals),
    quote_id: null, rfq_id: null, timestamp: nowMs, trade_amount: fmt(Math.max(0.01, Math.round(model.uniform() * 100) / 100), 2),
    trade_id: `sim-${inst.name}-${inst.tradeSeq}`, trade_price: fmt(px, inst.tickDecimals),
  };
}
