import { describe, expect, it } from 'vitest';
import { SubscriptionManager } from './subscription-manager.js';

describe('SubscriptionManager', () => {
  it('subscribes only what is new and unsubscribes only what nobody holds any more', () => {
    const m = new SubscriptionManager();
    const first = m.update([
      [{ venue: 'deribit', symbol: 'A' }, { venue: 'deribit', symbol: 'B' }],
      [{ venue: 'deribit', symbol: 'B' }, { venue: 'polymarket', symbol: 'T' }],
    ]);
    expect(first).toEqual([
      { venue: 'deribit', subscribe: [{ symbol: 'A', channel: 'ticker' }, { symbol: 'B', channel: 'ticker' }], unsubscribe: [] },
      { venue: 'polymarket', subscribe: [{ symbol: 'T', channel: 'ticker' }], unsubscribe: [] },
    ]);
    expect(m.refCount('deribit', 'B', 'ticker')).toBe(2);

    // Strategy 0 drops B: B stays (strategy 1 holds it); A goes; C comes.
    const second = m.update([
      [{ venue: 'deribit', symbol: 'C' }],
      [{ venue: 'deribit', symbol: 'B' }, { venue: 'polymarket', symbol: 'T' }],
    ]);
    expect(second).toEqual([{ venue: 'deribit', subscribe: [{ symbol: 'C', channel: 'ticker' }], unsubscribe: [{ symbol: 'A', channel: 'ticker' }] }]);
    expect(m.refCount('deribit', 'B', 'ticker')).toBe(1);

    // Nothing changed: no diff at all.
    expect(m.update([[{ venue: 'deribit', symbol: 'C' }], [{ venue: 'deribit', symbol: 'B' }, { venue: 'polymarket', symbol: 'T' }]])).toEqual([]);
    expect(m.update([[], []])).toEqual([
      { venue: 'deribit', subscribe: [], unsubscribe: [{ symbol: 'C', channel: 'ticker' }, { symbol: 'B', channel: 'ticker' }] },
      { venue: 'polymarket', subscribe: [], unsubscribe: [{ symbol: 'T', channel: 'ticker' }] },
    ]);
  });

  it('counts a strategy once even when it lists an instrument twice (the seed doubled events)', () => {
    const m = new SubscriptionManager();
    m.update([[{ venue: 'deribit', symbol: 'A' }, { venue: 'deribit', symbol: 'A' }]]);
    expect(m.refCount('deribit', 'A', 'ticker')).toBe(1);
    expect(m.recipients('deribit', 'A', 'ticker')).toEqual([0]);
  });

  it('routes each event family to the strategies subscribed to its channel, status to all', () => {
    const m = new SubscriptionManager();
    m.update([
      [{ venue: 'deribit', symbol: 'A', channels: ['ticker'] }],
      [{ venue: 'deribit', symbol: 'A', channels: ['book', 'trades'] }],
    ]);
    expect(m.recipients('deribit', 'A', 'ticker')).toEqual([0]);
    expect(m.recipients('deribit', 'A', 'book_delta')).toEqual([1]);
    expect(m.recipients('deribit', 'A', 'book_snapshot')).toEqual([1]);
    expect(m.recipients('deribit', 'A', 'trade')).toEqual([1]);
    expect(m.recipients('deribit', 'A', 'status')).toEqual([0, 1]);
    expect(m.recipients('deribit', 'Z', 'ticker')).toBeUndefined();
    expect(m.active('deribit')).toHaveLength(3);
  });
});
