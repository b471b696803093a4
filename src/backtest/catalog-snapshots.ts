/**
 * Catalogs travel with recordings so backtests are hermetic: `catalogs.jsonl` beside the frames
 * holds one line per catalog refresh, `{"venue":"deribit","tsMs":…,"instruments":[…]}`. A
 * backtest loads them into a catalog history and serves each venue's catalog as of the replay
 * clock — never a live call.
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { ArbiterError, excerpt } from '../domain/errors.js';
import type { Instrument } from '../domain/instrument.js';
import { isVenueId, type VenueId } from '../domain/venue.js';
import type { CatalogSource } from '../engine/market-feed.js';
import { AsOfCatalogSource } from '../store/catalog/cached-catalog-source.js';
import { CatalogHistory } from '../store/catalog/catalog-history.js';

export const CATALOG_SNAPSHOTS_FILE = 'catalogs.jsonl';

/** Wraps a catalog source so every successful load is appended to `path` with the time it happened. */
export class RecordingCatalogSource implements CatalogSource {
  readonly venue: VenueId;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly inner: CatalogSource, private readonly path: string, private readonly now: () => number) {
    this.venue = inner.venue;
  }

  async load(): Promise<readonly Instrument[]> {
    const instruments = await this.inner.load();
    const line = `${JSON.stringify({ venue: this.venue, tsMs: this.now(), instruments })}\n`;
    this.writes = this.writes.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, line);
    });
    await this.writes;
    return instruments;
  }
}

/**
 * Reads a catalogs.jsonl into an in-memory catalog history.
 * @throws ArbiterError ARB_INPUT_FILE naming the file and line of anything unreadable.
 */
export async function loadCatalogSnapshots(path: string): Promise<{ history: CatalogHistory; venues: VenueId[] }> {
  const history = new CatalogHistory(':memory:');
  const venues = new Set<VenueId>();
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      let entry: { venue?: unknown; tsMs?: unknown; instruments?: unknown };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        throw new ArbiterError('ARB_INPUT_FILE', `${path}:${n}: not valid JSON: ${excerpt(line, 60)}`, { file: path, line: n });
      }
      if (!isVenueId(entry.venue) || typeof entry.tsMs !== 'number' || !Array.isArray(entry.instruments)) {
        throw new ArbiterError('ARB_INPUT_FILE', `${path}:${n}: a catalog snapshot needs venue, tsMs and instruments`, { file: path, line: n });
      }
      history.record(entry.venue, entry.instruments as Instrument[], entry.tsMs);
      venues.add(entry.venue);
    }
  } catch (error) {
    if (error instanceof ArbiterError) throw error;
    throw new ArbiterError('ARB_INPUT_FILE', `cannot read catalog snapshots ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: path }, { cause: error });
  }
  return { history, venues: [...venues] };
}

/**
 * As-of catalog sources for every venue in the snapshots, on the given clock. A recording starts
 * a moment before its first catalog load completes; a load before the first snapshot is served
 * that snapshot (what the live run was receiving at that moment), never an empty catalog.
 */
export function asOfCatalogSources(history: CatalogHistory, venues: readonly VenueId[], now: () => number): CatalogSource[] {
  return venues.map((venue) => new AsOfCatalogSource(venue, history, () => Math.max(now(), history.firstRefresh(venue) ?? -Infinity)));
}
