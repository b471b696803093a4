/** Renders a strategy's widget schema; each widget updates in place from the newest state. */
import type { Widget } from '../widget-schema.js';
import { colorAt, LineChart } from './charts.js';
import { at, h, replace } from './dom.js';
import { formatValue } from './format.js';
import { DataTable } from './table.js';

export interface WidgetView {
  readonly element: HTMLElement;
  update(state: unknown): void;
}

type Row = Record<string, unknown>;
const rowsAt = (state: unknown, path: string): Row[] => {
  const v = at(state, path);
  return Array.isArray(v) ? (v.filter((r) => typeof r === 'object' && r !== null) as Row[]) : [];
};
const LEVELS = new Set(['info', 'warn', 'signal', 'trade', 'error']);

function metrics(w: Extract<Widget, { type: 'metrics' }>): WidgetView {
  const values = w.items.map(() => h('span', { class: 'value' }, '—'));
  const element = h('section', { class: 'card' }, h('h3', null, w.title),
    h('div', { class: 'metrics' }, ...w.items.map((item, i) => h('div', { class: 'metric', 'data-path': item.path }, h('span', { class: 'label' }, item.label), values[i]!))));
  return {
    element,
    update: (state) => w.items.forEach((item, i) => {
      values[i]!.textContent = formatValue(at(state, item.path), item.format);
    }),
  };
}

function table(w: Extract<Widget, { type: 'table' }>): WidgetView {
  const t = new DataTable<Row>(w.title, w.columns, { sortBy: w.sortBy, descending: w.descending, testId: `table-${w.path}` });
  return { element: t.element, update: (state) => t.setRows(rowsAt(state, w.path)) };
}

interface SmilePoint { strike: number; right: string; marketIv: number; modelIv: number }

function smiles(w: Extract<Widget, { type: 'smiles' }>): WidgetView {
  const grid = h('div', { class: 'chart-grid' });
  const element = h('section', { class: 'card' }, h('h3', null, w.title), grid);
  const charts = new Map<number, LineChart>();
  return {
    element,
    update: (state) => {
      const rows = rowsAt(state, w.path);
      const seen = new Set<number>();
      rows.forEach((row, i) => {
        const expiry = Number(row.expiryMs);
        seen.add(expiry);
        let chart = charts.get(expiry);
        if (!chart) {
          chart = new LineChart({ title: `${formatValue(expiry, 'date')} · ATM ${formatValue(row.atmVol, 'pct')}`, timeAxis: false, xLabel: 'strike', yLabel: 'IV %', height: 200 });
          charts.set(expiry, chart);
        }
        const points = (Array.isArray(row.points) ? (row.points as SmilePoint[]) : []).slice().sort((a, b) => a.strike - b.strike);
        const strikes = [...new Set(points.map((p) => p.strike))];
        const index = new Map(strikes.map((k, j) => [k, j]));
        const fitted: Array<number | null> = strikes.map(() => null);
        const calls: Array<number | null> = strikes.map(() => null);
        const puts: Array<number | null> = strikes.map(() => null);
        for (const p of points) {
          const j = index.get(p.strike)!;
          fitted[j] = p.modelIv * 100;
          (p.right === 'put' ? puts : calls)[j] = p.marketIv * 100;
        }
        chart.setData([
          { label: 'fitted', color: colorAt(i) }, { label: 'market calls', pointsOnly: true, color: '#5cc98b' }, { label: 'market puts', pointsOnly: true, color: '#e05d6f' },
        ], strikes, [fitted, calls, puts]);
      });
      for (const [expiry, chart] of charts) if (!seen.has(expiry)) {
        chart.element.remove();
        charts.delete(expiry);
      }
      const ordered = [...charts.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c.element);
      if (ordered.some((el, i) => grid.children[i] !== el) || grid.children.length !== ordered.length) replace(grid, ...ordered);
      if (ordered.length === 0) replace(grid, h('p', { class: 'muted' }, 'no smile fitted yet'));
    },
  };
}

