/**
 * `arbiter data polymarket-fills`: exported on-chain OrderFilled events → per-market reconstructed
 * trades, an error file, and a replayable recording with its catalog snapshot
 * (docs/polymarket-fills.md). Streaming and resumable, without external sort tools:
 * partition by market into buckets → per bucket group by transaction in memory → merge.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArbiterError } from '../../../domain/errors.js';
import { readManifest, writeManifest, type FillsManifest, type InputFingerprint } from './fills-manifest.js';
import { ERROR_FILE, finalizeFills, RECORDING_FILE } from './finalize-fills.js';
import { bucketOf, loadMarketsFile } from './markets-file.js';
import { partitionFills } from './partition-fills.js';
import { processBucket } from './process-bucket.js';
import type { FillRule } from './reconstruct-trade.js';

export interface PolymarketFillsOptions {
  readonly input: string;
  readonly markets: string;
  readonly out: string;
  /** Number of buckets; default from the input size (about 64 MB of bucket file each, 1–1024). */
  readonly buckets?: number;
  /** Accepted |difference| of the share and cash checks in micro-units (default 9: below 0.00001). */
  readonly toleranceMicro?: bigint;
  /** Keep the work directory (bucket files and parts) after the run. */
  readonly keepWork?: boolean;
  readonly onProgress?: (text: string) => void;
  readonly nowMs?: () => number;
}

/** Test seams: called at the points where a crash is most awkward. A throw aborts the run there. */
export interface PolymarketFillsHooks {
  /** After an input file is partitioned and the manifest saved. */
  readonly afterInputFile?: (name: string) => void | Promise<void>;
  /** After a bucket's outputs are written, before the manifest records it as finished. */
  readonly beforeBucketRecorded?: (bucket: number) => void | Promise<void>;
}

export interface PolymarketFillsSummary {
  readonly out: string;
  /** True when the output directory was already complete. */
  readonly nothingToDo: boolean;
  readonly inputFiles: number;
  readonly buckets: number;
  readonly fillsRead: number;
  readonly malformedLines: number;
  readonly droppedUnknownToken: number;
  readonly transactions: number;
  readonly trades: number;
  readonly errors: number;
  readonly errorsByRule: Partial<Record<FillRule, number>>;
  readonly markets: number;
  readonly recording: string;
  readonly frames: number;
}

const TARGET_BUCKET_BYTES = 64 << 20;
/** Bucket-file bytes per gzipped input byte (gunzip ratio ~8, re-encoded a little smaller). */
const EXPANSION = 6;
export const WORK_DIR = 'work';

export function defaultBuckets(inputBytes: number): number {
  return Math.min(1024, Math.max(1, Math.ceil((inputBytes * EXPANSION) / TARGET_BUCKET_BYTES)));
}

async function fingerprint(input: string, markets: string): Promise<InputFingerprint> {
  let names: string[];
  try {
    names = (await readdir(input)).filter((n) => n.endsWith('.json.gz') && !n.startsWith('.')).sort();
  } catch (error) {
    throw new ArbiterError('ARB_INPUT_FILE', `--input ${input}: cannot list (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file: input }, { cause: error });
  }
  if (names.length === 0) throw new ArbiterError('ARB_INPUT_FILE', `--input ${input} holds no *.json.gz files`, { file: input });
  const files = await Promise.all(names.map(async (name) => ({ name, bytes: (await stat(join(input, name))).size })));
  let marketsBytes: number;
  try {
    marketsBytes = (await stat(markets)).size;
  } catch (error) {
    throw new ArbiterError('ARB_INPUT_FILE', `--markets ${markets}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: markets }, { cause: error });
  }
  return { files, marketsBytes };
}

function summarise(out: string, m: FillsManifest, nothingToDo: boolean): PolymarketFillsSummary {
  let transactions = 0;
  let trades = 0;
  let markets = 0;
  const errorsByRule: Partial<Record<FillRule, number>> = {};
  for (const r of Object.values(m.bucketsDone)) {
    transactions += r.transactions;
    trades += r.trades;
    markets += r.markets;
    for (const [rule, n] of Object.entries(r.errorsByRule) as Array<[FillRule, number]>) errorsByRule[rule] = (errorsByRule[rule] ?? 0) + n;
  }
  return {
    out, nothingToDo, inputFiles: m.input.files.length, buckets: m.buckets, fillsRead: m.partition.fillsRead, malformedLines: m.partition.malformedLines,
    droppedUnknownToken: m.partition.droppedUnknownToken, transactions, trades, errors: Object.values(errorsByRule).reduce((a, b) => a + b, 0), errorsByRule,
    markets, recording: join(out, RECORDING_FILE), frames: m.final?.frames ?? 0,
  };
}

/**
 * Runs or resumes the reconstruction.
 * @throws ArbiterError ARB_INPUT_FILE for unreadable input or a bad markets file (naming the line),
 * ARB_INPUT_INVALID when `out` holds something else or a run over different input or settings.
 */
