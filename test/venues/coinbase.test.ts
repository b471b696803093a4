/**
 * Coinbase clients against the Coinbase simulator over loopback: public products catalog, and
 * the Advanced Trade feed — level2 books equal to the venue's, a sequence_num gap resubscribes
 * level2 for fresh snapshots, heartbeats keep the connection and a silent one is rebuilt,
 * garbage is counted, and the recorded frames replay through the registry parser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../src/domain/market-event.js';
import { silentLogger } from '../../src/engine/logger.js';
import { createFrameParsers } from '../../src/venues/registry.js';
import { CoinbaseCatalogSource } from '../../src/venues/coinbase/catalog/coinbase-catalog-source.js';
import { CoinbaseMarketFeed } from '../../src/venues/coinbase/client/coinbase-market-feed.js';
import { CoinbaseSimulator } from '../../src/venues/coinbase/simulator/coinbase-simulator.js';

let sim: CoinbaseSimulator;

beforeAll(async () => {
  sim = await CoinbaseSimulator.start({ seed: 4, tickIntervalMs: 0, heartbeatEveryTicks: 1, levels: 30 });
});

afterAll(async () => {
  await sim.stop();
});

describe('Coinbase catalog against the simulator', () => {
  it('lists the online spot products', async () => {
    const list = await new CoinbaseCatalogSource({ restUrl: sim.restUrl }).load();
    expect(list.map((i) => i.symbol).sort()).toEqual(['BTC-USD', 'ETH-USD']);
    expect(list[0]).toMatchObject({ kind: 'spot', tickSize: 0.01, priceCurrency: 'USD' });
  });
});

describe('Coinbase market feed against the simulator', () => {
  const events: MarketEvent[] = [];
  const raw: string[] = [];
  let feed: CoinbaseMarketFeed;

  const inSync = (id: string): boolean => JSON.stringify(feed.book(id)) === JSON.stringify(sim.product(id).ladder.top());

  async function pumpUntil(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      sim.tick();
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  beforeAll(async () => {
    feed = new CoinbaseMarketFeed({ url: sim.url, logger: silentLogger, onRawFrame: (t) => raw.push(t), backoff: { initialMs: 20, maxMs: 100 }, staleAfterMs: 600 });
    await feed.start((e) => events.push(e));
    await feed.subscribe([{ symbol: 'BTC-USD', channel: 'book' }, { symbol: 'BTC-USD', channel: 'ticker' }, { symbol: 'BTC-USD', channel: 'trades' }, { symbol: 'ETH-USD', channel: 'book' }]);
  });

  afterAll(async () => {
    await feed.stop();
  });

  it('keeps level2 books equal to the venue from the snapshot and updates, with tickers and trades', async () => {
    await pumpUntil('books in sync', () => events.filter((e) => e.kind === 'book_delta').length > 20 && inSync('BTC-USD') && inSync('ETH-USD'));
    await pumpUntil('ticker and trade', () => events.some((e) => e.kind === 'ticker') && events.some((e) => e.kind === 'trade'));
    expect(feed.counters.gaps).toBe(0);
    expect(feed.counters.missedHeartbeats).toBe(0);
  });

  it('treats a sequence_num gap as lost data: resubscribes level2 and rebuilds both books', async () => {
    const before = { gaps: feed.counters.gaps, resyncs: feed.counters.resyncs };
    sim.dropMessage();
    await pumpUntil('resync after the gap', () => feed.counters.resyncs >= before.resyncs + 2 && inSync('BTC-USD') && inSync('ETH-USD'));
    expect(feed.counters.gaps).toBe(before.gaps + 1);
  });

  it('rebuilds a silent connection (no heartbeats) and counts garbage', async () => {
    const reconnects = feed.counters.reconnects;
    sim.stall(true);
    const deadline = Date.now() + 10_000;
    while (feed.counters.reconnects === reconnects) {
      if (Date.now() > deadline) throw new Error('no reconnect after silence');
      await new Promise((r) => setTimeout(r, 20));
    }
    sim.stall(false);
    await pumpUntil('books after reconnect', () => inSync('BTC-USD') && inSync('ETH-USD'));
    const bad = feed.counters.badFrames;
    sim.garbageFrame();
    await pumpUntil('garbage counted', () => feed.counters.badFrames > bad);
  });

  it('replays the recorded frames through the registry parser', () => {
    const parser = createFrameParsers().get('coinbase')!;
    const kinds = new Map<string, number>();
    for (const text of raw) {
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        continue;
      }
      parser.parse(frame, 0, (e) => kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1));
    }
    expect(kinds.get('book_snapshot')).toBeGreaterThanOrEqual(6);
    expect(kinds.get('book_delta')).toBeGreaterThan(20);
  });
});
