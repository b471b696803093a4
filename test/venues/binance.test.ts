/**
 * Binance clients against the Binance simulator over loopback: exchangeInfo catalog, and the
 * market feed keeping spot and USDⓈ-M books by the documented U/u/pu rules — synced books equal
 * the venue's, a skipped diff event is a gap that triggers a new snapshot, reconnects and failed
 * snapshots recover, garbage is counted, and the recorded frames replay to the same book.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayRecordings } from '../../src/backtest/replay.js';
import { recordConfigSchema, startRecording } from '../../src/cli/commands/record.js';
import { startSimulator, type RunningSimulator } from '../../src/cli/commands/simulate.js';
import { parseTomlConfig } from '../../src/cli/config/load-toml-config.js';
import type { MarketEvent } from '../../src/domain/market-event.js';
import { silentLogger } from '../../src/engine/logger.js';
import { createFrameParsers, priceCurrencyOf } from '../../src/venues/registry.js';
import { BinanceBookSync } from '../../src/venues/binance/client/binance-book-sync.js';
import { BinanceCatalogSource } from '../../src/venues/binance/catalog/binance-catalog-source.js';
import { BinanceMarketFeed } from '../../src/venues/binance/client/binance-market-feed.js';
import type { BinanceMarket } from '../../src/venues/binance/parse/binance-symbols.js';
import { BinanceSimulator } from '../../src/venues/binance/simulator/binance-simulator.js';

let sim: BinanceSimulator;

beforeAll(async () => {
  sim = await BinanceSimulator.start({ seed: 5, tickIntervalMs: 0, levels: 30 });
});

afterAll(async () => {
  await sim.stop();
});

describe('Binance catalog against the simulator', () => {
  it('lists spot pairs and USDⓈ-M perpetuals from both exchangeInfo endpoints', async () => {
    const all = await new BinanceCatalogSource({ spotRestUrl: sim.restUrl, futuresRestUrl: sim.restUrl }).load();
    expect(all.map((i) => i.symbol).sort()).toEqual(['BTCUSDT', 'BTCUSDT-PERP', 'ETHBTC', 'ETHUSDT', 'ETHUSDT-PERP']);
    expect(all.find((i) => i.symbol === 'BTCUSDT-PERP')).toMatchObject({ kind: 'perpetual', priceCurrency: 'USDT', tickSize: 0.1, sizeStep: 0.001 });
    const usdt = await new BinanceCatalogSource({ spotRestUrl: sim.restUrl, markets: ['spot'], quoteAssets: ['BTC'] }).load();
    expect(usdt.map((i) => i.symbol)).toEqual(['ETHBTC']);
  });
});

describe('Binance market feed against the simulator', () => {
  const events: MarketEvent[] = [];
  const raw: Array<{ text: string; tsLocal: number }> = [];
  let feed: BinanceMarketFeed;

  const inSync = (market: BinanceMarket, wire: string, symbol: string): boolean => {
    const local = feed.book(symbol);
    const venue = sim.symbol(market, wire);
    if (local === null || local.updateId !== venue.lastUpdateId) return false;
    expect({ bids: local.bids, asks: local.asks }).toEqual(venue.ladder.top());
    return true;
  };

  /** Publishes a tick whenever the condition is not yet met; fails after the deadline. */
  async function pumpUntil(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      sim.tick();
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  beforeAll(async () => {
    feed = new BinanceMarketFeed({
      logger: silentLogger, spotWsUrl: sim.url, futuresWsUrl: sim.url, spotRestUrl: sim.restUrl, futuresRestUrl: sim.restUrl,
      onRawFrame: (text, tsLocal) => raw.push({ text, tsLocal }), backoff: { initialMs: 20, maxMs: 100 }, snapshotRetryMs: 20, quietBookMs: 300,
    });
    await feed.start((e) => events.push(e));
    await feed.subscribe([
      { symbol: 'BTCUSDT', channel: 'book' }, { symbol: 'BTCUSDT', channel: 'ticker' }, { symbol: 'BTCUSDT', channel: 'trades' },
      { symbol: 'BTCUSDT-PERP', channel: 'book' }, { symbol: 'BTCUSDT-PERP', channel: 'trades' },
    ]);
  });

  afterAll(async () => {
    await feed.stop();
  });

  it('syncs spot and futures books from a REST snapshot plus buffered diff events, equal to the venue book', async () => {
    await pumpUntil('books in sync', () => inSync('spot', 'BTCUSDT', 'BTCUSDT') && inSync('usdm', 'BTCUSDT', 'BTCUSDT-PERP'));
    const first = events.find((e) => e.symbol === 'BTCUSDT' && (e.kind === 'book_snapshot' || e.kind === 'book_delta'));
    expect(first?.kind).toBe('book_snapshot'); // consumers never see a delta before the snapshot
    expect(events.some((e) => e.kind === 'ticker' && e.symbol === 'BTCUSDT')).toBe(true);
    await pumpUntil('trades on both markets', () => events.some((e) => e.kind === 'trade' && e.symbol === 'BTCUSDT') && events.some((e) => e.kind === 'trade' && e.symbol === 'BTCUSDT-PERP'));
    expect(feed.counters.gaps).toBe(0);
    expect(feed.counters.badFrames).toBe(0);
  });

  it('treats a missing spot diff event as a gap (U ≠ previous u + 1) and resyncs from a new snapshot', async () => {
    const before = { gaps: feed.counters.gaps, resyncs: feed.counters.resyncs };
    sim.skipDepthUpdate('spot', 'BTCUSDT');
    await pumpUntil('spot resync', () => feed.counters.resyncs > before.resyncs && inSync('spot', 'BTCUSDT', 'BTCUSDT'));
    expect(feed.counters.gaps).toBe(before.gaps + 1);
  });

  it('treats a missing futures diff event as a gap (pu ≠ previous u) and resyncs', async () => {
    const before = { gaps: feed.counters.gaps, resyncs: feed.counters.resyncs };
    sim.skipDepthUpdate('usdm', 'BTCUSDT');
    await pumpUntil('futures resync', () => feed.counters.resyncs > before.resyncs && inSync('usdm', 'BTCUSDT', 'BTCUSDT-PERP'));
    expect(feed.counters.gaps).toBe(before.gaps + 1);
  });

  it('counts garbage, retries a failed snapshot, and rebuilds every book after a disconnect', async () => {
    const bad = feed.counters.badFrames;
    sim.garbageFrame();
    await pumpUntil('garbage counted', () => feed.counters.badFrames > bad);
    const reconnects = feed.counters.reconnects;
    const errors = feed.counters.snapshotErrors;
    sim.rejectNext(6); // two books' snapshots, each past httpJson's own two retries
    sim.disconnectAll();
    await pumpUntil('reconnected and resynced', () => feed.counters.reconnects >= reconnects + 2 && inSync('spot', 'BTCUSDT', 'BTCUSDT') && inSync('usdm', 'BTCUSDT', 'BTCUSDT-PERP'));
    expect(feed.counters.snapshotErrors).toBeGreaterThan(errors);
  });

  it('records what arrived (frames and snapshot envelopes) and replays it through the registry parser to the same book', () => {
    const parser = createFrameParsers().get('binance')!;
    const sync = new BinanceBookSync('spot');
    let first = 0;
    const binanceParser = parser as unknown as { firstUpdateId: number };
    for (const { text, tsLocal } of raw) {
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        continue; // the garbage frame is recorded too, as it arrived
      }
      parser.parse(frame, tsLocal, (e) => {
        if (e.symbol !== 'BTCUSDT') return;
        if (e.kind === 'book_snapshot') sync.onSnapshot(e);
        else if (e.kind === 'book_delta') {
          first = binanceParser.firstUpdateId;
          sync.onDelta(e, first);
        }
      });
    }
    expect(raw.some((r) => r.text.startsWith('{"rest":"depth"'))).toBe(true);
    expect(sync.updateId).toBe(feed.book('BTCUSDT')!.updateId);
    expect(sync.book.levels()).toEqual({ bids: feed.book('BTCUSDT')!.bids, asks: feed.book('BTCUSDT')!.asks });
  });
});

