/**
 * Binance frames (spot and USDⓈ-M futures, raw or combined-stream `{"stream","data"}`) → domain
 * events: `depthUpdate` → book_delta (sequence `u`; previous `pu` on futures, `U − 1` on spot),
 * `trade` / `aggTrade` → trade (aggressor = seller when the buyer is the maker, `m`),
 * `bookTicker` → ticker, and the REST depth snapshot the client records as
 * `{"rest":"depth","market","symbol","response"}` → book_snapshot (sequence `lastUpdateId`).
 * Subscription answers (`{"result":null,"id":1}`) emit nothing; an error answer throws.
 *
 * The market of a frame follows from documented fields: futures `depthUpdate` carries `pu`,
 * futures `bookTicker` an event type, and the client subscribes spot trades as `@trade` and
 * futures trades as `@aggTrade`. Futures perpetuals get the `-PERP` suffix (binance-symbols.ts).
 */
import type { MarketEvent } from '../../../domain/market-event.js';
import type { EventSink, FrameParser } from '../../shared/frame-parser.js';
import { cachedPerSymbol, frameError, isRecord, optionalNumber, requiredNonNegative, requiredNumber, requiredString, sortLevels } from '../../shared/wire-values.js';
import { binancePriceCurrency, binanceSymbolFromWire, type BinanceMarket } from './binance-symbols.js';

const V = 'binance' as const;

/** The envelope the client records a REST depth snapshot in (what arrived, plus what was asked). */
export interface BinanceDepthSnapshotFrame {
  readonly rest: 'depth';
  readonly market: BinanceMarket;
  /** Wire symbol as requested (`BTCUSDT`). */
  readonly symbol: string;
  readonly response: unknown;
}

export function binanceDepthSnapshotFrame(market: BinanceMarket, wireSymbol: string, response: unknown): BinanceDepthSnapshotFrame {
  return { rest: 'depth', market, symbol: wireSymbol, response };
}

/**
 * The parser keeps one fact per depth update that the domain event has no field for: `U`, the
 * first update id, which Binance's first-event rules need. It is valid while the book_delta is
 * being emitted.
 */
export class BinanceFrameParser implements FrameParser {
  readonly venue = V;
  /** `U` of the depthUpdate whose book_delta is being emitted. */
  firstUpdateId = 0;
  private readonly spotSymbol = cachedPerSymbol((wire) => binanceSymbolFromWire(wire, 'spot'));
  private readonly usdmSymbol = cachedPerSymbol((wire) => binanceSymbolFromWire(wire, 'usdm'));
  private readonly currency = cachedPerSymbol(binancePriceCurrency);

  parse(frame: unknown, tsLocal: number, emit: EventSink): void {
    if (!isRecord(frame)) throw frameError(V, 'not a JSON object');
    if ('stream' in frame && 'data' in frame) {
      this.parseEvent(frame.data, tsLocal, emit);
      return;
    }
    if (frame.rest === 'depth') {
      this.parseSnapshot(frame, tsLocal, emit);
      return;
    }
    if ('id' in frame && ('result' in frame || 'error' in frame)) {
      if (frame.error !== undefined && frame.error !== null) throw frameError(V, `request ${String(frame.id)} failed: ${JSON.stringify(frame.error).slice(0, 160)}`);
      return;
    }
    this.parseEvent(frame, tsLocal, emit);
  }

  private symbol(data: Record<string, unknown>, market: BinanceMarket): string {
    const wire = requiredString(data.s, V, 's');
    return market === 'spot' ? this.spotSymbol(wire) : this.usdmSymbol(wire);
  }

