/**
 * Kraken spot WebSocket v2 frames → domain events: `book` snapshot/update → book_snapshot /
 * book_delta (Kraken has no sequence numbers: integrity is the CRC32 `checksum`, which the parser
 * keeps in `lastChecksum` while it emits, for the client to verify), `ticker` → ticker, `trade`
 * → one trade per fill (`side` is the taker's). Method answers (subscribe acks, pong),
 * `heartbeat`, `status` and `instrument` emit nothing; a failed method answer throws.
 */
import type { EventSink, FrameParser } from '../../shared/frame-parser.js';
import { frameError, isRecord, optionalNumber, requiredNonNegative, requiredString, sortLevels } from '../../shared/wire-values.js';

const V = 'kraken' as const;

/** RFC 3339 with up to nanoseconds → epoch ms; null when absent. */
export function krakenTimeMs(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw frameError(V, `timestamp is not a string (${JSON.stringify(value)?.slice(0, 40)})`);
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  if (!Number.isFinite(ms)) throw frameError(V, `timestamp is not RFC 3339 (${value.slice(0, 40)})`);
  return ms;
}

/** The quote currency of a v2 pair `BASE/QUOTE`. */
export function krakenPriceCurrency(symbol: string): string {
  const slash = symbol.lastIndexOf('/');
  return slash >= 0 ? symbol.slice(slash + 1) : 'USD';
}

export class KrakenFrameParser implements FrameParser {
  readonly venue = V;
  /** `checksum` of the book message whose event is being emitted (null when it had none). */
  lastChecksum: number | null = null;

  parse(frame: unknown, tsLocal: number, emit: EventSink): void {
    if (!isRecord(frame)) throw frameError(V, 'not a JSON object');
    if (typeof frame.method === 'string') {
      if (frame.success === false) throw frameError(V, `${frame.method} failed: ${String(frame.error ?? 'no reason given')}`);
      return;
    }
    switch (frame.channel) {
      case 'book':
        this.book(frame, tsLocal, emit);
        return;
      case 'ticker':
        for (const d of dataArray(frame)) {
          const symbol = requiredString(d.symbol, V, 'symbol');
          emit({
            kind: 'ticker', venue: V, symbol, tsVenue: krakenTimeMs(d.timestamp), tsLocal, priceCurrency: krakenPriceCurrency(symbol),
            bid: optionalNumber(d.bid, V, 'bid'), bidSize: optionalNumber(d.bid_qty, V, 'bid_qty'), ask: optionalNumber(d.ask, V, 'ask'), askSize: optionalNumber(d.ask_qty, V, 'ask_qty'),
            last: optionalNumber(d.last, V, 'last'), mark: null, index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: null, openInterest: null,
          });
        }
        return;
      case 'trade':
        for (const d of dataArray(frame)) {
          const symbol = requiredString(d.symbol, V, 'symbol');
          emit({
            kind: 'trade', venue: V, symbol, tsVenue: krakenTimeMs(d.timestamp), tsLocal, priceCurrency: krakenPriceCurrency(symbol),
            price: requiredNonNegative(d.price, V, 'price'), size: requiredNonNegative(d.qty, V, 'qty'),
            side: d.side === 'buy' || d.side === 'sell' ? d.side : null,
            tradeId: typeof d.trade_id === 'number' || typeof d.trade_id === 'string' ? String(d.trade_id) : null,
          });
        }
        return;
      case 'heartbeat':
      case 'status':
      case 'instrument':
        return;
      default:
        throw frameError(V, `unknown channel ${JSON.stringify(frame.channel)?.slice(0, 40)}`);
    }
  }

  private book(frame: Record<string, unknown>, tsLocal: number, emit: EventSink): void {
    const type = frame.type;
    if (type !== 'snapshot' && type !== 'update') throw frameError(V, `book message type ${JSON.stringify(type)}`);
    for (const d of dataArray(frame)) {
      const symbol = requiredString(d.symbol, V, 'symbol');
      const checksum = optionalNumber(d.checksum, V, 'checksum');
      this.lastChecksum = checksum;
      const bids = sortLevels(levels(d.bids, 'bids'), true);
      const asks = sortLevels(levels(d.asks, 'asks'), false);
      const tsVenue = krakenTimeMs(d.timestamp);
      if (type === 'snapshot') emit({ kind: 'book_snapshot', venue: V, symbol, tsVenue, tsLocal, bids, asks, sequence: null });
      else emit({ kind: 'book_delta', venue: V, symbol, tsVenue, tsLocal, bids, asks, sequence: null, prevSequence: null });
    }
    this.lastChecksum = null;
  }
}

function dataArray(frame: Record<string, unknown>): Array<Record<string, unknown>> {
  const data = frame.data;
  if (!Array.isArray(data)) throw frameError(V, `${String(frame.channel)} data is not an array`);
  for (const d of data) if (!isRecord(d)) throw frameError(V, `${String(frame.channel)} data entry is not an object`);
  return data as Array<Record<string, unknown>>;
}

/** `[{price, qty}, …]` → flat [price, qty, …]; qty 0 removes. */
function levels(value: unknown, field: string): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw frameError(V, `${field} is not an array`);
  const out = new Array<number>(value.length * 2);
  for (let i = 0; i < value.length; i++) {
    const level: unknown = value[i];
    if (!isRecord(level)) throw frameError(V, `${field}[${i}] is not a {price, qty} object`);
    out[2 * i] = requiredNonNegative(level.price, V, `${field}[${i}].price`);
    out[2 * i + 1] = requiredNonNegative(level.qty, V, `${field}[${i}].qty`);
  }
  return out;
}

export function createKrakenFrameParser(): KrakenFrameParser {
  return new KrakenFrameParser();
}
