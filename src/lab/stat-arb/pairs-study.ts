/**
 * Study `pairs`: Engle–Granger on the first half (in sample), OU fit of the in-sample spread,
 * Bertram's OU-optimal levels, then z-score trading of the second half (out of sample) with a
 * rolling-OLS and a Kalman hedge ratio, both causal. Synthetic data: `syntheticPair`; recorded:
 * series `y` and `x` (or the first two series), prices > 0, aligned by index.
 */
import { ArbiterError } from '../../domain/errors.js';
import { resolveStudyParams } from '../report/study-params.js';
import { chartIndices, METRIC_COLUMNS, metricRow } from '../research/study-series.js';
import type { Study, StudyData, StudyResult } from '../studies/study.js';
import { engleGranger } from './engle-granger.js';
import { fitOU } from './fit-ou.js';
import { bertramThresholds } from './ou-thresholds.js';
import { pairsBacktest } from './pairs-backtest.js';
import { syntheticPair } from './synthetic-pair.js';

function recordedPair(data: StudyData): { y: Float64Array; x: Float64Array; t: number[] | null } {
  const values = Object.values(data.series);
  const ys = data.series.y ?? values[0];
  const xs = data.series.x ?? values[1];
  if (!ys || !xs || ys === xs) throw new ArbiterError('ARB_INPUT_INVALID', 'pairs: recorded data needs two series (named "y" and "x", or the first two)');
  const n = Math.min(ys.v.length, xs.v.length);
  if (n < 100) throw new ArbiterError('ARB_INPUT_INVALID', `pairs: recorded series need at least 100 aligned points, got ${n}`);
  return { y: Float64Array.from(ys.v.slice(0, n)), x: Float64Array.from(xs.v.slice(0, n)), t: Array.from(ys.t.slice(0, n)) };
}

