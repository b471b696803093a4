/**
 * Catalog sources backed by the catalog history. Live: serve the stored catalog while it is
 * fresh, refresh from the venue when stale, fall back to the stored one when the venue fails
 * (a first run with an empty store fetches). Replay: the catalog as of the replay clock, never
 * a network call.
 */
import type { Instrument } from '../../domain/instrument.js';
import type { VenueId } from '../../domain/venue.js';
import type { Logger } from '../../engine/logger.js';
import type { CatalogSource } from '../../engine/market-feed.js';
import type { CatalogHistory } from './catalog-history.js';

export interface CachedCatalogSourceOptions {
  readonly staleAfterMs: number;
  readonly now: () => number;
  readonly logger: Logger;
}

export class CachedCatalogSource implements CatalogSource {
  readonly venue: VenueId;

  constructor(private readonly remote: CatalogSource, private readonly history: CatalogHistory, private readonly options: CachedCatalogSourceOptions) {
    this.venue = remote.venue;
  }

  async load(): Promise<readonly Instrument[]> {
    const now = this.options.now();
    const last = this.history.lastRefresh(this.venue);
    if (last !== null && now - last < this.options.staleAfterMs) return this.history.asOf(this.venue, now);
    try {
      const fresh = await this.remote.load();
      const diff = this.history.record(this.venue, fresh, Math.max(now, last ?? now));
      this.options.logger.info({ venue: this.venue, instruments: fresh.length, added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length }, 'catalog refreshed');
      return fresh;
    } catch (error) {
      if (last === null) throw error;
      this.options.logger.warn({ venue: this.venue, err: error instanceof Error ? error.message : String(error), ageMs: now - last }, 'catalog refresh failed; serving the stored catalog');
      return this.history.asOf(this.venue, now);
    }
  }
}

/** The catalog as of the replay clock's time: hermetic backtests. */
export class AsOfCatalogSource implements CatalogSource {
  constructor(readonly venue: VenueId, private readonly history: CatalogHistory, private readonly now: () => number) {}

  async load(): Promise<readonly Instrument[]> {
    return this.history.asOf(this.venue, this.now());
  }
}
