/**
 * Reads the events table of a data catalog as a record source for the replay merge: its day files
 * in order, rows in (`seq`, `n`) order as written, are grouped back into records, each carrying the market events its frame
 * produced, so replay skips JSON decoding and venue parsing. A batch is one DuckDB chunk
 * (2,048 rows); memory stays constant in the catalog's size.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBDataChunk, DuckDBListVector, DuckDBResult } from '@duckdb/node-api';
import { RECORD_BAD_FRAME, RECORD_EVENTS, RECORD_UNPARSED, type RecordSource } from '../../backtest/record-source.js';
import { ArbiterError } from '../../domain/errors.js';
import type { InstrumentState, MarketEvent } from '../../domain/market-event.js';
import type { VenueId } from '../../domain/venue.js';
import { DICTIONARY_COLUMNS, openDuck, readManifest, sqlString, type DuckSession } from './catalog-layout.js';
import { numberAt, textAt, typedColumn, type TypedColumn } from './typed-column.js';
import { EVENT_COLUMNS, ROW_BAD_FRAME, ROW_EMPTY, ROW_UNPARSED } from './event-columns.js';

const COL = Object.fromEntries(EVENT_COLUMNS.map((name, i) => [name, i])) as Record<(typeof EVENT_COLUMNS)[number], number>;
const VENUE_COL = EVENT_COLUMNS.length;

/** The events table's files in replay order: days ascending, then part number. */
async function eventFiles(root: string): Promise<{ files: string[]; bytes: number }> {
  const dir = join(root, 'events');
  const found: Array<{ day: string; part: number; path: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.parquet')) continue;
    const day = /date=([0-9-]+)/.exec(entry.parentPath)?.[1] ?? '';
    const part = Number(/(\d+)\.parquet$/.exec(entry.name)?.[1] ?? 0);
    found.push({ day, part, path: join(entry.parentPath, entry.name) });
  }
  found.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.part - b.part));
  let bytes = 0;
  for (const f of found) bytes += (await stat(f.path)).size;
  return { files: found.map((f) => f.path), bytes };
}

/** A list column of one chunk: per-row entries and the flat child values. */
interface LevelColumn {
  readonly vector: DuckDBListVector;
  readonly values: ArrayLike<number>;
}

function levelColumn(vector: DuckDBListVector, name: string): LevelColumn {
  return { vector, values: typedColumn(vector.childVector, name).items };
}

function levels(column: LevelColumn, row: number): number[] {
  const length = column.vector.getEntryLength(row);
  if (length === 0) return [];
  const offset = column.vector.getEntryOffset(row);
  const values = column.values;
  const out = new Array<number>(length);
  for (let k = 0; k < length; k++) out[k] = values[offset + k]!;
  return out;
}

export class ParquetRecordSource implements RecordSource {
  ts = new Float64Array(4096);
  kinds = new Uint8Array(4096);
  items: unknown[] = [];
  lines = new Int32Array(4096);
  count = 0;
  pos = 0;
  lineCount = 0;
  readonly malformed = 0;
  /** The record being assembled (its rows may continue in the next chunk); pendingSeq -1 when none. */
  private pendingSeq = -1;
  private pendingTs = 0;
  private pendingKind = 0;
  private pendingItem: unknown = null;
  /** The next chunk, requested while the current one is decoded so DuckDB works alongside. */
  private next: Promise<DuckDBDataChunk | null> | null = null;
  private done = false;
  private lastSeq = -1;

  private constructor(
    readonly path: string,
    readonly index: number,
    readonly sizeBytes: number,
    private readonly totalRecords: number,
    private readonly duck: DuckSession,
    private readonly result: DuckDBResult,
  ) {}

