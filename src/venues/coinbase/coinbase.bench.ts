/**
 * Coinbase book throughput: `l2_data` updates per second through CoinbaseMarketFeed (JSON
 * decode, connection sequence check, frame parser, local book, sink) from the simulator's burst
 * over loopback, against a bare `ws` client doing only JSON.parse on the same kind of frames
 * from the same simulator in the same run.
 */
import WebSocket from 'ws';
import { benchRow, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { silentLogger } from '../../engine/logger.js';
import { CoinbaseMarketFeed } from './client/coinbase-market-feed.js';
import { CoinbaseSimulator } from './simulator/coinbase-simulator.js';

const ROUNDS = 3;

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`coinbase bench: timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

async function throughFeed(sim: CoinbaseSimulator, count: number): Promise<{ seconds: number; events: number; gaps: number }> {
  let events = 0;
  const feed = new CoinbaseMarketFeed({ url: sim.url, logger: silentLogger });
  await feed.start(() => events++);
  await feed.subscribe([{ symbol: 'BTC-USD', channel: 'book' }]);
  try {
    await until(() => feed.book('BTC-USD') !== null, 'snapshot');
    const frames = sim.burstFrames(count);
    const events0 = events;
    const t0 = performance.now();
    await sim.sendFrames(frames);
    await until(() => events - events0 >= frames.length || feed.counters.gaps > 0, 'feed caught up');
    return { seconds: (performance.now() - t0) / 1000, events: events - events0, gaps: feed.counters.gaps + feed.counters.badFrames };
  } finally {
    await feed.stop();
  }
}

async function bareWs(sim: CoinbaseSimulator, count: number): Promise<{ seconds: number; frames: number }> {
  const ws = new WebSocket(sim.url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let received = 0;
  let snapshot = false;
  ws.on('message', (data) => {
    const parsed = JSON.parse(data.toString()) as { channel?: string };
    if (parsed.channel === 'l2_data') snapshot = true;
    received++;
  });
  ws.send(JSON.stringify({ type: 'subscribe', product_ids: ['BTC-USD'], channel: 'level2' }));
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

export const coinbaseSuite: BenchSuite = {
  name: 'coinbase',
  async run(ctx): Promise<BenchRow[]> {
    const count = Math.max(5_000, Math.round(100_000 * ctx.scale));
    const sim = await CoinbaseSimulator.start({ seed: 11, tickIntervalMs: 0 });
    try {
      let feed = { seconds: Infinity, events: 0, gaps: 0 };
      let bareRate = 0;
      for (let round = 0; round < ROUNDS; round++) {
        ctx.log(`round ${round + 1}: ${count.toLocaleString('en-US')} level2 updates`);
        const f = await throughFeed(sim, count);
        if (f.gaps > 0) throw new Error(`coinbase bench: ${f.gaps} gaps/bad frames in a clean burst`);
        if (feed.seconds === Infinity || f.events / f.seconds > feed.events / feed.seconds) feed = f;
        const b = await bareWs(sim, count);
        bareRate = Math.max(bareRate, b.frames / b.seconds);
      }
      return [benchRow('coinbase: level2 updates/s through the feed (sequence check + local book)', 'events/s', feed.events / feed.seconds, bareRate, 'reference: bare ws + JSON.parse of the same kind of frames from the same simulator')];
    } finally {
      await sim.stop();
    }
  },
};
