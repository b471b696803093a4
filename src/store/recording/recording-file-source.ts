/**
 * Streams one recording file (plain or gzip, detected by its magic bytes) in batches: each batch
 * holds the records of about one read chunk, already JSON-decoded, with their timestamps in a
 * typed array for the merge. Memory stays constant whatever the file size.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { isAscii } from 'node:buffer';
import { ArbiterError, ParseError, excerpt } from '../../domain/errors.js';
import { isVenueId } from '../../domain/venue.js';
import { RECORDING_FORMAT, RECORDING_VERSION } from './recording-format.js';

export const RECORD_FRAME = 1;
export const RECORD_SEED = 2;

export interface LineIssue {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface SourceOptions {
  /** Throw on the first malformed line instead of counting and skipping it. */
  readonly strict?: boolean;
  /** Called for every malformed line (after counting). */
  readonly onIssue?: (issue: LineIssue) => void;
  readonly chunkBytes?: number;
}

/**
 * Pieces split at newline bytes never cut a UTF-8 sequence, so each decodes alone; pure-ASCII
 * pieces (nearly all venue data) take the much cheaper one-byte decode.
 */
function decodeText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

export class RecordingFileSource {
  /** Timestamps (tsLocal) of the current batch. */
  ts = new Float64Array(4096);
  /** RECORD_FRAME or RECORD_SEED per record. */
  kinds = new Uint8Array(4096);
  /** Decoded line objects of the current batch. */
  items: unknown[] = [];
  /** 1-based line numbers of the current batch. */
  lines = new Int32Array(4096);
  count = 0;
  pos = 0;
  lineCount = 0;
  malformed = 0;
  private leftover: Buffer | null = null;
  private readonly raw: ReadStream;
  private readonly chunks: AsyncIterator<Buffer>;
  private done = false;

  private constructor(
    readonly path: string,
    readonly index: number,
    readonly sizeBytes: number,
    gzip: boolean,
    private readonly options: SourceOptions,
  ) {
    const chunkBytes = options.chunkBytes ?? 1 << 18;
    this.raw = createReadStream(path, { highWaterMark: chunkBytes });
    const stream = gzip ? this.raw.pipe(createGunzip({ chunkSize: 256 * 1024 })) : this.raw;
    this.chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /**
   * Checks that the file exists, is a readable regular file, and opens it.
   * @throws ArbiterError `ARB_INPUT_FILE` naming the file and the reason.
   */
  static async open(path: string, index: number, options: SourceOptions = {}): Promise<RecordingFileSource> {
    let size: number;
    let gzip = false;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a regular file');
      size = info.size;
      const handle = await open(path, 'r');
      try {
        const head = Buffer.alloc(2);
        const { bytesRead } = await handle.read(head, 0, 2, 0);
        gzip = bytesRead === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
      } finally {
        await handle.close();
      }
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
      throw new ArbiterError('ARB_INPUT_FILE', `cannot read recording ${path}: ${why}`, { file: path }, { cause: error });
    }
    return new RecordingFileSource(path, index, size, gzip, options);
  }

  /** Bytes read from disk so far (compressed bytes for gzip files). */
  get bytesRead(): number {
    return this.raw.bytesRead;
  }

  /** Loads the next batch. Resolves false when the file is exhausted. */
  async fill(): Promise<boolean> {
    this.count = 0;
    this.pos = 0;
    this.items.length = 0;
    while (this.count === 0) {
      if (this.done) return false;
      let next: IteratorResult<Buffer>;
      try {
        next = await this.chunks.next();
      } catch (error) {
        throw new ArbiterError('ARB_INPUT_FILE', `cannot read recording ${this.path}: ${error instanceof Error ? error.message : String(error)}`, { file: this.path }, { cause: error });
      }
      if (next.done) {
        this.done = true;
        this.raw.destroy();
        if (this.leftover && this.leftover.length > 0) this.parseText(decodeText(this.leftover));
        this.leftover = null;
        continue;
      }
      const chunk = next.value;
      const nl = chunk.lastIndexOf(10);
      if (nl < 0) {
        this.leftover = this.leftover ? Buffer.concat([this.leftover, chunk]) : chunk;
        continue;
      }
      if (this.leftover) {
        // The line cut at the previous chunk's end: join just that line, not the whole chunk.
        const first = chunk.indexOf(10);
        this.parseText(decodeText(Buffer.concat([this.leftover, chunk.subarray(0, first)])));
        this.leftover = null;
        if (first < nl) this.parseText(decodeText(chunk.subarray(first + 1, nl)));
      } else {
        this.parseText(decodeText(chunk.subarray(0, nl)));
      }
      this.leftover = nl + 1 < chunk.length ? chunk.subarray(nl + 1) : null;
    }
    return true;
  }

  close(): void {
    this.done = true;
    this.raw.destroy();
  }

  private parseText(text: string): void {
    let start = 0;
    const n = text.length;
    while (start <= n) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = n;
      this.lineCount++;
      if (end > start) this.parseLine(text, start, end);
      start = end + 1;
    }
  }

  private parseLine(text: string, start: number, end: number): void {
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (line.trim() === '') return;
      this.issue(`not valid JSON: ${excerpt(line, 80)}`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.issue('a line must be a JSON object');
      return;
    }
    const o = value as Record<string, unknown>;
    if (o.frame !== undefined) {
      const ts = o.tsLocal;
      if (typeof ts !== 'number' || !Number.isFinite(ts)) return this.issue('tsLocal is missing or not a number');
      if (!isVenueId(o.venue)) return this.issue(`unknown venue ${JSON.stringify(o.venue)}`);
      this.push(RECORD_FRAME, ts, value);
      return;
    }
    if (o.format === RECORDING_FORMAT) {
      if (typeof o.version !== 'number' || o.version > RECORDING_VERSION) {
        throw new ArbiterError('ARB_INPUT_FILE', `${this.path}:${this.lineCount}: recording version ${String(o.version)} is newer than this reader (${RECORDING_VERSION})`, { file: this.path, line: this.lineCount });
      }
      return;
    }
    if (typeof o.instrument === 'object' && o.instrument !== null && o.timestamp !== undefined) {
      const ts = o.timestamp;
      if (typeof ts !== 'number' || !Number.isFinite(ts)) return this.issue('timestamp is not a number');
      // The seed wrote seconds in demo data; normalise so files merge on one time base.
      this.push(RECORD_SEED, Math.abs(ts) < 1e11 ? ts * 1000 : ts, value);
      return;
    }
    this.issue('neither a v1 frame record (venue, tsLocal, frame) nor a seed-format event');
  }

  private push(kind: number, ts: number, value: unknown): void {
    if (this.count === this.ts.length) this.grow();
    this.ts[this.count] = ts;
    this.kinds[this.count] = kind;
    this.lines[this.count] = this.lineCount;
    this.items.push(value);
    this.count++;
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

  private issue(reason: string): void {
    this.malformed++;
    const issue: LineIssue = { file: this.path, line: this.lineCount, reason };
    if (this.options.strict) {
      throw new ParseError('ARB_PARSE_LINE', `${issue.file}:${issue.line}: ${reason}`, { file: issue.file, line: issue.line });
    }
    this.options.onIssue?.(issue);
  }
}
