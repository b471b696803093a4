/**
 * The Lab pages: `#/lab` lists the research studies; `#/lab/<study>` has one control per declared
 * parameter (number, integer, select, boolean, with the declared bounds), a Run button, the
 * summary, the study's charts (uPlot) and tables. Runs go to POST /api/lab/studies/<name>/run;
 * every value reaches the DOM as text.
 */
import type { LabRunResponse, LabStudyListing } from '../../lab-routes.js';
import type { StudyChart, StudyParam, StudyTable } from '../../../lab/studies/study.js';
import { getJson, postJson } from '../api.js';
import { LineChart, type SeriesSpec } from '../charts.js';
import { h, replace } from '../dom.js';
import type { Page } from '../page.js';

let listing: Promise<LabStudyListing[]> | null = null;

/** The study list, fetched once per page load. */
function studies(): Promise<LabStudyListing[]> {
  listing ??= getJson<LabStudyListing[]>('/api/lab/studies').catch((e: unknown) => {
    listing = null;
    throw e;
  });
  return listing;
}

function studyNav(list: readonly LabStudyListing[], current: string | null): HTMLElement {
  return h('nav', { class: 'lab-nav', 'aria-label': 'studies' }, ...list.map((s) => h('a', { href: `#/lab/${encodeURIComponent(s.name)}`, class: s.name === current ? 'tab active' : 'tab', 'data-testid': `lab-study-${s.name}` }, s.title)));
}

export function labIndexPage(): Page {
  const body = h('div', { class: 'lab-list' }, h('p', { class: 'muted' }, 'loading studies…'));
  const element = h('div', { class: 'page lab' }, h('div', { class: 'page-head' }, h('h2', null, 'Lab')), body);
  studies().then((list) => {
    if (list.length === 0) {
      replace(body, h('p', { class: 'muted' }, 'No studies are registered.'));
      return;
    }
    replace(body, studyNav(list, null), ...list.map((s) => h('section', { class: 'card' }, h('h3', null, h('a', { href: `#/lab/${encodeURIComponent(s.name)}` }, s.title)), h('p', null, s.description))));
  }, (e: Error) => replace(body, h('p', { class: 'error' }, e.message)));
  return { element, topics: [], onUpdate() {} };
}

interface Control {
  readonly param: StudyParam;
  read(): number | string | boolean;
}

function control(p: StudyParam): { element: HTMLElement; control: Control } {
  const id = `param-${p.key}`;
  let input: HTMLInputElement | HTMLSelectElement;
  let read: () => number | string | boolean;
  if (p.kind === 'select') {
    const select = h('select', { id, 'data-testid': id });
    for (const o of p.options ?? []) {
      const option = h('option', null, o);
      option.value = o;
      select.appendChild(option);
    }
    select.value = String(p.default);
    input = select;
    read = () => select.value;
  } else if (p.kind === 'boolean') {
    const box = h('input', { id, type: 'checkbox', 'data-testid': id });
    box.checked = p.default === true;
    input = box;
    read = () => box.checked;
  } else {
    const num = h('input', { id, type: 'number', 'data-testid': id });
    if (p.min !== undefined) num.min = String(p.min);
    if (p.max !== undefined) num.max = String(p.max);
    num.step = p.step !== undefined ? String(p.step) : p.kind === 'integer' ? '1' : 'any';
    num.value = String(p.default);
    input = num;
    read = () => (num.value.trim() === '' ? Number.NaN : Number(num.value));
  }
  const label = h('label', { class: 'lab-param', title: p.help }, h('span', { class: 'label' }, p.label), input);
  label.setAttribute('for', id);
  return { element: label, control: { param: p, read } };
}

/** Study series (each with its own x) aligned on the union of their x values for uPlot. */
function aligned(chart: StudyChart): { specs: SeriesSpec[]; x: number[]; ys: Array<Array<number | null>> } {
  const scale = chart.timeAxis ? 1 / 1000 : 1;
  const xs = [...new Set(chart.series.flatMap((s) => s.x.filter((x) => Number.isFinite(x))))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = chart.series.map((s) => {
    const y = new Array<number | null>(xs.length).fill(null);
    const n = Math.min(s.x.length, s.y.length);
    for (let i = 0; i < n; i++) {
      const at = index.get(s.x[i]!);
      if (at !== undefined && Number.isFinite(s.y[i]!)) y[at] = s.y[i]!;
    }
    return y;
  });
  return { specs: chart.series.map((s) => ({ label: s.name, pointsOnly: s.kind === 'scatter' })), x: xs.map((x) => x * scale), ys };
}

function cellText(v: string | number | null): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-4) ? v.toExponential(3) : String(Number(v.toPrecision(6)));
}