  private parseEvent(data: unknown, tsLocal: number, emit: EventSink): void {
    if (!isRecord(data)) throw frameError(V, 'stream data is not an object');
    switch (data.e) {
      case 'depthUpdate': {
        const market: BinanceMarket = 'pu' in data ? 'usdm' : 'spot';
        const first = requiredNumber(data.U, V, 'U');
        const last = requiredNumber(data.u, V, 'u');
        if (last < first) throw frameError(V, `depthUpdate u ${last} < U ${first}`);
        this.firstUpdateId = first;
        const event: MarketEvent = {
          kind: 'book_delta', venue: V, symbol: this.symbol(data, market), tsVenue: optionalNumber(data.E, V, 'E'), tsLocal,
          bids: sortLevels(levels(data.b, 'b'), true), asks: sortLevels(levels(data.a, 'a'), false),
          sequence: last, prevSequence: market === 'usdm' ? requiredNumber(data.pu, V, 'pu') : first - 1,
        };
        emit(event);
        return;
      }
      case 'trade':
      case 'aggTrade': {
        // Spot trades come from `@trade`; an `@aggTrade` frame is futures unless it has spot's `M`.
        const market: BinanceMarket = data.e === 'trade' || 'M' in data ? 'spot' : 'usdm';
        const id = data.e === 'trade' ? data.t : data.a;
        const symbol = this.symbol(data, market);
        emit({
          kind: 'trade', venue: V, symbol, tsVenue: optionalNumber(data.T ?? data.E, V, 'T'), tsLocal,
          priceCurrency: this.currency(symbol), price: requiredNonNegative(data.p, V, 'p'), size: requiredNonNegative(data.q, V, 'q'),
          side: data.m === true ? 'sell' : data.m === false ? 'buy' : null,
          tradeId: typeof id === 'number' || typeof id === 'string' ? String(id) : null,
        });
        return;
      }
      case 'bookTicker':
      case undefined: {
        if (data.e === undefined && !('b' in data && 'a' in data && 'u' in data)) throw frameError(V, 'event without a type');
        const market: BinanceMarket = data.e === 'bookTicker' ? 'usdm' : 'spot';
        const symbol = this.symbol(data, market);
        emit({
          kind: 'ticker', venue: V, symbol, tsVenue: optionalNumber(data.E, V, 'E'), tsLocal, priceCurrency: this.currency(symbol),
          bid: optionalNumber(data.b, V, 'b'), bidSize: optionalNumber(data.B, V, 'B'), ask: optionalNumber(data.a, V, 'a'), askSize: optionalNumber(data.A, V, 'A'),
          last: null, mark: null, index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: null, openInterest: null,
        });
        return;
      }
      default:
        return; // other stream types (kline, markPrice, …) are not subscribed; nothing to emit
    }
  }

  private parseSnapshot(frame: Record<string, unknown>, tsLocal: number, emit: EventSink): void {
    const market = frame.market;
    if (market !== 'spot' && market !== 'usdm') throw frameError(V, `depth snapshot for an unknown market ${JSON.stringify(market)}`);
    const response = frame.response;
    if (!isRecord(response)) throw frameError(V, 'depth snapshot response is not an object');
    const wire = requiredString(frame.symbol, V, 'symbol');
    emit({
      kind: 'book_snapshot', venue: V, symbol: market === 'spot' ? this.spotSymbol(wire) : this.usdmSymbol(wire),
      tsVenue: optionalNumber(response.E, V, 'E'), tsLocal,
      bids: sortLevels(levels(response.bids, 'bids'), true), asks: sortLevels(levels(response.asks, 'asks'), false),
      sequence: requiredNumber(response.lastUpdateId, V, 'lastUpdateId'),
    });
  }
}

/** `[["price","qty"], …]` → flat [price, qty, …]; quantities are absolute, "0" removes. */
function levels(value: unknown, field: string): number[] {
  if (!Array.isArray(value)) throw frameError(V, `${field} is not an array`);
  const out = new Array<number>(value.length * 2);
  for (let i = 0; i < value.length; i++) {
    const level: unknown = value[i];
    if (!Array.isArray(level) || level.length < 2) throw frameError(V, `${field}[${i}] is not a [price, qty] pair`);
    out[2 * i] = requiredNonNegative(level[0], V, `${field}[${i}].price`);
    out[2 * i + 1] = requiredNonNegative(level[1], V, `${field}[${i}].qty`);
  }
  return out;
}

export function createBinanceFrameParser(): BinanceFrameParser {
  return new BinanceFrameParser();
}
