/**
 * Crash test: `arbiter live --execute` trades Momentum (tiny thresholds, so it trades several
 * times a second) against a Deribit simulator running in its own process, which answers 40 ms
 * after executing (so a kill often lands after the venue filled an order and before the engine
 * heard of it: the fill can only come back through reconciliation); the engine is killed
 * with SIGKILL at seeded random moments (a quarter during start-up, the rest within 0.6 s
 * of the run's first trade) (CRASH_KILLS, default 20) and restarted each time, then
 * run once more to a clean stop. The journal must then hold exactly the simulator's record of our
 * fills (zero lost, zero duplicated), the same positions and PnL, the venue's open orders, and
 * client order ids that never repeated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fill } from '../../src/domain/order.js';
import { SeededRandom } from '../../src/optimizer/seeded-random.js';
import { Journal } from '../../src/store/journal/journal.js';
import { positionsFromFills } from '../../src/store/journal/positions-from-fills.js';
import { parseDeribitUserTrade } from '../../src/venues/deribit/index.js';

const BIN = new URL('../../bin/arbiter.js', import.meta.url).pathname;
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? 20260501);
const CREDENTIALS = { DERIBIT_KEY: 'sim-client-id', DERIBIT_SECRET: 'sim-client-secret' };

let dir: string;
let sim: ChildProcess;
let restUrl: string;

async function waitFor<T>(what: string, deadlineMs: number, probe: () => T | undefined): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-crash-'));
  sim = spawn(process.execPath, [BIN, 'simulate', 'deribit', '--seed', '7', '--response-delay-ms', '40'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  sim.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  const urls = await waitFor('the simulator to listen', 15_000, () => {
    const ws = /websocket:\s+(\S+)/.exec(out)?.[1];
    const rest = /rest:\s+(\S+)/.exec(out)?.[1];
    return ws !== undefined && rest !== undefined ? { ws, rest } : undefined;
  });
  restUrl = urls.rest;
  await writeFile(join(dir, 'crash.toml'), `
[global]
state_dir = "${join(dir, 'state')}"
log_level = "silent"

[venues.deribit]
url = "${urls.ws}"
rest_url = "${urls.rest}"

[[live.cash]]
venue = "deribit"
currency = "BTC"
amount = 1

[[strategies]]
type = "momentum"
name = "crash"
lookback_ticks = 2
threshold = 1e-9
allow_short = true
cooldown_ms = 0
risk_fraction = 0.01
instruments = [{ venue = "deribit", symbol = "BTC-PERPETUAL" }]
`);
});

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    sim.kill('SIGTERM');
    await exited(sim);
  }
  await rm(dir, { recursive: true, force: true });
});

/** Starts the engine; stdout and stderr are drained (a full pipe would block the child), stderr kept for failure messages. */
function live(extra: string[]): ChildProcess & { stderrText: () => string } {
  const child = spawn(process.execPath, [BIN, 'live', '--config', join(dir, 'crash.toml'), '--execute', '--log-level', 'silent', ...extra], {
    cwd: dir, env: { ...process.env, ...CREDENTIALS, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
  child.stdout!.resume();
  return Object.assign(child, { stderrText: () => err });
}


/** The simulator's own JSON-RPC over HTTP (a fresh connection per call: no keep-alive race with the server's idle timeout). */
function simCall(method: string, params: Record<string, unknown>, token?: string): Promise<unknown> {
  const payload = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
  return new Promise((resolve, reject) => {
    const req = request(`${restUrl}/${method}`, {
      method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => (text += b.toString()));
      res.on('end', () => {
        const body = JSON.parse(text) as { result?: unknown; error?: unknown };
        if (body.error !== undefined) reject(new Error(`${method}: ${JSON.stringify(body.error)}`));
        else resolve(body.result);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

let token: string | null = null;
async function simToken(): Promise<string> {
  if (token !== null) return token;
  const auth = (await simCall('public/auth', { grant_type: 'client_credentials', client_id: CREDENTIALS.DERIBIT_KEY, client_secret: CREDENTIALS.DERIBIT_SECRET })) as { access_token: string };
  return (token = auth.access_token);
}

/** The number of our trades the simulator has recorded (its newest first; trade ids are sequential). */
async function simTradeCount(): Promise<number> {
  const page = (await simCall('private/get_user_trades_by_currency', { currency: 'BTC', kind: 'any', count: 1 }, await simToken())) as { trades: Array<{ trade_id: string }> };
  return page.trades.length === 0 ? 0 : Number(page.trades[0]!.trade_id);
}

async function simRecord(): Promise<{ trades: Array<Record<string, unknown>>; positions: Array<Record<string, unknown>>; open: Array<Record<string, unknown>> }> {
  const token = await simToken();
  const trades: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  let start = 0;
  for (;;) {
    const page = (await simCall('private/get_user_trades_by_currency', { currency: 'BTC', kind: 'any', start_timestamp: start, count: 1000, sorting: 'asc' }, token)) as { trades: Array<Record<string, unknown>>; has_more: boolean };
    for (const t of page.trades) {
      if (seen.has(String(t.trade_id))) continue;
      seen.add(String(t.trade_id));
      trades.push(t);
    }
    if (!page.has_more) break;
    start = Number(page.trades[page.trades.length - 1]!.timestamp);
  }
  const positions = (await simCall('private/get_positions', { currency: 'BTC', kind: 'any' }, token)) as Array<Record<string, unknown>>;
  const open = (await simCall('private/get_open_orders', {}, token)) as Array<Record<string, unknown>>;
  return { trades, positions, open };
}

const byTradeId = (a: Fill, b: Fill): number => Number(a.tradeId) - Number(b.tradeId);

describe('crash and restart against a simulator in another process', () => {
  it(`loses and duplicates nothing over ${KILLS} SIGKILLs at random moments`, async () => {
    const rng = new SeededRandom(SEED);
    let killsWhileTrading = 0;
    for (let k = 0; k < KILLS; k++) {
      const before = await simTradeCount();
      const child = live([]);
      const startup = rng.nextFloat() < 0.25;
      if (startup) {
        // A random moment of start-up: loading, connecting, the start reconciliation.
        await new Promise((r) => setTimeout(r, 200 + rng.nextFloat() * 2000));
      } else {
        // Once this run trades, a random moment up to 0.6 s later: orders in flight, fills arriving.
        const end = Date.now() + 20_000;
        while ((await simTradeCount()) === before) {
          expect(child.exitCode, `run ${k} ended on its own: ${child.stderrText()}`).toBeNull();
          if (Date.now() > end) throw new Error(`run ${k} placed no order within 20 s: ${child.stderrText()}`);
        }
        await new Promise((r) => setTimeout(r, rng.nextFloat() * 600));
      }
      expect(child.exitCode, `run ${k} ended on its own: ${child.stderrText()}`).toBeNull();
      child.kill('SIGKILL');
      await exited(child);
      const after = await simTradeCount();
      if (process.env.CRASH_DEBUG) process.stderr.write(`run ${k} (${startup ? 'start-up' : 'trading'}): venue trades ${before} -> ${after}\n`);
      if (after > before) killsWhileTrading++;
    }
    // A clean run: reconciles on start, trades, stops.
    const last = live(['--duration', '2']);
    let stdout = '';
    last.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    expect(await exited(last), last.stderrText()).toBe(0);
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as { startReconciliation: Array<{ fillsAdopted: number; ordersClosed: number }> };

    const sim = await simRecord();
    const journal = new Journal(join(dir, 'state', 'journal.sqlite'));
    try {
      const ours = journal.fills('deribit').sort(byTradeId);
      const theirs = sim.trades.map((t) => parseDeribitUserTrade(t, 0)).sort(byTradeId);
      expect(killsWhileTrading).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2));
      expect(theirs.length).toBeGreaterThan(KILLS);
      // Zero lost, zero duplicated: the same trade ids, once each, with the same terms.
      expect(new Set(ours.map((f) => f.tradeId)).size).toBe(ours.length);
      expect(ours.map((f) => f.tradeId)).toEqual(theirs.map((f) => f.tradeId));
      const terms = (f: Fill): unknown[] => [f.tradeId, f.clientOrderId, f.venueOrderId, f.symbol, f.side, f.price, f.quantity, f.fee, f.feeCurrency, f.liquidity, f.tsVenue];
      expect(ours.map(terms)).toEqual(theirs.map(terms));
      // Positions and PnL from the journal equal those from the venue's record, and the venue's own position.
      const positions = positionsFromFills(ours);
      expect(positions).toEqual(positionsFromFills(theirs));
      for (const p of positions) {
        const venueSize = Number(sim.positions.find((v) => v.instrument_name === p.symbol)?.size ?? 0);
        expect(p.quantity).toBe(venueSize);
      }
      // Client order ids never repeated: one venue order per label.
      const ordersOfLabel = new Map<string, Set<string>>();
      for (const f of theirs) ordersOfLabel.set(f.clientOrderId, (ordersOfLabel.get(f.clientOrderId) ?? new Set()).add(f.venueOrderId!));
      for (const [label, ids] of ordersOfLabel) expect(ids.size, `label ${label}`).toBe(1);
      for (const label of ordersOfLabel.keys()) expect(journal.order(label), `journal order ${label}`).toBeDefined();
      // What the journal still calls live is exactly what the venue lists open.
      expect(journal.liveOrders('deribit').map((o) => o.clientOrderId).sort()).toEqual(sim.open.map((o) => String(o.label)).sort());
      const events = journal.reconciliationEvents();
      expect(events.filter((e) => e.kind === 'position_mismatch')).toEqual([]);
      const counts = journal.counts();
      process.stderr.write(
        `crash test: ${KILLS} kills (${killsWhileTrading} after orders were placed), ${counts.orders} orders, ${ours.length} fills, ` +
          `${events.filter((e) => e.kind === 'fill_adopted').length} fills adopted and ${events.filter((e) => e.kind === 'order_closed').length} orders closed by reconciliation; ` +
          `last start adopted ${report.startReconciliation[0]?.fillsAdopted ?? 0} fills\n`,
      );
    } finally {
      journal.close();
    }
  }, 120_000);
});
