/**
 * Deribit feed throughput: parsed events/s through DeribitMarketFeed (JSON decode, JSON-RPC
 * dispatch, frame parser, local books with change_id checks, sink) from the simulator's burst mode
 * over loopback, against a bare `ws` client doing only JSON.parse on the same frames from the same
 * simulator in the same run. The simulator runs in a child process so the sender does not share
 * the receiver's thread.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { benchRow, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { silentLogger } from '../../engine/logger.js';
import type { ChannelSubscription } from '../../engine/market-feed.js';
import { DeribitMarketFeed } from './client/deribit-market-feed.js';
import { DeribitSimulator } from './simulator/deribit-simulator.js';

const ROUNDS = 4;

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`deribit bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** A counter whose `reach(n)` resolves from inside the counting callback, without polling. */
class Counter {
  value = 0;
  private target = Infinity;
  private resolve: (() => void) | null = null;

  readonly bump = (): void => {
    if (++this.value >= this.target && this.resolve !== null) {
      const r = this.resolve;
      this.resolve = null;
      this.target = Infinity;
      r();
    }
  };

  reach(n: number): Promise<void> {
    if (this.value >= n) return Promise.resolve();
    this.target = n;
    return new Promise((r) => (this.resolve = r));
  }
}

/** The simulator child: line commands in, line answers out. */
class SimulatorProcess {
  private readonly lines: string[] = [];
  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    createInterface({ input: child.stdout }).on('line', (l) => this.lines.push(l));
  }

  static async start(): Promise<{ sim: SimulatorProcess; url: string }> {
    const script = fileURLToPath(new URL('./deribit-bench-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), script], { stdio: ['pipe', 'pipe', 'inherit'] });
    const sim = new SimulatorProcess(child);
    const ready = await sim.next('READY');
    return { sim, url: ready.slice('READY '.length) };
  }

  async command(line: string, answer: string): Promise<string> {
    this.child.stdin.write(`${line}\n`);
    return this.next(answer);
  }

  async stop(): Promise<void> {
    this.child.stdin.write('quit\n');
    await new Promise((r) => (this.child.exitCode !== null ? r(null) : this.child.once('exit', r)));
  }

  private async next(prefix: string): Promise<string> {
    await until(() => this.lines.length > 0, `simulator "${prefix}"`);
    const line = this.lines.shift()!;
    if (!line.startsWith(prefix)) throw new Error(`deribit bench: simulator said "${line}", expected ${prefix}`);
    return line;
  }
}

/** Ten option tickers and books, the perpetual's ticker, book and trades. */
function benchSubscriptions(sim: DeribitSimulator): ChannelSubscription[] {
  const options = sim.instruments.filter((i) => i.kind === 'option').slice(0, 10);
  const subs: ChannelSubscription[] = [];
  for (const o of options) subs.push({ symbol: o.name, channel: 'ticker' }, { symbol: o.name, channel: 'book' });
  subs.push({ symbol: 'BTC-PERPETUAL', channel: 'ticker' }, { symbol: 'BTC-PERPETUAL', channel: 'book' }, { symbol: 'BTC-PERPETUAL', channel: 'trades' });
  return subs;
}

export const deribitSuite: BenchSuite = {
  name: 'deribit',
  async run(ctx): Promise<BenchRow[]> {
    const frameCount = Math.max(5_000, Math.round(100_000 * ctx.scale));
    // The instrument list is deterministic for a seed and start day; a local copy names the channels.
    const names = await DeribitSimulator.start({ seed: 5, tickIntervalMs: 0 });
    const subs = benchSubscriptions(names);
    await names.stop();
    const { sim, url } = await SimulatorProcess.start();
    try {
      const events = new Counter();
      const feed = new DeribitMarketFeed({ url, logger: silentLogger });
      await feed.start(events.bump); // connection 0
      await feed.subscribe(subs);
      await until(() => subs.every((s) => s.channel !== 'book' || feed.book(s.symbol)?.changeId != null), 'book snapshots');
      const parsed = new Counter();
      let sink = 0;
      const bare = new WebSocket(url, { perMessageDeflate: false }); // connection 1
      bare.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { params?: unknown };
        if (m.params !== undefined) sink++;
        parsed.bump();
      });
      await new Promise((resolve, reject) => {
        bare.once('open', resolve);
        bare.once('error', reject);
      });

      // Rounds alternate between the feed and the bare client so load changes hit both alike.
      const timed = async (counter: Counter, connection: number, n: number): Promise<number> => {
        const arrived = counter.reach(counter.value + n);
        const t0 = performance.now();
        const done = sim.command(`send ${connection}`, 'SENT');
        await arrived;
        const rate = n / ((performance.now() - t0) / 1000);
        await done;
        return rate;
      };
      let feedRate = 0;
      let bareRate = 0;
      let sent = 0;
      for (let round = 0; round < ROUNDS; round++) {
        sent = Number((await sim.command(`build ${frameCount}`, 'BUILT')).split(' ')[1]); // continues each book's change_id chain
        feedRate = Math.max(feedRate, await timed(events, 0, sent));
        bareRate = Math.max(bareRate, await timed(parsed, 1, sent));
      }
      if (feed.counters.gaps !== 0 || feed.counters.badFrames !== 0) throw new Error(`deribit bench: ${feed.counters.gaps} gaps, ${feed.counters.badFrames} bad frames`);
      bare.terminate();
      await feed.stop();
      if (sink === 0) throw new Error('deribit bench: bare client parsed nothing');
      ctx.log(`deribit: ${sent.toLocaleString('en-US')} frames per round`);
      return [
        benchRow('deribit feed events/s (simulator burst, loopback)', 'events/s', feedRate, bareRate,
          `reference: bare ws + JSON.parse of the same ${sent} frames (ticker/book change/trade mix, one event each) from the same simulator (own process, frames prebuilt and written raw); rounds alternate feed/bare, best of ${ROUNDS} each`),
      ];
    } finally {
      await sim.stop();
    }
  },
};
