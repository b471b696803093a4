/**
 * Derive feed throughput: parsed events/s through DeriveMarketFeed (JsonRpcSocket → frame parser →
 * stale-snapshot check → sink) from the Derive simulator over loopback, against a bare `ws` client
 * doing only `JSON.parse` on the same burst of ticker_slim frames, in the same run (best of 3).
 */
import WebSocket from 'ws';
import { benchRow, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { DeriveMarketFeed } from './client/derive-market-feed.js';
import { DeriveSimulator } from './simulator/derive-simulator.js';

const SYMBOL = 'BTC-PERP';
const CHANNEL = `ticker_slim.${SYMBOL}.100`;

async function bareRate(sim: DeriveSimulator, count: number): Promise<number> {
  const ws = new WebSocket(sim.url, { perMessageDeflate: false });
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  let received = 0;
  let sink = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  let acked: () => void = () => {};
  const ack = new Promise<void>((r) => (acked = r));
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { method?: string; params?: { data?: { timestamp?: number } } };
    if (m.method !== 'subscription') {
      acked();
      return;
    }
    sink += m.params?.data?.timestamp ?? 0;
    if (++received === count) done();
  });
  ws.send(JSON.stringify({ id: 1, method: 'subscribe', params: { channels: [CHANNEL] } }));
  await ack;
  const fire = sim.prepareBurst(SYMBOL, count);
  const t0 = performance.now();
  await fire();
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  ws.close();
  if (sink < 0) throw new Error('unreachable');
  return count / seconds;
}

async function clientRate(sim: DeriveSimulator, count: number): Promise<number> {
  let received = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const feed = new DeriveMarketFeed({ url: sim.url });
  await feed.start(() => {
    if (++received === count) done();
  });
  await feed.subscribe([{ symbol: SYMBOL, channel: 'ticker' }]);
  const fire = sim.prepareBurst(SYMBOL, count);
  const t0 = performance.now();
  await fire();
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  if (feed.badFrames > 0) throw new Error(`${feed.badFrames} bad frames in the benchmark burst`);
  await feed.stop();
  return count / seconds;
}

export const deriveSuite: BenchSuite = {
  name: 'derive',
  async run(ctx): Promise<BenchRow[]> {
    const count = Math.max(5_000, Math.round(100_000 * ctx.scale));
    const sim = await DeriveSimulator.start({ seed: 3, tickIntervalMs: 3_600_000 });
    try {
      // One unmeasured warm-up of each path, then three alternating measured rounds.
      await bareRate(sim, Math.min(count, 5_000));
      await clientRate(sim, Math.min(count, 5_000));
      let bare = 0;
      let client = 0;
      for (let round = 0; round < 3; round++) {
        if (round % 2 === 0) {
          bare = Math.max(bare, await bareRate(sim, count));
          client = Math.max(client, await clientRate(sim, count));
        } else {
          client = Math.max(client, await clientRate(sim, count));
          bare = Math.max(bare, await bareRate(sim, count));
        }
      }
      ctx.log(`derive: ${Math.round(client).toLocaleString('en-US')} events/s through the feed, ${Math.round(bare).toLocaleString('en-US')} msgs/s bare`);
      return [benchRow('derive feed ticker_slim events/s (simulator → DeriveMarketFeed)', 'events/s', client, bare, `reference: bare ws + JSON.parse of the same ${count.toLocaleString('en-US')} frames over loopback, same run; best of 3; the simulator sends from the same process`)];
    } finally {
      await sim.stop();
    }
  },
};
