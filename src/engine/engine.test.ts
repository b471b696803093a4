import { describe, expect, it, vi } from 'vitest';
import type { Instrument } from '../domain/instrument.js';
import type { MarketEvent, TickerEvent } from '../domain/market-event.js';
import type { VenueId } from '../domain/venue.js';
import { ReplayClock } from './clock.js';
import { Engine } from './engine.js';
import { silentLogger, type Logger } from './logger.js';
import type { CatalogSource, ChannelSubscription, MarketFeed } from './market-feed.js';
import type { CatalogView, Strategy, StrategyContext, SubscriptionSpec } from './strategy.js';

function ticker(venue: VenueId, symbol: string, tsLocal: number): TickerEvent {
  return {
    kind: 'ticker', venue, symbol, tsVenue: tsLocal, tsLocal, priceCurrency: 'USD', bid: 1, bidSize: 1, ask: 2, askSize: 1,
    last: null, mark: null, index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: null, openInterest: null,
  };
}

const option = (symbol: string): Instrument => ({
  venue: 'deribit', symbol, kind: 'option', underlying: 'BTC', expiryMs: 0, strike: 1, right: 'call', settlement: 'inverse', priceCurrency: 'BTC',
});

class FakeFeed implements MarketFeed {
  readonly subscribed = new Set<string>();
  sink: ((e: MarketEvent) => void) | null = null;
  constructor(readonly venue: VenueId) {}
  async start(sink: (e: MarketEvent) => void): Promise<void> {
    this.sink = sink;
  }
  async subscribe(subs: readonly ChannelSubscription[]): Promise<void> {
    for (const s of subs) this.subscribed.add(s.symbol);
  }
  async unsubscribe(subs: readonly ChannelSubscription[]): Promise<void> {
    for (const s of subs) this.subscribed.delete(s.symbol);
  }
  async stop(): Promise<void> {}
}

class Recorder implements Strategy {
  readonly seen: MarketEvent[] = [];
  constructor(readonly name: string, readonly venues: readonly VenueId[], private readonly pick: (c: CatalogView) => SubscriptionSpec[]) {}
  discoverSubscriptions(c: CatalogView): readonly SubscriptionSpec[] {
    return this.pick(c);
  }
  onEvent(e: MarketEvent): void {
    this.seen.push(e);
  }
}

const allDeribit = (c: CatalogView): SubscriptionSpec[] => c.instruments('deribit').map((i) => ({ venue: 'deribit', symbol: i.symbol }));

