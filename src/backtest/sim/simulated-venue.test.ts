import { describe, expect, it } from 'vitest';
import type { Instrument, OptionInstrument, OutcomeInstrument, PerpetualInstrument } from '../../domain/instrument.js';
import type { BookSnapshotEvent, MarketEvent, TickerEvent, TradeEvent } from '../../domain/market-event.js';
import type { Fill, OrderRequest, OrderUpdate } from '../../domain/order.js';
import { ReplayClock } from '../../engine/clock.js';
import { Portfolio } from '../../engine/portfolio/portfolio.js';
import { createSimulatedVenues, type SimulatedVenuesOptions } from './create-simulated-venues.js';

const T0 = 1_700_000_000_000;
const TOKEN: OutcomeInstrument = {
  venue: 'polymarket', symbol: 'tok', kind: 'outcome', priceCurrency: 'USD', tickSize: 0.01, minSize: 5, marketId: 'm', question: 'q', outcome: 'Yes',
};
const PERP: PerpetualInstrument = { venue: 'deribit', symbol: 'BTC-PERPETUAL', kind: 'perpetual', priceCurrency: 'USD', underlying: 'BTC', settlement: 'inverse', tickSize: 0.5, minSize: 10, sizeStep: 10 };
const CALL: OptionInstrument = {
  venue: 'deribit', symbol: 'BTC-1JAN30-50000-C', kind: 'option', priceCurrency: 'BTC', underlying: 'BTC', expiryMs: T0 + 1e10, strike: 50_000, right: 'call', settlement: 'inverse', tickSize: 0.0001, minSize: 0.1,
};
const INSTRUMENTS: Instrument[] = [TOKEN, PERP, CALL];

function book(symbol: string, bids: number[], asks: number[], ts: number, venue: 'polymarket' | 'deribit' = 'polymarket'): BookSnapshotEvent {
  return { kind: 'book_snapshot', venue, symbol, tsVenue: ts, tsLocal: ts, bids, asks, sequence: null };
}

function trade(symbol: string, price: number, size: number, side: 'buy' | 'sell' | null, ts: number): TradeEvent {
  return { kind: 'trade', venue: 'polymarket', symbol, tsVenue: ts, tsLocal: ts, priceCurrency: 'USD', price, size, side, tradeId: null };
}

function ticker(symbol: string, f: Partial<TickerEvent>, ts: number): TickerEvent {
  return {
    kind: 'ticker', venue: 'polymarket', symbol, tsVenue: ts, tsLocal: ts, priceCurrency: 'USD', bid: null, bidSize: null, ask: null, askSize: null, last: null, mark: null,
    index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: null, openInterest: null, ...f,
  };
}

let orderSeq = 0;
function order(f: Partial<OrderRequest>): OrderRequest {
  return {
    clientOrderId: `o${++orderSeq}`, venue: 'polymarket', symbol: 'tok', side: 'buy', type: 'limit', quantity: 10, price: 0.5, timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null, ...f,
  };
}

function setup(extra: Partial<SimulatedVenuesOptions> = {}) {
  const clock = new ReplayClock(T0);
  const sim = createSimulatedVenues({
    venues: ['polymarket', 'deribit'], clock, latency: { entryMs: 10, responseMs: 10 },
    instruments: { find: (v, s) => INSTRUMENTS.find((i) => i.venue === v && i.symbol === s) }, ...extra,
  });
  const reports: Array<OrderUpdate | Fill> = [];
  for (const c of sim.clients) c.onUpdate((r) => reports.push(r));
  const client = sim.venue('polymarket')!;
  /** Moves the clock to `t` (firing due timers), then feeds the event if any. */
  const at = (t: number, event?: MarketEvent): void => {
    clock.advanceTo(t);
    if (event) sim.onMarketEvent(event);
  };
  const fills = (): Fill[] => reports.filter((r): r is Fill => r.kind === 'fill');
  const updates = (): OrderUpdate[] => reports.filter((r): r is OrderUpdate => r.kind === 'order_update');
  return { clock, sim, client, reports, at, fills, updates };
}

