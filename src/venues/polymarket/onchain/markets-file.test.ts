import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf, loadMarketsFile } from './markets-file.js';

const C1 = `0x${'1'.repeat(64)}`;
const C2 = `0x${'2'.repeat(64)}`;
const market = (cid: string, tokens: string[]): string =>
  JSON.stringify({ condition_id: cid, question: 'Will it?', end_date_iso: '2026-01-01T00:00:00Z', minimum_tick_size: 0.01, tokens: tokens.map((t, i) => ({ token_id: t, outcome: i === 0 ? 'Yes' : 'No' })) });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-markets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(lines: string[]): Promise<Awaited<ReturnType<typeof loadMarketsFile>>> {
  const path = join(dir, 'markets.jsonl');
  await writeFile(path, `${lines.join('\n')}\n`);
  return loadMarketsFile(path);
}

describe('loadMarketsFile', () => {
  it('maps each token to its condition id and skips markets without ids', async () => {
    const index = await load([market(C1, ['11', '12']), '', market('', ['13', '14']), market(C2, ['', '']), market(C2, ['0021', '22'])]);
    expect([...index.tokens]).toEqual([['11', C1], ['12', C1], ['21', C2], ['22', C2]]);
    expect(index.skipped).toBe(2);
    expect(index.markets.get(C1)?.tokens.map((t) => t.outcome)).toEqual(['Yes', 'No']);
  });

  it('names the line of each problem', async () => {
    const path = join(dir, 'markets.jsonl');
    await expect(load([market(C1, ['11', '12']), market(C2, ['21', '22', '23'])])).rejects.toThrow(`${path}:2: market ${C2} has 3 tokens; a binary market has 2`);
    await expect(load([market(C1, ['11', '12']), market(C1, ['21', '22'])])).rejects.toThrow(`${path}:2: duplicate condition id ${C1} (first on line 1)`);
    await expect(load([market(C1, ['11', '12']), '', market(C2, ['12', '22'])])).rejects.toThrow(`${path}:3: duplicate token id 12 (first on line 1)`);
    await expect(load(['{"condition_id":'])).rejects.toThrow(`${path}:1: not valid JSON`);
    await expect(load([JSON.stringify({ condition_id: C1 })])).rejects.toThrow(`${path}:1: not a CLOB market`);
    await expect(load([market('../../etc', ['1', '2'])])).rejects.toThrow(`${path}:1: condition id is not 0x + 64 hex digits`);
    await expect(load([market(C1, ['0x12', '13'])])).rejects.toThrow(`${path}:1: token id is not a decimal integer`);
    await expect(loadMarketsFile(join(dir, 'missing.jsonl'))).rejects.toThrow(/cannot read markets file .*ENOENT/);
  });

  it('spreads markets over buckets deterministically (MD5 mod n)', () => {
    expect(bucketOf(C1, 1)).toBe(0);
    expect(bucketOf(C1, 7)).toBe(bucketOf(C1, 7));
    const seen = new Set(Array.from({ length: 64 }, (_, i) => bucketOf(`0x${i.toString(16).padStart(64, '0')}`, 4)));
    expect(seen).toEqual(new Set([0, 1, 2, 3]));
  });
});
