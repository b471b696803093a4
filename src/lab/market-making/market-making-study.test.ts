import { describe, expect, it } from 'vitest';
import { marketMakingStudy } from './market-making-study.js';

describe('market-making study', () => {
  it('runs three policies on one replay', async () => {
    const r = await marketMakingStudy.run({ seconds: 300 });
    expect(r.tables[0]!.rows).toHaveLength(3);
    expect(Number(r.summary['trade prints'])).toBeGreaterThan(100);
  });
  it('refuses series data it cannot use', () => {
    expect(() => marketMakingStudy.run({}, { series: {} })).toThrow(/L2 books/);
  });
});
