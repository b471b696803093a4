import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestCommand } from '../../src/cli/commands/backtest.js';
import { dataConvert } from '../../src/cli/commands/data.js';

const run = promisify(execFile);
const EXAMPLE = new URL('../../examples/demo-btc/', import.meta.url).pathname;
const FILES = ['deribit', 'derive', 'polymarket'].map((v) => join(EXAMPLE, `${v}.jsonl.gz`));
const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
let dir: string;
let catalog: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-data-cli-'));
  catalog = join(dir, 'catalog');
  expect(await dataConvert({ in: FILES, out: catalog })).toMatch(/^wrote data catalog .*: \d+ records, \d+ events$/);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('arbiter data', () => {
  it('backtests from the Parquet catalog to the same reports as from the JSONL recordings', async () => {
    const common = { speed: 1, progress: false, logLevel: 'silent', catalogs: join(EXAMPLE, 'catalogs.jsonl') };
    const fromJsonl = await backtestCommand({ ...common, file: FILES, out: join(dir, 'bt-jsonl') });
    const fromParquet = await backtestCommand({ ...common, file: [catalog], out: join(dir, 'bt-parquet') });
    expect(fromJsonl.strategies.map((s) => s.report.strategy)).toContain('CrossMarket-BTC'); // the default config's strategies, lab ones included
    expect(fromJsonl.strategies.some((s) => s.report.final!.venues.some((v) => v.fills > 0))).toBe(true);
    expect(JSON.stringify(fromParquet.strategies.map((s) => s.report))).toBe(JSON.stringify(fromJsonl.strategies.map((s) => s.report)));
  }, 60_000);

  it('runs query and info from the command line, and names a bad --to', async () => {
    const tsx = ['--import', 'tsx', MAIN];
    const q = await run(process.execPath, [...tsx, 'data', 'query', '--catalog', catalog, '--json', 'SELECT venue, count(*) AS n FROM frames GROUP BY venue ORDER BY venue']);
    const result = JSON.parse(q.stdout) as { columns: string[]; rows: Array<[string, number]> };
    expect(result.rows.map((r) => r[0])).toEqual(['deribit', 'derive', 'polymarket']);
    const table = await run(process.execPath, [...tsx, 'data', 'info', '--catalog', catalog]);
    expect(table.stdout).toMatch(/deribit: \d+ records/);
    expect(table.stdout).toMatch(/instruments: \d+/);
    await expect(dataConvert({ in: FILES, out: join(dir, 'x'), to: 'csv' })).rejects.toThrow(/--to must be parquet or jsonl, got "csv"/);
  }, 60_000);
});
