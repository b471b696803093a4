/**
 * Study `mean-reversion`: d'Aspremont (2011) on a basket. In sample (first half): VAR(1), Box–Tiao
 * dense portfolio, greedy sparse portfolio of `cardinality` assets, and a PCA baseline (the smallest-
 * variance principal component of the price levels). Each basket: predictability ν, OU fit of its
 * value; out of sample (second half): CARA-sized trading with costs, rebalanced every
 * `rebalanceEvery` bars, and Bertram-threshold trading. Synthetic: `syntheticBasket`; recorded: all
 * series as price levels aligned by index.
 */
import { ArbiterError } from '../../domain/errors.js';
import { resolveStudyParams } from '../report/study-params.js';
import { sampleCovariance, symmetricEigen } from '../research/linear-algebra.js';
import { chartIndices, METRIC_COLUMNS, metricRow } from '../research/study-series.js';
import { fitOU, type OuFit } from '../stat-arb/fit-ou.js';
import type { Study, StudyData, StudyResult } from '../studies/study.js';
import { basketBacktest } from './basket-backtest.js';
import { boxTiaoDense, fitVar1, greedySparseBoxTiao, predictability } from './box-tiao.js';
import { syntheticBasket } from './synthetic-basket.js';

function recordedLevels(data: StudyData): { prices: Float64Array; names: string[]; bars: number } {
  const entries = Object.entries(data.series);
  if (entries.length < 2) throw new ArbiterError('ARB_INPUT_INVALID', 'mean-reversion: recorded data needs at least two series');
  const bars = Math.min(...entries.map(([, s]) => s.v.length));
  if (bars < 100) throw new ArbiterError('ARB_INPUT_INVALID', `mean-reversion: series need at least 100 aligned points, got ${bars}`);
  const n = entries.length;
  const prices = new Float64Array(bars * n);
  entries.forEach(([, s], i) => { for (let t = 0; t < bars; t++) prices[t * n + i] = s.v[t]!; });
  return { prices, names: entries.map(([k]) => k), bars };
}

