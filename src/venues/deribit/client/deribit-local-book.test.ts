import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookDeltaEvent, BookSnapshotEvent, MarketEvent } from '../../../domain/market-event.js';
import { createDeribitFrameParser } from '../parse/parse-deribit-frame.js';
import { fromDeribitChannel, toDeribitChannel } from './deribit-channels.js';
import { DeribitLocalBook } from './deribit-local-book.js';

function event(name: string): MarketEvent {
  const out: MarketEvent[] = [];
  createDeribitFrameParser().parse(JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')), 1, (e) => out.push(e));
  return out[0]!;
}

describe('DeribitLocalBook', () => {
  it('applies the documented change on top of the documented snapshot (delete removes, change sets the amount)', () => {
    const book = new DeribitLocalBook();
    expect(book.apply(event('ws-book-change.json') as BookDeltaEvent)).toBe('waiting');
    book.reset(event('ws-book-snapshot.json') as BookSnapshotEvent);
    expect(book.changeId).toBe(297217);
    expect(book.apply(event('ws-book-change.json') as BookDeltaEvent)).toBe('applied');
    expect(book.levels()).toEqual({ bids: [5042.34, 10], asks: [5042.64, 40, 5043.3, 40] });
    expect(book.changeId).toBe(297218);
  });

  it('treats a prev_change_id that is not the last change_id as a gap and waits for a snapshot', () => {
    const book = new DeribitLocalBook();
    book.reset(event('ws-book-snapshot.json') as BookSnapshotEvent);
    const change = event('ws-book-change.json') as BookDeltaEvent;
    expect(book.apply({ ...change, prevSequence: 297216 })).toBe('gap');
    expect(book.synced).toBe(false);
    expect(book.levels()).toEqual({ bids: [], asks: [] });
    expect(book.apply(change)).toBe('waiting');
    expect(book.apply({ ...change, prevSequence: null })).toBe('waiting');
  });
});

describe('Deribit channel names', () => {
  it('round-trips ticker/book/trades channels and ignores others', () => {
    expect(toDeribitChannel({ symbol: 'BTC-5JAN24-60000-C', channel: 'ticker' })).toBe('ticker.BTC-5JAN24-60000-C.100ms');
    expect(fromDeribitChannel('book.BTC-PERPETUAL.100ms')).toEqual({ symbol: 'BTC-PERPETUAL', channel: 'book' });
    expect(fromDeribitChannel('book.BTC-PERPETUAL.none.10.100ms')).toBeNull();
    expect(fromDeribitChannel('user.orders.option.BTC.raw')).toBeNull();
    expect(fromDeribitChannel('ticker')).toBeNull();
  });
});
