/** Time units. Timestamps at the edges are epoch milliseconds; year fractions use ACT/365. */

export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
/** ACT/365 (fixed): the day count for time to expiry unless a venue says otherwise. */
export const MS_PER_YEAR = 365 * MS_PER_DAY;

/** Years between two epoch-ms instants on ACT/365; negative when `toMs` is before `fromMs`. */
export function yearsBetween(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / MS_PER_YEAR;
}

/**
 * Epoch seconds written where milliseconds were expected (the seed's demo data did this).
 * Any value below 1e11 is treated as seconds: 1e11 ms is 1973, 1e11 s is the year 5138.
 */
export function normalizeEpochMs(value: number): number {
  return Math.abs(value) < 1e11 ? value * 1_000 : value;
}

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
