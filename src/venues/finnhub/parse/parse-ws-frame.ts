/**
 * Finnhub WebSocket frames: `{"type":"trade","data":[{p,s,t,v,c?}]}` (t epoch ms, c the trade
 * conditions), `{"type":"ping"}` and `{"type":"error","msg":…}`. Pure; a malformed frame throws.
 */
import { isRecord } from '../../shared/wire-values.js';
import { finiteNumber, finnhubFrameError, nonNegative, positiveNumber } from './wire.js';

export interface FinnhubTrade {
  readonly symbol: string;
  readonly price: number;
  readonly volume: number;
  /** Venue time, epoch ms. */
  readonly tsVenue: number;
  /** Local receive time, epoch ms. */
  readonly tsLocal: number;
  readonly conditions: readonly string[] | null;
}

export type FinnhubWsMessage =
  | { readonly type: 'trade'; readonly trades: readonly FinnhubTrade[] }
  | { readonly type: 'ping' }
  | { readonly type: 'error'; readonly message: string };

/** @throws ParseError ARB_PARSE_FRAME for an unknown type or a bad trade. */
export function parseFinnhubWsFrame(frame: unknown, tsLocal: number): FinnhubWsMessage {
  if (!isRecord(frame)) throw finnhubFrameError('websocket frame must be an object');
  switch (frame.type) {
    case 'ping':
      return { type: 'ping' };
    case 'error':
      return { type: 'error', message: typeof frame.msg === 'string' ? frame.msg : JSON.stringify(frame) };
    case 'trade': {
      if (!Array.isArray(frame.data)) throw finnhubFrameError('trade frame: data must be an array');
      const trades = frame.data.map((d: unknown, i): FinnhubTrade => {
        if (!isRecord(d) || typeof d.s !== 'string' || d.s === '') throw finnhubFrameError(`trade data[${i}]: needs a symbol s`);
        const c = d.c;
        if (c !== undefined && c !== null && !(Array.isArray(c) && c.every((x) => typeof x === 'string'))) throw finnhubFrameError(`trade data[${i}].c must be a list of strings`);
        return {
          symbol: d.s, price: positiveNumber(d.p, `data[${i}].p`), volume: nonNegative(d.v, `data[${i}].v`),
          tsVenue: finiteNumber(d.t, `data[${i}].t`), tsLocal, conditions: (c as string[] | null | undefined) ?? null,
        };
      });
      return { type: 'trade', trades };
    }
    default:
      throw finnhubFrameError(`unknown websocket message type ${JSON.stringify(frame.type) ?? 'none'}`);
  }
}
