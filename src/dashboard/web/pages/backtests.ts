/** The backtest report viewer: reports of the server's report directory, their metrics and equity curve. */
import type { BacktestReportListing, BacktestReportView } from '../../backtest-reports.js';
import { getJson } from '../api.js';
import { LineChart } from '../charts.js';
import { h, replace } from '../dom.js';
import type { Page } from '../page.js';
import { DataTable } from '../table.js';

export function backtestsPage(): Page {
  const select = h('select', { 'aria-label': 'report', 'data-testid': 'report-select' });
  const summary = h('dl', { class: 'summary', 'data-testid': 'report-summary' });
  const equity = new LineChart({ title: 'Equity (USD)', timeAxis: true, yLabel: 'USD', height: 240 });
  const drawdown = new LineChart({ title: 'Drawdown (%)', timeAxis: true, yLabel: '%', height: 180 });
  const positions = new DataTable<BacktestReportView['positions'][number]>('Final positions', [
    { label: 'Venue', key: 'venue', format: 'text' }, { label: 'Symbol', key: 'symbol', format: 'text' }, { label: 'Quantity', key: 'quantity', format: 'num4' },
    { label: 'Mark', key: 'markPrice', format: 'num4' }, { label: 'Value', key: 'valueUsd', format: 'usd' },
  ]);
  const detail = h('div', { class: 'report' }, h('section', { class: 'card' }, h('h3', null, 'Summary'), summary), h('section', { class: 'card' }, equity.element, drawdown.element), positions.element);
  const element = h('div', { class: 'page backtests' }, h('div', { class: 'page-head' }, h('h2', null, 'Backtest reports'), select), detail);

  const show = (id: string): void => {
    getJson<BacktestReportView>(`/api/backtests/${encodeURIComponent(id)}`).then((r) => {
      replace(summary, ...r.summary.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
      const x = r.history?.ts.map((t) => t / 1000) ?? [];
      equity.setData([{ label: r.strategy }], x, [r.history?.equityUsd ?? []]);
      drawdown.setData([{ label: 'drawdown', color: '#e05d6f' }], x, [(r.history?.drawdown ?? []).map((d) => -d * 100)]);
      positions.setRows(r.positions);
    }, (e: Error) => replace(summary, h('dd', { class: 'error' }, e.message)));
  };
  select.addEventListener('change', () => show(select.value));
  getJson<BacktestReportListing[]>('/api/backtests').then((list) => {
    if (list.length === 0) {
      replace(detail, h('p', { class: 'muted' }, 'No reports. Start the dashboard with --reports DIR (a directory `arbiter backtest --out` wrote).'));
      return;
    }
    replace(select, ...list.map((r) => {
      const o = h('option', null, r.strategy);
      o.value = r.id;
      return o;
    }));
    show(list[0]!.id);
  }, (e: Error) => replace(detail, h('p', { class: 'error' }, e.message)));
  return { element, topics: ['overview'], onUpdate() {} };
}
