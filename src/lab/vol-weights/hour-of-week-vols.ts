/**
 * Hour-of-week volatility: prices → hourly closes (UTC; the last price in each hour) → log
 * returns between consecutive hours only → standard deviation (sample, n − 1) per (weekday
 * Monday = 0, hour) bucket: 168 numbers, Monday 00:00 UTC first, the layout of the weighted
 * vol-time clock's `hourly_vols` (engine-seed.md §5.6, §11.2). A return from the close of hour
 * H − 1 to the close of hour H is the move during hour H and counts in H's bucket. Buckets with
 * fewer than two returns, or with no variation, are holes: reported by name, never NaN. Pure.
 */
import { ArbiterError } from '../../domain/errors.js';

export const HOURS_PER_WEEK = 168;
const HOUR = 3_600_000;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface VolHole {
  readonly index: number;
  readonly label: string;
  readonly count: number;
  readonly reason: string;
}

export interface HourOfWeekVols {
  /** Std of hourly log returns per bucket, null for a hole. */
  readonly std: ReadonlyArray<number | null>;
  /** Returns per bucket. */
  readonly counts: readonly number[];
  readonly holes: readonly VolHole[];
  readonly observations: number;
  readonly hours: number;
  readonly returns: number;
  readonly firstMs: number;
  readonly lastMs: number;
}

/** Bucket index of the UTC hour starting at `hourStartMs`: weekday (Monday 0) × 24 + hour. */
export function hourOfWeekIndex(tMs: number): number {
  const hourIndex = Math.floor(tMs / HOUR);
  const weekday = (Math.floor(hourIndex / 24) + 3) % 7; // 1970-01-01 was a Thursday
  return ((weekday + 7) % 7) * 24 + (((hourIndex % 24) + 24) % 24);
}

/** "Mon 00:00 UTC" … "Sun 23:00 UTC". */
export function bucketLabel(index: number): string {
  return `${DAYS[Math.floor(index / 24)]} ${String(index % 24).padStart(2, '0')}:00 UTC`;
}

/**
 * @param t  observation times, epoch ms (any order; equal times keep input order).
 * @param p  prices > 0.
 * @throws ArbiterError ARB_INPUT_INVALID on mismatched lengths, a bad time or price, or data without a single pair of consecutive hours.
 */