describe('simulated venue: taking liquidity', () => {
  it('walks the book for a market order, one taker fill per level, answered after entry + response latency', async () => {
    const { client, at, fills, updates, reports } = setup();
    at(T0, book('tok', [0.4, 100], [0.5, 1, 0.51, 2, 0.52, 50], T0));
    const ack = await client.submit(order({ type: 'market', price: null, quantity: 5 }));
    expect(ack.venueOrderId).toBe('polymarket-sim-1');
    at(T0 + 19);
    expect(reports).toEqual([]);
    at(T0 + 20);
    expect(fills().map((f) => [f.price, f.quantity, f.liquidity])).toEqual([[0.5, 1, 'taker'], [0.51, 2, 'taker'], [0.52, 2, 'taker']]);
    expect(fills()[0]).toMatchObject({ tsVenue: T0 + 10, tsLocal: T0 + 20, fee: 0, feeCurrency: 'USD' });
    expect(updates()).toHaveLength(1);
    expect(updates()[0]).toMatchObject({ status: 'filled', filledQuantity: 5, remainingQuantity: 0 });
    expect(updates()[0]!.averageFillPrice).toBeCloseTo((0.5 + 1.02 + 1.04) / 5, 12);
  });

  it('cancels what a market order cannot fill', async () => {
    const { client, at, updates, fills } = setup();
    at(T0, book('tok', [0.4, 100], [0.5, 3], T0));
    await client.submit(order({ type: 'market', price: null, quantity: 10 }));
    at(T0 + 100);
    expect(fills().map((f) => f.quantity)).toEqual([3]);
    expect(updates().at(-1)).toMatchObject({ status: 'canceled', filledQuantity: 3, remainingQuantity: 0, reason: 'no more liquidity within the limit' });
  });

  it('fills a marketable limit up to its price and rests the remainder as a maker order', async () => {
    const { client, at, updates, fills } = setup();
    at(T0, book('tok', [0.4, 100], [0.5, 3, 0.51, 5, 0.6, 50], T0));
    await client.submit(order({ price: 0.51, quantity: 10 }));
    at(T0 + 100);
    expect(fills().map((f) => [f.price, f.quantity])).toEqual([[0.5, 3], [0.51, 5]]);
    expect(updates().at(-1)).toMatchObject({ status: 'partially_filled', filledQuantity: 8, remainingQuantity: 2 });
    expect((await client.openOrders()).map((o) => o.clientOrderId)).toEqual([updates().at(-1)!.clientOrderId]);
  });

  it('handles IOC and FOK', async () => {
    const { client, at, updates, fills } = setup();
    at(T0, book('tok', [0.4, 100], [0.5, 3, 0.6, 50], T0));
    const ioc = order({ price: 0.5, quantity: 10, timeInForce: 'ioc' });
    const fok = order({ price: 0.5, quantity: 10, timeInForce: 'fok' });
    await client.submit(ioc);
    await client.submit(fok);
    at(T0 + 100);
    expect(fills().map((f) => [f.clientOrderId, f.quantity])).toEqual([[ioc.clientOrderId, 3]]);
    const byId = (id: string): OrderUpdate => updates().filter((u) => u.clientOrderId === id).at(-1)!;
    expect(byId(ioc.clientOrderId)).toMatchObject({ status: 'canceled', filledQuantity: 3 });
    expect(byId(fok.clientOrderId)).toMatchObject({ status: 'canceled', filledQuantity: 0, reason: 'fill-or-kill order cannot be filled in full' });
  });

  it('matches an order against the book as of its arrival on the venue time line', async () => {
    const { client, at, fills } = setup();
    at(T0, book('tok', [0.4, 100], [0.5, 10], T0));
    await client.submit(order({ type: 'market', price: null, quantity: 5 })); // arrives at T0 + 10
    // Venue time T0 + 5 (received at T0 + 8): before our arrival, so it counts.
    at(T0 + 8, { ...book('tok', [0.4, 100], [0.45, 10], T0 + 5), tsLocal: T0 + 8 });
    // Venue time T0 + 15: after our arrival; our order must not see it.
    at(T0 + 9, { ...book('tok', [0.4, 100], [0.9, 10], T0 + 15), tsLocal: T0 + 9 });
    at(T0 + 100);
    expect(fills().map((f) => f.price)).toEqual([0.45]);
  });
});

