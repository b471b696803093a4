/**
 * Derive feed throughput: parsed events/s through DeriveMarketFeed (JsonRpcSocket → frame parser →
 * stale-snapshot check → sink) from the Derive simulator over loopback, against a bare `ws` client
 * doing only `JSON.parse` on the same burst of ticker_slim frames, in the same run. The simulator
 * runs in a child process (derive-bench-child.ts) so the sender does not share the receiver's thread.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { benchRow, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { DeriveMarketFeed } from './client/derive-market-feed.js';

const CHANNEL = 'ticker_slim.BTC-PERP.100';

class SimChild {
  private waiters: Array<{ type: string; resolve: (m: Record<string, unknown>) => void }> = [];
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: Record<string, unknown>) => {
      const i = this.waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
    });
  }

  static async start(): Promise<{ sim: SimChild; url: string }> {
    const script = fileURLToPath(new URL('./derive-bench-child.ts', import.meta.url));
    const sim = new SimChild(fork(script, [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
    const ready = await sim.expect('ready');
    return { sim, url: String(ready.url) };
  }

  send(message: Record<string, unknown>, answer: string): Promise<Record<string, unknown>> {
    const p = this.expect(answer);
    this.child.send(message);
    return p;
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => (this.child.exitCode !== null ? r(null) : this.child.once('exit', r)));
    this.child.send({ type: 'quit' });
    await exited;
  }

  private expect(type: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`derive bench: no "${type}" from the simulator`)), 120_000);
      this.waiters.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }
}

/** Times one burst of `count` frames from `fire` until `received()` reaches `count`. */
async function timeBurst(sim: SimChild, count: number, received: () => number, done: Promise<void>): Promise<number> {
  await sim.send({ type: 'prepare', count }, 'prepared');
  const t0 = performance.now();
  await sim.send({ type: 'fire' }, 'sent');
  await done;
  if (received() !== count) throw new Error('derive bench: burst incomplete');
  return count / ((performance.now() - t0) / 1000);
}

async function bareRate(sim: SimChild, url: string, count: number): Promise<number> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  let received = 0;
  let sink = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((r) => (finish = r));
  let acked: () => void = () => {};
  const ack = new Promise<void>((r) => (acked = r));
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { method?: string; params?: { data?: { timestamp?: number } } };
    if (m.method !== 'subscription') return acked();
    sink += m.params?.data?.timestamp ?? 0;
    if (++received === count) finish();
  });
  ws.send(JSON.stringify({ id: 1, method: 'subscribe', params: { channels: [CHANNEL] } }));
  await ack;
  const rate = await timeBurst(sim, count, () => received, done);
  await new Promise((r) => {
    ws.once('close', r);
    ws.close();
  });
  if (sink < 0) throw new Error('unreachable');
  return rate;
}

async function clientRate(sim: SimChild, url: string, count: number): Promise<number> {
  let received = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((r) => (finish = r));
  const feed = new DeriveMarketFeed({ url });
  await feed.start(() => {
    if (++received === count) finish();
  });
  await feed.subscribe([{ symbol: 'BTC-PERP', channel: 'ticker' }]);
  const rate = await timeBurst(sim, count, () => received, done);
  if (feed.badFrames > 0) throw new Error(`derive bench: ${feed.badFrames} bad frames`);
  await feed.stop();
  return rate;
}

export const deriveSuite: BenchSuite = {
  name: 'derive',
  async run(ctx): Promise<BenchRow[]> {
    const count = Math.max(5_000, Math.round(100_000 * ctx.scale));
    const { sim, url } = await SimChild.start();
    try {
      // One unmeasured warm-up of each path, then three alternating measured rounds (best of each).
      await bareRate(sim, url, Math.min(count, 5_000));
      await clientRate(sim, url, Math.min(count, 5_000));
      let bare = 0;
      let client = 0;
      for (let round = 0; round < 3; round++) {
        if (round % 2 === 0) {
          bare = Math.max(bare, await bareRate(sim, url, count));
          client = Math.max(client, await clientRate(sim, url, count));
        } else {
          client = Math.max(client, await clientRate(sim, url, count));
          bare = Math.max(bare, await bareRate(sim, url, count));
        }
      }
      ctx.log(`derive: ${Math.round(client).toLocaleString('en-US')} events/s through the feed, ${Math.round(bare).toLocaleString('en-US')} msgs/s bare`);
      return [
        benchRow('derive feed ticker_slim events/s (simulator → DeriveMarketFeed)', 'events/s', client, bare,
          `reference: bare ws + JSON.parse of the same ${count.toLocaleString('en-US')} frames from the simulator in a child process over loopback, same run; best of 3`),
      ];
    } finally {
      await sim.stop();
    }
  },
};
