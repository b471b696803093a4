/**
 * Builds a VolSurface from venue option quotes given as plain data (Deribit-like: strike, expiry,
 * call/put, mark/bid/ask IV in percent, the expiry's underlying/forward price). Per expiry:
 * the forward is the median of the quotes' underlying prices; each strike takes its out-of-the-money
 * quote (calls above the forward, puts below, the mean of both at the forward), falling back to the
 * other side only when the OTM one is missing, so calls and puts never overwrite each other.
 */
import { ArbiterError } from '../domain/errors.js';
import { yearsBetween } from '../domain/time.js';
import type { SmilePoint } from './vol-smile.js';
import { VolSurface, type VolSurfaceSmileInput } from './vol-surface.js';
import type { VolTime } from './vol-time.js';

export interface OptionQuote {
  readonly strike: number;
  /** Expiry instant, epoch ms. */
  readonly expiryMs: number;
  readonly right: 'call' | 'put';
  /** Implied vols in percent, as Deribit sends them (55 = 55 %). */
  readonly markIvPct?: number;
  readonly bidIvPct?: number;
  readonly askIvPct?: number;
  /** The forward (or future) the venue prices this expiry on, e.g. Deribit's underlying_price. */
  readonly underlyingPrice?: number;
}

export interface VolSurfaceFromQuotesInput {
  readonly asOfMs: number;
  readonly quotes: readonly OptionQuote[];
  /** Spot (index) price; default: the nearest expiry's forward discounted at `rate`. */
  readonly spot?: number;
  readonly rate?: number;
  /** Quotes above this IV (percent) are dropped as bad data; default 500. */
  readonly maxIvPct?: number;
  readonly volTime?: VolTime;
}

interface Side {
  vol: number;
  bidVol?: number;
  askVol?: number;
}

const positive = (x: number | undefined): x is number => x !== undefined && x > 0 && x < Infinity;

/** Mark IV, else the bid/ask mid; null when neither is usable or it exceeds the cap. */
function quoteVol(q: OptionQuote, maxIvPct: number): Side | null {
  const pct = positive(q.markIvPct) ? q.markIvPct : positive(q.bidIvPct) && positive(q.askIvPct) ? 0.5 * (q.bidIvPct + q.askIvPct) : null;
  if (pct === null || pct > maxIvPct) return null;
  const side: Side = { vol: pct / 100 };
  if (positive(q.bidIvPct)) side.bidVol = q.bidIvPct / 100;
  if (positive(q.askIvPct)) side.askVol = q.askIvPct / 100;
  return side;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : 0.5 * (sorted[mid - 1]! + sorted[mid]!);
}

function pickPoint(strike: number, forward: number, call: Side | undefined, put: Side | undefined): SmilePoint | null {
  if (call && put && strike === forward) return { strike, vol: 0.5 * (call.vol + put.vol) };
  const otm = strike > forward ? call : put;
  const side = otm ?? call ?? put;
  return side ? { strike, ...side } : null;
}

/**
 * @throws ArbiterError ARB_INPUT_INVALID when no quote is usable, or a quote-less expiry has no
 * forward and no spot was given.
 */
export function volSurfaceFromQuotes(input: VolSurfaceFromQuotesInput): VolSurface {
  const rate = input.rate ?? 0;
  const maxIvPct = input.maxIvPct ?? 500;
  const byExpiry = new Map<number, OptionQuote[]>();
  for (const q of input.quotes) {
    if (!(q.expiryMs > input.asOfMs) || !positive(q.strike)) continue;
    const list = byExpiry.get(q.expiryMs);
    if (list) list.push(q);
    else byExpiry.set(q.expiryMs, [q]);
  }
  const smiles: (VolSurfaceSmileInput & { forward: number })[] = [];
  for (const expiryMs of [...byExpiry.keys()].sort((a, b) => a - b)) {
    const quotes = byExpiry.get(expiryMs)!;
    const years = yearsBetween(input.asOfMs, expiryMs);
    const underlyings = quotes.map((q) => q.underlyingPrice).filter(positive);
    let forward: number;
    if (underlyings.length > 0) forward = median(underlyings);
    else if (positive(input.spot)) forward = input.spot * Math.exp(rate * years);
    else throw new ArbiterError('ARB_INPUT_INVALID', 'an expiry has no underlying price and no spot was given', { expiryMs });
    const sides = new Map<number, { call?: Side; put?: Side }>();
    for (const q of quotes) {
      const side = quoteVol(q, maxIvPct);
      if (!side) continue;
      const entry = sides.get(q.strike) ?? {};
      entry[q.right] = side;
      sides.set(q.strike, entry);
    }
    const points: SmilePoint[] = [];
    for (const [strike, { call, put }] of sides) {
      const point = pickPoint(strike, forward, call, put);
      if (point) points.push(point);
    }
    if (points.length > 0) smiles.push({ years, forward, points });
  }
  if (smiles.length === 0) throw new ArbiterError('ARB_INPUT_INVALID', 'no usable option quote (all expired, without IV, or above the IV cap)', { quotes: input.quotes.length });
  const spot = positive(input.spot) ? input.spot : smiles[0]!.forward * Math.exp(-rate * smiles[0]!.years);
  return new VolSurface({ spot, rate, smiles, volTime: input.volTime, asOfMs: input.asOfMs });
}