describe('Engine', () => {
  it('creates a feed for every required venue even when its catalog starts empty, and subscribes once it fills', async () => {
    let listed: Instrument[] = [];
    const catalog: CatalogSource = { venue: 'deribit', load: async () => listed };
    const feeds = new Map<VenueId, FakeFeed>();
    const clock = new ReplayClock(0);
    const s = new Recorder('s', ['deribit', 'polymarket'], allDeribit);
    const engine = new Engine({
      strategies: [s], clock, logger: silentLogger, catalogs: [catalog], refreshIntervalMs: 60_000,
      feeds: (venue) => {
        const f = new FakeFeed(venue);
        feeds.set(venue, f);
        return f;
      },
    });
    await engine.start();
    expect([...feeds.keys()].sort()).toEqual(['deribit', 'polymarket']);
    expect(feeds.get('deribit')!.subscribed.size).toBe(0);

    listed = [option('BTC-5JAN24-60000-C')];
    clock.advanceTo(60_000); // the periodic refresh fires on the engine's clock
    await engine.whenIdle();
    expect([...feeds.get('deribit')!.subscribed]).toEqual(['BTC-5JAN24-60000-C']);

    feeds.get('deribit')!.sink!(ticker('deribit', 'BTC-5JAN24-60000-C', 60_001));
    await new Promise((r) => setImmediate(r));
    expect(s.seen).toHaveLength(1);
    await engine.stop();
  });

  it('keeps the previous catalog when a refresh fails', async () => {
    let fail = false;
    const catalog: CatalogSource = { venue: 'deribit', load: async () => { if (fail) throw new Error('HTTP 503'); return [option('A')]; } };
    const engine = new Engine({ strategies: [new Recorder('s', ['deribit'], allDeribit)], clock: new ReplayClock(0), logger: silentLogger, catalogs: [catalog] });
    await engine.start();
    fail = true;
    await engine.refresh();
    expect(engine.catalogs.instruments('deribit').map((i) => i.symbol)).toEqual(['A']);
    expect(engine.stats.refreshFailures).toBe(1);
  });

  it('isolates a strategy that throws: others still get every event and the error is counted and logged', async () => {
    const errors: object[] = [];
    const logger: Logger = { ...silentLogger, error: (o) => errors.push(o), child: () => logger };
    const good = new Recorder('good', ['deribit'], () => [{ venue: 'deribit', symbol: 'A' }]);
    const bad: Strategy = {
      name: 'bad', venues: ['deribit'],
      discoverSubscriptions: () => [{ venue: 'deribit', symbol: 'A' }],
      onEvent: () => { throw new Error('boom'); },
    };
    const asyncBad: Strategy = {
      name: 'asyncBad', venues: ['deribit'],
      discoverSubscriptions: () => [{ venue: 'deribit', symbol: 'A' }],
      onEvent: async () => { throw new Error('async boom'); },
    };
    const engine = new Engine({ strategies: [bad, good, asyncBad], clock: new ReplayClock(0), logger });
    await engine.start();
    for (let t = 1; t <= 3; t++) engine.dispatch(ticker('deribit', 'A', t));
    await new Promise((r) => setImmediate(r));
    expect(good.seen).toHaveLength(3);
    expect(engine.stats.strategies.map((s) => s.errors)).toEqual([3, 0, 3]);
    expect(engine.stats.strategies[0]!.lastError).toBe('boom');
    expect(errors[0]).toMatchObject({ code: 'ARB_ENGINE_STRATEGY', strategy: 'bad', where: 'onEvent' });
  });

  it('isolates a strategy whose discovery throws and keeps its previous subscriptions', async () => {
    let throwNow = false;
    const s: Strategy = {
      name: 's', venues: ['deribit'],
      discoverSubscriptions: () => { if (throwNow) throw new Error('bad discovery'); return [{ venue: 'deribit', symbol: 'A' }]; },
      onEvent: vi.fn(),
    };
    const engine = new Engine({ strategies: [s], clock: new ReplayClock(0), logger: silentLogger });
    await engine.start();
    throwNow = true;
    await engine.refresh();
    engine.dispatch(ticker('deribit', 'A', 1));
    expect(s.onEvent).toHaveBeenCalledTimes(1);
    expect(engine.stats.strategies[0]!.errors).toBe(1);
  });

  it('counts events nobody subscribed to as unrouted', async () => {
    const engine = new Engine({ strategies: [new Recorder('s', ['deribit'], () => [])], clock: new ReplayClock(0), logger: silentLogger });
    await engine.start();
    engine.dispatch(ticker('deribit', 'X', 1));
    expect(engine.stats).toMatchObject({ events: 1, unrouted: 1 });
  });

  it('runs heavy work off the event path, coalescing requests while one runs', async () => {
    const runs: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => { release = r; });
    const s: Strategy = {
      name: 'heavy', venues: ['deribit'],
      discoverSubscriptions: () => [{ venue: 'deribit', symbol: 'A' }],
      onEvent: (e, ctx: StrategyContext) => {
        ctx.runOffPath('optimise', async () => {
          runs.push(e.tsLocal);
          if (runs.length === 1) await gate;
        });
      },
    };
    const engine = new Engine({ strategies: [s], clock: new ReplayClock(0), logger: silentLogger });
    await engine.start();
    for (let t = 1; t <= 5; t++) engine.dispatch(ticker('deribit', 'A', t)); // intake is not blocked
    expect(engine.stats.events).toBe(5);
    expect(engine.busy).toBe(true);
    release();
    await engine.whenIdle();
    // The first run, then one coalesced re-run with the newest request.
    expect(runs).toEqual([1, 5]);
  });

  it('fires strategy timers on the replay clock, repeating when asked', async () => {
    const fired: Array<[string, number]> = [];
    const clock = new ReplayClock(1_000);
    const s: Strategy = {
      name: 't', venues: ['deribit'], discoverSubscriptions: () => [],
      onStart: (ctx) => { ctx.setTimer('tick', 100, 100); ctx.setTimer('once', 250); },
      onEvent: () => {},
      onTimer: (id, ctx) => { fired.push([id, ctx.now()]); if (fired.length === 4) ctx.cancelTimer('tick'); },
    };
    const engine = new Engine({ strategies: [s], clock, logger: silentLogger, refreshIntervalMs: 1e9 });
    await engine.start();
    clock.advanceTo(1_600);
    expect(fired).toEqual([['tick', 1_100], ['tick', 1_200], ['once', 1_250], ['tick', 1_300]]);
  });

  it('refuses orders clearly when no execution is configured', async () => {
    let ctxRef: StrategyContext | null = null;
    const s: Strategy = { name: 'o', venues: ['deribit'], discoverSubscriptions: () => [], onStart: (ctx) => { ctxRef = ctx; }, onEvent: () => {} };
    const engine = new Engine({ strategies: [s], clock: new ReplayClock(0), logger: silentLogger });
    await engine.start();
    await expect(ctxRef!.submitOrder({
      clientOrderId: 'c1', venue: 'deribit', symbol: 'A', side: 'buy', type: 'limit', quantity: 1, price: 1, timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null,
    })).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
  });

  it('routes amendOrder to the execution, and refuses it without execution, without amend, or while disabled', async () => {
    let ctxRef: StrategyContext | null = null;
    const s: Strategy = { name: 'o', venues: ['deribit'], discoverSubscriptions: () => [], onStart: (ctx) => { ctxRef = ctx; }, onEvent: () => {} };
    const none = new Engine({ strategies: [s], clock: new ReplayClock(0), logger: silentLogger });
    await none.start();
    await expect(ctxRef!.amendOrder('deribit', 'c1', { price: 2 })).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
    const noAmend = new Engine({ strategies: [s], clock: new ReplayClock(0), logger: silentLogger, execution: { submit: async () => ({ clientOrderId: 'c1', venueOrderId: null }), cancel: async () => {} } });
    await noAmend.start();
    await expect(ctxRef!.amendOrder('deribit', 'c1', { price: 2 })).rejects.toThrow(/deribit/);
    const amends: unknown[] = [];
    const execution = { submit: async () => ({ clientOrderId: 'c1', venueOrderId: null }), cancel: async () => {}, amend: async (...args: unknown[]) => { amends.push(args); } };
    const engine = new Engine({ strategies: [s], clock: new ReplayClock(0), logger: silentLogger, execution });
    await engine.start();
    await ctxRef!.amendOrder('deribit', 'c1', { price: 2, quantity: 3 });
    expect(amends).toEqual([['deribit', 'c1', { price: 2, quantity: 3 }]]);
    engine.setStrategyEnabled('o', false);
    await expect(ctxRef!.amendOrder('deribit', 'c1', { quantity: 5 })).rejects.toMatchObject({ code: 'ARB_ENGINE_STATE' });
    expect(amends).toHaveLength(1);
  });

  it('a disabled strategy gets no events, no timers and may not order; fills still reach it; re-enabling resumes it', async () => {
    const clock = new ReplayClock(0);
    const got: string[] = [];
    let ctxRef: StrategyContext | null = null;
    const execution = { submit: async (r: { clientOrderId: string }) => ({ clientOrderId: r.clientOrderId, venueOrderId: null }), cancel: async () => {} };
    const make = (name: string): Strategy => ({
      name, venues: ['deribit'], discoverSubscriptions: (c) => allDeribit(c),
      onStart: (ctx) => { if (name === 'a') ctxRef = ctx; ctx.setTimer('tick', 100, 100); },
      onEvent: (e) => { got.push(`${name}:event:${e.tsLocal}`); },
      onTimer: (id, ctx) => { got.push(`${name}:${id}:${ctx.now()}`); },
      onFill: (f) => { got.push(`${name}:fill:${f.clientOrderId}`); },
    });
    const engine = new Engine({
      strategies: [make('a'), make('b')], clock, logger: silentLogger, execution, refreshIntervalMs: 1e9,
      catalogs: [{ venue: 'deribit', load: async () => [option('A')] }],
    });
    await engine.start();
    const order = { venue: 'deribit', symbol: 'A', side: 'buy', type: 'limit', quantity: 1, price: 1, timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null } as const;
    await ctxRef!.submitOrder({ ...order, clientOrderId: 'before' });
    engine.setStrategyEnabled('a', false);
    expect(engine.isStrategyEnabled('a')).toBe(false);
    expect(engine.isStrategyEnabled('b')).toBe(true);
    engine.dispatch(ticker('deribit', 'A', 1));
    clock.advanceTo(100);
    await expect(ctxRef!.submitOrder({ ...order, clientOrderId: 'during' })).rejects.toMatchObject({ code: 'ARB_ENGINE_STATE' });
    engine.deliverFill({
      kind: 'fill', venue: 'deribit', symbol: 'A', clientOrderId: 'before', venueOrderId: null, tradeId: 't1', side: 'buy', price: 1, quantity: 1,
      fee: 0, feeCurrency: 'BTC', liquidity: 'taker', tsVenue: null, tsLocal: 100,
    });
    engine.setStrategyEnabled('a', true);
    engine.dispatch(ticker('deribit', 'A', 150));
    clock.advanceTo(200);
    await ctxRef!.submitOrder({ ...order, clientOrderId: 'after' });
    expect(got).toEqual([
      'b:event:1', 'b:tick:100', 'a:fill:before',
      'a:event:150', 'b:event:150', 'a:tick:200', 'b:tick:200',
    ]);
    expect(engine.stats.strategies.map((s) => s.events)).toEqual([1, 2]);
    expect(() => engine.setStrategyEnabled('nope', false)).toThrow(/no strategy named "nope"/);
  });

  it('rejects two strategies with one name', () => {
    const a = new Recorder('same', ['deribit'], () => []);
    const b = new Recorder('same', ['deribit'], () => []);
    expect(() => new Engine({ strategies: [a, b], clock: new ReplayClock(0), logger: silentLogger })).toThrow(/unique/);
  });
});

