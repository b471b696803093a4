/**
 * A strategy that subscribes to a fixed list of instruments on every channel and only counts
 * what it receives: the no-op consumer for throughput benchmarks and pipeline tests.
 */
import type { MarketEvent } from '../domain/market-event.js';
import type { VenueId } from '../domain/venue.js';
import type { Strategy, SubscriptionSpec } from '../engine/strategy.js';

export class CountingStrategy implements Strategy {
  readonly venues: readonly VenueId[];
  received = 0;
  private readonly specs: SubscriptionSpec[];

  constructor(readonly name: string, symbols: ReadonlyArray<readonly [VenueId, string]>) {
    this.specs = symbols.map(([venue, symbol]) => ({ venue, symbol, channels: ['ticker', 'book', 'trades'] }));
    this.venues = [...new Set(symbols.map(([v]) => v))];
  }

  discoverSubscriptions(): readonly SubscriptionSpec[] {
    return this.specs;
  }

  onEvent(_event: MarketEvent): void {
    this.received++;
  }
}