function distribution(w: Extract<Widget, { type: 'distribution' }>): WidgetView {
  const chart = new LineChart({ title: w.title, timeAxis: true, yLabel: 'USD', height: 240 });
  const element = h('section', { class: 'card' }, chart.element);
  const ps = [0.05, 0.25, 0.5, 0.75, 0.95];
  return {
    element,
    update: (state) => {
      const rows = rowsAt(state, w.path).slice().sort((a, b) => Number(a.expiryMs) - Number(b.expiryMs));
      const x = rows.map((r) => Number(r.expiryMs) / 1000);
      const ys = ps.map((p) => rows.map((r) => {
        const q = (Array.isArray(r.quantiles) ? (r.quantiles as Array<{ p: number; price: number }>) : []).find((e) => Math.abs(e.p - p) < 1e-9);
        return q ? q.price : null;
      }));
      ys.push(rows.map((r) => (typeof r.forward === 'number' ? r.forward : null)));
      chart.setData([...ps.map((p) => ({ label: `p${Math.round(p * 100)}` })), { label: 'forward', color: '#ffffff' }], x, ys);
    },
  };
}

function series(w: Extract<Widget, { type: 'series' }>): WidgetView {
  const chart = new LineChart({ title: w.title, timeAxis: false, xLabel: 'sample', height: 200 });
  return {
    element: h('section', { class: 'card' }, chart.element),
    update: (state) => {
      const v = at(state, w.path);
      const ys = Array.isArray(v) ? v.map((n) => (typeof n === 'number' ? n : null)) : [];
      chart.setData([{ label: w.title }], ys.map((_, i) => i), [ys]);
    },
  };
}

function seriesList(w: Extract<Widget, { type: 'series_list' }>): WidgetView {
  const grid = h('div', { class: 'chart-grid' });
  const charts = new Map<string, LineChart>();
  return {
    element: h('section', { class: 'card' }, h('h3', null, w.title), grid),
    update: (state) => {
      for (const row of rowsAt(state, w.path)) {
        const label = String(row[w.labelKey] ?? '?');
        let chart = charts.get(label);
        if (!chart) {
          chart = new LineChart({ title: label, timeAxis: false, xLabel: 'tick', height: 180 });
          charts.set(label, chart);
          grid.appendChild(chart.element);
        }
        const v = row[w.valuesKey];
        const ys = Array.isArray(v) ? v.map((n) => (typeof n === 'number' ? n : null)) : [];
        chart.setData([{ label }], ys.map((_, i) => i), [ys]);
      }
    },
  };
}

function log(w: Extract<Widget, { type: 'log' }>): WidgetView {
  const list = h('ol', { class: 'log', 'data-testid': 'activity-log' });
  return {
    element: h('section', { class: 'card' }, h('h3', null, w.title), list),
    update: (state) => {
      const entries = rowsAt(state, w.path).slice(-w.maxLines).reverse();
      replace(list, ...entries.map((e) => {
        const level = String(e.level ?? e.type ?? 'info');
        return h('li', { class: LEVELS.has(level) ? `lvl-${level}` : 'lvl-info' },
          h('span', { class: 'time' }, formatValue(e.timeMs, 'time')), h('span', { class: 'level' }, level), h('span', { class: 'msg' }, String(e.message ?? '')));
      }));
      if (entries.length === 0) list.appendChild(h('li', { class: 'muted' }, 'nothing yet'));
    },
  };
}

export function renderWidget(w: Widget): WidgetView {
  switch (w.type) {
    case 'metrics': return metrics(w);
    case 'table': return table(w);
    case 'smiles': return smiles(w);
    case 'distribution': return distribution(w);
    case 'series': return series(w);
    case 'series_list': return seriesList(w);
    case 'log': return log(w);
  }
}
