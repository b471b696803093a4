/**
 * Polymarket feed throughput: frames and parsed events per second through PolymarketMarketFeed
 * (JSON decode, frame parser, local books with the best bid/ask divergence check, channel
 * filter, sink) from the simulator's burst of price_change frames over loopback, against a bare
 * `ws` client doing only JSON.parse on the same frames from the same simulator in the same run.
 * Sender and receiver share this process in both measurements, so the ratio compares like with like.
 */
import WebSocket from 'ws';
import { benchRow, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { silentLogger } from '../../engine/logger.js';
import { PolymarketMarketFeed } from './client/polymarket-market-feed.js';
import { PolymarketSimulator } from './simulator/polymarket-simulator.js';

const ROUNDS = 3;

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`polymarket bench: timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

async function throughClient(sim: PolymarketSimulator, frames: readonly string[]): Promise<{ seconds: number; events: number; gaps: number }> {
  const market = sim.markets[0]!;
  let events = 0;
  const feed = new PolymarketMarketFeed({ url: sim.marketWsUrl, logger: silentLogger });
  await feed.subscribe(market.tokens.flatMap((t) => [{ symbol: t.tokenId, channel: 'book' as const }, { symbol: t.tokenId, channel: 'ticker' as const }]));
  await feed.start(() => events++);
  try {
    await until(() => market.tokens.every((t) => feed.localTop(t.tokenId) !== null), 'books');
    const frames0 = feed.frames;
    const events0 = events;
    const t0 = performance.now();
    await sim.sendFrames(frames, market);
    await until(() => feed.frames - frames0 >= frames.length, 'client frames');
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, events: events - events0, gaps: feed.gaps + feed.badFrames };
  } finally {
    await feed.stop();
  }
}

async function bareWs(sim: PolymarketSimulator, frames: readonly string[]): Promise<number> {
  const market = sim.markets[0]!;
  const ws = new WebSocket(sim.marketWsUrl, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let count = 0;
  let sink = 0;
  ws.on('message', (data) => {
    const parsed = JSON.parse(data.toString()) as unknown;
    if (parsed !== null) sink++;
    count++;
  });
  ws.send(JSON.stringify({ assets_ids: market.tokens.map((t) => t.tokenId), type: 'market', custom_feature_enabled: true }));
  await until(() => count >= 1, 'bare books');
  const start = count;
  const t0 = performance.now();
  await sim.sendFrames(frames, market);
  await until(() => count - start >= frames.length, 'bare frames');
  const seconds = (performance.now() - t0) / 1000;
  ws.close();
  if (sink < 0) throw new Error('unreachable');
  return seconds;
}

export const polymarketSuite: BenchSuite = {
  name: 'polymarket',
  async run(ctx): Promise<BenchRow[]> {
    const count = Math.max(5_000, Math.round(100_000 * ctx.scale));
    const sim = await PolymarketSimulator.start({ seed: 11, tickIntervalMs: 0 });
    try {
      // Built once: each toggles the deepest ask of YES and NO (two entries, top of book unchanged).
      const frames = sim.burstFrames(count);
      let client = { seconds: Infinity, events: 0, gaps: 0 };
      let bare = Infinity;
      for (let round = 0; round < ROUNDS; round++) {
        ctx.log(`round ${round + 1}: ${count.toLocaleString('en-US')} price_change frames`);
        const c = await throughClient(sim, frames);
        if (c.gaps > 0) throw new Error(`polymarket bench: ${c.gaps} gaps/bad frames in a clean burst`);
        if (c.seconds < client.seconds) client = c;
        bare = Math.min(bare, await bareWs(sim, frames));
      }
      const bareRate = count / bare;
      const perFrame = client.events / count;
      return [
        benchRow('polymarket: frames/s through the market feed', 'frames/s', count / client.seconds, bareRate, 'reference: bare ws + JSON.parse of the same frames from the same simulator'),
        benchRow('polymarket: events/s through the market feed', 'events/s', client.events / client.seconds, bareRate, `${perFrame.toFixed(1)} events per frame (book_delta + ticker per entry); reference: bare ws + JSON.parse frames/s`),
      ];
    } finally {
      await sim.stop();
    }
  },
};
