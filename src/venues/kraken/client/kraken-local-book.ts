/**
 * One Kraken WebSocket v2 `book` kept as the "Book checksum (WebSocket v2)" guide says: apply
 * every level of a message (qty 0 removes), then truncate each side to the subscribed depth
 * (Kraken sends no delete for levels pushed out of scope), then compare the message's checksum:
 * CRC32 over the top 10 asks (price ascending) then the top 10 bids (price descending), each
 * level written as its price and then its quantity, each formatted at the pair's precision with
 * the decimal point and leading zeros removed, as an unsigned 32-bit integer.
 *
 * Prices and quantities arrive as JSON numbers, which lose trailing zeros, so the formatting
 * precisions come from the pair's reference data (`price_precision`, `qty_precision` of the
 * `instrument` channel; AssetPairs `pair_decimals` / `lot_decimals`).
 */
import { crc32 } from 'node:zlib';

export class KrakenLocalBook {
  /** Bids descending, asks ascending; parallel price/qty arrays, at most `depth` each. */
  private readonly bidPx: number[] = [];
  private readonly bidQty: number[] = [];
  private readonly askPx: number[] = [];
  private readonly askQty: number[] = [];
  /** Each level's checksum text at `textPrecision`, computed on demand; undefined after a change. */
  private readonly bidTxt: Array<string | undefined> = [];
  private readonly askTxt: Array<string | undefined> = [];
  private textPrecision = '';

  constructor(readonly depth: number) {}

  /** Replaces the book with a snapshot's flat [price, qty, …] levels. */
  reset(bids: readonly number[], asks: readonly number[]): void {
    this.bidPx.length = this.bidQty.length = this.bidTxt.length = 0;
    this.askPx.length = this.askQty.length = this.askTxt.length = 0;
    this.apply(bids, asks);
  }

  /** Applies an update's levels in order, then truncates to the subscribed depth. */
  apply(bids: readonly number[], asks: readonly number[]): void {
    for (let i = 0; i + 1 < bids.length; i += 2) set(this.bidPx, this.bidQty, this.bidTxt, bids[i]!, bids[i + 1]!, true);
    for (let i = 0; i + 1 < asks.length; i += 2) set(this.askPx, this.askQty, this.askTxt, asks[i]!, asks[i + 1]!, false);
    if (this.bidPx.length > this.depth) this.bidPx.length = this.bidQty.length = this.bidTxt.length = this.depth;
    if (this.askPx.length > this.depth) this.askPx.length = this.askQty.length = this.askTxt.length = this.depth;
  }

  get bestBid(): number | null {
    return this.bidPx[0] ?? null;
  }

  get bestAsk(): number | null {
    return this.askPx[0] ?? null;
  }

  /** Flat levels best first (a copy). */
  levels(): { bids: number[]; asks: number[] } {
    return { bids: interleave(this.bidPx, this.bidQty), asks: interleave(this.askPx, this.askQty) };
  }

  /** The guide's CRC32 of this book at the given decimal precisions. */
  checksum(pricePrecision: number, qtyPrecision: number): number {
    const key = `${pricePrecision}:${qtyPrecision}`;
    if (key !== this.textPrecision) {
      this.bidTxt.fill(undefined);
      this.askTxt.fill(undefined);
      this.textPrecision = key;
    }
    let text = '';
    for (let i = 0; i < 10 && i < this.askPx.length; i++) text += (this.askTxt[i] ??= checksumDigits(this.askPx[i]!, pricePrecision) + checksumDigits(this.askQty[i]!, qtyPrecision));
    for (let i = 0; i < 10 && i < this.bidPx.length; i++) text += (this.bidTxt[i] ??= checksumDigits(this.bidPx[i]!, pricePrecision) + checksumDigits(this.bidQty[i]!, qtyPrecision));
    return crc32(text) >>> 0;
  }
}

/** `45285.2` at 1 decimal → "452852"; `0.001` at 8 → "100000": fixed precision, no point, no leading zeros. */
export function checksumDigits(value: number, precision: number): string {
  const fixed = value.toFixed(precision).replace('.', '');
  let i = 0;
  while (i < fixed.length - 1 && fixed.charCodeAt(i) === 48) i++;
  return fixed.slice(i);
}

/** Binary search for `price` (descending for bids); sets, inserts or removes the level. */
function set(px: number[], qty: number[], txt: Array<string | undefined>, price: number, size: number, descending: boolean): void {
  let lo = 0;
  let hi = px.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = px[mid]!;
    if (descending ? p > price : p < price) lo = mid + 1;
    else hi = mid;
  }
  const found = lo < px.length && px[lo] === price;
  if (size === 0) {
    if (found) {
      px.splice(lo, 1);
      qty.splice(lo, 1);
      txt.splice(lo, 1);
    }
  } else if (found) {
    qty[lo] = size;
    txt[lo] = undefined;
  } else {
    px.splice(lo, 0, price);
    qty.splice(lo, 0, size);
    txt.splice(lo, 0, undefined);
  }
}

function interleave(px: readonly number[], qty: readonly number[]): number[] {
  const out = new Array<number>(px.length * 2);
  for (let i = 0; i < px.length; i++) {
    out[2 * i] = px[i]!;
    out[2 * i + 1] = qty[i]!;
  }
  return out;
}
