import { describe, expect, it } from 'vitest';
import type { MarketEvent, TickerEvent } from '../../domain/market-event.js';
import type { OrderRequest, OrderUpdate, Position } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import { silentLogger } from '../logger.js';
import type { ExecutionRouter, OrderAmendment } from '../market-feed.js';
import type { OrderAck } from '../strategy.js';
import { MarketWatch, type FeedStatus } from './market-watch.js';
import { RiskGate, RiskRejectedError } from './risk-gate.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from './risk-limits.js';

class FakeRouter implements ExecutionRouter {
  readonly sent: OrderRequest[] = [];
  readonly cancels: string[] = [];
  failWith: Error | null = null;
  async submit(request: OrderRequest): Promise<OrderAck> {
    if (this.failWith) throw this.failWith;
    this.sent.push(request);
    return { clientOrderId: request.clientOrderId, venueOrderId: `v-${request.clientOrderId}` };
  }
  async cancel(_venue: VenueId, id: string): Promise<void> {
    this.cancels.push(id);
  }
  readonly amends: Array<[string, OrderAmendment]> = [];
  async amend(_venue: VenueId, id: string, change: OrderAmendment): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.amends.push([id, change]);
  }
}

function ticker(symbol: string, bid: number, ask: number, tsLocal: number, venue: VenueId = 'polymarket'): TickerEvent {
  return {
    kind: 'ticker', venue, symbol, tsVenue: tsLocal, tsLocal, priceCurrency: 'USD', bid, bidSize: 100, ask, askSize: 100, last: null, mark: null,
    index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: null, openInterest: null,
  };
}

let seq = 0;
function order(o: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: `o-${++seq}`, venue: 'polymarket', symbol: 'TOK', side: 'buy', type: 'limit', quantity: 100, price: 0.5,
    timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null, ...o,
  };
}

interface Setup {
  gate: RiskGate;
  router: FakeRouter;
  market: MarketWatch;
  clock: { t: number };
  positions: Position[];
  equity: { usd: number };
  rejected: OrderUpdate[];
  feed(e: MarketEvent): void;
}

function setup(limits: Partial<RiskLimits> = {}, status?: FeedStatus): Setup {
  const clock = { t: 1_000_000 };
  const positions: Position[] = [];
  const equity = { usd: 10_000 };
  const market = new MarketWatch(status);
  const router = new FakeRouter();
  const rejected: OrderUpdate[] = [];
  const gate = new RiskGate({
    inner: router, limits: { ...DEFAULT_RISK_LIMITS, ...limits }, market, now: () => clock.t, logger: silentLogger,
    notionalUsd: (_v, _s, q, p) => Math.abs(q) * p,
    tickSize: () => 0.01,
    portfolio: {
      equityUsd: () => equity.usd,
      position: (v, s) => positions.find((p) => p.venue === v && p.symbol === s),
      positions: () => positions,
    },
    onReject: (u) => rejected.push(u),
  });
  market.onMarketEvent(ticker('TOK', 0.49, 0.51, clock.t));
  return { gate, router, market, clock, positions, equity, rejected, feed: (e) => market.onMarketEvent(e) };
}

async function refusal(gate: RiskGate, request: OrderRequest): Promise<RiskRejectedError> {
  const error = await gate.submit(request).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(RiskRejectedError);
  return error as RiskRejectedError;
}

const long = (quantity: number): Position => ({ venue: 'polymarket', symbol: 'TOK', quantity, averagePrice: 0.5, realizedPnl: 0 });

