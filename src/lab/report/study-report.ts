/**
 * A study run as one self-contained HTML file: inline CSS and inline SVG charts, the summary
 * numbers, every table, the parameters used and where the data came from. No script, no external
 * URL, no event-handler attribute; every text from the study or its data is escaped. Also the
 * plain-text summary the CLI prints.
 */
import { escapeHtml } from '../../backtest/report/svg-chart.js';
import type { Study, StudyParamValue, StudyResult, StudyTable } from '../studies/study.js';
import { formatStudyNumber, studyChartSvg } from './study-chart-svg.js';

export interface StudyReportInput {
  readonly study: Pick<Study, 'name' | 'title' | 'description' | 'params'>;
  readonly params: Readonly<Record<string, StudyParamValue>>;
  readonly result: StudyResult;
  /** Where the data came from ("synthetic (the study's seeded generator)", a file name, …). */
  readonly dataSource: string;
  /** When the report was made, epoch ms (the caller's clock). */
  readonly generatedMs: number;
  /** How long the run took. */
  readonly runMs?: number;
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:980px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}
td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.chart{display:block;margin:10px 0}.plot{fill:#fafafa;stroke:#ccc}.grid{stroke:#e5e5e5}
.ylab{font-size:11px;text-anchor:end;dominant-baseline:middle;fill:#555}.xlab{font-size:11px;fill:#555}
.axis-label{font-size:12px;fill:#333}.chart-title{font-size:13px;font-weight:600}.legend{font-size:12px}
.note{color:#666;font-size:12px}.scroll{max-height:480px;overflow:auto}`;

/** A cell as text: numbers shortened, null as an empty cell. */
export function studyCellText(v: string | number | null): string {
  if (v === null) return '';
  return typeof v === 'number' ? formatStudyNumber(v) : v;
}

function htmlTable(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="n"' : ''}>${escapeHtml(studyCellText(c))}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

function resultTable(t: StudyTable): string {
  return `<h3>${escapeHtml(t.title)}</h3>${t.rows.length === 0 ? '<p class="note">No rows.</p>' : `<div class="scroll">${htmlTable(t.columns, t.rows)}</div>`}`;
}

/** The report as an HTML document string. */
export function renderStudyReport(input: StudyReportInput): string {
  const { study, params, result } = input;
  const title = `Lab: ${study.title}`;
  const summary = Object.entries(result.summary).map(([k, v]) => [k, v] as const);
  const paramRows = study.params.map((p) => [p.label, p.key, String(params[p.key] ?? p.default), p.default === params[p.key] ? 'default' : 'set']);
  const note = `Study "${study.name}", data: ${input.dataSource}. Generated ${new Date(input.generatedMs).toISOString()}${input.runMs === undefined ? '' : `, run took ${input.runMs.toFixed(0)} ms`}.`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(study.description)}</p>
<p class="note">${escapeHtml(note)}</p>
<h2>Summary</h2>${summary.length === 0 ? '<p class="note">No summary numbers.</p>' : htmlTable(['Quantity', 'Value'], summary)}
<h2>Charts</h2>${result.charts.length === 0 ? '<p class="note">No charts.</p>' : result.charts.map((c) => studyChartSvg(c)).join('\n')}
<h2>Tables</h2>${result.tables.length === 0 ? '<p class="note">No tables.</p>' : result.tables.map(resultTable).join('\n')}
<h2>Parameters</h2>${paramRows.length === 0 ? '<p class="note">None.</p>' : htmlTable(['Parameter', 'Key', 'Value', ''], paramRows)}
</body></html>
`;
}

/** The summary as aligned `name  value` lines for a terminal. */
export function formatStudySummary(result: StudyResult): string {
  const entries = Object.entries(result.summary);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(width)}  ${studyCellText(v)}`).join('\n');
}
