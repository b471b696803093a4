/**
 * Performance metrics of a run from its portfolio history (rows on a fixed period):
 * returns, annualised Sharpe and Sortino, drawdown, probability of loss, turnover and fees.
 * Formulas are in docs/backtest.md; every figure is in USD.
 */
import { MS_PER_DAY, MS_PER_YEAR } from '../../domain/time.js';
import { normCdf } from '../../pricing/normal.js';
import type { HistoryRow } from './portfolio-history.js';

export interface BacktestMetrics {
  /** Sampling period of the per-period returns, ms. */
  readonly periodMs: number;
  readonly periods: number;
  readonly startTs: number | null;
  readonly endTs: number | null;
  readonly startEquityUsd: number;
  readonly endEquityUsd: number;
  readonly pnlUsd: number;
  /** end / start − 1. */
  readonly totalReturn: number;
  /** (end / start)^(year / duration) − 1; null for runs shorter than a day (extrapolation would be noise). */
  readonly annualisedReturn: number | null;
  /** Mean per-period simple return over its sample standard deviation, × √(periods per year). */
  readonly sharpe: number | null;
  /** Mean per-period return over the downside deviation (target 0), × √(periods per year). */
  readonly sortino: number | null;
  /** Largest peak-to-trough fall as a fraction of the peak. */
  readonly maxDrawdown: number;
  readonly maxDrawdownUsd: number;
  /** From the peak before the deepest trough to the recovery of that peak (or the end), ms. */
  readonly maxDrawdownDurationMs: number;
  readonly maxDrawdownRecovered: boolean;
  /** P(return over the run's horizon < 0) from i.i.d. normal per-period log returns. */
  readonly probabilityOfLoss: number | null;
  readonly feesUsd: number;
  readonly volumeUsd: number;
  /** Traded notional over mean equity. */
  readonly turnover: number;
}

export function computeBacktestMetrics(rows: readonly HistoryRow[], periodMs: number): BacktestMetrics {
  const n = rows.length;
  const first = rows[0];
  const last = rows[n - 1];
  const startEquity = first?.equityUsd ?? 0;
  const endEquity = last?.equityUsd ?? 0;
  const periodsPerYear = MS_PER_YEAR / periodMs;

  const returns: number[] = [];
  const logReturns: number[] = [];
  for (let i = 1; i < n; i++) {
    const prev = rows[i - 1]!.equityUsd;
    const cur = rows[i]!.equityUsd;
    if (prev <= 0) continue;
    returns.push(cur / prev - 1);
    if (cur > 0) logReturns.push(Math.log(cur / prev));
  }
  const m = returns.length;
  const mean = m > 0 ? returns.reduce((a, b) => a + b, 0) / m : 0;
  let sharpe: number | null = null;
  let sortino: number | null = null;
  if (m >= 2) {
    const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (m - 1);
    const sd = Math.sqrt(variance);
    sharpe = sd > 0 ? (mean / sd) * Math.sqrt(periodsPerYear) : null;
    const downside = Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / m);
    sortino = downside > 0 ? (mean / downside) * Math.sqrt(periodsPerYear) : null;
  }

  let probabilityOfLoss: number | null = null;
  const k = logReturns.length;
  if (k >= 2) {
    const mu = logReturns.reduce((a, b) => a + b, 0) / k;
    const sd = Math.sqrt(logReturns.reduce((a, r) => a + (r - mu) ** 2, 0) / (k - 1));
    probabilityOfLoss = sd > 0 ? normCdf((-mu * k) / (sd * Math.sqrt(k))) : mu < 0 ? 1 : 0;
  }

  // Drawdown: track the running peak; the deepest episode's start is its peak's time.
  let peak = -Infinity;
  let peakTs = 0;
  let maxDd = 0;
  let maxDdUsd = 0;
  let ddPeak = 0;
  let ddPeakTs = 0;
  let troughTs = 0;
  for (const r of rows) {
    if (r.equityUsd > peak) {
      peak = r.equityUsd;
      peakTs = r.ts;
    }
    const dd = peak > 0 ? (peak - r.equityUsd) / peak : 0;
    if (dd > maxDd) {
      maxDd = dd;
      maxDdUsd = peak - r.equityUsd;
      ddPeak = peak;
      ddPeakTs = peakTs;
      troughTs = r.ts;
    }
  }
  // The episode ends when equity first gets back to the peak after the trough (or at the end).
  let recovered = false;
  let ddEnd = last?.ts ?? 0;
  for (const r of rows) {
    if (maxDd > 0 && r.ts > troughTs && r.equityUsd >= ddPeak) {
      recovered = true;
      ddEnd = r.ts;
      break;
    }
  }

  const durationMs = first && last ? last.ts - first.ts : 0;
  const meanEquity = n > 0 ? rows.reduce((a, r) => a + r.equityUsd, 0) / n : 0;
  const volume = last?.volumeUsd ?? 0;
  return {
    periodMs, periods: m, startTs: first?.ts ?? null, endTs: last?.ts ?? null,
    startEquityUsd: startEquity, endEquityUsd: endEquity, pnlUsd: endEquity - startEquity,
    totalReturn: startEquity > 0 ? endEquity / startEquity - 1 : 0,
    annualisedReturn: finiteOrNull(startEquity > 0 && endEquity > 0 && durationMs >= MS_PER_DAY ? (endEquity / startEquity) ** (MS_PER_YEAR / durationMs) - 1 : null),
    sharpe, sortino,
    maxDrawdown: maxDd, maxDrawdownUsd: maxDdUsd, maxDrawdownDurationMs: maxDd > 0 ? ddEnd - ddPeakTs : 0, maxDrawdownRecovered: recovered,
    probabilityOfLoss,
    feesUsd: last?.feesUsd ?? 0, volumeUsd: volume, turnover: meanEquity > 0 ? volume / meanEquity : 0,
  };
}

/** Very short runs can annualise to Infinity; report that as not meaningful. */
function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

/** Drawdown from the running peak at each row, as a fraction (0 at a new high). */
export function drawdownSeries(rows: readonly HistoryRow[]): number[] {
  let peak = -Infinity;
  return rows.map((r) => {
    if (r.equityUsd > peak) peak = r.equityUsd;
    return peak > 0 ? (peak - r.equityUsd) / peak : 0;
  });
}