export const pairsStudy: Study = {
  name: 'pairs',
  title: 'Pairs trading: Engle–Granger, OU and z-score bands',
  description: 'Engle–Granger cointegration (ADF with MacKinnon values) and an OU fit in sample; out-of-sample z-score trading with rolling-OLS and Kalman hedge ratios, fees and slippage; Bertram (2010) OU-optimal levels.',
  params: [
    { key: 'bars', label: 'Bars', kind: 'integer', default: 3000, min: 200, max: 200_000, help: 'synthetic data only' },
    { key: 'seed', label: 'Seed', kind: 'integer', default: 9, min: 0, max: 2 ** 31 },
    { key: 'beta', label: 'True hedge ratio β', kind: 'number', default: 1.2, min: -10, max: 10, help: 'synthetic data only' },
    { key: 'theta', label: 'Spread reversion θ (per bar)', kind: 'number', default: 0.05, min: 0.001, max: 2, help: 'synthetic data only' },
    { key: 'spreadSd', label: 'Spread stationary sd (log)', kind: 'number', default: 0.02, min: 1e-5, max: 1, help: 'synthetic data only' },
    { key: 'window', label: 'Rolling window (bars)', kind: 'integer', default: 250, min: 10, max: 10_000 },
    { key: 'entryZ', label: 'Entry |z|', kind: 'number', default: 2, min: 0.1, max: 10, step: 0.1 },
    { key: 'exitZ', label: 'Exit |z|', kind: 'number', default: 0.5, min: 0, max: 5, step: 0.1 },
    { key: 'feeBps', label: 'Fee (bp of notional)', kind: 'number', default: 5, min: 0, max: 500 },
    { key: 'slippageBps', label: 'Slippage (bp)', kind: 'number', default: 2, min: 0, max: 500 },
    { key: 'periodsPerYear', label: 'Bars per year', kind: 'number', default: 365, min: 1, max: 525_600, help: '365 for daily crypto, 252 for daily markets, 8760 for hourly crypto' },
  ],
  run(params, data): StudyResult {
    const p = resolveStudyParams(pairsStudy, params);
    const pair = data ? recordedPair(data) : { ...syntheticPair({ bars: Number(p.bars), seed: Number(p.seed), beta: Number(p.beta), theta: Number(p.theta), spreadSd: Number(p.spreadSd) }), t: null };
    const n = pair.y.length;
    const half = Math.floor(n / 2);
    const window = Number(p.window);
    if (window >= half) throw new ArbiterError('ARB_INPUT_INVALID', `pairs: parameter "window" (${window}) must be below half the bars (${half})`);
    const entryZ = Number(p.entryZ), exitZ = Number(p.exitZ);
    if (!(exitZ < entryZ)) throw new ArbiterError('ARB_INPUT_INVALID', `pairs: parameter "exitZ" (${exitZ}) must be below entryZ (${entryZ})`);
    const ly = pair.y.map(Math.log), lx = pair.x.map(Math.log);
    const eg = engleGranger(ly.subarray(0, half), lx.subarray(0, half));
    let ou: ReturnType<typeof fitOU> | null = null;
    try { ou = fitOU(eg.residuals, 1); } catch { ou = null; }
    const fee = Number(p.feeBps) / 10_000, slip = Number(p.slippageBps);
    const roundTrip = 2 * (fee + slip / 10_000) * (1 + Math.abs(eg.beta));
    let bertram: ReturnType<typeof bertramThresholds> | null = null;
    try { bertram = ou ? bertramThresholds({ theta: ou.theta, sigma: ou.sigma, cost: roundTrip }) : null; } catch { bertram = null; }
    const oos = { y: pair.y.subarray(half - window), x: pair.x.subarray(half - window) };
    const common = { ...oos, window, entryZ, exitZ, feeRate: fee, slippageBps: slip, periodsPerYear: Number(p.periodsPerYear) };
    const ols = pairsBacktest({ ...common, hedge: 'ols' });
    const kal = pairsBacktest({ ...common, hedge: 'kalman' });
    const idx = chartIndices(ols.equity.length).filter((i) => i >= window);
    const xAt = (i: number): number => (pair.t ? pair.t[half - window + i]! : half - window + i);
    const all = chartIndices(n);
    return {
      summary: {
        'in-sample bars': half,
        'out-of-sample bars': n - half,
        'EG β (in sample)': eg.beta,
        'EG α': eg.alpha,
        'ADF τ of residuals': eg.adf.statistic,
        'ADF p-value (MacKinnon N=2)': eg.adf.pValue,
        '5% critical value': eg.adf.criticalValues['5%'],
        cointegrated: eg.cointegrated ? 'yes (5%)' : 'no (5%)',
        'OU θ (per bar)': ou?.theta ?? null,
        'OU half-life (bars)': ou?.halfLife ?? null,
        'Bertram entry/exit (z)': bertram ? `${bertram.entryZ.toFixed(3)} / ${bertram.exitZ.toFixed(3)}` : null,
        'Sharpe OLS hedge': ols.stats.sharpe,
        'Sharpe Kalman hedge': kal.stats.sharpe,
      },
      tables: [
        { title: 'Out-of-sample z-score trading', columns: [...METRIC_COLUMNS], rows: [metricRow('rolling OLS hedge', ols), metricRow('Kalman hedge', kal)] },
        { title: 'In-sample spread', columns: ['quantity', 'value', 'note'], rows: [
          ['ADF lags (AIC)', eg.adf.lags, 'Schwert max lag'],
          ['ADF 1% / 10% critical values', `${eg.adf.criticalValues['1%'].toFixed(3)} / ${eg.adf.criticalValues['10%'].toFixed(3)}`, 'MacKinnon (2010), N = 2'],
          ['OU μ', ou?.mu ?? null, 'log-spread units'],
          ['OU σ (per √bar)', ou?.sigma ?? null, 'exact discretisation'],
          ['Bertram levels (spread units)', bertram ? `${bertram.entry.toFixed(5)} / ${bertram.exit.toFixed(5)}` : null, `round-trip cost ${roundTrip.toFixed(5)}; symmetric entry, exit on the other side`],
          ['Bertram expected cycle (bars)', bertram?.expectedCycleTime ?? null, 'enter → exit → back to entry'],
        ] },
      ],
      charts: [
        { title: 'Log prices', xLabel: pair.t ? 'time' : 'bar', yLabel: 'ln price', timeAxis: pair.t !== null, series: [
          { name: 'ln y', x: all.map((i) => (pair.t ? pair.t[i]! : i)), y: all.map((i) => ly[i]!) },
          { name: 'ln x', x: all.map((i) => (pair.t ? pair.t[i]! : i)), y: all.map((i) => lx[i]!) },
        ] },
        { title: 'z-score (rolling OLS hedge) and bands', xLabel: pair.t ? 'time' : 'bar', yLabel: 'z', timeAxis: pair.t !== null, series: [
          { name: 'z', x: idx.map(xAt), y: idx.map((i) => ols.z[i]!) },
          { name: '+entry', x: [xAt(window), xAt(ols.z.length - 1)], y: [entryZ, entryZ] },
          { name: '−entry', x: [xAt(window), xAt(ols.z.length - 1)], y: [-entryZ, -entryZ] },
        ] },
        { title: 'Equity (out of sample)', xLabel: pair.t ? 'time' : 'bar', yLabel: 'equity', timeAxis: pair.t !== null, series: [
          { name: 'rolling OLS', x: idx.map(xAt), y: idx.map((i) => ols.equity[i]!) },
          { name: 'Kalman', x: idx.map(xAt), y: idx.map((i) => kal.equity[i]!) },
        ] },
        { title: 'Hedge ratio β', xLabel: pair.t ? 'time' : 'bar', yLabel: 'β', timeAxis: pair.t !== null, series: [
          { name: 'rolling OLS', x: idx.map(xAt), y: idx.map((i) => ols.beta[i]!) },
          { name: 'Kalman', x: idx.map(xAt), y: idx.map((i) => kal.beta[i]!) },
        ] },
      ],
    };
  },
};
