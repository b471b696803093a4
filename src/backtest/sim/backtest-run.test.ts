/**
 * End to end: a synthetic recording replayed through the real parsers and engine, a strategy
 * trading on simulated Deribit and Polymarket venues, the portfolio marking and the history
 * sampling. Shows that a backtest is deterministic (same report twice) and that its PnL
 * reconciles (cash + positions = equity at every sample; fees add up to the fills' fees).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instrument } from '../../domain/instrument.js';
import type { MarketEvent } from '../../domain/market-event.js';
import type { Fill, OrderUpdate } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import { ReplayClock } from '../../engine/clock.js';
import { Engine } from '../../engine/engine.js';
import { VenueExecutionRouter } from '../../engine/execution-router.js';
import { silentLogger } from '../../engine/logger.js';
import { Portfolio } from '../../engine/portfolio/portfolio.js';
import type { Strategy, StrategyContext, SubscriptionSpec } from '../../engine/strategy.js';
import { createFrameParsers, priceCurrencyOf } from '../../venues/registry.js';
import { replayRecordings } from '../replay.js';
import { buildBacktestReport } from '../report/backtest-report.js';
import { PortfolioHistory } from '../report/portfolio-history.js';
import { writeBacktestReport } from '../report/write-backtest-report.js';
import { SyntheticMarket, writeSyntheticRecording } from '../synthetic-recording.js';
import { createSimulatedVenues } from './create-simulated-venues.js';

const START = Date.UTC(2024, 0, 1, 6);
const SEED = 11;

/** Trades a little on every venue it watches: market and resting limit orders, sized from equity. */
class TakerMakerStrategy implements Strategy {
  readonly name = 'taker-maker';
  readonly venues: readonly VenueId[] = ['deribit', 'polymarket'];
  readonly equitySeen: number[] = [];
  readonly updates: OrderUpdate[] = [];
  private n = 0;
  private ids = 0;
  private long = new Map<string, number>();

  constructor(private readonly option: string, private readonly tokens: readonly string[]) {}

  discoverSubscriptions(): readonly SubscriptionSpec[] {
    return [
      { venue: 'deribit', symbol: 'BTC-PERPETUAL', channels: ['ticker', 'book', 'trades'] },
      { venue: 'deribit', symbol: this.option, channels: ['ticker'] },
      ...this.tokens.map((symbol) => ({ venue: 'polymarket' as const, symbol, channels: ['book' as const] })),
    ];
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): void {
    this.n++;
    if (this.n % 97 !== 0) return;
    const equity = ctx.portfolio.equityUsd();
    this.equitySeen.push(equity);
    const id = `${this.name}-${++this.ids}`;
    const base = { clientOrderId: id, venue: event.venue, symbol: event.symbol, timeInForce: 'gtc' as const, postOnly: false, reduceOnly: false, expireAtMs: null };
    const held = this.long.get(event.symbol) ?? 0;
    if (event.kind === 'book_snapshot' || event.kind === 'book_delta') {
      if (event.venue === 'polymarket') {
        const side = held > 0 ? 'sell' : 'buy';
        void ctx.submitOrder({ ...base, side, type: 'market', quantity: 5, price: null });
      } else {
        // Perpetual: quantity in USD, 0.1 % of equity, rounded to 10.
        const qty = Math.max(10, Math.round((equity * 0.001) / 10) * 10);
        void ctx.submitOrder({ ...base, side: held > 0 ? 'sell' : 'buy', type: 'market', quantity: qty, price: null });
      }
    } else if (event.kind === 'ticker' && event.bid !== null) {
      // Rests at the bid for ten seconds.
      void ctx.submitOrder({ ...base, side: 'buy', type: 'limit', quantity: 1, price: event.bid, timeInForce: 'gtd', expireAtMs: ctx.now() + 10_000 });
    }
  }

  onOrderUpdate(update: OrderUpdate): void {
    this.updates.push(update);
  }

  onFill(fill: Fill): void {
    this.long.set(fill.symbol, (this.long.get(fill.symbol) ?? 0) + (fill.side === 'buy' ? fill.quantity : -fill.quantity));
  }
}

interface RunResult {
  readonly reportJson: string;
  readonly fills: Fill[];
  readonly history: PortfolioHistory;
  readonly portfolio: Portfolio;
  readonly strategy: TakerMakerStrategy;
  readonly files: { json: string; csv: string; html: string };
}

