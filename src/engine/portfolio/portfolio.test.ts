import { describe, expect, it } from 'vitest';
import type { Instrument, OptionInstrument, OutcomeInstrument, PerpetualInstrument } from '../../domain/instrument.js';
import type { MarketEvent, StatusEvent, TickerEvent } from '../../domain/market-event.js';
import type { Fill, OrderSide } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import { Portfolio, type InstrumentLookup } from './portfolio.js';

const T0 = 1_700_000_000_000;
let tradeSeq = 0;

function fill(venue: VenueId, symbol: string, side: OrderSide, quantity: number, price: number, fee = 0, feeCurrency = 'USD'): Fill {
  tradeSeq++;
  return { kind: 'fill', venue, symbol, clientOrderId: `c${tradeSeq}`, venueOrderId: null, tradeId: `t${tradeSeq}`, side, price, quantity, fee, feeCurrency, liquidity: 'taker', tsVenue: T0, tsLocal: T0 };
}

function ticker(venue: VenueId, symbol: string, fields: Partial<TickerEvent>, ts = T0): TickerEvent {
  return {
    kind: 'ticker', venue, symbol, tsVenue: ts, tsLocal: ts, priceCurrency: 'USD', bid: null, bidSize: null, ask: null, askSize: null, last: null, mark: null,
    index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: null, openInterest: null, ...fields,
  };
}

function lookup(...instruments: Instrument[]): InstrumentLookup {
  return { find: (venue, symbol) => instruments.find((i) => i.venue === venue && i.symbol === symbol) };
}

const YES: OutcomeInstrument = {
  venue: 'polymarket', symbol: 'yes', kind: 'outcome', priceCurrency: 'USD', tickSize: 0.01, minSize: 5, marketId: 'm', question: 'Bitcoin above 100,000 on July 1?',
  outcome: 'Yes', underlying: 'BTC', comparison: 'above', strike: 100_000, expiryMs: T0 + 1_000,
};
const NO: OutcomeInstrument = { ...YES, symbol: 'no', outcome: 'No' };
const CALL: OptionInstrument = {
  venue: 'deribit', symbol: 'BTC-1JAN24-50000-C', kind: 'option', priceCurrency: 'BTC', underlying: 'BTC', expiryMs: T0 + 10_000, strike: 50_000, right: 'call', settlement: 'inverse',
};
const PERP: PerpetualInstrument = { venue: 'deribit', symbol: 'BTC-PERPETUAL', kind: 'perpetual', priceCurrency: 'USD', underlying: 'BTC', settlement: 'inverse' };
const LINEAR_PERP: PerpetualInstrument = { venue: 'derive', symbol: 'ETH-PERP', kind: 'perpetual', priceCurrency: 'USDC', underlying: 'ETH', settlement: 'linear' };

function expectReconciled(p: Portfolio, ts = T0): void {
  const s = p.snapshot(ts);
  expect(s.cashUsd + s.positionsValueUsd).toBeCloseTo(s.equityUsd, 9);
  const perVenue = s.venues.reduce((n, v) => n + v.equityUsd, 0);
  expect(perVenue).toBeCloseTo(s.equityUsd, 9);
}

