/**
 * Study `hedging`: (1) minimum-variance and beta hedge of one return series with another — synthetic:
 * exposure r_s = 0.8·r_f + ε (documented below), recorded: the first two series (exposure, hedge), on
 * log returns of aligned points; (2) a short BTC-style option straddle hedged with none / delta /
 * delta–gamma (a longer-dated ATM call as the gamma hedge) over seeded GBM paths, Deribit fee shape.
 * Synthetic returns: r_f ~ N(0, 0.01²), r_s = 0.8·r_f + N(0, 0.006²), seed `seed`.
 */
import { ArbiterError } from '../../domain/errors.js';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { resolveStudyParams } from '../report/study-params.js';
import type { Study, StudyData, StudyResult } from '../studies/study.js';
import { betaHedge, minimumVarianceHedge, rollingHedgeRatio } from './hedge-ratios.js';
import { backtestOptionHedge, gbmPath, type HedgeMode, type OptionLeg } from './option-hedging.js';

function alignedReturns(data: StudyData): { t: number[]; a: number[]; b: number[] } {
  const series = Object.values(data.series);
  if (series.length < 2) throw new ArbiterError('ARB_INPUT_INVALID', 'hedging: recorded data needs two series (exposure, hedge)');
  const [x, y] = [series[0]!, series[1]!];
  // Sample y at x's times (last value at or before), then log returns.
  const t: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  let j = 0;
  let prevA = Number.NaN;
  let prevB = Number.NaN;
  for (let i = 0; i < x.t.length; i++) {
    while (j + 1 < y.t.length && y.t[j + 1]! <= x.t[i]!) j++;
    if (y.t[j]! > x.t[i]!) continue;
    const va = x.v[i]!;
    const vb = y.v[j]!;
    if (!(va > 0 && vb > 0)) throw new ArbiterError('ARB_INPUT_INVALID', 'hedging: prices must be > 0 for log returns');
    if (Number.isFinite(prevA)) {
      t.push(x.t[i]!);
      a.push(Math.log(va / prevA));
      b.push(Math.log(vb / prevB));
    }
    prevA = va;
    prevB = vb;
  }
  return { t, a, b };
}

function stats(xs: number[]): { mean: number; sd: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1)) };
}

