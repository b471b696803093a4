import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { bsGreeks } from '../../pricing/index.js';
import { betaHedge, minimumVarianceHedge, rollingHedgeRatio } from './hedge-ratios.js';
import { backtestOptionHedge, gbmPath, type OptionLeg } from './option-hedging.js';

function correlated(n: number, h: number, noise: number, seed: number): { s: number[]; f: number[] } {
  const rng = new SeededRandom(seed);
  const f: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = 0.01 * rng.nextGaussian();
    f.push(x);
    s.push(0.0002 + h * x + noise * rng.nextGaussian());
  }
  return { s, f };
}

describe('hedge ratios', () => {
  it('min-variance ratio and effectiveness match h and ρ² of the generating process', () => {
    const { s, f } = correlated(20000, 0.8, 0.006, 1);
    const r = minimumVarianceHedge(s, f);
    expect(r.ratio).toBeCloseTo(0.8, 1.5);
    const rho2 = (0.8 * 0.8 * 1e-4) / (0.8 * 0.8 * 1e-4 + 0.006 * 0.006); // 0.64
    expect(r.effectiveness).toBeCloseTo(rho2, 1.5);
    expect(r.effectiveness).toBeCloseTo(r.correlation ** 2, 12);
  });
  it('beta hedge is exact on a noiseless line and reports the hedge notional', () => {
    const m = [0.01, -0.02, 0.005, 0.03, -0.01];
    const a = m.map((x) => 0.001 + 1.5 * x);
    const b = betaHedge(a, m, 1000);
    expect(b.beta).toBeCloseTo(1.5, 12);
    expect(b.alpha).toBeCloseTo(0.001, 12);
    expect(b.rSquared).toBeCloseTo(1, 12);
    expect(b.hedgeNotional).toBeCloseTo(-1500, 9);
  });
  it('rolling ratio is causal (NaN until a full window)', () => {
    const { s, f } = correlated(50, 0.5, 0.001, 2);
    const r = rollingHedgeRatio(s, f, 20);
    expect(Number.isNaN(r[19]!)).toBe(true);
    expect(r[20]).toBeCloseTo(minimumVarianceHedge(s.slice(0, 20), f.slice(0, 20)).ratio, 12);
  });
  it('rejects mismatched input', () => {
    expect(() => minimumVarianceHedge([1, 2, 3], [1, 2])).toThrow(/lengths differ/);
    expect(() => betaHedge([1, 2, 3], [1, 1, 1])).toThrow(/zero variance/);
  });
});

describe('option hedging backtest', () => {
  const sigma = 0.6;
  const T = 30 / 365;
  const steps = 100;
  const dt = T / steps;
  const book: OptionLeg[] = [{ type: 'call', strike: 60000, expiry: T, quantity: -1 }];
  const paths = Array.from({ length: 400 }, (_, k) => gbmPath(60000, 0, sigma, dt, steps, new SeededRandom(100 + k)));
  const sd = (xs: number[]): number => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  };

  it('delta-hedged P&L sd matches Derman–Kamal √(π/4)·σ·vega/√N', () => {
    const pnl = paths.map((p) => backtestOptionHedge({ path: p, dt, vol: sigma, book, mode: 'delta' }).finalPnl);
    const vega = bsGreeks({ type: 'call', spot: 60000, strike: 60000, years: T, vol: sigma }).vega;
    const predicted = Math.sqrt(Math.PI / 4) * sigma * vega / Math.sqrt(steps);
    expect(sd(pnl) / predicted).toBeGreaterThan(0.8);
    expect(sd(pnl) / predicted).toBeLessThan(1.2);
    const mean = pnl.reduce((a, b) => a + b, 0) / pnl.length;
    expect(Math.abs(mean)).toBeLessThan(3 * predicted / Math.sqrt(pnl.length));
    const unhedged = paths.map((p) => backtestOptionHedge({ path: p, dt, vol: sigma, book, mode: 'none' }).finalPnl);
    expect(sd(unhedged)).toBeGreaterThan(5 * sd(pnl));
  });

  it('delta–gamma hedging with a longer-dated option cuts the error further and zeroes gamma', () => {
    const gammaHedge = { type: 'call' as const, strike: 60000, expiry: 90 / 365 };
    const sub = paths.slice(0, 150);
    const d = sub.map((p) => backtestOptionHedge({ path: p, dt, vol: sigma, book, mode: 'delta', rebalanceEvery: 5 }).finalPnl);
    const dg = sub.map((p) => backtestOptionHedge({ path: p, dt, vol: sigma, book, mode: 'delta-gamma', rebalanceEvery: 5, gammaHedge }));
    expect(sd(dg.map((r) => r.finalPnl))).toBeLessThan(0.6 * sd(d));
    expect(Math.abs(dg[0]!.residualGamma)).toBeLessThan(1e-12);
  });

  it('charges Deribit-style fees and P&L falls by exactly the costs', () => {
    const p = paths[0]!;
    const free = backtestOptionHedge({ path: p, dt, vol: sigma, book, mode: 'delta' });
    const paid = backtestOptionHedge({ path: p, dt, vol: sigma, book, mode: 'delta', spotFeeRate: 0.0005, optionFeeRate: 0.0003 });
    expect(paid.costs).toBeGreaterThan(0);
    expect(paid.spotTraded).toBeCloseTo(free.spotTraded, 12);
    expect(free.finalPnl - paid.finalPnl).toBeCloseTo(paid.costs, 6);
  });

  it('rejects a delta-gamma run without a hedge option', () => {
    expect(() => backtestOptionHedge({ path: [1, 2], dt: 0.1, vol: 0.5, book, mode: 'delta-gamma' })).toThrow(/gammaHedge/);
  });
});
