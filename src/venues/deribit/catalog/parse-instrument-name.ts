/**
 * Deribit instrument names → typed instruments.
 * Options `BTC-5JAN24-60000-C` (one- or two-digit day), linear options `XRP_USDC-30JUN23-0d625-C`
 * (`d` is the decimal point), futures `BTC-27DEC24`, perpetuals `BTC-PERPETUAL` / `BTC_USDC-PERPETUAL`,
 * spot `BTC_USDC`. Deribit expiries are at 08:00 UTC.
 */
import { ArbiterError } from '../../../domain/errors.js';
import type { FutureInstrument, Instrument, OptionInstrument, PerpetualInstrument, SpotInstrument } from '../../../domain/instrument.js';

const MONTHS: Readonly<Record<string, number>> = {
  JAN: 0, FEB: 1, MAR: 2, APR: 3, MAY: 4, JUN: 5, JUL: 6, AUG: 7, SEP: 8, OCT: 9, NOV: 10, DEC: 11,
};

export const DERIBIT_EXPIRY_HOUR_UTC = 8;

const DATE_CODE = /^(\d{1,2})([A-Z]{3})(\d{2})$/;
const STRIKE = /^\d+(?:d\d+)?$/;

function fail(name: string, why: string): never {
  throw new ArbiterError('ARB_DOMAIN_INSTRUMENT_NAME', `invalid Deribit instrument name "${name}": ${why}`, {
    venue: 'deribit',
    symbol: name,
  });
}

/** `5JAN24` → epoch ms of 2024-01-05 08:00 UTC. Throws on unknown months and impossible days. */
export function parseDeribitExpiryCode(code: string, name = code): number {
  const m = DATE_CODE.exec(code);
  if (!m) fail(name, `"${code}" is not an expiry code like 5JAN24 or 29MAR24`);
  const day = Number(m[1]);
  const month = MONTHS[m[2]!];
  if (month === undefined) fail(name, `unknown month "${m[2]}"`);
  const year = 2000 + Number(m[3]);
  const ms = Date.UTC(year, month, day, DERIBIT_EXPIRY_HOUR_UTC);
  if (day < 1 || new Date(ms).getUTCDate() !== day) fail(name, `day ${day} does not exist in ${m[2]} ${year}`);
  return ms;
}

/** `60000` → 60000, `0d625` → 0.625. */
export function parseDeribitStrike(text: string, name = text): number {
  if (!STRIKE.test(text)) fail(name, `strike "${text}" is not a number`);
  const strike = Number(text.replace('d', '.'));
  if (!(strike > 0)) fail(name, `strike "${text}" must be positive`);
  return strike;
}

/** `BTC` → inverse in BTC; `XRP_USDC` → linear in USDC. */
function splitCurrency(prefix: string, name: string): { underlying: string; priceCurrency: string; settlement: 'inverse' | 'linear' } {
  const parts = prefix.split('_');
  if (parts.length === 1 && /^[A-Z0-9]+$/.test(prefix)) return { underlying: prefix, priceCurrency: prefix, settlement: 'inverse' };
  if (parts.length === 2 && parts.every((p) => /^[A-Z0-9]+$/.test(p))) {
    return { underlying: parts[0]!, priceCurrency: parts[1]!, settlement: 'linear' };
  }
  fail(name, `"${prefix}" is not a currency or currency pair`);
}

export function parseDeribitInstrumentName(name: string): Instrument {
  const parts = name.split('-');
  const head = parts[0] ?? '';
  if (parts.length === 1) {
    const pair = head.split('_');
    if (pair.length !== 2 || !pair.every((p) => /^[A-Z0-9]+$/.test(p))) fail(name, 'expected OPTION, FUTURE, PERPETUAL or BASE_QUOTE spot form');
    const spot: SpotInstrument = { venue: 'deribit', symbol: name, kind: 'spot', base: pair[0]!, quote: pair[1]!, priceCurrency: pair[1]! };
    return spot;
  }
  const { underlying, priceCurrency, settlement } = splitCurrency(head, name);
  if (parts.length === 2) {
    if (parts[1] === 'PERPETUAL') {
      const perp: PerpetualInstrument = { venue: 'deribit', symbol: name, kind: 'perpetual', underlying, priceCurrency: settlement === 'inverse' ? 'USD' : priceCurrency, settlement };
      return perp;
    }
    const expiryMs = parseDeribitExpiryCode(parts[1]!, name);
    const future: FutureInstrument = { venue: 'deribit', symbol: name, kind: 'future', underlying, expiryMs, priceCurrency: settlement === 'inverse' ? 'USD' : priceCurrency, settlement };
    return future;
  }
  if (parts.length === 4) {
    const expiryMs = parseDeribitExpiryCode(parts[1]!, name);
    const strike = parseDeribitStrike(parts[2]!, name);
    const flag = parts[3];
    if (flag !== 'C' && flag !== 'P') fail(name, `option type "${flag}" must be C or P`);
    const option: OptionInstrument = {
      venue: 'deribit', symbol: name, kind: 'option', underlying, expiryMs, strike, right: flag === 'C' ? 'call' : 'put', settlement, priceCurrency,
    };
    return option;
  }
  fail(name, parts[1] === 'FS' || parts[1] === 'CS' ? 'combos and spreads are not single instruments' : `unexpected ${parts.length} dash-separated parts`);
}
