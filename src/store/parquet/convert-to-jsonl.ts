/**
 * `arbiter data convert --to jsonl`: a data catalog's frames back to a recording (format v1), in
 * replay order. Each line is written as the recording writer writes it, with the stored frame text
 * spliced in unchanged, so frames come back byte for byte.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { formatRecordingHeader } from '../recording/recording-format.js';
import { openDuck, readManifest, tableScan } from './catalog-layout.js';

export interface ConvertToJsonlOptions {
  readonly catalog: string;
  /** The recording to write; gzip when it ends in `.gz`. */
  readonly out: string;
  readonly now?: () => number;
}

/**
 * @returns the number of frame records written.
 * @throws ArbiterError `ARB_INPUT_FILE` when `catalog` is not a data catalog.
 */
export async function convertToJsonl(options: ConvertToJsonlOptions): Promise<number> {
  const manifest = await readManifest(options.catalog);
  const duck = await openDuck();
  let written = 0;
  async function* lines(): AsyncGenerator<string> {
    yield `${formatRecordingHeader({ createdAtMs: (options.now ?? Date.now)(), source: `arbiter data convert (from ${options.catalog})` })}\n`;
    if (manifest.records === 0) return;
    const result = await duck.connection.stream(`SELECT venue, ts_local, ts_venue, frame FROM ${tableScan(options.catalog, 'frames')} ORDER BY seq`);
    for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const [venue, tsLocal, tsVenue, frame] = [0, 1, 2, 3].map((c) => chunk.getColumnVector(c));
      let text = '';
      for (let r = 0; r < chunk.rowCount; r++) {
        const tv = tsVenue!.getItem(r) as number | null;
        text += `{"venue":${JSON.stringify(venue!.getItem(r))},"tsLocal":${JSON.stringify(tsLocal!.getItem(r))},"tsVenue":${JSON.stringify(tv)},"frame":${frame!.getItem(r) as string}}\n`;
        written++;
      }
      yield text;
    }
  }
  try {
    const file = createWriteStream(options.out);
    await once(file, 'open');
    if (options.out.endsWith('.gz')) await pipeline(Readable.from(lines()), createGzip(), file);
    else await pipeline(Readable.from(lines()), file);
  } finally {
    duck.close();
  }
  return written;
}
