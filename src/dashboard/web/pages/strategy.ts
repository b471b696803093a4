/** One strategy's tab: an enable switch and the widgets of its schema, fed by `strategy:<name>`. */
import type { WidgetSchema } from '../../widget-schema.js';
import { getJson, postJson } from '../api.js';
import { h, replace } from '../dom.js';
import { showMessage, type Page } from '../page.js';
import { renderWidget, type WidgetView } from '../widgets.js';

interface StrategyTopic {
  readonly name: string;
  readonly enabled: boolean;
  readonly state: unknown;
}

export function strategyPage(name: string): Page {
  const topic = `strategy:${name}`;
  const status = h('span', { class: 'badge', 'data-testid': 'strategy-enabled' }, '…');
  const toggle = h('button', { type: 'button', 'data-testid': 'strategy-toggle' }, '…');
  const body = h('div', { class: 'widgets' }, h('p', { class: 'muted' }, 'loading…'));
  const element = h('div', { class: 'page strategy', 'data-strategy': name }, h('div', { class: 'page-head' }, h('h2', null, name), status, toggle), body);
  let views: WidgetView[] | null = null;
  let pending: StrategyTopic | null = null;
  let enabled = true;

  toggle.addEventListener('click', () => {
    toggle.disabled = true;
    postJson(`/api/strategies/${encodeURIComponent(name)}/enabled`, { enabled: !enabled })
      .then(() => showMessage(''), (e: Error) => showMessage(e.message))
      .finally(() => { toggle.disabled = false; });
  });
  const apply = (data: StrategyTopic): void => {
    enabled = data.enabled;
    status.textContent = data.enabled ? 'enabled' : 'disabled';
    status.dataset.state = data.enabled ? 'on' : 'off';
    toggle.textContent = data.enabled ? 'Disable' : 'Enable';
    if (!views) {
      pending = data;
      return;
    }
    for (const v of views) v.update(data.state);
  };
  getJson<WidgetSchema>(`/api/strategies/${encodeURIComponent(name)}/schema`).then((schema) => {
    views = schema.widgets.map(renderWidget);
    replace(body, ...views.map((v) => v.element));
    if (pending) apply(pending);
  }, (e: Error) => replace(body, h('p', { class: 'error' }, `cannot load the strategy: ${e.message}`)));

  return {
    element,
    topics: ['overview', topic],
    onUpdate(t, data) {
      if (t === topic) apply(data as StrategyTopic);
    },
  };
}