describe('Portfolio fills (premium instruments)', () => {
  it('opens, adds, reduces and flips with weighted average price and realised PnL', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'polymarket', currency: 'USD', amount: 1_000 }], instruments: lookup(YES) });
    p.applyFill(fill('polymarket', 'yes', 'buy', 10, 0.4, 0.1));
    expect(p.position('polymarket', 'yes')).toMatchObject({ quantity: 10, averagePrice: 0.4, realizedPnl: 0 });
    expect(p.balance('polymarket', 'USD')).toBeCloseTo(995.9, 12);
    p.applyFill(fill('polymarket', 'yes', 'buy', 10, 0.6));
    expect(p.position('polymarket', 'yes')!.averagePrice).toBeCloseTo(0.5, 12);
    p.applyFill(fill('polymarket', 'yes', 'sell', 15, 0.7));
    expect(p.position('polymarket', 'yes')!.quantity).toBe(5);
    expect(p.position('polymarket', 'yes')!.averagePrice).toBeCloseTo(0.5, 12); // reducing keeps the average
    expect(p.position('polymarket', 'yes')!.realizedPnl).toBeCloseTo(3, 12);
    p.applyFill(fill('polymarket', 'yes', 'sell', 10, 0.8)); // flip: close 5 (+1.5), open 5 short at 0.8
    const pos = p.position('polymarket', 'yes')!;
    expect(pos.quantity).toBe(-5);
    expect(pos.averagePrice).toBe(0.8);
    expect(pos.realizedPnl).toBeCloseTo(4.5, 12);
    expect(p.balance('polymarket', 'USD')).toBeCloseTo(1008.4, 12);

    p.onMarketEvent(ticker('polymarket', 'yes', { bid: 0.55, ask: 0.65 }));
    const s = p.snapshot(T0);
    expect(s.positionsValueUsd).toBeCloseTo(-3, 12);
    expect(s.unrealisedPnlUsd).toBeCloseTo(1, 12);
    expect(s.realisedPnlUsd).toBeCloseTo(4.5, 12);
    expect(s.feesUsd).toBeCloseTo(0.1, 12);
    expect(s.equityUsd).toBeCloseTo(1005.4, 12);
    // USD only: equity = initial + realised + unrealised − fees.
    expect(s.equityUsd).toBeCloseTo(1_000 + s.realisedPnlUsd + s.unrealisedPnlUsd - s.feesUsd, 12);
    expect(s.venues[0]).toMatchObject({ venue: 'polymarket', fills: 4 });
    expect(s.venues[0]!.volumeUsd).toBeCloseTo(4 + 6 + 10.5 + 8, 12);
    expectReconciled(p);
  });

  it('values a never-marked position at its average price, so wealth is not lost on entry', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'polymarket', currency: 'USD', amount: 100 }], instruments: lookup(YES) });
    p.applyFill(fill('polymarket', 'yes', 'buy', 10, 0.5));
    expect(p.equityUsd()).toBeCloseTo(100, 12);
  });

  it('reports equity from cash alone (never zero while cash exists) and lists only open positions', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'polymarket', currency: 'USD', amount: 250 }, { venue: 'deribit', currency: 'USDC', amount: 50 }], instruments: lookup(YES) });
    expect(p.equityUsd()).toBe(300);
    p.applyFill(fill('polymarket', 'yes', 'buy', 10, 0.5));
    p.applyFill(fill('polymarket', 'yes', 'sell', 10, 0.5));
    expect(p.positions()).toEqual([]);
    expect(p.snapshot(T0).positions).toEqual([]);
  });

  it('refuses to value a coin balance before it has a USD rate, instead of counting it as zero', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'deribit', currency: 'BTC', amount: 1 }], instruments: lookup(CALL) });
    expect(() => p.equityUsd()).toThrow(/no USD rate for BTC/);
    p.onMarketEvent(ticker('deribit', 'BTC-PERPETUAL', { index: 50_000 }));
    expect(p.equityUsd()).toBe(50_000);
  });

  it('rejects invalid fills and unknown instruments without a price currency', () => {
    const p = new Portfolio({ initialCash: [] });
    expect(() => p.applyFill(fill('polymarket', 'x', 'buy', 0, 0.5))).toThrow(/invalid quantity/);
    expect(() => p.applyFill(fill('polymarket', 'x', 'buy', 1, 0.5))).toThrow(/unknown instrument/);
    const q = new Portfolio({ initialCash: [], priceCurrencyOf: () => 'USD' });
    q.applyFill(fill('polymarket', 'x', 'buy', 1, 0.5));
    expect(q.balance('polymarket', 'USD')).toBe(-0.5);
  });
});

