import { describe, expect, it } from 'vitest';
import type { Instrument, OptionInstrument, OutcomeInstrument } from '../../domain/instrument.js';
import type { BookSnapshotEvent, MarketEvent } from '../../domain/market-event.js';
import { MS_PER_DAY, MS_PER_YEAR } from '../../domain/time.js';
import { normPpf } from '../../pricing/index.js';
import { createCrossMarketStrategy, type CrossMarketStrategy } from './strategy.js';
import type { CrossMarketConfigInput } from './config.js';
import { FakeContext, catalogOf, orderUpdate, ticker } from './fake-context.test-support.js';

const NOW = Date.UTC(2024, 0, 1); // 1704067200000
const E30 = NOW + 30 * MS_PER_DAY;
const STRIKES = [80_000, 85_000, 90_000, 95_000, 100_000, 105_000, 110_000, 115_000, 120_000];

function deribitOption(expiryMs: number, strike: number, right: 'call' | 'put'): OptionInstrument {
  return {
    venue: 'deribit', symbol: `BTC-${expiryMs}-${strike}-${right === 'call' ? 'C' : 'P'}`, kind: 'option', underlying: 'BTC', expiryMs, strike, right,
    settlement: 'inverse', priceCurrency: 'BTC', tickSize: 0.0001, minSize: 0.1, sizeStep: 0.1,
  };
}

function market(id: string, strike: number, expiryMs: number): [OutcomeInstrument, OutcomeInstrument] {
  const question = `Bitcoin above $${strike.toLocaleString('en-US')} on ${new Date(expiryMs).toUTCString().slice(5, 11)}?`;
  const base = { venue: 'polymarket', kind: 'outcome', marketId: id, question, underlying: 'BTC', comparison: 'above', strike, expiryMs, priceCurrency: 'USD', tickSize: 0.01, minSize: 5 } as const;
  return [{ ...base, symbol: `${id}-yes`, outcome: 'Yes' }, { ...base, symbol: `${id}-no`, outcome: 'No' }];
}

/** Deribit smile at one expiry: every strike, calls and puts, at flat vol `iv` on a 100k forward. */
function smile(expiryMs: number, iv: number, tsLocal: number, forward = 100_000): { instruments: OptionInstrument[]; events: MarketEvent[] } {
  const instruments = STRIKES.flatMap((k) => [deribitOption(expiryMs, k, 'call'), deribitOption(expiryMs, k, 'put')]);
  const events = instruments.map((i) => ticker('deribit', i.symbol, tsLocal, { priceCurrency: 'BTC', markIv: iv, underlying: forward, index: 100_000, bid: 0.01, ask: 0.011 }));
  return { instruments, events };
}

function book(symbol: string, tsLocal: number, asks: number[], bids: number[] = []): BookSnapshotEvent {
  return { kind: 'book_snapshot', venue: 'polymarket', symbol, tsVenue: tsLocal, tsLocal, bids, asks, sequence: null };
}

/** The strike whose flat-vol (no skew) P(S_T > K) on a 100k forward equals p. */
function strikeWithProbability(p: number, vol: number, expiryMs: number, nowMs: number): number {
  const w = vol * vol * ((expiryMs - nowMs) / MS_PER_YEAR);
  const d2 = normPpf(p);
  return 100_000 * Math.exp(-d2 * Math.sqrt(w) - w / 2);
}

async function setup(instruments: Instrument[], config: CrossMarketConfigInput = {}): Promise<{ s: CrossMarketStrategy; ctx: FakeContext }> {
  const s = createCrossMarketStrategy({ scenarios: 4_000, ...config });
  const ctx = new FakeContext(s.name, NOW - 1, instruments);
  s.discoverSubscriptions(ctx.catalogs);
  await s.onStart(ctx);
  return { s, ctx };
}

async function deliverAll(s: CrossMarketStrategy, ctx: FakeContext, events: MarketEvent[]): Promise<void> {
  for (const e of events) await ctx.deliver(s, e);
}

