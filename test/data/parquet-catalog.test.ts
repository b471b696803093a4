import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayRecordings } from '../../src/backtest/replay.js';
import { writeSyntheticRecording } from '../../src/backtest/synthetic-recording.js';
import type { MarketEvent } from '../../src/domain/market-event.js';
import { convertToJsonl } from '../../src/store/parquet/convert-to-jsonl.js';
import { convertToParquet } from '../../src/store/parquet/convert-to-parquet.js';
import { catalogInfo, queryCatalog } from '../../src/store/parquet/query-catalog.js';
import { createFrameParsers, priceCurrencyOf } from '../../src/venues/registry.js';

const START_MS = Date.UTC(2026, 0, 5, 23, 59, 0);
let dir: string;
let jsonl: string;
let extra: string;
let catalog: string;

function frameLines(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('{"venue"'));
}

async function replayAll(files: string[]): Promise<{ events: MarketEvent[]; report: Awaited<ReturnType<typeof replayRecordings>> }> {
  const events: MarketEvent[] = [];
  const report = await replayRecordings({ files, parsers: createFrameParsers(), priceCurrencyOf, onEvent: (e) => events.push(e) });
  return { events, report };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-catalog-'));
  jsonl = join(dir, 'synthetic.jsonl');
  // Two minutes across midnight UTC: two date partitions.
  await writeSyntheticRecording(jsonl, 6_000, { startMs: START_MS, seed: 3, meanGapMs: 20 });
  // Hand-written records: a control frame (no events), a bad frame, a fractional tsLocal, a venue-less gap.
  extra = join(dir, 'extra.jsonl');
  await writeFile(extra, [
    '{"venue":"polymarket","tsLocal":1767657540000.25,"tsVenue":null,"frame":"PONG"}',
    '{"venue":"deribit","tsLocal":1767657540001.5,"tsVenue":1767657540001,"frame":{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.100ms","data":{"best_bid_price":"x"}}}}',
    '{"venue":"polymarket","tsLocal":1767657900000,"tsVenue":null,"frame":"PONG"}',
    '',
  ].join('\n'));
  catalog = join(dir, 'catalog');
  await convertToParquet({ files: [jsonl, extra], out: catalog, parsers: createFrameParsers() });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Parquet data catalog', () => {
  it('round-trips every frame record byte for byte (JSONL → Parquet → JSONL)', async () => {
    const back = join(dir, 'back.jsonl.gz');
    const written = await convertToJsonl({ catalog, out: back });
    const { report } = await replayAll([jsonl, extra]);
    expect(written).toBe(report.records);
    // The merged replay order of the inputs is the catalog's order; compare against it line by line.
    const single = join(dir, 'single');
    await convertToParquet({ files: [jsonl], out: single, parsers: createFrameParsers() });
    const plainBack = join(dir, 'single.jsonl');
    await convertToJsonl({ catalog: single, out: plainBack });
    expect(frameLines(await readFile(plainBack, 'utf8'))).toEqual(frameLines(await readFile(jsonl, 'utf8')));
    const fromGz = await replayAll([back]);
    expect(fromGz.report.records).toBe(report.records);
  }, 30_000);

  it('replays the same events and counts from the catalog as from the JSONL', async () => {
    const a = await replayAll([jsonl, extra]);
    const b = await replayAll([catalog]);
    expect(b.events).toEqual(a.events);
    expect(b.report.records).toBe(a.report.records);
    expect(b.report.badFrames).toBe(1);
    expect(b.report.badFrames).toBe(a.report.badFrames);
    expect(b.report.issues.map((i) => i.reason)).toEqual(a.report.issues.map((i) => i.reason));
    expect(b.report.firstTs).toBe(a.report.firstTs);
    expect(b.report.lastTs).toBe(a.report.lastTs);
  }, 30_000);

  it('answers SQL over frames and events, partitioned by venue and day', async () => {
    const q = await queryCatalog(catalog, 'SELECT venue, date, count(*) AS n FROM frames GROUP BY ALL ORDER BY ALL');
    expect(q.columns).toEqual(['venue', 'date', 'n']);
    expect(q.rows.map((r) => r[1])).toContain('2026-01-05');
    expect(q.rows.map((r) => r[1])).toContain('2026-01-06');
    const frac = await queryCatalog(catalog, "SELECT ts_local FROM frames WHERE frame = '\"PONG\"' ORDER BY seq LIMIT 1");
    expect(frac.rows[0]![0]).toBe(1767657540000.25);
    await expect(queryCatalog(catalog, 'SELECT nope FROM frames')).rejects.toThrow(/query failed/);
  }, 30_000);

  it('reports venues, instruments, time ranges and gaps', async () => {
    const info = await catalogInfo(catalog, 60_000);
    expect(info.venues.map((v) => v.venue)).toEqual(['deribit', 'polymarket']);
    expect(info.instruments.length).toBeGreaterThan(10);
    // The second PONG comes six minutes after the first, after the synthetic data ended.
    expect(info.gaps).toEqual([expect.objectContaining({ venue: 'polymarket', toTs: 1767657900000 })]);
  }, 30_000);

  it('refuses a non-empty output directory and a directory that is not a catalog', async () => {
    await expect(convertToParquet({ files: [jsonl], out: catalog, parsers: createFrameParsers() })).rejects.toThrow(/not empty/);
    await expect(queryCatalog(dir, 'SELECT 1')).rejects.toThrow(/not a data catalog/);
  });
});
