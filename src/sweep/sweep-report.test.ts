import { describe, expect, it } from 'vitest';
import type { BacktestMetrics } from '../backtest/report/backtest-metrics.js';
import type { CellSpec, SweepCell } from './cell-spec.js';
import type { CellResult } from './run-cell.js';
import { formatSweepTable, rankRows, type SweepOutcome } from './run-sweep.js';
import { heatMapSvg, renderSweepHtml } from './sweep-report.js';

const metrics = (pnlUsd: number, maxDrawdown: number): BacktestMetrics => ({
  periodMs: 60_000, periods: 10, startTs: 0, endTs: 1, startEquityUsd: 1000, endEquityUsd: 1000 + pnlUsd, pnlUsd, totalReturn: pnlUsd / 1000,
  annualisedReturn: null, sharpe: null, sortino: null, maxDrawdown, maxDrawdownUsd: maxDrawdown * 1000, maxDrawdownDurationMs: 0,
  maxDrawdownRecovered: true, probabilityOfLoss: null, feesUsd: 0, volumeUsd: 0, turnover: 0,
});
const spec = {} as CellSpec;
const cells: SweepCell[] = [
  { hash: 'a', params: { x: 1, y: 'p' }, spec }, { hash: 'b', params: { x: 2, y: 'p' }, spec },
  { hash: 'c', params: { x: 1, y: 'q' }, spec }, { hash: 'd', params: { x: 2, y: 'q' }, spec },
];
const result = (pnl: number, dd: number): CellResult => ({ records: 1, events: 1, strategies: [{ name: 'S', type: 'momentum', metrics: metrics(pnl, dd), fills: 3 }] });
const results = new Map([['a', result(5, 0.3)], ['b', result(-2, 0.1)], ['c', result(9, 0.2)], ['d', result(1, 0.05)]]);
const axes = [{ key: 'x', values: [1, 2] }, { key: 'y', values: ['p', 'q'] }];

describe('rankRows', () => {
  it('ranks by the metric in its direction', () => {
    expect(rankRows(cells, results, 'pnlUsd').map((r) => r.hash)).toEqual(['c', 'a', 'd', 'b']);
    expect(rankRows(cells, results, 'maxDrawdown').map((r) => r.hash)).toEqual(['d', 'b', 'c', 'a']);
  });
  it('puts missing values last in grid order', () => {
    expect(rankRows(cells, results, 'sharpe').map((r) => [r.hash, r.value])).toEqual([['a', null], ['b', null], ['c', null], ['d', null]]);
  });
});

describe('sweep report', () => {
  const outcome: SweepOutcome = { metric: 'pnlUsd', axes, cells: 4, reused: 0, wallMs: 1, rows: rankRows(cells, results, 'pnlUsd') };
  it('draws one square per grid point, best green and worst red', () => {
    const svg = heatMapSvg(outcome, 'S');
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toContain('x=1 y=q: 9</title>');
    expect(svg).toMatch(/fill="hsl\(120 70% 55%\)"><title>x=1 y=q/);
    expect(svg).toMatch(/fill="hsl\(0 70% 55%\)"><title>x=2 y=p/);
    const html = renderSweepHtml(outcome);
    expect(html).toContain('<svg');
    expect(html.indexOf('<td>c</td>')).toBeLessThan(html.indexOf('<td>b</td>'));
  });
  it('prints the table best first', () => {
    const lines = formatSweepTable(outcome).split('\n');
    expect(lines[0]).toMatch(/^#\s+strategy\s+x\s+y\s+pnlUsd/);
    expect(lines[1]).toMatch(/^1\s+S\s+1\s+q\s+9\s/);
  });
});
