/**
 * The normalized-events table of a data catalog: one row per market event (the output of the venue
 * parsers), plus one row for each record that produced no event, a bad frame or a venue without a
 * parser, so a replay from it counts records exactly as a replay of the raw frames does.
 * This file holds the column list, the DDL and the row ↔ MarketEvent mapping.
 */
import type { MarketEvent } from '../../domain/market-event.js';

/** What a row of the events table stands for. */
export const ROW_EVENT = 0;
/** A record whose frame produced no event (acks, heartbeats, PONG). */
export const ROW_EMPTY = 1;
/** A record whose frame its venue parser rejected; `note` holds the parser's message. */
export const ROW_BAD_FRAME = 2;
/** A record of a venue that had no parser when the catalog was written. */
export const ROW_UNPARSED = 3;

/** Columns in table order; `venue` and `date` live in the partition path. */
export const EVENT_COLUMNS = [
  'seq', 'n', 'row_kind', 'note', 'ts_local', 'ts_venue', 'kind', 'symbol', 'price_currency',
  'bid', 'bid_size', 'ask', 'ask_size', 'last', 'mark', 'index_price', 'underlying', 'mark_iv', 'bid_iv', 'ask_iv', 'open_interest',
  'has_greeks', 'delta', 'gamma', 'vega', 'theta', 'rho',
  'bids', 'asks', 'sequence', 'prev_sequence',
  'price', 'size', 'side', 'trade_id',
  'state', 'tick_size', 'settlement_price',
] as const;

export const EVENTS_DDL = `CREATE TABLE events (
  seq BIGINT, n INTEGER, row_kind UTINYINT, note VARCHAR, ts_local DOUBLE, ts_venue DOUBLE, kind VARCHAR, symbol VARCHAR, price_currency VARCHAR,
  bid DOUBLE, bid_size DOUBLE, ask DOUBLE, ask_size DOUBLE, last DOUBLE, mark DOUBLE, index_price DOUBLE, underlying DOUBLE,
  mark_iv DOUBLE, bid_iv DOUBLE, ask_iv DOUBLE, open_interest DOUBLE,
  has_greeks BOOLEAN, delta DOUBLE, gamma DOUBLE, vega DOUBLE, theta DOUBLE, rho DOUBLE,
  bids DOUBLE[], asks DOUBLE[], sequence DOUBLE, prev_sequence DOUBLE,
  price DOUBLE, size DOUBLE, side VARCHAR, trade_id VARCHAR,
  state VARCHAR, tick_size DOUBLE, settlement_price DOUBLE,
  venue VARCHAR, date VARCHAR)`;

export type EventCell = number | string | boolean | null | readonly number[];

const NULL_ROW: EventCell[] = EVENT_COLUMNS.map(() => null);

/** The row of one event, in EVENT_COLUMNS order (without venue/date). */
export function eventToRow(seq: number, n: number, e: MarketEvent): EventCell[] {
  const row = NULL_ROW.slice();
  row[0] = seq; row[1] = n; row[2] = ROW_EVENT; row[4] = e.tsLocal; row[5] = e.tsVenue; row[6] = e.kind; row[7] = e.symbol;
  switch (e.kind) {
    case 'ticker': {
      row[8] = e.priceCurrency;
      row[9] = e.bid; row[10] = e.bidSize; row[11] = e.ask; row[12] = e.askSize; row[13] = e.last; row[14] = e.mark;
      row[15] = e.index; row[16] = e.underlying; row[17] = e.markIv; row[18] = e.bidIv; row[19] = e.askIv; row[20] = e.openInterest;
      row[21] = e.greeks !== null;
      if (e.greeks !== null) { row[22] = e.greeks.delta; row[23] = e.greeks.gamma; row[24] = e.greeks.vega; row[25] = e.greeks.theta; row[26] = e.greeks.rho; }
      break;
    }
    case 'book_snapshot':
      row[27] = e.bids; row[28] = e.asks; row[29] = e.sequence;
      break;
    case 'book_delta':
      row[27] = e.bids; row[28] = e.asks; row[29] = e.sequence; row[30] = e.prevSequence;
      break;
    case 'trade':
      row[8] = e.priceCurrency; row[31] = e.price; row[32] = e.size; row[33] = e.side; row[34] = e.tradeId;
      break;
    case 'status':
      row[35] = e.state; row[36] = e.tickSize; row[37] = e.settlementPrice;
      break;
  }
  return row;
}

/** A row standing for a record without events (ROW_EMPTY, ROW_BAD_FRAME or ROW_UNPARSED). */
export function markerRow(seq: number, rowKind: number, tsLocal: number, tsVenue: number | null, note: string | null): EventCell[] {
  const row = NULL_ROW.slice();
  row[0] = seq; row[1] = -1; row[2] = rowKind; row[3] = note; row[4] = tsLocal; row[5] = tsVenue;
  return row;
}
