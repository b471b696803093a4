/**
 * One element of `public/get_instruments` → a typed instrument. The name is parsed by
 * `parseDeribitInstrumentName` and cross-checked against the REST fields (kind, option type,
 * strike, expiration_timestamp); the REST fields add tick size, minimum and step of the amount.
 * Amounts are Deribit's `amount`: coins for options, USD for inverse futures and perpetuals.
 */
import type { Instrument } from '../../../domain/instrument.js';
import { frameError, isRecord, optionalNumber, requiredNumber, requiredString } from '../../shared/wire-values.js';
import { parseDeribitInstrumentName } from './parse-instrument-name.js';

const V = 'deribit';

/**
 * @returns the instrument, or null for kinds Arbiter does not trade (spot, combos) and inactive instruments.
 * @throws ParseError ARB_PARSE_FRAME when a field is missing or the REST fields contradict the name.
 * @throws ArbiterError ARB_DOMAIN_INSTRUMENT_NAME when the name does not follow Deribit's scheme.
 */
export function parseDeribitInstrument(raw: unknown): Instrument | null {
  if (!isRecord(raw)) throw frameError(V, 'instrument is not an object');
  const name = requiredString(raw.instrument_name, V, 'instrument_name');
  const kind = requiredString(raw.kind, V, `${name}.kind`);
  if (kind !== 'option' && kind !== 'future') return null;
  if (raw.is_active === false) return null;
  const parsed = parseDeribitInstrumentName(name);
  const tickSize = requiredNumber(raw.tick_size, V, `${name}.tick_size`);
  const minSize = requiredNumber(raw.min_trade_amount, V, `${name}.min_trade_amount`);
  const contractSize = optionalNumber(raw.contract_size, V, `${name}.contract_size`);
  if (!(tickSize > 0) || !(minSize > 0)) throw frameError(V, `${name}: tick_size and min_trade_amount must be positive`);
  const sizeStep = kind === 'future' && contractSize !== null && contractSize > 0 ? contractSize : minSize;
  const expiry = optionalNumber(raw.expiration_timestamp, V, `${name}.expiration_timestamp`);
  const mismatch = (what: string): never => {
    throw frameError(V, `${name}: ${what} contradicts the instrument name`);
  };
  switch (parsed.kind) {
    case 'option': {
      if (kind !== 'option') mismatch(`kind "${kind}"`);
      const optionType = raw.option_type;
      if (optionType !== undefined && optionType !== parsed.right) mismatch(`option_type "${String(optionType)}"`);
      const strike = optionalNumber(raw.strike, V, `${name}.strike`);
      if (strike !== null && Math.abs(strike - parsed.strike) > 1e-9 * parsed.strike) mismatch(`strike ${strike}`);
      if (expiry !== null && expiry !== parsed.expiryMs) mismatch(`expiration_timestamp ${expiry}`);
      return { ...parsed, tickSize, minSize, sizeStep };
    }
    case 'future':
      if (kind !== 'future') mismatch(`kind "${kind}"`);
      if (expiry !== null && expiry !== parsed.expiryMs) mismatch(`expiration_timestamp ${expiry}`);
      return { ...parsed, tickSize, minSize, sizeStep };
    case 'perpetual':
      if (kind !== 'future') mismatch(`kind "${kind}"`);
      if (raw.settlement_period !== undefined && raw.settlement_period !== 'perpetual') mismatch(`settlement_period "${String(raw.settlement_period)}"`);
      return { ...parsed, tickSize, minSize, sizeStep };
    default:
      return null;
  }
}
