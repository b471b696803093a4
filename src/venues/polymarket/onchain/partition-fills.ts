/**
 * Stage 1 of the fill reconstruction: stream every `*.json.gz` export file once, keep the fills
 * whose outcome token is in the markets file, and append each (as one JSON line with its condition
 * id) to the bucket file of its market. Memory is bounded by the write buffer; a crash loses at most
 * the file being read: on resume the bucket files are cut back to their sizes after the last
 * finished input file and that file is read again.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ArbiterError } from '../../../domain/errors.js';
import { encodeBucketRow } from './bucket-row.js';
import type { FillsManifest } from './fills-manifest.js';
import { fillToken, OrderFilledLineError, parseOrderFilledLine } from './order-filled.js';

export interface PartitionOptions {
  readonly inputDir: string;
  readonly workDir: string;
  /** Where malformed.jsonl goes (the output directory). */
  readonly outDir: string;
  readonly manifest: FillsManifest;
  /** Token id → [condition id, bucket]. */
  readonly tokens: ReadonlyMap<string, readonly [string, number]>;
  /** Called after each finished input file, with the manifest saved (tests use it to simulate a crash). */
  readonly onFileDone: (name: string) => Promise<void>;
  readonly onProgress?: (text: string) => void;
  /** Buffered characters before all buckets are written out (default 16 MB). */
  readonly bufferChars?: number;
}

export function bucketPath(workDir: string, bucket: number): string {
  return join(workDir, `bucket-${bucket}.jsonl`);
}

export const MALFORMED_FILE = 'malformed.jsonl';

/** Opens a bucket file for appending, cut back to the size the manifest recorded (rows of an unfinished input file go). */
async function openTruncated(path: string, bytes: number): Promise<FileHandle> {
  const fh = await open(path, 'a');
  const size = (await fh.stat()).size;
  if (size < bytes) {
    await fh.close();
    throw new ArbiterError('ARB_INPUT_INVALID', `${path} has ${size} bytes but the manifest recorded ${bytes}: work files were lost (a system crash before they reached the disk?); delete the output directory and run again`, { file: path });
  }
  await fh.truncate(bytes);
  return fh;
}

/** Runs (or resumes) the partition stage; updates `manifest.partition` as files finish. */
export async function partitionFills(opts: PartitionOptions): Promise<void> {
  const { manifest } = opts;
  const p = manifest.partition;
  const n = manifest.buckets;
  const limit = opts.bufferChars ?? 16 << 20;
  const handles: FileHandle[] = [];
  const buffers: string[][] = Array.from({ length: n }, () => []);
  const bytes = [...p.bucketBytes];
  let buffered = 0;
  const malformedPath = join(opts.outDir, MALFORMED_FILE);
  let malformedHandle: FileHandle | null = null;
  let malformedBytes = p.malformedBytes;
  try {
    for (let b = 0; b < n; b++) handles.push(await openTruncated(bucketPath(opts.workDir, b), bytes[b]!));
    malformedHandle = await openTruncated(malformedPath, malformedBytes);
    const flush = async (): Promise<void> => {
      for (let b = 0; b < n; b++) {
        const lines = buffers[b]!;
        if (lines.length === 0) continue;
        const data = Buffer.from(`${lines.join('\n')}\n`);
        buffers[b] = [];
        await handles[b]!.write(data);
        bytes[b]! += data.length;
      }
      buffered = 0;
    };
    const files = manifest.input.files.map((f) => f.name).filter((name) => !p.filesDone.includes(name));
    let fileIndex = p.filesDone.length;
    for (const name of files) {
      fileIndex++;
      const path = join(opts.inputDir, name);
      let fills = 0;
      let malformed = 0;
      let dropped = 0;
      const malformedLines: string[] = [];
      let lineNo = 0;
      const input = createReadStream(path).pipe(createGunzip());
      const lines = createInterface({ input, crlfDelay: Infinity });
      try {
        for await (const line of lines) {
          lineNo++;
          if (line.length === 0) continue;
          let fill;
          try {
            fill = parseOrderFilledLine(line);
          } catch (error) {
            if (!(error instanceof OrderFilledLineError)) throw error;
            malformed++;
            malformedLines.push(JSON.stringify({ source: `${name}:${lineNo}`, error: error.message, line: line.slice(0, 500) }));
            continue;
          }
          fills++;
          const target = opts.tokens.get(fillToken(fill));
          if (target === undefined) {
            dropped++;
            continue;
          }
          const row = encodeBucketRow({ ...fill, condition_id: target[0] });
          buffers[target[1]]!.push(row);
          buffered += row.length;
          if (buffered >= limit) await flush();
          if ((fills & 0x3ffff) === 0) opts.onProgress?.(`partition: file ${fileIndex}/${manifest.input.files.length} ${name}: ${fills.toLocaleString('en-US')} fills`);
        }
      } catch (error) {
        if (error instanceof ArbiterError) throw error;
        throw new ArbiterError('ARB_INPUT_FILE', `${path}: cannot read after line ${lineNo} (${(error as Error).message}${(error as NodeJS.ErrnoException).code?.startsWith('Z_') ? ': truncated or corrupt gzip' : ''})`, { file: path, line: lineNo }, { cause: error });
      }
      await flush();
      if (malformedLines.length > 0) {
        const data = Buffer.from(`${malformedLines.join('\n')}\n`);
        await malformedHandle.write(data);
        malformedBytes += data.length;
      }
      // On disk before the manifest says so: a system crash must not leave the manifest ahead of the data.
      await Promise.all([...handles, malformedHandle].map((h) => h.datasync()));
      p.filesDone.push(name);
      p.bucketBytes = [...bytes];
      p.malformedBytes = malformedBytes;
      p.fillsRead += fills;
      p.malformedLines += malformed;
      p.droppedUnknownToken += dropped;
      opts.onProgress?.(`partition: file ${fileIndex}/${manifest.input.files.length} ${name} done: ${fills.toLocaleString('en-US')} fills, ${dropped.toLocaleString('en-US')} dropped (unknown token), ${malformed} malformed`);
      await opts.onFileDone(name);
    }
  } finally {
    await Promise.all([...handles, ...(malformedHandle ? [malformedHandle] : [])].map((h) => h.close()));
  }
  p.done = true;
}
