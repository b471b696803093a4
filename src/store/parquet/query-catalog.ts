/**
 * SQL over a data catalog (`arbiter data query`) and what it holds (`arbiter data info`): the
 * tables are views `frames` and `events` over the Parquet files, with `venue` and `date` from the
 * partition path.
 */
import { ArbiterError } from '../../domain/errors.js';
import { openDuck, readManifest, tableScan, type CatalogManifest, type DuckSession } from './catalog-layout.js';

export interface QueryResult {
  readonly columns: readonly string[];
  /** Rows as JSON-safe values (big integers become numbers when exact, text otherwise). */
  readonly rows: ReadonlyArray<readonly unknown[]>;
}

async function openCatalog(root: string): Promise<{ duck: DuckSession; manifest: CatalogManifest }> {
  const manifest = await readManifest(root);
  const duck = await openDuck();
  try {
    if (manifest.records > 0) {
      await duck.connection.run(`CREATE VIEW frames AS SELECT * FROM ${tableScan(root, 'frames')}`);
      await duck.connection.run(`CREATE VIEW events AS SELECT * FROM ${tableScan(root, 'events')}`);
    }
  } catch (error) {
    duck.close();
    throw new ArbiterError('ARB_INPUT_FILE', `cannot read data catalog ${root}: ${error instanceof Error ? error.message : String(error)}`, { file: root }, { cause: error });
  }
  return { duck, manifest };
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  return value;
}

async function run(duck: DuckSession, sql: string): Promise<QueryResult> {
  const reader = await duck.connection.runAndReadAll(sql);
  return { columns: reader.columnNames(), rows: reader.getRowsJS().map((row) => row.map(jsonSafe)) };
}

/**
 * Runs one SQL statement over the catalog's `frames` and `events` views.
 * @throws ArbiterError `ARB_INPUT_INVALID` naming DuckDB's complaint when the SQL fails.
 */
export async function queryCatalog(root: string, sql: string): Promise<QueryResult> {
  const { duck } = await openCatalog(root);
  try {
    return await run(duck, sql);
  } catch (error) {
    throw new ArbiterError('ARB_INPUT_INVALID', `query failed: ${error instanceof Error ? error.message : String(error)}`, { file: root }, { cause: error });
  } finally {
    duck.close();
  }
}

export interface CatalogInfo {
  readonly manifest: CatalogManifest;
  readonly venues: ReadonlyArray<{ venue: string; records: number; events: number; firstTs: number; lastTs: number; days: number }>;
  readonly instruments: ReadonlyArray<{ venue: string; symbol: string; events: number; firstTs: number; lastTs: number }>;
  /** Silences longer than `gapMs` between consecutive records of a venue. */
  readonly gaps: ReadonlyArray<{ venue: string; fromTs: number; toTs: number; durationMs: number }>;
  readonly gapMs: number;
}

/** Venues, instruments, time ranges and gaps of a catalog. */
export async function catalogInfo(root: string, gapMs = 60_000): Promise<CatalogInfo> {
  if (!(gapMs > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `gap threshold must be a positive number of ms, got ${gapMs}`);
  const { duck, manifest } = await openCatalog(root);
  if (manifest.records === 0) {
    duck.close();
    return { manifest, venues: [], instruments: [], gaps: [], gapMs };
  }
  try {
    const venues = await run(duck, `SELECT f.venue, count(*) AS records, sum(f.event_count) AS events, min(f.ts_local), max(f.ts_local), count(DISTINCT f.date)
      FROM frames f GROUP BY f.venue ORDER BY f.venue`);
    const instruments = await run(duck, `SELECT venue, symbol, count(*), min(ts_local), max(ts_local) FROM events WHERE row_kind = 0
      GROUP BY venue, symbol ORDER BY venue, symbol`);
    const gaps = await run(duck, `SELECT venue, prev, ts_local FROM (
        SELECT venue, ts_local, lag(ts_local) OVER (PARTITION BY venue ORDER BY seq) AS prev FROM frames)
      WHERE ts_local - prev > ${gapMs} ORDER BY venue, prev`);
    return {
      manifest, gapMs,
      venues: venues.rows.map((r) => ({ venue: r[0] as string, records: r[1] as number, events: Number(r[2]), firstTs: r[3] as number, lastTs: r[4] as number, days: r[5] as number })),
      instruments: instruments.rows.map((r) => ({ venue: r[0] as string, symbol: r[1] as string, events: r[2] as number, firstTs: r[3] as number, lastTs: r[4] as number })),
      gaps: gaps.rows.map((r) => ({ venue: r[0] as string, fromTs: r[1] as number, toTs: r[2] as number, durationMs: (r[2] as number) - (r[1] as number) })),
    };
  } finally {
    duck.close();
  }
}
