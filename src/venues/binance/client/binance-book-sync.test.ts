import { describe, expect, it } from 'vitest';
import type { BookDeltaEvent, BookSnapshotEvent } from '../../../domain/market-event.js';
import { BinanceBookSync } from './binance-book-sync.js';

function delta(first: number, last: number, bids: number[] = [], asks: number[] = [], pu: number | null = null): { event: BookDeltaEvent; first: number } {
  return { event: { kind: 'book_delta', venue: 'binance', symbol: 'BTCUSDT', tsVenue: null, tsLocal: 0, bids, asks, sequence: last, prevSequence: pu ?? first - 1 }, first };
}

function snapshot(lastUpdateId: number, bids: number[], asks: number[]): BookSnapshotEvent {
  return { kind: 'book_snapshot', venue: 'binance', symbol: 'BTCUSDT', tsVenue: null, tsLocal: 0, bids, asks, sequence: lastUpdateId };
}

describe('Binance spot book sync (U ≤ lastUpdateId+1 ≤ u, then U = previous u + 1)', () => {
  it('follows the documented sequence: drops what the snapshot holds, applies the straddling event, resyncs on a gap', () => {
    const sync = new BinanceBookSync('spot');
    const events = [delta(150, 155, [99, 1]), delta(157, 162, [100, 2]), delta(163, 165, [], [101, 3])];
    for (const e of events) expect(sync.onDelta(e.event, e.first)).toBe('buffered');
    const result = sync.onSnapshot(snapshot(160, [100, 1, 98, 4], [101, 1]));
    expect(result.outcome).toBe('synced');
    expect(result.applied.map((e) => e.sequence)).toEqual([162, 165]); // (150,155) dropped: u ≤ 160
    expect(sync.updateId).toBe(165);
    expect(sync.book.levels()).toEqual({ bids: [100, 2, 98, 4], asks: [101, 3] });
    const gap = delta(167, 170, [100, 0]);
    expect(sync.onDelta(gap.event, gap.first)).toBe('gap'); // 167 ≠ 165 + 1
    expect(sync.synced).toBe(false);
    expect(sync.buffered).toBe(1); // the breaking event waits for the next snapshot
    const next = sync.onSnapshot(snapshot(168, [99, 1], [101, 3]));
    expect(next.outcome).toBe('synced');
    expect(next.applied.map((e) => e.sequence)).toEqual([170]); // 167 ≤ 169 ≤ 170
    expect(sync.book.levels().bids).toEqual([99, 1]); // 100 removed by size 0 (absent: a no-op)
  });

  it('refetches a snapshot older than the first buffered event', () => {
    const sync = new BinanceBookSync('spot');
    const e = delta(200, 205);
    sync.onDelta(e.event, e.first);
    expect(sync.onSnapshot(snapshot(190, [1, 1], [2, 1])).outcome).toBe('retry'); // 200 > 191
    expect(sync.synced).toBe(false);
    expect(sync.buffered).toBe(1);
    expect(sync.onSnapshot(snapshot(203, [1, 1], [2, 1])).outcome).toBe('synced');
    expect(sync.updateId).toBe(205);
  });

  it('checks the first event after a snapshot taken before any event arrived', () => {
    const sync = new BinanceBookSync('spot');
    expect(sync.onSnapshot(snapshot(1027024, [4, 431], [4.000002, 12])).outcome).toBe('synced');
    const old = delta(1027000, 1027024);
    expect(sync.onDelta(old.event, old.first)).toBe('stale');
    const straddle = delta(1027020, 1027030, [4, 0]);
    expect(sync.onDelta(straddle.event, straddle.first)).toBe('applied');
    expect(sync.book.levels().bids).toEqual([]);
    const late = delta(1027032, 1027033);
    expect(sync.onDelta(late.event, late.first)).toBe('gap');
  });
});

describe('Binance USDⓈ-M book sync (U ≤ lastUpdateId ≤ u, then pu = previous u)', () => {
  it('applies events chained by pu even when update ids skip, and resyncs when pu breaks', () => {
    const sync = new BinanceBookSync('usdm');
    const events = [delta(140, 149, [], [], 130), delta(157, 160, [10, 1], [], 149), delta(171, 180, [], [11, 2], 160)];
    for (const e of events) sync.onDelta(e.event, e.first);
    const result = sync.onSnapshot(snapshot(158, [10, 5], [11, 1]));
    expect(result.outcome).toBe('synced');
    expect(result.applied.map((e) => e.sequence)).toEqual([160, 180]); // 157 ≤ 158 ≤ 160; then pu 160 = u
    expect(sync.book.levels()).toEqual({ bids: [10, 1], asks: [11, 2] });
    const broken = delta(190, 195, [], [], 185);
    expect(sync.onDelta(broken.event, broken.first)).toBe('gap');
    expect(sync.synced).toBe(false);
  });

  it('keeps an event whose u equals lastUpdateId (futures drop only u < lastUpdateId) and refetches an old snapshot', () => {
    const sync = new BinanceBookSync('usdm');
    const e = delta(150, 160, [5, 1], [], 149);
    sync.onDelta(e.event, e.first);
    expect(sync.onSnapshot(snapshot(149, [], [])).outcome).toBe('retry'); // U 150 > 149
    const ok = sync.onSnapshot(snapshot(160, [], [6, 1]));
    expect(ok.outcome).toBe('synced');
    expect(ok.applied).toHaveLength(1);
    expect(sync.book.levels()).toEqual({ bids: [5, 1], asks: [6, 1] });
  });

  it('reports a gap inside the buffer and keeps the rest for the next snapshot', () => {
    const sync = new BinanceBookSync('usdm');
    for (const e of [delta(100, 110, [], [], 99), delta(120, 125, [], [], 111), delta(126, 130, [], [], 125)]) sync.onDelta(e.event, e.first);
    expect(sync.onSnapshot(snapshot(105, [], [])).outcome).toBe('gap'); // pu 111 ≠ 110
    expect(sync.buffered).toBe(2);
    expect(sync.onSnapshot(snapshot(122, [], [])).outcome).toBe('synced');
    expect(sync.updateId).toBe(130);
  });
});
