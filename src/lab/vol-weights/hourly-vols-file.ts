/**
 * The hourly-vols file the weighted vol-time clock reads: a JSON array of 168 positive numbers,
 * Monday 00:00 UTC first (what `arbiter lab vol-weights --out` writes; the seed's
 * `cache/hourly_vols.json` has the same shape). Only ratios matter: the clock normalises by the mean.
 */
import { readFileSync } from 'node:fs';
import { ArbiterError } from '../../domain/errors.js';
import { HOURS_PER_WEEK, bucketLabel } from './hour-of-week-vols.js';

function bad(source: string, why: string): ArbiterError {
  return new ArbiterError('ARB_INPUT_FILE', `hourly vols file ${source}: ${why}`, { file: source });
}

/** @throws ArbiterError ARB_INPUT_FILE saying what is wrong (not JSON, not 168 entries, which entry is not a positive number). */
export function parseHourlyVols(text: string, source: string): number[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw bad(source, `not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value)) throw bad(source, 'expected a JSON array of 168 numbers (Monday 00:00 UTC first)');
  if (value.length !== HOURS_PER_WEEK) throw bad(source, `has ${value.length} entries, expected 168 (7 days × 24 hours, Monday 00:00 UTC first)`);
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw bad(source, `entry ${i} (${bucketLabel(i)}) is ${JSON.stringify(v)}, expected a positive number`);
  });
  return value as number[];
}

/** Reads and checks the file. @throws ArbiterError ARB_INPUT_FILE for a missing, unreadable or malformed file. */
export function readHourlyVolsFile(path: string): number[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw bad(path, `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseHourlyVols(text, path);
}

/** The file text: a pretty JSON array, one day per line. */
export function formatHourlyVols(vols: readonly number[]): string {
  if (vols.length !== HOURS_PER_WEEK) throw new ArbiterError('ARB_INPUT_INVALID', `expected 168 vols, got ${vols.length}`);
  const days = Array.from({ length: 7 }, (_, d) => `  ${vols.slice(d * 24, d * 24 + 24).map((v) => String(Number(v.toPrecision(12)))).join(', ')}`);
  return `[\n${days.join(',\n')}\n]\n`;
}
