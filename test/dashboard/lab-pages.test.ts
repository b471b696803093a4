/**
 * The dashboard's Lab pages in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core) and the Lab API over loopback: two test-only studies, each page changes a
 * control, runs, and sees a different result; every study in the registry gets its page loaded,
 * run with defaults and re-run with a changed control. Hostile study text stays text; bad
 * params are 400s naming the parameter. Screenshots go to test-artifacts/lab/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type DashboardServer } from '../../src/dashboard/dashboard-server.js';
import type { DashboardSource } from '../../src/dashboard/dashboard-source.js';
import type { TradingState } from '../../src/dashboard/trading-control.js';
import { silentLogger } from '../../src/engine/logger.js';
import { STUDIES } from '../../src/lab/studies/registry.js';
import type { Study, StudyParam } from '../../src/lab/studies/study.js';
import { walkStudy, waveStudy } from '../lab/test-studies.js';

const ARTIFACTS = new URL('../../test-artifacts/lab/', import.meta.url).pathname;

/** A session with nothing trading: the Lab pages need none of it. */
function idleSource(): DashboardSource {
  let state: TradingState = 'active';
  return {
    mode: 'lab', strategies: () => [], strategy: () => undefined, setStrategyEnabled: () => {}, venues: () => [], positions: () => [], orders: () => [], fills: () => [],
    control: { state: () => state, states: ['active', 'halted'], setState: async (next) => { state = next; } },
    onActivity: () => () => {},
  };
}

interface BrowserGlobal {
  __xss?: number;
  document: { querySelector(selector: string): { dataset: Record<string, string | undefined>; textContent: string | null } | null };
}

const studies: Study[] = [waveStudy, walkStudy, ...STUDIES];
let dashboard: DashboardServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  dashboard = await startDashboard({ source: idleSource(), logger: silentLogger, port: 0, labStudies: studies });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  page.on('pageerror', (e) => { throw e; });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

/** The result as the page shows it: summary and tables, as text. */
async function shownResult(): Promise<string> {
  return `${await page.textContent('[data-testid="lab-summary"]')}\n${await page.textContent('[data-testid="lab-tables"]')}`;
}

async function waitForRuns(n: number): Promise<void> {
  await page.waitForFunction((runs) => Number((globalThis as unknown as BrowserGlobal).document.querySelector('[data-testid="lab-status"]')?.dataset.runs) >= runs, n, { timeout: 20_000, polling: 20 });
}

async function openStudy(name: string): Promise<void> {
  await page.goto(`${dashboard.url}#/lab/${encodeURIComponent(name)}`);
  await waitForRuns(1);
}

/** A valid value different from the default, for a control to change. */
function otherValue(p: StudyParam): string | boolean | null {
  if (p.kind === 'boolean') return !(p.default as boolean);
  if (p.kind === 'select') return (p.options ?? []).find((o) => o !== p.default) ?? null;
  const d = p.default as number;
  const step = p.step ?? (p.kind === 'integer' ? 1 : Math.abs(d) * 0.25 || 0.1);
  for (const candidate of [d + step, d - step, p.max, p.min]) {
    if (candidate === undefined || candidate === d) continue;
    if ((p.min === undefined || candidate >= p.min) && (p.max === undefined || candidate <= p.max)) return String(p.kind === 'integer' ? Math.round(candidate) : candidate);
  }
  return null;
}

async function setControl(p: StudyParam, value: string | boolean): Promise<void> {
  const sel = `[data-testid="param-${p.key}"]`;
  if (p.kind === 'boolean') await page.setChecked(sel, value as boolean);
  else if (p.kind === 'select') await page.selectOption(sel, value as string);
  else await page.fill(sel, value as string);
}

