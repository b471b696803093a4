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

  it('runs the demo end to end: catalogs, subscriptions, parsers, engine and strategy', async () => {
    const keep = join(dir, 'demo');
    const { stdout, code } = await arbiter('demo', '--records', '8000', '--seed', '3', '--json', '--keep', keep);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      report: { records: number; events: number; malformedLines: number; badFrames: number };
      engine: { strategies: Array<{ events: number; errors: number }> };
      monitor: { atmIvByExpiry: Array<{ markIv: number }>; perpetual: { bid: number; ask: number; gaps: number }; binaries: Array<{ bid: number | null }> };
    };
    expect(out.report).toMatchObject({ records: 8000, malformedLines: 0, badFrames: 0 });
    expect(out.engine.strategies[0]!.events).toBeGreaterThan(5000);
    expect(out.engine.strategies[0]!.errors).toBe(0);
    expect(out.monitor.atmIvByExpiry).toHaveLength(3);
    for (const e of out.monitor.atmIvByExpiry) expect(e.markIv).toBeGreaterThan(0.3);
    expect(out.monitor.perpetual.gaps).toBe(0);
    expect(out.monitor.perpetual.ask).toBeGreaterThan(out.monitor.perpetual.bid);
    expect(out.monitor.binaries.filter((b) => b.bid !== null).length).toBeGreaterThan(0);

    // The kept recording replays to the same record count.
    const replay = await arbiter('replay', '--file', join(keep, 'synthetic-seed3.jsonl.gz'), '--json');
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout).report.records).toBe(8000);
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
