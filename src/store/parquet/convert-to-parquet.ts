/**
 * `arbiter data convert`: JSONL recordings → a Parquet data catalog. Records are taken in replay
 * order (the same k-way merge a backtest uses) and numbered (`seq`); each raw frame is stored as
 * its JSON text, and each is run once through its venue parser so the `events` table holds exactly
 * what a replay of the frames would emit.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DOUBLE, LIST, type DuckDBAppender } from '@duckdb/node-api';
import { RecordingMerge } from '../../backtest/recording-merge.js';
import { ArbiterError } from '../../domain/errors.js';
import type { MarketEvent } from '../../domain/market-event.js';
import type { VenueId } from '../../domain/venue.js';
import type { FrameParser } from '../../venues/shared/frame-parser.js';
import { RECORD_FRAME, type LineIssue } from '../recording/recording-file-source.js';
import { CATALOG_FORMAT, CATALOG_MANIFEST, CATALOG_VERSION, DICTIONARY_COLUMNS, openDuck, sqlString, type CatalogManifest } from './catalog-layout.js';
import { EVENTS_DDL, ROW_BAD_FRAME, ROW_EMPTY, ROW_UNPARSED, eventToRow, markerRow, type EventCell } from './event-columns.js';

export interface ConvertToParquetOptions {
  readonly files: readonly string[];
  /** The catalog directory; it must not exist or be empty. */
  readonly out: string;
  /** The venue parsers that fill the events table (the registry's, as backtests use). */
  readonly parsers: ReadonlyMap<VenueId, FrameParser>;
  readonly onIssue?: (issue: LineIssue) => void;
  /** Clock for the manifest's creation time; default Date.now. */
  readonly now?: () => number;
}

const FRAMES_DDL = `CREATE TABLE frames (seq BIGINT, ts_local DOUBLE, ts_venue DOUBLE, event_kinds VARCHAR, symbol VARCHAR,
  event_count INTEGER, frame VARCHAR, venue VARCHAR, date VARCHAR)`;

const LEVELS = LIST(DOUBLE);

/** UTC day `YYYY-MM-DD` of an epoch-ms time. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function appendCell(appender: DuckDBAppender, cell: EventCell): void {
  if (cell === null) appender.appendNull();
  else if (typeof cell === 'number') appender.appendDouble(cell);
  else if (typeof cell === 'string') appender.appendVarchar(cell);
  else if (typeof cell === 'boolean') appender.appendBoolean(cell);
  else appender.appendList(cell, LEVELS);
}

/**
 * Converts recordings into a catalog at `out`.
 * @throws ArbiterError `ARB_INPUT_FILE` for an unreadable input or an `out` that is not empty.
 */
