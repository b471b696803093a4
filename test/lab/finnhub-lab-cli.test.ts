/**
 * Finnhub as a lab data source and the vol-weights tool, end to end: the pairs study on the
 * Finnhub simulator's candles through the real `arbiter` binary, the clear error without a key, `data finnhub candles` to CSV, `lab vol-weights` on those candles and on a recording
 * (numbers checked against a hand-computed table), and the written file loaded by a cross_market
 * strategy's `hourly_vols_file`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFinnhubCandles } from '../../src/cli/commands/data-finnhub.js';
import { runStudyCommand } from '../../src/cli/commands/lab.js';
import { pairsStudy } from '../../src/lab/stat-arb/pairs-study.js';
import { runVolWeights } from '../../src/cli/commands/lab-vol-weights.js';
import { parseArbiterConfig } from '../../src/cli/config/arbiter-config.js';
import { hourOfWeekIndex } from '../../src/lab/vol-weights/hour-of-week-vols.js';
import { FinnhubSimulator } from '../../src/venues/finnhub/simulator/finnhub-simulator.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/arbiter.js', import.meta.url).pathname;
const HOUR = 3_600_000;
let dir: string;
let sim: FinnhubSimulator;

function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const n of names) delete env[n];
  return env;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-finnhub-lab-'));
  sim = await FinnhubSimulator.start({ seed: 5 });
});
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('arbiter lab run pairs --source finnhub', () => {
  it('runs the pairs study on the simulator\'s daily candles', async () => {
    const args = ['lab', 'run', 'pairs', '--source', 'finnhub', '--symbols', 'AAPL,MSFT', '--resolution', 'D', '--from', '2024-01-01', '--to', '2025-12-31T00:00:00Z', '--finnhub-url', sim.baseUrl, '--json'];
    const { stdout } = await run(process.execPath, [BIN, ...args], { env: { ...envWithout('FINNHUB_API_KEY_FILE'), FINNHUB_API_KEY: sim.token } });
    const out = JSON.parse(stdout) as { study: string; dataSource: string; result: { summary: Record<string, unknown> } };
    expect(out.study).toBe('pairs');
    expect(out.dataSource).toMatch(/^Finnhub D candle closes of AAPL, MSFT from http:\/\/127\.0\.0\.1:\d+ \(731 common bars/);
    expect(out.result.summary['in-sample bars']).toBe(365);
    expect(Number.isFinite(out.result.summary['EG β (in sample)'])).toBe(true);
  });

  it('says how to set the key when none is set, and fetches nothing', async () => {
    const calls = sim.calls;
    const saved = { key: process.env.FINNHUB_API_KEY, file: process.env.FINNHUB_API_KEY_FILE };
    delete process.env.FINNHUB_API_KEY;
    delete process.env.FINNHUB_API_KEY_FILE;
    try {
      await expect(runStudyCommand(pairsStudy, { param: [], source: 'finnhub', symbols: ['AAPL', 'MSFT'], from: Date.UTC(2024, 0, 1), finnhubUrl: sim.baseUrl }, () => undefined))
        .rejects.toThrow(/Finnhub market data \(a free key: https:\/\/finnhub.io\/register\) needs FINNHUB_API_KEY \(or FINNHUB_API_KEY_FILE/);
    } finally {
      if (saved.key !== undefined) process.env.FINNHUB_API_KEY = saved.key;
      if (saved.file !== undefined) process.env.FINNHUB_API_KEY_FILE = saved.file;
    }
    expect(sim.calls).toBe(calls);
  });
});

describe('arbiter lab vol-weights', () => {
  it('estimates hour-of-week vols from Finnhub hourly candles and writes a file the strategy config loads', async () => {
    const csv = join(dir, 'aapl-60.csv');
    const line = await dataFinnhubCandles({ symbol: 'AAPL', resolution: '60', from: Date.UTC(2024, 2, 4), to: Date.UTC(2024, 2, 25) - 1, out: csv, finnhubUrl: sim.baseUrl }, { FINNHUB_API_KEY: sim.token });
    expect(line).toMatch(/^wrote 504 candles \(resolution 60\) of AAPL \(2024-03-04T00:00:00.000Z → 2024-03-24T23:00:00.000Z\)/);
    expect((await readFile(csv, 'utf8')).split('\n')[0]).toBe('t,symbol,o,h,l,c,v');
    const out = join(dir, 'hourly-vols.json');
    let text = '';
    const vols = await runVolWeights({ data: csv, out }, (t) => void (text += t));
    expect(vols).toHaveLength(168);
    expect(text).toMatch(/503 hourly log returns/);
    expect(text).toContain('wrote ');
    // The simulator's stocks move most in the US session and least at weekends.
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const session = mean(vols!.filter((_, i) => i < 120 && i % 24 >= 15 && i % 24 < 20));
    const weekend = mean(vols!.filter((_, i) => i >= 120));
    expect(session / weekend).toBeGreaterThan(2);

    const toml = join(dir, 'arbiter.toml');
    const source = `[[strategies]]\ntype = "cross_market"\nvol_time = "weighted"\nhourly_vols_file = "hourly-vols.json"\n`;
    await writeFile(toml, source);
    const { strategies } = parseArbiterConfig(source, toml);
    expect(strategies[0]!.config.hourlyVols).toEqual(JSON.parse(await readFile(out, 'utf8')));
    await writeFile(join(dir, 'short.json'), '[1, 2]');
    expect(() => parseArbiterConfig(source.replace('hourly-vols.json', 'short.json'), toml)).toThrow(/arbiter.toml:4: strategies\[0\].hourly_vols_file: hourly vols file .*short.json: has 2 entries, expected 168/);
    expect(() => parseArbiterConfig(`${source}hourly_vols = [1.0]\n`, toml)).toThrow(/give hourly_vols or hourly_vols_file, not both/);
  });

  it('reads one instrument of a recording and matches the hand-computed table; refuses to write holes without --fill', async () => {
    // Returns into hour H of week w: s(b)·X[w], X = (0.01, −0.01, 0.02) → std = s(b)·√(7e-4/3).
    const X = [0.01, -0.01, 0.02];
    const s = (b: number): number => 1 + (b % 24) / 24;
    const monday = Date.UTC(2024, 0, 1);
    const lines = [JSON.stringify({ format: 'arbiter-recording', version: 1, createdAtMs: monday })];
    const frame = (name: string, t: number, price: number): string => JSON.stringify({ venue: 'deribit', tsLocal: t, tsVenue: t, frame: { jsonrpc: '2.0', method: 'subscription', params: { channel: `ticker.${name}.100ms`, data: {
      timestamp: t, state: 'open', stats: { volume_usd: 0, volume: 0, price_change: 0, low: null, high: null }, instrument_name: name, index_price: price, estimated_delivery_price: price,
      settlement_price: price, mark_price: price, last_price: null, open_interest: 0, min_price: price * 0.9, max_price: price * 1.1,
      best_bid_price: price - 0.5, best_bid_amount: 10, best_ask_price: price + 0.5, best_ask_amount: 10, current_funding: 0, funding_8h: 0, interest_value: 0,
    } } } });
    let logP = Math.log(90_000);
    lines.push(frame('BTC-PERPETUAL', monday - HOUR / 2, 90_000), frame('ETH-PERPETUAL', monday - HOUR / 2, 3_000));
    for (let w = 0; w < 3; w++) {
      for (let b = 0; b < 168; b++) {
        const start = monday + (w * 168 + b) * HOUR;
        logP += s(b) * X[w]!;
        if (hourOfWeekIndex(start) === 6 * 24 + 3 && w < 2) continue; // Sun 03:00 keeps one return only
        lines.push(frame('BTC-PERPETUAL', start + 30 * 60_000, Math.exp(logP)), frame('ETH-PERPETUAL', start + 30 * 60_000, 3_000));
      }
    }
    const recording = join(dir, 'deribit.jsonl');
    await writeFile(recording, `${lines.join('\n')}\n`);
    await expect(runVolWeights({ data: recording }, () => undefined)).rejects.toThrow(/2 instruments have mids: deribit BTC-PERPETUAL \(\d+\), deribit ETH-PERPETUAL \(\d+\); choose one with --symbol/);
    let text = '';
    const out = join(dir, 'btc.json');
    await expect(runVolWeights({ data: recording, symbol: 'BTC-PERPETUAL', out }, (t) => void (text += t))).rejects.toThrow(/2 of 168 hour-of-week buckets have no estimate \(Sun 03:00 UTC: one return \(a standard deviation needs two\); Sun 04:00 UTC: one return/);
    expect(text).toContain('deribit BTC-PERPETUAL mids from');
    expect(text).toMatch(/Sun 03:00 UTC: one return/);
    const filled = await runVolWeights({ data: recording, symbol: 'BTC-PERPETUAL', out, fill: 'mean' }, () => undefined);
    const written = JSON.parse(await readFile(out, 'utf8')) as number[];
    expect(written).toHaveLength(168);
    for (const b of [0, 1, 30, 100, 167]) expect(written[b]! / (s(b) * Math.sqrt(7e-4 / 3))).toBeCloseTo(1, 9);
    expect(written[6 * 24 + 3]).toBeCloseTo(filled![6 * 24 + 3]!, 9);
  });
});