describe('simulated venue: resting orders and the queue', () => {
  it('joins the back of the level; only trades and shrinking below the queue move it forward', async () => {
    const { client, at, fills, updates } = setup();
    at(T0, book('tok', [0.5, 30, 0.49, 10], [0.52, 10], T0));
    const o = order({ price: 0.5, quantity: 10 });
    await client.submit(o);
    at(T0 + 20);
    expect(updates().at(-1)).toMatchObject({ status: 'open' });
    // Level grows: no help. Trade of 10 at our price: ahead 30 → 20.
    at(T0 + 30, book('tok', [0.5, 50], [0.52, 10], T0 + 30));
    at(T0 + 31, trade('tok', 0.5, 10, 'sell', T0 + 31));
    // Level shrinks to 25 (cancels): ahead stays 20 (assumed behind us). Then to 12: ahead 12.
    at(T0 + 32, book('tok', [0.5, 25], [0.52, 10], T0 + 32));
    at(T0 + 33, book('tok', [0.5, 12], [0.52, 10], T0 + 33));
    // A buyer-initiated trade cannot fill a bid.
    at(T0 + 34, trade('tok', 0.5, 100, 'buy', T0 + 34));
    expect(fills()).toEqual([]);
    // Sell trade of 15: ahead 12 − 15 = −3 → we fill 3 as maker.
    at(T0 + 35, trade('tok', 0.5, 15, 'sell', T0 + 35));
    at(T0 + 100);
    expect(fills().map((f) => [f.price, f.quantity, f.liquidity])).toEqual([[0.5, 3, 'maker']]);
    expect(updates().at(-1)).toMatchObject({ status: 'partially_filled', filledQuantity: 3, remainingQuantity: 7 });
    // A trade through our price fills us first.
    at(T0 + 110, trade('tok', 0.49, 20, 'sell', T0 + 110));
    at(T0 + 200);
    expect(fills().map((f) => f.quantity)).toEqual([3, 7]);
    expect(updates().at(-1)).toMatchObject({ status: 'filled', filledQuantity: 10 });
    expect(await client.openOrders()).toEqual([]);
  });

  it('fills a resting order at its own price when the book crosses it', async () => {
    const { client, at, fills } = setup();
    at(T0, book('tok', [0.5, 30], [0.55, 10], T0));
    await client.submit(order({ side: 'sell', price: 0.55, quantity: 10 }));
    at(T0 + 20);
    at(T0 + 30, book('tok', [0.57, 4, 0.56, 2, 0.5, 30], [0.6, 10], T0 + 30));
    at(T0 + 100);
    expect(fills().map((f) => [f.side, f.price, f.quantity, f.liquidity])).toEqual([['sell', 0.55, 6, 'maker']]);
  });

  it('cancels a resting order and reports a late cancel', async () => {
    const { client, at, updates } = setup();
    at(T0, book('tok', [0.4, 30], [0.55, 10], T0));
    const resting = order({ price: 0.4 });
    const taken = order({ price: 0.55, quantity: 5 });
    await client.submit(resting);
    await client.submit(taken);
    at(T0 + 20);
    await client.cancel(resting.clientOrderId);
    await client.cancel(taken.clientOrderId);
    at(T0 + 100);
    const last = (id: string): OrderUpdate => updates().filter((u) => u.clientOrderId === id).at(-1)!;
    expect(last(resting.clientOrderId)).toMatchObject({ status: 'canceled', reason: 'canceled by request' });
    expect(last(taken.clientOrderId)).toMatchObject({ status: 'filled', reason: 'cancel rejected: order is filled' });
    await expect(client.cancel('nope')).rejects.toThrow(/no order nope/);
  });

  it('amends a resting order after the entry latency: a smaller quantity keeps its place in the queue', async () => {
    const { client, at, fills, updates } = setup();
    at(T0, book('tok', [0.5, 30], [0.52, 10], T0));
    const o = order({ price: 0.5, quantity: 10 });
    await client.submit(o);
    at(T0 + 20);
    at(T0 + 30, trade('tok', 0.5, 20, 'sell', T0 + 30)); // ahead 30 → 10
    await client.amend(o.clientOrderId, { quantity: 6 });
    at(T0 + 49);
    expect(updates().at(-1)).toMatchObject({ status: 'open', remainingQuantity: 10 }); // not there yet
    at(T0 + 50);
    expect(updates().at(-1)).toMatchObject({ status: 'open', remainingQuantity: 6, reason: 'amended', tsVenue: T0 + 40 });
    // Still 10 ahead: a sell trade of 12 fills 2 of our 6.
    at(T0 + 60, trade('tok', 0.5, 12, 'sell', T0 + 60));
    at(T0 + 100);
    expect(fills().map((f) => [f.price, f.quantity])).toEqual([[0.5, 2]]);
    expect(updates().at(-1)).toMatchObject({ status: 'partially_filled', filledQuantity: 2, remainingQuantity: 4 });
  });

  it('a price change or a larger quantity re-queues the order at the back of its level', async () => {
    const { client, at, fills } = setup();
    at(T0, book('tok', [0.5, 30, 0.49, 40], [0.52, 10], T0));
    const up = order({ price: 0.5, quantity: 10 });
    const keep = order({ price: 0.5, quantity: 10 });
    const moved = order({ price: 0.48, quantity: 10 }); // an empty level: nobody ahead
    for (const o of [up, keep, moved]) await client.submit(o);
    at(T0 + 20);
    at(T0 + 30, trade('tok', 0.5, 25, 'sell', T0 + 30)); // up and keep: ahead 30 → 5
    await client.amend(up.clientOrderId, { quantity: 12 });
    await client.amend(keep.clientOrderId, { quantity: 8 });
    await client.amend(moved.clientOrderId, { price: 0.49 });
    at(T0 + 100);
    // keep is still 5 behind the front and fills 5; up went to the back of the 30 shown and fills nothing.
    at(T0 + 110, trade('tok', 0.5, 10, 'sell', T0 + 110));
    at(T0 + 200);
    expect(fills().map((f) => [f.clientOrderId, f.price, f.quantity])).toEqual([[keep.clientOrderId, 0.5, 5]]);
    await client.cancel(up.clientOrderId);
    await client.cancel(keep.clientOrderId);
    at(T0 + 300);
    // moved joined the back of the 40 at 0.49: 39 traded there fill nothing, 3 more fill 2.
    at(T0 + 310, trade('tok', 0.49, 39, 'sell', T0 + 310));
    at(T0 + 400);
    expect(fills()).toHaveLength(1);
    at(T0 + 410, trade('tok', 0.49, 3, 'sell', T0 + 410));
    at(T0 + 500);
    expect(fills().map((f) => [f.clientOrderId, f.price, f.quantity]).at(-1)).toEqual([moved.clientOrderId, 0.49, 2]);
  });

  it('a new price the book crosses takes liquidity; post-only refuses it and keeps the order', async () => {
    const { client, at, fills, updates } = setup();
    at(T0, book('tok', [0.5, 30], [0.52, 4, 0.53, 10], T0));
    const o = order({ price: 0.5, quantity: 10 });
    const p = order({ price: 0.5, quantity: 10, postOnly: true });
    await client.submit(o);
    await client.submit(p);
    at(T0 + 20);
    await client.amend(o.clientOrderId, { price: 0.52 });
    await client.amend(p.clientOrderId, { price: 0.53 }); // the 0.52 level is gone after the first amend took it
    at(T0 + 100);
    expect(fills().map((f) => [f.clientOrderId, f.price, f.quantity, f.liquidity])).toEqual([[o.clientOrderId, 0.52, 4, 'taker']]);
    const last = (id: string): OrderUpdate => updates().filter((u) => u.clientOrderId === id).at(-1)!;
    expect(last(o.clientOrderId)).toMatchObject({ status: 'partially_filled', filledQuantity: 4, remainingQuantity: 6, reason: 'amended' });
    expect(last(p.clientOrderId)).toMatchObject({ status: 'open', remainingQuantity: 10, reason: 'amend rejected: post-only order would take liquidity' });
    expect((await client.openOrders()).map((u) => u.clientOrderId).sort()).toEqual([o.clientOrderId, p.clientOrderId].sort());
  });

  it('rejects an amend below the filled quantity, off the tick, or of a finished order, with the reason; throws on malformed ones', async () => {
    const { client, at, updates } = setup();
    at(T0, book('tok', [0.5, 30], [0.52, 4, 0.55, 10], T0));
    const part = order({ price: 0.52, quantity: 10 }); // takes 4, rests 6
    const done = order({ price: 0.55, quantity: 5 }); // filled
    await client.submit(part);
    await client.submit(done);
    at(T0 + 20);
    await client.amend(part.clientOrderId, { quantity: 4 });
    await client.amend(part.clientOrderId, { price: 0.515 });
    await client.amend(done.clientOrderId, { quantity: 8 });
    at(T0 + 100);
    const reasons = (id: string): Array<string | null> => updates().filter((u) => u.clientOrderId === id).map((u) => u.reason);
    expect(reasons(part.clientOrderId).slice(-2)).toEqual(['amend rejected: quantity 4 is not above the filled quantity 4', 'amend rejected: price 0.515 is not a multiple of the tick size 0.01']);
    expect(updates().filter((u) => u.clientOrderId === part.clientOrderId).at(-1)).toMatchObject({ status: 'partially_filled', remainingQuantity: 6 });
    expect(updates().filter((u) => u.clientOrderId === done.clientOrderId).at(-1)).toMatchObject({ status: 'filled', reason: 'amend rejected: order is filled' });
    await expect(client.amend('nope', { quantity: 1 })).rejects.toThrow(/no order nope/);
    await expect(client.amend(part.clientOrderId, {})).rejects.toThrow(/needs a new price or quantity/);
    await expect(client.amend(part.clientOrderId, { price: -1 })).rejects.toThrow(/positive/);
  });

  it('expires good-till-date orders and cancels resting orders of a settled instrument', async () => {
    const { client, at, updates } = setup();
    at(T0, book('tok', [0.4, 30], [0.55, 10], T0));
    const gtd = order({ price: 0.4, timeInForce: 'gtd', expireAtMs: T0 + 50 });
    const gtc = order({ price: 0.41 });
    await client.submit(gtd);
    await client.submit(gtc);
    at(T0 + 60, book('tok', [0.4, 30], [0.55, 10], T0 + 60));
    at(T0 + 70, { kind: 'status', venue: 'polymarket', symbol: 'tok', tsVenue: T0 + 70, tsLocal: T0 + 70, state: 'settled', tickSize: null, settlementPrice: 1 });
    at(T0 + 200);
    const last = (id: string): OrderUpdate => updates().filter((u) => u.clientOrderId === id).at(-1)!;
    expect(last(gtd.clientOrderId)).toMatchObject({ status: 'expired' });
    expect(last(gtc.clientOrderId)).toMatchObject({ status: 'canceled', reason: 'instrument settled' });
  });

  it('uses a ticker as the top of book when there is no book channel', async () => {
    const { client, at, fills } = setup();
    at(T0, ticker('tok', { bid: 0.4, bidSize: 20, ask: 0.45, askSize: 7 }, T0));
    await client.submit(order({ price: 0.45, quantity: 10 }));
    at(T0 + 100);
    expect(fills().map((f) => [f.price, f.quantity])).toEqual([[0.45, 7]]);
    expect(client.bestBid('tok')).toBe(0.4);
  });
});

