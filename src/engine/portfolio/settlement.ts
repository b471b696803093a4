/**
 * How instruments are valued and settled: the valuation style and settlement currency of an
 * instrument, and expiry payoffs (option intrinsic value, binary 1/0).
 */
import type { Instrument, OptionInstrument, OutcomeInstrument } from '../../domain/instrument.js';
import type { Valuation } from './position-accounting.js';

/** Premium for options, outcomes and spot; futures and perpetuals by their settlement. */
export function valuationOf(instrument: Instrument | undefined): Valuation {
  if (instrument === undefined) return 'premium';
  if (instrument.kind === 'future' || instrument.kind === 'perpetual') return instrument.settlement === 'inverse' ? 'inverse-future' : 'linear-future';
  return 'premium';
}

/**
 * The currency cash moves in: the price currency, except inverse futures and perpetuals, which
 * are priced in USD and settle in the coin (their underlying, e.g. BTC).
 */
export function settlementCurrencyOf(instrument: Instrument | undefined, priceCurrency: string): string {
  if (instrument && (instrument.kind === 'future' || instrument.kind === 'perpetual') && instrument.settlement === 'inverse') return instrument.underlying;
  return priceCurrency;
}

/** Expiry in epoch ms, or null for instruments that never expire. */
export function expiryOf(instrument: Instrument | undefined): number | null {
  if (instrument === undefined) return null;
  if (instrument.kind === 'option' || instrument.kind === 'future') return instrument.expiryMs;
  if (instrument.kind === 'outcome') return instrument.expiryMs ?? null;
  return null;
}

/**
 * Option value at expiry per unit of underlying, in the option's price currency:
 * linear max(±(S − K), 0); inverse (coin-settled, priced in the coin) max(±(S − K), 0) / S.
 */
export function optionPayoff(option: Pick<OptionInstrument, 'right' | 'strike' | 'settlement'>, settlementPrice: number): number {
  const intrinsic = Math.max(0, option.right === 'call' ? settlementPrice - option.strike : option.strike - settlementPrice);
  return option.settlement === 'inverse' ? intrinsic / settlementPrice : intrinsic;
}

/**
 * Payoff of an outcome token of an "<asset> above/below K" market from the underlying's price at
 * expiry: the "Yes" token pays 1 when the condition holds (above: S > K, below: S < K), "No" the
 * opposite. Null when the token's market has no strike or its outcome is neither Yes nor No.
 */
export function outcomePayoffFromUnderlying(token: OutcomeInstrument, underlyingPrice: number): number | null {
  if (token.strike === undefined || token.comparison === undefined) return null;
  const holds = token.comparison === 'above' ? underlyingPrice > token.strike : underlyingPrice < token.strike;
  const label = token.outcome.trim().toLowerCase();
  if (label === 'yes') return holds ? 1 : 0;
  if (label === 'no') return holds ? 0 : 1;
  return null;
}

/** The underlying whose price settles the instrument at expiry, or null. */
export function settlementUnderlyingOf(instrument: Instrument | undefined): string | null {
  if (instrument === undefined) return null;
  if (instrument.kind === 'option' || instrument.kind === 'future' || instrument.kind === 'perpetual') return instrument.underlying;
  if (instrument.kind === 'outcome') return instrument.underlying ?? null;
  return null;
}