  /**
   * Opens a catalog's events table for replay.
   * @throws ArbiterError `ARB_INPUT_FILE` when `root` is not a readable catalog.
   */
  static async open(root: string, index: number): Promise<ParquetRecordSource> {
    const manifest = await readManifest(root);
    let listing: { files: string[]; bytes: number };
    try {
      listing = await eventFiles(root);
    } catch (error) {
      throw new ArbiterError('ARB_INPUT_FILE', `data catalog ${root} has no readable events table`, { file: root }, { cause: error });
    }
    if (manifest.records > 0 && listing.files.length === 0) throw new ArbiterError('ARB_INPUT_FILE', `data catalog ${root} has no events files`, { file: root });
    const duck = await openDuck();
    try {
      let result: DuckDBResult;
      if (manifest.records === 0) {
        result = await duck.connection.stream(`SELECT ${EVENT_COLUMNS.join(', ')}, 'deribit' AS venue WHERE false`);
      } else {
        // Files listed in replay order and read in row order: no sort (the reader checks seq).
        const scan = `read_parquet([${listing.files.map(sqlString).join(', ')}], hive_partitioning = false)`;
        // Low-cardinality text read as ENUMs: one dictionary per column instead of a string decode per row.
        const select: string[] = [];
        for (const column of [...EVENT_COLUMNS, 'venue']) {
          if (column === 'seq') select.push('CAST(seq AS DOUBLE) AS seq');
          else if (column === 'has_greeks') select.push('CAST(has_greeks AS UTINYINT) AS has_greeks');
          else if (!(DICTIONARY_COLUMNS as readonly string[]).includes(column)) select.push(column);
          else {
            const values = manifest.dictionaries[column] ?? [];
            // Never an empty ENUM: an all-null column still gets a one-value type.
            select.push(`CAST(${column} AS ENUM(${(values.length === 0 ? [''] : values).map(sqlString).join(', ')})) AS ${column}`);
          }
        }
        await duck.connection.run('SET preserve_insertion_order = true');
        result = await duck.connection.stream(`SELECT ${select.join(', ')} FROM ${scan}`);
      }
      return new ParquetRecordSource(root, index, listing.bytes, manifest.records, duck, result);
    } catch (error) {
      duck.close();
      throw new ArbiterError('ARB_INPUT_FILE', `cannot read data catalog ${root}: ${error instanceof Error ? error.message : String(error)}`, { file: root }, { cause: error });
    }
  }

  /** Approximate: the share of records read times the table's size on disk. */
  get bytesRead(): number {
    return this.totalRecords === 0 ? this.sizeBytes : Math.round((this.sizeBytes * this.lineCount) / this.totalRecords);
  }

  async fill(): Promise<boolean> {
    this.count = 0;
    this.pos = 0;
    this.items.length = 0;
    while (this.count === 0) {
      if (this.done) return false;
      let chunk: DuckDBDataChunk | null;
      try {
        chunk = await (this.next ?? this.result.fetchChunk());
        this.next = chunk === null || chunk.rowCount === 0 ? null : this.result.fetchChunk();
        // Surface a failed prefetch at the next fill, not as an unhandled rejection.
        this.next?.catch(() => undefined);
      } catch (error) {
        throw new ArbiterError('ARB_INPUT_FILE', `cannot read data catalog ${this.path}: ${error instanceof Error ? error.message : String(error)}`, { file: this.path }, { cause: error });
      }
      if (chunk === null || chunk.rowCount === 0) {
        this.done = true;
        this.flushPending();
        continue;
      }
      this.readChunk(chunk);
    }
    return true;
  }

  close(): void {
    this.done = true;
    const next = this.next;
    this.next = null;
    // A chunk still being fetched must land before the database closes under it.
    if (next === null) this.duck.close();
    else void next.then(() => this.duck.close(), () => this.duck.close());
  }

  private flushPending(): void {
    if (this.pendingSeq < 0) return;
    if (this.count === this.ts.length) this.grow();
    this.ts[this.count] = this.pendingTs;
    this.kinds[this.count] = this.pendingKind;
    this.lines[this.count] = this.pendingSeq + 1;
    this.items.push(this.pendingItem);
    this.count++;
    this.lineCount++;
    this.pendingSeq = -1;
    this.pendingItem = null;
  }

  private start(seq: number, ts: number, kind: number, item: unknown): void {
    this.pendingSeq = seq;
    this.pendingTs = ts;
    this.pendingKind = kind;
    this.pendingItem = item;
  }

