import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../domain/market-event.js';
import type { VenueId } from '../../domain/venue.js';
import type { ChannelSubscription, MarketFeed } from '../../engine/market-feed.js';
import { FeedHub } from './feed-hub.js';

class CountingFeed implements MarketFeed {
  readonly calls: string[] = [];
  sink: ((e: MarketEvent) => void) | null = null;
  starts = 0;
  stops = 0;
  constructor(readonly venue: VenueId) {}
  async start(sink: (e: MarketEvent) => void): Promise<void> {
    this.starts++;
    this.sink = sink;
  }
  async subscribe(s: readonly ChannelSubscription[]): Promise<void> {
    this.calls.push(`+${s.map((x) => x.symbol).join(',')}`);
  }
  async unsubscribe(s: readonly ChannelSubscription[]): Promise<void> {
    this.calls.push(`-${s.map((x) => x.symbol).join(',')}`);
  }
  async stop(): Promise<void> {
    this.stops++;
  }
}

describe('FeedHub', () => {
  it('shares one venue connection between engines, subscribing each instrument once and fanning events out', async () => {
    const feeds: CountingFeed[] = [];
    const hub = new FeedHub((venue) => {
      const f = new CountingFeed(venue);
      feeds.push(f);
      return f;
    });
    const seenA: string[] = [];
    const seenB: string[] = [];
    const before: string[] = [];
    const a = hub.factory((e) => before.push(e.symbol))('deribit');
    const b = hub.factory()('deribit');
    await a.start((e) => seenA.push(e.symbol));
    await b.start((e) => seenB.push(e.symbol));
    expect(feeds).toHaveLength(1);
    expect(feeds[0]!.starts).toBe(1);
    await a.subscribe([{ symbol: 'X', channel: 'ticker' }]);
    await b.subscribe([{ symbol: 'X', channel: 'ticker' }, { symbol: 'Y', channel: 'ticker' }]);
    await a.unsubscribe([{ symbol: 'X', channel: 'ticker' }]);
    await b.unsubscribe([{ symbol: 'X', channel: 'ticker' }]);
    expect(feeds[0]!.calls).toEqual(['+X', '+Y', '-X']);
    feeds[0]!.sink!({ kind: 'status', venue: 'deribit', symbol: 'Y', tsVenue: null, tsLocal: 1, state: 'open', tickSize: null, settlementPrice: null });
    expect(seenA).toEqual(['Y']);
    expect(seenB).toEqual(['Y']);
    expect(before).toEqual(['Y']);
    await a.stop();
    expect(feeds[0]!.stops).toBe(0);
    await b.stop();
    expect(feeds[0]!.stops).toBe(1);
  });
});
