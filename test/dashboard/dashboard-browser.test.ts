/**
 * The dashboard in real headless Chromium (Debian's /usr/bin/chromium through playwright-core)
 * against the demo running in-process on the venue simulators: it loads, updates live within a
 * second, switches a strategy off and on, presses the kill switch, shows a hostile market name
 * as text, and refuses requests without the token when bound to another address. Screenshots
 * of every page go to test-artifacts/dashboard/.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestCommand } from '../../src/cli/commands/backtest.js';
import { runDemo } from '../../src/cli/commands/demo.js';
import { DEFAULT_CONFIG_TOML } from '../../src/cli/config/default-config.js';
import { tradingSessionDashboard, type TradingSession } from '../../src/cli/session/trading-session.js';
import { startDashboard, type DashboardServer } from '../../src/dashboard/dashboard-server.js';
import { silentLogger } from '../../src/engine/logger.js';

const ARTIFACTS = new URL('../../test-artifacts/dashboard/', import.meta.url).pathname;
const HOSTILE = 'BTC-<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
const EXAMPLE = new URL('../../examples/demo-btc/', import.meta.url).pathname;

let dir: string;
let browser: Browser;
let page: Page;
let session: TradingSession;
let dashboard: DashboardServer;
const stop = new AbortController();
let demo: Promise<unknown>;

async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The page's globals as used inside `page.waitForFunction` predicates (this file compiles without the DOM library). */
interface BrowserGlobal {
  document: {
    getElementById(id: string): { dataset: Record<string, string | undefined> } | null;
    querySelector(selector: string): { textContent: string | null } | null;
  };
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-dash-'));
  await mkdir(ARTIFACTS, { recursive: true });
  const reports = join(dir, 'reports');
  await backtestCommand({
    file: ['deribit', 'derive', 'polymarket'].map((v) => join(EXAMPLE, `${v}.jsonl.gz`)), speed: 1, out: reports, progress: false, logLevel: 'silent', strategies: 'GammaScalp-BTC',
  });
  // The demo's configuration plus one Momentum strategy watching a market whose name is hostile markup.
  const config = join(dir, 'demo.toml');
  await writeFile(config, `${DEFAULT_CONFIG_TOML}
[[strategies]]
type = "momentum"
name = "Momentum-XSS"
[[strategies.instruments]]
venue = "deribit"
symbol = ${JSON.stringify(HOSTILE)}
`);
  const started = new Promise<void>((resolve) => {
    demo = runDemo({
      config, seed: 2, statusEvery: 3_600, json: true, dashboard: 0, reports, signal: stop.signal,
      onStarted: (r) => {
        session = r.session;
        dashboard = r.dashboard!;
        resolve();
      },
    }, silentLogger, () => {});
    demo.catch(() => resolve());
  });
  await started;
  if (!dashboard) await demo; // surfaces the start-up error
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => { throw e; });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  stop.abort();
  await demo;
  await rm(dir, { recursive: true, force: true });
});

