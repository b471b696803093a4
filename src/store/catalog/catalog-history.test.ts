import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../domain/instrument.js';
import { silentLogger } from '../../engine/logger.js';
import { AsOfCatalogSource, CachedCatalogSource } from './cached-catalog-source.js';
import { CatalogHistory } from './catalog-history.js';

const option = (symbol: string, tickSize = 0.0005): Instrument => ({
  venue: 'deribit', symbol, kind: 'option', underlying: 'BTC', expiryMs: 1, strike: 1, right: 'call', settlement: 'inverse', priceCurrency: 'BTC', tickSize,
});
const symbols = (list: readonly Instrument[]): string[] => list.map((i) => i.symbol);

describe('CatalogHistory', () => {
  it('answers asOf(t) with the catalog valid at t and diffs any two times', () => {
    const h = new CatalogHistory(':memory:');
    expect(h.record('deribit', [option('A'), option('B')], 100)).toMatchObject({ added: [{ symbol: 'A' }, { symbol: 'B' }], removed: [], changed: [] });
    const d = h.record('deribit', [option('B', 0.001), option('C')], 200);
    expect(symbols(d.added)).toEqual(['C']);
    expect(symbols(d.removed)).toEqual(['A']);
    expect(d.changed.map((c) => [c.before.tickSize, c.after.tickSize])).toEqual([[0.0005, 0.001]]);
    expect(h.record('deribit', [option('B', 0.001), option('C')], 300)).toEqual({ added: [], removed: [], changed: [] });

    expect(symbols(h.asOf('deribit', 50))).toEqual([]);
    expect(symbols(h.asOf('deribit', 100))).toEqual(['A', 'B']);
    expect(symbols(h.asOf('deribit', 199))).toEqual(['A', 'B']);
    expect(h.asOf('deribit', 199).find((i) => i.symbol === 'B')?.tickSize).toBe(0.0005);
    expect(symbols(h.asOf('deribit', 200))).toEqual(['B', 'C']);
    expect(h.asOf('deribit', 250).find((i) => i.symbol === 'B')?.tickSize).toBe(0.001);
    expect(symbols(h.asOf('polymarket', 250))).toEqual([]);

    const between = h.diff('deribit', 150, 250);
    expect(symbols(between.added)).toEqual(['C']);
    expect(symbols(between.removed)).toEqual(['A']);
    expect(between.changed).toHaveLength(1);
    expect(h.lastRefresh('deribit')).toBe(300);
    expect(() => h.record('deribit', [], 10)).toThrow(/older than the last one/);
  });

  it('persists across reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arbiter-catalog-'));
    try {
      const path = join(dir, 'catalog.sqlite');
      const a = new CatalogHistory(path);
      a.record('deribit', [option('A')], 100);
      a.close();
      const b = new CatalogHistory(path);
      expect(symbols(b.asOf('deribit', 150))).toEqual(['A']);
      b.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports an unopenable database clearly', () => {
    expect(() => new CatalogHistory('/nonexistent-dir/x/catalog.sqlite')).toThrow(/cannot open catalog database/);
  });
});

describe('CachedCatalogSource', () => {
  it('fetches on a first run, serves the store while fresh, and falls back to it when the venue fails', async () => {
    const h = new CatalogHistory(':memory:');
    let now = 1_000;
    let calls = 0;
    let fail = false;
    const remote = { venue: 'deribit' as const, load: async () => { calls++; if (fail) throw new Error('HTTP 503'); return [option(`X${calls}`)]; } };
    const source = new CachedCatalogSource(remote, h, { staleAfterMs: 3_600_000, now: () => now, logger: silentLogger });
    expect(symbols(await source.load())).toEqual(['X1']);
    now += 1_000;
    expect(symbols(await source.load())).toEqual(['X1']);
    expect(calls).toBe(1);
    now += 3_600_000;
    fail = true;
    expect(symbols(await source.load())).toEqual(['X1']);
    expect(calls).toBe(2);
    fail = false;
    expect(symbols(await source.load())).toEqual(['X3']);
    const replay = new AsOfCatalogSource('deribit', h, () => 1_500);
    expect(symbols(await replay.load())).toEqual(['X1']);
  });

  it('fails a first run with an empty store when the venue fails', async () => {
    const source = new CachedCatalogSource({ venue: 'deribit', load: async () => { throw new Error('down'); } }, new CatalogHistory(':memory:'), { staleAfterMs: 1, now: () => 0, logger: silentLogger });
    await expect(source.load()).rejects.toThrow('down');
  });
});