export async function runPolymarketFills(opts: PolymarketFillsOptions, hooks: PolymarketFillsHooks = {}): Promise<PolymarketFillsSummary> {
  const progress = opts.onProgress ?? (() => {});
  const toleranceMicro = opts.toleranceMicro ?? 9n;
  if (toleranceMicro < 0n) throw new ArbiterError('ARB_INPUT_INVALID', `tolerance must be ≥ 0 micro-units, got ${toleranceMicro}`);
  if (opts.buckets !== undefined && (!Number.isInteger(opts.buckets) || opts.buckets < 1 || opts.buckets > 4096)) {
    throw new ArbiterError('ARB_INPUT_INVALID', `buckets must be an integer from 1 to 4096, got ${opts.buckets}`);
  }
  const input = await fingerprint(opts.input, opts.markets);
  const workDir = join(opts.out, WORK_DIR);
  let manifest = await readManifest(opts.out, input, { buckets: opts.buckets ?? null, toleranceMicro });
  if (manifest?.finalized) {
    if (!opts.keepWork && existsSync(workDir)) await rm(workDir, { recursive: true, force: true });
    progress('nothing to do: the output directory is complete');
    return summarise(opts.out, manifest, true);
  }
  const index = await loadMarketsFile(opts.markets);
  progress(`markets: ${index.markets.size.toLocaleString('en-US')} (${index.tokens.size.toLocaleString('en-US')} tokens, ${index.skipped} skipped without ids)`);
  await mkdir(workDir, { recursive: true });
  if (manifest === null) {
    const buckets = opts.buckets ?? defaultBuckets(input.files.reduce((a, f) => a + f.bytes, 0));
    manifest = {
      format: 'arbiter-polymarket-fills', version: 1, input, buckets, toleranceMicro: toleranceMicro.toString(),
      partition: { filesDone: [], bucketBytes: new Array<number>(buckets).fill(0), malformedBytes: 0, fillsRead: 0, malformedLines: 0, droppedUnknownToken: 0, done: false },
      bucketsDone: {}, finalized: false,
    };
    await writeManifest(opts.out, manifest);
  } else {
    progress(`resuming: ${manifest.partition.filesDone.length}/${input.files.length} input files partitioned, ${Object.keys(manifest.bucketsDone).length}/${manifest.buckets} buckets done`);
  }
  const m = manifest;
  if (!m.partition.done) {
    const tokens = new Map<string, readonly [string, number]>();
    const bucketByMarket = new Map<string, number>();
    for (const [token, cid] of index.tokens) {
      let b = bucketByMarket.get(cid);
      if (b === undefined) bucketByMarket.set(cid, (b = bucketOf(cid, m.buckets)));
      tokens.set(token, [cid, b]);
    }
    await partitionFills({
      inputDir: opts.input, workDir, outDir: opts.out, manifest: m, tokens, onProgress: progress,
      onFileDone: async (name) => {
        await writeManifest(opts.out, m);
        await hooks.afterInputFile?.(name);
      },
    });
    await writeManifest(opts.out, m);
  }
  for (let b = 0; b < m.buckets; b++) {
    if (m.bucketsDone[String(b)] !== undefined) continue;
    const result = await processBucket(opts.out, workDir, b, toleranceMicro);
    await hooks.beforeBucketRecorded?.(b);
    m.bucketsDone[String(b)] = result;
    await writeManifest(opts.out, m);
    progress(`bucket ${b + 1}/${m.buckets}: ${result.fills.toLocaleString('en-US')} fills, ${result.trades.toLocaleString('en-US')} trades, ${result.markets} markets`);
  }
  progress('merging the recording and the error file');
  const final = await finalizeFills({ outDir: opts.out, workDir, buckets: m.buckets, markets: index.markets, nowMs: (opts.nowMs ?? Date.now)() });
  m.final = { frames: final.frames, firstTradeMs: final.firstTradeMs };
  m.finalized = true;
  await writeManifest(opts.out, m);
  if (!opts.keepWork) await rm(workDir, { recursive: true, force: true });
  return summarise(opts.out, m, false);
}

/** Human-readable summary lines. */
export function formatPolymarketFillsSummary(s: PolymarketFillsSummary): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [
    s.nothingToDo ? `nothing to do: ${s.out} is complete` : `wrote ${s.out}`,
    `input files:           ${s.inputFiles} (${s.buckets} buckets)`,
    `fills read:            ${n(s.fillsRead)}`,
    `malformed lines:       ${n(s.malformedLines)}`,
    `dropped unknown token: ${n(s.droppedUnknownToken)}`,
    `transactions:          ${n(s.transactions)}`,
    `trades:                ${n(s.trades)}`,
    `errors:                ${n(s.errors)} (${join(s.out, ERROR_FILE)})`,
    ...Object.entries(s.errorsByRule).sort().map(([rule, k]) => `  ${rule.padEnd(21)}${n(k)}`),
    `markets:               ${n(s.markets)}`,
    `recording:             ${s.recording} (${n(s.frames)} frames; catalogs.jsonl beside it)`,
  ];
  return lines.join('\n');
}
