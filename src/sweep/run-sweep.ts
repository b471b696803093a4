/**
 * A sweep end to end: cached cells are reused, the rest go to a runner (worker threads here,
 * or workers on Redis), each result is cached as it arrives, and the results are ranked by
 * a report metric and written as sweep.json and sweep.html (table + heat map).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BacktestMetrics } from '../backtest/report/backtest-metrics.js';
import { ConfigError } from '../domain/errors.js';
import { CellCache } from './cell-cache.js';
import type { SweepCell } from './cell-spec.js';
import type { GridPoint } from './grid.js';
import type { CellRunner } from './local-runner.js';
import type { CellResult } from './run-cell.js';
import { renderSweepHtml } from './sweep-report.js';
import type { SweepPlan } from './sweep-plan.js';

/** Metrics a sweep can rank by, and whether higher is better. */
export const RANK_METRICS = {
  pnlUsd: 'higher', totalReturn: 'higher', annualisedReturn: 'higher', sharpe: 'higher', sortino: 'higher',
  maxDrawdown: 'lower', maxDrawdownUsd: 'lower', probabilityOfLoss: 'lower', feesUsd: 'lower', volumeUsd: 'higher', turnover: 'higher',
} as const satisfies Partial<Record<keyof BacktestMetrics, 'higher' | 'lower'>>;

export type RankMetric = keyof typeof RANK_METRICS;

export function parseRankMetric(name: string): RankMetric {
  if (!(name in RANK_METRICS)) throw new ConfigError(`--metric: unknown metric "${name}" (one of ${Object.keys(RANK_METRICS).join(', ')})`);
  return name as RankMetric;
}

export interface SweepRow {
  readonly rank: number;
  readonly hash: string;
  readonly params: GridPoint;
  readonly strategy: string;
  /** The ranking metric; null when the report has none (e.g. Sharpe of a flat run). */
  readonly value: number | null;
  readonly metrics: BacktestMetrics;
  readonly fills: number;
}

export interface SweepOutcome {
  readonly metric: RankMetric;
  readonly axes: SweepPlan['axes'];
  readonly cells: number;
  /** Cells taken from the cache instead of being run. */
  readonly reused: number;
  readonly wallMs: number;
  readonly rows: readonly SweepRow[];
  readonly files?: { readonly json: string; readonly html: string };
}

export interface SweepProgress {
  readonly done: number;
  readonly total: number;
}

export interface RunSweepOptions {
  readonly plan: SweepPlan;
  readonly runner: CellRunner;
  readonly metric: RankMetric;
  /** Report directory; cells are cached under `<outDir>/cells/`. */
  readonly outDir: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SweepProgress) => void;
}

export interface RunCellsOptions {
  readonly cells: readonly SweepCell[];
  readonly runner: CellRunner;
  readonly cache: CellCache;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SweepProgress) => void;
}

/** Results of the cells by hash: cached ones reused, the others run (each cached as it finishes). */
export async function runCells(o: RunCellsOptions): Promise<{ results: Map<string, CellResult>; reused: number; total: number }> {
  const results = new Map<string, CellResult>();
  const pending: SweepCell[] = [];
  const queued = new Set<string>();
  for (const cell of o.cells) {
    const cached = results.has(cell.hash) ? undefined : await o.cache.get(cell.hash);
    if (cached) results.set(cell.hash, cached);
    else if (!results.has(cell.hash) && !queued.has(cell.hash)) {
      queued.add(cell.hash);
      pending.push(cell);
    }
  }
  const reused = results.size;
  const total = new Set(o.cells.map((c) => c.hash)).size;
  o.onProgress?.({ done: results.size, total });
  if (pending.length > 0) {
    try {
      await o.runner.run(pending, async (cell, result) => {
        await o.cache.put(cell.hash, cell.spec, result);
        results.set(cell.hash, result);
        o.onProgress?.({ done: results.size, total });
      }, o.signal);
    } catch (error) {
      // Cancelled: report why (the runner's own abort error says less); finished cells stay cached.
      if (o.signal?.aborted) throw o.signal.reason instanceof Error ? o.signal.reason : new Error(`sweep cancelled: ${String(o.signal.reason)}`);
      throw error;
    }
  }
  return { results, reused, total };
}

export async function runSweep(o: RunSweepOptions): Promise<SweepOutcome> {
  const start = performance.now();
  const cache = new CellCache(join(o.outDir, 'cells'));
  const { results, reused, total } = await runCells({ cells: o.plan.cells, runner: o.runner, cache, signal: o.signal, onProgress: o.onProgress });
  const rows = rankRows(o.plan.cells, results, o.metric);
  const outcome: SweepOutcome = { metric: o.metric, axes: o.plan.axes, cells: total, reused, wallMs: performance.now() - start, rows };
  await mkdir(o.outDir, { recursive: true });
  const files = { json: join(o.outDir, 'sweep.json'), html: join(o.outDir, 'sweep.html') };
  await writeFile(files.json, `${JSON.stringify({ metric: outcome.metric, axes: outcome.axes, rows: outcome.rows }, null, 2)}\n`);
  await writeFile(files.html, renderSweepHtml(outcome));
  return { ...outcome, files };
}

/** One row per (cell, strategy), best first; ties and missing values keep grid order. */
export function rankRows(cells: readonly SweepCell[], results: ReadonlyMap<string, CellResult>, metric: RankMetric): SweepRow[] {
  const dir = RANK_METRICS[metric] === 'higher' ? -1 : 1;
  const rows = cells.flatMap((cell) => (results.get(cell.hash)?.strategies ?? []).map((s) => ({
    hash: cell.hash, params: cell.params, strategy: s.name, value: s.metrics[metric], metrics: s.metrics, fills: s.fills,
  })));
  const order = rows.map((r, i) => ({ r, i })).sort((a, b) => {
    if (a.r.value === null || b.r.value === null) return a.r.value === null ? (b.r.value === null ? a.i - b.i : 1) : -1;
    return dir * (a.r.value - b.r.value) || a.i - b.i;
  });
  return order.map(({ r }, i) => ({ rank: i + 1, ...r }));
}

/** The result table as text, best first. */
export function formatSweepTable(outcome: SweepOutcome, limit = 20): string {
  const keys = outcome.axes.map((a) => a.key);
  const header = ['#', 'strategy', ...keys, outcome.metric, 'pnlUsd', 'fills'];
  const body = outcome.rows.slice(0, limit).map((r) => [
    String(r.rank), r.strategy, ...keys.map((k) => String(r.params[k])),
    r.value === null ? 'n/a' : formatNumber(r.value), formatNumber(r.metrics.pnlUsd), String(r.fills),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const more = outcome.rows.length > limit ? `\n… ${outcome.rows.length - limit} more rows in sweep.json` : '';
  return `${line(header)}\n${body.map(line).join('\n')}${more}`;
}

export function formatNumber(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(2) : Number(x.toPrecision(4)).toString();
}
