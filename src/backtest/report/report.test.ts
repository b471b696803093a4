import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../../domain/time.js';
import { ReplayClock } from '../../engine/clock.js';
import { Portfolio } from '../../engine/portfolio/portfolio.js';
import { computeBacktestMetrics, drawdownSeries } from './backtest-metrics.js';
import { buildBacktestReport, formatBacktestSummary } from './backtest-report.js';
import { HISTORY_CSV_HEADER, historyCsv } from './history-csv.js';
import { renderHtmlReport } from './html-report.js';
import { PortfolioHistory, type HistoryRow } from './portfolio-history.js';
import { fileStem, writeBacktestReport } from './write-backtest-report.js';

const T0 = Date.UTC(2024, 0, 1);

function rows(equity: readonly number[], periodMs = MS_PER_DAY): HistoryRow[] {
  return equity.map((e, i) => ({
    ts: T0 + i * periodMs, equityUsd: e, cashUsd: e, positionsValueUsd: 0, realisedPnlUsd: 0, unrealisedPnlUsd: 0, feesUsd: i * 0.5,
    grossExposureUsd: 0, openPositions: 0, volumeUsd: i * 100,
  }));
}

describe('backtest metrics (hand-computed)', () => {
  // Equity 100 → 110 → 99 → 108.9: daily returns +10 %, −10 %, +10 %.
  const m = computeBacktestMetrics(rows([100, 110, 99, 108.9]), MS_PER_DAY);

  it('return and PnL', () => {
    expect(m.periods).toBe(3);
    expect(m.totalReturn).toBeCloseTo(0.089, 12);
    expect(m.pnlUsd).toBeCloseTo(8.9, 12);
    // 3 days: 1.089^(365/3) − 1.
    expect(m.annualisedReturn).toBeCloseTo(1.089 ** (365 / 3) - 1, 6);
  });

  it('Sharpe: mean 1/30, sample sd √(0.02666…/2) = 0.11547, × √365', () => {
    // (0.0333333 / 0.1154701) × 19.1049732 = 5.5151
    expect(m.sharpe).toBeCloseTo(5.51513, 4);
  });

  it('Sortino: downside deviation √(0.01/3) = 0.057735, × √365', () => {
    // (0.0333333 / 0.0577350) × 19.1049732 = 11.0302
    expect(m.sortino).toBeCloseTo(11.03026, 4);
  });

  it('max drawdown 10 % from the 110 peak, not recovered: 2 days to the end', () => {
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.maxDrawdownUsd).toBeCloseTo(11, 12);
    expect(m.maxDrawdownRecovered).toBe(false);
    expect(m.maxDrawdownDurationMs).toBe(2 * MS_PER_DAY);
    expect(drawdownSeries(rows([100, 110, 99, 108.9])).map((d) => +d.toFixed(6))).toEqual([0, 0, 0.1, 0.01]);
  });

  it('P(loss): log returns ln1.1, ln0.9, ln1.1 → mean 0.02842, sd 0.11586; Φ(−0.02842·3 / (0.11586·√3)) = Φ(−0.4249)', () => {
    expect(m.probabilityOfLoss).toBeCloseTo(0.33546, 4);
  });

  it('fees, volume and turnover from the last row and the mean equity', () => {
    expect(m.feesUsd).toBe(1.5);
    expect(m.volumeUsd).toBe(300);
    expect(m.turnover).toBeCloseTo(300 / ((100 + 110 + 99 + 108.9) / 4), 12);
  });

  it('dates the end of a recovered drawdown', () => {
    const r = computeBacktestMetrics(rows([100, 80, 90, 100, 120]), MS_PER_DAY);
    expect(r.maxDrawdown).toBeCloseTo(0.2, 12);
    expect(r.maxDrawdownRecovered).toBe(true);
    expect(r.maxDrawdownDurationMs).toBe(3 * MS_PER_DAY);
  });

  it('copes with empty and flat histories', () => {
    expect(computeBacktestMetrics([], 60_000)).toMatchObject({ periods: 0, sharpe: null, sortino: null, probabilityOfLoss: null, maxDrawdown: 0 });
    expect(computeBacktestMetrics(rows([100, 100, 100]), 60_000)).toMatchObject({ sharpe: null, sortino: null, probabilityOfLoss: 0, totalReturn: 0 });
  });
});