describe('Portfolio in BTC (Deribit inverse options and perpetuals)', () => {
  it('converts BTC premiums, fees and marks to USD with the index price', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'deribit', currency: 'BTC', amount: 1 }], instruments: lookup(CALL, PERP) });
    p.onMarketEvent(ticker('deribit', 'BTC-PERPETUAL', { index: 50_000 }));
    p.applyFill(fill('deribit', CALL.symbol, 'buy', 2, 0.05, 0.0006, 'BTC'));
    expect(p.balance('deribit', 'BTC')).toBeCloseTo(0.8994, 12);
    p.onMarketEvent(ticker('deribit', CALL.symbol, { priceCurrency: 'BTC', bid: 0.06, ask: 0.07, index: 60_000 }));
    const s = p.snapshot(T0);
    expect(s.positionsValueUsd).toBeCloseTo(0.13 * 60_000, 9);
    expect(s.cashUsd).toBeCloseTo(0.8994 * 60_000, 9);
    expect(s.equityUsd).toBeCloseTo(61_764, 9);
    expect(s.unrealisedPnlUsd).toBeCloseTo(2 * 0.015 * 60_000, 9);
    expect(s.feesUsd).toBeCloseTo(0.0006 * 60_000, 9);
    expectReconciled(p);
  });

  it('settles an inverse call at expiry at (S − K)/S BTC per contract from the index', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'deribit', currency: 'BTC', amount: 1 }], instruments: lookup(CALL, PERP) });
    p.onMarketEvent(ticker('deribit', 'BTC-PERPETUAL', { index: 50_000 }));
    p.applyFill(fill('deribit', CALL.symbol, 'buy', 2, 0.05));
    p.onMarketEvent(ticker('deribit', 'BTC-PERPETUAL', { index: 60_000 }, CALL.expiryMs + 1));
    expect(p.position('deribit', CALL.symbol)!.quantity).toBe(0);
    expect(p.balance('deribit', 'BTC')).toBeCloseTo(0.9 + 2 * (10_000 / 60_000), 12);
    expect(p.settlements).toHaveLength(1);
    expect(p.settlements[0]).toMatchObject({ reason: 'expiry', quantity: 2, currency: 'BTC' });
    expect(p.settlements[0]!.realised).toBeCloseTo(2 * (1 / 6 - 0.05), 12);
    expectReconciled(p, CALL.expiryMs + 1);
  });

  it('accounts an inverse perpetual in BTC with a harmonic average entry', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'deribit', currency: 'BTC', amount: 1 }], instruments: lookup(PERP), usdRates: { BTC: 50_000 } });
    p.applyFill(fill('deribit', 'BTC-PERPETUAL', 'buy', 1_000, 50_000));
    p.applyFill(fill('deribit', 'BTC-PERPETUAL', 'buy', 1_000, 40_000));
    expect(p.position('deribit', 'BTC-PERPETUAL')!.averagePrice).toBeCloseTo(2_000 / (1_000 / 50_000 + 1_000 / 40_000), 9);
    expect(p.balance('deribit', 'BTC')).toBe(1); // no premium for futures
    p.applyFill(fill('deribit', 'BTC-PERPETUAL', 'sell', 2_000, 50_000));
    const avg = 2_000 / (1_000 / 50_000 + 1_000 / 40_000);
    expect(p.balance('deribit', 'BTC')).toBeCloseTo(1 + 2_000 * (1 / avg - 1 / 50_000), 12);
    expect(p.snapshot(T0).venues[0]!.volumeUsd).toBeCloseTo(4_000, 9);
  });

  it('accounts a linear perpetual by its realised PnL and values it at its unrealised PnL', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'derive', currency: 'USDC', amount: 1_000 }], instruments: lookup(LINEAR_PERP) });
    p.applyFill(fill('derive', 'ETH-PERP', 'buy', 1, 100, 0.05, 'USDC'));
    p.onMarketEvent(ticker('derive', 'ETH-PERP', { bid: 109, ask: 111 }));
    let s = p.snapshot(T0);
    expect(s.positionsValueUsd).toBeCloseTo(10, 12);
    expect(s.equityUsd).toBeCloseTo(1_009.95, 12);
    p.applyFill(fill('derive', 'ETH-PERP', 'sell', 1, 120));
    s = p.snapshot(T0);
    expect(p.balance('derive', 'USDC')).toBeCloseTo(1_019.95, 12);
    expect(s.realisedPnlUsd).toBeCloseTo(20, 12);
  });
});

