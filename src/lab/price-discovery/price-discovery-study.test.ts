import { describe, expect, it } from 'vitest';
import { priceDiscoveryStudy } from './price-discovery-study.js';
import { simulateTwoVenues } from './price-discovery.js';

describe('price-discovery study', () => {
  it('attributes discovery to the venue that does not adjust', async () => {
    const r = await priceDiscoveryStudy.run({ a1: 0, a2: 0.3, n: 5000 });
    expect(Number(r.summary['CS venue A'])).toBeGreaterThan(0.9);
    expect(Number(r.summary['IS venue A (mid)'])).toBeGreaterThan(0.85);
  });
  it('aligns recorded venue mids by time', async () => {
    const [y1, y2] = simulateTwoVenues({ n: 3000, a1: 0.3, a2: 0, s1: 1e-4, s2: 1e-4, rho: 0, seed: 1 });
    const t = Array.from(y1, (_, i) => i * 1000);
    const r = await priceDiscoveryStudy.run({ lags: 1 }, { series: { kraken: { t, v: Array.from(y1, Math.exp) }, coinbase: { t: t.map((x) => x + 10), v: Array.from(y2, Math.exp) } } });
    expect(Number(r.summary['CS coinbase'])).toBeGreaterThan(0.85);
  });
});