export const meanReversionStudy: Study = {
  name: 'mean-reversion',
  title: "Mean-reverting baskets (d'Aspremont 2011)",
  description: 'Sparse mean-reverting portfolios by Box–Tiao predictability with a greedy search, against the dense optimum and a PCA baseline; OU fit, CARA sizing with costs and Bertram thresholds out of sample.',
  params: [
    { key: 'bars', label: 'Bars', kind: 'integer', default: 3000, min: 200, max: 100_000, help: 'synthetic data only' },
    { key: 'assets', label: 'Assets', kind: 'integer', default: 8, min: 2, max: 40, help: 'synthetic data only' },
    { key: 'seed', label: 'Seed', kind: 'integer', default: 21, min: 0, max: 2 ** 31 },
    { key: 'cardinality', label: 'Sparse basket size k', kind: 'integer', default: 3, min: 1, max: 40 },
    { key: 'gamma', label: 'CARA risk aversion γ (per $)', kind: 'number', default: 0.01, min: 1e-6, max: 100 },
    { key: 'feeBps', label: 'Fee (bp of notional)', kind: 'number', default: 2, min: 0, max: 500 },
    { key: 'rebalanceEvery', label: 'Rebalance every (bars)', kind: 'integer', default: 1, min: 1, max: 1000 },
    { key: 'periodsPerYear', label: 'Bars per year', kind: 'number', default: 365, min: 1, max: 525_600, help: '365 daily crypto, 252 daily markets' },
  ],
  run(params, data): StudyResult {
    const p = resolveStudyParams(meanReversionStudy, params);
    const src = data ? recordedLevels(data) : (() => {
      const s = syntheticBasket({ bars: Number(p.bars), assets: Number(p.assets), seed: Number(p.seed) });
      return { prices: s.prices, names: Array.from({ length: Number(p.assets) }, (_, i) => `A${i}`), bars: Number(p.bars) };
    })();
    const n = src.names.length;
    const k = Number(p.cardinality);
    if (k > n) throw new ArbiterError('ARB_INPUT_INVALID', `mean-reversion: parameter "cardinality" (${k}) exceeds the number of assets (${n})`);
    const half = Math.floor(src.bars / 2);
    const ins = src.prices.subarray(0, half * n);
    const fit = fitVar1(ins, half, n);
    const { cov } = sampleCovariance(ins, half, n);
    const eig = symmetricEigen(cov, n);
    const last = Float64Array.from({ length: n }, (_, i) => eig.vectors[i * n + n - 1]!);
    const gross = last.reduce((s, v) => s + Math.abs(v), 0);
    const big = last.reduce((b, v) => (Math.abs(v) > Math.abs(b) ? v : b), 0);
    const pcaW = last.map((v) => (v * Math.sign(big)) / gross);
    const baskets = [
      { name: `greedy sparse (k = ${k})`, weights: greedySparseBoxTiao(fit, k).weights },
      { name: 'Box–Tiao dense', weights: boxTiaoDense(fit).weights },
      { name: 'PCA baseline (smallest-variance PC of levels)', weights: pcaW },
    ];
    const value = (w: ArrayLike<number>, t: number): number => { let v = 0; for (let i = 0; i < n; i++) v += w[i]! * src.prices[t * n + i]!; return v; };
    const common = { prices: src.prices, assets: n, startBar: half, periodsPerYear: Number(p.periodsPerYear), feeRate: Number(p.feeBps) / 10_000, gamma: Number(p.gamma), rebalanceEvery: Number(p.rebalanceEvery) };
    const rows: Array<Array<string | number | null>> = [];
    const basketRows: Array<Array<string | number | null>> = [];
    const equitySeries: { name: string; x: number[]; y: number[] }[] = [];
    const idx = chartIndices(src.bars - half).map((i) => i + half);
    for (const b of baskets) {
      const v = Float64Array.from({ length: half }, (_, t) => value(b.weights, t));
      let ou: OuFit | null = null;
      try { ou = fitOU(v, 1); } catch { ou = null; }
      basketRows.push([b.name, predictability(fit, b.weights), ou?.theta ?? null, ou?.halfLife ?? null, ou?.stationaryStd ?? null, b.weights.reduce((c, w) => c + (Math.abs(w) > 1e-12 ? 1 : 0), 0)]);
      if (!ou) { rows.push([`${b.name}: not mean-reverting in sample`, ...Array<null>(METRIC_COLUMNS.length - 1).fill(null)]); continue; }
      const cara = basketBacktest({ ...common, weights: b.weights, ou, mode: 'cara' });
      rows.push(metricRow(`${b.name}: CARA`, cara));
      try {
        rows.push(metricRow(`${b.name}: Bertram`, basketBacktest({ ...common, weights: b.weights, ou, mode: 'bertram' })));
      } catch (error) {
        rows.push([`${b.name}: Bertram — ${error instanceof Error ? error.message : String(error)}`, ...Array<null>(METRIC_COLUMNS.length - 1).fill(null)]);
      }
      equitySeries.push({ name: `${b.name} CARA`, x: idx, y: idx.map((t) => cara.equity[t]!) });
    }
    const w0 = baskets[0]!.weights;
    const all = chartIndices(src.bars);
    return {
      summary: {
        assets: n,
        'in-sample bars': half,
        'sparse support': src.names.filter((_, i) => Math.abs(w0[i]!) > 1e-12).join(', '),
        'ν sparse': basketRows[0]![1]!,
        'ν dense': basketRows[1]![1]!,
        'ν PCA baseline': basketRows[2]![1]!,
        'half-life sparse (bars)': basketRows[0]![3] ?? null,
      },
      tables: [
        { title: 'Baskets (in sample)', columns: ['basket', 'predictability ν', 'OU θ (per bar)', 'half-life (bars)', 'stationary sd', 'assets used'], rows: basketRows },
        { title: 'Weights (unit gross exposure)', columns: ['asset', ...baskets.map((b) => b.name)], rows: src.names.map((name, i) => [name, ...baskets.map((b) => b.weights[i]!)]) },
        { title: 'Out-of-sample trading', columns: [...METRIC_COLUMNS], rows },
      ],
      charts: [
        { title: 'Basket values', xLabel: 'bar', yLabel: 'value', series: baskets.map((b) => ({ name: b.name, x: all, y: all.map((t) => value(b.weights, t)) })) },
        { title: 'Equity, CARA sizing (out of sample)', xLabel: 'bar', yLabel: 'equity', series: equitySeries },
      ],
    };
  },
};
