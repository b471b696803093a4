/**
 * One connection per venue shared by several engines: each engine gets a proxy feed; the hub
 * reference-counts their subscriptions so the venue sees each (symbol, channel) once, and fans
 * every event out to all engines (each routes only what it subscribed to).
 */
import type { MarketEvent } from '../../domain/market-event.js';
import type { VenueId } from '../../domain/venue.js';
import type { ChannelSubscription, MarketFeed, MarketFeedFactory } from '../../engine/market-feed.js';

type Sink = (event: MarketEvent) => void;

class VenueHub {
  private readonly sinks: Sink[] = [];
  private readonly counts = new Map<string, number>();
  private starting: Promise<void> | null = null;
  private proxies = 0;
  /** Events fanned out so far, and the local receive time of the newest. */
  events = 0;
  lastEventMs: number | null = null;

  constructor(readonly feed: MarketFeed) {}

  start(sink: Sink): Promise<void> {
    this.sinks.push(sink);
    this.starting ??= this.feed.start((event) => {
      this.events++;
      this.lastEventMs = event.tsLocal;
      for (let i = 0; i < this.sinks.length; i++) this.sinks[i]!(event);
    });
    return this.starting;
  }

  async subscribe(subs: readonly ChannelSubscription[]): Promise<void> {
    const fresh = subs.filter((s) => {
      const key = `${s.symbol}\u0000${s.channel}`;
      const n = this.counts.get(key) ?? 0;
      this.counts.set(key, n + 1);
      return n === 0;
    });
    if (fresh.length > 0) await this.feed.subscribe(fresh);
  }

  async unsubscribe(subs: readonly ChannelSubscription[]): Promise<void> {
    const gone = subs.filter((s) => {
      const key = `${s.symbol}\u0000${s.channel}`;
      const n = this.counts.get(key) ?? 0;
      if (n <= 1) this.counts.delete(key);
      else this.counts.set(key, n - 1);
      return n === 1;
    });
    if (gone.length > 0) await this.feed.unsubscribe(gone);
  }

  attach(): void {
    this.proxies++;
  }

  async detach(): Promise<void> {
    if (--this.proxies === 0) await this.feed.stop();
  }
}

export class FeedHub {
  private readonly hubs = new Map<VenueId, VenueHub>();

  constructor(private readonly create: MarketFeedFactory) {}

  /** The underlying feed of a venue once some engine asked for it (for counters). */
  feed(venue: VenueId): MarketFeed | undefined {
    return this.hubs.get(venue)?.feed;
  }

  /** Venues with a shared feed, in the order engines asked for them. */
  get venues(): VenueId[] {
    return [...this.hubs.keys()];
  }

  /** Events delivered by a venue's feed and the receive time of the newest (null before the first). */
  traffic(venue: VenueId): { events: number; lastEventMs: number | null } {
    const hub = this.hubs.get(venue);
    return { events: hub?.events ?? 0, lastEventMs: hub?.lastEventMs ?? null };
  }

  /** A feed factory for one engine; `beforeDispatch` sees every event first (paper fills, marks). */
  factory(beforeDispatch?: Sink): MarketFeedFactory {
    return (venue) => {
      let hub = this.hubs.get(venue);
      if (!hub) this.hubs.set(venue, (hub = new VenueHub(this.create(venue))));
      hub.attach();
      const h = hub;
      const proxy: MarketFeed = {
        venue,
        start: (sink) => h.start(beforeDispatch ? (e) => {
          beforeDispatch(e);
          sink(e);
        } : sink),
        subscribe: (subs) => h.subscribe(subs),
        unsubscribe: (subs) => h.unsubscribe(subs),
        stop: () => h.detach(),
      };
      return proxy;
    };
  }
}
