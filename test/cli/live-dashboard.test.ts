/** `arbiter live --execute --dashboard`: the live session is served like the paper ones. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeribitSimulator } from '../../src/venues/deribit/index.js';

const BIN = new URL('../../bin/arbiter.js', import.meta.url).pathname;
let dir: string;
let sim: DeribitSimulator;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-live-dash-'));
  sim = await DeribitSimulator.start({ seed: 4, tickIntervalMs: 50, clientId: 'dash-client', clientSecret: 'dash-secret-0123456789' });
});
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('arbiter live --execute --dashboard', () => {
  it('serves the live account: strategies, venue traffic and the risk gate as kill switch', async () => {
    const config = join(dir, 'live.toml');
    await writeFile(config, [
      `[global]\nstate_dir = "${join(dir, 'state')}"`,
      `[venues.deribit]\nurl = "${sim.url}"\nrest_url = "${sim.restUrl}"`,
      '[[live.cash]]\nvenue = "deribit"\ncurrency = "BTC"\namount = 0.1',
      '[[strategies]]\ntype = "momentum"\nname = "Momentum-BTC"',
      '[[strategies.instruments]]\nvenue = "deribit"\nsymbol = "BTC-PERPETUAL"',
    ].join('\n\n'));
    const child = spawn(process.execPath, [BIN, 'live', '--config', config, '--execute', '--dashboard', '0', '--duration', '8', '--log-level', 'silent'], {
      env: { ...process.env, DERIBIT_KEY: 'dash-client', DERIBIT_SECRET: 'dash-secret-0123456789' }, cwd: dir,
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no dashboard URL in: ${stderr}`)), 20_000);
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const m = /Dashboard: (http:\/\/\S+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!.replace(/\/?$/, '/'));
          }
        });
      });
      const get = async (path: string): Promise<unknown> => (await fetch(new URL(path, url))).json();
      const deadline = Date.now() + 10_000;
      let venues: Array<{ venue: string; events?: number }> = [];
      while (Date.now() < deadline) {
        venues = (await get('api/venues')) as typeof venues;
        if (venues.some((v) => v.venue === 'deribit' && (v.events ?? 0) > 0)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(venues.some((v) => v.venue === 'deribit' && (v.events ?? 0) > 0)).toBe(true);
      const strategies = (await get('api/strategies')) as Array<{ name: string; enabled: boolean }>;
      expect(strategies.map((s) => s.name)).toEqual(['Momentum-BTC']);
      const control = (await get('api/control')) as { state: string; states: string[] };
      expect(control).toEqual({ state: 'active', states: ['active', 'reducing', 'halted'] });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
