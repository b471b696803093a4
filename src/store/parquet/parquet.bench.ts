/**
 * Data catalog benchmark: replay events/s of the full pipeline (merge, route, strategy) from a
 * Parquet catalog's events table against the same data replayed from JSONL in the same run.
 */
import { join } from 'node:path';
import { benchRow, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { CountingStrategy } from '../../backtest/counting-strategy.js';
import { runReplayPipeline } from '../../backtest/replay-pipeline.js';
import { writeSyntheticRecording, type SyntheticUniverse } from '../../backtest/synthetic-recording.js';
import type { VenueId } from '../../domain/venue.js';
import { silentLogger } from '../../engine/logger.js';
import { createFrameParsers } from '../../venues/registry.js';
import { convertToParquet } from './convert-to-parquet.js';

const START_MS = Date.UTC(2026, 0, 5);

async function eventsPerSecond(path: string, universe: SyntheticUniverse): Promise<{ events: number; rate: number }> {
  const symbols: Array<[VenueId, string]> = [...universe.deribit.map((s): [VenueId, string] => ['deribit', s]), ...universe.polymarket.map((s): [VenueId, string] => ['polymarket', s])];
  const strategy = new CountingStrategy('count', symbols);
  const { report } = await runReplayPipeline({ files: [path], strategies: [strategy], logger: silentLogger });
  if (strategy.received === 0) throw new Error('benchmark strategy received no events');
  return { events: report.events, rate: report.events / (report.wallMs / 1000) };
}

/** Best of `rounds` for each input, rounds interleaved so both see the same machine load and warm-up. */
async function bestRates(paths: readonly string[], universe: SyntheticUniverse, rounds: number): Promise<Array<{ events: number; rate: number }>> {
  const best = paths.map(() => ({ events: 0, rate: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < paths.length; k++) {
      const r = await eventsPerSecond(paths[k]!, universe);
      if (r.rate > best[k]!.rate) best[k] = r;
    }
  }
  return best;
}

export const parquetSuite: BenchSuite = {
  name: 'parquet',
  async run(ctx): Promise<BenchRow[]> {
    const records = Math.max(10_000, Math.round(400_000 * ctx.scale));
    const plain = join(ctx.workDir, 'catalog-source.jsonl');
    ctx.log(`generating ${records.toLocaleString('en-US')} synthetic records and converting them`);
    const universe = await writeSyntheticRecording(plain, records, { startMs: START_MS, seed: 7 });
    const catalog = join(ctx.workDir, 'catalog');
    const t0 = performance.now();
    await convertToParquet({ files: [plain], out: catalog, parsers: createFrameParsers() });
    const convertRate = records / ((performance.now() - t0) / 1000);
    const [fromJsonl, fromParquet] = (await bestRates([plain, catalog], universe, 4)) as [{ events: number; rate: number }, { events: number; rate: number }];
    if (fromJsonl.events !== fromParquet.events) throw new Error(`event counts differ: JSONL ${fromJsonl.events}, Parquet ${fromParquet.events}`);
    return [
      benchRow('parquet: replay events/s from the catalog', 'events/s', fromParquet.rate, fromJsonl.rate, 'full pipeline; reference: the same data replayed from JSONL (goal ≥ 3)'),
      benchRow('parquet: convert JSONL → catalog', 'records/s', convertRate, null, 'merge, parse, append, ordered Parquet writes'),
    ];
  },
};
