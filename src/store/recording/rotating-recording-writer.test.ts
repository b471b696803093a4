import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RotatingRecordingWriter } from './rotating-recording-writer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-rotate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const frame = (i: number) => ({ venue: 'deribit' as const, tsLocal: i, tsVenue: null, frame: { n: i, pad: 'x'.repeat(80) } });

async function lines(path: string): Promise<string[]> {
  const raw = await readFile(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text.split('\n').filter((l) => l.length > 0);
}

describe('RotatingRecordingWriter', () => {
  it('rolls over by size, each file a complete recording with a header, nothing lost or reordered', async () => {
    const now = Date.UTC(2026, 0, 5, 12, 0, 0);
    const w = new RotatingRecordingWriter({ dir: join(dir, 'size'), prefix: 'deribit', maxBytes: 1_000, now: () => now });
    for (let i = 0; i < 50; i++) w.write(frame(i));
    await w.close();
    expect(w.files.length).toBeGreaterThan(3);
    expect(w.files[0]).toMatch(/deribit_20260105_120000\.jsonl$/);
    const all: number[] = [];
    for (const f of w.files) {
      const [header, ...rest] = await lines(f);
      expect(JSON.parse(header!)).toMatchObject({ format: 'arbiter-recording', version: 1 });
      for (const l of rest) all.push((JSON.parse(l) as { tsLocal: number }).tsLocal);
    }
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rolls over by age and writes gzip', async () => {
    let now = Date.UTC(2026, 0, 5, 12, 0, 0);
    const w = new RotatingRecordingWriter({ dir: join(dir, 'age'), prefix: 'polymarket', gzip: true, maxAgeMs: 60_000, now: () => now });
    w.write(frame(1));
    w.write(frame(2));
    now += 61_000;
    w.write(frame(3));
    await w.close();
    expect(w.files).toHaveLength(2);
    expect(w.files[1]).toMatch(/polymarket_20260105_120101\.jsonl\.gz$/);
    expect((await lines(w.files[0]!)).length).toBe(3);
    expect((await lines(w.files[1]!)).length).toBe(2);
  });

  it('has flushed what it was given within the flush interval, before close (a crash loses at most that)', async () => {
    const w = new RotatingRecordingWriter({ dir: join(dir, 'flush'), prefix: 'deribit', flushIntervalMs: 50 });
    w.write(frame(1));
    w.write(frame(2));
    const deadline = Date.now() + 3_000;
    let seen = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      if (w.files[0]) seen = (await lines(w.files[0]).catch(() => [])).length;
      if (seen === 3) break;
    }
    expect(seen).toBe(3);
    await w.close();
  });
});

describe('RotatingRecordingWriter on an unwritable directory', () => {
  it('reports the error instead of crashing', async () => {
    const errors: string[] = [];
    // A directory below a regular file cannot be created (ENOTDIR).
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'not a directory');
    const w = new RotatingRecordingWriter({ dir: join(blocker, 'sub'), prefix: 'x', onError: (_e, path) => errors.push(path) });
    w.write(frame(1));
    await w.close();
    expect(errors).toHaveLength(1);
  });
});
