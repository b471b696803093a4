/**
 * A venue's trading rules for one symbol (price tick, quantity step, minimum quantity and
 * notional) and the rounding every CEX execution client applies before signing an order: prices
 * to the tick on the passive side (a buy never rounds up, a sell never down), quantities down to
 * the step, then the minimums checked. Arithmetic runs on integer multiples of the increment so
 * 0.1 + 0.2 artefacts never reach the wire.
 */
import { ArbiterError } from '../../domain/errors.js';
import type { OrderSide } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';

export interface SymbolRules {
  readonly venue: VenueId;
  readonly symbol: string;
  /** Price increment; 0 when the venue has none. */
  readonly tickSize: number;
  /** Quantity increment (base units); 0 when the venue has none. */
  readonly stepSize: number;
  /** Smallest order quantity (base units); 0 when none. */
  readonly minQuantity: number;
  /** Largest order quantity (base units); Infinity when none. */
  readonly maxQuantity: number;
  /** Smallest price × quantity (quote units); 0 when none. */
  readonly minNotional: number;
}

export interface RoundedOrder {
  readonly price: number | null;
  readonly quantity: number;
  /** Exact decimal strings for the wire. */
  readonly priceText: string | null;
  readonly quantityText: string;
}

/** Decimal places of an increment written in plain or exponent notation (1e-8 → 8, 0.00010000 → 4). */
export function decimalsOfIncrement(increment: number): number {
  if (!(increment > 0)) return 0;
  const text = increment.toString();
  const exp = /e-(\d+)$/.exec(text);
  if (exp) {
    const mantissa = text.slice(0, text.indexOf('e'));
    const dot = mantissa.indexOf('.');
    return Number(exp[1]) + (dot < 0 ? 0 : mantissa.length - dot - 1);
  }
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** `value` rounded to a multiple of `increment` in the given direction, as an exact decimal string. */
export function roundToIncrement(value: number, increment: number, mode: 'down' | 'up' | 'nearest'): string {
  if (!(increment > 0)) return formatPlain(value);
  const decimals = decimalsOfIncrement(increment);
  const units = value / increment;
  // Tolerate representation error (0.3 / 0.1 = 2.9999999999999996) before flooring.
  const nearest = Math.round(units);
  const k = Math.abs(units - nearest) < 1e-9 ? nearest : mode === 'down' ? Math.floor(units) : mode === 'up' ? Math.ceil(units) : nearest;
  return (k * increment).toFixed(decimals);
}

function formatPlain(value: number): string {
  const text = value.toString();
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

/**
 * Rounds an order to the symbol's rules and checks the minimums.
 * @throws ArbiterError ARB_INPUT_INVALID naming the rule the order breaks (nothing is sent).
 */
export function roundOrder(rules: SymbolRules, side: OrderSide, quantity: number, price: number | null, markPrice?: number): RoundedOrder {
  const context = { venue: rules.venue, symbol: rules.symbol };
  if (!Number.isFinite(quantity) || quantity <= 0) throw new ArbiterError('ARB_INPUT_INVALID', `${rules.venue} ${rules.symbol}: quantity must be a positive number, got ${quantity}`, context);
  if (price !== null && (!Number.isFinite(price) || price <= 0)) throw new ArbiterError('ARB_INPUT_INVALID', `${rules.venue} ${rules.symbol}: price must be a positive number, got ${price}`, context);
  const quantityText = roundToIncrement(quantity, rules.stepSize, 'down');
  const q = Number(quantityText);
  const priceText = price === null ? null : roundToIncrement(price, rules.tickSize, side === 'buy' ? 'down' : 'up');
  const p = priceText === null ? null : Number(priceText);
  if (q <= 0 || q < rules.minQuantity) {
    throw new ArbiterError('ARB_INPUT_INVALID', `${rules.venue} ${rules.symbol}: quantity ${quantity} rounds to ${quantityText}, below the minimum ${rules.minQuantity} (step ${rules.stepSize})`, context);
  }
  if (q > rules.maxQuantity) throw new ArbiterError('ARB_INPUT_INVALID', `${rules.venue} ${rules.symbol}: quantity ${quantityText} above the maximum ${rules.maxQuantity}`, context);
  const notionalPrice = p ?? markPrice;
  if (rules.minNotional > 0 && notionalPrice !== undefined && q * notionalPrice < rules.minNotional) {
    throw new ArbiterError('ARB_INPUT_INVALID', `${rules.venue} ${rules.symbol}: notional ${(q * notionalPrice).toPrecision(6)} below the minimum ${rules.minNotional}`, context);
  }
  return { price: p, quantity: q, priceText, quantityText };
}
