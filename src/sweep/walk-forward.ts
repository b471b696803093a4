/**
 * Walk-forward evaluation: the recording's time span is cut into rolling windows of `train`
 * then `test` length (stepping by `test`). In each window the grid is swept on the train part,
 * each strategy's best cell (by the ranking metric) is picked, and that parameter set is run
 * once on the following, unseen test part. Every backtest is an ordinary cached sweep cell.
 */
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ConfigError } from '../domain/errors.js';
import { CellCache } from './cell-cache.js';
import { cellHash, type SweepCell } from './cell-spec.js';
import type { GridPoint } from './grid.js';
import type { CellRunner } from './local-runner.js';
import { rankRows, runCells, type RankMetric, type SweepProgress } from './run-sweep.js';
import { planSweep, type SweepPlanOptions } from './sweep-plan.js';

export interface WalkForwardWindows {
  readonly trainMs: number;
  readonly testMs: number;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

function parseDuration(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new ConfigError(`--walk-forward: ${what} "${text}" is not a duration like 500ms, 30s, 15m, 4h or 2d`);
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (!(ms > 0)) throw new ConfigError(`--walk-forward: ${what} must be longer than zero`);
  return ms;
}

/** Parses `TRAIN:TEST`, e.g. `4h:1h`. */
export function parseWalkForward(text: string): WalkForwardWindows {
  const parts = text.split(':');
  if (parts.length !== 2) throw new ConfigError(`--walk-forward "${text}": expected TRAIN:TEST durations, e.g. 4h:1h`);
  return { trainMs: parseDuration(parts[0]!, 'train length'), testMs: parseDuration(parts[1]!, 'test length') };
}

/** First and last receive time (tsLocal) over the recordings, from one streaming pass. */
export async function recordingSpan(files: readonly string[]): Promise<{ startMs: number; endMs: number }> {
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const file of files) {
    const raw = createReadStream(file);
    const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      const m = /"tsLocal":(\d+)/.exec(line);
      if (!m) continue;
      const ts = Number(m[1]);
      if (ts < startMs) startMs = ts;
      if (ts > endMs) endMs = ts;
    }
  }
  if (!Number.isFinite(startMs)) throw new ConfigError(`walk-forward: no timestamped records in ${files.join(', ')}`);
  return { startMs, endMs };
}

/** Rolling [train, test) windows that fit in the span, stepping by the test length. */
export function walkForwardWindows(span: { startMs: number; endMs: number }, w: WalkForwardWindows): Array<{ trainFromMs: number; testFromMs: number; testToMs: number }> {
  const out: Array<{ trainFromMs: number; testFromMs: number; testToMs: number }> = [];
  for (let t = span.startMs; t + w.trainMs + w.testMs <= span.endMs + 1; t += w.testMs) {
    out.push({ trainFromMs: t, testFromMs: t + w.trainMs, testToMs: t + w.trainMs + w.testMs });
  }
  if (out.length === 0) {
    throw new ConfigError(`--walk-forward: train + test (${(w.trainMs + w.testMs) / 1000} s) is longer than the data (${((span.endMs - span.startMs) / 1000).toFixed(1)} s)`);
  }
  return out;
}

export interface WalkForwardRow {
  readonly window: number;
  readonly trainFromMs: number;
  readonly testFromMs: number;
  readonly testToMs: number;
  readonly strategy: string;
  /** The train cell that won, and its metric. */
  readonly params: GridPoint;
  readonly train: number | null;
  /** The same parameters on the unseen test window. */
  readonly test: number | null;
  readonly testPnlUsd: number;
}

export interface WalkForwardOutcome {
  readonly metric: RankMetric;
  readonly windows: WalkForwardWindows;
  readonly rows: readonly WalkForwardRow[];
  readonly cells: number;
  readonly reused: number;
  readonly file: string;
}

export interface RunWalkForwardOptions {
  readonly plan: Omit<SweepPlanOptions, 'fromMs' | 'toMs'>;
  readonly windows: WalkForwardWindows;
  readonly runner: CellRunner;
  readonly metric: RankMetric;
  readonly outDir: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SweepProgress) => void;
}

export async function runWalkForward(o: RunWalkForwardOptions): Promise<WalkForwardOutcome> {
  const cache = new CellCache(join(o.outDir, 'cells'));
  const windows = walkForwardWindows(await recordingSpan(o.plan.files), o.windows);
  const trainPlans = await Promise.all(windows.map((w) => planSweep({ ...o.plan, fromMs: w.trainFromMs, toMs: w.testFromMs })));
  const train = await runCells({ cells: trainPlans.flatMap((p) => p.cells), runner: o.runner, cache, signal: o.signal, onProgress: o.onProgress });

  // For each window and strategy, the best train cell's parameters, run alone on the test window.
  const picks: Array<{ window: number; strategy: string; params: GridPoint; train: number | null; cell: SweepCell }> = [];
  trainPlans.forEach((plan, i) => {
    const w = windows[i]!;
    const rows = rankRows(plan.cells, train.results, o.metric);
    for (const name of plan.strategies) {
      const best = rows.find((r) => r.strategy === name);
      const trainCell = plan.cells.find((c) => c.hash === best?.hash);
      if (!best || !trainCell) continue;
      const spec = { ...trainCell.spec, strategies: trainCell.spec.strategies.filter((s) => s.name === name), fromMs: w.testFromMs, toMs: w.testToMs };
      picks.push({ window: i, strategy: name, params: best.params, train: best.value, cell: { hash: cellHash(spec), params: best.params, spec } });
    }
  });
  const test = await runCells({ cells: picks.map((p) => p.cell), runner: o.runner, cache, signal: o.signal, onProgress: o.onProgress });
  const rows = picks.map((p): WalkForwardRow => {
    const w = windows[p.window]!;
    const m = test.results.get(p.cell.hash)?.strategies[0]?.metrics;
    return { window: p.window, ...w, strategy: p.strategy, params: p.params, train: p.train, test: m ? m[o.metric] : null, testPnlUsd: m?.pnlUsd ?? 0 };
  });
  await mkdir(o.outDir, { recursive: true });
  const file = join(o.outDir, 'walk-forward.json');
  await writeFile(file, `${JSON.stringify({ metric: o.metric, windows: o.windows, rows }, null, 2)}\n`);
  return { metric: o.metric, windows: o.windows, rows, cells: train.total + test.total, reused: train.reused + test.reused, file };
}

/** One line per window and strategy, then the test PnL summed over windows. */
export function formatWalkForward(outcome: WalkForwardOutcome): string {
  const fmt = (x: number | null): string => (x === null ? 'n/a' : Number(x.toPrecision(4)).toString());
  const lines = outcome.rows.map((r) => `window ${r.window + 1}  ${new Date(r.testFromMs).toISOString()}  ${r.strategy}  ${Object.entries(r.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}  train ${outcome.metric} ${fmt(r.train)}  test ${outcome.metric} ${fmt(r.test)}`);
  const totals = new Map<string, number>();
  for (const r of outcome.rows) totals.set(r.strategy, (totals.get(r.strategy) ?? 0) + r.testPnlUsd);
  return [...lines, ...[...totals].map(([s, pnl]) => `${s}: out-of-sample pnlUsd over ${outcome.rows.filter((r) => r.strategy === s).length} windows ${pnl.toFixed(2)}`)].join('\n');
}
