/**
 * DEX–CEX arbitrage end to end: the uniswap feed against the node simulator over loopback
 * WebSocket (subscribe, Sync logs → curve books, reconnect + resync, recorded frames replaying
 * through the registered parser), the catalog over HTTP eth_call.
 */
import { afterEach, describe, expect, it } from 'vitest';
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
