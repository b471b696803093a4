/**
 * The manifest of a `data polymarket-fills` output directory: what input it belongs to and which
 * stages and buckets are finished, so a rerun after a crash redoes only unfinished work. Written
 * atomically (temporary file + rename) after each finished input file, bucket and the final stage.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArbiterError } from '../../../domain/errors.js';
import type { FillRule } from './reconstruct-trade.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'arbiter-polymarket-fills';

export interface InputFingerprint {
  readonly files: ReadonlyArray<{ readonly name: string; readonly bytes: number }>;
  readonly marketsBytes: number;
}

export interface BucketResult {
  readonly fills: number;
  readonly transactions: number;
  readonly trades: number;
  readonly errorsByRule: Partial<Record<FillRule, number>>;
  readonly markets: number;
}

export interface FillsManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: 1;
  readonly input: InputFingerprint;
  readonly buckets: number;
  readonly toleranceMicro: string;
  partition: {
    /** Input files fully partitioned, in order. */
    filesDone: string[];
    /** Bytes of each bucket file (and of malformed.jsonl) when the last input file finished. */
    bucketBytes: number[];
    malformedBytes: number;
    fillsRead: number;
    malformedLines: number;
    droppedUnknownToken: number;
    done: boolean;
  };
  /** Finished buckets by index. */
  bucketsDone: Record<string, BucketResult>;
  finalized: boolean;
  /** Set with `finalized`: frames in the recording and the first trade's time (epoch ms). */
  final?: { frames: number; firstTradeMs: number | null };
}

export async function writeManifest(out: string, manifest: FillsManifest): Promise<void> {
  const path = join(out, MANIFEST_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 1)}\n`);
  await rename(`${path}.tmp`, path);
}

function sameInput(a: InputFingerprint, b: InputFingerprint): boolean {
  return a.marketsBytes === b.marketsBytes && a.files.length === b.files.length && a.files.every((f, i) => f.name === b.files[i]!.name && f.bytes === b.files[i]!.bytes);
}

/**
 * The manifest of an earlier run over the same input, or null for a new or empty directory.
 * @throws ArbiterError ARB_INPUT_INVALID when the directory holds something else, a manifest of
 * another format, or a run over different input or settings.
 */
export async function readManifest(out: string, input: InputFingerprint, settings: { buckets: number | null; toleranceMicro: bigint }): Promise<FillsManifest | null> {
  if (!existsSync(out)) return null;
  const path = join(out, MANIFEST_FILE);
  if (!(await stat(out)).isDirectory()) throw new ArbiterError('ARB_INPUT_INVALID', `--out ${out} is not a directory`, { file: out });
  if (!existsSync(path)) {
    const entries = await readdir(out);
    if (entries.length === 0) return null;
    throw new ArbiterError('ARB_INPUT_INVALID', `--out ${out} is not empty and has no ${MANIFEST_FILE}: it holds something else (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); choose a new or empty directory`, { file: out });
  }
  let manifest: FillsManifest;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as FillsManifest;
  } catch (error) {
    throw new ArbiterError('ARB_INPUT_INVALID', `${path} is not valid JSON; the output directory is damaged, choose a new one`, { file: path }, { cause: error });
  }
  if (manifest?.format !== MANIFEST_FORMAT || manifest.version !== 1) {
    throw new ArbiterError('ARB_INPUT_INVALID', `${path} is not a polymarket-fills manifest (version 1); choose a new or empty --out`, { file: path });
  }
  if (!sameInput(manifest.input, input)) {
    throw new ArbiterError('ARB_INPUT_INVALID', `--out ${out} holds a run over different input (files or sizes changed); choose a new --out or delete it`, { file: out });
  }
  if (settings.buckets !== null && settings.buckets !== manifest.buckets) {
    throw new ArbiterError('ARB_INPUT_INVALID', `--out ${out} was partitioned into ${manifest.buckets} buckets, not ${settings.buckets}; rerun without --buckets or with --buckets ${manifest.buckets}`, { file: out });
  }
  if (BigInt(manifest.toleranceMicro) !== settings.toleranceMicro) {
    throw new ArbiterError('ARB_INPUT_INVALID', `--out ${out} was built with --tolerance-micro ${manifest.toleranceMicro}, not ${settings.toleranceMicro}; use a new --out to change it`, { file: out });
  }
  return manifest;
}
