/** Bar boundaries (UTC) of Finnhub resolutions: minutes, day, week from Monday, calendar month. */
import type { FinnhubResolution } from '../parse/parse-candles.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Start of the bar containing `tMs`. */
export function periodStart(resolution: FinnhubResolution, tMs: number): number {
  switch (resolution) {
    case 'D':
      return Math.floor(tMs / DAY) * DAY;
    case 'W': {
      const day = Math.floor(tMs / DAY);
      return (day - ((day + 3) % 7)) * DAY;
    }
    case 'M': {
      const d = new Date(tMs);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
    default: {
      const size = Number(resolution) * MINUTE;
      return Math.floor(tMs / size) * size;
    }
  }
}

/** Start of the bar after the one starting at `startMs`. */
export function nextPeriod(resolution: FinnhubResolution, startMs: number): number {
  switch (resolution) {
    case 'D':
      return startMs + DAY;
    case 'W':
      return startMs + 7 * DAY;
    case 'M': {
      const d = new Date(startMs);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
    default:
      return startMs + Number(resolution) * MINUTE;
  }
}
