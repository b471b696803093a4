/**
 * The dashboard page: a header with tabs, the trading state and the kill switch; one page at a
 * time chosen by the URL fragment (#/, #/s/<strategy>, #/trading, #/backtests, #/lab, #/lab/<study>); live updates over
 * one WebSocket. Every piece of data reaches the DOM as text.
 */
import './style.css';
import { postJson } from './api.js';
import { byId, h, replace } from './dom.js';
import { LiveConnection, type TopicUpdate } from './live.js';
import { showMessage, type Page } from './page.js';
import { backtestsPage } from './pages/backtests.js';
import { labIndexPage, labStudyPage } from './pages/lab.js';
import { overviewPage, type OverviewData } from './pages/overview.js';
import { strategyPage } from './pages/strategy.js';
import { tradingPage } from './pages/trading.js';

let page: Page | null = null;
let route = '';
let strategyNames: string[] = [];
const latest = new Map<string, unknown>();

function pageFor(hash: string): Page {
  if (hash.startsWith('#/s/')) return strategyPage(decodeURIComponent(hash.slice(4)));
  if (hash === '#/trading') return tradingPage();
  if (hash === '#/backtests') return backtestsPage();
  if (hash.startsWith('#/lab/')) return labStudyPage(decodeURIComponent(hash.slice(6)));
  if (hash === '#/lab') return labIndexPage();
  return overviewPage();
}

function renderTabs(): void {
  const current = location.hash || '#/';
  const tab = (href: string, label: string): HTMLElement => h('a', { href, class: href === current || (href === '#/lab' && current.startsWith('#/lab/')) ? 'tab active' : 'tab', 'data-testid': `tab-${label}` }, label);
  replace(byId('tabs'), tab('#/', 'Overview'), ...strategyNames.map((n) => tab(`#/s/${encodeURIComponent(n)}`, n)), tab('#/trading', 'Positions & orders'), tab('#/backtests', 'Backtests'), tab('#/lab', 'Lab'));
}

function navigate(live: LiveConnection): void {
  const hash = location.hash || '#/';
  if (hash === route && page) return;
  route = hash;
  page?.dispose?.();
  page = pageFor(hash);
  replace(byId('page'), page.element);
  renderTabs();
  live.setTopics(page.topics);
  for (const t of page.topics) if (latest.has(t)) page.onUpdate(t, latest.get(t));
}

function onOverview(data: OverviewData, version: number): void {
  byId('mode').textContent = data.mode;
  const names = data.strategies.map((s) => s.name);
  if (names.join('\u0000') !== strategyNames.join('\u0000')) {
    strategyNames = names;
    renderTabs();
  }
  const badge = byId('trading-state');
  badge.textContent = data.control.state;
  badge.dataset.state = data.control.state;
  byId<HTMLButtonElement>('halt').hidden = data.control.state === 'halted';
  byId<HTMLButtonElement>('resume').hidden = data.control.state === 'active';
  const last = byId('last-update');
  last.textContent = `updated ${new Date(data.ts).toISOString().slice(11, 23)} UTC`;
  last.dataset.version = String(version);
  last.dataset.ts = String(data.ts);
}

function setControl(state: 'active' | 'halted', button: HTMLButtonElement): void {
  button.disabled = true;
  postJson('/api/control', { state }).then(() => showMessage(''), (e: Error) => showMessage(e.message)).finally(() => { button.disabled = false; });
}

function start(): void {
  const live = new LiveConnection((u: TopicUpdate) => {
    latest.set(u.topic, u.data);
    if (u.topic === 'overview') onOverview(u.data as OverviewData, u.version);
    page?.onUpdate(u.topic, u.data);
  }, (state) => {
    const conn = byId('conn');
    conn.dataset.state = state;
    conn.textContent = state;
  });
  const halt = byId<HTMLButtonElement>('halt');
  const resume = byId<HTMLButtonElement>('resume');
  halt.addEventListener('click', () => setControl('halted', halt));
  resume.addEventListener('click', () => setControl('active', resume));
  resume.hidden = true;
  window.addEventListener('hashchange', () => navigate(live));
  navigate(live);
  live.start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
