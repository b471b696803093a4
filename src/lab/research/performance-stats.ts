/**
 * Performance metrics from one equity observation per bar (`performanceStats`). Annualisation uses
 * the caller's bar frequency: `periodsPerYear` = 365 × bars per day for crypto (trades every day),
 * 252 × bars per day for exchange markets. Nothing here assumes a frequency.
 */
import { ArbiterError } from '../../domain/errors.js';

/** Bars per year for common frequencies: crypto on a 365-day calendar, markets on 252 trading days. */
export const PERIODS_PER_YEAR = {
  cryptoDaily: 365,
  cryptoHourly: 365 * 24,
  cryptoMinute: 365 * 24 * 60,
  marketDaily: 252,
  marketHourly: 252 * 6.5,
} as const;

export interface PerformanceStatsOptions {
  /** Bars per year (e.g. 365 for daily crypto, 252 for daily equities, 8760 for hourly crypto). */
  readonly periodsPerYear: number;
  /** Annual risk-free rate (simple, fraction); per-bar rate = (1 + rf)^(1/periodsPerYear) − 1. Default 0. */
  readonly riskFreeRate?: number;
  /** Epoch-ms timestamp per bar, to report drawdown dates. */
  readonly timestamps?: ArrayLike<number>;
}

export interface PerformanceStats {
  readonly periods: number;
  readonly periodsPerYear: number;
  /** E_last / E_first − 1. */
  readonly totalReturn: number;
  /** Compound annual growth: (E_last/E_first)^(periodsPerYear / bars) − 1. */
  readonly annualizedReturn: number;
  /** Sample std of per-bar simple returns × √periodsPerYear. */
  readonly volatility: number;
  /** mean(r − rf) / std(r) × √periodsPerYear (sample std); 0 when std is 0. */
  readonly sharpe: number;
  /** mean(r − rf) / √mean(min(r − rf, 0)²) × √periodsPerYear; +∞ with no losing bar and positive mean. */
  readonly sortino: number;
  /** Largest peak-to-trough loss as a positive fraction (0 when equity never falls). */
  readonly maxDrawdown: number;
  readonly maxDrawdownPeakIndex: number;
  readonly maxDrawdownTroughIndex: number;
  /** First bar at or above the peak after the trough; null when not recovered. */
  readonly maxDrawdownRecoveryIndex: number | null;
  readonly maxDrawdownPeakTime: number | null;
  readonly maxDrawdownTroughTime: number | null;
  readonly maxDrawdownRecoveryTime: number | null;
  /** annualizedReturn / maxDrawdown; null when there is no drawdown. */
  readonly calmar: number | null;
  /** Fraction of bars with a positive return among bars whose return is not zero; null when none. */
  readonly hitRate: number | null;
}

/**
 * Metrics of an equity curve sampled once per bar.
 * @throws ArbiterError ARB_INPUT_INVALID on fewer than 2 points, a non-positive or non-finite equity,
 *   a bad periodsPerYear, or timestamps of another length.
 * @example performanceStats([100, 101, 99, 103], { periodsPerYear: 365 })
 */
export function performanceStats(equity: ArrayLike<number>, options: PerformanceStatsOptions): PerformanceStats {
  const n = equity.length;
  const ppy = options.periodsPerYear;
  if (!(ppy > 0 && Number.isFinite(ppy))) throw new ArbiterError('ARB_INPUT_INVALID', `periodsPerYear must be a positive number, got ${ppy}`, { periodsPerYear: ppy });
  if (n < 2) throw new ArbiterError('ARB_INPUT_INVALID', `equity needs at least 2 points, got ${n}`, { points: n });
  const ts = options.timestamps;
  if (ts !== undefined && ts.length !== n) throw new ArbiterError('ARB_INPUT_INVALID', `timestamps has ${ts.length} points, equity ${n}`, { timestamps: ts.length, equity: n });
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    if (!(e > 0 && Number.isFinite(e))) throw new ArbiterError('ARB_INPUT_INVALID', `equity must be positive and finite, got ${e} at bar ${i}`, { index: i, value: e });
  }
  const rfAnnual = options.riskFreeRate ?? 0;
  const rf = Math.pow(1 + rfAnnual, 1 / ppy) - 1;
  const m = n - 1;
  let sum = 0;
  let pos = 0;
  let nonZero = 0;
  for (let i = 1; i < n; i++) {
    const r = equity[i]! / equity[i - 1]! - 1;
    sum += r - rf;
    if (r !== 0) nonZero++;
    if (r > 0) pos++;
  }
  const meanEx = sum / m;
  let ss = 0;
  let down = 0;
  for (let i = 1; i < n; i++) {
    const ex = equity[i]! / equity[i - 1]! - 1 - rf;
    ss += (ex - meanEx) * (ex - meanEx);
    const d = Math.min(ex, 0);
    down += d * d;
  }
  const std = m > 1 ? Math.sqrt(ss / (m - 1)) : 0;
  const downDev = Math.sqrt(down / m);
  const sq = Math.sqrt(ppy);
  let peak = equity[0]!;
  let peakIdx = 0;
  let mdd = 0;
  let mddPeak = 0;
  let mddTrough = 0;
  for (let i = 1; i < n; i++) {
    const e = equity[i]!;
    if (e > peak) {
      peak = e;
      peakIdx = i;
    } else {
      const dd = 1 - e / peak;
      if (dd > mdd) {
        mdd = dd;
        mddPeak = peakIdx;
        mddTrough = i;
      }
    }
  }
  let recovery: number | null = null;
  if (mdd > 0) {
    const level = equity[mddPeak]!;
    for (let i = mddTrough + 1; i < n; i++) if (equity[i]! >= level) { recovery = i; break; }
  }
  const totalReturn = equity[n - 1]! / equity[0]! - 1;
  const annualizedReturn = Math.pow(equity[n - 1]! / equity[0]!, ppy / m) - 1;
  const at = (i: number | null): number | null => (ts === undefined || i === null ? null : ts[i]!);
  return {
    periods: n,
    periodsPerYear: ppy,
    totalReturn,
    annualizedReturn,
    volatility: std * sq,
    sharpe: std > 0 ? (meanEx / std) * sq : 0,
    sortino: downDev > 0 ? (meanEx / downDev) * sq : meanEx > 0 ? Number.POSITIVE_INFINITY : 0,
    maxDrawdown: mdd,
    maxDrawdownPeakIndex: mddPeak,
    maxDrawdownTroughIndex: mddTrough,
    maxDrawdownRecoveryIndex: recovery,
    maxDrawdownPeakTime: mdd > 0 ? at(mddPeak) : null,
    maxDrawdownTroughTime: mdd > 0 ? at(mddTrough) : null,
    maxDrawdownRecoveryTime: at(recovery),
    calmar: mdd > 0 ? annualizedReturn / mdd : null,
    hitRate: nonZero > 0 ? pos / nonZero : null,
  };
}
