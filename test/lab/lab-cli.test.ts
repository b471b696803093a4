/** `arbiter lab triangular|dexcex` end to end on a Binance recording (and a pool on the local JSON-RPC simulator). */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UniswapRpcSimulator } from '../../src/lab/uniswap/simulator/uniswap-rpc-simulator.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/arbiter.js', import.meta.url).pathname;
const T0 = Date.UTC(2026, 0, 5);

async function arbiter(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const snapshot = (t: number, symbol: string, bids: string[][], asks: string[][]): object => ({
  venue: 'binance', tsLocal: t, tsVenue: null, frame: { rest: 'depth', market: 'spot', symbol, response: { lastUpdateId: 100, bids, asks } },
});
const depth = (t: number, symbol: string, id: number, b: string[][], a: string[][]): object => ({
  venue: 'binance', tsLocal: t, tsVenue: t, frame: { e: 'depthUpdate', E: t, s: symbol, U: id, u: id, b, a },
});

let dir: string;
let recording: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-lab-'));
  recording = join(dir, 'binance.jsonl');
  const lines = [
    { format: 'arbiter-recording', version: 1, createdAtMs: T0, source: 'lab test' },
    snapshot(T0, 'BTCUSDT', [['60000', '1'], ['59990', '5']], [['60010', '1']]),
    snapshot(T0 + 1, 'ETHUSDT', [['3000', '10']], [['3001', '10'], ['3002', '10']]),
    snapshot(T0 + 2, 'ETHBTC', [['0.0501', '10']], [['0.05011', '10']]),
    // ETH turns rich in BTC: a 2 ETH bid at 0.0504 (and the ask moves up).
    depth(T0 + 10, 'ETHBTC', 101, [['0.0504', '2']], [['0.05011', '0'], ['0.05041', '10']]),
    depth(T0 + 20, 'ETHBTC', 102, [['0.0504', '0']], []),
  ];
  await writeFile(recording, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('arbiter lab', () => {
  it('triangular: reports the cycle that opens, sized on the books, then a summary', async () => {
    const { stdout, code, stderr } = await arbiter('lab', 'triangular', '--venue', 'binance', '--replay', recording, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const opportunities = lines.filter((l) => l.type === 'opportunity');
    expect(opportunities).toHaveLength(1);
    const o = opportunities[0] as { path: string[]; startAmount: number; finalAmount: number; profit: number; ts: number };
    expect(o.path).toEqual(['USDT', 'ETH', 'BTC', 'USDT']);
    expect(o.ts).toBe(T0 + 10);
    // The 2 ETH bid is the limit: buy 2/0.999 ETH at 3001, sell 2 at 0.0504, sell the BTC at 60000, 10 bp per leg.
    expect(o.startAmount).toBeCloseTo((2 / 0.999) * 3001, 3);
    expect(o.finalAmount).toBeCloseTo(2 * 0.0504 * 0.999 * 60000 * 0.999, 3);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', cycles: 2, opportunities: 1, bookEvents: 5 });
  });

  it('triangular prints readable lines without --json, and names a missing input', async () => {
    const { stdout, code } = await arbiter('lab', 'triangular', '--venue', 'binance', '--replay', recording);
    expect(code).toBe(0);
    expect(stdout).toMatch(/3 spot pairs, 2 triangular cycles/);
    expect(stdout).toMatch(/USDT→ETH→BTC→USDT/);
    const bad = await arbiter('lab', 'triangular', '--venue', 'binance');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/either --replay FILE .* or --simulate/);
  });

  it('dexcex: a pool read over JSON-RPC against the recorded book, both directions with gas', async () => {
    const sim = await UniswapRpcSimulator.start();
    try {
      const weth = '0x00000000000000000000000000000000000000e1';
      const usdt = '0x00000000000000000000000000000000000000e2';
      const pair = '0x00000000000000000000000000000000000000e3';
      sim.addToken(weth, 18, 'WETH');
      sim.addToken(usdt, 6, 'USDT');
      // 3,030 USDT per ETH on the pool, 1 % above the CEX: buy on the CEX, sell on the pool.
      sim.addV2Pair(pair, { token0: usdt, token1: weth, reserve0: 3_030_000n * 10n ** 6n, reserve1: 1000n * 10n ** 18n });
      const { stdout, code, stderr } = await arbiter('lab', 'dexcex', '--venue', 'binance', '--symbol', 'ETHUSDT', '--replay', recording, '--rpc', sim.url, '--pool', pair, '--gas', '2', '--json');
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const o = lines.find((l) => l.type === 'opportunity') as { direction: string; base: number; profit: number; cexPrice: number; gasQuote: number };
      expect(o.direction).toBe('buy_cex_sell_dex');
      expect(o.gasQuote).toBe(2);
      expect(o.profit).toBeGreaterThan(0);
      // The book has 10 ETH at 3001 and 10 at 3002; the pool optimum is below 20 ETH.
      expect(o.base).toBeGreaterThan(0);
      expect(o.base).toBeLessThan(20);
      expect(lines.at(-1)).toMatchObject({ type: 'summary', opportunities: 1 });
      expect(String((lines.at(-1) as { dexSource: string }).dexSource)).toContain(sim.url);
    } finally {
      await sim.stop();
    }
  });

  it('triangular --simulate runs on the Binance simulator through the real client', async () => {
    const { stdout, code } = await arbiter('lab', 'triangular', '--venue', 'binance', '--simulate', '--duration', '2', '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as { type: string; source: string; bookEvents: number; cycles: number };
    expect(summary).toMatchObject({ type: 'summary', source: 'binance simulator (seed 1)' });
    expect(summary.bookEvents).toBeGreaterThan(0);
    expect(summary.cycles).toBeGreaterThan(0);
  });

  it('dexcex without --rpc seeds a clearly labelled simulated pool', async () => {
    const { stdout, code } = await arbiter('lab', 'dexcex', '--venue', 'binance', '--symbol', 'ETHUSDT', '--replay', recording, '--dex-offset', '0.01');
    expect(code).toBe(0);
    expect(stdout).toMatch(/SIMULATED uniswap v2 pool/);
  });
});
