/**
 * Seeded prices for the Finnhub simulator. Per symbol kind (stock, forex, crypto) one common
 * factor (a random walk); per symbol a base price, a loading β on the factor and its own
 * mean-reverting (OU) part, so two stocks are cointegrated and a pairs study finds structure.
 * Innovations scale with an hour-of-week pattern (stocks move most in the US session, everything
 * less at weekends), so hour-of-week vol estimates see a shape. The path is one log price per
 * minute boundary from `originMs`; between boundaries the price moves linearly, so a minute's
 * high and low are its end points and every trade lies inside its candle.
 */
import { SeededRandom } from '../../../optimizer/seeded-random.js';
import type { FinnhubSymbol, FinnhubSymbolKind } from '../finnhub-symbol.js';

const MINUTE = 60_000;
const MINUTES_PER_YEAR = 525_600;
const CHUNK = 1 << 16;

const BASES: Readonly<Record<string, number>> = {
  AAPL: 180, MSFT: 380, GOOGL: 140, AMZN: 150, TSLA: 250, NVDA: 120, META: 350, SPY: 450,
  'OANDA:EUR_USD': 1.08, 'OANDA:GBP_USD': 1.27, 'OANDA:USD_JPY': 148, 'BINANCE:BTCUSDT': 60_000,
  'BINANCE:ETHUSDT': 3_000, 'BINANCE:BNBUSDT': 400, 'COINBASE:BTC-USD': 60_000, 'COINBASE:ETH-USD': 3_000,
};

/** Annual vol of the factor, of the idiosyncratic OU's stationary sd (log), OU mean-reversion time (minutes). */
const KIND: Readonly<Record<FinnhubSymbolKind, { factorVol: number; ouSd: number; ouMinutes: number }>> = {
  stock: { factorVol: 0.22, ouSd: 0.03, ouMinutes: 3 * 1440 },
  forex: { factorVol: 0.07, ouSd: 0.004, ouMinutes: 2 * 1440 },
  crypto: { factorVol: 0.55, ouSd: 0.02, ouMinutes: 1440 },
};

/** FNV-1a of a string, for per-symbol seeds. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Relative size of innovations in the UTC minute starting at `tMs` (mean about 1 over a week). */
export function hourOfWeekScale(kind: FinnhubSymbolKind, tMs: number): number {
  const weekday = (Math.floor(tMs / 86_400_000) + 3) % 7; // 1970-01-01 was a Thursday
  const hour = Math.floor(tMs / 3_600_000) % 24;
  const weekend = weekday >= 5;
  if (kind === 'stock') return weekend ? 0.3 : hour >= 14 && hour < 21 ? 1.8 : 0.6;
  if (kind === 'forex') return weekend ? 0.15 : hour >= 7 && hour < 17 ? 1.4 : 0.8;
  return weekend ? 0.7 : hour >= 13 && hour < 21 ? 1.35 : 0.9;
}

class GrowingPath {
  values = new Float64Array(CHUNK);
  length = 0;
  ensure(n: number): void {
    if (n <= this.values.length) return;
    let size = this.values.length;
    while (size < n) size *= 2;
    const next = new Float64Array(size);
    next.set(this.values.subarray(0, this.length));
    this.values = next;
  }
}

interface SymbolPath {
  readonly path: GrowingPath;
  readonly rng: SeededRandom;
  readonly base: number;
  readonly beta: number;
  readonly hash: number;
}

export class FinnhubPriceModel {
  private readonly factors = new Map<FinnhubSymbolKind, { path: GrowingPath; rng: SeededRandom }>();
  private readonly paths = new Map<string, SymbolPath>();

  /** @param originMs first minute of history (rounded down to a minute). */
  constructor(readonly seed: number, readonly originMs: number) {
    this.originMs = Math.floor(originMs / MINUTE) * MINUTE;
  }

  /** Log price at the start of minute index `m` (minutes since origin). */
  logAt(symbol: FinnhubSymbol, m: number): number {
    const s = this.symbolPath(symbol);
    this.extend(symbol, m + 1);
    return Math.log(s.base) + s.beta * this.factor(symbol.kind).path.values[m]! + s.path.values[m]!;
  }

