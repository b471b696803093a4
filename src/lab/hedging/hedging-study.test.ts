import { describe, expect, it } from 'vitest';
import { hedgingStudy } from './hedging-study.js';

describe('hedging study', () => {
  it('hedging reduces P&L dispersion; delta–gamma below delta', async () => {
    const r = await hedgingStudy.run({ paths: 40 });
    expect(Number(r.summary['P&L sd delta'])).toBeLessThan(0.2 * Number(r.summary['P&L sd unhedged']));
    expect(Number(r.summary['P&L sd delta–gamma'])).toBeLessThan(Number(r.summary['P&L sd delta']));
    expect(Number(r.summary['min-variance ratio h*'])).toBeCloseTo(0.8, 1);
  });
  it('computes hedge ratios on two recorded series', async () => {
    const t = Array.from({ length: 200 }, (_, i) => i * 60_000);
    const b = t.map((_, i) => 100 * Math.exp(0.01 * Math.sin(i * 1.3) + 0.002 * i));
    const a = b.map((x, i) => x * Math.exp(0.001 * Math.cos(i * 7.1)));
    const r = await hedgingStudy.run({ paths: 10 }, { series: { a: { t, v: a }, b: { t, v: b } } });
    expect(Number(r.summary['min-variance ratio h*'])).toBeGreaterThan(0.8);
  });
});