describe('RiskGate limits', () => {
  it('passes an order within every limit to the venue router', async () => {
    const s = setup();
    await expect(s.gate.submit(order())).resolves.toMatchObject({ venueOrderId: expect.any(String) });
    expect(s.router.sent).toHaveLength(1);
    expect(s.gate.stats.passed).toBe(1);
  });

  it('refuses an order above the per-order quantity, globally and per venue', async () => {
    const s = setup({ maxOrderQuantity: 1_000, venues: { polymarket: { maxOrderQuantity: 50 } } });
    const e = await refusal(s.gate, order({ quantity: 60 }));
    expect(e.context).toMatchObject({ limit: 'order_quantity', value: 60, max: 50, venue: 'polymarket' });
    expect(s.router.sent).toHaveLength(0);
  });

  it('refuses an order above the per-order notional', async () => {
    const s = setup({ maxOrderNotionalUsd: 40 });
    const e = await refusal(s.gate, order({ quantity: 100, price: 0.5 }));
    expect(e.code).toBe('ARB_RISK_REJECTED');
    expect(e.context).toMatchObject({ limit: 'order_notional', value: 50, max: 40 });
  });

  it('refuses an order that takes an instrument position past its limit, counting open orders', async () => {
    const s = setup({ maxInstrumentExposureUsd: 120 });
    s.positions.push(long(100)); // 50 USD at mid 0.5
    await s.gate.submit(order({ quantity: 100 })); // open buy: worst case 200 × 0.5 = 100
    const e = await refusal(s.gate, order({ quantity: 100 }));
    expect(e.context).toMatchObject({ limit: 'instrument_exposure', max: 120 });
    expect(e.context.value).toBeCloseTo(150, 6);
  });

  it('refuses an order past the per-venue exposure and the total exposure', async () => {
    const s = setup({ maxVenueExposureUsd: 100, maxTotalExposureUsd: 1_000 });
    s.feed(ticker('OTHER', 0.49, 0.51, s.clock.t));
    s.positions.push({ venue: 'polymarket', symbol: 'OTHER', quantity: 160, averagePrice: 0.5, realizedPnl: 0 });
    const venue = await refusal(s.gate, order({ quantity: 50 }));
    expect(venue.context).toMatchObject({ limit: 'venue_exposure', value: 105, max: 100 });

    const t = setup({ maxTotalExposureUsd: 100 });
    t.feed(ticker('BTC-PERPETUAL', 0.49, 0.51, t.clock.t, 'deribit'));
    t.positions.push({ venue: 'deribit', symbol: 'BTC-PERPETUAL', quantity: 160, averagePrice: 0.5, realizedPnl: 0 });
    const total = await refusal(t.gate, order({ quantity: 50 }));
    expect(total.context).toMatchObject({ limit: 'total_exposure', value: 105, max: 100 });
  });

  it('lets an order that reduces exposure through even when the account is over a limit', async () => {
    const s = setup({ maxInstrumentExposureUsd: 10 });
    s.positions.push(long(100));
    await expect(s.gate.submit(order({ side: 'sell', quantity: 50 }))).resolves.toBeDefined();
    await refusal(s.gate, order({ side: 'buy', quantity: 10 }));
  });

  it('throttles the order rate with a token bucket and recovers as it refills', async () => {
    const s = setup({ maxOrdersPerSec: 2, orderBurst: 3 });
    for (let i = 0; i < 3; i++) await s.gate.submit(order({ quantity: 1 }));
    const e = await refusal(s.gate, order({ quantity: 1 }));
    expect(e.context).toMatchObject({ limit: 'order_rate', max: 2 });
    s.clock.t += 500; // one token back
    s.feed(ticker('TOK', 0.49, 0.51, s.clock.t));
    await s.gate.submit(order({ quantity: 1 }));
    await refusal(s.gate, order({ quantity: 1 }));
  });

  it('refuses a fat-finger price too far through the far side of the book, with a tick floor', async () => {
    const s = setup({ priceBandFraction: 0.1, priceBandTicks: 2 });
    const e = await refusal(s.gate, order({ price: 0.9 }));
    expect(e.context).toMatchObject({ limit: 'price_band', value: 0.9, reference: 0.51 });
    await expect(s.gate.submit(order({ price: 0.56, quantity: 1 }))).resolves.toBeDefined(); // 0.05 through the ask ≤ 0.051
    expect((await refusal(s.gate, order({ side: 'sell', price: 0.43 }))).context).toMatchObject({ limit: 'price_band', reference: 0.49 });
    await expect(s.gate.submit(order({ side: 'sell', price: 0.45, quantity: 1 }))).resolves.toBeDefined();
    // Passive prices far from the market risk nothing.
    await expect(s.gate.submit(order({ price: 0.1, quantity: 1 }))).resolves.toBeDefined();
    // A cheap instrument: 10 % of the 0.03 ask is 0.003, but two ticks (0.02) still pass.
    s.feed(ticker('CHEAP', 0.01, 0.03, s.clock.t));
    await expect(s.gate.submit(order({ symbol: 'CHEAP', price: 0.05, quantity: 1 }))).resolves.toBeDefined();
    await refusal(s.gate, order({ symbol: 'CHEAP', price: 0.06, quantity: 1 }));
  });

  it('refuses to price orders on missing, stale, crossed or disconnected market data', async () => {
    const status = { open: true, connections: 0 };
    const s = setup({ maxQuoteAgeMs: 1_000 }, { isOpen: () => status.open, connections: () => status.connections });
    expect((await refusal(s.gate, order({ symbol: 'UNKNOWN' }))).context).toMatchObject({ limit: 'market_data', problem: 'no_data' });
    s.clock.t += 1_500;
    expect((await refusal(s.gate, order())).context).toMatchObject({ limit: 'market_data', problem: 'stale' });
    s.feed(ticker('TOK', 0.52, 0.51, s.clock.t));
    expect((await refusal(s.gate, order())).context).toMatchObject({ limit: 'market_data', problem: 'crossed' });
    s.feed(ticker('TOK', 0.49, 0.51, s.clock.t));
    status.open = false;
    expect((await refusal(s.gate, order())).context).toMatchObject({ limit: 'market_data', problem: 'disconnected' });
    status.open = true;
    status.connections = 1; // reconnected, but no data on the new connection yet
    expect((await refusal(s.gate, order())).context).toMatchObject({ limit: 'market_data', problem: 'previous_connection' });
    s.feed(ticker('TOK', 0.49, 0.51, s.clock.t));
    await expect(s.gate.submit(order())).resolves.toBeDefined();
  });

  it('uses a maintained book over an older ticker, and sees a book crossed by deltas', async () => {
    const s = setup();
    s.clock.t += 10;
    s.feed({ kind: 'book_snapshot', venue: 'polymarket', symbol: 'TOK', tsVenue: null, tsLocal: s.clock.t, bids: [0.3, 10, 0.29, 5], asks: [0.32, 10], sequence: 1 });
    await refusal(s.gate, order({ price: 0.5 })); // mid is now 0.31
    s.feed({ kind: 'book_delta', venue: 'polymarket', symbol: 'TOK', tsVenue: null, tsLocal: s.clock.t, bids: [0.33, 4], asks: [], sequence: 2, prevSequence: 1 });
    expect((await refusal(s.gate, order({ price: 0.31 }))).context).toMatchObject({ problem: 'crossed' });
    s.feed({ kind: 'book_delta', venue: 'polymarket', symbol: 'TOK', tsVenue: null, tsLocal: s.clock.t, bids: [0.33, 0], asks: [], sequence: 3, prevSequence: 2 });
    await expect(s.gate.submit(order({ price: 0.31, quantity: 1 }))).resolves.toBeDefined();
  });

  it('refuses non-positive or non-finite quantities and prices', async () => {
    const s = setup();
    expect((await refusal(s.gate, order({ quantity: Number.NaN }))).limit).toBe('invalid_order');
    expect((await refusal(s.gate, order({ price: -1 }))).limit).toBe('invalid_order');
  });

  it('emits each refusal as a rejected order update after the submit call threw', async () => {
    const s = setup({ maxOrderNotionalUsd: 1 });
    const req = order();
    await refusal(s.gate, req);
    expect(s.rejected).toHaveLength(0);
    await new Promise((r) => setImmediate(r));
    expect(s.rejected).toEqual([expect.objectContaining({ clientOrderId: req.clientOrderId, status: 'rejected', reason: expect.stringContaining('risk: ') })]);
    expect(s.gate.stats.rejectedBy).toEqual({ order_notional: 1 });
    expect(s.gate.recentRejections.at(-1)).toMatchObject({ clientOrderId: req.clientOrderId, limit: 'order_notional' });
  });
});

