/**
 * DEX–CEX arbitrage end to end: the uniswap feed against the node simulator over loopback
 * WebSocket (subscribe, Sync logs → curve books, reconnect + resync, recorded frames replaying
 * through the registered parser), the catalog over HTTP eth_call; then the strategy trading in
 * a demo-like paper session against the Binance and Uniswap simulators, and in a backtest of
 * that session's recording.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { asOfCatalogSources, CATALOG_SNAPSHOTS_FILE, loadCatalogSnapshots } from '../../src/backtest/catalog-snapshots.js';
import { runBacktest } from '../../src/backtest/backtest-runner.js';
import { TradingSession } from '../../src/cli/session/trading-session.js';
import { createDexCexArbitrageStrategy, type DexCexArbitrageStrategy } from '../../src/strategies/dex-cex-arbitrage/index.js';
import { BinanceSimulator } from '../../src/venues/binance/index.js';
import { SIM_ETH_PER_BTC } from '../../src/venues/uniswap/index.js';
import type { BookSnapshotEvent, MarketEvent, TickerEvent } from '../../src/domain/market-event.js';
import { silentLogger } from '../../src/engine/logger.js';
import { v2ReservesFromCurveBook } from '../../src/lab/uniswap/v2-curve-book.js';
import { createFrameParsers } from '../../src/venues/registry.js';
import { UniswapCatalogSource, UniswapMarketFeed, UniswapSimulator } from '../../src/venues/uniswap/index.js';
import { until } from '../faults/fault-harness.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

async function simulator(): Promise<UniswapSimulator> {
  const sim = await UniswapSimulator.start({ tickIntervalMs: 0, seed: 7, startMs: 1_763_700_000_000 });
  stops.push(() => sim.stop());
  return sim;
}

describe('uniswap feed ↔ node simulator', () => {
  it('lists the pair over eth_call, streams its state from Sync logs, and resyncs after a reconnect', async () => {
    const sim = await simulator();
    const catalog = await new UniswapCatalogSource({ restUrl: sim.restUrl }).load();
    expect(catalog).toEqual([{ venue: 'uniswap', kind: 'spot', symbol: 'WETH-USDC', base: 'WETH', quote: 'USDC', priceCurrency: 'USDC' }]);

    const frames: Array<{ text: string; tsLocal: number }> = [];
    const feed = new UniswapMarketFeed({ url: sim.url, logger: silentLogger, onRawFrame: (text, tsLocal) => frames.push({ text, tsLocal }), backoff: { initialMs: 10, maxMs: 50 } });
    stops.push(() => feed.stop());
    const events: MarketEvent[] = [];
    await feed.subscribe([{ symbol: 'WETH-USDC', channel: 'book' }, { symbol: 'WETH-USDC', channel: 'ticker' }]);
    await feed.start((e) => events.push(e));
    const books = (): BookSnapshotEvent[] => events.filter((e): e is BookSnapshotEvent => e.kind === 'book_snapshot');
    const tickers = (): TickerEvent[] => events.filter((e): e is TickerEvent => e.kind === 'ticker');
    await until('initial state', () => books().length === 1 && tickers().length === 1);
    expect(books()[0]!.sequence).toBeNull();
    expect(tickers()[0]!.mark).toBeCloseTo(sim.poolPrice(), 6);

    // A noise-trader swap is a Sync log: a new book at the new reserves.
    sim.swap('buy_weth', 50_000n * 10n ** 6n);
    await until('Sync → book', () => books().length === 2);
    const book = books()[1]!;
    expect(book.sequence).toBe(Number(sim.rpc.blockNumber) * 100_000);
    const { usdc, weth } = sim.reserves();
    const recovered = v2ReservesFromCurveBook(book.bids, book.asks, 30);
    expect(recovered.reserveBase / (Number(weth) / 1e18)).toBeCloseTo(1, 6);
    expect(recovered.reserveQuote / (Number(usdc) / 1e6)).toBeCloseTo(1, 6);
    expect(tickers().at(-1)!.mark).toBeCloseTo(sim.poolPrice(), 6);

    // Drop the connection; while down the pool moves; the reconnect re-reads the state.
    sim.disconnectAll();
    await until('disconnected', () => !feed.connected);
    sim.swap('sell_weth', 30n * 10n ** 18n);
    await until('resync after reconnect', () => feed.counters.resyncs === 2 && tickers().length >= 3);
    expect(feed.counters.reconnects).toBe(1);
    expect(tickers().at(-1)!.mark).toBeCloseTo(sim.poolPrice(), 6);
    sim.tick();
    sim.tick();
    await until('Syncs after resync', () => sim.logsSent >= 2 && books().length >= 3 + sim.logsSent - 1);
    expect(feed.counters.badFrames).toBe(0);

    // The recorded frames replay through the registered parser to the same events.
    const parser = createFrameParsers().get('uniswap')!;
    const replayed: MarketEvent[] = [];
    for (const f of frames) parser.parse(JSON.parse(f.text), f.tsLocal, (e) => replayed.push(e));
    expect(replayed).toEqual(events);
  });

  it('answers eth_unsubscribe and refuses other subscriptions', async () => {
    const sim = await simulator();
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(sim.url);
    stops.push(async () => ws.close());
    const answers: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => answers.push(JSON.parse(d.toString()) as Record<string, unknown>));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'eth_subscribe', params: ['logs', { address: sim.pair }] }));
    await until('answers', () => answers.length === 2);
    expect((answers[0]!.error as { message: string }).message).toMatch(/only logs/);
    const sid = answers[1]!.result as string;
    sim.tick(Date.now() + 60_000);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'eth_unsubscribe', params: [sid] }));
    await until('unsubscribed', () => answers.some((a) => a.id === 3));
    expect(answers.find((a) => a.id === 3)!.result).toBe(true);
  });
});

describe('dex_cex_arbitrage in a paper session and in a backtest of its recording', () => {
  it('closes a pool dislocation against the Binance book, and trades the same way on replay', async () => {
    const binance = await BinanceSimulator.start({ seed: 3 });
    stops.push(() => binance.stop());
    const uniswap = await UniswapSimulator.start({ seed: 3, tickIntervalMs: 200, ethPrice: () => binance.model.spot * SIM_ETH_PER_BTC, jumpProbability: 0 });
    stops.push(() => uniswap.stop());
    const dir = mkdtempSync(join(tmpdir(), 'dexcex-'));
    stops.push(async () => rmSync(dir, { recursive: true, force: true }));
    const cash = [
      { venue: 'uniswap' as const, currency: 'USDC', amount: 100_000 }, { venue: 'uniswap' as const, currency: 'WETH', amount: 30 },
      { venue: 'binance' as const, currency: 'USDT', amount: 100_000 }, { venue: 'binance' as const, currency: 'ETH', amount: 30 },
    ];
    const config = { gasUsd: 2, minProfitUsd: 0.5, maxTradeUsd: 5_000, cooldownMs: 200 };
    let live: DexCexArbitrageStrategy | null = null;
    const session = new TradingSession({
      strategies: [() => (live = createDexCexArbitrageStrategy(config))],
      connections: { binance: { url: binance.url, restUrl: binance.restUrl }, uniswap: { url: uniswap.url, restUrl: uniswap.restUrl } },
      cash, seed: 1, latency: { entryMs: 5, responseMs: 5, sigma: 0 }, logger: silentLogger,
      catalogDb: ':memory:', catalogStaleMs: 3_600_000, refreshIntervalMs: 60_000, recordDir: dir,
    });
    stops.push(() => session.stop());
    await session.start();
    const state = () => live!.state();
    await until('both books', () => state().dexPrice !== null && state().cexBid !== null, 10_000);
    // The noise traders push the pool 2 % above the CEX (decaying over 20 s): selling WETH into it pays.
    uniswap.dislocation = 0.02;
    // Closed flat: both legs filled, or a CEX leg the book moved away from completed by the unwind.
    const flat = (t: { status: string }): boolean => t.status === 'filled' || t.status === 'unwound';
    await until('a closed trade', () => state().trades.some(flat), 10_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; strategy log: ${JSON.stringify(state().log.slice(-10))}`);
    });
    const first = state().trades.find(flat)!;
    expect(first.direction).toBe('buy_cex_sell_dex');
    expect(first.result, JSON.stringify(state().log.slice(-6))).toBeGreaterThan(0);
    // Keep recording a little longer so the replay sees the fills' aftermath too.
    const logs = uniswap.logsSent;
    await until('more pool states recorded', () => uniswap.logsSent >= logs + 3, 10_000);
    const account = session.accounts[0]!;
    expect(account.portfolio.balance('uniswap', 'WETH')).toBeLessThan(30);
    expect(account.portfolio.balance('binance', 'ETH')).toBeGreaterThan(30);
    await session.stop();
    const files = session.recordedFiles;
    expect(files.some((f) => f.includes('uniswap'))).toBe(true);

    const { history, venues } = await loadCatalogSnapshots(join(dir, CATALOG_SNAPSHOTS_FILE));
    stops.push(async () => history.close());
    expect(venues).toContain('uniswap');
    let replayed: DexCexArbitrageStrategy | null = null;
    const result = await runBacktest({
      files, strategies: [() => (replayed = createDexCexArbitrageStrategy(config))],
      catalogs: (now) => asOfCatalogSources(history, venues, now), initialCash: cash, seed: 1,
      latency: { entryMs: 5, responseMs: 5, sigma: 0 }, logger: silentLogger,
    });
    expect(result.replay.badFrames).toBe(0);
    const again = replayed!.state();
    expect(again.trades.some((t) => flat(t) && t.direction === 'buy_cex_sell_dex' && t.result > 0), JSON.stringify(again.log.slice(-8))).toBe(true);
    expect(result.strategies[0]!.report.final!.equityUsd).toBeGreaterThan(0);
  }, 30_000);
});
