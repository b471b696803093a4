/**
 * Where a data catalog keeps its tables and how it is opened: `<root>/frames/venue=<v>/date=<day>/part-*.parquet`
 * (the raw frames, lossless), `<root>/events/date=<day>/part-*.parquet` (the parsers' output, in
 * replay order: day by day, each file sorted by record), and `<root>/catalog.json` (what the
 * catalog is). See docs/data-catalog.md.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ArbiterError } from '../../domain/errors.js';

export const CATALOG_FORMAT = 'arbiter-data-catalog';
export const CATALOG_VERSION = 1;
export const CATALOG_MANIFEST = 'catalog.json';

export interface CatalogManifest {
  readonly format: typeof CATALOG_FORMAT;
  readonly version: number;
  readonly createdAtMs: number;
  readonly inputs: readonly string[];
  readonly records: number;
  readonly events: number;
  /** Seed-format lines and malformed lines are not carried over; they are counted here. */
  readonly skippedLines: number;
  /** Distinct values of the events table's low-cardinality text columns (readers decode them as ENUMs). */
  readonly dictionaries: Readonly<Record<string, readonly string[]>>;
}

/** Text columns of the events table whose distinct values the manifest lists. */
export const DICTIONARY_COLUMNS = ['kind', 'symbol', 'price_currency', 'side', 'state', 'venue'] as const;

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function tableGlob(root: string, table: 'frames' | 'events'): string {
  return join(root, table, '**', '*.parquet');
}

/** `read_parquet(...)` of one table with its partition columns (venue, date as text). */
export function tableScan(root: string, table: 'frames' | 'events'): string {
  const types = table === 'frames' ? `{'venue': VARCHAR, 'date': VARCHAR}` : `{'date': VARCHAR}`;
  return `read_parquet(${sqlString(tableGlob(root, table))}, hive_partitioning = true, hive_types = ${types})`;
}

/** True when `path` is a directory holding a catalog manifest. */
export async function isCatalogDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory() && (await stat(join(path, CATALOG_MANIFEST))).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads and checks the manifest of a catalog.
 * @throws ArbiterError `ARB_INPUT_FILE` when the directory is not a catalog or is of a newer version.
 */
export async function readManifest(root: string): Promise<CatalogManifest> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(join(root, CATALOG_MANIFEST), 'utf8'));
  } catch (error) {
    throw new ArbiterError('ARB_INPUT_FILE', `${root} is not a data catalog (no readable ${CATALOG_MANIFEST}; write one with arbiter data convert)`, { file: root }, { cause: error });
  }
  const m = value as Partial<CatalogManifest>;
  if (m.format !== CATALOG_FORMAT || typeof m.version !== 'number') {
    throw new ArbiterError('ARB_INPUT_FILE', `${join(root, CATALOG_MANIFEST)} is not a data catalog manifest`, { file: root });
  }
  if (m.version > CATALOG_VERSION) {
    throw new ArbiterError('ARB_INPUT_FILE', `data catalog ${root} has version ${m.version}, newer than this reader (${CATALOG_VERSION})`, { file: root });
  }
  return m as CatalogManifest;
}

/** An in-memory DuckDB with one connection; `close` releases both. */
export interface DuckSession {
  readonly connection: DuckDBConnection;
  close(): void;
}

export async function openDuck(): Promise<DuckSession> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    connection,
    close(): void {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