describe('Engine portfolio access', () => {
  it('refuses to report wealth when no portfolio is configured (the seed sized with wealth 0)', async () => {
    let ctxRef: StrategyContext | null = null;
    const s: Strategy = { name: 'p', venues: ['deribit'], discoverSubscriptions: () => [], onStart: (ctx) => { ctxRef = ctx; }, onEvent: () => {} };
    const engine = new Engine({ strategies: [s], clock: new ReplayClock(0), logger: silentLogger });
    await engine.start();
    expect(() => ctxRef!.portfolio.equityUsd()).toThrow(/no portfolio/);
    const withPortfolio = new Engine({
      strategies: [{ ...s, name: 'q' }], clock: new ReplayClock(0), logger: silentLogger,
      portfolio: { equityUsd: () => 12_345, position: () => undefined, positions: () => [] },
    });
    await withPortfolio.start();
    expect(ctxRef!.portfolio.equityUsd()).toBe(12_345);
  });
});

describe('Engine and asynchronous strategy callbacks', () => {
  it('counts a returned promise as pending work until it settles, so replay finishes it before the next record', async () => {
    const steps: string[] = [];
    const s: Strategy = {
      name: 'async', venues: ['deribit'],
      discoverSubscriptions: () => [{ venue: 'deribit', symbol: 'A' }],
      onEvent: async (e) => {
        // Several microtask hops, like an awaited order followed by a second leg.
        for (let k = 0; k < 5; k++) await Promise.resolve();
        steps.push(`done ${e.tsLocal}`);
      },
    };
    const engine = new Engine({ strategies: [s], clock: new ReplayClock(0), logger: silentLogger });
    await engine.start();
    engine.dispatch(ticker('deribit', 'A', 1));
    expect(engine.busy).toBe(true);
    await engine.whenIdle();
    expect(engine.busy).toBe(false);
    expect(steps).toEqual(['done 1']);
  });

  it('isolates a rejected promise and still settles the pending count', async () => {
    const s: Strategy = {
      name: 'fails-later', venues: ['deribit'],
      discoverSubscriptions: () => [{ venue: 'deribit', symbol: 'A' }],
      onEvent: async () => {
        await Promise.resolve();
        throw new Error('late failure');
      },
    };
    const engine = new Engine({ strategies: [s], clock: new ReplayClock(0), logger: silentLogger });
    await engine.start();
    engine.dispatch(ticker('deribit', 'A', 1));
    await engine.whenIdle();
    expect(engine.busy).toBe(false);
    expect(engine.stats.strategies[0]).toMatchObject({ errors: 1, lastError: 'late failure' });
  });
});