describe('arbiter record of the CEX simulators (Binance, Coinbase, Kraken)', () => {
  it('records raw frames and snapshot envelopes that replay into books through the registry parsers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arbiter-cex-record-'));
    const sims = await Promise.all((['binance', 'coinbase', 'kraken'] as const).map((v) => startSimulator(v, { seed: 2, tickIntervalMs: 20 })));
    try {
      const [binance, coinbase, kraken] = sims as [RunningSimulator, RunningSimulator, RunningSimulator];
      const toml = `
[record]
gzip = false

[[record.feeds]]
venue = "binance"
url = "${binance.url}"
rest_url = "${binance.restUrl}"
match = "^BTCUSDT"
channels = ["book", "trades"]

[[record.feeds]]
venue = "coinbase"
url = "${coinbase.url}"
rest_url = "${coinbase.restUrl}"
symbols = ["BTC-USD"]
channels = ["book", "ticker"]

[[record.feeds]]
venue = "kraken"
url = "${kraken.url}"
rest_url = "${kraken.restUrl}"
symbols = ["BTC/USD"]
`;
      const session = await startRecording(parseTomlConfig(toml, recordConfigSchema, 'record.toml'), join(dir, 'out'), silentLogger);
      const deadline = Date.now() + 10_000;
      const counts = session.recorder.counts as Record<string, number | undefined>;
      while ((counts.binance ?? 0) < 40 || (counts.coinbase ?? 0) < 20 || (counts.kraken ?? 0) < 20) {
        if (Date.now() > deadline) throw new Error(`recording too slow: ${JSON.stringify(counts)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await session.stop();
      const events: MarketEvent[] = [];
      const report = await replayRecordings({ files: session.recorder.files, parsers: createFrameParsers(), priceCurrencyOf, onEvent: (e) => events.push(e) });
      expect(report.malformedLines).toBe(0);
      expect(report.badFrames).toBe(0);
      for (const [venue, symbol] of [['binance', 'BTCUSDT'], ['binance', 'BTCUSDT-PERP'], ['coinbase', 'BTC-USD'], ['kraken', 'BTC/USD']] as const) {
        expect(events.some((e) => e.venue === venue && e.symbol === symbol && e.kind === 'book_snapshot'), `${venue} ${symbol} snapshot`).toBe(true);
        expect(events.some((e) => e.venue === venue && e.symbol === symbol && e.kind === 'book_delta'), `${venue} ${symbol} deltas`).toBe(true);
      }
    } finally {
      await Promise.all(sims.map((s) => s.stop()));
      await rm(dir, { recursive: true, force: true });
    }
  });
});