export function hourOfWeekVols(t: ArrayLike<number>, p: ArrayLike<number>): HourOfWeekVols {
  if (t.length !== p.length) throw new ArbiterError('ARB_INPUT_INVALID', `vol weights: ${t.length} times but ${p.length} prices`);
  const n = t.length;
  let order: number[] | null = null;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(t[i]!)) throw new ArbiterError('ARB_INPUT_INVALID', `vol weights: time #${i} is not a finite epoch-ms number (${t[i]})`);
    if (!(p[i]! > 0 && p[i]! < Infinity)) throw new ArbiterError('ARB_INPUT_INVALID', `vol weights: price #${i} at ${new Date(t[i]!).toISOString()} is not a positive number (${p[i]})`);
    if (i > 0 && t[i]! < t[i - 1]! && order === null) order = Array.from({ length: n }, (_, k) => k).sort((a, b) => t[a]! - t[b]! || a - b);
  }
  // One pass: the close of each UTC hour is its last price; a return is taken when the next hour
  // with a price is the very next hour.
  const rets = new Float64Array(n);
  const buckets = new Uint8Array(n);
  const sums = new Float64Array(HOURS_PER_WEEK);
  const counts = new Array<number>(HOURS_PER_WEEK).fill(0);
  let returns = 0;
  let hoursSeen = 0;
  let prevHour = NaN, prevClose = NaN;
  let curHour = NaN, curClose = NaN;
  const closeHour = (): void => {
    if (curHour === prevHour + 1) {
      const r = Math.log(curClose / prevClose);
      const b = hourOfWeekIndex(curHour * HOUR);
      rets[returns] = r;
      buckets[returns] = b;
      sums[b]! += r;
      counts[b]!++;
      returns++;
    }
    prevHour = curHour;
    prevClose = curClose;
  };
  for (let k = 0; k < n; k++) {
    const i = order === null ? k : order[k]!;
    const tk = t[i]!;
    // Same hour as the previous price: only the close moves (the common case, no division).
    if (tk >= curHour * HOUR && tk < (curHour + 1) * HOUR) {
      curClose = p[i]!;
      continue;
    }
    if (hoursSeen > 0) closeHour();
    curHour = Math.floor(tk / HOUR);
    hoursSeen++;
    curClose = p[i]!;
  }
  if (hoursSeen > 0) closeHour();
  if (returns === 0) {
    throw new ArbiterError('ARB_INPUT_INVALID', `vol weights: no two consecutive UTC hours with a price in ${n} observations over ${hoursSeen} hours; the data needs at least hourly resolution`, { observations: n });
  }
  const means = new Float64Array(HOURS_PER_WEEK);
  for (let b = 0; b < HOURS_PER_WEEK; b++) means[b] = counts[b]! > 0 ? sums[b]! / counts[b]! : 0;
  const squares = new Float64Array(HOURS_PER_WEEK);
  for (let k = 0; k < returns; k++) {
    const b = buckets[k]!;
    const d = rets[k]! - means[b]!;
    squares[b]! += d * d;
  }
  const std: Array<number | null> = new Array<number | null>(HOURS_PER_WEEK).fill(null);
  const holes: VolHole[] = [];
  for (let b = 0; b < HOURS_PER_WEEK; b++) {
    const c = counts[b]!;
    if (c < 2) {
      holes.push({ index: b, label: bucketLabel(b), count: c, reason: c === 0 ? 'no returns' : 'one return (a standard deviation needs two)' });
      continue;
    }
    const s = Math.sqrt(squares[b]! / (c - 1));
    if (!(s > 0)) {
      holes.push({ index: b, label: bucketLabel(b), count: c, reason: `all ${c} returns are equal (standard deviation 0)` });
      continue;
    }
    std[b] = s;
  }
  return { std, counts, holes, observations: n, hours: hoursSeen, returns, firstMs: t[order === null ? 0 : order[0]!]!, lastMs: t[order === null ? n - 1 : order[n - 1]!]! };
}

export const FILL_POLICIES = ['mean', 'hour'] as const;
export type FillPolicy = (typeof FILL_POLICIES)[number];

/**
 * The 168 numbers with holes filled: `mean` = the mean of all estimated buckets; `hour` = the
 * mean of the same UTC hour on the weekdays that have it, else the mean of all.
 * @throws ArbiterError ARB_INPUT_INVALID when holes remain and no policy is given.
 */
export function completeVols(result: HourOfWeekVols, fill?: FillPolicy): number[] {
  if (result.holes.length > 0 && fill === undefined) {
    const named = result.holes.slice(0, 6).map((h) => `${h.label}: ${h.reason}`).join('; ');
    throw new ArbiterError('ARB_INPUT_INVALID', `${result.holes.length} of 168 hour-of-week buckets have no estimate (${named}${result.holes.length > 6 ? '; …' : ''}); pass --fill mean or --fill hour to fill them, or give more data`, { holes: result.holes.length });
  }
  const known = result.std.filter((s): s is number => s !== null);
  const overall = known.reduce((a, b) => a + b, 0) / known.length;
  return result.std.map((s, b) => {
    if (s !== null) return s;
    if (fill === 'hour') {
      const same = [0, 1, 2, 3, 4, 5, 6].map((d) => result.std[d * 24 + (b % 24)]).filter((x): x is number => x !== null && x !== undefined);
      if (same.length > 0) return same.reduce((a, c) => a + c, 0) / same.length;
    }
    return overall;
  });
}

/** A table with the 24 hours as rows and the weekdays as columns. */
export function formatHourOfWeekTable(values: ReadonlyArray<number | null>, cell: (v: number | null) => string): string {
  const width = Math.max(5, ...values.map((v) => cell(v).length));
  const lines = [`${'UTC'.padEnd(6)}${DAYS.map((d) => d.padStart(width + 1)).join('')}`];
  for (let h = 0; h < 24; h++) lines.push(`${`${String(h).padStart(2, '0')}:00`.padEnd(6)}${DAYS.map((_, d) => cell(values[d * 24 + h] ?? null).padStart(width + 1)).join('')}`);
  return lines.join('\n');
}