describe('CrossMarket discovery', () => {
  it('takes inverse Deribit options and futures of the currency, Derive options and matching Polymarket pairs within the horizon', async () => {
    const far = NOW + 200 * MS_PER_DAY;
    const [yes, no] = market('m1', 100_000, E30);
    const [farYes, farNo] = market('m2', 100_000, far);
    const eth: OptionInstrument = { ...deribitOption(E30, 3_000, 'call'), symbol: 'ETH-X', underlying: 'ETH' };
    const linear: OptionInstrument = { ...deribitOption(E30, 100_000, 'call'), symbol: 'BTC_USDC-X', settlement: 'linear', priceCurrency: 'USDC' };
    const future: Instrument = { venue: 'deribit', symbol: 'BTC-FUT', kind: 'future', underlying: 'BTC', expiryMs: E30, settlement: 'inverse', priceCurrency: 'USD' };
    const derive: OptionInstrument = { ...deribitOption(E30, 100_000, 'call'), venue: 'derive', symbol: 'BTC-20240131-100000-C', settlement: 'linear', priceCurrency: 'USDC' };
    const lonely: OutcomeInstrument = { ...market('m3', 90_000, E30)[0], symbol: 'm3-yes' };
    const other: OutcomeInstrument = { ...market('m4', 90_000, E30)[0], question: 'Will it rain in Paris on Jan 5?', symbol: 'm4-yes' };
    const instruments = [deribitOption(E30, 100_000, 'call'), deribitOption(far, 100_000, 'put'), eth, linear, future, derive, yes, no, farYes, farNo, lonely, other];
    const s = createCrossMarketStrategy();
    // Before any time is known nothing is dropped for its horizon…
    expect(s.discoverSubscriptions(catalogOf(instruments)).length).toBe(8);
    const ctx = new FakeContext(s.name, NOW, instruments);
    await s.onStart(ctx);
    // …afterwards the 90-day horizon applies, measured from the strategy's own clock.
    const specs = s.discoverSubscriptions(catalogOf(instruments));
    expect(specs.map((x) => `${x.venue}:${x.symbol}`).sort()).toEqual([
      `deribit:${deribitOption(E30, 100_000, 'call').symbol}`, 'deribit:BTC-FUT', 'derive:BTC-20240131-100000-C', 'polymarket:m1-no', 'polymarket:m1-yes',
    ]);
    expect(specs.find((x) => x.symbol === 'm1-yes')!.channels).toEqual(['book', 'ticker']);
    expect(s.discovered.binaries.get('m1')).toMatchObject({ strike: 100_000, expiryMs: E30, comparison: 'above' });
  });

  it('matches the pattern on the question or on its slug form, case-insensitively', async () => {
    const [yes, no] = market('m1', 100_000, E30);
    const bySlug = createCrossMarketStrategy({ polymarketPattern: '^bitcoin-above-100000-on' });
    expect(bySlug.discoverSubscriptions(catalogOf([yes, no]))).toHaveLength(2);
    const byQuestion = createCrossMarketStrategy({ polymarketPattern: 'BITCOIN ABOVE \\$100,000' });
    expect(byQuestion.discoverSubscriptions(catalogOf([yes, no]))).toHaveLength(2);
    const none = createCrossMarketStrategy({ polymarketPattern: 'ethereum' });
    expect(none.discoverSubscriptions(catalogOf([yes, no]))).toHaveLength(0);
  });
});