describe('RiskGate trading state (kill switch)', () => {
  it('reducing: only position-reducing orders pass; cancels always pass', async () => {
    const s = setup({ initialState: 'reducing' });
    expect(s.gate.state()).toBe('reducing');
    expect((await refusal(s.gate, order())).limit).toBe('trading_state');
    s.positions.push(long(100));
    await refusal(s.gate, order({ side: 'sell', quantity: 150 })); // would flip short
    await expect(s.gate.submit(order({ side: 'sell', quantity: 100 }))).resolves.toBeDefined();
    await refusal(s.gate, order({ side: 'sell', quantity: 10 })); // the open sell already flattens it
    await expect(s.gate.cancel('polymarket', 'x')).resolves.toBeUndefined();
    expect(s.router.cancels).toEqual(['x']);
  });

  it('halted: cancels every open order, refuses all but reduce-only reducing orders, and resumes', async () => {
    const s = setup();
    s.positions.push(long(100));
    const a = order({ quantity: 10 });
    await s.gate.submit(a);
    s.gate.setState('halted', 'test');
    expect(s.gate.state()).toBe('halted');
    expect(s.router.cancels).toEqual([a.clientOrderId]);
    expect((await refusal(s.gate, order({ quantity: 1 }))).limit).toBe('trading_state');
    expect((await refusal(s.gate, order({ side: 'sell', quantity: 50 }))).limit).toBe('trading_state');
    s.gate.onUpdate({ kind: 'order_update', venue: 'polymarket', symbol: 'TOK', clientOrderId: a.clientOrderId, venueOrderId: null, status: 'canceled', filledQuantity: 0, remainingQuantity: 0, averageFillPrice: null, reason: null, tsVenue: null, tsLocal: s.clock.t });
    await expect(s.gate.submit(order({ side: 'sell', quantity: 50, reduceOnly: true }))).resolves.toBeDefined();
    s.gate.setState('active');
    await expect(s.gate.submit(order({ quantity: 1 }))).resolves.toBeDefined();
    expect(() => s.gate.setState('paused' as never)).toThrow(/not one of active, reducing, halted/);
  });

  it('halts by itself on the drawdown limit from the equity high-water mark', async () => {
    const s = setup({ maxDrawdownFraction: 0.1 });
    await s.gate.submit(order({ quantity: 1 }));
    s.equity.usd = 12_000; // new high-water mark
    s.gate.checkDrawdown();
    s.equity.usd = 10_900; // 9.2 % down: still active
    s.gate.checkDrawdown();
    expect(s.gate.state()).toBe('active');
    s.equity.usd = 10_700; // 10.8 % down
    const e = await refusal(s.gate, order({ quantity: 1 }));
    expect(e.limit).toBe('trading_state');
    expect(s.gate.state()).toBe('halted');
    expect(s.gate.stateReason).toMatch(/drawdown 10\.8 % from 12000\.00 USD/);
  });

  it('halts by itself after repeated venue errors within the window, not after spread-out ones', async () => {
    const s = setup({ venueErrorLimit: 3, venueErrorWindowMs: 10_000, orderBurst: 100 });
    s.router.failWith = new Error('HTTP 503');
    for (let i = 0; i < 2; i++) await expect(s.gate.submit(order({ quantity: 1 }))).rejects.toThrow('HTTP 503');
    s.clock.t += 11_000; // the first two fall out of the window
    s.feed(ticker('TOK', 0.49, 0.51, s.clock.t));
    for (let i = 0; i < 2; i++) await expect(s.gate.submit(order({ quantity: 1 }))).rejects.toThrow('HTTP 503');
    expect(s.gate.state()).toBe('active');
    // A rejection reported by the venue as an order update counts too.
    s.router.failWith = null;
    const r = order({ quantity: 1 });
    await s.gate.submit(r);
    s.gate.onUpdate({ kind: 'order_update', venue: 'polymarket', symbol: 'TOK', clientOrderId: r.clientOrderId, venueOrderId: null, status: 'rejected', filledQuantity: 0, remainingQuantity: 0, averageFillPrice: null, reason: 'not enough balance', tsVenue: null, tsLocal: s.clock.t });
    expect(s.gate.state()).toBe('halted');
    expect(s.gate.stateReason).toMatch(/3 polymarket errors within 10 s \(last: not enough balance\)/);
    expect(s.gate.stats.venueErrors).toBe(5);
  });
});

