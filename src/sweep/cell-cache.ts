/** The sweep's result cache: `<dir>/<hash>.json` per finished cell, written atomically. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CellSpec } from './cell-spec.js';
import type { CellResult } from './run-cell.js';

export interface CachedCell {
  readonly hash: string;
  readonly spec: CellSpec;
  readonly result: CellResult;
}

export class CellCache {
  constructor(readonly dir: string) {}

  path(hash: string): string {
    return join(this.dir, `${hash}.json`);
  }

  /** The cached result, or undefined when absent or unreadable (a torn file is simply recomputed). */
  async get(hash: string): Promise<CellResult | undefined> {
    try {
      const cached = JSON.parse(await readFile(this.path(hash), 'utf8')) as CachedCell;
      return cached.hash === hash ? cached.result : undefined;
    } catch {
      return undefined;
    }
  }

  async put(hash: string, spec: CellSpec, result: CellResult): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.path(hash)}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ hash, spec, result } satisfies CachedCell, null, 1)}\n`);
    await rename(tmp, this.path(hash));
  }
}
