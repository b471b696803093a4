/**
 * The backtest report viewer's data: the `<strategy>_report.json` files of a directory (as
 * `arbiter backtest --out DIR` writes them) with their `_history.csv` series.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArbiterError } from '../domain/errors.js';
import { HISTORY_CSV_HEADER, summaryRows, type BacktestReport } from '../backtest/report/index.js';

export interface BacktestReportListing {
  /** File stem: `<stem>_report.json`. */
  readonly id: string;
  readonly strategy: string;
}

export interface BacktestReportView {
  readonly id: string;
  readonly strategy: string;
  /** Label and value, as the HTML report shows them. */
  readonly summary: ReadonlyArray<readonly [string, string]>;
  readonly positions: ReadonlyArray<{ readonly venue: string; readonly symbol: string; readonly quantity: number; readonly markPrice: number; readonly valueUsd: number }>;
  readonly settings: Readonly<Record<string, string | number | boolean | null>>;
  /** Columns of the history: time (ms), equity, drawdown (fraction), gross exposure, fees (USD). */
  readonly history: { readonly ts: number[]; readonly equityUsd: number[]; readonly drawdown: number[]; readonly exposureUsd: number[]; readonly feesUsd: number[] } | null;
}

const REPORT_SUFFIX = '_report.json';
const ID = /^[A-Za-z0-9._-]+$/;

export async function listBacktestReports(dir: string): Promise<BacktestReportListing[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new ArbiterError('ARB_INPUT_FILE', `cannot read the backtest report directory ${dir}`, { file: dir }, { cause: error });
  }
  const out: BacktestReportListing[] = [];
  for (const name of names.filter((n) => n.endsWith(REPORT_SUFFIX)).sort()) {
    const id = name.slice(0, -REPORT_SUFFIX.length);
    try {
      const report = JSON.parse(await readFile(join(dir, name), 'utf8')) as BacktestReport;
      out.push({ id, strategy: typeof report.strategy === 'string' ? report.strategy : id });
    } catch {
      continue; // not a report; the listing shows only readable ones
    }
  }
  return out;
}

function parseHistory(csv: string, file: string): NonNullable<BacktestReportView['history']> {
  const lines = csv.split('\n').filter((l) => l.length > 0);
  if (lines[0] !== HISTORY_CSV_HEADER) throw new ArbiterError('ARB_INPUT_FILE', `${file}: not a history CSV (unexpected header)`, { file });
  const h = { ts: [] as number[], equityUsd: [] as number[], drawdown: [] as number[], exposureUsd: [] as number[], feesUsd: [] as number[] };
  for (let i = 1; i < lines.length; i++) {
    const c = lines[i]!.split(',');
    const row = [Number(c[0]), Number(c[2]), Number(c[11]), Number(c[8]), Number(c[7])];
    if (c.length !== 12 || row.some((x) => !Number.isFinite(x))) throw new ArbiterError('ARB_INPUT_FILE', `${file}:${i + 1}: malformed history row`, { file, line: i + 1 });
    h.ts.push(row[0]!);
    h.equityUsd.push(row[1]!);
    h.drawdown.push(row[2]!);
    h.exposureUsd.push(row[3]!);
    h.feesUsd.push(row[4]!);
  }
  return h;
}

/** One report and its history; undefined when no such report exists. @throws ArbiterError ARB_INPUT_FILE for a malformed file. */
export async function loadBacktestReport(dir: string, id: string): Promise<BacktestReportView | undefined> {
  if (!ID.test(id) || id.startsWith('.')) return undefined;
  let report: BacktestReport;
  const file = join(dir, `${id}${REPORT_SUFFIX}`);
  try {
    report = JSON.parse(await readFile(file, 'utf8')) as BacktestReport;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ArbiterError('ARB_INPUT_FILE', `${file}: not a readable report`, { file }, { cause: error });
  }
  if (typeof report.metrics !== 'object' || report.metrics === null) throw new ArbiterError('ARB_INPUT_FILE', `${file}: no metrics; not a backtest report`, { file });
  let history: BacktestReportView['history'] = null;
  const csvFile = join(dir, `${id}_history.csv`);
  try {
    history = parseHistory(await readFile(csvFile, 'utf8'), csvFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return {
    id, strategy: report.strategy, summary: summaryRows(report), settings: report.settings ?? {}, history,
    positions: (report.final?.positions ?? []).map((p) => ({ venue: p.venue, symbol: p.symbol, quantity: p.quantity, markPrice: p.markPrice, valueUsd: p.valueUsd })),
  };
}