describe('dashboard in Chromium on the demo', () => {
  it('loads the overview and shows live updates within a second', async () => {
    await page.goto(dashboard.url);
    await page.waitForSelector('#conn[data-state="connected"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="venue-events-deribit"]', { timeout: 10_000 });
    const firstTs = Number(await page.getAttribute('#last-update', 'data-ts', { timeout: 5_000 }));
    const firstEvents = await page.textContent('[data-testid="venue-events-deribit"]');
    const t0 = Date.now();
    // Functions, not strings: the page's CSP forbids eval, which string predicates need.
    await page.waitForFunction((ts) => Number((globalThis as unknown as BrowserGlobal).document.getElementById('last-update')?.dataset.ts) > ts, firstTs, { timeout: 1_000, polling: 20 });
    await page.waitForFunction((n) => (globalThis as unknown as BrowserGlobal).document.querySelector('[data-testid="venue-events-deribit"]')?.textContent !== n, firstEvents, { timeout: 1_500, polling: 20 });
    expect(Date.now() - t0).toBeLessThan(1_500);
    // One venue row per connected feed (Deribit, Derive, Polymarket and the lab strategies' CEX venues), and every strategy with a switch.
    expect(session.hub.venues.length).toBeGreaterThanOrEqual(5);
    expect(await page.locator('[data-testid="venues"] tbody tr').count()).toBe(session.hub.venues.length);
    for (const s of session.accounts) expect(await page.locator(`[data-testid="toggle-${s.strategy.name}"]`).count()).toBe(1);
    await waitFor('the PnL chart', () => page.locator('.overview canvas').count());
    await shot('overview');
  });

  it('disables and re-enables a strategy from the page (the engine stops and resumes feeding it)', async () => {
    const name = 'GammaScalp-BTC';
    const account = session.accounts.find((a) => a.strategy.name === name)!;
    const button = page.locator(`[data-testid="toggle-${name}"]`);
    await button.click();
    await page.waitForSelector(`[data-testid="toggle-${name}"][data-enabled="false"]`, { timeout: 2_000 });
    expect(account.engine.isStrategyEnabled(name)).toBe(false);
    const frozen = account.engine.stats.strategies[0]!.events;
    const deribitBefore = session.hub.traffic('deribit').events;
    await waitFor('the feed to move on', () => session.hub.traffic('deribit').events > deribitBefore + 50);
    expect(account.engine.stats.strategies[0]!.events).toBe(frozen);
    await button.click();
    await page.waitForSelector(`[data-testid="toggle-${name}"][data-enabled="true"]`, { timeout: 2_000 });
    expect(account.engine.isStrategyEnabled(name)).toBe(true);
    await waitFor('events reaching the strategy again', () => account.engine.stats.strategies[0]!.events > frozen);
  });

  it('shows each strategy tab with its charts and tables (CrossMarket: smiles, distribution, opportunities sortable by edge)', async () => {
    await page.goto(`${dashboard.url}#/s/CrossMarket-BTC`);
    await page.waitForSelector('[data-strategy="CrossMarket-BTC"] [data-testid="strategy-enabled"]');
    await page.waitForSelector('[data-testid="table-opportunities"] th');
    const smiles = await waitFor('fitted smiles', async () => (await page.locator('.chart-grid canvas').count()) > 0, 20_000);
    expect(smiles).toBe(true);
    const edge = page.locator('[data-testid="table-opportunities"] th[data-key="edgeReturn"]');
    expect(await edge.getAttribute('aria-sort')).toBe('descending');
    await edge.click();
    expect(await edge.getAttribute('aria-sort')).toBe('ascending');
    await shot('strategy-cross-market');
    for (const name of ['GammaScalp-BTC', 'Momentum-BTC']) {
      await page.goto(`${dashboard.url}#/s/${name}`);
      await page.waitForSelector(`[data-strategy="${name}"] [data-testid="activity-log"]`);
      await page.waitForSelector(`[data-strategy="${name}"] .metric .value`);
      await shot(`strategy-${name}`);
    }
  });

  it('shows a market name containing <script> as text and never runs it', async () => {
    await page.goto(`${dashboard.url}#/s/Momentum-XSS`);
    const cell = page.locator('[data-testid="table-instruments"] td', { hasText: '<script>' });
    await cell.first().waitFor({ timeout: 5_000 });
    expect(await cell.first().textContent()).toBe(HOSTILE);
    expect(await page.evaluate(() => typeof (globalThis as unknown as { __xss?: unknown }).__xss)).toBe('undefined');
    expect(await page.locator('main script, main img').count()).toBe(0);
    await shot('strategy-hostile-name');
  });

  it('presses the kill switch: every strategy stops and open orders are cancelled; resume restores them', async () => {
    await page.goto(dashboard.url);
    await page.click('#halt');
    await page.waitForSelector('#trading-state[data-state="halted"]', { timeout: 2_000 });
    for (const a of session.accounts) {
      expect(a.engine.isStrategyEnabled(a.strategy.name)).toBe(false);
      await waitFor(`no open orders for ${a.strategy.name}`, () => a.journal.openOrders().length === 0, 5_000);
    }
    const refused = await page.evaluate(async () => (await fetch('/api/strategies/Momentum-BTC/enabled', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"enabled":true}' })).status);
    expect(refused).toBe(409);
    await shot('overview-halted');
    await page.click('#resume');
    await page.waitForSelector('#trading-state[data-state="active"]', { timeout: 2_000 });
    for (const a of session.accounts) expect(a.engine.isStrategyEnabled(a.strategy.name)).toBe(true);
  });

  it('shows positions and orders, and the backtest report viewer', async () => {
    await page.goto(`${dashboard.url}#/trading`);
    await page.waitForSelector('[data-testid="positions"] tbody tr');
    await page.waitForSelector('[data-testid="orders"] tbody tr');
    await shot('positions-orders');
    await page.goto(`${dashboard.url}#/backtests`);
    await page.waitForSelector('[data-testid="report-summary"] dt');
    expect(await page.locator('[data-testid="report-select"] option').first().textContent()).toBe('GammaScalp-BTC');
    await waitFor('the equity chart', () => page.locator('.backtests canvas').count());
    await shot('backtest-report');
  });

  it('refuses requests without the token when bound beyond the loopback default', async () => {
    const source = tradingSessionDashboard(session, 'demo', silentLogger);
    await expect(startDashboard({ source, logger: silentLogger, port: 0, bind: '127.0.0.2' })).rejects.toThrow(/ARBITER_DASHBOARD_TOKEN/);
    const token = 'test-token-0123456789abcdef';
    const guarded = await startDashboard({ source, logger: silentLogger, port: 0, bind: '127.0.0.2', token });
    try {
      expect(guarded.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/);
      expect((await fetch(`${guarded.url}api/strategies`)).status).toBe(401);
      expect((await fetch(`${guarded.url}api/strategies`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      expect((await fetch(`${guarded.url}api/strategies`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const context = await browser.newContext();
      const p = await context.newPage();
      const refused = await p.goto(guarded.url);
      expect(refused?.status()).toBe(401);
      await p.goto(`${guarded.url}?token=${token}`); // sets the cookie and redirects to the page
      await p.waitForSelector('#conn[data-state="connected"]', { timeout: 5_000 });
      await p.waitForSelector('[data-testid="venue-events-deribit"]', { timeout: 5_000 });
      await p.screenshot({ path: join(ARTIFACTS, 'token-login.png') });
      await context.close();
    } finally {
      await guarded.close();
    }
  });
});
