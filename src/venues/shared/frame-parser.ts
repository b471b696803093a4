/**
 * The contract between raw venue frames and domain events. One parser per venue, shared by live
 * clients and replay, so a backtest sees exactly what live trading saw.
 */
import type { MarketEvent } from '../../domain/market-event.js';
import type { VenueId } from '../../domain/venue.js';

export type EventSink = (event: MarketEvent) => void;

export interface FrameParser {
  readonly venue: VenueId;
  /**
   * Turns one already JSON-decoded frame (or a text frame that was not JSON) into zero or more
   * events pushed to `emit`. Control frames (acks, heartbeats, pongs) emit nothing.
   * @throws ParseError (`ARB_PARSE_FRAME`) when the frame does not have its channel's shape.
   */
  parse(frame: unknown, tsLocal: number, emit: EventSink): void;
}

export type FrameParserFactory = () => FrameParser;
