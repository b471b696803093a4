/** Typed instruments: what a venue lists and a strategy subscribes to. */
import type { VenueId } from './venue.js';

export type OptionRight = 'call' | 'put';

/**
 * How an option or future settles. `inverse`: priced and settled in the underlying coin (Deribit BTC
 * options, quoted in BTC per 1 BTC of underlying); `linear`: priced and settled in the quote currency.
 */
export type Settlement = 'inverse' | 'linear';

interface InstrumentBase {
  readonly venue: VenueId;
  /** The venue's own name or id for the instrument, exactly as its API spells it. */
  readonly symbol: string;
  /** Currency prices are quoted in (BTC for Deribit inverse options, USD/USDC/USDT otherwise). */
  readonly priceCurrency: string;
  /** Smallest price increment; undefined until a catalog says. */
  readonly tickSize?: number;
  /** Smallest order quantity in venue units (contracts, shares, coins). */
  readonly minSize?: number;
  /** Quantity increment in venue units. */
  readonly sizeStep?: number;
}

export interface OptionInstrument extends InstrumentBase {
  readonly kind: 'option';
  readonly underlying: string;
  readonly expiryMs: number;
  readonly strike: number;
  readonly right: OptionRight;
  readonly settlement: Settlement;
}

export interface FutureInstrument extends InstrumentBase {
  readonly kind: 'future';
  readonly underlying: string;
  readonly expiryMs: number;
  readonly settlement: Settlement;
}

export interface PerpetualInstrument extends InstrumentBase {
  readonly kind: 'perpetual';
  readonly underlying: string;
  readonly settlement: Settlement;
}

export interface SpotInstrument extends InstrumentBase {
  readonly kind: 'spot';
  readonly base: string;
  readonly quote: string;
}

/** A prediction-market outcome token (Polymarket: an ERC-1155 position id). */
export interface OutcomeInstrument extends InstrumentBase {
  readonly kind: 'outcome';
  /** Market (Polymarket: condition id) the token belongs to. */
  readonly marketId: string;
  readonly question: string;
  /** Outcome label as listed ("Yes", "No", or a named outcome). */
  readonly outcome: string;
  /** Parsed from the question when it reads "<asset> above/below $K on <date>". */
  readonly underlying?: string;
  readonly comparison?: 'above' | 'below';
  readonly strike?: number;
  readonly expiryMs?: number;
}

export type Instrument = OptionInstrument | FutureInstrument | PerpetualInstrument | SpotInstrument | OutcomeInstrument;

export type InstrumentKind = Instrument['kind'];

/** Display and map key form `venue:symbol`. Build it once per instrument, not per event. */
export function instrumentKey(venue: VenueId, symbol: string): string {
  return `${venue}:${symbol}`;
}
