/**
 * The report of one backtest: metrics from the history, the final account (positions, per-venue
 * volume, fees and equity), settlements and feed latency. It holds no wall-clock time, so the same
 * data, strategy and seed give the same report byte for byte.
 */
import type { PortfolioSnapshot, SettlementRecord } from '../../engine/portfolio/portfolio.js';
import { computeBacktestMetrics, type BacktestMetrics } from './backtest-metrics.js';
import type { EdgePoint, HistoryRow } from './portfolio-history.js';

export interface BacktestReport {
  readonly strategy: string;
  readonly metrics: BacktestMetrics;
  /** The account at the end: positions, per-venue equity, volume and fees. */
  readonly final: PortfolioSnapshot | null;
  /**
   * Equity at the end minus the starting cash at the end's rates (after fees): what trading
   * added beyond holding the starting coins. `metrics.pnlUsd` also counts their price moves.
   */
  readonly tradingPnlUsd: number | null;
  readonly settlements: readonly SettlementRecord[];
  /** Anything the caller wants on record (seed, latency, data files). */
  readonly settings: Readonly<Record<string, string | number | boolean | null>>;
  readonly feedLatency: Readonly<Record<string, { readonly samples: number; readonly meanMs: number; readonly maxMs: number }>>;
  readonly historySamples: number;
}

export interface BuildBacktestReportOptions {
  readonly strategy: string;
  readonly rows: readonly HistoryRow[];
  readonly periodMs: number;
  readonly final: PortfolioSnapshot | null;
  readonly tradingPnlUsd?: number | null;
  readonly settlements?: readonly SettlementRecord[];
  readonly settings?: Readonly<Record<string, string | number | boolean | null>>;
  readonly feedLatency?: Readonly<Record<string, { readonly samples: number; readonly meanMs: number; readonly maxMs: number }>>;
}

export function buildBacktestReport(o: BuildBacktestReportOptions): BacktestReport {
  return {
    strategy: o.strategy,
    metrics: computeBacktestMetrics(o.rows, o.periodMs),
    final: o.final,
    tradingPnlUsd: o.tradingPnlUsd ?? null,
    settlements: o.settlements ?? [],
    settings: o.settings ?? {},
    feedLatency: o.feedLatency ?? {},
    historySamples: o.rows.length,
  };
}

/** The data behind the report's charts. */
export interface ReportSeries {
  readonly rows: readonly HistoryRow[];
  readonly edges?: readonly EdgePoint[];
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)} %`);
const num = (x: number | null, digits = 2): string => (x === null ? 'n/a' : x.toFixed(digits));
const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function duration(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48 ? `${(h / 24).toFixed(1)} d` : h >= 1 ? `${h.toFixed(1)} h` : `${(ms / 60_000).toFixed(1)} min`;
}

/** Rows of label and value, shared by the text summary and the HTML table. */
export function summaryRows(r: BacktestReport): Array<[string, string]> {
  const m = r.metrics;
  const rows: Array<[string, string]> = [
    ['Start equity', usd(m.startEquityUsd)],
    ['End equity', usd(m.endEquityUsd)],
    ['PnL', usd(m.pnlUsd)],
    ['Trading PnL (vs holding the starting cash)', r.tradingPnlUsd === null ? 'n/a' : usd(r.tradingPnlUsd)],
    ['Total return', pct(m.totalReturn)],
    ['Annualised return', pct(m.annualisedReturn)],
    [`Sharpe (annualised, ${duration(m.periodMs)} returns)`, num(m.sharpe)],
    [`Sortino (annualised, ${duration(m.periodMs)} returns)`, num(m.sortino)],
    ['Max drawdown', `${pct(m.maxDrawdown)} (${usd(m.maxDrawdownUsd)}, ${duration(m.maxDrawdownDurationMs)}${m.maxDrawdownRecovered ? '' : ', not recovered'})`],
    ['P(loss) over the horizon', pct(m.probabilityOfLoss)],
    ['Fees', usd(m.feesUsd)],
    ['Volume', usd(m.volumeUsd)],
    ['Turnover', `${num(m.turnover)}×`],
  ];
  for (const v of r.final?.venues ?? []) rows.push([`Venue ${v.venue}`, `equity ${usd(v.equityUsd)}, volume ${usd(v.volumeUsd)}, fees ${usd(v.feesUsd)}, fills ${v.fills}`]);
  return rows;
}

/** Plain-text summary for the terminal. */
export function formatBacktestSummary(r: BacktestReport): string {
  const rows = summaryRows(r);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`=== Backtest ${r.strategy} ===`, ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`)];
  const positions = r.final?.positions ?? [];
  if (positions.length > 0) {
    lines.push('Open positions:');
    for (const p of positions) lines.push(`  ${p.venue}:${p.symbol}  qty ${p.quantity}  avg ${p.averagePrice ?? 'n/a'}  mark ${p.markPrice}  value ${usd(p.valueUsd)}`);
  }
  return lines.join('\n');
}
