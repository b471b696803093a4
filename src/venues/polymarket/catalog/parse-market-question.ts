/**
 * Reads "<asset> above/below $K on <date>" Polymarket questions into strike, comparison and
 * expiry. These markets resolve on the Binance 1-minute close at 12:00 America/New_York on the
 * date in the title, so the expiry is noon New York time, DST included.
 * Path-dependent wording ("reach", "hit", "by <date>") and ranges are not this payoff: null.
 */
import { zonedTimeToEpochMs } from '../../../domain/time-zone.js';

export const POLYMARKET_RESOLUTION_ZONE = 'America/New_York';
export const POLYMARKET_RESOLUTION_HOUR = 12;

export interface ParsedStrikeQuestion {
  readonly underlying: string;
  readonly comparison: 'above' | 'below';
  readonly strike: number;
  readonly expiryMs: number;
}

const ASSETS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:bitcoin|btc)\b/i, 'BTC'],
  [/\b(?:ethereum|ether|eth)\b/i, 'ETH'],
  [/\b(?:solana|sol)\b/i, 'SOL'],
  [/\bxrp\b/i, 'XRP'],
];

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7,
  aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

const COMPARISON =
  /\b(above|over|greater than|higher than|below|under|less than|lower than)\s+\$?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(k|m)?\b/i;
const ON_DATE = /\bon\s+([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b/i;
const PATH_DEPENDENT = /\b(?:reach|hit|touch|dip to|between)\b/i;

export interface QuestionContext {
  /** The market's listed end date (ISO string or epoch ms); anchors the year when the title has none. */
  readonly endDate?: string | number | null;
  /** Reference instant used when neither the title nor the end date gives the year. */
  readonly nowMs?: number;
}

export function parsePolymarketQuestion(question: string, context: QuestionContext = {}): ParsedStrikeQuestion | null {
  if (PATH_DEPENDENT.test(question)) return null;
  const asset = ASSETS.find(([re]) => re.test(question));
  if (!asset) return null;
  const cmp = COMPARISON.exec(question);
  const date = ON_DATE.exec(question);
  if (!cmp || !date) return null;
  // The strike must come before the date: "above $K on <date>".
  if (cmp.index > date.index) return null;

  const multiplier = cmp[3] === undefined ? 1 : cmp[3].toLowerCase() === 'k' ? 1_000 : 1_000_000;
  const strike = Number(cmp[2]!.replaceAll(',', '')) * multiplier;
  if (!(strike > 0) || !Number.isFinite(strike)) return null;
  const word = cmp[1]!.toLowerCase();
  const comparison = word === 'above' || word === 'over' || word === 'greater than' || word === 'higher than' ? 'above' : 'below';

  const month = MONTHS[date[1]!.toLowerCase()];
  const day = Number(date[2]);
  if (month === undefined || day < 1 || day > 31) return null;
  const year = date[3] !== undefined ? Number(date[3]) : inferYear(month, day, context);
  if (year === null) return null;
  const expiryMs = zonedTimeToEpochMs(POLYMARKET_RESOLUTION_ZONE, year, month, day, POLYMARKET_RESOLUTION_HOUR);
  // Reject impossible dates such as February 30 (Date.UTC would roll them over).
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return { underlying: asset[1], comparison, strike, expiryMs };
}

/** The year that puts month/day closest to the reference (end date, else now). */
function inferYear(month: number, day: number, context: QuestionContext): number | null {
  let reference: number | undefined;
  if (typeof context.endDate === 'number') reference = context.endDate;
  else if (typeof context.endDate === 'string' && context.endDate !== '') reference = Date.parse(context.endDate);
  if (reference === undefined || Number.isNaN(reference)) reference = context.nowMs;
  if (reference === undefined || Number.isNaN(reference)) return null;
  const refYear = new Date(reference).getUTCFullYear();
  let best = refYear;
  let bestDistance = Infinity;
  for (const y of [refYear - 1, refYear, refYear + 1]) {
    const distance = Math.abs(Date.UTC(y, month - 1, day, 12) - reference);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = y;
    }
  }
  return best;
}

/** Polymarket token ids are uint256 written in decimal. */
export function isPolymarketTokenId(text: string): boolean {
  return /^[0-9]{1,78}$/.test(text) && (text.length < 78 || text <= '115792089237316195423570985008687907853269984665640564039457584007913129639935');
}