  /** Price at time `tMs` (≥ origin): linear between the minute boundaries. */
  priceAt(symbol: FinnhubSymbol, tMs: number): number {
    const x = (tMs - this.originMs) / MINUTE;
    if (x < 0) throw new RangeError(`time ${new Date(tMs).toISOString()} is before the simulator's history (${new Date(this.originMs).toISOString()})`);
    const m = Math.floor(x);
    const a = Math.exp(this.logAt(symbol, m));
    const frac = x - m;
    if (frac === 0) return a;
    const b = Math.exp(this.logAt(symbol, m + 1));
    return a + (b - a) * frac;
  }

  /** Synthetic volume traded in minute `m` (deterministic). */
  minuteVolume(symbol: FinnhubSymbol, m: number): number {
    const h = this.symbolPath(symbol).hash;
    let x = Math.imul(h ^ Math.imul(m, 0x9e3779b1), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    const u = ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
    const scale = symbol.kind === 'stock' ? 20_000 : symbol.kind === 'forex' ? 1_000_000 : 5;
    return Math.round(scale * (0.5 + u) * hourOfWeekScale(symbol.kind, this.originMs + m * MINUTE) * 1e4) / 1e4;
  }

  /**
   * Over the minute boundaries `mFrom + 1 … mTo`: the highest and lowest price, and the volume of
   * minutes `mFrom … mTo − 1` (one pass over the path arrays; candles use it).
   */
  rangeStats(symbol: FinnhubSymbol, mFrom: number, mTo: number): { high: number; low: number; volume: number } {
    if (mTo <= mFrom) return { high: -Infinity, low: Infinity, volume: 0 };
    this.extend(symbol, mTo + 1);
    const s = this.symbolPath(symbol);
    const f = this.factor(symbol.kind).path.values;
    const x = s.path.values;
    let hi = -Infinity, lo = Infinity, volume = 0;
    for (let m = mFrom + 1; m <= mTo; m++) {
      const v = s.beta * f[m]! + x[m]!;
      if (v > hi) hi = v;
      if (v < lo) lo = v;
      volume += this.minuteVolume(symbol, m - 1);
    }
    return { high: s.base * Math.exp(hi), low: s.base * Math.exp(lo), volume };
  }

  private factor(kind: FinnhubSymbolKind): { path: GrowingPath; rng: SeededRandom } {
    let f = this.factors.get(kind);
    if (!f) {
      f = { path: new GrowingPath(), rng: new SeededRandom(hashString(`factor:${kind}`, this.seed)) };
      f.path.values[0] = 0;
      f.path.length = 1;
      this.factors.set(kind, f);
    }
    return f;
  }

  private symbolPath(symbol: FinnhubSymbol): SymbolPath {
    let s = this.paths.get(symbol.symbol);
    if (!s) {
      const h = hashString(symbol.symbol, this.seed);
      const base = BASES[symbol.symbol] ?? (symbol.kind === 'forex' ? 0.5 + (h % 1000) / 500 : 10 + (h % 49_000) / 100);
      const beta = 0.8 + ((h >>> 10) % 1000) / 2500;
      s = { path: new GrowingPath(), rng: new SeededRandom(h), base, beta, hash: h };
      s.path.values[0] = 0;
      s.path.length = 1;
      this.paths.set(symbol.symbol, s);
    }
    return s;
  }

  /** Makes both the factor and the symbol's path at least `n` boundaries long. */
  private extend(symbol: FinnhubSymbol, n: number): void {
    const p = KIND[symbol.kind];
    const f = this.factor(symbol.kind);
    if (f.path.length < n) {
      f.path.ensure(n);
      const sd = p.factorVol / Math.sqrt(MINUTES_PER_YEAR);
      for (let m = f.path.length; m < n; m++) {
        f.path.values[m] = f.path.values[m - 1]! + sd * hourOfWeekScale(symbol.kind, this.originMs + (m - 1) * MINUTE) * f.rng.nextGaussian();
      }
      f.path.length = n;
    }
    const s = this.symbolPath(symbol);
    if (s.path.length < n) {
      s.path.ensure(n);
      const a = Math.exp(-1 / p.ouMinutes);
      const sd = p.ouSd * Math.sqrt(1 - a * a);
      for (let m = s.path.length; m < n; m++) {
        s.path.values[m] = a * s.path.values[m - 1]! + sd * hourOfWeekScale(symbol.kind, this.originMs + (m - 1) * MINUTE) * s.rng.nextGaussian();
      }
      s.path.length = n;
    }
  }
}
