/**
 * A recording that rolls over to a new file by size or age: files
 * `<dir>/<prefix>_<YYYYMMDD_HHMMSS>.jsonl[.gz]` (UTC start time, with a counter when two start in
 * the same second). Each file is a complete v1 recording with its own header, flushed at least
 * once a second, so a crash loses at most the last second of the current file. Rotation is
 * decided when a frame is written, so bursts split exactly like a steady stream.
 */
import { join } from 'node:path';
import { formatRecordedFrame, type RecordedFrame } from './recording-format.js';
import { RecordingWriter } from './recording-writer.js';

export interface RotatingRecordingWriterOptions {
  readonly dir: string;
  readonly prefix: string;
  readonly gzip?: boolean;
  /** Roll over once this many bytes of lines went to the current file (default 256 MiB). */
  readonly maxBytes?: number;
  /** Roll over once the current file is this old (default 1 h). */
  readonly maxAgeMs?: number;
  readonly flushIntervalMs?: number;
  readonly source?: string;
  readonly now?: () => number;
  /** A file that cannot be opened or written; its lines are lost and the next rotation tries again. */
  readonly onError?: (error: unknown, path: string) => void;
}

interface Segment {
  readonly openedAt: number;
  bytes: number;
  writer: RecordingWriter | null;
  /** Lines written before the file finished opening. */
  readonly queue: string[];
  readonly ready: Promise<void>;
}

function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}_${iso.slice(11, 19).replaceAll(':', '')}`;
}

export class RotatingRecordingWriter {
  /** Every file started so far, in order. */
  readonly files: string[] = [];
  private segment: Segment | null = null;
  private readonly closing: Array<Promise<void>> = [];
  private closed = false;

  constructor(private readonly options: RotatingRecordingWriterOptions) {}

  /** Appends a frame; never waits (lines queue in memory while a new file opens). */
  write(record: RecordedFrame): void {
    if (this.closed) return;
    const now = (this.options.now ?? Date.now)();
    const line = formatRecordedFrame(record);
    let s = this.segment;
    if (s === null || s.bytes >= (this.options.maxBytes ?? 256 * 2 ** 20) || now - s.openedAt >= (this.options.maxAgeMs ?? 3_600_000)) {
      if (s !== null) this.retire(s);
      s = this.startSegment(now);
    }
    s.bytes += line.length + 1;
    if (s.writer) s.writer.writeLine(line);
    else s.queue.push(line);
  }

  /** Pushes the current file's buffered lines to disk. */
  flush(): void {
    this.segment?.writer?.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.segment) this.retire(this.segment);
    this.segment = null;
    await Promise.all(this.closing);
  }

  private startSegment(now: number): Segment {
    let name = `${this.options.prefix}_${stamp(now)}`;
    for (let k = 1; this.files.some((f) => f.endsWith(`/${name}.jsonl`) || f.endsWith(`/${name}.jsonl.gz`)); k++) name = `${this.options.prefix}_${stamp(now)}_${k}`;
    const path = join(this.options.dir, `${name}.jsonl${this.options.gzip ? '.gz' : ''}`);
    this.files.push(path);
    const queue: string[] = [];
    const segment: Segment = {
      openedAt: now, bytes: 0, writer: null, queue,
      ready: RecordingWriter.open({ path, flushIntervalMs: this.options.flushIntervalMs, source: this.options.source, nowMs: this.options.now }).then((writer) => {
        for (const line of queue) writer.writeLine(line);
        queue.length = 0;
        segment.writer = writer;
      }, (error: unknown) => {
        queue.length = 0;
        this.options.onError?.(error, path);
        // Force a fresh file on the next write.
        if (this.segment === segment) this.segment = null;
      }),
    };
    this.segment = segment;
    return segment;
  }

  private retire(s: Segment): void {
    this.closing.push(s.ready.then(() => s.writer?.close()));
  }
}