describe('simulated venue: rejections', () => {
  it('rejects unknown instruments, small or off-step sizes, off-tick and post-only crossing orders with a reason', async () => {
    const { client, sim, at, updates } = setup();
    at(T0, book('tok', [0.4, 30], [0.55, 10], T0));
    at(T0, book('BTC-PERPETUAL', [50_000, 100], [50_000.5, 100], T0, 'deribit'));
    const deribit = sim.venue('deribit')!;
    await client.submit(order({ symbol: 'nope' }));
    await client.submit(order({ quantity: 4 }));
    await client.submit(order({ price: 0.405 }));
    await client.submit(order({ price: 0.55, postOnly: true }));
    await client.submit(order({ side: 'sell', type: 'market', price: null, reduceOnly: true }));
    await deribit.submit(order({ venue: 'deribit', symbol: 'BTC-PERPETUAL', quantity: 15, price: 50_000 }));
    at(T0 + 100);
    expect(updates().map((u) => [u.status, u.reason, u.venueOrderId])).toEqual([
      ['rejected', 'unknown instrument nope', null],
      ['rejected', 'quantity 4 is below the minimum size 5', null],
      ['rejected', 'price 0.405 is not a multiple of the tick size 0.01', null],
      ['rejected', 'post-only order would take liquidity', null],
      ['rejected', 'reduce-only order would not reduce the position', null],
      ['rejected', 'quantity 15 is not a multiple of the size step 10', null],
    ]);
  });

  it('throws on malformed requests instead of sending them', async () => {
    const { client } = setup();
    await expect(client.submit(order({ quantity: 0 }))).rejects.toThrow(/quantity/);
    await expect(client.submit(order({ price: null }))).rejects.toThrow(/price/);
    const o = order({});
    await client.submit(o);
    await expect(client.submit(o)).rejects.toThrow(/already used/);
  });

  it('clips reduce-only orders to the position', async () => {
    const { client, at, fills } = setup();
    at(T0, book('tok', [0.4, 100], [0.5, 100], T0));
    await client.submit(order({ type: 'market', price: null, quantity: 6 }));
    at(T0 + 50);
    await client.submit(order({ side: 'sell', type: 'market', price: null, quantity: 10, reduceOnly: true }));
    at(T0 + 100);
    expect(fills().map((f) => [f.side, f.quantity])).toEqual([['buy', 6], ['sell', 6]]);
  });
});

