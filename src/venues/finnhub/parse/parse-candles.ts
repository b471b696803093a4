/**
 * Candle answers of `/stock/candle`, `/forex/candle` and `/crypto/candle`: `{"s":"ok", t, o, h,
 * l, c, v}` as parallel arrays (t in epoch seconds, the bar's start) or `{"s":"no_data"}`.
 */
import { isRecord } from '../../shared/wire-values.js';
import { finnhubFrameError, nonNegative, numberArray, positiveNumber } from './wire.js';

export const FINNHUB_RESOLUTIONS = ['1', '5', '15', '30', '60', 'D', 'W', 'M'] as const;
export type FinnhubResolution = (typeof FINNHUB_RESOLUTIONS)[number];

export interface FinnhubCandles {
  readonly symbol: string;
  readonly resolution: FinnhubResolution;
  /** Bar start, epoch ms, ascending. */
  readonly t: readonly number[];
  readonly o: readonly number[];
  readonly h: readonly number[];
  readonly l: readonly number[];
  readonly c: readonly number[];
  readonly v: readonly number[];
}

/**
 * @returns the candles, or an empty set for `{"s":"no_data"}`.
 * @throws ParseError ARB_PARSE_FRAME naming the field: unknown status, arrays of different lengths, NaN,
 *   non-positive prices, times not strictly ascending.
 */
export function parseFinnhubCandles(body: unknown, symbol: string, resolution: FinnhubResolution): FinnhubCandles {
  if (!isRecord(body)) throw finnhubFrameError(`candles ${symbol}: expected an object`);
  if (body.s === 'no_data') return { symbol, resolution, t: [], o: [], h: [], l: [], c: [], v: [] };
  if (body.s !== 'ok') throw finnhubFrameError(`candles ${symbol}: status s must be "ok" or "no_data", got ${JSON.stringify(body.s) ?? 'nothing'}`);
  const tSec = numberArray(body.t, 'candles.t');
  const n = tSec.length;
  const o = numberArray(body.o, 'candles.o', n).map((x, i) => positiveNumber(x, `candles.o[${i}]`));
  const h = numberArray(body.h, 'candles.h', n).map((x, i) => positiveNumber(x, `candles.h[${i}]`));
  const l = numberArray(body.l, 'candles.l', n).map((x, i) => positiveNumber(x, `candles.l[${i}]`));
  const c = numberArray(body.c, 'candles.c', n).map((x, i) => positiveNumber(x, `candles.c[${i}]`));
  const v = body.v === undefined ? new Array<number>(n).fill(0) : numberArray(body.v, 'candles.v', n).map((x, i) => nonNegative(x, `candles.v[${i}]`));
  const t = tSec.map((s) => s * 1000);
  for (let i = 1; i < n; i++) if (!(t[i]! > t[i - 1]!)) throw finnhubFrameError(`candles ${symbol}: t[${i}] is not after t[${i - 1}]`);
  return { symbol, resolution, t, o, h, l, c, v };
}
