import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestCommand, type BacktestCommandOptions } from '../../src/cli/commands/backtest.js';
import { DEFAULT_CONFIG_TOML } from '../../src/cli/config/default-config.js';

const EXAMPLE = new URL('../../examples/demo-btc/', import.meta.url).pathname;
const FILES = ['deribit', 'derive', 'polymarket'].map((v) => join(EXAMPLE, `${v}.jsonl.gz`));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-bt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = (out: string, extra: Partial<BacktestCommandOptions> = {}): BacktestCommandOptions => ({
  file: FILES, speed: 1, out, progress: false, logLevel: 'silent', ...extra,
});

describe('arbiter backtest on the shipped example recording', () => {
  it('is deterministic and its PnL reconciles at every step', async () => {
    // The default config with a one-second history, so the 25 s recording gives many steps.
    const config = join(dir, 'fine.toml');
    await writeFile(config, DEFAULT_CONFIG_TOML.replace('history_period_secs = 60', 'history_period_secs = 1'));
    const a = await backtestCommand(options(join(dir, 'a'), { config }));
    const b = await backtestCommand(options(join(dir, 'b'), { config }));
    expect(a.strategies.map((s) => s.report.strategy)).toEqual(['CrossMarket-BTC', 'GammaScalp-BTC', 'Momentum-BTC', 'TriArb-Binance', 'MarketMaker-Coinbase', 'Pairs-ETH-BTC', 'DexCex-ETH']);
    expect(JSON.stringify(b.strategies.map((s) => s.report))).toBe(JSON.stringify(a.strategies.map((s) => s.report)));
    const fills = a.strategies.map((s) => s.report.final!.venues.reduce((n, v) => n + v.fills, 0));
    expect(fills[0]).toBeGreaterThan(0);
    for (const s of a.strategies) {
      expect(s.engine.strategies[0]!.errors).toBe(0);
      const csv = (await readFile(s.files!.csv, 'utf8')).trim().split('\n');
      const header = csv[0]!.split(',');
      const col = (name: string): number => header.indexOf(name);
      expect(csv.length).toBeGreaterThan(15);
      for (const line of csv.slice(1)) {
        const f = line.split(',');
        expect(Number(f[col('cash_usd')]) + Number(f[col('positions_value_usd')])).toBeCloseTo(Number(f[col('equity_usd')]), 4);
      }
      const final = s.report.final!;
      expect(final.venues.reduce((n, v) => n + v.feesUsd, 0)).toBeCloseTo(final.feesUsd, 9);
      const html = await readFile(s.files!.html, 'utf8');
      expect(html).not.toMatch(/https?:\/\//);
    }
  });

  it('selects strategies by name and refuses unknown names', async () => {
    const r = await backtestCommand(options(join(dir, 'c'), { strategies: 'Momentum-BTC' }));
    expect(r.strategies.map((s) => s.report.strategy)).toEqual(['Momentum-BTC']);
    await expect(backtestCommand(options(join(dir, 'd'), { strategies: 'Nope' }))).rejects.toThrow(/no strategy named "Nope"/);
  });

  it('refuses to run without catalog snapshots instead of calling a live venue', async () => {
    await expect(backtestCommand(options(join(dir, 'e'), { catalogs: join(dir, 'missing.jsonl') }))).rejects.toThrow(/no catalog snapshots at .*missing\.jsonl/);
  });
});
