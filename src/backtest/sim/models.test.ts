import { describe, expect, it } from 'vitest';
import type { OptionInstrument, PerpetualInstrument } from '../../domain/instrument.js';
import { binanceFeeModel, coinbaseFeeModel, DeribitFeeModel, krakenFeeModel, NotionalFeeModel, PolymarketFeeModel, ZeroFeeModel, type FeeInput } from './fee-model.js';
import { defaultFeeModel } from './create-simulated-venues.js';
import { ConstantLatency, createLatencyModel, LogNormalLatency } from './latency-model.js';
import { ProportionalQueueModel, RiskAverseQueueModel } from './queue-model.js';

const base: FeeInput = { instrument: undefined, priceCurrency: 'USD', settlementCurrency: 'USD', price: 0.4, quantity: 100, multiplier: 1, liquidity: 'taker', indexPrice: null };
const CALL: OptionInstrument = { venue: 'deribit', symbol: 'BTC-1JAN30-50000-C', kind: 'option', priceCurrency: 'BTC', underlying: 'BTC', expiryMs: 0, strike: 50_000, right: 'call', settlement: 'inverse' };
const PERP: PerpetualInstrument = { venue: 'deribit', symbol: 'BTC-PERPETUAL', kind: 'perpetual', priceCurrency: 'USD', underlying: 'BTC', settlement: 'inverse' };

describe('fee models', () => {
  it('Deribit inverse options: min(0.0003 BTC, 12.5 % of the price) per contract, maker and taker', () => {
    const m = new DeribitFeeModel();
    const opt = { ...base, instrument: CALL, priceCurrency: 'BTC', settlementCurrency: 'BTC', quantity: 3 };
    expect(m.fee({ ...opt, price: 0.05 })).toEqual({ amount: 3 * 0.0003, currency: 'BTC' });
    expect(m.fee({ ...opt, price: 0.05, liquidity: 'maker' }).amount).toBeCloseTo(3 * 0.0003, 15);
    expect(m.fee({ ...opt, price: 0.0001 }).amount).toBeCloseTo(3 * 0.0000125, 15);
  });

  it('Deribit inverse perpetual: taker 0.05 % of the USD notional in BTC, maker free', () => {
    const m = new DeribitFeeModel();
    const perp = { ...base, instrument: PERP, settlementCurrency: 'BTC', price: 100_000, quantity: 50_000 };
    expect(m.fee(perp).amount).toBeCloseTo(0.00025, 15); // the support page's own example
    expect(m.fee(perp).currency).toBe('BTC');
    expect(m.fee({ ...perp, liquidity: 'maker' }).amount).toBe(0);
  });

  it('Polymarket: shares × rate × p × (1 − p) for takers, nothing by default', () => {
    expect(new PolymarketFeeModel(0.07).fee(base).amount).toBeCloseTo(100 * 0.07 * 0.4 * 0.6, 12);
    expect(new PolymarketFeeModel(0.07).fee({ ...base, liquidity: 'maker' }).amount).toBe(0);
    expect(new PolymarketFeeModel().fee(base).amount).toBe(0);
  });

  it('notional and zero models', () => {
    expect(new NotionalFeeModel(-0.0001, 0.001).fee(base).amount).toBeCloseTo(0.04, 12);
    expect(new NotionalFeeModel(-0.0001, 0.001).fee({ ...base, liquidity: 'maker' }).amount).toBeCloseTo(-0.004, 12);
    expect(new ZeroFeeModel().fee(base)).toEqual({ amount: 0, currency: 'USD' });
  });
});

describe('queue models', () => {
  it('risk-averse: back of the queue; trades advance; shrinking only caps what is ahead', () => {
    const q = new RiskAverseQueueModel();
    let ahead = q.initialAhead(30);
    expect(ahead).toBe(30);
    ahead = q.afterDepthChange(ahead, 30, 50);
    expect(ahead).toBe(30);
    ahead = q.afterDepthChange(ahead, 50, 40);
    expect(ahead).toBe(30);
    ahead = q.afterDepthChange(ahead, 40, 12);
    expect(ahead).toBe(12);
    expect(q.afterTrade(ahead, 15)).toBe(-3);
  });

  it('proportional: a shrinking level moves us forward by our share of it', () => {
    const q = new ProportionalQueueModel();
    expect(q.afterDepthChange(30, 60, 40)).toBeCloseTo(20, 12);
    expect(q.afterDepthChange(30, 60, 10)).toBeCloseTo(5, 12);
    expect(q.afterDepthChange(30, 60, 80)).toBe(30);
  });
});

