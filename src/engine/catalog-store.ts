/** The engine's in-memory view of every venue's catalog, replaced wholesale on each refresh. */
import type { Instrument } from '../domain/instrument.js';
import type { VenueId } from '../domain/venue.js';
import type { CatalogView } from './strategy.js';

const EMPTY: readonly Instrument[] = Object.freeze([]);

export class CatalogStore implements CatalogView {
  private readonly lists = new Map<VenueId, readonly Instrument[]>();
  private readonly bySymbol = new Map<VenueId, Map<string, Instrument>>();

  set(venue: VenueId, instruments: readonly Instrument[]): void {
    this.lists.set(venue, instruments);
    this.bySymbol.set(venue, new Map(instruments.map((i) => [i.symbol, i])));
  }

  instruments(venue: VenueId): readonly Instrument[] {
    return this.lists.get(venue) ?? EMPTY;
  }

  find(venue: VenueId, symbol: string): Instrument | undefined {
    return this.bySymbol.get(venue)?.get(symbol);
  }
}
