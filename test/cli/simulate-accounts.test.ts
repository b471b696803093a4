/**
 * The rehearsal a user runs by hand: `arbiter simulate binance --accounts FILE` prints its
 * endpoints (the user URL among them), and `arbiter live --execute` with the account's key in the
 * environment trades TriArb-Binance against it with signed orders.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/arbiter.js', import.meta.url).pathname;
let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-sim-accounts-'));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...env } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { child, out: () => out, err: () => err, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

async function waitFor<T>(what: () => string, probe: () => T | null | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('arbiter simulate --accounts and arbiter live --execute', () => {
  it('refuses a bad accounts entry by name', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ binance: [{ api_key: 'k', api_secret: 's' }] }));
    const bad = run(['simulate', 'binance', '--accounts', 'bad.json']);
    expect(await bad.exited).not.toBe(0);
    expect(bad.err()).toMatch(/bad\.json: binance\.0\.api_key: Binance API keys are 8–128 letters and digits/);
  });

  it('trades TriArb-Binance with signed orders against the simulator it started', async () => {
    await writeFile(join(dir, 'accts.json'), JSON.stringify({ binance: [{ api_key: 'rehearsalKey01', api_secret: 'rehearsal-secret', spot: { USDT: 25_000, BTC: 0.5, ETH: 10 } }] }));
    const sim = run(['simulate', 'binance', '--accounts', 'accts.json', '--duration', '60']);
    const urls = await waitFor(() => `the simulator's endpoints (stdout: ${sim.out()}, stderr: ${sim.err()})`, () => {
      const m = /websocket: (\S+)\n\s+rest:\s+(\S+)\n\s+user:\s+(\S+) \(1 test account\)/.exec(sim.out());
      return m === null ? null : { url: m[1]!, rest: m[2]!, user: m[3]! };
    }, 20_000);
    expect(urls.user).toBe(`${urls.url}/ws-api/v3`);
    const cash = Object.entries({ USDT: 25_000, BTC: 0.5, ETH: 10 }).map(([c, a]) => `[[live.cash]]\nvenue = "binance"\ncurrency = "${c}"\namount = ${a}`).join('\n\n');
    await writeFile(join(dir, 'live.toml'), [
      `[global]\nstate_dir = "${join(dir, 'state')}"`,
      `[venues.binance]\nurl = "${urls.url}"\nrest_url = "${urls.rest}"\nuser_url = "${urls.user}"`,
      cash,
      '[[strategies]]\ntype = "triangular_arbitrage"\nname = "TriArb-Binance"\nvenue = "binance"\nsymbols = ["BTCUSDT", "ETHUSDT", "ETHBTC"]\nstart_asset = "USDT"',
    ].join('\n\n'));
    const live = run(['live', '--config', 'live.toml', '--execute', '--duration', '6', '--log-level', 'silent'], { BINANCE_API_KEY: 'rehearsalKey01', BINANCE_API_SECRET: 'rehearsal-secret' });
    expect(await live.exited, live.err()).toBe(0);
    const report = JSON.parse(live.out()) as { journal: { orders: number; fills: number }; orders: { rejected: number } };
    expect(report.journal.orders).toBeGreaterThan(0);
    expect(report.journal.fills).toBeGreaterThan(0);
    // SIGTERM stops the simulator at once, though its --duration has not ended.
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  }, 45_000);
});
