/**
 * Stage 2 of the fill reconstruction, one bucket at a time: read the bucket file (sized to fit in
 * memory), group its fills by (market, transaction), reconstruct each trade, and write
 * `<condition_id>.jsonl` per market (trades in time order), plus the bucket's recording frames and
 * errors as parts for the final merge. Every file is written whole ('w'), and a market lives in
 * exactly one bucket, so redoing an interrupted bucket replaces its outputs and never duplicates lines.
 */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ArbiterError } from '../../../domain/errors.js';
import { decodeBucketRow } from './bucket-row.js';
import type { BucketResult } from './fills-manifest.js';
import type { MarketFill } from './order-filled.js';
import { bucketPath } from './partition-fills.js';
import { compareFills, reconstructTrade, type FillRule, type ReconstructedTrade } from './reconstruct-trade.js';
import { tradeRecordLines } from './trade-frames.js';

export function framesPartPath(workDir: string, bucket: number): string {
  return join(workDir, `frames-${bucket}.tsv`);
}

export function errorsPartPath(workDir: string, bucket: number): string {
  return join(workDir, `errors-${bucket}.jsonl`);
}

interface Placed {
  readonly trade: ReconstructedTrade;
  readonly conditionId: string;
  /** Insertion order of the transaction's first fill on chain (subgraph vid), the tie-break within a block time. */
  readonly vid: bigint;
}

function byTime(a: Placed, b: Placed): number {
  if (a.trade.timestamp !== b.trade.timestamp) return a.trade.timestamp - b.trade.timestamp;
  if (a.vid !== b.vid) return a.vid < b.vid ? -1 : 1;
  return a.trade.transaction_hash < b.trade.transaction_hash ? -1 : a.trade.transaction_hash > b.trade.transaction_hash ? 1 : 0;
}

/**
 * Key of a recording frame line in the frames part: `<ms>\t<vid>\t<line>`, sorted; the final merge
 * orders buckets by (ms, vid).
 */
export function frameKeyPrefix(ms: number, vid: bigint): string {
  return `${ms}\t${vid}\t`;
}

export async function processBucket(outDir: string, workDir: string, bucket: number, toleranceMicro: bigint): Promise<BucketResult> {
  const path = bucketPath(workDir, bucket);
  const groups = new Map<string, MarketFill[]>();
  let fills = 0;
  let lineNo = 0;
  // Line by line rather than one string: a bucket holding one very active market may exceed V8's string limit.
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    lineNo++;
    if (line.length === 0) continue;
    let fill: MarketFill;
    try {
      fill = decodeBucketRow(line);
    } catch (error) {
      throw new ArbiterError('ARB_INPUT_FILE', `${path}:${lineNo}: a bucket line is not a bucket row (${(error as Error).message}); delete the output directory and run again`, { file: path, line: lineNo }, { cause: error });
    }
    fills++;
    const key = `${fill.condition_id}|${fill.transaction_hash}`;
    const group = groups.get(key);
    if (group) group.push(fill);
    else groups.set(key, [fill]);
  }
  const placed: Placed[] = [];
  const errors: string[] = [];
  const errorsByRule: Partial<Record<FillRule, number>> = {};
  for (const group of groups.values()) {
    group.sort(compareFills);
    const result = reconstructTrade(group, { toleranceMicro });
    const first = group[0]!;
    if (!result.ok) {
      errorsByRule[result.rule] = (errorsByRule[result.rule] ?? 0) + 1;
      errors.push(JSON.stringify({ rule: result.rule, error: result.message, fills: group }));
      continue;
    }
    placed.push({ trade: result.trade, conditionId: first.condition_id, vid: first.vid === null ? 0n : BigInt(first.vid) });
  }
  placed.sort(byTime);
  const perMarket = new Map<string, string[]>();
  const frames: string[] = [];
  for (const p of placed) {
    let lines = perMarket.get(p.conditionId);
    if (!lines) perMarket.set(p.conditionId, (lines = []));
    lines.push(JSON.stringify(p.trade));
    const prefix = frameKeyPrefix(p.trade.timestamp, p.vid);
    for (const line of tradeRecordLines(p.trade, p.conditionId)) frames.push(prefix + line);
  }
  for (const [cid, lines] of perMarket) await writeFile(join(outDir, `${cid}.jsonl`), `${lines.join('\n')}\n`);
  await writeFile(framesPartPath(workDir, bucket), frames.length === 0 ? '' : `${frames.join('\n')}\n`);
  await writeFile(errorsPartPath(workDir, bucket), errors.length === 0 ? '' : `${errors.join('\n')}\n`);
  return { fills, transactions: groups.size, trades: placed.length, errorsByRule, markets: perMarket.size };
}
