/**
 * Reference-counted subscriptions across strategies. Given every strategy's desired set, it
 * returns per venue only what to subscribe and unsubscribe, and rebuilds the routing table that
 * says which strategies receive which events. A strategy listing an instrument twice still
 * receives each event once.
 */
import type { MarketEventKind } from '../domain/market-event.js';
import type { VenueId } from '../domain/venue.js';
import type { ChannelSubscription } from './market-feed.js';
import type { Channel, SubscriptionSpec } from './strategy.js';

const DEFAULT_CHANNELS: readonly Channel[] = ['ticker'];

/** Strategy indexes per event family for one instrument. */
export interface Route {
  readonly ticker: number[];
  readonly book: number[];
  readonly trades: number[];
  /** Everyone subscribed to the symbol on any channel: receives status events. */
  readonly any: number[];
}

export interface SubscriptionDiff {
  readonly venue: VenueId;
  readonly subscribe: readonly ChannelSubscription[];
  readonly unsubscribe: readonly ChannelSubscription[];
}

const SEP = '\u0000';

export class SubscriptionManager {
  private counts = new Map<VenueId, Map<string, number>>();
  private routes = new Map<VenueId, Map<string, Route>>();

  /**
   * Replaces the desired subscriptions. `desired[i]` is strategy i's list.
   * Returns one diff per venue that changed (venues with nothing to do are omitted).
   */
  update(desired: ReadonlyArray<readonly SubscriptionSpec[]>): SubscriptionDiff[] {
    const counts = new Map<VenueId, Map<string, number>>();
    const routes = new Map<VenueId, Map<string, Route>>();
    desired.forEach((specs, strategy) => {
      const seen = new Set<string>();
      for (const spec of specs) {
        for (const channel of spec.channels ?? DEFAULT_CHANNELS) {
          const key = `${spec.venue}${SEP}${spec.symbol}${SEP}${channel}`;
          if (seen.has(key)) continue;
          seen.add(key);
          let venueCounts = counts.get(spec.venue);
          if (!venueCounts) counts.set(spec.venue, (venueCounts = new Map()));
          const subKey = `${spec.symbol}${SEP}${channel}`;
          venueCounts.set(subKey, (venueCounts.get(subKey) ?? 0) + 1);
          const route = routeFor(routes, spec.venue, spec.symbol);
          route[channel === 'trades' ? 'trades' : channel].push(strategy);
          if (!route.any.includes(strategy)) route.any.push(strategy);
        }
      }
    });

    const diffs: SubscriptionDiff[] = [];
    const venues = new Set<VenueId>([...this.counts.keys(), ...counts.keys()]);
    for (const venue of venues) {
      const before = this.counts.get(venue) ?? new Map<string, number>();
      const after = counts.get(venue) ?? new Map<string, number>();
      const subscribe: ChannelSubscription[] = [];
      const unsubscribe: ChannelSubscription[] = [];
      for (const key of after.keys()) if (!before.has(key)) subscribe.push(splitKey(key));
      for (const key of before.keys()) if (!after.has(key)) unsubscribe.push(splitKey(key));
      if (subscribe.length > 0 || unsubscribe.length > 0) diffs.push({ venue, subscribe, unsubscribe });
    }
    this.counts = counts;
    this.routes = routes;
    return diffs;
  }

  /** Strategies that receive events of `kind` for (venue, symbol); undefined when none. */
  recipients(venue: VenueId, symbol: string, kind: MarketEventKind): readonly number[] | undefined {
    const route = this.routes.get(venue)?.get(symbol);
    if (route === undefined) return undefined;
    switch (kind) {
      case 'ticker':
        return route.ticker;
      case 'book_snapshot':
      case 'book_delta':
        return route.book;
      case 'trade':
        return route.trades;
      case 'status':
        return route.any;
    }
  }

  /** Number of strategies holding (venue, symbol, channel). */
  refCount(venue: VenueId, symbol: string, channel: Channel): number {
    return this.counts.get(venue)?.get(`${symbol}${SEP}${channel}`) ?? 0;
  }

  /** Everything currently subscribed on a venue (for resubscribing after a feed restarts). */
  active(venue: VenueId): ChannelSubscription[] {
    return [...(this.counts.get(venue)?.keys() ?? [])].map(splitKey);
  }
}

function routeFor(routes: Map<VenueId, Map<string, Route>>, venue: VenueId, symbol: string): Route {
  let bySymbol = routes.get(venue);
  if (!bySymbol) routes.set(venue, (bySymbol = new Map()));
  let route = bySymbol.get(symbol);
  if (!route) bySymbol.set(symbol, (route = { ticker: [], book: [], trades: [], any: [] }));
  return route;
}

function splitKey(key: string): ChannelSubscription {
  const i = key.lastIndexOf(SEP);
  return { symbol: key.slice(0, i), channel: key.slice(i + 1) as Channel };
}
