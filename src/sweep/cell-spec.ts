/**
 * A sweep cell: one deterministic backtest, fully described by plain data (so it crosses thread
 * and machine boundaries) and keyed by a content hash of everything that decides its result:
 * strategy types, names and parameters, the data files' bytes, the simulated account and the
 * engine version. The same hash means the same result, so reruns reuse cached cells.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { StrategyType } from '../cli/config/arbiter-config.js';
import type { CashBalanceInput } from '../engine/portfolio/portfolio.js';
import type { GridPoint } from './grid.js';

export interface CellStrategy {
  readonly type: StrategyType;
  readonly name: string;
  /** camelCase configuration for the strategy factory, grid values applied. */
  readonly config: Readonly<Record<string, unknown>>;
}

export interface CellAccount {
  readonly cash: readonly CashBalanceInput[];
  readonly seed: number;
  readonly latency: { readonly entryMs: number; readonly responseMs: number; readonly sigma: number };
  readonly historyPeriodMs: number;
  readonly refreshIntervalMs: number;
}

export interface CellSpec {
  /** Recordings, merged by receive time; a worker on another machine needs them at the same paths. */
  readonly files: readonly string[];
  /** The catalog snapshots (catalogs.jsonl) that keep the backtest hermetic. */
  readonly catalogs: string;
  /** sha256 of each data file (files, then catalogs); a worker refuses a cell whose data differ. */
  readonly dataHashes: Readonly<Record<string, string>>;
  readonly strategies: readonly CellStrategy[];
  readonly account: CellAccount;
  readonly fromMs?: number;
  readonly toMs?: number;
}

export interface SweepCell {
  readonly hash: string;
  readonly params: GridPoint;
  readonly spec: CellSpec;
}

/** The package version, part of every hash: a new engine may trade differently. */
export const ENGINE_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** JSON with object keys sorted at every level, so equal values serialize equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return JSON.stringify(String(value));
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The cell's content hash (hex sha256). Paths do not count, only the bytes behind them. */
export function cellHash(spec: CellSpec): string {
  const identity = {
    engine: `arbiter@${ENGINE_VERSION}`,
    strategies: spec.strategies.map((s) => ({ type: s.type, name: s.name, config: s.config })),
    data: spec.files.map((f) => spec.dataHashes[f] ?? null),
    catalogs: spec.dataHashes[spec.catalogs] ?? null,
    account: spec.account,
    window: { fromMs: spec.fromMs ?? null, toMs: spec.toMs ?? null },
  };
  return createHash('sha256').update(canonicalJson(identity)).digest('hex');
}

const fileHashes = new Map<string, { size: number; mtimeMs: number; hash: Promise<string> }>();

/** sha256 of a file's bytes, memoized per path while its size and mtime stay the same. */
export function hashFile(path: string): Promise<string> {
  const st = statSync(path);
  const known = fileHashes.get(path);
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) return known.hash;
  const hash = new Promise<string>((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (chunk) => h.update(chunk)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
  fileHashes.set(path, { size: st.size, mtimeMs: st.mtimeMs, hash });
  hash.catch(() => fileHashes.delete(path));
  return hash;
}
