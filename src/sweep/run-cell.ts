/**
 * Runs one sweep cell: checks that the data on this machine are the data the cell was planned
 * on, then one hermetic backtest of the cell's strategies. The result carries only what is
 * deterministic (metrics, counts), so the same cell gives the same result on any worker.
 */
import { runBacktest } from '../backtest/backtest-runner.js';
import type { BacktestMetrics } from '../backtest/report/backtest-metrics.js';
import { asOfCatalogSources, loadCatalogSnapshots } from '../backtest/catalog-snapshots.js';
import { STRATEGY_TYPES } from '../cli/config/arbiter-config.js';
import { ConfigError } from '../domain/errors.js';
import { silentLogger } from '../engine/logger.js';
import { hashFile, type CellSpec } from './cell-spec.js';

export interface CellStrategyResult {
  readonly name: string;
  readonly type: string;
  readonly metrics: BacktestMetrics;
  readonly fills: number;
}

export interface CellResult {
  readonly records: number;
  readonly events: number;
  readonly strategies: readonly CellStrategyResult[];
}

/** Throws a ConfigError when a data file is missing or its bytes differ from the planned ones. */
export async function verifyCellData(spec: CellSpec): Promise<void> {
  for (const f of [...spec.files, spec.catalogs]) {
    let actual: string;
    try {
      actual = await hashFile(f);
    } catch (error) {
      throw new ConfigError(`sweep cell: cannot read data file ${f} on this machine: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: f });
    }
    if (actual !== spec.dataHashes[f]) throw new ConfigError(`sweep cell: ${f} on this machine differs from the sweep's data (sha256 ${actual.slice(0, 12)}…, planned ${(spec.dataHashes[f] ?? 'none').slice(0, 12)}…)`, { file: f });
  }
}

export async function runCell(spec: CellSpec): Promise<CellResult> {
  await verifyCellData(spec);
  const { history, venues } = await loadCatalogSnapshots(spec.catalogs);
  try {
    const result = await runBacktest({
      files: spec.files,
      strategies: spec.strategies.map((s) => () => STRATEGY_TYPES[s.type].create(s.config as never)),
      catalogs: (now) => asOfCatalogSources(history, venues, now),
      initialCash: spec.account.cash,
      seed: spec.account.seed,
      latency: spec.account.latency,
      historyPeriodMs: spec.account.historyPeriodMs,
      refreshIntervalMs: spec.account.refreshIntervalMs,
      fromMs: spec.fromMs,
      toMs: spec.toMs,
      logger: silentLogger,
    });
    return {
      records: result.replay.records,
      events: result.replay.events,
      strategies: result.strategies.map((s, i) => ({
        name: s.report.strategy,
        type: spec.strategies[i]!.type,
        metrics: s.report.metrics,
        fills: (s.report.final?.venues ?? []).reduce((n, v) => n + v.fills, 0),
      })),
    };
  } finally {
    history.close();
  }
}