function resultTable(t: StudyTable): HTMLElement {
  const head = h('tr', null, ...t.columns.map((c) => h('th', null, c)));
  const rows = t.rows.slice(0, 500).map((r) => h('tr', null, ...r.map((c) => h('td', { class: typeof c === 'number' ? 'num' : undefined }, cellText(c)))));
  return h('section', { class: 'card table-card', 'data-testid': 'lab-table', 'data-title': t.title }, h('h3', null, t.title),
    h('div', { class: 'scroll' }, h('table', null, h('thead', null, head), h('tbody', null, ...rows))),
    t.rows.length > 500 ? h('p', { class: 'muted' }, `first 500 of ${t.rows.length} rows`) : null);
}

export function labStudyPage(name: string): Page {
  const head = h('div', { class: 'page-head' }, h('h2', null, 'Lab'));
  const nav = h('div');
  const body = h('div', { class: 'lab-study' }, h('p', { class: 'muted' }, 'loading…'));
  const element = h('div', { class: 'page lab' }, head, nav, body);
  let charts: LineChart[] = [];
  let chartKey = '';
  let runs = 0;
  studies().then((list) => {
    replace(nav, studyNav(list, name));
    const study = list.find((s) => s.name === name);
    if (!study) {
      replace(body, h('p', { class: 'error' }, `No study named ${name}.`));
      return;
    }
    const built = study.params.map(control);
    const run = h('button', { type: 'button', 'data-testid': 'lab-run' }, 'Run');
    const status = h('span', { class: 'muted', 'data-testid': 'lab-status', 'data-runs': '0' }, 'not run yet');
    const summary = h('dl', { class: 'summary', 'data-testid': 'lab-summary' });
    const chartBox = h('section', { class: 'card lab-charts', 'data-testid': 'lab-charts' });
    const tables = h('div', { class: 'widgets', 'data-testid': 'lab-tables' });
    const form = h('section', { class: 'card lab-controls' }, h('h3', null, 'Parameters'), h('div', { class: 'lab-params' }, ...built.map((b) => b.element)), h('div', { class: 'lab-actions' }, run, status));
    replace(body, h('section', { class: 'card' }, h('h3', { 'data-testid': 'lab-title' }, study.title), h('p', null, study.description)), form,
      h('section', { class: 'card' }, h('h3', null, 'Summary'), summary), chartBox, tables);

    const show = (r: LabRunResponse): void => {
      replace(summary, ...Object.entries(r.result.summary).flatMap(([k, v]) => [h('dt', null, k), h('dd', { 'data-key': k }, cellText(v))]));
      const key = r.result.charts.map((c) => `${c.title}|${c.timeAxis ? 1 : 0}`).join('\u0000');
      if (key !== chartKey) {
        chartKey = key;
        charts = r.result.charts.map((c) => new LineChart({ title: c.title, timeAxis: c.timeAxis === true, xLabel: c.xLabel, yLabel: c.yLabel, height: 240 }));
        replace(chartBox, ...charts.map((c) => c.element));
      }
      r.result.charts.forEach((c, i) => {
        const a = aligned(c);
        charts[i]!.setData(a.specs, a.x, a.ys);
      });
      replace(tables, ...r.result.tables.map(resultTable));
    };
    const go = (): void => {
      const params: Record<string, number | string | boolean> = {};
      for (const b of built) {
        const v = b.control.read();
        if (typeof v === 'number' && !Number.isFinite(v)) {
          status.textContent = `${b.control.param.label}: enter a number`;
          status.className = 'error';
          return;
        }
        params[b.control.param.key] = v;
      }
      run.disabled = true;
      status.className = 'muted';
      status.textContent = 'running…';
      postJson<LabRunResponse>(`/api/lab/studies/${encodeURIComponent(study.name)}/run`, { params }).then((r) => {
        show(r);
        runs++;
        status.className = 'muted';
        status.textContent = `run ${runs} took ${r.runMs} ms`;
        status.dataset.runs = String(runs);
      }, (e: Error) => {
        status.className = 'error';
        status.textContent = e.message;
      }).finally(() => { run.disabled = false; });
    };
    run.addEventListener('click', go);
    go();
  }, (e: Error) => replace(body, h('p', { class: 'error' }, e.message)));
  return { element, topics: [], onUpdate() {} };
}
