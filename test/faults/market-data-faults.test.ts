/**
 * Market-data faults against the venue simulators, through the real feeds and the risk gate:
 * a dropped connection, a silent (stalled) connection, a sequence gap and garbage frames. Each
 * test asserts recovery within a bound (reconnect, resync, orders flowing again) and — checked by
 * an oracle independent of the gate — that no order left on stale, disconnected or
 * resynchronising data, while the probe kept trying throughout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/engine/logger.js';
import { DeribitMarketFeed, DeribitSimulator } from '../../src/venues/deribit/index.js';
import { PolymarketMarketFeed } from '../../src/venues/polymarket/client/polymarket-market-feed.js';
import { PolymarketSimulator } from '../../src/venues/polymarket/simulator/polymarket-simulator.js';
import { FaultHarness, until } from './fault-harness.js';

const RECOVERY_MS = 3_000;
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function deribit(channels: Array<'book' | 'ticker'>): Promise<{ sim: DeribitSimulator; feed: DeribitMarketFeed; h: FaultHarness }> {
  const sim = await DeribitSimulator.start({ seed: 11, tickIntervalMs: 20, heartbeatSecondMs: 100 });
  cleanup.push(() => sim.stop());
  const feed = new DeribitMarketFeed({ url: sim.url, logger: silentLogger, backoff: { initialMs: 20, maxMs: 100 } });
  const h = new FaultHarness({
    venue: 'deribit', symbol: 'BTC-PERPETUAL',
    feed,
    probe: {
      connected: () => feed.isOpen,
      connections: () => feed.counters.reconnects,
      bookUsable: (s) => {
        const b = feed.book(s);
        return b === undefined ? undefined : b.changeId !== null;
      },
    },
  });
  cleanup.push(() => feed.stop(), () => h.stop());
  await feed.start(h.sink);
  await feed.subscribe(channels.map((channel) => ({ symbol: 'BTC-PERPETUAL', channel })));
  await until('first data', () => h.watch.top('deribit', 'BTC-PERPETUAL') !== undefined);
  h.startProbing();
  await until('first order through the gate', () => h.sent.length > 0, RECOVERY_MS);
  return { sim, feed, h };
}

/** The local book equals the simulator's once the feed has caught up. */
async function expectBookInSync(sim: DeribitSimulator, feed: DeribitMarketFeed): Promise<void> {
  sim.pause();
  try {
    await until('local book equal to the venue book', () => {
      const mine = feed.book('BTC-PERPETUAL');
      const theirs = sim.bookOf('BTC-PERPETUAL')!;
      return mine !== undefined && mine.changeId === theirs.changeId && JSON.stringify(mine.bids) === JSON.stringify(theirs.bids) && JSON.stringify(mine.asks) === JSON.stringify(theirs.asks);
    }, RECOVERY_MS);
  } finally {
    sim.resume();
  }
}

describe('fault: disconnect', () => {
  it('reconnects, resubscribes and resyncs the book within the bound; nothing is sent on data from before the drop', async () => {
    const { sim, feed, h } = await deribit(['book', 'ticker']);
    const before = h.sent.length;
    const at = Date.now();
    sim.disconnectAll();
    await until('reconnect', () => feed.counters.reconnects >= 1 && feed.isOpen, RECOVERY_MS);
    await until('orders flowing again', () => h.lastSentAt > at && h.sent.length > before, RECOVERY_MS);
    expect(h.lastSentAt - at).toBeLessThan(RECOVERY_MS);
    await expectBookInSync(sim, feed);
    h.stop();
    expect(h.violations).toEqual([]);
    // The probe kept trying while the data was unusable, and the gate said why.
    expect((h.problems.get('disconnected') ?? 0) + (h.problems.get('previous_connection') ?? 0)).toBeGreaterThan(0);
  });
});

describe('fault: sequence gap', () => {
  it('resynchronises the book from a fresh snapshot within the bound; nothing is priced off the broken book', async () => {
    const { sim, feed, h } = await deribit(['book']);
    sim.slowResponses(150); // widen the resync window so the probe meets it
    const at = Date.now();
    sim.sequenceGap('BTC-PERPETUAL');
    await until('gap seen and book resynchronised', () => feed.counters.gaps >= 1 && feed.counters.resyncs >= 1, RECOVERY_MS);
    await until('orders flowing again', () => h.lastSentAt > at + 150, RECOVERY_MS);
    sim.slowResponses(0);
    await expectBookInSync(sim, feed);
    h.stop();
    expect(h.violations).toEqual([]);
    expect(h.problems.get('resyncing') ?? 0).toBeGreaterThan(0);
  });
});

describe('fault: garbage frames', () => {
  it('counts and skips frames that are not JSON or not the documented shape; the connection and trading carry on', async () => {
    const { sim, feed, h } = await deribit(['book', 'ticker']);
    const events = feed.counters.events;
    sim.garbageFrame();
    sim.garbageFrame('{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.100ms","data":{"bids":"nope"}}}');
    sim.garbageFrame('\u0000\u0001\u00ff');
    await until('bad frames counted', () => feed.counters.badFrames >= 3, RECOVERY_MS);
    const sent = h.sent.length;
    await until('events and orders continue', () => feed.counters.events > events + 10 && h.sent.length > sent + 5, RECOVERY_MS);
    expect(feed.counters.reconnects).toBe(0);
    expect(h.gate.state()).toBe('active');
    h.stop();
    expect(h.violations).toEqual([]);
  });
});

describe('fault: silent stall (no frames, no heartbeat answers)', () => {
  it('stops trading once the data is older than the limit, notices the dead connection, and recovers after the stall', async () => {
    const sim = await PolymarketSimulator.start({ seed: 5, tickIntervalMs: 20, startMs: Date.UTC(2026, 4, 4, 15) });
    cleanup.push(() => sim.stop());
    const token = sim.markets[0]!.tokens[0]!.tokenId;
    const feed = new PolymarketMarketFeed({ url: sim.url, logger: silentLogger, keepAliveMs: 100, staleAfterMs: 400, backoff: { initialMs: 20, maxMs: 100 }, resyncTimeoutMs: 300 });
    const h = new FaultHarness({
      venue: 'polymarket', symbol: token, limits: { maxQuoteAgeMs: 250 },
      feed, probe: { connected: () => feed.connected, connections: () => feed.reconnects, bookUsable: (s) => feed.localTop(s) !== null },
    });
    cleanup.push(() => feed.stop(), () => h.stop());
    await feed.start(h.sink);
    await feed.subscribe([{ symbol: token, channel: 'book' }, { symbol: token, channel: 'ticker' }]);
    await until('first data', () => h.watch.top('polymarket', token) !== undefined);
    h.startProbing();
    await until('first order', () => h.sent.length > 0, RECOVERY_MS);

    sim.stall(true);
    const stalledAt = Date.now();
    await until('the silent connection noticed and dropped', () => feed.reconnects >= 1, RECOVERY_MS);
    const sentDuringStall = h.sent.filter((o) => o.at > stalledAt + h.maxAgeMs + 50).length;
    sim.stall(false);
    const resumedAt = Date.now();
    await until('orders flowing again', () => h.lastSentAt > resumedAt, RECOVERY_MS);
    h.stop();
    expect(sentDuringStall).toBe(0);
    expect(h.violations).toEqual([]);
    expect((h.problems.get('stale') ?? 0) + (h.problems.get('disconnected') ?? 0)).toBeGreaterThan(0);
  });
});
