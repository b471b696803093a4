/**
 * `GET /api/v1/quote?symbol=` → a quote: current price `c`, change `d`, percent change `dp`,
 * day high `h`, low `l`, open `o`, previous close `pc`, time `t` (epoch seconds). Finnhub answers
 * an unknown symbol with every field 0 (and `d`/`dp` null): that is "no quote", not a price of 0.
 */
import { isRecord } from '../../shared/wire-values.js';
import { finiteNumber, finnhubFrameError, optionalFinite } from './wire.js';

export interface FinnhubQuote {
  readonly symbol: string;
  readonly current: number;
  readonly change: number | null;
  readonly percentChange: number | null;
  readonly high: number;
  readonly low: number;
  readonly open: number;
  readonly previousClose: number;
  /** Epoch ms of the quote (`t` is seconds on the wire). */
  readonly tsVenue: number;
}

/** @throws ParseError ARB_PARSE_FRAME on a wrong shape, a negative price, or "no quote" (every price 0) naming the symbol. */
export function parseFinnhubQuote(body: unknown, symbol: string): FinnhubQuote {
  if (!isRecord(body)) throw finnhubFrameError(`quote ${symbol}: expected an object`);
  const current = finiteNumber(body.c, 'quote.c');
  const high = finiteNumber(body.h, 'quote.h');
  const low = finiteNumber(body.l, 'quote.l');
  const open = finiteNumber(body.o, 'quote.o');
  const previousClose = finiteNumber(body.pc, 'quote.pc');
  const t = finiteNumber(body.t, 'quote.t');
  if (current === 0 && high === 0 && low === 0 && open === 0 && previousClose === 0) {
    throw finnhubFrameError(`no quote for ${symbol} (Finnhub answered all zeros: unknown symbol, or not covered by this plan)`);
  }
  if (current < 0 || high < 0 || low < 0 || open < 0 || previousClose < 0) throw finnhubFrameError(`quote ${symbol}: negative price`);
  return { symbol, current, change: optionalFinite(body.d, 'quote.d'), percentChange: optionalFinite(body.dp, 'quote.dp'), high, low, open, previousClose, tsVenue: t * 1000 };
}
