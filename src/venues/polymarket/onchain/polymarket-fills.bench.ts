/**
 * Fill reconstruction throughput: OrderFilled fills per second through the whole
 * `data polymarket-fills` pipeline (gunzip, parse, partition into buckets, group, reconstruct,
 * write per-market files, merge the recording), against the same run's ceiling of only gunzipping
 * and JSON.parse-ing the same export files line by line. The input is generated: transactions of
 * one taker and 1–3 makers (same-outcome sellers and complementary buyers) over 200 markets.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, gzipSync } from 'node:zlib';
import { benchRow, type BenchRow, type BenchSuite } from '../../../bench/bench-row.js';
import { formatOrderFilledLine, type OrderFilledFill } from './order-filled.js';
import { runPolymarketFills } from './polymarket-fills.js';

const EX = '0x4bfb41d5b3570defd03c39a9a4d8de6bd8b8982e';
const MARKETS = 200;
const FILES = 2;

function hex(n: number, width: number): string {
  return `0x${n.toString(16).padStart(width, '0')}`;
}

/** Deterministic transactions; every one passes the consistency checks. */
function generate(transactions: number): string[][] {
  const files: string[][] = Array.from({ length: FILES }, () => []);
  let vid = 0;
  const fill = (tx: string, ts: number, maker: string, taker: string, give: string, giveAmt: number, get: string, getAmt: number): OrderFilledFill => ({
    transaction_hash: tx, timestamp: ts, maker, taker, maker_asset_id: give, taker_asset_id: get, maker_amount_filled: String(giveAmt), taker_amount_filled: String(getAmt),
    fee: '0', order_hash: hex(++vid, 64), id: `${tx}_${vid}`, vid: String(vid), _gs_gid: `g${vid}`, _gs_chain: 'matic', block_range: '[1,)',
  });
  for (let t = 0; t < transactions; t++) {
    const m = t % MARKETS;
    const yes = String(1_000_000 + 2 * m);
    const no = String(1_000_001 + 2 * m);
    const tx = hex(t + 1, 64);
    const ts = 1_750_000_000 + t;
    const taker = hex(1 + (t % 997), 40);
    const makers = 1 + (t % 3);
    const priceCents = 20 + (t % 60);
    const lines: OrderFilledFill[] = [];
    let shares = 0;
    let cash = 0;
    for (let k = 0; k < makers; k++) {
      const s = 10_000_000 * (k + 1);
      const maker = hex(5_000 + ((t * 7 + k) % 4_000), 40);
      if (k === 2) {
        const usdc = (s * (100 - priceCents)) / 100; // complementary buyer: mints at 1 − p
        lines.push(fill(tx, ts, maker, taker, '0', usdc, no, s));
        cash += s - usdc;
      } else {
        const usdc = (s * priceCents) / 100;
        lines.push(fill(tx, ts, maker, taker, yes, s, '0', usdc));
        cash += usdc;
      }
      shares += s;
    }
    lines.push(fill(tx, ts, taker, EX, '0', cash, yes, shares));
    files[t % FILES]!.push(...lines.map(formatOrderFilledLine));
  }
  return files;
}

async function gunzipParse(paths: readonly string[]): Promise<number> {
  let n = 0;
  for (const path of paths) {
    const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.length > 0 && JSON.parse(line) !== null) n++;
    }
  }
  return n;
}

export const polymarketFillsSuite: BenchSuite = {
  name: 'polymarket-fills',
  async run(ctx): Promise<BenchRow[]> {
    const transactions = Math.max(2_000, Math.round(100_000 * ctx.scale));
    const dir = join(ctx.workDir, 'polymarket-fills');
    const input = join(dir, 'input');
    await mkdir(input, { recursive: true });
    const files = generate(transactions);
    const paths: string[] = [];
    let fills = 0;
    for (let i = 0; i < files.length; i++) {
      const path = join(input, `part-${i}.json.gz`);
      await writeFile(path, gzipSync(`${files[i]!.join('\n')}\n`));
      paths.push(path);
      fills += files[i]!.length;
    }
    const markets = join(dir, 'markets.jsonl');
    await writeFile(markets, `${Array.from({ length: MARKETS }, (_, m) => JSON.stringify({
      condition_id: hex(m + 1, 64), question: `Market ${m}?`, tokens: [{ token_id: String(1_000_000 + 2 * m), outcome: 'Yes' }, { token_id: String(1_000_001 + 2 * m), outcome: 'No' }],
    })).join('\n')}\n`);
    ctx.log(`polymarket-fills: ${fills.toLocaleString('en-US')} fills in ${transactions.toLocaleString('en-US')} transactions`);

    let refBest = 0;
    let runBest = 0;
    for (let round = 0; round < 2; round++) {
      const r0 = performance.now();
      const parsed = await gunzipParse(paths);
      refBest = Math.max(refBest, (parsed * 1000) / (performance.now() - r0));
      const out = join(dir, `out-${round}`);
      const t0 = performance.now();
      const summary = await runPolymarketFills({ input, markets, out, buckets: 8 });
      runBest = Math.max(runBest, (fills * 1000) / (performance.now() - t0));
      if (summary.trades !== transactions || summary.errors !== 0) throw new Error(`polymarket-fills bench: ${summary.trades} trades, ${summary.errors} errors for ${transactions} transactions`);
      await rm(out, { recursive: true, force: true });
    }
    return [
      benchRow('polymarket-fills: OrderFilled export → trades, recording (8 buckets, end to end)', 'fills/s', runBest, refBest,
        'reference: gunzip + line split + JSON.parse of the same files, same run; the pipeline also re-encodes each fill to its bucket, reads it back and writes three outputs'),
    ];
  },
};