describe('Portfolio settlement of binaries', () => {
  it('pays 1/0 on a settled status event', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'polymarket', currency: 'USD', amount: 100 }], instruments: lookup(YES, NO) });
    p.applyFill(fill('polymarket', 'yes', 'buy', 10, 0.4));
    p.applyFill(fill('polymarket', 'no', 'buy', 10, 0.55));
    const settled = (symbol: string, price: number): StatusEvent => ({ kind: 'status', venue: 'polymarket', symbol, tsVenue: T0 + 5, tsLocal: T0 + 5, state: 'settled', tickSize: null, settlementPrice: price });
    p.onMarketEvent(settled('yes', 1));
    p.onMarketEvent(settled('no', 0));
    expect(p.positions()).toEqual([]);
    expect(p.balance('polymarket', 'USD')).toBeCloseTo(100 - 4 - 5.5 + 10, 12);
    expect(p.snapshot(T0).realisedPnlUsd).toBeCloseTo(6 - 5.5, 12);
  });

  it('settles "above K" tokens at expiry from the underlying index when no status came', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'polymarket', currency: 'USD', amount: 100 }], instruments: lookup(YES, NO, PERP) });
    p.applyFill(fill('polymarket', 'yes', 'buy', 10, 0.4));
    p.applyFill(fill('polymarket', 'no', 'buy', 10, 0.55));
    const before: MarketEvent = ticker('deribit', 'BTC-PERPETUAL', { index: 99_000 }, YES.expiryMs! - 1);
    p.onMarketEvent(before);
    expect(p.positions()).toHaveLength(2);
    p.onMarketEvent(ticker('deribit', 'BTC-PERPETUAL', { index: 101_000 }, YES.expiryMs! + 1));
    expect(p.positions()).toEqual([]);
    expect(p.balance('polymarket', 'USD')).toBeCloseTo(100 - 9.5 + 10, 12);
  });

  it('keeps an expired position open while the settlement price is unknown', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'polymarket', currency: 'USD', amount: 100 }], instruments: lookup(YES) });
    p.applyFill(fill('polymarket', 'yes', 'buy', 10, 0.4));
    p.onMarketEvent(ticker('polymarket', 'yes', { bid: 0.9, ask: 0.92 }, YES.expiryMs! + 1));
    expect(p.positions()).toHaveLength(1);
  });
});

describe('Portfolio invariant', () => {
  it('keeps cash + positions = equity = initial + realised + unrealised − fees over random fills', () => {
    const symbols = ['a', 'b', 'c'];
    const p = new Portfolio({ initialCash: [{ venue: 'polymarket', currency: 'USD', amount: 10_000 }], priceCurrencyOf: () => 'USD' });
    let x = 12345;
    const rnd = (): number => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    for (let i = 0; i < 2_000; i++) {
      const symbol = symbols[Math.floor(rnd() * 3)]!;
      const price = Math.round(rnd() * 98 + 1) / 100;
      if (rnd() < 0.5) p.applyFill(fill('polymarket', symbol, rnd() < 0.5 ? 'buy' : 'sell', 1 + Math.floor(rnd() * 20), price, rnd() * 0.1));
      else p.onMarketEvent(ticker('polymarket', symbol, { bid: price - 0.005, ask: price + 0.005 }));
      const s = p.snapshot(T0 + i);
      expect(s.cashUsd + s.positionsValueUsd).toBeCloseTo(s.equityUsd, 8);
      expect(s.equityUsd).toBeCloseTo(10_000 + s.realisedPnlUsd + s.unrealisedPnlUsd - s.feesUsd, 8);
    }
  });
});

describe('Portfolio.trySnapshot', () => {
  it('is null while a held coin has no USD rate, and the snapshot once it has one', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'deribit', currency: 'BTC', amount: 1 }, { venue: 'polymarket', currency: 'USD', amount: 100 }] });
    expect(p.trySnapshot(0)).toBeNull();
    expect(() => p.snapshot(0)).toThrow(expect.objectContaining({ code: 'ARB_ENGINE_STATE' }));
    p.setUsdRate('BTC', 50_000);
    expect(p.trySnapshot(0)?.equityUsd).toBe(50_100);
  });
});