describe('portfolio history', () => {
  it('samples on a fixed grid of the replay clock; without USD rates it retries every second until the first sample', () => {
    const clock = new ReplayClock(T0);
    const p = new Portfolio({ initialCash: [{ venue: 'polymarket', currency: 'USD', amount: 100 }, { venue: 'deribit', currency: 'BTC', amount: 1 }] });
    const h = new PortfolioHistory(p, 60_000);
    h.start(clock);
    clock.advanceTo(T0 + 90_000);
    p.setUsdRate('BTC', 50_000);
    clock.advanceTo(T0 + 250_000);
    h.stop(T0 + 250_000);
    // Skipped at 0 s and every second to 90 s; the first sample lands at 91 s, then every 60 s.
    expect(h.skipped).toBe(91);
    expect(h.rows.map((r) => r.ts - T0)).toEqual([91_000, 151_000, 211_000, 250_000]);
    expect(h.rows[0]!.equityUsd).toBe(50_100);
    h.recordEdge(T0, 'edge', 0.02);
    h.recordEdge(T0, 'edge', Number.NaN);
    expect(h.edges).toHaveLength(1);
  });
});

describe('report files', () => {
  const data = { rows: rows([100, 101, 99, 102], 60_000), edges: [{ ts: T0, label: 'edge <b>', value: 0.01 }, { ts: T0 + 60_000, label: 'edge <b>', value: 0.02 }] };
  const report = buildBacktestReport({
    strategy: '<script>alert("x")</script>', rows: data.rows, periodMs: 60_000, settings: { seed: 7, note: 'a & b' },
    final: {
      ts: T0, equityUsd: 102, cashUsd: 100, positionsValueUsd: 2, realisedPnlUsd: 0, unrealisedPnlUsd: 0, feesUsd: 0, cash: [],
      positions: [{ venue: 'polymarket', symbol: '<img src=x onerror=alert(1)>', quantity: 4, averagePrice: 0.5, markPrice: 0.5, currency: 'USD', valueUsd: 2, unrealisedPnlUsd: 0, realisedPnlUsd: 0 }],
      venues: [{ venue: 'polymarket', cashUsd: 100, positionsValueUsd: 2, equityUsd: 102, feesUsd: 0, volumeUsd: 2, fills: 1 }],
    },
  });

  it('writes an HTML report with no external URL, no script and every name escaped', () => {
    const html = renderHtmlReport(report, data);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[^>]*\s(on[a-z]+|src|href)\s*=/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('edge &lt;b&gt;');
    expect(html).toContain('a &amp; b');
    expect((html.match(/<svg /g) ?? []).length).toBe(4); // equity, drawdown, positions, edges
  });

  it('writes the CSV history with its documented header', () => {
    const csv = historyCsv(data.rows);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(HISTORY_CSV_HEADER);
    expect(lines).toHaveLength(5);
    expect(lines[3]).toBe(`${T0 + 120_000},2024-01-01T00:02:00.000Z,99.000000,99.000000,0.000000,0.000000,0.000000,1.000000,0.000000,0,200.000000,0.01980198`);
  });

  it('writes JSON, CSV and HTML under file names made safe from the strategy name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arbiter-report-'));
    try {
      const files = await writeBacktestReport(join(dir, 'out'), report, data);
      expect(files.csv).toBe(join(dir, 'out', `${fileStem(report.strategy)}_history.csv`));
      expect(fileStem(report.strategy)).toBe('_script_alert__x____script_');
      expect(JSON.parse(await readFile(files.json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
      expect(await readFile(files.html, 'utf8')).toContain('<!DOCTYPE html>');
      expect(fileStem('Cross Market/BTC')).toBe('Cross_Market_BTC');
      expect(fileStem('..')).toBe('_');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints a text summary', () => {
    const text = formatBacktestSummary(report);
    expect(text).toContain('Total return');
    expect(text).toContain('Sharpe (annualised, 1.0 min returns)');
    expect(text).toContain('Open positions:');
    expect(text).toMatch(/Trading PnL \(vs holding the starting cash\)\s+n\/a/); // not given: never a made-up 0
    expect(formatBacktestSummary({ ...report, tradingPnlUsd: -12.5 })).toMatch(/Trading PnL \(vs holding the starting cash\)\s+\$-12\.50/);
  });
});