describe('CrossMarket trading', () => {
  const P = 0.45;
  const K = strikeWithProbability(P, 0.5, E30, NOW);
  const [yes, no] = market('m1', K, E30);

  async function binaryRun(config: CrossMarketConfigInput, asks: { yes: number[]; no: number[] }, equity: number | null = 10_000) {
    const { instruments, events } = smile(E30, 0.5, NOW);
    const { s, ctx } = await setup([...instruments, yes, no], { recalcIntervalMs: 60_000, ...config });
    ctx.equity = equity;
    await deliverAll(s, ctx, [book(yes.symbol, NOW - 1, asks.yes), book(no.symbol, NOW - 1, asks.no), ...events]);
    // The first event recalculated before the surface existed; the next due time is minRecalcSpacingMs later.
    await ctx.deliver(s, book(yes.symbol, NOW + 10_000, asks.yes));
    return { s, ctx };
  }

  it('buys YES at the ask when the model says 0.45 and the market asks 0.35, sized by Kelly (log utility)', async () => {
    const { s, ctx } = await binaryRun({}, { yes: [0.35, 1e6], no: [0.7, 1e6] });
    expect(ctx.orders).toHaveLength(1);
    const o = ctx.orders[0]!;
    expect(o).toMatchObject({ clientOrderId: 'cross-market-1', venue: 'polymarket', symbol: yes.symbol, side: 'buy', type: 'limit', price: 0.35, timeInForce: 'gtc' });
    // Kelly stake of a binary: (p − c)/(1 − c) of wealth = 0.10/0.65 ≈ 15.4 %, below the 20 % cap.
    const kelly = (P - 0.35) / (1 - 0.35);
    expect((o.quantity * 0.35) / 10_000).toBeCloseTo(kelly, 2);
    const st = s.state();
    expect(st.opportunities).toHaveLength(1);
    expect(st.opportunities[0]).toMatchObject({ symbol: yes.symbol, kind: 'binary-yes', marketPrice: 0.35 });
    expect(st.opportunities[0]!.fairValue).toBeCloseTo(P, 6);
    expect(st.positions[0]).toMatchObject({ symbol: yes.symbol, current: 0 });
    expect(st.positions[0]!.target).toBeCloseTo(o.quantity, 6);
    expect(ctx.messages('VOL SURFACE')[0]!.msg).toBe('VOL SURFACE: spot=$100000, 1 expiries, 9 iv_points');
    expect(ctx.messages('SCAN SUMMARY')).toHaveLength(1);
    expect(ctx.messages('OPPORTUNITY')[0]!.msg).toContain('edge=0.1000');
  });

  it('keeps the stake within maxFractionPerAsset and the book size', async () => {
    const capped = await binaryRun({ maxFractionPerAsset: 0.05 }, { yes: [0.35, 1e6], no: [0.7, 1e6] });
    expect(capped.ctx.orders[0]!.quantity * 0.35).toBeLessThanOrEqual(500 + 1e-9);
    expect(capped.ctx.orders[0]!.quantity * 0.35).toBeGreaterThan(499);
    const thin = await binaryRun({}, { yes: [0.35, 120, 0.5, 1e6], no: [0.7, 1e6] });
    expect(thin.ctx.orders[0]!.quantity).toBe(120);
  });

  it('takes wealth from the portfolio: twice the equity, twice the order; no portfolio, no order', async () => {
    const a = await binaryRun({}, { yes: [0.35, 1e6], no: [0.7, 1e6] }, 10_000);
    const b = await binaryRun({}, { yes: [0.35, 1e6], no: [0.7, 1e6] }, 20_000);
    expect(b.ctx.orders[0]!.quantity / a.ctx.orders[0]!.quantity).toBeCloseTo(2, 2);
    const none = await binaryRun({}, { yes: [0.35, 1e6], no: [0.7, 1e6] }, null);
    expect(none.ctx.orders).toHaveLength(0);
    expect(none.ctx.lines.some((l) => l.level === 'warn' && l.msg.includes('no portfolio'))).toBe(true);
    expect(none.s.state().opportunities).toHaveLength(1);
  });

  it('trades only one side when YES and NO are both cheap', async () => {
    const { ctx, s } = await binaryRun({}, { yes: [0.35, 1e6], no: [0.45, 1e6] });
    expect(ctx.orders).toHaveLength(1);
    expect(s.state().opportunities).toHaveLength(1);
  });

  it('does not buy YES while holding NO of the same market', async () => {
    const { instruments, events } = smile(E30, 0.5, NOW);
    const { s, ctx } = await setup([...instruments, yes, no]);
    ctx.hold('polymarket', no.symbol, 100);
    await deliverAll(s, ctx, [book(yes.symbol, NOW - 1, [0.35, 1e6]), { ...book(no.symbol, NOW - 1, [0.7, 1e6]), bids: [0.62, 1e6] }, ...events]);
    await ctx.deliver(s, book(yes.symbol, NOW + 10_000, [0.35, 1e6]));
    expect(ctx.orders.some((o) => o.symbol === yes.symbol)).toBe(false);
    // NO is worth 0.55 to the model and bid 0.62: the held NO is sold instead.
    expect(ctx.orders).toEqual([expect.objectContaining({ symbol: no.symbol, side: 'sell', quantity: 100, price: 0.62 })]);
  });

  it('does not trade on stale quotes', async () => {
    const { instruments, events } = smile(E30, 0.5, NOW);
    const { s, ctx } = await setup([...instruments, yes, no], { polymarket: { maxQuoteAgeMs: 60_000 } });
    await deliverAll(s, ctx, [book(yes.symbol, NOW - 1, [0.35, 1e6]), book(no.symbol, NOW - 1, [0.7, 1e6])]);
    // Deribit quotes arrive two minutes after the books: the books are stale by then.
    await deliverAll(s, ctx, events.map((e) => ({ ...e, tsLocal: NOW + 120_000 })));
    await ctx.deliver(s, ticker('deribit', events[0]!.symbol, NOW + 130_000, { markIv: 0.5, underlying: 100_000, index: 100_000 }));
    expect(s.state().scan).toMatchObject({ stale: 1 });
    expect(ctx.orders).toHaveLength(0);
    // And Deribit quotes older than deribit.maxQuoteAgeMs build no surface at all.
    ctx.clock.advanceTo(NOW + 130_000 + 200_000);
    const before = s.state().lastRecalcMs;
    await ctx.deliver(s, book(yes.symbol, NOW + 400_000, [0.35, 1e6]));
    expect(s.state().lastRecalcMs).toBe(before);
    expect(ctx.orders).toHaveLength(0);
  });

  it('recalculates at most every recalcIntervalMs, sooner when a watched edge moves, and keeps a working order that still fits', async () => {
    const { s, ctx } = await binaryRun({ recalcIntervalMs: 60_000, minRecalcSpacingMs: 1_000 }, { yes: [0.35, 1e6], no: [0.7, 1e6] });
    const recalcs = s.state().recalcs;
    await ctx.deliver(s, book(yes.symbol, NOW + 11_000, [0.35, 1e6])); // nothing moved
    expect(s.state().recalcs).toBe(recalcs);
    await ctx.deliver(s, book(yes.symbol, NOW + 12_000, [0.3, 1e6])); // the YES edge moved by 5 points
    expect(s.state().recalcs).toBe(recalcs + 1);
    // The working buy at 0.35 no longer fits (the ask is 0.30): cancelled, re-planned on a later recalculation.
    expect(ctx.cancels).toEqual(['cross-market-1']);
    expect(ctx.orders).toHaveLength(1);
    s.onOrderUpdate(orderUpdate(ctx.orders[0]!, 'canceled', NOW + 12_500), ctx);
    await ctx.deliver(s, book(yes.symbol, NOW + 80_000, [0.3, 1e6]));
    expect(ctx.orders).toHaveLength(2);
    expect(ctx.orders[1]).toMatchObject({ clientOrderId: 'cross-market-2', price: 0.3 });
  });

  it('exposes smiles, distribution quantiles and a capped activity log', async () => {
    const { s } = await binaryRun({}, { yes: [0.35, 1e6], no: [0.7, 1e6] });
    const st = s.state();
    expect(st.spot).toBe(100_000);
    expect(st.smiles).toHaveLength(1);
    expect(st.smiles[0]!.points).toHaveLength(18);
    for (const p of st.smiles[0]!.points) expect(p.modelIv).toBeCloseTo(0.5, 10);
    const q = st.distributions[0]!.quantiles;
    expect(q.map((x) => x.p)).toEqual([0.05, 0.25, 0.5, 0.75, 0.95]);
    expect(q[2]!.price).toBeLessThan(100_000); // lognormal median F·e^{−w/2}
    expect(st.distributions[0]!.probabilityAbove[2]!.p).toBeCloseTo(0.5 - 0.028, 2);
    expect(st.log.length).toBeGreaterThan(0);
    expect(st.portfolio).toMatchObject({ wealthUsd: 10_000, status: 'optimal' });
  });
});
