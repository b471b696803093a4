import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDataPolymarketFills } from '../../src/cli/commands/data-polymarket-fills.js';
import { backtestCommand } from '../../src/cli/commands/backtest.js';
import { loadCatalogSnapshots } from '../../src/backtest/catalog-snapshots.js';
import { replayRecordings } from '../../src/backtest/replay.js';
import type { TradeEvent } from '../../src/domain/market-event.js';
import { formatOrderFilledLine, type OrderFilledFill } from '../../src/venues/polymarket/onchain/order-filled.js';
import { formatPolymarketFillsSummary, runPolymarketFills, type PolymarketFillsSummary } from '../../src/venues/polymarket/onchain/polymarket-fills.js';
import { createFrameParsers, priceCurrencyOf } from '../../src/venues/registry.js';

const run = promisify(execFile);
const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const EX = '0xc5d563a36ae78145c45a50134d48a1215220f80a';
const C = [1, 2, 3].map((i) => `0x${String(i).repeat(64)}`);
const TOKENS = [['101', '102'], ['201', '202'], ['301', '302']];
const addr = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`;
let dir: string;
let input: string;
let markets: string;
let vid = 0;
let txCount = 0;

function fill(tx: string, ts: number, maker: string, taker: string, giveAsset: string, give: number, getAsset: string, get: number): OrderFilledFill {
  vid++;
  return {
    transaction_hash: tx, timestamp: ts, maker, taker, maker_asset_id: giveAsset, taker_asset_id: getAsset,
    maker_amount_filled: String(Math.round(give * 1e6)), taker_amount_filled: String(Math.round(get * 1e6)), fee: '0',
    order_hash: `0x${vid.toString(16).padStart(64, 'f')}`, id: `${tx}_${vid}`, vid: String(vid), _gs_gid: `g${vid}`, _gs_chain: 'matic', block_range: '[1,)',
  };
}

/** A taker (user 1) buying `shares` of `token` at `price` from one seller of the same token: two fills. */
function buy(ts: number, token: string, shares: number, price: number, cashOff = 0): OrderFilledFill[] {
  const tx = `0x${(++txCount).toString(16).padStart(64, '0')}`;
  const taker = addr(1);
  return [fill(tx, ts, addr(100 + txCount), taker, token, shares, '0', shares * price), fill(tx, ts, taker, EX, '0', shares * price + cashOff, token, shares)];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-pm-fills-'));
  input = join(dir, 'input');
  await mkdir(input);
  markets = join(dir, 'markets.jsonl');
  await writeFile(markets, `${C.map((cid, i) => JSON.stringify({ condition_id: cid, question: `Market ${i}?`, minimum_tick_size: 0.01, minimum_order_size: 5, tokens: [{ token_id: TOKENS[i]![0], outcome: 'Yes' }, { token_id: TOKENS[i]![1], outcome: 'No' }] })).join('\n')}\n`);
  const t0 = 1_750_000_000;
  const fileA = [...buy(t0 + 5, '101', 100, 0.6), ...buy(t0 + 1, '201', 10, 0.25), ...buy(t0 + 9, '302', 40, 0.5), ...buy(t0 + 3, '999', 5, 0.5)];
  const fileB = [...buy(t0 + 2, '102', 20, 0.3), ...buy(t0 + 7, '201', 50, 0.2, 1), ...buy(t0 + 4, '202', 30, 0.7)];
  const gz = (fills: OrderFilledFill[], extra: string[] = []): Buffer => gzipSync(`${[...fills.map(formatOrderFilledLine), ...extra].join('\n')}\n`);
  await writeFile(join(input, 'part-0001.json.gz'), gz(fileA));
  await writeFile(join(input, 'part-0002.json.gz'), gz(fileB, ['{"Item":{"maker":{"S":"0x1"}}}']));
  await writeFile(join(input, '.hidden.json.gz'), 'not gzip');
  await writeFile(join(input, 'notes.txt'), 'ignored');
}, 30_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every output file's content, the recording without its header's creation time. */
async function snapshot(out: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(out)).sort()) {
    if (name === 'manifest.json') continue;
    const buf = await readFile(join(out, name));
    files[name] = name.endsWith('.gz') ? gunzipSync(buf).toString('utf8').split('\n').slice(1).join('\n') : buf.toString('utf8');
  }
  return files;
}

describe('arbiter data polymarket-fills', () => {
  let fresh: Record<string, string>;
  let summary: PolymarketFillsSummary;

  it('writes per-market trades, the error file and a summary from the command line', async () => {
    const out = join(dir, 'out-cli');
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', MAIN, 'data', 'polymarket-fills', '--input', input, '--markets', markets, '--out', out, '--buckets', '3', '--json']);
    summary = JSON.parse(stdout) as PolymarketFillsSummary;
    expect(stderr).toMatch(/bucket 3\/3/);
    expect(summary).toMatchObject({
      nothingToDo: false, inputFiles: 2, buckets: 3, fillsRead: 14, malformedLines: 1, droppedUnknownToken: 2,
      transactions: 6, trades: 5, errors: 1, errorsByRule: { cash: 1 }, markets: 3, frames: 5,
    });
    fresh = await snapshot(out);
    expect(Object.keys(fresh)).toEqual([...C.map((c) => `${c}.jsonl`), 'catalogs.jsonl', 'error.jsonl', 'malformed.jsonl', 'polymarket-trades.jsonl.gz']);
    expect(existsSync(join(out, 'work'))).toBe(false);
    const m1 = fresh[`${C[0]}.jsonl`]!.trim().split('\n').map((l) => JSON.parse(l) as { timestamp: number; taker: { action: string; outcome: string; price: number; shares: number }; makers: unknown[] });
    expect(m1.map((t) => [t.timestamp, t.taker.outcome, t.taker.action, t.taker.shares, t.taker.price])).toEqual([[1_750_000_002_000, '102', 'bought', 20, 0.3], [1_750_000_005_000, '101', 'bought', 100, 0.6]]);
    const errors = fresh['error.jsonl']!.trim().split('\n').map((l) => JSON.parse(l) as { rule: string; error: string; fills: OrderFilledFill[] });
    expect(errors).toEqual([{ rule: 'cash', error: 'Taker cash 11 ≠ 10 implied by the makers', fills: expect.any(Array) }]);
    expect(errors[0]!.fills.map((f) => f.maker_asset_id)).toEqual(['201', '0']);
    expect(fresh['malformed.jsonl']).toMatch(/^\{"source":"part-0002.json.gz:7","error":"missing timestamp"/);

    const rerun = await runPolymarketFills({ input, markets, out });
    expect(rerun).toEqual({ ...summary, nothingToDo: true });
    expect(formatPolymarketFillsSummary(rerun)).toMatch(/^nothing to do: .* is complete\n(.*\n)*trades: +5\n/);
  }, 60_000);

  it('resumes after a crash mid-partition or between a bucket\'s outputs and the manifest, to identical output', async () => {
    const crash = (what: string) => () => {
      throw new Error(`simulated crash ${what}`);
    };
    const partOut = join(dir, 'out-crash-partition');
    await expect(runPolymarketFills({ input, markets, out: partOut, buckets: 3 }, { afterInputFile: crash('after the first input file') })).rejects.toThrow('simulated crash');
    // A crash while reading the second file leaves its rows in the buckets: they are cut back on resume.
    for (const b of [0, 1, 2]) await writeFile(join(partOut, 'work', `bucket-${b}.jsonl`), 'half a row from the next file', { flag: 'a' });
    const bucket0 = join(partOut, 'work', 'bucket-0.jsonl');
    const kept = await readFile(bucket0);
    await writeFile(bucket0, '');
    await expect(runPolymarketFills({ input, markets, out: partOut })).rejects.toThrow(/bucket-0\.jsonl has 0 bytes but the manifest recorded \d+: work files were lost/);
    await writeFile(bucket0, kept);
    const resumed1 = await runPolymarketFills({ input, markets, out: partOut });
    expect(resumed1).toMatchObject({ fillsRead: 14, trades: 5, errors: 1 });
    expect(await snapshot(partOut)).toEqual(fresh);

    const bucketOut = join(dir, 'out-crash-bucket');
    let calls = 0;
    await expect(runPolymarketFills({ input, markets, out: bucketOut, buckets: 3 }, { beforeBucketRecorded: (b) => { calls++; if (b === 1) throw new Error('simulated crash in bucket 1'); } })).rejects.toThrow('simulated crash');
    expect(calls).toBe(2);
    expect(existsSync(join(bucketOut, `${C[0]}.jsonl`))).toBe(true); // bucket 1's outputs were written before the crash
    const resumed2 = await runPolymarketFills({ input, markets, out: bucketOut }, { beforeBucketRecorded: () => { calls++; } });
    expect(calls).toBe(4); // buckets 1 and 2 only
    expect(resumed2).toEqual({ ...summary, out: bucketOut, recording: join(bucketOut, 'polymarket-trades.jsonl.gz') });
    expect(await snapshot(bucketOut)).toEqual(fresh);
  }, 30_000);

  it('resumes after the command is killed (SIGKILL) between a bucket\'s outputs and the manifest', async () => {
    const out = join(dir, 'out-killed');
    const killed = await run(process.execPath, ['--import', 'tsx', MAIN, 'data', 'polymarket-fills', '--input', input, '--markets', markets, '--out', out, '--buckets', '3', '--quiet'], {
      env: { ...process.env, ARBITER_FILLS_KILL_AT: 'bucket:1' },
    }).then(() => null, (error: { signal?: string }) => error.signal);
    expect(killed).toBe('SIGKILL');
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { bucketsDone: Record<string, unknown>; finalized: boolean };
    expect(Object.keys(manifest.bucketsDone)).toEqual(['0']);
    expect(manifest.finalized).toBe(false);
    expect(existsSync(join(out, `${C[0]}.jsonl`))).toBe(true);
    const resumed = await runPolymarketFills({ input, markets, out });
    expect(resumed).toEqual({ ...summary, out, recording: join(out, 'polymarket-trades.jsonl.gz') });
    expect(await snapshot(out)).toEqual(fresh);
  }, 30_000);

  it('documents its options in --help', () => {
    const data = new Command('data');
    registerDataPolymarketFills(data);
    const help = data.commands.find((c) => c.name() === 'polymarket-fills')!.helpInformation();
    for (const flag of ['--input', '--markets', '--out', '--buckets', '--tolerance-micro', '--keep-work', '--json', '--quiet']) expect(help).toContain(flag);
  });

  it('refuses an output directory that holds something else, or another run', async () => {
    const other = join(dir, 'other');
    await mkdir(other);
    await writeFile(join(other, 'x.txt'), 'mine');
    await expect(runPolymarketFills({ input, markets, out: other })).rejects.toThrow(`--out ${other} is not empty and has no manifest.json: it holds something else (x.txt)`);
    await expect(runPolymarketFills({ input, markets, out: join(dir, 'out-cli'), buckets: 5 })).rejects.toThrow(/was partitioned into 3 buckets, not 5/);
    await expect(runPolymarketFills({ input: join(dir, 'none'), markets, out: join(dir, 'o2') })).rejects.toThrow(/--input .*none: cannot list \(ENOENT\)/);
    await expect(runPolymarketFills({ input, markets, out: markets })).rejects.toThrow(`--out ${markets} is not a directory`);
    const broken = join(dir, 'broken');
    await mkdir(broken);
    const gz = gzipSync(`${formatOrderFilledLine(buy(1, '101', 1, 0.5)[0]!)}\n`.repeat(200));
    await writeFile(join(broken, 'cut.json.gz'), gz.subarray(0, gz.length - 12));
    await expect(runPolymarketFills({ input: broken, markets, out: join(dir, 'o3') })).rejects.toThrow(/cut\.json\.gz: cannot read after line \d+ \(unexpected end of file: truncated or corrupt gzip\)/);
  });

  it('replays as Polymarket last_trade_price trades, and `arbiter backtest` reads the recording with its catalog', async () => {
    const out = join(dir, 'out-cli');
    const recording = join(out, 'polymarket-trades.jsonl.gz');
    const trades: TradeEvent[] = [];
    const report = await replayRecordings({ files: [recording], parsers: createFrameParsers(), priceCurrencyOf, strict: true, onEvent: (e) => { if (e.kind === 'trade') trades.push(e); } });
    expect(report.malformedLines + report.badFrames).toBe(0);
    expect(trades.map((t) => [t.tsVenue, t.symbol, t.side, t.price, t.size])).toEqual([
      [1_750_000_001_000, '201', 'buy', 0.25, 10],
      [1_750_000_002_000, '102', 'buy', 0.3, 20],
      [1_750_000_004_000, '202', 'buy', 0.7, 30],
      [1_750_000_005_000, '101', 'buy', 0.6, 100],
      [1_750_000_009_000, '302', 'buy', 0.5, 40],
    ]);
    expect(trades.every((t) => t.tsLocal === t.tsVenue && t.tradeId !== null && t.priceCurrency === 'USD')).toBe(true);
    const { history, venues } = await loadCatalogSnapshots(join(out, 'catalogs.jsonl'));
    try {
      expect(venues).toEqual(['polymarket']);
      expect(history.asOf('polymarket', 1_750_000_001_000).map((i) => i.symbol).sort()).toEqual(TOKENS.flat().sort());
    } finally {
      history.close();
    }
    const config = join(dir, 'pm.toml');
    await writeFile(config, [
      '[[paper.cash]]', 'venue = "polymarket"', 'currency = "USD"', 'amount = 1000',
      '[[strategies]]', 'type = "momentum"', 'name = "Momentum-PM"', 'lookback_ticks = 2', 'threshold = 0.01', 'risk_fraction = 0.05', 'stop_loss = 0.02', 'take_profit = 0.04',
      '[[strategies.instruments]]', 'venue = "polymarket"', 'symbol = "201"',
    ].join('\n'));
    const bt = await backtestCommand({ file: [recording], config, speed: 1, progress: false, logLevel: 'silent', out: join(dir, 'bt') });
    expect(bt.replay.records).toBe(5);
    expect(bt.replay.events).toBe(5);
  }, 60_000);
});
