/**
 * k-way merge of recording sources by receive time. A binary heap of sources keyed by
 * (timestamp of the head record, file order); within a file, line order is kept. Ties therefore
 * go to the earlier file, then the earlier line. Refills are the only awaits.
 */
import { ArbiterError } from '../domain/errors.js';
import { isCatalogDir } from '../store/parquet/catalog-layout.js';
import { ParquetRecordSource } from '../store/parquet/parquet-record-source.js';
import { RecordingFileSource, type SourceOptions } from '../store/recording/recording-file-source.js';
import type { RecordSource } from './record-source.js';

/** Opens a recording file, or the events table of a Parquet data catalog when `path` is one. */
async function openSource(path: string, index: number, options: SourceOptions): Promise<RecordSource> {
  return (await isCatalogDir(path)) ? ParquetRecordSource.open(path, index) : RecordingFileSource.open(path, index, options);
}

export class RecordingMerge {
  private heap: RecordSource[] = [];

  private constructor(readonly sources: readonly RecordSource[]) {}

  /**
   * Opens every file (or data catalog directory) before reading any, so a missing or unreadable file fails before anything runs.
   * @throws ArbiterError `ARB_INPUT_FILE` for the first file that cannot be read, or when no file is given.
   */
  static async open(paths: readonly string[], options: SourceOptions = {}): Promise<RecordingMerge> {
    if (paths.length === 0) throw new ArbiterError('ARB_INPUT_FILE', 'no recording files given');
    const opened = await Promise.allSettled(paths.map((p, i) => openSource(p, i, options)));
    const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      for (const r of opened) if (r.status === 'fulfilled') r.value.close();
      throw failed.reason;
    }
    const merge = new RecordingMerge(opened.map((r) => (r as PromiseFulfilledResult<RecordSource>).value));
    for (const s of merge.sources) if (await s.fill()) merge.insert(s);
    return merge;
  }

  /** The source whose head record comes next, or undefined when all are exhausted. */
  peek(): RecordSource | undefined {
    return this.heap[0];
  }

  /**
   * Consumes the head record of `peek()`. Returns a promise only when that source needed a refill
   * (await it before the next `peek`), otherwise undefined.
   */
  advance(): Promise<void> | undefined {
    const top = this.heap[0]!;
    top.pos++;
    if (top.pos < top.count) {
      this.siftDown(0);
      return undefined;
    }
    return top.fill().then((more) => {
      if (more) this.siftDown(0);
      else this.removeTop();
    });
  }

  get totalBytes(): number {
    let n = 0;
    for (const s of this.sources) n += s.sizeBytes;
    return n;
  }

  get bytesRead(): number {
    let n = 0;
    for (const s of this.sources) n += s.bytesRead;
    return n;
  }

  close(): void {
    for (const s of this.sources) s.close();
    this.heap = [];
  }

  private before(a: RecordSource, b: RecordSource): boolean {
    const ta = a.ts[a.pos]!;
    const tb = b.ts[b.pos]!;
    return ta < tb || (ta === tb && a.index < b.index);
  }

  private insert(s: RecordSource): void {
    const h = this.heap;
    h.push(s);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private removeTop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown(0);
    }
  }

  private siftDown(start: number): void {
    const h = this.heap;
    const n = h.length;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      let m = r < n && this.before(h[r]!, h[l]!) ? r : l;
      if (!this.before(h[m]!, h[i]!)) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
      m = 0;
    }
  }
}
