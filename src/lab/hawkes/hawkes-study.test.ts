import { describe, expect, it } from 'vitest';
import { hawkesStudy } from './hawkes-study.js';
import { simulateHawkes } from './hawkes.js';

describe('hawkes study', () => {
  it('prefers Hawkes over Poisson on clustered synthetic arrivals', async () => {
    const r = await hawkesStudy.run({ horizon: 2000 });
    expect(Number(r.summary['LR statistic 2Δℓ'])).toBeGreaterThan(20);
    expect(Number(r.summary['KS p-value (Hawkes)'])).toBeGreaterThan(0.01);
    expect(r.charts[0]!.series[0]!.x.length).toBeGreaterThan(100);
  });
  it('fits recorded trade times (epoch ms)', async () => {
    const times = simulateHawkes({ mu: 1, alpha: 0.5, beta: 1 }, 1500, 2);
    const t = Array.from(times, (s) => 1.7e12 + s * 1000);
    const r = await hawkesStudy.run({}, { series: { trades: { t, v: t.map(() => 1) } } });
    expect(Number(r.summary['branching ratio α/β'])).toBeGreaterThan(0.3);
    expect(r.charts[0]!.timeAxis).toBe(true);
  });
  it('names a bad parameter', () => {
    expect(() => hawkesStudy.run({ alpha: 3, beta: 2 })).toThrow(/alpha/);
    expect(() => hawkesStudy.run({ mu: -1 })).toThrow(/mu/);
  });
});
