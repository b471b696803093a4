/**
 * Derive instrument names → typed instruments. Options `BTC-20251226-100000-C` (expiry date
 * YYYYMMDD, 08:00 UTC; the API also gives the expiry in epoch seconds), perpetuals `BTC-PERP`,
 * spot `ETH-USDC`. Derive settles in USDC, so every price is in USDC.
 */
import { ArbiterError } from '../../../domain/errors.js';
import type { Instrument } from '../../../domain/instrument.js';

export const DERIVE_EXPIRY_HOUR_UTC = 8;

function fail(name: string, why: string): never {
  throw new ArbiterError('ARB_DOMAIN_INSTRUMENT_NAME', `invalid Derive instrument name "${name}": ${why}`, {
    venue: 'derive',
    symbol: name,
  });
}

/** `20251226` → epoch ms of 2025-12-26 08:00 UTC. */
export function parseDeriveExpiryDate(text: string, name = text): number {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) fail(name, `"${text}" is not a YYYYMMDD date`);
  const year = Number(m[1]);
  const month = Number(m[2]) - 1;
  const day = Number(m[3]);
  const ms = Date.UTC(year, month, day, DERIVE_EXPIRY_HOUR_UTC);
  const d = new Date(ms);
  if (month < 0 || month > 11 || d.getUTCDate() !== day || d.getUTCMonth() !== month) fail(name, `date ${text} does not exist`);
  return ms;
}

export function parseDeriveInstrumentName(name: string): Instrument {
  const parts = name.split('-');
  const underlying = parts[0] ?? '';
  if (!/^[A-Z0-9]+$/.test(underlying)) fail(name, `"${underlying}" is not an asset code`);
  if (parts.length === 2) {
    if (parts[1] === 'PERP') return { venue: 'derive', symbol: name, kind: 'perpetual', underlying, priceCurrency: 'USDC', settlement: 'linear' };
    if (/^[A-Z0-9]+$/.test(parts[1]!)) return { venue: 'derive', symbol: name, kind: 'spot', base: underlying, quote: parts[1]!, priceCurrency: parts[1]! };
    fail(name, `"${parts[1]}" is neither PERP nor a quote currency`);
  }
  if (parts.length !== 4) fail(name, 'expected UNDERLYING-YYYYMMDD-STRIKE-C|P, UNDERLYING-PERP or BASE-QUOTE');
  const expiryMs = parseDeriveExpiryDate(parts[1]!, name);
  const strikeText = parts[2]!;
  if (!/^\d+(?:[._]\d+)?$/.test(strikeText)) fail(name, `strike "${strikeText}" is not a number`);
  const strike = Number(strikeText.replace('_', '.'));
  if (!(strike > 0)) fail(name, `strike "${strikeText}" must be positive`);
  const flag = parts[3];
  if (flag !== 'C' && flag !== 'P') fail(name, `option type "${flag}" must be C or P`);
  return {
    venue: 'derive', symbol: name, kind: 'option', underlying, expiryMs, strike, right: flag === 'C' ? 'call' : 'put', settlement: 'linear', priceCurrency: 'USDC',
  };
}
