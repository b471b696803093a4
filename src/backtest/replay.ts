/**
 * Replays recordings: files merged by receive time, each frame through its venue's parser (the
 * same one live clients use), each event to `onEvent` (usually `engine.dispatch`), with the
 * replay clock moved to the record's time first so timers fire in order. Heavy strategy work is
 * awaited between records, which keeps a replay deterministic.
 */
import { ArbiterError, ParseError } from '../domain/errors.js';
import type { MarketEvent } from '../domain/market-event.js';
import type { VenueId } from '../domain/venue.js';
import type { ReplayClock } from '../engine/clock.js';
import { RECORD_FRAME, type LineIssue } from '../store/recording/recording-file-source.js';
import type { SeedRecordingLine } from '../store/recording/recording-format.js';
import type { FrameParser } from '../venues/shared/frame-parser.js';
import { RECORD_BAD_FRAME, RECORD_EVENTS, RECORD_UNPARSED } from './record-source.js';
import { RecordingMerge } from './recording-merge.js';
import { seedLineToTicker, type PriceCurrencyOf } from './seed-event.js';

export interface ReplayProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly records: number;
  readonly lastTs: number;
}

/** Something whose background work replay waits for between records (the engine). */
export interface Quiescent {
  readonly busy: boolean;
  whenIdle(): Promise<void>;
}

export interface ReplayOptions {
  readonly files: readonly string[];
  readonly parsers: ReadonlyMap<VenueId, FrameParser>;
  readonly priceCurrencyOf: PriceCurrencyOf;
  readonly onEvent: (event: MarketEvent) => void;
  readonly clock?: ReplayClock;
  readonly quiescent?: Quiescent;
  /** Malformed lines and frames are fatal instead of counted and skipped. */
  readonly strict?: boolean;
  /** Records before `fromMs` or after `toMs` (receive time) are skipped. */
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Records between progress callbacks; default 65,536. */
  readonly progressEvery?: number;
  readonly onIssue?: (issue: LineIssue) => void;
  /**
   * Awaited once the files are open, before the first record, with that record's receive time
   * (null when there is none): where a replay clock is set and the engine started, so periodic
   * timers begin at the data's start instead of at some arbitrary epoch.
   */
  readonly beforeFirstRecord?: (firstTs: number | null) => Promise<void>;
  /**
   * Realtime playback: called with each record's time, returns how many ms to wait before
   * dispatching it (0 for none). Omitted: as fast as possible.
   */
  readonly pace?: (ts: number) => number;
  /** How many issues to keep in the report; all are counted. Default 20. */
  readonly maxIssueSamples?: number;
}

export interface ReplayReport {
  readonly files: ReadonlyArray<{ readonly path: string; readonly bytes: number; readonly lines: number; readonly malformed: number }>;
  readonly bytes: number;
  readonly records: number;
  readonly events: number;
  readonly malformedLines: number;
  readonly badFrames: number;
  /** Frames of venues that have no parser yet, per venue. */
  readonly unparsed: Readonly<Record<string, number>>;
  /** Records whose time is earlier than one already replayed (kept in file order, clock held). */
  readonly outOfOrder: number;
  readonly skipped: number;
  readonly firstTs: number | null;
  readonly lastTs: number | null;
  readonly issues: readonly LineIssue[];
  readonly wallMs: number;
}

export async function replayRecordings(options: ReplayOptions): Promise<ReplayReport> {
  const started = performance.now();
  const maxSamples = options.maxIssueSamples ?? 20;
  const issues: LineIssue[] = [];
  const sample = (issue: LineIssue): void => {
    if (issues.length < maxSamples) issues.push(issue);
    options.onIssue?.(issue);
  };
  const merge = await RecordingMerge.open(options.files, { strict: options.strict, onIssue: sample });
  const { parsers, clock, quiescent, onEvent, strict, priceCurrencyOf } = options;
  const fromMs = options.fromMs ?? -Infinity;
  const toMs = options.toMs ?? Infinity;
  const progressEvery = options.progressEvery ?? 65_536;
  let events = 0;
  let records = 0;
  let badFrames = 0;
  let outOfOrder = 0;
  let skipped = 0;
  let firstTs: number | null = null;
  let lastTs = -Infinity;
  const unparsed: Record<string, number> = {};
  const emit = (event: MarketEvent): void => {
    events++;
    onEvent(event);
  };

  try {
    if (options.beforeFirstRecord) {
      const head = merge.peek();
      await options.beforeFirstRecord(head === undefined ? null : Math.max(head.ts[head.pos]!, fromMs));
    }
    for (let source = merge.peek(); source !== undefined; source = merge.peek()) {
      const i = source.pos;
      const ts = source.ts[i]!;
      if (ts < fromMs || ts > toMs) {
        skipped++;
      } else {
        records++;
        if (firstTs === null) firstTs = ts;
        if (ts < lastTs) outOfOrder++;
        else lastTs = ts;
        if (options.pace) {
          const waitMs = options.pace(ts);
          if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
        }
        clock?.advanceTo(ts);
        const item = source.items[i] as Record<string, unknown>;
        try {
          if (source.kinds[i] === RECORD_FRAME) {
            const venue = item.venue as VenueId;
            const parser = parsers.get(venue);
            if (parser === undefined) unparsed[venue] = (unparsed[venue] ?? 0) + 1;
            else parser.parse(item.frame, ts, emit);
          } else if (source.kinds[i] === RECORD_EVENTS) {
            // Already parsed (a Parquet data catalog's events table).
            const parsed = source.items[i] as readonly MarketEvent[];
            for (let k = 0; k < parsed.length; k++) emit(parsed[k]!);
          } else if (source.kinds[i] === RECORD_BAD_FRAME) {
            throw new ParseError('ARB_PARSE_FRAME', source.items[i] as string);
          } else if (source.kinds[i] === RECORD_UNPARSED) {
            const venue = source.items[i] as string;
            unparsed[venue] = (unparsed[venue] ?? 0) + 1;
          } else {
            emit(seedLineToTicker(item as unknown as SeedRecordingLine, ts, priceCurrencyOf));
          }
        } catch (error) {
          if (!(error instanceof ArbiterError)) throw error;
          badFrames++;
          const issue: LineIssue = { file: source.path, line: source.lines[i]!, reason: error.message };
          if (strict) throw new ParseError('ARB_PARSE_FRAME', `${issue.file}:${issue.line}: ${issue.reason}`, { file: issue.file, line: issue.line });
          sample(issue);
        }
        if (quiescent?.busy) await quiescent.whenIdle();
        if (options.onProgress && records % progressEvery === 0) {
          options.onProgress({ bytesRead: merge.bytesRead, totalBytes: merge.totalBytes, records, lastTs });
        }
      }
      const refill = merge.advance();
      if (refill !== undefined) await refill;
    }
    if (quiescent?.busy) await quiescent.whenIdle();
  } finally {
    merge.close();
  }
  options.onProgress?.({ bytesRead: merge.totalBytes, totalBytes: merge.totalBytes, records, lastTs });

  return {
    files: merge.sources.map((s) => ({ path: s.path, bytes: s.sizeBytes, lines: s.lineCount, malformed: s.malformed })),
    bytes: merge.totalBytes,
    records,
    events,
    malformedLines: merge.sources.reduce((n, s) => n + s.malformed, 0),
    badFrames,
    unparsed,
    outOfOrder,
    skipped,
    firstTs,
    lastTs: firstTs === null ? null : lastTs,
    issues,
    wallMs: performance.now() - started,
  };
}