export async function convertToParquet(options: ConvertToParquetOptions): Promise<CatalogManifest> {
  const { out, parsers } = options;
  const existing = await readdir(out).catch(() => [] as string[]);
  if (existing.length > 0) throw new ArbiterError('ARB_INPUT_FILE', `output directory ${out} is not empty; choose a new directory`, { file: out });
  const merge = await RecordingMerge.open(options.files, { onIssue: options.onIssue });
  const duck = await openDuck();
  const db = duck.connection;
  let records = 0;
  let events = 0;
  let skippedLines = 0;
  const dictionaries: Record<string, string[]> = {};
  let maxTs = -Infinity;
  try {
    await db.run(FRAMES_DDL);
    await db.run(EVENTS_DDL);
    const frames = await db.createAppender('frames');
    const eventRows = await db.createAppender('events');
    const collected: MarketEvent[] = [];
    const emit = (e: MarketEvent): void => {
      collected.push(e);
    };
    for (let source = merge.peek(); source !== undefined; source = merge.peek()) {
      const i = source.pos;
      if (source.kinds[i] !== RECORD_FRAME) {
        skippedLines++;
        options.onIssue?.({ file: source.path, line: source.lines[i]!, reason: 'a seed-format line is not converted (the catalog holds venue frames)' });
      } else {
        const item = source.items[i] as { venue: VenueId; tsVenue?: unknown; frame: unknown };
        const ts = source.ts[i]!;
        const tsVenue = typeof item.tsVenue === 'number' && Number.isFinite(item.tsVenue) ? item.tsVenue : null;
        const seq = records++;
        const day = utcDay(ts);
        // The events table is partitioned by the day of the latest time so far: monotone in seq,
        // so reading its days in order and each file in row order is replay order, with no sort.
        if (ts > maxTs) maxTs = ts;
        const replayDay = utcDay(maxTs);
        collected.length = 0;
        let rows: EventCell[][];
        const parser = parsers.get(item.venue);
        if (parser === undefined) {
          rows = [markerRow(seq, ROW_UNPARSED, ts, tsVenue, null)];
        } else {
          try {
            parser.parse(item.frame, ts, emit);
            rows = collected.length === 0 ? [markerRow(seq, ROW_EMPTY, ts, tsVenue, null)] : collected.map((e, n) => eventToRow(seq, n, e));
            events += collected.length;
          } catch (error) {
            if (!(error instanceof ArbiterError)) throw error;
            rows = [markerRow(seq, ROW_BAD_FRAME, ts, tsVenue, error.message)];
            collected.length = 0;
          }
        }
        for (const row of rows) {
          eventRows.appendBigInt(BigInt(seq));
          eventRows.appendInteger(row[1] as number);
          eventRows.appendUTinyInt(row[2] as number);
          for (let c = 3; c < row.length; c++) appendCell(eventRows, row[c]!);
          eventRows.appendVarchar(item.venue);
          eventRows.appendVarchar(replayDay);
          eventRows.endRow();
        }
        frames.appendBigInt(BigInt(seq));
        frames.appendDouble(ts);
        if (tsVenue === null) frames.appendNull();
        else frames.appendDouble(tsVenue);
        if (collected.length === 0) {
          frames.appendNull();
          frames.appendNull();
        } else {
          frames.appendVarchar([...new Set(collected.map((e) => e.kind))].join(','));
          frames.appendVarchar(collected[0]!.symbol);
        }
        frames.appendInteger(collected.length);
        frames.appendVarchar(JSON.stringify(item.frame));
        frames.appendVarchar(item.venue);
        frames.appendVarchar(day);
        frames.endRow();
      }
      const refill = merge.advance();
      if (refill !== undefined) await refill;
    }
    skippedLines += merge.sources.reduce((n, s) => n + s.malformed, 0);
    frames.closeSync();
    eventRows.closeSync();
    for (const column of DICTIONARY_COLUMNS) {
      const values = (await db.runAndReadAll(`SELECT DISTINCT ${column} FROM events WHERE ${column} IS NOT NULL ORDER BY 1`)).getColumnsJS()[0] ?? [];
      dictionaries[column] = values.map(String);
    }
    await mkdir(out, { recursive: true });
    await db.run(`COPY (SELECT * FROM frames ORDER BY seq) TO ${sqlString(join(out, 'frames'))}
      (FORMAT parquet, PARTITION_BY (venue, date), FILENAME_PATTERN 'part-{i}', COMPRESSION zstd)`);
    // One file per day written by an ordered COPY, which keeps rows in (seq, n) order (the partitioned
    // writer does not guarantee it; the reader checks).
    const days = (await db.runAndReadAll('SELECT DISTINCT date FROM events ORDER BY date')).getColumnsJS()[0] ?? [];
    for (const day of days) {
      const dayDir = join(out, 'events', `date=${String(day)}`);
      await mkdir(dayDir, { recursive: true });
      await db.run(`COPY (SELECT * EXCLUDE (date) FROM events WHERE date = ${sqlString(String(day))} ORDER BY seq, n) TO ${sqlString(join(dayDir, 'part-0.parquet'))}
        (FORMAT parquet, COMPRESSION zstd)`);
    }
  } finally {
    merge.close();
    duck.close();
  }
  const manifest: CatalogManifest = {
    format: CATALOG_FORMAT, version: CATALOG_VERSION, createdAtMs: (options.now ?? Date.now)(),
    inputs: options.files, records, events, skippedLines, dictionaries,
  };
  await writeFile(join(out, CATALOG_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
