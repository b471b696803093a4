/**
 * Backtest throughput of the CrossMarket strategy on a large recording (the shipped example
 * repeated with shifted times), against the bare replay pipeline on the same data in the same
 * run, and where the time goes: the pipeline without the strategy (reading, parsing, simulated
 * venues, portfolio, routing), strategy event handling, off-path work (surface, scan, optimizer)
 * and the rest (routed dispatch, orders, fills).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { benchRow, type BenchRow, type BenchSuite } from '../bench/bench-row.js';
import { silentLogger } from '../engine/logger.js';
import type { Strategy, StrategyContext } from '../engine/strategy.js';
import { parseArbiterConfig } from '../cli/config/arbiter-config.js';
import { DEFAULT_CONFIG_TOML } from '../cli/config/default-config.js';
import { RecordingWriter } from '../store/recording/recording-writer.js';
import { asOfCatalogSources, loadCatalogSnapshots } from './catalog-snapshots.js';
import { runBacktest } from './backtest-runner.js';
import { CountingStrategy } from './counting-strategy.js';
import type { RecordedFrame } from '../store/recording/recording-format.js';

const EXAMPLE = new URL('../../examples/demo-btc/', import.meta.url).pathname;

/** Wraps a strategy, timing its event handling and the off-path work it starts. */
class TimedStrategy implements Strategy {
  onEventMs = 0;
  offPathMs = 0;
  constructor(private readonly inner: Strategy) {}
  get name(): string {
    return this.inner.name;
  }
  get venues(): Strategy['venues'] {
    return this.inner.venues;
  }
  discoverSubscriptions(c: Parameters<Strategy['discoverSubscriptions']>[0]): ReturnType<Strategy['discoverSubscriptions']> {
    return this.inner.discoverSubscriptions(c);
  }
  onStart(ctx: StrategyContext): void | Promise<void> {
    return this.inner.onStart?.(this.timed(ctx));
  }
  onEvent(e: Parameters<Strategy['onEvent']>[0], ctx: StrategyContext): void | Promise<void> {
    const t0 = performance.now();
    this.nestedOffPathMs = 0;
    const r = this.inner.onEvent(e, this.timed(ctx));
    // Off-path tasks start synchronously inside onEvent; that part is counted as off-path work.
    this.onEventMs += performance.now() - t0 - this.nestedOffPathMs;
    return r;
  }
  private nestedOffPathMs = 0;
  onTimer(id: string, ctx: StrategyContext): void | Promise<void> {
    return this.inner.onTimer?.(id, this.timed(ctx));
  }
  onOrderUpdate(u: Parameters<NonNullable<Strategy['onOrderUpdate']>>[0], ctx: StrategyContext): void | Promise<void> {
    return this.inner.onOrderUpdate?.(u, this.timed(ctx));
  }
  onFill(f: Parameters<NonNullable<Strategy['onFill']>>[0], ctx: StrategyContext): void | Promise<void> {
    return this.inner.onFill?.(f, this.timed(ctx));
  }
  private cache = new WeakMap<StrategyContext, StrategyContext>();
  private timed(ctx: StrategyContext): StrategyContext {
    let t = this.cache.get(ctx);
    if (!t) {
      t = Object.assign(Object.create(ctx) as StrategyContext, {
        runOffPath: (key: string, task: () => Promise<void>) => ctx.runOffPath(key, () => {
          const t0 = performance.now();
          const running = task();
          this.nestedOffPathMs += performance.now() - t0;
          return running.finally(() => {
            this.offPathMs += performance.now() - t0;
          });
        }),
      });
      this.cache.set(ctx, t);
    }
    return t;
  }
}

/** Writes the example's frames `copies` times into one file, each copy shifted after the last. */
async function repeatExample(out: string, copies: number): Promise<number> {
  const records: RecordedFrame[] = [];
  for (const venue of ['deribit', 'derive', 'polymarket']) {
    const lines = createInterface({ input: createReadStream(join(EXAMPLE, `${venue}.jsonl.gz`)).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      const o = JSON.parse(line) as Partial<RecordedFrame> & { format?: string };
      if (o.format === undefined && o.venue !== undefined) records.push(o as RecordedFrame);
    }
  }
  records.sort((a, b) => a.tsLocal - b.tsLocal);
  const span = records.at(-1)!.tsLocal - records[0]!.tsLocal + 1;
  const writer = await RecordingWriter.open({ path: out, source: 'backtest bench' });
  for (let k = 0; k < copies; k++) {
    for (const r of records) writer.write({ ...r, tsLocal: r.tsLocal + k * span });
    await writer.drained();
  }
  await writer.close();
  return records.length * copies;
}

export const backtestSuite: BenchSuite = {
  name: 'backtest',
  async run(ctx): Promise<BenchRow[]> {
    const copies = Math.max(1, Math.round(10 * ctx.scale));
    const file = join(ctx.workDir, 'backtest.jsonl');
    const n = await repeatExample(file, copies);
    ctx.log(`backtest input: the example recording ×${copies} (${n.toLocaleString('en-US')} records)`);
    const { config, strategies } = parseArbiterConfig(DEFAULT_CONFIG_TOML);
    const cross = strategies.find((s) => s.type === 'cross_market')!;
    const common = {
      files: [file], initialCash: config.paper.cash, seed: 1, logger: silentLogger,
      latency: { entryMs: 25, responseMs: 25, sigma: 0.3 }, historyPeriodMs: 60_000, refreshIntervalMs: 60_000,
    };
    const snapshots = await loadCatalogSnapshots(join(EXAMPLE, 'catalogs.jsonl'));
    const catalogs = (now: () => number) => asOfCatalogSources(snapshots.history, snapshots.venues, now);

    // Reference: the same data through the same pipeline with a strategy that subscribes nothing.
    const bare = await runBacktest({ ...common, catalogs, strategies: [() => new CountingStrategy('count', [])] });
    const bareSeconds = bare.replay.wallMs / 1000;
    let timed: TimedStrategy | null = null;
    const result = await runBacktest({ ...common, catalogs, strategies: [() => (timed = new TimedStrategy(cross.create()))] });
    const seconds = result.replay.wallMs / 1000;
    const t = timed as TimedStrategy | null;
    if (!t) throw new Error('strategy was not created');
    const total = result.replay.wallMs;
    const parse = Math.min(total, bare.replay.wallMs);
    const strategy = t.onEventMs;
    const optimizer = t.offPathMs;
    const rest = Math.max(0, total - parse - strategy - optimizer);
    snapshots.history.close();
    return [
      benchRow('backtest: CrossMarket events/s', 'events/s', result.replay.events / seconds, bare.replay.events / bareSeconds, 'reference: the same data and pipeline without a subscribing strategy'),
      benchRow('backtest: time in read, parse, sim venues, portfolio', '%', (100 * parse) / total, null, 'the strategy-less run on the same data'),
      benchRow('backtest: time in strategy onEvent', '%', (100 * strategy) / total, null),
      benchRow('backtest: time in off-path work (surface, scan, optimizer)', '%', (100 * optimizer) / total, null),
      benchRow('backtest: time in routing, orders, fills', '%', (100 * rest) / total, null),
    ];
  },
};
