/**
 * Replay benchmarks: records/s and events/s of the full pipeline (read, merge, parse, route,
 * strategy) against the bare JSON.parse line rate of the same data in the same run, gzip
 * included; and peak RSS of a fresh process replaying a ≥ 1 GB file against a 200 MB budget.
 */
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchRow, type BenchRow, type BenchSuite } from '../bench/bench-row.js';
import type { VenueId } from '../domain/venue.js';
import { silentLogger } from '../engine/logger.js';
import { CountingStrategy } from './counting-strategy.js';
import { runReplayPipeline } from './replay-pipeline.js';
import { SyntheticMarket, writeSyntheticRecording, type SyntheticUniverse } from './synthetic-recording.js';

const run = promisify(execFile);
const START_MS = Date.UTC(2026, 0, 5);
const RSS_BUDGET_MB = 200;

function symbolsOf(u: SyntheticUniverse): Array<[VenueId, string]> {
  return [...u.deribit.map((s): [VenueId, string] => ['deribit', s]), ...u.polymarket.map((s): [VenueId, string] => ['polymarket', s])];
}

/** Lines/s of JSON.parse alone over the file's lines already in memory (best of 3). */
async function jsonParseCeiling(path: string): Promise<number> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0);
  let best = 0;
  let sink = 0;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (let i = 0; i < lines.length; i++) sink += (JSON.parse(lines[i]!) as { tsLocal?: number }).tsLocal === undefined ? 0 : 1;
    best = Math.max(best, lines.length / ((performance.now() - t0) / 1000));
  }
  if (sink < 0) throw new Error('unreachable');
  return best;
}

async function pipelineRate(files: string[], universe: SyntheticUniverse): Promise<{ records: number; events: number; seconds: number }> {
  let best = { records: 0, events: 0, seconds: Infinity };
  for (let round = 0; round < 3; round++) {
    const strategy = new CountingStrategy('count', symbolsOf(universe));
    const { report } = await runReplayPipeline({ files, strategies: [strategy], logger: silentLogger });
    if (strategy.received === 0) throw new Error('benchmark strategy received no events');
    const seconds = report.wallMs / 1000;
    if (seconds < best.seconds) best = { records: report.records, events: report.events, seconds };
  }
  return best;
}

export const replaySuite: BenchSuite = {
  name: 'replay',
  async run(ctx): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const records = Math.max(10_000, Math.round(400_000 * ctx.scale));
    const plain = join(ctx.workDir, 'replay.jsonl');
    const gz = join(ctx.workDir, 'replay.jsonl.gz');
    ctx.log(`generating ${records.toLocaleString('en-US')} synthetic records`);
    const universe = await writeSyntheticRecording(plain, records, { startMs: START_MS, seed: 7 });
    await writeSyntheticRecording(gz, records, { startMs: START_MS, seed: 7 });
    const ceiling = await jsonParseCeiling(plain);
    const p = await pipelineRate([plain], universe);
    rows.push(benchRow('replay: records/s, full pipeline', 'records/s', p.records / p.seconds, ceiling, 'reference: bare JSON.parse of the same lines in memory'));
    rows.push(benchRow('replay: events/s, full pipeline', 'events/s', p.events / p.seconds, ceiling, `${(p.events / p.records).toFixed(2)} events per record; reference: JSON.parse lines/s`));
    const g = await pipelineRate([gz], universe);
    rows.push(benchRow('replay: records/s, gzip input', 'records/s', g.records / g.seconds, ceiling, 'reference: bare JSON.parse of the same lines in memory'));

    // Four files merged: the k-way merge's cost shows against the single-file rate.
    const parts: string[] = [];
    for (let k = 0; k < 4; k++) {
      const part = join(ctx.workDir, `part-${k}.jsonl`);
      await writeSyntheticRecording(part, Math.round(records / 4), { startMs: START_MS, seed: 100 + k });
      parts.push(part);
    }
    const partUniverse: SyntheticUniverse = { deribit: [], polymarket: [] };
    for (let k = 0; k < 4; k++) {
      const u = new SyntheticMarket({ startMs: START_MS, seed: 100 + k }).universe;
      (partUniverse.deribit as string[]).push(...u.deribit);
      (partUniverse.polymarket as string[]).push(...u.polymarket);
    }
    const m = await pipelineRate(parts, partUniverse);
    rows.push(benchRow('replay: records/s, 4 files merged', 'records/s', m.records / m.seconds, p.records / p.seconds, 'reference: the single-file pipeline rate'));

    const bigRecords = Math.max(20_000, Math.round(2_600_000 * ctx.scale));
    const big = join(ctx.workDir, 'big.jsonl');
    ctx.log(`generating the peak-RSS input (${bigRecords.toLocaleString('en-US')} records)`);
    const bigUniverse = await writeSyntheticRecording(big, bigRecords, { startMs: START_MS, seed: 11 });
    const universePath = join(ctx.workDir, 'universe.json');
    await writeFile(universePath, JSON.stringify(bigUniverse));
    const sizeMb = (await stat(big)).size / 2 ** 20;
    const child = fileURLToPath(new URL('./replay-rss-child.ts', import.meta.url));
    // Resolve tsx's loader from here so the child works whatever the working directory.
    const { stdout } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), child, big, universePath], { maxBuffer: 1 << 20 });
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { records: number; wallMs: number; maxRssMb: number };
    rows.push(benchRow('replay: peak RSS', 'MB', r.maxRssMb, RSS_BUDGET_MB, `fresh process replaying ${sizeMb.toFixed(0)} MB (${r.records.toLocaleString('en-US')} records); reference: the 200 MB budget`));
    rows.push(benchRow('replay: records/s on the large file', 'records/s', r.records / (r.wallMs / 1000), ceiling, 'reference: bare JSON.parse lines/s from the small set'));
    return rows;
  },
};
