/**
 * Binance book-sync throughput: spot `@depth@100ms` diff events per second through
 * BinanceMarketFeed (JSON decode, frame parser, U/u continuity check, local book update, sink)
 * from the simulator's burst over loopback, against a bare `ws` client doing only JSON.parse on
 * the same kind of frames from the same simulator in the same run. Sender and receiver share
 * this process in both measurements, so the ratio compares like with like.
 */
import WebSocket from 'ws';
import { benchRow, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { silentLogger } from '../../engine/logger.js';
import { BinanceMarketFeed } from './client/binance-market-feed.js';
import { BinanceSimulator } from './simulator/binance-simulator.js';

const ROUNDS = 3;
const STREAM = 'btcusdt@depth@100ms';

async function until(condition: () => boolean, what: string, pump?: () => void, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`binance bench: timed out waiting for ${what}`);
    pump?.();
    await new Promise((r) => (pump ? setTimeout(r, 10) : setImmediate(r)));
  }
}

async function throughFeed(sim: BinanceSimulator, count: number): Promise<{ seconds: number; events: number; gaps: number }> {
  let events = 0;
  const feed = new BinanceMarketFeed({ logger: silentLogger, spotWsUrl: sim.url, spotRestUrl: sim.restUrl, snapshotRetryMs: 10 });
  await feed.start(() => events++);
  await feed.subscribe([{ symbol: 'BTCUSDT', channel: 'book' }]);
  try {
    const venue = sim.symbol('spot', 'BTCUSDT');
    await until(() => feed.book('BTCUSDT')?.updateId === venue.lastUpdateId, 'book sync', () => sim.tick());
    const frames = sim.burstFrames(count);
    const events0 = events;
    const t0 = performance.now();
    await sim.sendFrames(frames, STREAM);
    await until(() => feed.book('BTCUSDT')?.updateId === venue.lastUpdateId, 'feed caught up');
    return { seconds: (performance.now() - t0) / 1000, events: events - events0, gaps: feed.counters.gaps + feed.counters.badFrames };
  } finally {
    await feed.stop();
  }
}

async function bareWs(sim: BinanceSimulator, count: number): Promise<number> {
  const ws = new WebSocket(`${sim.url}/stream`, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let received = 0;
  let sink = 0;
  ws.on('message', (data) => {
    const parsed = JSON.parse(data.toString()) as unknown;
    if (parsed !== null) sink++;
    received++;
  });
  ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: [STREAM], id: 1 }));
  await until(() => received >= 1, 'bare ack');
  const frames = sim.burstFrames(count);
  const start = received;
  const t0 = performance.now();
  await sim.sendFrames(frames, STREAM);
  await until(() => received - start >= frames.length, 'bare frames');
  const seconds = (performance.now() - t0) / 1000;
  ws.close();
  if (sink < 0) throw new Error('unreachable');
  return seconds;
}

export const binanceSuite: BenchSuite = {
  name: 'binance',
  async run(ctx): Promise<BenchRow[]> {
    const count = Math.max(5_000, Math.round(100_000 * ctx.scale));
    const sim = await BinanceSimulator.start({ seed: 11, tickIntervalMs: 0 });
    try {
      let feed = { seconds: Infinity, events: 0, gaps: 0 };
      let bare = Infinity;
      for (let round = 0; round < ROUNDS; round++) {
        ctx.log(`round ${round + 1}: ${count.toLocaleString('en-US')} spot depth frames`);
        const f = await throughFeed(sim, count);
        if (f.gaps > 0) throw new Error(`binance bench: ${f.gaps} gaps/bad frames in a clean burst`);
        if (f.seconds < feed.seconds) feed = f;
        bare = Math.min(bare, await bareWs(sim, count));
      }
      return [benchRow('binance: depth events/s through the feed (U/u sync + local book)', 'events/s', feed.events / feed.seconds, count / bare, 'reference: bare ws + JSON.parse of the same kind of frames from the same simulator')];
    } finally {
      await sim.stop();
    }
  },
};
