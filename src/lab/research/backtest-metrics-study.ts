/**
 * Study `backtest-metrics`: the research backtester's metrics on a seeded GBM (log-returns
 * N((μ − σ²/2)Δt, σ²Δt), Δt = 1/periodsPerYear) or on a recorded series: buy-and-hold against a
 * long/short moving-average crossover with fees and slippage, and the same equity annualised on
 * the crypto (365) and market (252) calendars to show what the choice does to the numbers.
 */
import { ArbiterError } from '../../domain/errors.js';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { resolveStudyParams } from '../report/study-params.js';
import type { Study, StudyResult } from '../studies/study.js';
import { performanceStats } from './performance-stats.js';
import { runResearchBacktest } from './research-backtest.js';
import { chartIndices, METRIC_COLUMNS, metricRow } from './study-series.js';

export const backtestMetricsStudy: Study = {
  name: 'backtest-metrics',
  title: 'Backtester metrics and annualisation',
  description: 'Buy-and-hold against a long/short moving-average crossover with fees and slippage: total and annual return, volatility, Sharpe, Sortino, max drawdown with dates, Calmar, hit rate, turnover, exposure; 365- vs 252-day annualisation.',
  params: [
    { key: 'bars', label: 'Bars', kind: 'integer', default: 1000, min: 50, max: 1_000_000, help: 'synthetic data only' },
    { key: 'drift', label: 'Drift μ (per year)', kind: 'number', default: 0.1, min: -5, max: 5, help: 'synthetic data only' },
    { key: 'vol', label: 'Volatility σ (per year)', kind: 'number', default: 0.6, min: 0.001, max: 5, help: 'synthetic data only' },
    { key: 'seed', label: 'Seed', kind: 'integer', default: 1, min: 0, max: 2 ** 31 },
    { key: 'fast', label: 'Fast MA (bars)', kind: 'integer', default: 10, min: 1, max: 1000 },
    { key: 'slow', label: 'Slow MA (bars)', kind: 'integer', default: 50, min: 2, max: 5000 },
    { key: 'feeBps', label: 'Fee (bp)', kind: 'number', default: 10, min: 0, max: 500 },
    { key: 'slippageBps', label: 'Slippage (bp)', kind: 'number', default: 5, min: 0, max: 500 },
    { key: 'periodsPerYear', label: 'Bars per year', kind: 'number', default: 365, min: 1, max: 525_600 },
  ],
  run(params, data): StudyResult {
    const p = resolveStudyParams(backtestMetricsStudy, params);
    const ppy = Number(p.periodsPerYear);
    const fast = Number(p.fast), slow = Number(p.slow);
    if (fast >= slow) throw new ArbiterError('ARB_INPUT_INVALID', `backtest-metrics: parameter "fast" (${fast}) must be below slow (${slow})`);
    let price: Float64Array;
    let ts: number[] | undefined;
    if (data) {
      const s = Object.values(data.series)[0];
      if (!s || s.v.length <= slow + 1) throw new ArbiterError('ARB_INPUT_INVALID', `backtest-metrics: recorded data needs a series longer than slow + 1 = ${slow + 1} points`);
      price = Float64Array.from(s.v);
      ts = Array.from(s.t);
    } else {
      const rng = new SeededRandom(Number(p.seed));
      const dt = 1 / ppy, mu = Number(p.drift), sg = Number(p.vol);
      price = new Float64Array(Number(p.bars));
      price[0] = 100;
      for (let t = 1; t < price.length; t++) price[t] = price[t - 1]! * Math.exp((mu - 0.5 * sg * sg) * dt + sg * Math.sqrt(dt) * rng.nextGaussian());
    }
    const costs = { feeRate: Number(p.feeBps) / 10_000, slippageBps: Number(p.slippageBps) };
    const base = { prices: [price], initialCash: 100_000, periodsPerYear: ppy, ...(ts ? { timestamps: ts } : {}) };
    const hold = runResearchBacktest({ ...base, ...costs, target: (v, _pos, eq) => (v.t === 0 ? [(0.99 * eq) / v.price(0, 0)] : null) });
    let side = 0;
    const cross = runResearchBacktest({ ...base, ...costs, target: (v, _pos, eq) => {
      if (v.t < slow - 1) return null;
      let f = 0, s = 0;
      for (let i = 0; i < slow; i++) { const x = v.price(0, v.t - i); s += x; if (i < fast) f += x; }
      const want = f / fast > s / slow ? 1 : -1;
      if (want === side) return null;
      side = want;
      return [(want * 0.5 * eq) / v.price(0, v.t)];
    } });
    const at252 = performanceStats(cross.equity, { periodsPerYear: 252 });
    const at365 = performanceStats(cross.equity, { periodsPerYear: 365 });
    const idx = chartIndices(price.length);
    const xs = idx.map((i) => (ts ? ts[i]! : i));
    const dd = cross.stats;
    return {
      summary: {
        bars: price.length,
        'bars per year': ppy,
        'crossover Sharpe': dd.sharpe,
        'crossover max drawdown': dd.maxDrawdown,
        'drawdown peak → trough (bar)': `${dd.maxDrawdownPeakIndex} → ${dd.maxDrawdownTroughIndex}`,
        'recovered at bar': dd.maxDrawdownRecoveryIndex,
        'buy-and-hold Sharpe': hold.stats.sharpe,
      },
      tables: [
        { title: 'Strategies', columns: [...METRIC_COLUMNS], rows: [metricRow('buy and hold (99% invested)', hold), metricRow(`MA ${fast}/${slow} long/short, 50% notional`, cross)] },
        { title: 'Same crossover equity, two calendars', columns: ['calendar', 'annual return', 'volatility', 'Sharpe', 'Sortino', 'Calmar'], rows: [
          ['365 days (crypto)', at365.annualizedReturn, at365.volatility, at365.sharpe, Number.isFinite(at365.sortino) ? at365.sortino : null, at365.calmar],
          ['252 days (markets)', at252.annualizedReturn, at252.volatility, at252.sharpe, Number.isFinite(at252.sortino) ? at252.sortino : null, at252.calmar],
        ] },
      ],
      charts: [
        { title: 'Equity', xLabel: ts ? 'time' : 'bar', yLabel: 'equity', timeAxis: Boolean(ts), series: [
          { name: 'buy and hold', x: xs, y: idx.map((i) => hold.equity[i]!) },
          { name: 'MA crossover', x: xs, y: idx.map((i) => cross.equity[i]!) },
        ] },
      ],
    };
  },
};
