/**
 * The self-contained HTML report: one file with inline CSS and inline SVG charts (equity,
 * drawdown, positions, optional edges), the metric table, venues and final positions. No script,
 * no external URL, no event-handler attribute; every text from data is escaped.
 */
import { drawdownSeries } from './backtest-metrics.js';
import { summaryRows, type BacktestReport, type ReportSeries } from './backtest-report.js';
import { escapeHtml, lineChartSvg, type ChartSeries } from './svg-chart.js';

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:960px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}
td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.chart{display:block;margin:8px 0}.plot{fill:#fafafa;stroke:#ccc}.grid{stroke:#e5e5e5}
.ylab{font-size:11px;text-anchor:end;dominant-baseline:middle;fill:#555}.xlab{font-size:11px;fill:#555}
.chart-title{font-size:13px;font-weight:600}.legend{font-size:12px}.note{color:#666;font-size:12px}`;

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: ReadonlySet<number> = new Set()): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="n"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

const fixed = (x: number, d = 2): string => x.toFixed(d);

export function renderHtmlReport(report: BacktestReport, data: ReportSeries): string {
  const rows = data.rows;
  const ts = rows.map((r) => r.ts);
  const charts: string[] = [];
  charts.push(lineChartSvg({ title: 'Equity (USD)', series: [{ name: 'equity', xs: ts, ys: rows.map((r) => r.equityUsd) }, { name: 'cash', xs: ts, ys: rows.map((r) => r.cashUsd) }] }));
  charts.push(lineChartSvg({ title: 'Drawdown', series: [{ name: 'drawdown', xs: ts, ys: drawdownSeries(rows).map((d) => -d) }], area: true, formatY: (y) => `${(y * 100).toFixed(1)} %` }));
  charts.push(lineChartSvg({
    title: 'Positions (USD)',
    series: [
      { name: 'net value', xs: ts, ys: rows.map((r) => r.positionsValueUsd) },
      { name: 'gross exposure', xs: ts, ys: rows.map((r) => r.grossExposureUsd) },
      { name: 'open positions (count)', xs: ts, ys: rows.map((r) => r.openPositions) },
    ],
  }));
  const edges = data.edges ?? [];
  if (edges.length > 0) {
    const byLabel = new Map<string, { xs: number[]; ys: number[] }>();
    for (const e of edges) {
      let s = byLabel.get(e.label);
      if (!s) {
        s = { xs: [], ys: [] };
        byLabel.set(e.label, s);
      }
      s.xs.push(e.ts);
      s.ys.push(e.value);
    }
    const series: ChartSeries[] = [...byLabel].map(([name, s]) => ({ name, xs: s.xs, ys: s.ys }));
    charts.push(lineChartSvg({ title: 'Edges over time', series }));
  }
  const venues = (report.final?.venues ?? []).map((v) => [v.venue, fixed(v.equityUsd), fixed(v.cashUsd), fixed(v.positionsValueUsd), fixed(v.volumeUsd), fixed(v.feesUsd), String(v.fills)]);
  const positions = (report.final?.positions ?? []).map((p) => [
    p.venue, p.symbol, String(p.quantity), p.averagePrice === null ? '' : String(p.averagePrice), String(p.markPrice), p.currency, fixed(p.valueUsd), fixed(p.unrealisedPnlUsd),
  ]);
  const settings = Object.entries(report.settings).map(([k, v]) => [k, String(v)]);
  const title = `Backtest report: ${report.strategy}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p class="note">${escapeHtml(`${report.historySamples} samples every ${report.metrics.periodMs / 1000} s of event time; all amounts in USD at each sample's rates.`)}</p>
<h2>Summary</h2>${table(['Metric', 'Value'], summaryRows(report))}
<h2>Charts</h2>${charts.join('\n')}
<h2>Venues</h2>${table(['Venue', 'Equity', 'Cash', 'Positions', 'Volume', 'Fees', 'Fills'], venues, new Set([1, 2, 3, 4, 5, 6]))}
<h2>Final positions</h2>${positions.length === 0 ? '<p>None.</p>' : table(['Venue', 'Symbol', 'Quantity', 'Avg price', 'Mark', 'Currency', 'Value', 'Unrealised'], positions, new Set([2, 3, 4, 6, 7]))}
<h2>Settings</h2>${settings.length === 0 ? '<p>None recorded.</p>' : table(['Setting', 'Value'], settings)}
</body></html>
`;
}