async function runBacktest(file: string, catalog: { deribit: Instrument[]; polymarket: Instrument[] }, outDir: string): Promise<RunResult> {
  const clock = new ReplayClock(START);
  const find = (venue: VenueId, symbol: string): Instrument | undefined => (venue === 'deribit' ? catalog.deribit : venue === 'polymarket' ? catalog.polymarket : []).find((i) => i.symbol === symbol);
  const portfolio = new Portfolio({
    initialCash: [{ venue: 'deribit', currency: 'BTC', amount: 1 }, { venue: 'polymarket', currency: 'USD', amount: 10_000 }],
    instruments: { find }, priceCurrencyOf,
    books: { bestBid: (v, s) => sim.bestBid(v, s), bestAsk: (v, s) => sim.bestAsk(v, s) },
  });
  const fills: Fill[] = [];
  const sim = createSimulatedVenues({ venues: ['deribit', 'polymarket'], clock, seed: SEED, latency: { entryMs: 20, responseMs: 20, sigma: 0.3 }, instruments: { find }, priceCurrencyOf, portfolio });
  const strategy = new TakerMakerStrategy(catalog.deribit[10]!.symbol, catalog.polymarket.slice(0, 4).map((i) => i.symbol));
  let engine: Engine | null = null;
  const router = new VenueExecutionRouter(sim.clients, (u) => {
    if (u.kind === 'fill') {
      fills.push(u);
      engine!.deliverFill(u);
    } else engine!.deliverOrderUpdate(u);
  });
  engine = new Engine({
    strategies: [strategy], clock, logger: silentLogger, execution: router, portfolio,
    catalogs: [{ venue: 'deribit', load: async () => catalog.deribit }, { venue: 'polymarket', load: async () => catalog.polymarket }],
  });
  const history = new PortfolioHistory(portfolio, 1_000);
  const e = engine;
  await replayRecordings({
    files: [file], parsers: createFrameParsers(), priceCurrencyOf, clock, quiescent: e,
    onEvent: (event) => {
      sim.onMarketEvent(event);
      portfolio.onMarketEvent(event);
      e.dispatch(event);
    },
    beforeFirstRecord: async (ts) => {
      if (ts !== null) clock.advanceTo(ts);
      await e.start();
      history.start(clock);
    },
  });
  clock.advanceTo(sim.busyUntil());
  history.stop(clock.now());
  await e.stop();
  const report = buildBacktestReport({
    strategy: strategy.name, rows: history.rows, periodMs: history.periodMs, final: portfolio.snapshot(clock.now()), settlements: portfolio.settlements,
    settings: { seed: SEED, entryMs: 20, responseMs: 20, sigma: 0.3 }, feedLatency: sim.feedLatency(),
  });
  const files = await writeBacktestReport(outDir, report, { rows: history.rows, edges: history.edges });
  return { reportJson: JSON.stringify(report), fills, history, portfolio, strategy, files };
}

describe('backtest end to end', () => {
  let dir = '';
  let first: RunResult;
  let second: RunResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arbiter-backtest-'));
    const file = join(dir, 'synthetic.jsonl');
    await writeSyntheticRecording(file, 20_000, { startMs: START, seed: 3 });
    const catalog = new SyntheticMarket({ startMs: START, seed: 3 }).catalog();
    first = await runBacktest(file, catalog, join(dir, 'a'));
    second = await runBacktest(file, catalog, join(dir, 'b'));
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trades on both venues, sized from a non-zero equity', () => {
    const venues = new Set(first.fills.map((f) => f.venue));
    expect(venues).toEqual(new Set(['deribit', 'polymarket']));
    expect(first.fills.some((f) => f.liquidity === 'maker')).toBe(true);
    expect(first.strategy.updates.some((u) => u.status === 'expired' || u.status === 'canceled' || u.status === 'open')).toBe(true);
    expect(first.strategy.equitySeen.length).toBeGreaterThan(10);
    expect(Math.min(...first.strategy.equitySeen)).toBeGreaterThan(0);
    expect(first.history.rows.length).toBeGreaterThan(20);
  });

  it('is deterministic: the same report, CSV and HTML twice', async () => {
    expect(second.reportJson).toBe(first.reportJson);
    expect(second.fills).toEqual(first.fills);
    for (const key of ['json', 'csv', 'html'] as const) {
      expect(await readFile(second.files[key], 'utf8')).toBe(await readFile(first.files[key], 'utf8'));
    }
  });

  it('reconciles: cash + positions = equity at every sample, and fees are the sum of the fills’ fees', () => {
    for (const r of first.history.rows) expect(r.cashUsd + r.positionsValueUsd).toBeCloseTo(r.equityUsd, 6);
    const final = first.portfolio.snapshot(0);
    const feesByCurrency = new Map<string, number>();
    for (const f of first.fills) feesByCurrency.set(f.feeCurrency, (feesByCurrency.get(f.feeCurrency) ?? 0) + f.fee);
    let feesUsd = 0;
    for (const [currency, amount] of feesByCurrency) feesUsd += amount * first.portfolio.usdRate(currency)!;
    expect(final.feesUsd).toBeCloseTo(feesUsd, 9);
    expect(final.feesUsd).toBeGreaterThan(0);
    expect(final.venues.reduce((n, v) => n + v.fills, 0)).toBe(first.fills.length);
    // Each venue once: the venues' equities add up to the total.
    expect(final.venues.reduce((n, v) => n + v.equityUsd, 0)).toBeCloseTo(final.equityUsd, 6);
  });
});
