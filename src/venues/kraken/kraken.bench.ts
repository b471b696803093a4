/**
 * Kraken book throughput: v2 `book` updates per second through KrakenMarketFeed (JSON decode,
 * frame parser, sorted depth-10 book with truncation, CRC32 checksum verified on every message,
 * sink) from the simulator's burst over loopback, against a bare `ws` client doing only
 * JSON.parse on the same kind of frames from the same simulator in the same run.
 */
import WebSocket from 'ws';
import { benchRow, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { silentLogger } from '../../engine/logger.js';
import { KrakenMarketFeed } from './client/kraken-market-feed.js';
import { KrakenSimulator } from './simulator/kraken-simulator.js';

const ROUNDS = 3;

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`kraken bench: timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

async function throughFeed(sim: KrakenSimulator, count: number): Promise<{ seconds: number; events: number; failures: number }> {
  let events = 0;
  const feed = new KrakenMarketFeed({ url: sim.url, logger: silentLogger, precisions: { 'BTC/USD': { price: 1, qty: 8 } } });
  await feed.start(() => events++);
  await feed.subscribe([{ symbol: 'BTC/USD', channel: 'book' }]);
  try {
    await until(() => feed.book('BTC/USD') !== null, 'snapshot');
    const frames = sim.burstFrames(count);
    const events0 = events;
    const t0 = performance.now();
    await sim.sendFrames(frames);
    await until(() => events - events0 >= frames.length || feed.counters.checksumFailures > 0, 'feed caught up');
    return { seconds: (performance.now() - t0) / 1000, events: events - events0, failures: feed.counters.checksumFailures + feed.counters.badFrames };
  } finally {
    await feed.stop();
  }
}

async function bareWs(sim: KrakenSimulator, count: number): Promise<{ seconds: number; frames: number }> {
  const ws = new WebSocket(sim.url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let received = 0;
  let snapshot = false;
  ws.on('message', (data) => {
    const parsed = JSON.parse(data.toString()) as { type?: string };
    if (parsed.type === 'snapshot') snapshot = true;
    received++;
  });
  ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 10, snapshot: true } }));
  await until(() => snapshot, 'bare snapshot');
  const frames = sim.burstFrames(count);
  const start = received;
  const t0 = performance.now();
  await sim.sendFrames(frames);
  await until(() => received - start >= frames.length, 'bare frames');
  const seconds = (performance.now() - t0) / 1000;
  ws.close();
  return { seconds, frames: frames.length };
}

export const krakenSuite: BenchSuite = {
  name: 'kraken',
  async run(ctx): Promise<BenchRow[]> {
    const count = Math.max(5_000, Math.round(100_000 * ctx.scale));
    const sim = await KrakenSimulator.start({ seed: 11, tickIntervalMs: 0 });
    try {
      let feed = { seconds: Infinity, events: 0, failures: 0 };
      let bareRate = 0;
      for (let round = 0; round < ROUNDS; round++) {
        ctx.log(`round ${round + 1}: ${count.toLocaleString('en-US')} book updates`);
        const f = await throughFeed(sim, count);
        if (f.failures > 0) throw new Error(`kraken bench: ${f.failures} checksum failures/bad frames in a clean burst`);
        if (f.events / f.seconds > feed.events / feed.seconds || feed.seconds === Infinity) feed = f;
        const b = await bareWs(sim, count);
        bareRate = Math.max(bareRate, b.frames / b.seconds);
      }
      return [benchRow('kraken: book updates/s through the feed (checksum on every message)', 'events/s', feed.events / feed.seconds, bareRate, 'reference: bare ws + JSON.parse of the same kind of frames from the same simulator')];
    } finally {
      await sim.stop();
    }
  },
};
