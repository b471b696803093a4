/**
 * Triangular scan latency on a Binance-like venue of 500 pairs (250 bases against USDT, 130
 * against BTC, 80 against ETH, 34 against BNB, and the six crosses of USDT/BTC/ETH/BNB), books
 * priced from one consistent set of asset prices with noise:
 * - full scan: `TriangleScanner.scanAll` over every cycle, against `triangularArbitrage` (the
 *   plain-object function, graph rebuilt from a quotes record per call) from USDT in the same run,
 *   which covers only the cycles through USDT (counts in the note);
 * - streaming: one book update plus the re-pricing of the cycles through that pair, against the
 *   book update alone.
 */
import { benchRow, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import type { BookSnapshotEvent } from '../../domain/market-event.js';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { BID } from '../../orderbook/order-book.js';
import type { PairSpec } from './pair-symbol.js';
import { TriangleScanner } from './triangle-scanner.js';
import { triangularArbitrage, type PairQuote } from './triangular-arbitrage.js';

export function syntheticVenue(seed: number): { pairs: PairSpec[]; mids: number[] } {
  const rng = new SeededRandom(seed);
  const usd: Record<string, number> = { USDT: 1, BTC: 60000, ETH: 3000, BNB: 600 };
  const pairs: PairSpec[] = [];
  const mids: number[] = [];
  const add = (base: string, quote: string): void => {
    pairs.push({ symbol: `${base}/${quote}`, base, quote });
    mids.push((usd[base]! / usd[quote]!) * (1 + 0.0005 * (rng.nextFloat() - 0.5)));
  };
  for (const [b, q] of [['BTC', 'USDT'], ['ETH', 'USDT'], ['BNB', 'USDT'], ['ETH', 'BTC'], ['BNB', 'BTC'], ['BNB', 'ETH']] as const) add(b, q);
  for (let i = 0; i < 250; i++) usd[`A${i}`] = Math.exp(6 * rng.nextFloat() - 3);
  for (let i = 0; i < 250; i++) add(`A${i}`, 'USDT');
  for (let i = 0; i < 130; i++) add(`A${i}`, 'BTC');
  for (let i = 0; i < 80; i++) add(`A${i * 3}`, 'ETH');
  for (let i = 0; i < 34; i++) add(`A${i * 7}`, 'BNB');
  return { pairs, mids };
}

function timeBest(fn: () => void, minMs: number): number {
  let best = Number.POSITIVE_INFINITY;
  const until = performance.now() + minMs;
  do {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  } while (performance.now() < until);
  return best;
}

export const triangularSuite: BenchSuite = {
  name: 'triangular',
  async run({ scale, log }): Promise<readonly BenchRow[]> {
    const { pairs, mids } = syntheticVenue(11);
    const scanner = new TriangleScanner({ pairs, takerFee: 0.001, minProfitRate: 0 });
    const quotes: Record<string, PairQuote> = {};
    pairs.forEach((p, i) => {
      const m = mids[i]!;
      const ev: BookSnapshotEvent = { kind: 'book_snapshot', venue: 'binance', symbol: p.symbol, tsVenue: null, tsLocal: 0, sequence: null,
        bids: [m * 0.9999, 5, m * 0.9995, 20, m * 0.999, 100], asks: [m * 1.0001, 5, m * 1.0005, 20, m * 1.001, 100] };
      scanner.apply(ev);
      quotes[p.symbol] = { bid: m * 0.9999, ask: m * 1.0001 };
    });
    const minMs = Math.max(100, 1000 * scale);
    let sink = 0;
    const scanMs = timeBest(() => { sink += scanner.scanAll(); }, minMs);
    let refCycles = 0;
    const refMs = timeBest(() => { refCycles = triangularArbitrage({ quotes, takerFee: 0.001, startAsset: 'USDT' }).length; }, minMs);

    // Streaming: alternate the best bid of random pairs between two sizes/prices.
    const rng = new SeededRandom(5);
    const updates = 200_000;
    const sym = new Int32Array(updates);
    const px = new Float64Array(updates);
    for (let i = 0; i < updates; i++) {
      const s = Math.floor(rng.nextFloat() * pairs.length);
      sym[i] = s;
      px[i] = mids[s]! * (0.9999 + 0.00005 * rng.nextFloat());
    }
    const books = scanner.books.map((b) => b.book);
    const emit = (_c: number, r: number): void => { sink += r; };
    const streamMs = timeBest(() => {
      for (let i = 0; i < updates; i++) {
        const s = sym[i]!;
        books[s]!.setLevel(BID, px[i]!, 1 + (i & 7));
        scanner.refresh(s, emit);
      }
    }, minMs);
    const bookOnlyMs = timeBest(() => {
      for (let i = 0; i < updates; i++) books[sym[i]!]!.setLevel(BID, px[i]!, 1 + (i & 7));
    }, minMs);
    if (sink < 0) throw new Error('unreachable');
    log(`triangular: ${scanner.cycleCount} cycles on ${pairs.length} pairs, scan ${(scanMs * 1000).toFixed(1)} µs (reference ${(refMs * 1000).toFixed(1)} µs for ${refCycles} USDT cycles)`);
    const nsPerUpdate = (streamMs * 1e6) / updates;
    const nsBookOnly = (bookOnlyMs * 1e6) / updates;
    return [
      benchRow('triangular full scan, 500 pairs', 'µs', scanMs * 1000, refMs * 1000,
        `TriangleScanner.scanAll over all ${scanner.cycleCount} cycles (both directions) vs triangularArbitrage from USDT (${refCycles} cycles, object graph per call); ratio < 1 is faster`),
      benchRow('triangular streaming: book update + re-price touched cycles', 'ns/update', nsPerUpdate, nsBookOnly, 'reference: the same book updates alone; ratio = cost of streaming detection on top of the book'),
    ];
  },
};
