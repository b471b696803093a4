/**
 * A Derive instrument definition (`public/get_all_instruments` / `public/get_instrument`) → a typed
 * instrument, plus the facts order signing needs (asset address and sub-id, fees). Decimals arrive
 * as strings; option expiries arrive in epoch **seconds** in `option_details.expiry` and are
 * cross-checked against the name (YYYYMMDD at 08:00 UTC): the API value wins, a disagreement is
 * reported so the caller can log it.
 */
import type { Instrument } from '../../../domain/instrument.js';
import { frameError, isRecord, optionalNumber, requiredNumber, requiredString } from '../../shared/wire-values.js';
import { parseDeriveInstrumentName } from './parse-instrument-name.js';

const V = 'derive';

/** What execution needs beyond the domain instrument. */
export interface DeriveTradingSpec {
  readonly instrumentName: string;
  readonly baseAssetAddress: `0x${string}`;
  readonly baseAssetSubId: bigint;
  /** Decimal strings exactly as listed, for exact rounding. */
  readonly tickSize: string;
  readonly amountStep: string;
  readonly minimumAmount: string;
  readonly takerFeeRate: number;
  readonly makerFeeRate: number;
  readonly baseFee: number;
}

export interface ParsedDeriveInstrument {
  readonly instrument: Instrument;
  readonly spec: DeriveTradingSpec;
  readonly active: boolean;
  /** Set when the name and option_details disagree (the API's values are used). */
  readonly mismatch: string | null;
}

function decimalText(value: unknown, field: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value !== '' && Number.isFinite(Number(value))) return value;
  throw frameError(V, `${field} is not a decimal (${JSON.stringify(value)?.slice(0, 40)})`);
}

/** @throws ParseError ARB_PARSE_FRAME on a malformed definition; ArbiterError ARB_DOMAIN_INSTRUMENT_NAME on a bad name. */
export function parseDeriveInstrument(wire: unknown): ParsedDeriveInstrument {
  if (!isRecord(wire)) throw frameError(V, 'instrument is not an object');
  const name = requiredString(wire.instrument_name, V, 'instrument_name');
  const tickSize = decimalText(wire.tick_size, 'tick_size');
  const amountStep = decimalText(wire.amount_step, 'amount_step');
  const minimumAmount = decimalText(wire.minimum_amount, 'minimum_amount');
  const address = requiredString(wire.base_asset_address, V, 'base_asset_address');
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw frameError(V, `base_asset_address ${address} is not an address`);
  const subIdText = wire.base_asset_sub_id === undefined ? '0' : decimalText(wire.base_asset_sub_id, 'base_asset_sub_id');
  if (!/^\d+$/.test(subIdText)) throw frameError(V, `base_asset_sub_id ${subIdText} is not an integer`);
  const fromName = parseDeriveInstrumentName(name);
  const common = { tickSize: Number(tickSize), minSize: Number(minimumAmount), sizeStep: Number(amountStep) };
  let instrument: Instrument = { ...fromName, ...common };
  let mismatch: string | null = null;
  const type = wire.instrument_type;
  if (fromName.kind === 'option') {
    const details = wire.option_details;
    if (!isRecord(details)) throw frameError(V, `option ${name} has no option_details`);
    const expirySec = requiredNumber(details.expiry, V, 'option_details.expiry');
    const strike = optionalNumber(details.strike, V, 'option_details.strike');
    const expiryMs = expirySec * 1000;
    if (expiryMs !== fromName.expiryMs) mismatch = `${name}: option_details.expiry ${expirySec} s is not the name's date at 08:00 UTC (${fromName.expiryMs / 1000} s)`;
    if (strike !== null && strike !== fromName.strike) mismatch = `${name}: option_details.strike ${strike} differs from the name`;
    const right = details.option_type === 'P' ? 'put' : details.option_type === 'C' ? 'call' : fromName.right;
    instrument = { ...fromName, ...common, expiryMs, strike: strike ?? fromName.strike, right };
  } else if (type !== undefined && type !== 'perp' && type !== 'erc20' && type !== 'option') {
    throw frameError(V, `instrument_type ${JSON.stringify(type)}`);
  }
  return {
    instrument,
    active: wire.is_active !== false,
    mismatch,
    spec: {
      instrumentName: name,
      baseAssetAddress: address as `0x${string}`,
      baseAssetSubId: BigInt(subIdText),
      tickSize,
      amountStep,
      minimumAmount,
      takerFeeRate: optionalNumber(wire.taker_fee_rate, V, 'taker_fee_rate') ?? 0,
      makerFeeRate: optionalNumber(wire.maker_fee_rate, V, 'maker_fee_rate') ?? 0,
      baseFee: optionalNumber(wire.base_fee, V, 'base_fee') ?? 0,
    },
  };
}