describe('RiskControl', () => {
  it('reports the most restrictive gate, sets all, and toggles the halt', async () => {
    const a = setup();
    const b = setup();
    const { RiskControl } = await import('./risk-control.js');
    const control = new RiskControl(() => [a.gate, b.gate]);
    await b.gate.setState('reducing', 'test');
    expect(control.state()).toBe('reducing');
    await control.toggleHalt();
    expect([a.gate.state(), b.gate.state()]).toEqual(['halted', 'halted']);
    await control.toggleHalt();
    expect(control.state()).toBe('active');
    await refusal(a.gate, order({ price: 5 }));
    expect(control.rejectedBy()).toEqual({ price_band: 1 });
    expect(control.recentRejections()).toHaveLength(1);
  });
});

describe('RiskGate.amend', () => {
  const amendRefusal = async (gate: RiskGate, id: string, change: OrderAmendment): Promise<RiskRejectedError> => {
    const error = await gate.amend('polymarket', id, change).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(RiskRejectedError);
    return error as RiskRejectedError;
  };
  const confirm = (gate: RiskGate, r: OrderRequest, filled: number, remaining: number): void =>
    gate.onUpdate({ kind: 'order_update', venue: r.venue, symbol: r.symbol, clientOrderId: r.clientOrderId, venueOrderId: 'v', status: filled > 0 ? 'partially_filled' : 'open', filledQuantity: filled, remainingQuantity: remaining, averageFillPrice: null, reason: null, tsVenue: null, tsLocal: 0 });

  it('checks the amended order like a new one: quantity, notional, price band, exposure with the new open quantity', async () => {
    const { gate, router } = setup({ maxOrderQuantity: 1_000, maxOrderNotionalUsd: 400, maxInstrumentExposureUsd: 300 });
    const r = order({ quantity: 100, price: 0.5 });
    await gate.submit(r);
    expect((await amendRefusal(gate, r.clientOrderId, { quantity: 1_500 })).limit).toBe('order_quantity');
    expect((await amendRefusal(gate, r.clientOrderId, { quantity: 900 })).limit).toBe('order_notional'); // 900 × 0.5 = 450 USD
    expect((await amendRefusal(gate, r.clientOrderId, { price: 0.7 })).limit).toBe('price_band'); // 0.19 through the ask 0.51
    // Exposure counts the amended open quantity instead of the old one: 700 × 0.5 = 350 > 300 refused, 550 × 0.5 = 275 passes.
    const exposure = await amendRefusal(gate, r.clientOrderId, { quantity: 700 });
    expect(exposure.limit).toBe('instrument_exposure');
    expect(exposure.code).toBe('ARB_RISK_REJECTED');
    await gate.amend('polymarket', r.clientOrderId, { quantity: 550, price: 0.5 });
    expect(router.amends).toEqual([[r.clientOrderId, { quantity: 550, price: 0.5 }]]);
    expect(gate.stats.rejectedBy).toMatchObject({ order_quantity: 1, order_notional: 1, price_band: 1, instrument_exposure: 1 });
    // The increase already counts: another 100 would make 650 × 0.5 = 325 USD.
    expect((await refusal(gate, order({ quantity: 100 }))).limit).toBe('instrument_exposure');
  });

  it('counts a decrease once the venue confirms it, and refuses an amend below nothing or of an unknown order', async () => {
    const { gate, router } = setup({ maxInstrumentExposureUsd: 100 });
    const r = order({ quantity: 200, price: 0.5 });
    await gate.submit(r);
    await gate.amend('polymarket', r.clientOrderId, { quantity: 100 });
    expect((await refusal(gate, order({ quantity: 100 }))).limit).toBe('instrument_exposure'); // still 200 open until confirmed
    confirm(gate, r, 0, 100);
    await gate.submit(order({ quantity: 100 }));
    expect(router.sent).toHaveLength(2);
    expect((await amendRefusal(gate, r.clientOrderId, { quantity: -1 })).limit).toBe('invalid_order');
    expect((await amendRefusal(gate, r.clientOrderId, {})).limit).toBe('invalid_order');
    expect((await amendRefusal(gate, 'nope', { quantity: 1 })).message).toMatch(/no open order/);
  });

  it('passes in reducing only an amend that lowers the quantity at the same price, in halted none', async () => {
    const { gate, router, rejected } = setup();
    const r = order({ quantity: 100, price: 0.5 });
    await gate.submit(r);
    await gate.setState('reducing', 'test');
    expect((await amendRefusal(gate, r.clientOrderId, { price: 0.49 })).limit).toBe('trading_state');
    expect((await amendRefusal(gate, r.clientOrderId, { quantity: 120 })).limit).toBe('trading_state');
    await gate.amend('polymarket', r.clientOrderId, { quantity: 60 });
    await gate.setState('halted', 'test');
    expect((await amendRefusal(gate, r.clientOrderId, { quantity: 50 })).limit).toBe('trading_state');
    expect(router.amends).toEqual([[r.clientOrderId, { quantity: 60 }]]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejected).toEqual([]); // a refused amend leaves the order as it was: no rejected update
  });

  it('refuses clearly when the inner router cannot amend, and counts venue failures', async () => {
    const { router, market } = setup();
    const plain: ExecutionRouter = { submit: (x) => router.submit(x), cancel: (v, id) => router.cancel(v, id) };
    const gate = new RiskGate({ inner: plain, limits: DEFAULT_RISK_LIMITS, market, now: () => 1_000_000, logger: silentLogger, notionalUsd: (_v, _s, q, p) => q * p });
    const r = order();
    await gate.submit(r);
    await expect(gate.amend('polymarket', r.clientOrderId, { price: 0.49 })).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED', message: expect.stringMatching(/polymarket/) as string });
    const s = setup();
    const r2 = order();
    await s.gate.submit(r2);
    s.router.failWith = new Error('socket closed');
    await expect(s.gate.amend('polymarket', r2.clientOrderId, { price: 0.49 })).rejects.toThrow(/socket closed/);
    expect(s.gate.stats.venueErrors).toBe(1);
  });
});
