import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = new URL('../bin/arbiter.js', import.meta.url).pathname;

async function arbiter(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 16 << 20, env: { ...process.env, LOG_LEVEL: 'silent' } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('arbiter CLI', () => {
  it('lists its commands in --help', async () => {
    const { stdout, code } = await arbiter('--help');
    expect(code).toBe(0);
    for (const command of ['demo', 'replay', 'bench']) expect(stdout).toContain(command);
  });

  it('runs the demo end to end: simulators, real clients, strategies paper-trading, and a recording that replays', async () => {
    const record = join(dir, 'demo-recording');
    const { stdout, code } = await arbiter('demo', '--duration', '6', '--seed', '3', '--json', '--record', record);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      strategies: Array<{ name: string; events: number; errors: number; orders: number; fills: number; equityUsd: number | null; opportunities: number | null }>;
      recordedFiles: string[];
    };
    expect(out.strategies.map((s) => s.name)).toEqual(['CrossMarket-BTC', 'GammaScalp-BTC', 'Momentum-BTC', 'TriArb-Binance', 'MarketMaker-Coinbase', 'Pairs-ETH-BTC', 'DexCex-ETH']);
    for (const s of out.strategies) {
      expect(s.events).toBeGreaterThan(0);
      expect(s.errors).toBe(0);
    }
    const cross = out.strategies[0]!;
    expect(cross.opportunities).toBeGreaterThan(0);
    expect(out.strategies.reduce((n, s) => n + s.orders, 0)).toBeGreaterThan(0);
    expect(out.strategies.reduce((n, s) => n + s.fills, 0)).toBeGreaterThan(0);
    expect(cross.equityUsd).toBeGreaterThan(100_000);
    expect(out.recordedFiles.length).toBe(6); // deribit, derive, polymarket, binance, coinbase, uniswap (kraken holds cash but no strategy subscribes to it)

    const replay = await arbiter('replay', ...out.recordedFiles.flatMap((f) => ['--file', f]), '--json');
    expect(replay.code).toBe(0);
    const report = JSON.parse(replay.stdout).report as { records: number; badFrames: number; malformedLines: number };
    expect(report.records).toBeGreaterThan(100);
    expect(report.malformedLines).toBe(0);
  });

  it('rejects a missing recording with a clear error and exit code 1', async () => {
    const { stderr, code } = await arbiter('replay', '--file', join(dir, 'missing.jsonl'));
    expect(code).toBe(1);
    expect(stderr).toContain('ARB_INPUT_FILE');
    expect(stderr).toContain('missing.jsonl: no such file');
  });

  it('reports malformed lines with file:line, and fails under --strict', async () => {
    const path = join(dir, 'mixed.jsonl');
    await writeFile(path, '{"venue":"polymarket","tsLocal":1,"tsVenue":null,"frame":"PONG"}\nnot json\n');
    const lenient = await arbiter('replay', '--file', path, '--no-progress');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain(`${path}:2: not valid JSON`);
    const strict = await arbiter('replay', '--file', path, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`${path}:2`);
  });

  it('rejects bad option values naming the flag', async () => {
    const { stderr, code } = await arbiter('replay', '--file', 'x', '--from', 'yesterday-ish');
    expect(code).not.toBe(0);
    expect(stderr).toContain('--from must be epoch ms or an ISO date');
  });
});
