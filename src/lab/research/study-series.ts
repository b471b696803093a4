/** Helpers the research studies share: thinning long series for charts and metric rows for tables. */
import type { PerformanceStats } from './performance-stats.js';
import type { ResearchBacktestResult } from './research-backtest.js';

/** Every k-th index so a chart gets at most `max` points (always keeps the last). */
export function chartIndices(length: number, max = 1500): number[] {
  const step = Math.max(1, Math.ceil(length / max));
  const out: number[] = [];
  for (let i = 0; i < length; i += step) out.push(i);
  if (out[out.length - 1] !== length - 1 && length > 0) out.push(length - 1);
  return out;
}

export const METRIC_COLUMNS = ['strategy', 'total return', 'annual return', 'volatility', 'Sharpe', 'Sortino', 'max drawdown', 'Calmar', 'trades', 'trade hit rate', 'turnover /yr', 'exposure', 'fees'] as const;

const fin = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : v);

export function metricRow(name: string, r: ResearchBacktestResult): Array<string | number | null> {
  const s: PerformanceStats = r.stats;
  return [name, s.totalReturn, s.annualizedReturn, s.volatility, s.sharpe, fin(s.sortino), s.maxDrawdown, fin(s.calmar), r.trades, r.tradeHitRate, r.turnover, r.exposure, r.feesPaid];
}
