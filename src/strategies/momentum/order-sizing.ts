/**
 * Order quantities in venue units from a USD notional: inverse perpetuals and futures (Deribit
 * BTC-PERPETUAL) trade in USD contracts, everything else in units of the underlying. Rounded
 * down to the instrument's step; below its minimum is zero.
 */
import type { Instrument } from '../../domain/instrument.js';

const USD_LIKE = new Set(['USD', 'USDC', 'USDT', 'PUSD']);

export function isUsdQuoted(instrument: Instrument): boolean {
  return USD_LIKE.has(instrument.priceCurrency.toUpperCase());
}

/** True when quantities are USD amounts (inverse perpetuals and futures). */
export function tradesInUsd(instrument: Instrument): boolean {
  return (instrument.kind === 'perpetual' || instrument.kind === 'future') && instrument.settlement === 'inverse';
}

/** Rounds a positive quantity down to `step` (no floating noise); 0 when below `minSize`. */
export function roundDownToStep(quantity: number, step: number, minSize: number): number {
  const q = step > 0 ? Math.floor(quantity / step + 1e-9) * step : quantity;
  const clean = Number(q.toFixed(10));
  return clean >= minSize - 1e-12 && clean > 0 ? clean : 0;
}

/** Venue units worth `notionalUsd` at `priceUsd`, rounded down to the instrument's step and minimum. */
export function unitsForNotional(instrument: Instrument, notionalUsd: number, priceUsd: number): number {
  const raw = tradesInUsd(instrument) ? notionalUsd : notionalUsd / priceUsd;
  const step = instrument.sizeStep ?? instrument.minSize ?? 0;
  return roundDownToStep(Math.abs(raw), step, instrument.minSize ?? 0);
}

/** Underlying-coin exposure of `units` of the instrument at `priceUsd` (USD contracts ÷ price). */
export function coinExposure(instrument: Instrument, units: number, priceUsd: number): number {
  return tradesInUsd(instrument) ? units / priceUsd : units;
}

/** Rounds a price to the tick grid, down (a bid, a sell limit) or up (an ask, a buy limit); unchanged without a tick. */
export function roundToTick(price: number, tick: number | undefined, direction: 'down' | 'up'): number {
  if (tick === undefined || !(tick > 0)) return price;
  const k = price / tick;
  const n = direction === 'down' ? Math.floor(k + 1e-9) : Math.ceil(k - 1e-9);
  const decimals = Math.max(0, Math.ceil(-Math.log10(tick)) + 2);
  return Number((n * tick).toFixed(Math.min(decimals, 12)));
}