describe('Lab API', () => {
  it('lists the studies with their params', async () => {
    const list = (await (await fetch(`${dashboard.url}api/lab/studies`)).json()) as Array<{ name: string; params: StudyParam[] }>;
    expect(list.map((s) => s.name)).toEqual(studies.map((s) => s.name));
    expect(list[0]!.params.map((p) => p.key)).toEqual(['amplitude', 'points', 'shape']);
  });

  it('runs a study with checked params and refuses bad ones naming the parameter', async () => {
    const post = (name: string, body: unknown): Promise<Response> => fetch(`${dashboard.url}api/lab/studies/${name}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post('test-wave', { params: { amplitude: 2.5, shape: 'square' } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { params: Record<string, unknown>; result: { summary: Record<string, unknown> } };
    expect(body.params).toEqual({ amplitude: 2.5, points: 200, shape: 'square' });
    expect(body.result.summary.peak).toBe(2.5);
    for (const [params, field] of [[{ amplitude: 11 }, 'amplitude'], [{ points: 10.5 }, 'points'], [{ shape: 'triangle' }, 'shape'], [{ bogus: 1 }, 'bogus'], [{ points: '100' }, 'points']] as const) {
      const bad = await post('test-wave', { params });
      expect(bad.status, JSON.stringify(params)).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain(field);
    }
    const refused = await post('test-walk', { params: { drift: 0.999 } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain('drift');
    expect((await post('no-such-study', {})).status).toBe(404);
  });
});

describe('Lab pages in Chromium', () => {
  it('lists the studies under the Lab tab', async () => {
    await page.goto(`${dashboard.url}#/lab`);
    await page.waitForSelector('[data-testid="lab-study-test-walk"]');
    expect(await page.getAttribute('[data-testid="tab-Lab"]', 'class')).toContain('active');
    await page.screenshot({ path: join(ARTIFACTS, 'lab-index.png'), fullPage: true });
  });

  it('wave page: changing the amplitude and shape changes the result; hostile text stays text', async () => {
    await openStudy('test-wave');
    const before = await shownResult();
    expect(await page.textContent('[data-testid="lab-summary"] dd[data-key="peak"]')).toBe('1');
    await page.fill('[data-testid="param-amplitude"]', '3.5');
    await page.selectOption('[data-testid="param-shape"]', 'square');
    await page.click('[data-testid="lab-run"]');
    await waitForRuns(2);
    expect(await page.textContent('[data-testid="lab-summary"] dd[data-key="peak"]')).toBe('3.5');
    expect(await page.textContent('[data-testid="lab-summary"] dd[data-key="shape"]')).toBe('square');
    expect(await shownResult()).not.toBe(before);
    expect(await page.locator('[data-testid="lab-charts"] .chart canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="lab-tables"] h3', { hasText: '<script>' }).count()).toBe(1);
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobal).__xss)).toBeUndefined();
    await page.screenshot({ path: join(ARTIFACTS, 'test-wave.png'), fullPage: true });
  });

  it('walk page: changing the seed changes the result; an out-of-range value shows the server error', async () => {
    await openStudy('test-walk');
    const before = await page.textContent('[data-testid="lab-summary"] dd[data-key="final"]');
    await page.fill('[data-testid="param-seed"]', '777');
    await page.setChecked('[data-testid="param-absolute"]', true);
    await page.click('[data-testid="lab-run"]');
    await waitForRuns(2);
    expect(await page.textContent('[data-testid="lab-summary"] dd[data-key="final"]')).not.toBe(before);
    await page.fill('[data-testid="param-drift"]', '5');
    await page.click('[data-testid="lab-run"]');
    await page.waitForSelector('[data-testid="lab-status"].error');
    expect(await page.textContent('[data-testid="lab-status"]')).toContain('drift');
    await page.screenshot({ path: join(ARTIFACTS, 'test-walk.png'), fullPage: true });
  });

  it(`every registered study (${STUDIES.map((s) => s.name).join(', ') || 'none yet'}) runs on its page and a changed control changes the result`, async () => {
    for (const study of STUDIES) {
      await openStudy(study.name);
      expect(await page.getAttribute('[data-testid="lab-status"]', 'class'), study.name).not.toBe('error');
      const before = await shownResult();
      let runs = 1;
      let changed = false;
      for (const p of study.params) {
        const value = otherValue(p);
        if (value === null) continue;
        await setControl(p, value);
        await page.click('[data-testid="lab-run"]');
        await waitForRuns(++runs);
        if ((await shownResult()) !== before) {
          changed = true;
          break;
        }
      }
      expect(changed, `${study.name}: no control changed the shown result`).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, `${study.name}.png`), fullPage: true });
    }
  }, 120_000);
});