describe('latency models', () => {
  it('constant and seeded log-normal', () => {
    expect(new ConstantLatency(3, 4).entryMs()).toBe(3);
    expect(() => new ConstantLatency(-1, 0)).toThrow(RangeError);
    const a = new LogNormalLatency(10, 20, 0.5, 42);
    const b = new LogNormalLatency(10, 20, 0.5, 42);
    const xs = Array.from({ length: 1_000 }, () => a.entryMs());
    expect(Array.from({ length: 1_000 }, () => b.entryMs())).toEqual(xs);
    const sorted = [...xs].sort((x, y) => x - y);
    expect(sorted[500]!).toBeGreaterThan(9);
    expect(sorted[500]!).toBeLessThan(11);
    expect(createLatencyModel({ entryMs: 1, responseMs: 2 }, 1)).toBeInstanceOf(ConstantLatency);
    expect(createLatencyModel({ entryMs: 1, responseMs: 2, sigma: 0.1 }, 1)).toBeInstanceOf(LogNormalLatency);
    const custom = { entryMs: () => 1, responseMs: () => 2 };
    expect(createLatencyModel(custom, 1)).toBe(custom);
  });
});

describe('CEX spot fee models (base tiers)', () => {
  const ethbtc: FeeInput = {
    instrument: { venue: 'binance', symbol: 'ETHBTC', kind: 'spot', base: 'ETH', quote: 'BTC', priceCurrency: 'BTC' },
    priceCurrency: 'BTC', settlementCurrency: 'BTC', price: 0.05, quantity: 2, multiplier: 1, liquidity: 'taker', indexPrice: null, side: 'buy',
  };
  it('Binance spot charges 0.1 % of the asset received; USDⓈ-M 0.02 % / 0.05 % of the notional', () => {
    expect(binanceFeeModel().fee(ethbtc)).toEqual({ amount: 0.002, currency: 'ETH' });
    const sell = binanceFeeModel().fee({ ...ethbtc, side: 'sell' });
    expect(sell.currency).toBe('BTC');
    expect(sell.amount).toBeCloseTo(0.0001, 15);
    const perp: FeeInput = { ...ethbtc, instrument: { venue: 'binance', symbol: 'BTCUSDT-PERP', kind: 'perpetual', underlying: 'BTC', settlement: 'linear', priceCurrency: 'USDT' }, priceCurrency: 'USDT', price: 60_000, quantity: 1 };
    expect(binanceFeeModel().fee(perp).amount).toBeCloseTo(30, 9);
    expect(binanceFeeModel().fee({ ...perp, liquidity: 'maker' }).amount).toBeCloseTo(12, 9);
  });
  it('Coinbase 0.60 % / 1.20 % and Kraken 0.25 % / 0.40 % in the quote currency; defaults wired per venue', () => {
    const btcusd: FeeInput = { ...ethbtc, instrument: { venue: 'coinbase', symbol: 'BTC-USD', kind: 'spot', base: 'BTC', quote: 'USD', priceCurrency: 'USD' }, priceCurrency: 'USD', price: 60_000, quantity: 0.1 };
    expect(coinbaseFeeModel().fee(btcusd).amount).toBeCloseTo(72, 9);
    expect(coinbaseFeeModel().fee({ ...btcusd, liquidity: 'maker' })).toEqual({ amount: expect.closeTo(36, 9) as number, currency: 'USD' });
    expect(krakenFeeModel().fee(btcusd).amount).toBeCloseTo(24, 9);
    expect(krakenFeeModel().fee({ ...btcusd, liquidity: 'maker' }).amount).toBeCloseTo(15, 9);
    expect(defaultFeeModel('coinbase').fee(btcusd).amount).toBeCloseTo(72, 9);
    expect(defaultFeeModel('kraken').fee(btcusd).amount).toBeCloseTo(24, 9);
    expect(defaultFeeModel('binance').fee(ethbtc).currency).toBe('ETH');
  });
});
