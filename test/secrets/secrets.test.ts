/**
 * Secrets stay secret: the logger censors secret-named fields and scrubs every known secret value
 * (environment, key files) from each line; key files must be private to their owner; and whole
 * runs — the demo, and `live --execute` authenticating to the Deribit simulator (also with a wrong
 * secret, through the failure paths) — at debug level never print a configured secret.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/logger.js';
import { ConfigError } from '../../src/domain/errors.js';
import { readCredential } from '../../src/venues/shared/credentials.js';
import { rememberSecret, scrubSecrets } from '../../src/venues/shared/secret-scrubber.js';
import { DeribitSimulator } from '../../src/venues/deribit/index.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/arbiter.js', import.meta.url).pathname;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-secrets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('log redaction', () => {
  it('censors secret-named fields and scrubs known secret values from messages, errors and nested objects', () => {
    const secret = 'sEcReT-value-4f9a1c';
    rememberSecret(secret);
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (l: string) => lines.push(l) });
    logger.info({ clientSecret: 'field-secret-1', params: { client_secret: 'field-secret-2', access_token: 'field-secret-3' } }, 'auth');
    logger.warn({ err: new Error(`request failed with ${secret}`), url: `wss://x/?key=${secret}` }, `could not use ${secret}`);
    logger.child({ venue: 'deribit' }).debug({ nested: { deeper: { text: secret } } }, 'deep');
    const out = lines.join('');
    for (const s of [secret, 'field-secret-1', 'field-secret-2', 'field-secret-3']) expect(out).not.toContain(s);
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(6);
    expect(scrubSecrets(`a ${secret} b`)).toBe('a [redacted] b');
  });

  it('reads key files only when private to their owner, and scrubs what it read', async () => {
    const file = join(dir, 'k.secret');
    await writeFile(file, 'file-secret-8d2e7b\n', { mode: 0o644 });
    expect(() => readCredential('ARB_TEST_KEY', { env: { ARB_TEST_KEY_FILE: file }, repoDir: '/nonexistent-repo' })).toThrow(ConfigError);
    expect(() => readCredential('ARB_TEST_KEY', { env: { ARB_TEST_KEY_FILE: file }, repoDir: '/nonexistent-repo' })).toThrow(/mode 644\); run chmod 600/);
    const safe = join(dir, 'k2.secret');
    await writeFile(safe, 'file-secret-8d2e7b\n', { mode: 0o600 });
    expect(readCredential('ARB_TEST_KEY', { env: { ARB_TEST_KEY_FILE: safe }, repoDir: '/nonexistent-repo' })).toBe('file-secret-8d2e7b');
    expect(scrubSecrets('x file-secret-8d2e7b y')).toBe('x [redacted] y');
  });
});

async function arbiter(args: string[], env: NodeJS.ProcessEnv): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, cwd: dir, maxBuffer: 256 * 1024 * 1024 });
    return { out: stdout + stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { out: e.stdout + e.stderr, code: e.code };
  }
}

describe('secrets in full runs', () => {
  const fake = {
    DERIBIT_KEY: 'fake-deribit-key-91c2', DERIBIT_SECRET: 'fake-deribit-secret-7e44', POLYMARKET_PRIVATE_KEY: `0x${'ab'.repeat(32)}`,
    POLYMARKET_API_KEY: 'fake-poly-key-11aa', POLYMARKET_API_SECRET: 'ZmFrZS1wb2x5LXNlY3JldA==', POLYMARKET_API_PASSPHRASE: 'fake-pass-phrase-3b', DERIVE_SESSION_KEY: `0x${'cd'.repeat(32)}`,
    ARBITER_DASHBOARD_TOKEN: 'fake-dashboard-token-55',
  };

  it('the demo at debug level prints no configured secret', async () => {
    const { out, code } = await arbiter(['demo', '--duration', '3', '--log-level', 'debug', '--status-every', '1', '--dashboard', '0'], fake);
    expect(code).toBe(0);
    expect(out.length).toBeGreaterThan(1_000); // debug logs were written
    for (const [name, value] of Object.entries(fake)) expect(out.includes(value), `${name} appears in the demo output`).toBe(false);
  });

  it('live --execute authenticating to the Deribit simulator, with the right and a wrong secret, prints neither', async () => {
    const secret = 'live-deribit-secret-c0ffee42';
    const sim = await DeribitSimulator.start({ seed: 5, tickIntervalMs: 50, clientId: 'live-client-id', clientSecret: secret });
    try {
      const configFor = async (name: string): Promise<string> => {
        const path = join(dir, `${name}.toml`);
        await writeFile(path, [
          `[global]\nstate_dir = "${join(dir, `state-${name}`)}"`,
          `[venues.deribit]\nurl = "${sim.url}"\nrest_url = "${sim.restUrl}"`,
          '[[live.cash]]\nvenue = "deribit"\ncurrency = "BTC"\namount = 0.1',
          '[[strategies]]\ntype = "momentum"\nname = "Momentum-BTC"\nlookback_ticks = 3\nthreshold = 0.0001\nrisk_fraction = 0.05\nstop_loss = 0.02\ntake_profit = 0.04',
          '[[strategies.instruments]]\nvenue = "deribit"\nsymbol = "BTC-PERPETUAL"',
        ].join('\n\n'));
        return path;
      };
      const wrong = 'wrong-deribit-secret-badbad';
      const [good, bad] = await Promise.all([
        arbiter(['live', '--config', await configFor('good'), '--execute', '--duration', '3', '--log-level', 'debug'], { DERIBIT_KEY: 'live-client-id', DERIBIT_SECRET: secret }),
        arbiter(['live', '--config', await configFor('bad'), '--execute', '--duration', '3', '--log-level', 'debug'], { DERIBIT_KEY: 'live-client-id', DERIBIT_SECRET: wrong }),
      ]);
      expect(sim.stats.authSuccesses).toBeGreaterThan(0);
      expect(sim.stats.authFailures).toBeGreaterThan(0);
      expect(good.out).toContain('live trading');
      expect(good.out.includes(secret)).toBe(false);
      expect(bad.out.includes(wrong)).toBe(false);
      expect(bad.out).toMatch(/invalid_credentials|13004|auth/i);
    } finally {
      await sim.stop();
    }
  });
});
