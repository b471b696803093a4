/**
 * Recording format v1 (docs/recording-format.md): one JSON object per line,
 * `{"venue":"deribit","tsLocal":1703782800123,"tsVenue":1703782800120,"frame":{…raw frame…}}`,
 * optionally preceded by a header line `{"format":"arbiter-recording","version":1,…}`.
 * The seed engine's format (one normalised event per line with a capitalised exchange tag) is
 * read too, as an import format.
 */
import type { VenueId } from '../../domain/venue.js';

export const RECORDING_FORMAT = 'arbiter-recording';
export const RECORDING_VERSION = 1;

export interface RecordingHeader {
  readonly format: typeof RECORDING_FORMAT;
  readonly version: number;
  readonly createdAtMs: number;
  /** Free text: the command or process that wrote the file. */
  readonly source?: string;
}

export interface RecordedFrame {
  readonly venue: VenueId;
  /** Local receive time, epoch ms: the merge and replay clock key. */
  readonly tsLocal: number;
  /** The venue's own timestamp of the frame when it has one, epoch ms. */
  readonly tsVenue: number | null;
  /** The frame as it arrived: the decoded JSON value, or the text when it was not JSON. */
  readonly frame: unknown;
}

/** A line of the seed engine's recordings (engine-seed.md §8.1). */
export interface SeedRecordingLine {
  readonly timestamp: number;
  readonly instrument: { readonly exchange: string; readonly symbol: string };
  readonly best_bid: number | null;
  readonly best_ask: number | null;
  readonly delta: number | null;
  readonly mark_iv: number | null;
  readonly bid_iv: number | null;
  readonly ask_iv: number | null;
  readonly underlying_price: number | null;
}

/** Serialises one frame record as a line (no trailing newline). */
export function formatRecordedFrame(record: RecordedFrame): string {
  return JSON.stringify({ venue: record.venue, tsLocal: record.tsLocal, tsVenue: record.tsVenue, frame: record.frame });
}

export function formatRecordingHeader(header: Omit<RecordingHeader, 'format' | 'version'>): string {
  return JSON.stringify({ format: RECORDING_FORMAT, version: RECORDING_VERSION, ...header });
}
