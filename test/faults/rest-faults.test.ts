/**
 * Request faults against the simulators: 5xx and 429 answers on REST, and slow answers on
 * JSON-RPC. Reads are retried with backoff and recover within a bound; a failed refresh keeps the
 * previous catalog and the engine runs on; failed or unanswered orders are counted as venue errors
 * and, repeated, halt trading, after which nothing reaches the venue until an operator resumes.
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { ArbiterError } from '../../src/domain/errors.js';
import { ReplayClock } from '../../src/engine/clock.js';
import { Engine } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/engine/logger.js';
import { RiskRejectedError } from '../../src/engine/risk/index.js';
import { DeribitExecutionClient, DeribitMarketFeed, DeribitSimulator } from '../../src/venues/deribit/index.js';
import { PolymarketCatalogSource, PolymarketExecutionClient, PolymarketMarketFeed, PolymarketSimulator } from '../../src/venues/polymarket/index.js';
import { FaultHarness, until } from './fault-harness.js';

const RECOVERY_MS = 3_000;
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function polymarket(): Promise<PolymarketSimulator> {
  const sim = await PolymarketSimulator.start({ seed: 3, tickIntervalMs: 20, startMs: Date.UTC(2026, 4, 4, 15) });
  cleanup.push(() => sim.stop());
  return sim;
}

describe('fault: 5xx and 429 on REST reads', () => {
  it('retries a catalog load through 503 and 429 answers and recovers within the bound', async () => {
    const sim = await polymarket();
    const source = new PolymarketCatalogSource({ restUrl: sim.restUrl, match: /^bitcoin-above-/ });
    for (const status of [503, 429]) {
      sim.rejectNext(1, status);
      const start = Date.now();
      const instruments = await source.load();
      expect(instruments.length).toBe(10);
      expect(Date.now() - start).toBeLessThan(RECOVERY_MS);
    }
  });

  it('a refresh that still fails after its retries names the status, keeps the previous catalog, and the next refresh recovers', async () => {
    const sim = await polymarket();
    const source = new PolymarketCatalogSource({ restUrl: sim.restUrl, match: /^bitcoin-above-/ });
    sim.rejectNext(3, 429);
    const error = await source.load().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ArbiterError);
    expect(error).toMatchObject({ code: 'ARB_VENUE_TRANSIENT', context: { status: 429, venue: 'polymarket' } });

    const engine = new Engine({ strategies: [], clock: new ReplayClock(0), logger: silentLogger, catalogs: [source] });
    await engine.refresh();
    expect(engine.catalogs.instruments('polymarket')).toHaveLength(10);
    sim.rejectNext(3, 503);
    await engine.refresh();
    expect(engine.stats.refreshFailures).toBe(1);
    expect(engine.catalogs.instruments('polymarket')).toHaveLength(10);
    await engine.refresh();
    expect(engine.stats.refreshFailures).toBe(1);
  });
});

describe('fault: 5xx on order entry', () => {
  it('counts each failed order as a venue error, halts after the limit, sends nothing more, and trades again once resumed', async () => {
    const sim = await polymarket();
    const token = sim.markets[3]!.tokens[0]!.tokenId;
    const key = generatePrivateKey();
    const creds = sim.registerApiKey(privateKeyToAccount(key).address);
    const client = new PolymarketExecutionClient({
      logger: silentLogger, restUrl: sim.restUrl, userWsUrl: sim.userWsUrl,
      env: { POLYMARKET_PRIVATE_KEY: key, POLYMARKET_API_KEY: creds.key, POLYMARKET_API_SECRET: creds.secret, POLYMARKET_API_PASSPHRASE: creds.passphrase },
    });
    cleanup.push(() => client.close());
    await client.start();
    const feed = new PolymarketMarketFeed({ url: sim.url, logger: silentLogger, backoff: { initialMs: 20, maxMs: 100 } });
    cleanup.push(() => feed.stop());
    const h = new FaultHarness({
      venue: 'polymarket', symbol: token, limits: { venueErrorLimit: 3, venueErrorWindowMs: 60_000 },
      inner: { submit: (r) => client.submit(r), cancel: (_v, id) => client.cancel(id) },
      feed, probe: { connected: () => feed.connected, connections: () => feed.reconnects, bookUsable: (s) => feed.localTop(s) !== null },
    });
    await feed.start(h.sink);
    await feed.subscribe([{ symbol: token, channel: 'book' }]);
    await until('book', () => h.watch.top('polymarket', token)?.bid != null);
    await h.order({ quantity: 5 }); // a healthy order first (caches tick size and neg-risk)

    sim.rejectNext(1_000, 503);
    for (let i = 0; i < 3; i++) {
      const e = await h.order({ quantity: 5 }).then(() => null, (x: unknown) => x);
      expect(e).toMatchObject({ code: 'ARB_VENUE_TRANSIENT', context: { status: 503 } });
    }
    expect(h.gate.state()).toBe('halted');
    expect(h.gate.stateReason).toMatch(/3 polymarket errors/);
    const reached = h.sent.length;
    const refused = await h.order({ quantity: 5 }).then(() => null, (x: unknown) => x);
    expect(refused).toBeInstanceOf(RiskRejectedError);
    expect((refused as RiskRejectedError).limit).toBe('trading_state');
    expect(h.sent.length).toBe(reached);

    sim.rejectNext(0);
    await h.gate.setState('active', 'test: venue healthy again');
    await expect(h.order({ quantity: 5 })).resolves.toMatchObject({ venueOrderId: expect.any(String) });
    expect(h.violations).toEqual([]);
  });
});

describe('fault: slow responses', () => {
  it('market data keeps flowing; an order answered after the timeout is an unknown outcome counted as a venue error; fast again, orders succeed', async () => {
    const sim = await DeribitSimulator.start({ seed: 13, tickIntervalMs: 20, heartbeatSecondMs: 100 });
    cleanup.push(() => sim.stop());
    const client = new DeribitExecutionClient({
      url: sim.url, logger: silentLogger, credentials: { clientId: sim.clientId, clientSecret: sim.clientSecret }, backoff: { initialMs: 20, maxMs: 100 }, requestTimeoutMs: 150,
    });
    cleanup.push(() => client.close());
    await client.start();
    const feed = new DeribitMarketFeed({ url: sim.url, logger: silentLogger, backoff: { initialMs: 20, maxMs: 100 } });
    cleanup.push(() => feed.stop());
    const h = new FaultHarness({
      venue: 'deribit', symbol: 'BTC-PERPETUAL', limits: { venueErrorLimit: 5 },
      inner: { submit: (r) => client.submit(r), cancel: (_v, id) => client.cancel(id) },
      feed, probe: { connected: () => feed.isOpen, connections: () => feed.counters.reconnects, bookUsable: (s) => feed.book(s)?.changeId !== null },
    });
    await feed.start(h.sink);
    await feed.subscribe([{ symbol: 'BTC-PERPETUAL', channel: 'ticker' }]);
    await until('ticker', () => h.watch.top('deribit', 'BTC-PERPETUAL') !== undefined);

    sim.slowResponses(400);
    const events = feed.counters.events;
    const e = await h.order({ quantity: 10 }).then(() => null, (x: unknown) => x);
    expect(e).toMatchObject({ code: 'ARB_VENUE_UNKNOWN_OUTCOME' });
    expect(h.gate.stats.venueErrors).toBe(1);
    await until('market data during slow answers', () => feed.counters.events > events + 5, RECOVERY_MS);

    sim.slowResponses(0);
    const start = Date.now();
    await until('connection healthy', () => client.isOpen, RECOVERY_MS).catch(() => undefined);
    await expect(h.order({ quantity: 10 })).resolves.toMatchObject({ clientOrderId: expect.stringMatching(/^manual-/) });
    expect(Date.now() - start).toBeLessThan(RECOVERY_MS);
    expect(h.gate.state()).toBe('active');
    expect(h.violations).toEqual([]);
  });
});
