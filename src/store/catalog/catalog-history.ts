/**
 * Durable catalog history in SQLite: every instrument version has a validity interval
 * [valid_from, valid_to), so `asOf(t)` returns a venue's catalog exactly as it was at t, and
 * `diff(a, b)` lists what was added, removed or changed between two times. Recording a refresh
 * writes only what changed.
 */
import Database from 'better-sqlite3';
import { ArbiterError } from '../../domain/errors.js';
import type { Instrument } from '../../domain/instrument.js';
import type { VenueId } from '../../domain/venue.js';

export interface CatalogDiff {
  readonly added: readonly Instrument[];
  readonly removed: readonly Instrument[];
  readonly changed: ReadonlyArray<{ readonly before: Instrument; readonly after: Instrument }>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS instrument_versions (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, data TEXT NOT NULL,
  valid_from INTEGER NOT NULL, valid_to INTEGER,
  PRIMARY KEY (venue, symbol, valid_from)
);
CREATE INDEX IF NOT EXISTS instrument_versions_open ON instrument_versions (venue, valid_to);
CREATE TABLE IF NOT EXISTS catalog_refreshes (
  venue TEXT NOT NULL, at_ms INTEGER NOT NULL, instruments INTEGER NOT NULL,
  PRIMARY KEY (venue, at_ms)
);`;

interface Row {
  readonly symbol: string;
  readonly data: string;
}

export class CatalogHistory {
  private readonly db: Database.Database;

  /** Opens (creating if needed) the history at `path`; ':memory:' for a throwaway one. */
  constructor(path: string) {
    try {
      this.db = new Database(path);
    } catch (error) {
      throw new ArbiterError('ARB_INPUT_FILE', `cannot open catalog database ${path}: ${error instanceof Error ? error.message : String(error)}`, { file: path }, { cause: error });
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  /**
   * Records a venue's full catalog as refreshed at `atMs` and returns what changed against the
   * catalog valid just before. Times must not go backwards per venue.
   */
  record(venue: VenueId, instruments: readonly Instrument[], atMs: number): CatalogDiff {
    const last = this.lastRefresh(venue);
    if (last !== null && atMs < last) {
      throw new ArbiterError('ARB_INPUT_INVALID', `catalog refresh for ${venue} at ${atMs} is older than the last one (${last})`, { venue });
    }
    const run = this.db.transaction((): CatalogDiff => {
      const open = new Map((this.db.prepare('SELECT symbol, data FROM instrument_versions WHERE venue = ? AND valid_to IS NULL').all(venue) as Row[]).map((r) => [r.symbol, r.data]));
      const close = this.db.prepare('UPDATE instrument_versions SET valid_to = ? WHERE venue = ? AND symbol = ? AND valid_to IS NULL');
      const insert = this.db.prepare('INSERT OR REPLACE INTO instrument_versions (venue, symbol, data, valid_from, valid_to) VALUES (?, ?, ?, ?, NULL)');
      const added: Instrument[] = [];
      const removed: Instrument[] = [];
      const changed: Array<{ before: Instrument; after: Instrument }> = [];
      const seen = new Set<string>();
      for (const instrument of instruments) {
        if (instrument.venue !== venue) throw new ArbiterError('ARB_INPUT_INVALID', `instrument ${instrument.symbol} is on ${instrument.venue}, not ${venue}`, { venue });
        if (seen.has(instrument.symbol)) continue;
        seen.add(instrument.symbol);
        const data = JSON.stringify(instrument);
        const before = open.get(instrument.symbol);
        if (before === data) continue;
        if (before !== undefined) {
          close.run(atMs, venue, instrument.symbol);
          changed.push({ before: JSON.parse(before) as Instrument, after: instrument });
        } else {
          added.push(instrument);
        }
        insert.run(venue, instrument.symbol, data, atMs);
      }
      for (const [symbol, data] of open) {
        if (seen.has(symbol)) continue;
        close.run(atMs, venue, symbol);
        removed.push(JSON.parse(data) as Instrument);
      }
      this.db.prepare('INSERT OR REPLACE INTO catalog_refreshes (venue, at_ms, instruments) VALUES (?, ?, ?)').run(venue, atMs, seen.size);
      return { added, removed, changed };
    });
    return run();
  }

  /** The venue's catalog as it was at `atMs` (sorted by symbol); empty before the first refresh. */
  asOf(venue: VenueId, atMs: number): Instrument[] {
    const rows = this.db
      .prepare('SELECT symbol, data FROM instrument_versions WHERE venue = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) ORDER BY symbol')
      .all(venue, atMs, atMs) as Row[];
    return rows.map((r) => JSON.parse(r.data) as Instrument);
  }

  /** What changed between the catalogs valid at `fromMs` and at `toMs`. */
  diff(venue: VenueId, fromMs: number, toMs: number): CatalogDiff {
    const a = new Map(this.asOf(venue, fromMs).map((i) => [i.symbol, i]));
    const b = new Map(this.asOf(venue, toMs).map((i) => [i.symbol, i]));
    const added = [...b.values()].filter((i) => !a.has(i.symbol));
    const removed = [...a.values()].filter((i) => !b.has(i.symbol));
    const changed = [...b.values()].flatMap((after) => {
      const before = a.get(after.symbol);
      return before !== undefined && JSON.stringify(before) !== JSON.stringify(after) ? [{ before, after }] : [];
    });
    return { added, removed, changed };
  }

  /** Time of the venue's first recorded refresh, or null. */
  firstRefresh(venue: VenueId): number | null {
    const row = this.db.prepare('SELECT MIN(at_ms) AS at FROM catalog_refreshes WHERE venue = ?').get(venue) as { at: number | null };
    return row.at;
  }

  /** Time of the venue's last recorded refresh, or null. */
  lastRefresh(venue: VenueId): number | null {
    const row = this.db.prepare('SELECT MAX(at_ms) AS at FROM catalog_refreshes WHERE venue = ?').get(venue) as { at: number | null };
    return row.at;
  }

  close(): void {
    this.db.close();
  }
}
