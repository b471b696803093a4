/**
 * Stage 3 of the fill reconstruction: merge the buckets' time-sorted frame parts into one
 * recording (format v1, gzip) in block-time order with a streaming k-way merge, join the error
 * parts into `error.jsonl`, and write the catalog snapshot (`catalogs.jsonl`: the outcome
 * instruments of every traded market) that a hermetic `arbiter backtest` reads beside the
 * recording. Each output is written to a temporary name and renamed, so a crash leaves no half file.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { CATALOG_SNAPSHOTS_FILE } from '../../../backtest/catalog-snapshots.js';
import type { Instrument } from '../../../domain/instrument.js';
import { formatRecordingHeader } from '../../../store/recording/recording-format.js';
import { toOutcomeInstruments, type PolymarketMarket } from '../catalog/map-market.js';
import { errorsPartPath, framesPartPath } from './process-bucket.js';

export const RECORDING_FILE = 'polymarket-trades.jsonl.gz';
export const ERROR_FILE = 'error.jsonl';

interface Head {
  ms: number;
  vid: bigint;
  source: number;
  line: string;
  next: AsyncIterator<string>;
}

function before(a: Head, b: Head): boolean {
  if (a.ms !== b.ms) return a.ms < b.ms;
  if (a.vid !== b.vid) return a.vid < b.vid;
  return a.source < b.source;
}

function parseKeyed(text: string, source: number, next: AsyncIterator<string>): Head {
  const t1 = text.indexOf('\t');
  const t2 = text.indexOf('\t', t1 + 1);
  return { ms: Number(text.slice(0, t1)), vid: BigInt(text.slice(t1 + 1, t2)), source, line: text.slice(t2 + 1), next };
}

/** Yields the record lines of all frame parts in (block time, vid, bucket) order. */
async function* mergeParts(paths: readonly string[]): AsyncGenerator<string> {
  const heap: Head[] = [];
  const push = (h: Head): void => {
    heap.push(h);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = (): Head => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  const advance = async (next: AsyncIterator<string>, source: number): Promise<void> => {
    for (;;) {
      const r = await next.next();
      if (r.done === true) return;
      if (r.value.length > 0) {
        push(parseKeyed(r.value, source, next));
        return;
      }
    }
  };
  for (let i = 0; i < paths.length; i++) {
    await advance(createInterface({ input: createReadStream(paths[i]!), crlfDelay: Infinity })[Symbol.asyncIterator](), i);
  }
  while (heap.length > 0) {
    const h = pop();
    yield h.line;
    await advance(h.next, h.source);
  }
}

export interface FinalizeResult {
  readonly frames: number;
  readonly firstTradeMs: number | null;
}

export async function finalizeFills(opts: {
  readonly outDir: string;
  readonly workDir: string;
  readonly buckets: number;
  readonly markets: ReadonlyMap<string, PolymarketMarket>;
  readonly nowMs: number;
}): Promise<FinalizeResult> {
  const { outDir, workDir } = opts;
  const parts = Array.from({ length: opts.buckets }, (_, b) => b);
  let frames = 0;
  let firstTradeMs: number | null = null;
  const recordingTmp = join(outDir, `${RECORDING_FILE}.tmp`);
  async function* recordingText(): AsyncGenerator<string> {
    yield `${formatRecordingHeader({ createdAtMs: opts.nowMs, source: 'arbiter data polymarket-fills' })}\n`;
    let batch: string[] = [];
    for await (const line of mergeParts(parts.map((b) => framesPartPath(workDir, b)))) {
      if (firstTradeMs === null) firstTradeMs = (JSON.parse(line) as { tsLocal: number }).tsLocal;
      frames++;
      batch.push(line);
      if (batch.length >= 4096) {
        yield `${batch.join('\n')}\n`;
        batch = [];
      }
    }
    if (batch.length > 0) yield `${batch.join('\n')}\n`;
  }
  await pipeline(Readable.from(recordingText()), createGzip({ level: 6 }), createWriteStream(recordingTmp));

  const errorsTmp = join(outDir, `${ERROR_FILE}.tmp`);
  const errorsOut = await open(errorsTmp, 'w');
  try {
    for (const b of parts) {
      for await (const chunk of createReadStream(errorsPartPath(workDir, b))) await errorsOut.write(chunk as Buffer);
    }
  } finally {
    await errorsOut.close();
  }

  const traded = (await readdir(outDir)).filter((name) => /^0x[0-9a-fA-F]{64}\.jsonl$/.test(name)).map((name) => name.slice(0, -'.jsonl'.length)).sort();
  const instruments: Instrument[] = [];
  for (const cid of traded) {
    const market = opts.markets.get(cid);
    if (market) instruments.push(...toOutcomeInstruments(market));
  }
  const catalogsTmp = join(outDir, `${CATALOG_SNAPSHOTS_FILE}.tmp`);
  await writeFile(catalogsTmp, `${JSON.stringify({ venue: 'polymarket', tsMs: firstTradeMs ?? 0, instruments })}\n`);

  await rename(recordingTmp, join(outDir, RECORDING_FILE));
  await rename(errorsTmp, join(outDir, ERROR_FILE));
  await rename(catalogsTmp, join(outDir, CATALOG_SNAPSHOTS_FILE));
  return { frames, firstTradeMs };
}
