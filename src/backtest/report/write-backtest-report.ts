/**
 * Writes a backtest's report files into `outDir` (created if missing):
 * `<strategy>_report.json`, `<strategy>_history.csv` and `<strategy>_report.html`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BacktestReport, ReportSeries } from './backtest-report.js';
import { historyCsv } from './history-csv.js';
import { renderHtmlReport } from './html-report.js';

export interface ReportFiles {
  readonly json: string;
  readonly csv: string;
  readonly html: string;
}

/** A strategy name as a file-name stem: letters, digits, dot, dash and underscore kept, the rest `_`. */
export function fileStem(name: string): string {
  const stem = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return stem.length > 0 ? stem : 'strategy';
}

export async function writeBacktestReport(outDir: string, report: BacktestReport, data: ReportSeries): Promise<ReportFiles> {
  await mkdir(outDir, { recursive: true });
  const stem = fileStem(report.strategy);
  const files: ReportFiles = { json: join(outDir, `${stem}_report.json`), csv: join(outDir, `${stem}_history.csv`), html: join(outDir, `${stem}_report.html`) };
  await writeFile(files.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(files.csv, historyCsv(data.rows));
  await writeFile(files.html, renderHtmlReport(report, data));
  return files;
}
