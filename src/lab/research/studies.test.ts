import { describe, expect, it } from 'vitest';
import { meanReversionStudy } from '../mean-reversion/mean-reversion-study.js';
import { pcaStudy } from '../pca/pca-study.js';
import { pairsStudy } from '../stat-arb/pairs-study.js';
import type { Study } from '../studies/study.js';
import { backtestMetricsStudy } from './backtest-metrics-study.js';

const cases: Array<[string, Study, Record<string, number | string>]> = [
  ['pairs', pairsStudy, { bars: 1200, window: 150 }],
  ['pca', pcaStudy, { bars: 500 }],
  ['mean-reversion', meanReversionStudy, { bars: 1200, assets: 5, cardinality: 2 }],
  ['backtest-metrics', backtestMetricsStudy, { bars: 400 }],
];

describe('research studies', () => {
  it.each(cases)('%s runs with small parameters and returns finite headline numbers, tables and charts', async (_name, study, params) => {
    const r = await study.run(params);
    expect(Object.keys(r.summary).length).toBeGreaterThan(3);
    for (const v of Object.values(r.summary)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    expect(r.tables.length).toBeGreaterThan(0);
    for (const t of r.tables) for (const row of t.rows) expect(row.length).toBe(t.columns.length);
    for (const c of r.charts) for (const s of c.series) expect(s.x.length).toBe(s.y.length);
  });

  it('pairs finds the planted cointegration, and parameters are checked by name', async () => {
    const r = await pairsStudy.run({ bars: 2000, window: 150 });
    expect(r.summary.cointegrated).toBe('yes (5%)');
    expect(r.summary['EG β (in sample)']).toBeCloseTo(1.2, 0);
    expect(() => pairsStudy.run({ window: 5000, bars: 1200 })).toThrow(/window/);
    expect(() => pairsStudy.run({ entryZ: 0.3 })).toThrow(/exitZ/);
  });

  it('pairs accepts recorded series y and x', async () => {
    const { syntheticPair } = await import('../stat-arb/synthetic-pair.js');
    const p = syntheticPair({ bars: 600, seed: 4 });
    const t = Array.from({ length: 600 }, (_, i) => 1_700_000_000_000 + i * 86_400_000);
    const r = await pairsStudy.run({ window: 100 }, { series: { y: { t, v: Array.from(p.y) }, x: { t, v: Array.from(p.x) } } });
    expect(r.charts[0]!.timeAxis).toBe(true);
  });

  it('mean-reversion: the sparse basket reverts faster than the PCA baseline on the planted data', async () => {
    const r = await meanReversionStudy.run({ bars: 2000, assets: 6, cardinality: 2 });
    expect(r.summary['sparse support']).toBe('A0, A1');
    expect(Number(r.summary['ν sparse'])).toBeLessThan(Number(r.summary['ν PCA baseline']));
  });
});
