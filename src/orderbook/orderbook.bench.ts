/**
 * Order-book benchmark: level updates per second on one core, for `OrderBook.setLevel` against two
 * references measured in the same run on the same update stream:
 * - the ceiling: a bare sorted Float64Array ladder (binary search + copyWithin, inlined, no class,
 *   no validation, one side per array), the structure the spec measured at ~15M updates/s;
 * - a plain `Map<price, size>` per side (the usual JS book; it keeps no order, so reading the
 *   best level would still need a scan or sort, which is not timed here).
 * The stream: 1,000 levels per side around a mid on a 0.5 tick, updates drawn close to the touch
 * (depth in ticks exponential with mean 30), a quarter of them deletes.
 */
import { benchRow, type BenchRow, type BenchSuite } from '../bench/bench-row.js';
import { SeededRandom } from '../optimizer/seeded-random.js';
import { ASK, BID, emptySweep, OrderBook } from './order-book.js';

const MID = 30_000;
const TICK = 0.5;

interface UpdateStream {
  readonly side: Uint8Array;
  readonly price: Float64Array;
  readonly size: Float64Array;
}

function makeStream(count: number, seed: number): UpdateStream {
  const rng = new SeededRandom(seed);
  const side = new Uint8Array(count);
  const price = new Float64Array(count);
  const size = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const s = rng.nextFloat() < 0.5 ? 0 : 1;
    const depth = 1 + Math.min(1999, Math.floor(-Math.log(1 - rng.nextFloat()) * 30));
    side[i] = s;
    price[i] = s === 0 ? MID - depth * TICK : MID + depth * TICK;
    size[i] = rng.nextFloat() < 0.25 ? 0 : Math.round(rng.nextFloat() * 1e4) / 1e3 + 0.001;
  }
  return { side, price, size };
}

function seedBook(apply: (side: number, price: number, size: number) => void): void {
  for (let d = 1; d <= 1000; d++) {
    apply(0, MID - d * TICK, 1);
    apply(1, MID + d * TICK, 1);
  }
}

/** The ceiling: the same ladder algorithm, inlined, keys ascending with best last. */
class BareLadder {
  keys = [new Float64Array(8192), new Float64Array(8192)];
  sizes = [new Float64Array(8192), new Float64Array(8192)];
  n = [0, 0];
  set(side: number, price: number, size: number): void {
    const keys = this.keys[side]!;
    const sizes = this.sizes[side]!;
    const n = this.n[side]!;
    const key = side === 0 ? price : -price;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo < n && keys[lo] === key) {
      if (size === 0) {
        keys.copyWithin(lo, lo + 1, n);
        sizes.copyWithin(lo, lo + 1, n);
        this.n[side] = n - 1;
      } else sizes[lo] = size;
    } else if (size !== 0) {
      keys.copyWithin(lo + 1, lo, n);
      sizes.copyWithin(lo + 1, lo, n);
      keys[lo] = key;
      sizes[lo] = size;
      this.n[side] = n + 1;
    }
  }
}

function bestRate(run: () => void, updates: number, rounds: number): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    run();
    best = Math.max(best, updates / ((performance.now() - t0) / 1000));
  }
  return best;
}

export const orderbookSuite: BenchSuite = {
  name: 'orderbook',
  async run({ scale, log }): Promise<readonly BenchRow[]> {
    const count = Math.max(100_000, Math.round(2_000_000 * scale));
    const stream = makeStream(count, 7);
    const { side, price, size } = stream;
    const rounds = 5;

    const book = new OrderBook({ capacity: 4096 });
    seedBook((s, p, q) => book.setLevel(s as 0 | 1, p, q));
    const ours = (): void => {
      for (let i = 0; i < count; i++) book.setLevel(side[i] as 0 | 1, price[i]!, size[i]!);
    };
    const ladder = new BareLadder();
    seedBook((s, p, q) => ladder.set(s, p, q));
    const ceiling = (): void => {
      for (let i = 0; i < count; i++) ladder.set(side[i]!, price[i]!, size[i]!);
    };
    const maps = [new Map<number, number>(), new Map<number, number>()];
    seedBook((s, p, q) => maps[s]!.set(p, q));
    const mapBook = (): void => {
      for (let i = 0; i < count; i++) {
        const m = maps[side[i]!]!;
        if (size[i] === 0) m.delete(price[i]!);
        else m.set(price[i]!, size[i]!);
      }
    };
    // Interleave warm-up so every variant is optimised before timing.
    ours(); ceiling(); mapBook();
    const oursRate = bestRate(ours, count, rounds);
    const ceilingRate = bestRate(ceiling, count, rounds);
    const mapRate = bestRate(mapBook, count, rounds);
    log(`orderbook: ${(oursRate / 1e6).toFixed(1)}M upd/s (ceiling ${(ceilingRate / 1e6).toFixed(1)}M, Map ${(mapRate / 1e6).toFixed(1)}M), ${book.levelCount(BID)}/${book.levelCount(ASK)} levels`);

    // Market-order walk of 5 levels' worth on the same book.
    const out = emptySweep();
    const qty = book.depth(ASK, 5);
    const walks = 200_000;
    const walkRate = bestRate(() => {
      for (let i = 0; i < walks; i++) book.sweep(ASK, qty, false, out);
    }, walks, rounds);

    return [
      benchRow('OrderBook.setLevel vs bare Float64Array ladder', 'updates/s', oursRate, ceilingRate, `${count} updates near the touch, 25 % deletes; reference: the same binary-search + copyWithin ladder inlined without validation`),
      benchRow('OrderBook.setLevel vs Map<price,size> book', 'updates/s', oursRate, mapRate, 'reference keeps no price order (best level would need a scan)'),
      benchRow('OrderBook.sweep (5-level market order)', 'walks/s', walkRate, null, `average fill price for ${qty.toFixed(3)} base`),
    ];
  },
};
