/**
 * Live catalogs: each venue's remote catalog behind the catalog history (fresh → stored, stale →
 * refetch, failure → stored), recorded to catalogs.jsonl when a recording is made, and shared
 * between engines so simultaneous loads make one request.
 */
import { join } from 'node:path';
import type { Instrument } from '../../domain/instrument.js';
import type { Logger } from '../../engine/logger.js';
import type { CatalogSource } from '../../engine/market-feed.js';
import { CATALOG_SNAPSHOTS_FILE, RecordingCatalogSource } from '../../backtest/catalog-snapshots.js';
import { CachedCatalogSource } from '../../store/catalog/cached-catalog-source.js';
import type { CatalogHistory } from '../../store/catalog/catalog-history.js';
import type { SimulatedVenue } from '../commands/simulate.js';
import { createRemoteCatalog, type VenueConnection } from './venue-adapters.js';

export interface CatalogSourcesOptions {
  readonly connections: Partial<Record<SimulatedVenue, VenueConnection>>;
  readonly history: CatalogHistory;
  readonly staleAfterMs: number;
  readonly now: () => number;
  readonly logger: Logger;
  readonly recordDir?: string;
}

function shareInFlight(source: CatalogSource): CatalogSource {
  let inFlight: Promise<readonly Instrument[]> | null = null;
  return {
    venue: source.venue,
    load: () => (inFlight ??= source.load().finally(() => {
      inFlight = null;
    })),
  };
}

export function createCatalogSources(options: CatalogSourcesOptions): CatalogSource[] {
  return (Object.keys(options.connections) as SimulatedVenue[]).map((venue) => {
    const remote = createRemoteCatalog(venue, options.connections[venue] ?? {}, options.logger);
    const recorded = options.recordDir ? new RecordingCatalogSource(remote, join(options.recordDir, CATALOG_SNAPSHOTS_FILE), options.now) : remote;
    return shareInFlight(new CachedCatalogSource(recorded, options.history, { staleAfterMs: options.staleAfterMs, now: options.now, logger: options.logger }));
  });
}