describe('simulated venue: fees, portfolio and determinism', () => {
  it('charges Deribit option fees in BTC and feeds fills to the portfolio on delivery', async () => {
    const clock = new ReplayClock(T0);
    const portfolio = new Portfolio({ initialCash: [{ venue: 'deribit', currency: 'BTC', amount: 1 }], instruments: { find: (v, s) => INSTRUMENTS.find((i) => i.venue === v && i.symbol === s) }, usdRates: { BTC: 50_000 } });
    const sim = createSimulatedVenues({ venues: ['deribit'], clock, latency: { entryMs: 5, responseMs: 5 }, instruments: { find: (v, s) => INSTRUMENTS.find((i) => i.venue === v && i.symbol === s) }, portfolio });
    const got: Fill[] = [];
    sim.venue('deribit')!.onUpdate((r) => {
      if (r.kind === 'fill') got.push(r);
    });
    sim.onMarketEvent(book(CALL.symbol, [0.0009, 10], [0.001, 1, 0.01, 10], T0, 'deribit'));
    await sim.venue('deribit')!.submit(order({ venue: 'deribit', symbol: CALL.symbol, type: 'market', price: null, quantity: 2 }));
    clock.advanceTo(T0 + 9);
    expect(portfolio.position('deribit', CALL.symbol)).toBeUndefined();
    clock.advanceTo(T0 + 10);
    expect(got.map((f) => [f.price, f.quantity, f.feeCurrency])).toEqual([[0.001, 1, 'BTC'], [0.01, 1, 'BTC']]);
    expect(got[0]!.fee).toBeCloseTo(0.125 * 0.001, 15); // capped at 12.5 % of the price
    expect(got[1]!.fee).toBeCloseTo(0.0003, 15);
    expect(portfolio.position('deribit', CALL.symbol)!.quantity).toBe(2);
    expect(portfolio.balance('deribit', 'BTC')).toBeCloseTo(1 - 0.011 - 0.000125 - 0.0003, 15);
  });

  it('samples latencies from the seed: same seed, same run; another seed, another', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const { client, at, reports } = setup({ seed, latency: { entryMs: 10, responseMs: 10, sigma: 0.8 } });
      at(T0, book('tok', [0.4, 100], [0.5, 100], T0));
      for (let i = 0; i < 20; i++) {
        at(T0 + i * 3);
        await client.submit(order({ type: 'market', price: null, quantity: 5 }));
      }
      at(T0 + 10_000);
      return reports.map((r) => r.tsLocal);
    };
    const a = await run(7);
    expect(a).toHaveLength(40);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
    // Answers come back in order.
    expect([...a].sort((x, y) => x - y)).toEqual(a);
  });

  it('estimates feed latency from venue and receive timestamps', () => {
    const { sim, at } = setup();
    at(T0 + 10, { ...book('tok', [0.4, 1], [0.5, 1], T0), tsLocal: T0 + 10 });
    at(T0 + 20, { ...book('tok', [0.4, 1], [0.5, 1], T0 + 16), tsLocal: T0 + 20 });
    expect(sim.feedLatency().polymarket).toEqual({ samples: 2, meanMs: 7, maxMs: 10, lastMs: 4 });
  });
});
