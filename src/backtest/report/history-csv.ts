/**
 * The PnL history as CSV, one row per sample. Columns (all money in USD at the sample's rates):
 * ts_ms, time_utc (ISO 8601), equity_usd, cash_usd, positions_value_usd, realised_pnl_usd,
 * unrealised_pnl_usd, fees_usd (cumulative), gross_exposure_usd (Σ |position value|),
 * open_positions, volume_usd (cumulative traded notional), drawdown (fraction below the running peak).
 */
import { drawdownSeries } from './backtest-metrics.js';
import type { HistoryRow } from './portfolio-history.js';

export const HISTORY_CSV_HEADER =
  'ts_ms,time_utc,equity_usd,cash_usd,positions_value_usd,realised_pnl_usd,unrealised_pnl_usd,fees_usd,gross_exposure_usd,open_positions,volume_usd,drawdown';

const money = (x: number): string => x.toFixed(6);

export function historyCsv(rows: readonly HistoryRow[]): string {
  const dd = drawdownSeries(rows);
  const lines = [HISTORY_CSV_HEADER];
  rows.forEach((r, i) => {
    lines.push([
      r.ts, new Date(r.ts).toISOString(), money(r.equityUsd), money(r.cashUsd), money(r.positionsValueUsd), money(r.realisedPnlUsd),
      money(r.unrealisedPnlUsd), money(r.feesUsd), money(r.grossExposureUsd), r.openPositions, money(r.volumeUsd), dd[i]!.toFixed(8),
    ].join(','));
  });
  return `${lines.join('\n')}\n`;
}