describe('Portfolio spot pairs across currencies', () => {
  const BTCUSDT: Instrument = { venue: 'binance', symbol: 'BTCUSDT', kind: 'spot', base: 'BTC', quote: 'USDT', priceCurrency: 'USDT' };
  const ETHUSDT: Instrument = { venue: 'binance', symbol: 'ETHUSDT', kind: 'spot', base: 'ETH', quote: 'USDT', priceCurrency: 'USDT' };
  const ETHBTC: Instrument = { venue: 'binance', symbol: 'ETHBTC', kind: 'spot', base: 'ETH', quote: 'BTC', priceCurrency: 'BTC' };
  const book = (symbol: string, bid: number, ask: number): MarketEvent => ({ kind: 'book_snapshot', venue: 'binance', symbol, tsVenue: T0, tsLocal: T0, bids: [bid, 1], asks: [ask, 1], sequence: null });

  it('books a triangle as currency exchanges and values coins at the USD-quoted spot mids', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'binance', currency: 'USDT', amount: 10_000 }], instruments: lookup(BTCUSDT, ETHUSDT, ETHBTC) });
    expect(p.usdRate('BTC')).toBeUndefined();
    p.onMarketEvent(book('BTCUSDT', 59_999, 60_001));
    p.onMarketEvent(ticker('binance', 'ETHUSDT', { bid: 2_999, ask: 3_001, priceCurrency: 'USDT' }));
    p.onMarketEvent(book('ETHBTC', 0.0499, 0.0501));
    expect(p.usdRate('BTC')).toBe(60_000);
    expect(p.usdRate('ETH')).toBe(3_000);
    p.applyFill(fill('binance', 'BTCUSDT', 'buy', 0.1, 60_000, 0.0001, 'BTC'));
    p.applyFill(fill('binance', 'ETHBTC', 'buy', 2, 0.0495, 0.002, 'ETH'));
    p.applyFill(fill('binance', 'ETHUSDT', 'sell', 1.998, 3_010, 6, 'USDT'));
    expect(p.balance('binance', 'BTC')).toBeCloseTo(0.1 - 0.0001 - 0.099, 12);
    expect(p.balance('binance', 'ETH')).toBeCloseTo(0, 12);
    expect(p.balance('binance', 'USDT')).toBeCloseTo(10_000 - 6_000 + 1.998 * 3_010 - 6, 9);
    expect(p.positions()).toEqual([]);
    expect(p.position('binance', 'ETHBTC')?.quantity).toBeCloseTo(0, 12);
    expect(p.position('binance', 'BTCUSDT')?.quantity).toBeCloseTo(0.0009, 12);
    const s = p.snapshot(T0);
    expect(s.equityUsd).toBeCloseTo(p.balance('binance', 'USDT') + 0.0009 * 60_000, 6);
    expect(s.feesUsd).toBeCloseTo(0.0001 * 60_000 + 0.002 * 3_000 + 6, 6);
    expectReconciled(p);
    // Trading PnL: the cycle's gain after fees, all of it booked as cash.
    expect(p.tradingPnlUsd(p.trySnapshot(T0))).toBeCloseTo(s.equityUsd - 10_000, 9);
  });

  it('does not count the starting coins moving with the market as trading PnL', () => {
    const p = new Portfolio({ initialCash: [{ venue: 'binance', currency: 'BTC', amount: 1 }, { venue: 'binance', currency: 'USDT', amount: 1_000 }], instruments: lookup(BTCUSDT) });
    expect(p.tradingPnlUsd(p.trySnapshot(T0))).toBeNull(); // no BTC rate yet
    p.onMarketEvent(book('BTCUSDT', 59_999, 60_001));
    expect(p.tradingPnlUsd(p.trySnapshot(T0))).toBeCloseTo(0, 9);
    p.applyFill(fill('binance', 'BTCUSDT', 'sell', 0.5, 60_100, 6, 'USDT'));
    p.onMarketEvent(book('BTCUSDT', 61_999, 62_001));
    // Sold 0.5 BTC at 60 100 (fee 6) that is now worth 62 000: −950 − 6.
    expect(p.tradingPnlUsd(p.trySnapshot(T0))).toBeCloseTo(0.5 * (60_100 - 62_000) - 6, 9);
  });
});
