/**
 * What the k-way merge reads: a source of records in batches, with the receive times of the batch
 * in a typed array. Recording files (JSONL) and Parquet data catalogs both implement it.
 */
export { RECORD_FRAME, RECORD_SEED } from '../store/recording/recording-file-source.js';
/** The item is `readonly MarketEvent[]`: the events a venue parser produced for the record (maybe none). */
export const RECORD_EVENTS = 3;
/** The item is the message of the parser's error: the record is a bad frame. */
export const RECORD_BAD_FRAME = 4;
/** The item is the venue id of a record whose venue had no parser. */
export const RECORD_UNPARSED = 5;

export interface RecordSource {
  readonly path: string;
  /** Position on the command line: ties in receive time go to the lower index. */
  readonly index: number;
  readonly sizeBytes: number;
  readonly bytesRead: number;
  /** Receive times (tsLocal) of the current batch. */
  readonly ts: Float64Array;
  /** A RECORD_* kind per record of the batch. */
  readonly kinds: Uint8Array;
  readonly items: readonly unknown[];
  /** 1-based line (or record) numbers of the batch, for issue reports. */
  readonly lines: Int32Array;
  readonly count: number;
  pos: number;
  /** Lines (or records) read so far. */
  readonly lineCount: number;
  readonly malformed: number;
  /** Loads the next batch; resolves false when the source is exhausted. */
  fill(): Promise<boolean>;
  close(): void;
}
