/**
 * Appends frames to a recording file (v1), gzipped when the name ends in `.gz`. Lines are
 * buffered and flushed at least every `flushIntervalMs` (default 1 s) so a crash loses at most
 * that much; `close` flushes everything and ends the file.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createGzip, type Gzip, constants as zlib } from 'node:zlib';
import { formatRecordedFrame, formatRecordingHeader, type RecordedFrame } from './recording-format.js';

export interface RecordingWriterOptions {
  readonly path: string;
  readonly flushIntervalMs?: number;
  /** Written into the header line. */
  readonly source?: string;
  readonly nowMs?: () => number;
}

export class RecordingWriter {
  private buffer: string[] = [];
  private bufferedBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private gzip: Gzip | null = null;
  private file: WriteStream | null = null;
  private closed = false;
  /** Lines written so far (frames only, not the header). */
  frames = 0;
  /** Characters of frame lines accepted so far (before compression), newlines included. */
  bytesWritten = 0;

  private constructor(private readonly options: RecordingWriterOptions) {}

  static async open(options: RecordingWriterOptions): Promise<RecordingWriter> {
    await mkdir(dirname(options.path), { recursive: true });
    const writer = new RecordingWriter(options);
    writer.file = createWriteStream(options.path, { flags: 'w' });
    await new Promise<void>((resolve, reject) => {
      writer.file!.once('open', () => resolve());
      writer.file!.once('error', reject);
    });
    if (options.path.endsWith('.gz')) {
      writer.gzip = createGzip({ level: 6 });
      writer.gzip.pipe(writer.file);
    }
    writer.buffer.push(formatRecordingHeader({ createdAtMs: (options.nowMs ?? Date.now)(), source: options.source }));
    writer.timer = setInterval(() => writer.flush(), options.flushIntervalMs ?? 1_000);
    writer.timer.unref();
    return writer;
  }

  write(record: RecordedFrame): void {
    this.writeLine(formatRecordedFrame(record));
  }

  /** Appends an already formatted frame line (no newline). */
  writeLine(line: string): void {
    if (this.closed) return;
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    this.bytesWritten += line.length + 1;
    this.frames++;
    if (this.bufferedBytes > 1 << 20) this.flush();
  }

  /** Pushes buffered lines to the file (and a gzip sync flush, so the bytes are on disk). */
  flush(): void {
    if (this.buffer.length === 0) return;
    const text = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.bufferedBytes = 0;
    if (this.gzip) {
      this.gzip.write(text);
      this.gzip.flush(zlib.Z_SYNC_FLUSH);
    } else {
      this.file!.write(text);
    }
  }

  /** Flushes and resolves once the file stream has room again (backpressure for bulk writers). */
  async drained(): Promise<void> {
    this.flush();
    const target = this.gzip ?? this.file!;
    if (!target.writableNeedDrain) return;
    await new Promise<void>((resolve) => target.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const file = this.file!;
    await new Promise<void>((resolve, reject) => {
      file.once('finish', resolve);
      file.once('error', reject);
      if (this.gzip) this.gzip.end();
      else file.end();
    });
  }
}
