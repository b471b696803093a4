/**
 * USD notional of a quantity at a price, per instrument kind: premium instruments (options,
 * outcome tokens, spot) and linear futures are quantity × price × multiplier in the price
 * currency; inverse futures and perpetuals (Deribit BTC-PERPETUAL) are sized in USD already.
 */
import type { Instrument } from '../../domain/instrument.js';
import type { VenueId } from '../../domain/venue.js';

export interface NotionalOptions {
  readonly instrument: (venue: VenueId, symbol: string) => Instrument | undefined;
  /** Price currency of a symbol the catalog does not know. */
  readonly priceCurrencyOf: (venue: VenueId, symbol: string) => string;
  /** USD per unit of a currency, undefined while unknown (the portfolio's rates). */
  readonly usdRate: (currency: string) => number | undefined;
  /** Units of underlying per contract; default 1. */
  readonly contractMultiplier?: (venue: VenueId, symbol: string, instrument: Instrument | undefined) => number;
}

const USD_LIKE = new Set(['USD', 'USDC', 'USDT', 'PUSD', 'USDE', 'DAI']);

/** Returns a function giving |quantity| at `price` in USD, or null when a USD rate is missing. */
export function createNotionalValuer(options: NotionalOptions): (venue: VenueId, symbol: string, quantity: number, price: number) => number | null {
  return (venue, symbol, quantity, price) => {
    const instrument = options.instrument(venue, symbol);
    const multiplier = options.contractMultiplier?.(venue, symbol, instrument) ?? 1;
    const q = Math.abs(quantity) * multiplier;
    if (instrument && (instrument.kind === 'future' || instrument.kind === 'perpetual') && instrument.settlement === 'inverse') return q;
    const currency = (instrument?.priceCurrency ?? options.priceCurrencyOf(venue, symbol)).toUpperCase();
    const rate = USD_LIKE.has(currency) ? 1 : options.usdRate(currency);
    return rate === undefined ? null : q * price * rate;
  };
}