export const hedgingStudy: Study = {
  name: 'hedging',
  title: 'Hedging: min-variance, beta, delta and delta–gamma',
  description: 'Static hedge ratios on returns, and an options book (short ATM straddle) hedged with the underlying and a longer-dated option, backtested with Deribit-style fees.',
  params: [
    { key: 'spot', label: 'Spot', kind: 'number', default: 60000, min: 1e-6, max: 1e9 },
    { key: 'impliedVol', label: 'Implied (pricing) vol', kind: 'number', default: 0.6, min: 0.01, max: 5 },
    { key: 'realisedVol', label: 'Realised vol', kind: 'number', default: 0.6, min: 0.01, max: 5 },
    { key: 'days', label: 'Book expiry (days)', kind: 'integer', default: 30, min: 1, max: 90 },
    { key: 'rebalancePerDay', label: 'Rebalances per day', kind: 'integer', default: 4, min: 1, max: 24 },
    { key: 'spotFeeBps', label: 'Underlying fee (bp)', kind: 'number', default: 5, min: 0, max: 100, help: 'Deribit perpetual taker 5 bp' },
    { key: 'optionFeeBps', label: 'Option fee (bp of underlying)', kind: 'number', default: 3, min: 0, max: 100, help: 'Deribit options 3 bp, capped at 12.5 % of premium' },
    { key: 'paths', label: 'Paths', kind: 'integer', default: 200, min: 10, max: 500 },
    { key: 'seed', label: 'Seed', kind: 'integer', default: 42, min: 0, max: 2 ** 31 },
  ],
  run(params, data): StudyResult {
    const p = resolveStudyParams(hedgingStudy, params);
    // Part 1: hedge ratios.
    let ret: { t: number[]; a: number[]; b: number[] };
    if (data) ret = alignedReturns(data);
    else {
      const rng = new SeededRandom(Number(p.seed));
      const b = Array.from({ length: 3000 }, () => 0.01 * rng.nextGaussian());
      ret = { t: b.map((_, i) => i), a: b.map((x) => 0.8 * x + 0.006 * rng.nextGaussian()), b };
    }
    const mv = minimumVarianceHedge(ret.a, ret.b);
    const bh = betaHedge(ret.a, ret.b);
    const rolling = rollingHedgeRatio(ret.a, ret.b, Math.min(250, Math.max(3, Math.floor(ret.a.length / 5))));
    // Part 2: options book.
    const S = Number(p.spot);
    const T = Number(p.days) / 365;
    const perDay = Number(p.rebalancePerDay);
    const steps = Number(p.days) * perDay;
    const dt = T / steps;
    const book: OptionLeg[] = [{ type: 'call', strike: S, expiry: T, quantity: -1 }, { type: 'put', strike: S, expiry: T, quantity: -1 }];
    const gammaHedge = { type: 'call' as const, strike: S, expiry: 3 * T };
    const fees = { spotFeeRate: Number(p.spotFeeBps) / 1e4, optionFeeRate: Number(p.optionFeeBps) / 1e4 };
    const modes: HedgeMode[] = ['none', 'delta', 'delta-gamma'];
    const finals: Record<HedgeMode, number[]> = { none: [], delta: [], 'delta-gamma': [] };
    const costs: Record<HedgeMode, number[]> = { none: [], delta: [], 'delta-gamma': [] };
    let sample: Record<HedgeMode, Float64Array> | null = null;
    const nPaths = Number(p.paths);
    for (let k = 0; k < nPaths; k++) {
      const path = gbmPath(S, 0, Number(p.realisedVol), dt, steps, new SeededRandom(Number(p.seed) * 7919 + k));
      const runs = modes.map((mode) => backtestOptionHedge({ path, dt, vol: Number(p.impliedVol), book, mode, gammaHedge, ...fees }));
      runs.forEach((r, i) => {
        finals[modes[i]!].push(r.finalPnl);
        costs[modes[i]!].push(r.costs);
      });
      if (k === 0) sample = { none: runs[0]!.pnl, delta: runs[1]!.pnl, 'delta-gamma': runs[2]!.pnl };
    }
    const rows = modes.map((m) => {
      const s = stats(finals[m]);
      return [m, s.mean, s.sd, stats(costs[m]).mean] as [string, number, number, number];
    });
    const days = Array.from({ length: steps + 1 }, (_, i) => i / perDay);
    return {
      summary: {
        'min-variance ratio h*': mv.ratio,
        'hedging effectiveness (ρ²)': mv.effectiveness,
        'beta': bh.beta,
        'beta s.e.': bh.betaStdError,
        'P&L sd unhedged': rows[0]![2],
        'P&L sd delta': rows[1]![2],
        'P&L sd delta–gamma': rows[2]![2],
        'mean cost delta': rows[1]![3],
        'mean cost delta–gamma': rows[2]![3],
      },
      tables: [
        { title: 'Static hedges (returns)', columns: ['method', 'ratio', 'std error', 'R² / effectiveness', 'hedged variance', 'unhedged variance'], rows: [
          ['minimum variance', mv.ratio, null, mv.effectiveness, mv.hedgedVariance, mv.unhedgedVariance],
          ['beta (OLS with intercept)', bh.beta, bh.betaStdError, bh.rSquared, null, null],
        ] },
        { title: `Short ATM straddle, ${Number(p.days)} d, ${nPaths} paths, expiry P&L`, columns: ['hedge', 'mean P&L', 'sd P&L', 'mean costs'], rows },
      ],
      charts: [
        { title: 'Rolling min-variance hedge ratio (causal)', xLabel: data ? 'time' : 'observation', yLabel: 'h*', timeAxis: Boolean(data), series: [{ name: 'h*', x: ret.t.filter((_, i) => Number.isFinite(rolling[i]!)), y: Array.from(rolling).filter(Number.isFinite) }] },
        { title: 'Mark-to-market P&L, first path', xLabel: 'days', yLabel: 'P&L (quote currency)', series: modes.map((m) => ({ name: m, x: days, y: Array.from(sample![m]) })) },
      ],
    };
  },
};