  private readChunk(chunk: DuckDBDataChunk): void {
    const c = (name: (typeof EVENT_COLUMNS)[number]): TypedColumn => typedColumn(chunk.getColumnVector(COL[name]), name);
    const seqC = c('seq'), rowKindC = c('row_kind'), tsLocalC = c('ts_local'), tsVenueC = c('ts_venue');
    const kindC = c('kind'), symbolC = c('symbol'), currencyC = c('price_currency');
    const bidC = c('bid'), bidSizeC = c('bid_size'), askC = c('ask'), askSizeC = c('ask_size'), lastC = c('last'), markC = c('mark');
    const indexC = c('index_price'), underlyingC = c('underlying'), markIvC = c('mark_iv'), bidIvC = c('bid_iv'), askIvC = c('ask_iv'), oiC = c('open_interest');
    const hasGreeksC = c('has_greeks'), deltaC = c('delta'), gammaC = c('gamma'), vegaC = c('vega'), thetaC = c('theta'), rhoC = c('rho');
    const sequenceC = c('sequence'), prevSequenceC = c('prev_sequence'), priceC = c('price'), sizeC = c('size'), sideC = c('side');
    const stateC = c('state'), tickSizeC = c('tick_size'), settlementC = c('settlement_price');
    const venueC = typedColumn(chunk.getColumnVector(VENUE_COL), 'venue');
    const noteV = chunk.getColumnVector(COL.note), tradeIdV = chunk.getColumnVector(COL.trade_id);
    const bidsV = levelColumn(chunk.getColumnVector(COL.bids) as DuckDBListVector, 'bids'), asksV = levelColumn(chunk.getColumnVector(COL.asks) as DuckDBListVector, 'asks');
    const rows = chunk.rowCount;
    for (let r = 0; r < rows; r++) {
      const seq = seqC.items[r]!;
      if (seq < this.lastSeq) {
        throw new ArbiterError('ARB_INPUT_FILE', `data catalog ${this.path}: events table out of record order (record ${seq + 1} after ${this.lastSeq + 1}); convert it again`, { file: this.path, line: seq + 1 });
      }
      this.lastSeq = seq;
      if (this.pendingSeq !== seq) this.flushPending();
      const rowKind = rowKindC.items[r]!;
      const tsLocal = tsLocalC.items[r]!;
      if (rowKind === ROW_EMPTY) {
        this.start(seq, tsLocal, RECORD_EVENTS, []);
        continue;
      }
      if (rowKind === ROW_BAD_FRAME) {
        this.start(seq, tsLocal, RECORD_BAD_FRAME, noteV.getItem(r) as string);
        continue;
      }
      if (rowKind === ROW_UNPARSED) {
        this.start(seq, tsLocal, RECORD_UNPARSED, textAt(venueC, r));
        continue;
      }
      const venue = textAt(venueC, r) as VenueId;
      const symbol = textAt(symbolC, r) as string;
      const tsVenue = numberAt(tsVenueC, r);
      let event: MarketEvent;
      const kind = textAt(kindC, r) as MarketEvent['kind'];
      switch (kind) {
        case 'ticker':
          event = {
            kind, venue, symbol, tsVenue, tsLocal, priceCurrency: textAt(currencyC, r) as string,
            bid: numberAt(bidC, r), bidSize: numberAt(bidSizeC, r), ask: numberAt(askC, r), askSize: numberAt(askSizeC, r), last: numberAt(lastC, r), mark: numberAt(markC, r),
            index: numberAt(indexC, r), underlying: numberAt(underlyingC, r), markIv: numberAt(markIvC, r), bidIv: numberAt(bidIvC, r), askIv: numberAt(askIvC, r),
            greeks: hasGreeksC.items[r] === 1 ? { delta: numberAt(deltaC, r), gamma: numberAt(gammaC, r), vega: numberAt(vegaC, r), theta: numberAt(thetaC, r), rho: numberAt(rhoC, r) } : null,
            openInterest: numberAt(oiC, r),
          };
          break;
        case 'book_snapshot':
          event = { kind, venue, symbol, tsVenue, tsLocal, bids: levels(bidsV, r), asks: levels(asksV, r), sequence: numberAt(sequenceC, r) };
          break;
        case 'book_delta':
          event = { kind, venue, symbol, tsVenue, tsLocal, bids: levels(bidsV, r), asks: levels(asksV, r), sequence: numberAt(sequenceC, r), prevSequence: numberAt(prevSequenceC, r) };
          break;
        case 'trade':
          event = {
            kind, venue, symbol, tsVenue, tsLocal, priceCurrency: textAt(currencyC, r) as string, price: numberAt(priceC, r) as number, size: numberAt(sizeC, r) as number,
            side: textAt(sideC, r) as 'buy' | 'sell' | null, tradeId: tradeIdV.getItem(r) as string | null,
          };
          break;
        case 'status':
          event = { kind, venue, symbol, tsVenue, tsLocal, state: textAt(stateC, r) as InstrumentState, tickSize: numberAt(tickSizeC, r), settlementPrice: numberAt(settlementC, r) };
          break;
        default:
          throw new ArbiterError('ARB_INPUT_FILE', `data catalog ${this.path}: record ${seq + 1} has an unknown event kind ${JSON.stringify(kind)}`, { file: this.path, line: seq + 1 });
      }
      if (this.pendingSeq < 0) this.start(seq, tsLocal, RECORD_EVENTS, [event]);
      else (this.pendingItem as MarketEvent[]).push(event);
    }
  }

  private grow(): void {
    const size = this.ts.length * 2;
    const ts = new Float64Array(size);
    ts.set(this.ts);
    this.ts = ts;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const lines = new Int32Array(size);
    lines.set(this.lines);
    this.lines = lines;
  }
}
