import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../../domain/market-event.js';
import { createPolymarketFrameParser } from './parse-polymarket-frame.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const YES = '65818619657568813474341868652308942079804919287380422192892211131408793125422';

function parse(frame: unknown): MarketEvent[] {
  const out: MarketEvent[] = [];
  createPolymarketFrameParser().parse(frame, 5, (e) => out.push(e));
  return out;
}

describe('Polymarket market-channel parser', () => {
  it('reads a book snapshot with string decimals, best level first', () => {
    const [b] = parse(fixture('ws-book.json'));
    expect(b).toEqual({
      kind: 'book_snapshot', venue: 'polymarket', symbol: YES, tsVenue: 123456789000, tsLocal: 5,
      bids: [0.5, 15, 0.49, 20, 0.48, 30], asks: [0.52, 25, 0.53, 60, 0.54, 10], sequence: null,
    });
  });

  it('reads price_change entries per asset (new level size + best bid/ask), the update the seed lost', () => {
    const events = parse(fixture('ws-price-change.json'));
    expect(events.map((e) => e.kind)).toEqual(['book_delta', 'ticker', 'book_delta', 'ticker']);
    expect(events[0]).toMatchObject({ symbol: '71321045679252212594626385532706912750332728571942532289631379312455583992563', bids: [0.5, 200], asks: [], tsVenue: 1757908892351 });
    // best_ask "1" and best_bid "0" mean an empty side.
    expect(events[1]).toMatchObject({ kind: 'ticker', bid: 0.5, ask: null });
    expect(events[2]).toMatchObject({ bids: [], asks: [0.5, 200] });
    expect(events[3]).toMatchObject({ bid: null, ask: 0.5 });
  });

  it('reads frames that are arrays of messages', () => {
    const events = parse(fixture('ws-initial-array.json'));
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.kind === 'book_snapshot')).toBe(true);
  });

  it('reads trades and tick size changes', () => {
    expect(parse(fixture('ws-last-trade-price.json'))[0]).toMatchObject({ kind: 'trade', price: 0.456, size: 219.217767, side: 'buy' });
    expect(parse(fixture('ws-tick-size-change.json'))[0]).toMatchObject({ kind: 'status', tickSize: 0.001, state: 'open' });
  });

  it('settles both tokens of a resolved market', () => {
    const events = parse({ event_type: 'market_resolved', market: '0x1', assets_ids: ['1', '2'], winning_asset_id: '2', timestamp: '9' });
    expect(events).toMatchObject([{ kind: 'status', symbol: '1', state: 'settled', settlementPrice: 0 }, { symbol: '2', settlementPrice: 1 }]);
  });

  it('ignores PONG text frames and unknown event types', () => {
    expect(parse('PONG')).toEqual([]);
    expect(parse({ event_type: 'new_market', id: '1' })).toEqual([]);
  });

  it.each([
    ['a number', 42],
    ['price_change without price_changes', { event_type: 'price_change', market: '0x1' }],
    ['a level with a bad size', { event_type: 'book', asset_id: YES, bids: [{ price: '0.5', size: 'lots' }], asks: [] }],
    ['an unknown side', { event_type: 'price_change', price_changes: [{ asset_id: YES, price: '0.5', size: '1', side: 'UP' }] }],
  ])('rejects %s with ARB_PARSE_FRAME', (_what, frame) => {
    expect(() => parse(frame)).toThrow(expect.objectContaining({ code: 'ARB_PARSE_FRAME' }));
  });

  it('reads best_bid_ask (custom feature) as a top-of-book ticker', () => {
    const [t] = parse(fixture('ws-best-bid-ask.json'));
    expect(t).toMatchObject({ kind: 'ticker', symbol: YES, bid: 0.5, ask: 0.52, tsVenue: 1757908892351, bidSize: null, last: null });
  });

  it('a price_change entry without best_bid/best_ask gives only the level (size 0 removes it)', () => {
    const events = parse(fixture('ws-price-change-no-best.json'));
    expect(events).toEqual([expect.objectContaining({ kind: 'book_delta', bids: [0.5, 0], asks: [] })]);
  });

  it('rejects a side that is neither BUY nor SELL, garbage and non-object messages', () => {
    expect(() => parse(fixture('ws-price-change-bad-side.json'))).toThrow(/neither BUY nor SELL/);
    expect(() => parse([42])).toThrow(/not an object/);
    expect(() => parse({ event_type: 'book', asset_id: YES, bids: 'x', asks: [] })).toThrow(/not an array/);
    expect(() => parse({ event_type: 'price_change', price_changes: [{ asset_id: YES, price: 'abc', size: '1', side: 'BUY' }] })).toThrow(/not a number/);
  });
});
