/**
 * Finnhub clients against the Finnhub simulator over loopback: REST quote and candles (all three
 * endpoints, no_data), the quota queue (the 61st call in a window waits, a 429 is retried after
 * Retry-After), token checks, WebSocket trades consistent with the candles, and reconnect with
 * resubscription.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/engine/logger.js';
import { FinnhubRestClient } from '../../src/venues/finnhub/client/finnhub-rest-client.js';
import { FinnhubTradeStream } from '../../src/venues/finnhub/client/finnhub-trade-stream.js';
import { RequestQueue } from '../../src/venues/finnhub/client/request-queue.js';
import { requireFinnhubKey } from '../../src/venues/finnhub/config.js';
import type { FinnhubTrade } from '../../src/venues/finnhub/parse/parse-ws-frame.js';
import { FinnhubSimulator } from '../../src/venues/finnhub/simulator/finnhub-simulator.js';

async function until(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const DAY = 86_400_000;
let sim: FinnhubSimulator;

beforeAll(async () => {
  sim = await FinnhubSimulator.start({ seed: 3, originMs: Date.now() - 20 * DAY, tickIntervalMs: 50 });
});

afterAll(async () => {
  await sim.stop();
});

describe('Finnhub REST against the simulator', () => {
  it('answers quotes and candles for stocks, forex and crypto', async () => {
    const client = new FinnhubRestClient({ apiKey: sim.token, restUrl: sim.restUrl });
    const q = await client.quote('AAPL');
    expect(q.current).toBeGreaterThan(0);
    expect(q.low).toBeLessThanOrEqual(q.current);
    expect(q.high).toBeGreaterThanOrEqual(q.current);
    expect(q.change).toBeCloseTo(q.current - q.previousClose, 9);
    const now = Date.now();
    for (const symbol of ['MSFT', 'OANDA:EUR_USD', 'BINANCE:BTCUSDT']) {
      const c = await client.candles({ symbol, resolution: '60', fromMs: now - 2 * DAY, toMs: now });
      expect(c.t.length).toBeGreaterThanOrEqual(47);
      for (let i = 0; i < c.t.length; i++) {
        expect(c.t[i]! % 3_600_000).toBe(0);
        expect(c.l[i]!).toBeLessThanOrEqual(Math.min(c.o[i]!, c.c[i]!));
        expect(c.h[i]!).toBeGreaterThanOrEqual(Math.max(c.o[i]!, c.c[i]!));
        if (i > 0) expect(c.o[i]).toBeCloseTo(c.c[i - 1]!, 9);
      }
    }
    const daily = await client.candles({ symbol: 'AAPL', resolution: 'D', fromMs: now - 10 * DAY, toMs: now });
    const hourly = await client.candles({ symbol: 'AAPL', resolution: '60', fromMs: daily.t[1]!, toMs: daily.t[1]! + DAY - 1 });
    expect(hourly.t.length).toBe(24);
    expect(daily.c[1]).toBeCloseTo(hourly.c[23]!, 9);
    expect(daily.h[1]).toBeCloseTo(Math.max(...hourly.h), 9);
    const none = await client.candles({ symbol: 'AAPL', resolution: 'D', fromMs: Date.UTC(2000, 0, 1), toMs: Date.UTC(2000, 1, 1) });
    expect(none.t).toEqual([]);
  });

  it('refuses a wrong key with a clear error, and a missing key before any call', async () => {
    const client = new FinnhubRestClient({ apiKey: 'wrong', restUrl: sim.restUrl });
    await expect(client.quote('AAPL')).rejects.toThrow(/HTTP 401: the API key was refused \(check FINNHUB_API_KEY/);
    expect(() => requireFinnhubKey({ env: {} })).toThrow(/Finnhub market data .* needs FINNHUB_API_KEY \(or FINNHUB_API_KEY_FILE/);
    await expect(client.candles({ symbol: 'OANDA:EURUSD', resolution: 'D', fromMs: 0, toMs: 1 })).rejects.toThrow(/expected the form OANDA:EUR_USD/);
  });
});

describe('Finnhub quota', () => {
  it('holds the 61st call of a window until the window has passed; the simulator never refuses', async () => {
    const windowMs = 700;
    const limited = await FinnhubSimulator.start({ seed: 1, originMs: Date.now() - 3 * DAY, callsPerWindow: 60, windowMs });
    try {
      const client = new FinnhubRestClient({ apiKey: limited.token, restUrl: limited.restUrl, queue: new RequestQueue({ limit: 60, windowMs }) });
      const done: number[] = [];
      const t0 = Date.now();
      await Promise.all(Array.from({ length: 61 }, () => client.quote('AAPL').then(() => done.push(Date.now() - t0))));
      done.sort((a, b) => a - b);
      expect(done[59]!).toBeLessThan(windowMs);
      expect(done[60]!).toBeGreaterThanOrEqual(windowMs);
      expect(limited.rateLimited).toBe(0);
      expect(client.requests).toBe(61);
    } finally {
      await limited.stop();
    }
  });

  it('retries a 429 after Retry-After', async () => {
    const strict = await FinnhubSimulator.start({ seed: 1, originMs: Date.now() - 3 * DAY, callsPerWindow: 3, windowMs: 900 });
    try {
      const client = new FinnhubRestClient({ apiKey: strict.token, restUrl: strict.restUrl });
      const quotes = await Promise.all(Array.from({ length: 4 }, () => client.quote('MSFT')));
      expect(quotes).toHaveLength(4);
      expect(strict.rateLimited).toBe(1);
      expect(client.requests).toBe(5);
    } finally {
      await strict.stop();
    }
  });
});

describe('Finnhub trades over WebSocket', () => {
  it('streams trades inside their candles, and resubscribes after a dropped connection', async () => {
    const trades: FinnhubTrade[] = [];
    const stream = new FinnhubTradeStream({ apiKey: sim.token, wsUrl: sim.url, logger: silentLogger, onTrade: (t) => trades.push(t), backoff: { initialMs: 20, maxMs: 50 } });
    await stream.start();
    try {
      stream.subscribe(['AAPL', 'BINANCE:BTCUSDT']);
      await until('trades for both symbols', () => trades.some((t) => t.symbol === 'AAPL') && trades.some((t) => t.symbol === 'BINANCE:BTCUSDT'));
      const client = new FinnhubRestClient({ apiKey: sim.token, restUrl: sim.restUrl });
      const first = trades.slice();
      const candles = await client.candles({ symbol: 'AAPL', resolution: '1', fromMs: first[0]!.tsVenue - 120_000, toMs: Date.now() });
      for (const t of first.filter((x) => x.symbol === 'AAPL')) {
        const i = candles.t.indexOf(Math.floor(t.tsVenue / 60_000) * 60_000);
        expect(i).toBeGreaterThanOrEqual(0);
        expect(t.price).toBeGreaterThanOrEqual(candles.l[i]! - 1e-9);
        expect(t.price).toBeLessThanOrEqual(candles.h[i]! + 1e-9);
        expect(t.conditions).toEqual(['1']);
      }
      stream.unsubscribe(['BINANCE:BTCUSDT']);
      sim.dropConnections();
      await until('a reconnect', () => stream.connects >= 2);
      const after = trades.length;
      await until('AAPL trades after the reconnect', () => trades.slice(after).filter((t) => t.symbol === 'AAPL').length >= 3);
      expect(trades.slice(after).some((t) => t.symbol === 'BINANCE:BTCUSDT')).toBe(false);
      expect(stream.badFrames).toBe(0);
    } finally {
      await stream.stop();
    }
  });

  it('refuses a connection with a wrong token', async () => {
    const stream = new FinnhubTradeStream({ apiKey: 'nope', wsUrl: sim.url, logger: silentLogger, onTrade: () => undefined, backoff: { initialMs: 10_000, maxMs: 10_000 } });
    const closed = new Promise<void>((resolve) => {
      const before = sim.connections;
      void stream.start();
      void until('the refused socket to close', () => sim.connections === before, 3_000).then(resolve);
    });
    await closed;
    expect(stream.connects).toBe(0);
    await stream.stop();
  });
});
