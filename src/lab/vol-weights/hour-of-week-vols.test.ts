import { describe, expect, it } from 'vitest';
import { bucketLabel, completeVols, formatHourOfWeekTable, hourOfWeekIndex, hourOfWeekVols } from './hour-of-week-vols.js';

const HOUR = 3_600_000;
const MONDAY = Date.UTC(2024, 0, 1); // a Monday, 00:00 UTC
/** Three returns with a hand-computed sample std: mean 0.02/3, Σ(x − mean)² = 6e-4 − 3·(0.02/3)² = 14e-4/3, /2 → std = √(7e-4/3). */
const X = [0.01, -0.01, 0.02];
const STD_X = Math.sqrt(7e-4 / 3);
const scale = (b: number): number => 1 + b / 84;

/** Hourly prices whose return into hour H of week w is scale(bucket) · X[w]; `skip` leaves hours out. */
function weeks(n: number, skip: (hourStart: number) => boolean = () => false): { t: number[]; p: number[] } {
  const t = [MONDAY - HOUR / 2];
  const p = [100];
  let logP = Math.log(100);
  for (let w = 0; w < n; w++) {
    for (let b = 0; b < 168; b++) {
      const start = MONDAY + (w * 168 + b) * HOUR;
      logP += scale(b) * X[w % 3]!;
      if (skip(start)) continue;
      t.push(start + 10 * 60_000, start + 59 * 60_000);
      p.push(1e6, Math.exp(logP)); // the first print in the hour is not its close
    }
  }
  return { t, p };
}

describe('hourOfWeekIndex and labels', () => {
  it('puts Monday 00:00 UTC first and Sunday 23:00 last', () => {
    expect(hourOfWeekIndex(MONDAY)).toBe(0);
    expect(hourOfWeekIndex(MONDAY + 59 * 60_000)).toBe(0);
    expect(hourOfWeekIndex(MONDAY + 167 * HOUR)).toBe(167);
    expect(hourOfWeekIndex(0)).toBe(3 * 24); // 1970-01-01 was a Thursday
    expect(hourOfWeekIndex(Date.UTC(2026, 10, 21, 15, 30))).toBe(5 * 24 + 15); // a Saturday
    expect(bucketLabel(0)).toBe('Mon 00:00 UTC');
    expect(bucketLabel(6 * 24 + 3)).toBe('Sun 03:00 UTC');
  });
});

describe('hourOfWeekVols', () => {
  it('matches the hand-computed std in every bucket, using the last price of each hour', () => {
    const { t, p } = weeks(3);
    const r = hourOfWeekVols(t, p);
    expect(r.holes).toEqual([]);
    expect(r.counts.every((c) => c === 3)).toBe(true);
    expect(r.returns).toBe(3 * 168);
    for (let b = 0; b < 168; b++) expect(r.std[b]! / (scale(b) * STD_X)).toBeCloseTo(1, 12);
    expect(r.std[0]).toBeCloseTo(0.015275252316519466, 15);
  });

  it('gives the same answer for unsorted input', () => {
    const { t, p } = weeks(3);
    const idx = t.map((_, i) => i).reverse();
    const r = hourOfWeekVols(idx.map((i) => t[i]!), idx.map((i) => p[i]!));
    for (let b = 0; b < 168; b++) expect(r.std[b]! / (scale(b) * STD_X)).toBeCloseTo(1, 12);
  });

  it('takes returns only between consecutive hours, and names the empty buckets', () => {
    const sun3 = (s: number): boolean => hourOfWeekIndex(s) === 6 * 24 + 3;
    const r = hourOfWeekVols(...(Object.values(weeks(3, sun3)) as [number[], number[]]));
    expect(r.counts[6 * 24 + 3]).toBe(0);
    expect(r.counts[6 * 24 + 4]).toBe(0); // its previous hour is missing
    expect(r.counts[6 * 24 + 2]).toBe(3);
    expect(r.holes.map((h) => `${h.label}: ${h.reason}`)).toEqual(['Sun 03:00 UTC: no returns', 'Sun 04:00 UTC: no returns']);
    expect(r.std[6 * 24 + 3]).toBeNull();
    expect(() => completeVols(r)).toThrow(/2 of 168 hour-of-week buckets have no estimate \(Sun 03:00 UTC: no returns; Sun 04:00 UTC: no returns\); pass --fill mean/);
  });

  it('fills holes with the mean of all buckets, or of the same hour on other days', () => {
    const sun3 = (s: number): boolean => hourOfWeekIndex(s) === 6 * 24 + 3;
    const r = hourOfWeekVols(...(Object.values(weeks(3, sun3)) as [number[], number[]]));
    const known = r.std.filter((s): s is number => s !== null);
    const mean = known.reduce((a, b) => a + b, 0) / known.length;
    const byMean = completeVols(r, 'mean');
    expect(byMean[6 * 24 + 3]).toBeCloseTo(mean, 15);
    expect(byMean[6 * 24 + 4]).toBeCloseTo(mean, 15);
    expect(byMean[5]).toBe(r.std[5]);
    const byHour = completeVols(r, 'hour');
    const hour3 = [0, 1, 2, 3, 4, 5].map((d) => scale(d * 24 + 3) * STD_X);
    expect(byHour[6 * 24 + 3]).toBeCloseTo(hour3.reduce((a, b) => a + b, 0) / 6, 14);
  });

  it('reports one-return and zero-variance buckets instead of NaN or 0', () => {
    const one = hourOfWeekVols(...(Object.values(weeks(1)) as [number[], number[]]));
    expect(one.holes).toHaveLength(168);
    expect(one.holes[0]).toEqual({ index: 0, label: 'Mon 00:00 UTC', count: 1, reason: 'one return (a standard deviation needs two)' });
    const flat = hourOfWeekVols([MONDAY, MONDAY + HOUR, MONDAY + 2 * HOUR, MONDAY + 168 * HOUR, MONDAY + 169 * HOUR, MONDAY + 170 * HOUR], [5, 5, 5, 5, 5, 5]);
    expect(flat.holes.find((h) => h.index === 1)?.reason).toBe('all 2 returns are equal (standard deviation 0)');
    expect(flat.std.some((s) => Number.isNaN(s))).toBe(false);
  });

  it('refuses data without consecutive hours, and bad prices', () => {
    const daily = Array.from({ length: 30 }, (_, i) => MONDAY + i * 24 * HOUR);
    expect(() => hourOfWeekVols(daily, daily.map(() => 1))).toThrow(/no two consecutive UTC hours .* at least hourly resolution/);
    expect(() => hourOfWeekVols([MONDAY, MONDAY + HOUR], [1, 0])).toThrow(/price #1 .* is not a positive number/);
    expect(() => hourOfWeekVols([MONDAY], [1, 2])).toThrow(/1 times but 2 prices/);
  });
});

describe('formatHourOfWeekTable', () => {
  it('prints hours as rows and weekdays as columns', () => {
    const text = formatHourOfWeekTable(Array.from({ length: 168 }, (_, i) => (i === 167 ? null : i)), (v) => (v === null ? '—' : String(v)));
    const lines = text.split('\n');
    expect(lines).toHaveLength(25);
    expect(lines[0]).toMatch(/^UTC\s+Mon\s+Tue\s+Wed\s+Thu\s+Fri\s+Sat\s+Sun$/);
    expect(lines[1]!.split(/\s+/)).toEqual(['00:00', '0', '24', '48', '72', '96', '120', '144']);
    expect(lines[24]!.trim().endsWith('—')).toBe(true);
  });
});
