import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookSnapshotEvent, MarketEvent } from '../../../domain/market-event.js';
import { createKrakenFrameParser } from '../parse/parse-kraken-frame.js';
import { checksumDigits, KrakenLocalBook } from './kraken-local-book.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

function documentedSnapshot(): { event: BookSnapshotEvent; checksum: number | null } {
  const parser = createKrakenFrameParser();
  let out: { event: BookSnapshotEvent; checksum: number | null } | null = null;
  parser.parse(fixture('ws-book-snapshot.json'), 0, (e: MarketEvent) => {
    if (e.kind === 'book_snapshot') out = { event: e, checksum: parser.lastChecksum };
  });
  return out!;
}

describe('Kraken v2 book checksum', () => {
  it('formats levels as the guide shows: "45285.2" → "452852", "0.00100000" → "100000"', () => {
    expect(checksumDigits(45285.2, 1)).toBe('452852');
    expect(checksumDigits(0.001, 8)).toBe('100000');
    expect(checksumDigits(0.05, 5)).toBe('5000');
    expect(checksumDigits(1.54582015, 8)).toBe('154582015');
  });

  it('reproduces the documented checksum of the guide’s BTC/USD snapshot (3310070434)', () => {
    const { event, checksum } = documentedSnapshot();
    expect(checksum).toBe(3310070434);
    const book = new KrakenLocalBook(10);
    book.reset(event.bids, event.asks);
    expect(book.checksum(1, 8)).toBe(3310070434);
    expect(book.checksum(1, 7)).not.toBe(3310070434); // the precision matters
  });

  it('detects a book that missed an update, and agrees again once the levels match', () => {
    const { event } = documentedSnapshot();
    const book = new KrakenLocalBook(10);
    book.reset(event.bids, event.asks);
    book.apply([], [45285.2, 0, 45285.0, 0.5]); // best ask replaced
    expect(book.bestAsk).toBe(45285);
    expect(book.checksum(1, 8)).not.toBe(3310070434);
    book.apply([], [45285.0, 0, 45285.2, 0.001]);
    expect(book.checksum(1, 8)).toBe(3310070434);
  });

  it('truncates to the subscribed depth after each update (no deletes arrive for levels pushed out)', () => {
    const { event } = documentedSnapshot();
    const book = new KrakenLocalBook(10);
    book.reset(event.bids, event.asks);
    book.apply([45284.0, 1], []);
    const { bids } = book.levels();
    expect(bids).toHaveLength(20);
    expect(bids.slice(0, 2)).toEqual([45284, 1]);
    expect(bids).not.toContain(45276.6); // the former 10th bid fell out of scope
  });
});

describe('parseKrakenFrame', () => {
  const parse = (frame: unknown): MarketEvent[] => {
    const out: MarketEvent[] = [];
    createKrakenFrameParser().parse(frame, 5, (e) => out.push(e));
    return out;
  };

  it('reads book snapshots and updates (docs examples)', () => {
    const [snap] = parse(fixture('ws-book-snapshot.json'));
    expect(snap).toMatchObject({ kind: 'book_snapshot', symbol: 'BTC/USD', tsVenue: Date.parse('2023-10-06T17:35:55.440Z'), sequence: null });
    expect((snap as BookSnapshotEvent).bids.slice(0, 4)).toEqual([45283.5, 0.1, 45283.4, 1.54582015]);
    const parser = createKrakenFrameParser();
    const seen: Array<number | null> = [];
    parser.parse(fixture('ws-book-update.json'), 5, (e) => {
      expect(e).toMatchObject({ kind: 'book_delta', symbol: 'MATIC/USD', bids: [0.5657, 1098.3947558], asks: [] });
      seen.push(parser.lastChecksum);
    });
    expect(seen).toEqual([2114181697]);
  });

  it('reads tickers and trades (taker side)', () => {
    expect(parse(fixture('ws-ticker.json'))[0]).toMatchObject({ kind: 'ticker', symbol: 'ALGO/USD', priceCurrency: 'USD', bid: 0.10025, bidSize: 740, ask: 0.10036, askSize: 1361.44813783, last: 0.10035, tsVenue: null });
    expect(parse(fixture('ws-trade.json'))[0]).toEqual({ kind: 'trade', venue: 'kraken', symbol: 'MATIC/USD', tsVenue: Date.parse('2023-09-25T07:49:37.708Z'), tsLocal: 5, priceCurrency: 'USD', price: 0.5117, size: 40, side: 'sell', tradeId: '4665906' });
  });

  it('emits nothing for control frames and throws on failures and unknown shapes', () => {
    for (const f of ['ws-heartbeat.json', 'ws-status.json', 'ws-subscribe-ack.json', 'ws-instrument-snapshot.json']) expect(parse(fixture(f))).toEqual([]);
    expect(() => parse(fixture('ws-subscribe-error.json'))).toThrow(/Currency pair not supported/);
    expect(() => parse({ channel: 'book', type: 'partial', data: [] })).toThrow(/type/);
    expect(() => parse({ channel: 'nope' })).toThrow(/unknown channel/);
    expect(() => parse({ channel: 'book', type: 'update', data: [{ symbol: 'BTC/USD', bids: [{ price: 'x', qty: 1 }] }] })).toThrow(/bids\[0\]\.price/);
    expect(() => parse({ channel: 'trade', type: 'update', data: [{ symbol: 'BTC/USD', price: 1, qty: 1, timestamp: 'yesterday' }] })).toThrow(/RFC 3339/);
  });
});
