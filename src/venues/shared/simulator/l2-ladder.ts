/**
 * A simulated price-level book for the CEX simulators (Binance, Coinbase, Kraken): a dense ladder
 * of `levels` price levels per side around a moving mid, on the instrument's tick and lot grid.
 * Each `step` moves the ladder to a new mid (levels that would cross are removed, missing ones
 * filled, ones beyond the depth dropped) and changes a few random sizes, and returns exactly the
 * changes as absolute sizes (0 = removed), which is what every venue's diff stream carries.
 */

export interface L2LadderOptions {
  readonly tickSize: number;
  readonly lotSize: number;
  /** Levels kept per side. */
  readonly levels: number;
  /** Typical level size in base units. */
  readonly sizeScale: number;
  /** Ticks between the mid and each best price (≥ 1). */
  readonly halfSpreadTicks?: number;
}

export interface LadderChanges {
  /** Flat [price, size, …], size 0 removes. */
  readonly bids: number[];
  readonly asks: number[];
}

export class L2Ladder {
  /** Price (on the tick grid) → size. */
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  private readonly priceDecimals: number;
  private readonly sizeDecimals: number;
  private readonly halfSpread: number;

  constructor(private readonly options: L2LadderOptions, private readonly uniform: () => number) {
    this.priceDecimals = decimalsOf(options.tickSize);
    this.sizeDecimals = decimalsOf(options.lotSize);
    this.halfSpread = Math.max(1, options.halfSpreadTicks ?? 1);
  }

  /** Moves the ladder to `mid` and changes `churn` random levels; returns the changes. */
  step(mid: number, churn: number): LadderChanges {
    const tick = this.options.tickSize;
    const m = Math.round(mid / tick);
    const bestBid = m - this.halfSpread;
    const bestAsk = m + this.halfSpread;
    const bidChanges = new Map<number, number>();
    const askChanges = new Map<number, number>();
    this.reshape(this.bids, bidChanges, bestBid, -1);
    this.reshape(this.asks, askChanges, bestAsk, 1);
    for (let k = 0; k < churn; k++) {
      const bid = this.uniform() < 0.5;
      const depth = Math.floor(this.uniform() * this.options.levels);
      const price = this.price(bid ? bestBid - depth : bestAsk + depth);
      const size = this.uniform() < 0.1 && depth > 0 ? 0 : this.size();
      const side = bid ? this.bids : this.asks;
      if (size === 0) side.delete(price);
      else side.set(price, size);
      (bid ? bidChanges : askChanges).set(price, size);
    }
    return { bids: flatten(bidChanges), asks: flatten(askChanges) };
  }

  /** Best-first flat levels, at most `max` per side. */
  top(max = Infinity): LadderChanges {
    return { bids: sorted(this.bids, true, max), asks: sorted(this.asks, false, max) };
  }

  get bestBid(): number | null {
    return sorted(this.bids, true, 1)[0] ?? null;
  }

  get bestAsk(): number | null {
    return sorted(this.asks, false, 1)[0] ?? null;
  }

  /** Rounds to the tick grid as the venue would print it. */
  price(ticks: number): number {
    return Number((ticks * this.options.tickSize).toFixed(this.priceDecimals));
  }

  size(): number {
    const raw = this.options.sizeScale * (0.2 + 2 * this.uniform());
    return Math.max(this.options.lotSize, Number(raw.toFixed(this.sizeDecimals)));
  }

  /** Keeps exactly the levels [best … best ∓ (levels−1)] on a side, recording what changed. */
  private reshape(side: Map<number, number>, changes: Map<number, number>, best: number, direction: -1 | 1): void {
    const tick = this.options.tickSize;
    const worst = best + direction * (this.options.levels - 1);
    const lo = Math.min(best, worst);
    const hi = Math.max(best, worst);
    for (const price of [...side.keys()]) {
      const t = Math.round(price / tick);
      if (t < lo || t > hi) {
        side.delete(price);
        changes.set(price, 0);
      }
    }
    for (let t = lo; t <= hi; t++) {
      const price = this.price(t);
      if (!side.has(price)) {
        const size = this.size();
        side.set(price, size);
        changes.set(price, size);
      }
    }
  }
}

export function decimalsOf(step: number): number {
  if (!(step > 0)) throw new Error(`step must be positive (got ${step})`);
  let d = 0;
  while (d < 12 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-9) d++;
  return d;
}

function flatten(changes: Map<number, number>): number[] {
  const out: number[] = [];
  for (const [p, s] of changes) out.push(p, s);
  return out;
}

function sorted(side: Map<number, number>, descending: boolean, max: number): number[] {
  const prices = [...side.keys()].sort((a, b) => (descending ? b - a : a - b)).slice(0, max);
  const out: number[] = [];
  for (const p of prices) out.push(p, side.get(p)!);
  return out;
}
