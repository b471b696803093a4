/** Overview: totals, PnL over time per strategy, venue health, strategies with their switches. */
import type { StrategySummaryView } from '../../dashboard-source.js';
import type { EquitySeries, VenueRate } from '../../session-sampler.js';
import { getJson, postJson } from '../api.js';
import { LineChart } from '../charts.js';
import { h, replace } from '../dom.js';
import { age, formatValue } from '../format.js';
import { KeyedRows } from '../keyed-rows.js';
import { showMessage, type Page } from '../page.js';

export interface OverviewData {
  readonly ts: number;
  readonly mode: string;
  readonly control: { readonly state: string; readonly states: readonly string[] };
  readonly totals: { readonly equityUsd: number | null; readonly pnlUsd: number | null; readonly exposureUsd: number | null; readonly feesUsd: number | null };
  readonly strategies: readonly StrategySummaryView[];
  readonly venues: readonly VenueRate[];
}

const MAX_POINTS = 3_600;

export function overviewPage(): Page {
  const totals = ['Equity', 'PnL', 'Exposure', 'Fees', 'Trading'].map((label) => ({ label, value: h('span', { class: 'value', 'data-testid': `total-${label.toLowerCase()}` }, '—') }));
  const chart = new LineChart({ title: 'PnL per strategy (USD)', timeAxis: true, yLabel: 'USD', height: 240 });
  const history = new Map<string, { ts: number[]; pnl: Array<number | null> }>();
  const venues = new KeyedRows<VenueRate>('Venues', ['Venue', 'Connection', 'Msgs/s', 'Events', 'Last event', 'Bad frames', 'Reconnects', 'Gaps', 'Resyncs'], (v) => v.venue, (cells, v) => {
    const state = v.connected === true ? 'connected' : v.connected === false ? 'disconnected' : v.lastEventMs !== null && Date.now() - v.lastEventMs < 5_000 ? 'receiving' : 'silent';
    const values = [v.venue, state, v.eventsPerSec.toFixed(1), formatValue(v.events, 'int'), age(v.lastEventMs), formatValue(v.badFrames, 'int'), formatValue(v.reconnects, 'int'), formatValue(v.gaps, 'int'), formatValue(v.resyncs, 'int')];
    values.forEach((text, i) => {
      cells[i]!.textContent = text;
    });
    cells[1]!.className = `conn-${state}`;
    cells[3]!.setAttribute('data-testid', `venue-events-${v.venue}`);
  }, 'venues');
  const strategies = new KeyedRows<StrategySummaryView>('Strategies', ['Strategy', 'Enabled', 'Events', 'Errors', 'Orders', 'Fills', 'Equity', 'PnL', 'Exposure'], (s) => s.name, (cells, s, created) => {
    if (created) {
      replace(cells[0]!, h('a', { href: `#/s/${encodeURIComponent(s.name)}` }, s.name));
      const button = h('button', { type: 'button', 'data-testid': `toggle-${s.name}` });
      button.addEventListener('click', () => {
        const enable = button.dataset.enabled !== 'true';
        button.disabled = true;
        postJson(`/api/strategies/${encodeURIComponent(s.name)}/enabled`, { enabled: enable })
          .then(() => showMessage(''), (e: Error) => showMessage(e.message))
          .finally(() => { button.disabled = false; });
      });
      replace(cells[1]!, button);
    }
    const button = cells[1]!.firstElementChild as HTMLButtonElement;
    button.dataset.enabled = String(s.enabled);
    button.textContent = s.enabled ? 'on · disable' : 'off · enable';
    button.className = s.enabled ? 'on' : 'off';
    const values = [formatValue(s.events, 'int'), formatValue(s.errors, 'int'), formatValue(s.orders, 'int'), formatValue(s.fills, 'int'), formatValue(s.equityUsd, 'usd'), formatValue(s.pnlUsd, 'usd'), formatValue(s.exposureUsd, 'usd')];
    values.forEach((text, i) => {
      cells[i + 2]!.textContent = text;
    });
    if (s.lastError) cells[3]!.title = s.lastError;
  }, 'strategies');
  const element = h('div', { class: 'page overview' },
    h('section', { class: 'cards' }, ...totals.map((t) => h('div', { class: 'card metric big' }, h('span', { class: 'label' }, t.label), t.value))),
    h('section', { class: 'card' }, chart.element), venues.element, strategies.element);

  const redraw = (): void => {
    const names = [...history.keys()];
    const xs = [...new Set(names.flatMap((n) => history.get(n)!.ts))].sort((a, b) => a - b);
    const ys = names.map((n) => {
      const s = history.get(n)!;
      const byTs = new Map(s.ts.map((t, i) => [t, s.pnl[i] ?? null]));
      return xs.map((t) => byTs.get(t) ?? null);
    });
    chart.setData(names.map((label) => ({ label })), xs.map((t) => t / 1000), ys);
  };
  void getJson<EquitySeries[]>('/api/pnl').then((series) => {
    for (const s of series) {
      const mine = history.get(s.name) ?? { ts: [], pnl: [] };
      const merged = new Map<number, number | null>(s.ts.map((t, i) => [t, s.pnlUsd[i] ?? null]));
      mine.ts.forEach((t, i) => merged.set(t, mine.pnl[i] ?? null));
      const ts = [...merged.keys()].sort((a, b) => a - b);
      history.set(s.name, { ts, pnl: ts.map((t) => merged.get(t) ?? null) });
    }
    redraw();
  }, (e: Error) => showMessage(`PnL history: ${e.message}`));

  let lastPointMs = 0;
  return {
    element,
    topics: ['overview'],
    onUpdate(topic, raw) {
      if (topic !== 'overview') return;
      const data = raw as OverviewData;
      const t = data.totals;
      [formatValue(t.equityUsd, 'usd'), formatValue(t.pnlUsd, 'usd'), formatValue(t.exposureUsd, 'usd'), formatValue(t.feesUsd, 'usd'), data.control.state]
        .forEach((text, i) => {
          totals[i]!.value.textContent = text;
        });
      venues.setRows(data.venues);
      strategies.setRows(data.strategies);
      if (data.ts - lastPointMs >= 1_000) {
        lastPointMs = data.ts;
        for (const s of data.strategies) {
          let series = history.get(s.name);
          if (!series) history.set(s.name, (series = { ts: [], pnl: [] }));
          series.ts.push(data.ts);
          series.pnl.push(s.pnlUsd);
          if (series.ts.length > MAX_POINTS) {
            series.ts.shift();
            series.pnl.shift();
          }
        }
        redraw();
      }
    },
  };
}
