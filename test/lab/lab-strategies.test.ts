/**
 * The lab strategies end to end: an in-process demo against the Binance and Coinbase simulators
 * in which triangular arbitrage, market making and pairs trading each get fills, recorded; then a
 * backtest of that recording in which each strategy trades again on simulated fills.
 */
import { readdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestCommand } from '../../src/cli/commands/backtest.js';
import { runDemo } from '../../src/cli/commands/demo.js';
import type { TradingSession } from '../../src/cli/session/trading-session.js';
import { createLogger } from '../../src/cli/logger.js';

const NAMES = ['TriArb', 'MM', 'Pairs'];
// Short windows so pairs trading is warmed up within seconds; everything else as documented.
const CONFIG = `
[global]
log_level = "silent"

[[paper.cash]]
venue = "binance"
currency = "USDT"
amount = 25000

[[paper.cash]]
venue = "coinbase"
currency = "USD"
amount = 25000

[[strategies]]
type = "triangular_arbitrage"
name = "TriArb"

[[strategies]]
type = "market_making"
name = "MM"

[[strategies]]
type = "pairs_trading"
name = "Pairs"
sample_interval_ms = 200
hedge_window = 20
z_window = 15
entry_z = 1.5
stop_z = 5
`;

async function waitFor<T>(what: string | (() => string), probe: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-lab-strategies-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lab strategies through the engine', () => {
  it('trade in the demo against the simulators, and again in a backtest of its recording', async () => {
    const config = join(dir, 'lab.toml');
    await writeFile(config, CONFIG);
    const recording = join(dir, 'rec');
    const stop = new AbortController();
    let session: TradingSession | null = null;
    const demo = runDemo({ config, seed: 3, record: recording, json: true, statusEvery: 60, dashboard: false, signal: stop.signal, onStarted: (r) => (session = r.session) }, createLogger('silent'), () => undefined);
    try {
      await waitFor('the session', () => session, 10_000);
      const fills = (): Record<string, number> => Object.fromEntries(session!.accounts.map((a) => [a.strategy.name, a.fills]));
      await waitFor(() => `fills for every lab strategy (have ${JSON.stringify(fills())})`, () => NAMES.every((n) => (fills()[n] ?? 0) > 0), 25_000);
      const state = <T>(name: string): T => (session!.accounts.find((a) => a.strategy.name === name)!.strategy as unknown as { state(): T }).state();
      expect(state<{ cyclesSent: number }>('TriArb').cyclesSent).toBeGreaterThan(0);
      // A few spread round trips, so the replay (sampled on recorded times, not wall time) has its own chances.
      await waitFor('three pairs entries', () => state<{ entries: number }>('Pairs').entries >= 3, 20_000);
      // Paper market making requotes in place: the amend passes the risk gate and the simulated venue.
      await waitFor('an MM quote amended in place', () => state<{ amends: number }>('MM').amends > 0, 10_000);
    } finally {
      stop.abort();
    }
    const summary = await demo;
    for (const s of summary.strategies) expect(s.errors, `${s.name} errors`).toBe(0);

    const files = (await readdir(recording)).filter((f) => f.endsWith('.jsonl.gz')).map((f) => join(recording, f));
    expect(files.some((f) => f.includes('binance'))).toBe(true);
    expect(files.some((f) => f.includes('coinbase'))).toBe(true);
    const result = await backtestCommand({ file: files, config, speed: 1, out: join(dir, 'reports'), progress: false, logLevel: 'silent' });
    expect(result.strategies.map((s) => s.report.strategy)).toEqual(NAMES);
    for (const s of result.strategies) {
      const final = s.report.final!;
      expect(final.venues.reduce((n, v) => n + v.fills, 0), `${s.report.strategy} backtest fills`).toBeGreaterThan(0);
      expect(s.engine.strategies[0]!.errors).toBe(0);
      expect(Number.isFinite(final.equityUsd)).toBe(true);
    }
  }, 60_000);
});
