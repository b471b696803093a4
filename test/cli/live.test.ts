import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_VENUES, startSimulator, type RunningSimulator } from '../../src/cli/commands/simulate.js';
import { parseArbiterConfig } from '../../src/cli/config/arbiter-config.js';
import { DEFAULT_CONFIG_TOML } from '../../src/cli/config/default-config.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/arbiter.js', import.meta.url).pathname;

let dir: string;
const sims: RunningSimulator[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-live-'));
  // A simulator for every venue a default strategy trades (paper cash alone needs no connection).
  const used = new Set(parseArbiterConfig(DEFAULT_CONFIG_TOML).strategies.flatMap((s) => s.create().venues));
  for (const venue of SIMULATED_VENUES.filter((v) => used.has(v))) sims.push(await startSimulator(venue, { seed: 9 }));
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});

function configFor(extra = ''): string {
  const venues = sims.map((s) => `[venues.${s.venue}]\nurl = "${s.url}"\nrest_url = "${s.restUrl}"\n`).join('\n');
  return DEFAULT_CONFIG_TOML.replace('[global]', `${venues}\n[global]`).replace('state_dir = ".arbiter"', `state_dir = "${join(dir, 'state')}"`) + extra;
}

async function arbiter(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' }, cwd: dir });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('arbiter live', () => {
  it('paper-trades the configured strategies on the configured venue endpoints', async () => {
    const path = join(dir, 'paper.toml');
    await writeFile(path, configFor());
    const { stdout, code, stderr } = await arbiter('live', '--config', path, '--duration', '4', '--log-level', 'silent');
    expect(stderr).toContain('paper trading');
    expect(code).toBe(0);
    expect(stdout).toMatch(/CrossMarket-BTC\s+\d+/);
  });

  it('refuses --execute without declared capital, and names a missing credential', async () => {
    const path = join(dir, 'exec.toml');
    await writeFile(path, configFor());
    const noCash = await arbiter('live', '--config', path, '--execute', '--duration', '1');
    expect(noCash.code).toBe(1);
    expect(noCash.stderr).toContain('--execute needs a [live] section');
    const withCash = join(dir, 'exec-cash.toml');
    await writeFile(withCash, configFor('\n[[live.cash]]\nvenue = "deribit"\ncurrency = "BTC"\namount = 0.1\n'));
    const noKeys = await run(process.execPath, [BIN, 'live', '--config', withCash, '--execute', '--duration', '1'], { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' }, cwd: dir }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(noKeys.code).toBe(1);
    expect(noKeys.stderr).toMatch(/needs DERIBIT_KEY|needs DERIVE_SESSION_KEY|needs POLYMARKET_/);
  });
});
