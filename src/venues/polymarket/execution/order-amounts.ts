/**
 * CLOB V2 order amounts from a price and a share quantity, in exact decimals (decimal.js).
 * Prices are rounded to the market's tick (never to a worse price than asked: buys down, sells
 * up), sizes down to 2 decimals, and amounts are integers in 1e6 units (pUSD and outcome tokens
 * both have 6 decimals). A BUY gives `makerAmount` pUSD for `takerAmount` shares; a SELL gives
 * `makerAmount` shares for `takerAmount` pUSD.
 */
import { Decimal } from './decimal.js';
import { ArbiterError } from '../../../domain/errors.js';

export type PolymarketSide = 'BUY' | 'SELL';

/** Ticks the CLOB lists, with the decimals of price and amount each allows (size always 2). */
export const POLYMARKET_TICK_SIZES = ['0.1', '0.01', '0.005', '0.0025', '0.001', '0.0001'] as const;
const SIZE_DECIMALS = 2;
const UNITS = new Decimal(1_000_000);

export interface OrderAmounts {
  readonly side: PolymarketSide;
  /** Price actually signed, as a decimal string with the tick's decimals. */
  readonly price: string;
  /** Shares, 2 decimals. */
  readonly size: string;
  /** Integer strings in 1e6 units. */
  readonly makerAmount: string;
  readonly takerAmount: string;
}

function tickOf(tickSize: number | string): Decimal {
  const tick = new Decimal(tickSize);
  if (!tick.isFinite() || tick.lte(0) || tick.gte(1)) throw new ArbiterError('ARB_INPUT_INVALID', `polymarket: tick size ${String(tickSize)} is not in (0, 1)`, { venue: 'polymarket' });
  return tick;
}

/** Rounds `price` to a multiple of `tick`: down for a buy, up for a sell (never a worse limit). */
export function roundPriceToTick(price: number | string, tickSize: number | string, side: PolymarketSide): Decimal {
  const tick = tickOf(tickSize);
  const steps = new Decimal(price).div(tick);
  // Strip binary noise (0.57 / 0.01 = 56.99999…) before directional rounding.
  const cleaned = steps.toDecimalPlaces(9, Decimal.ROUND_HALF_UP);
  const rounded = cleaned.toDecimalPlaces(0, side === 'BUY' ? Decimal.ROUND_DOWN : Decimal.ROUND_UP);
  return rounded.mul(tick);
}

function toUnits(amount: Decimal): string {
  const units = amount.mul(UNITS);
  if (!units.isInteger()) throw new ArbiterError('ARB_INPUT_INVALID', `polymarket: amount ${amount.toString()} has more than 6 decimals`, { venue: 'polymarket' });
  return units.toFixed(0);
}

function checkPrice(price: Decimal, tick: Decimal, raw: number | string): void {
  if (price.lt(tick) || price.gt(new Decimal(1).minus(tick))) {
    throw new ArbiterError('ARB_INPUT_INVALID', `polymarket: price ${String(raw)} outside [${tick.toString()}, ${new Decimal(1).minus(tick).toString()}]`, { venue: 'polymarket' });
  }
}

function roundSize(quantity: number | string): Decimal {
  const size = new Decimal(quantity).toDecimalPlaces(9, Decimal.ROUND_HALF_UP).toDecimalPlaces(SIZE_DECIMALS, Decimal.ROUND_DOWN);
  if (size.lte(0)) throw new ArbiterError('ARB_INPUT_INVALID', `polymarket: size ${String(quantity)} rounds to zero shares`, { venue: 'polymarket' });
  return size;
}

/**
 * Amounts of a limit order (GTC, GTD, or a marketable FOK/FAK at a limit price).
 * @throws ArbiterError ARB_INPUT_INVALID when the price is outside [tick, 1 − tick] or the size rounds to 0.
 */
export function limitOrderAmounts(side: PolymarketSide, quantity: number | string, price: number | string, tickSize: number | string): OrderAmounts {
  const tick = tickOf(tickSize);
  const p = roundPriceToTick(price, tick.toString(), side);
  checkPrice(p, tick, price);
  const size = roundSize(quantity);
  const notional = size.mul(p); // ≤ 2 + price decimals ≤ 6: exact in 1e6 units
  const decimals = Math.max(0, tick.decimalPlaces());
  return side === 'BUY'
    ? { side, price: p.toFixed(decimals), size: size.toFixed(SIZE_DECIMALS), makerAmount: toUnits(notional), takerAmount: toUnits(size) }
    : { side, price: p.toFixed(decimals), size: size.toFixed(SIZE_DECIMALS), makerAmount: toUnits(size), takerAmount: toUnits(notional) };
}

/**
 * Amounts of a market order for `quantity` shares with `worstPrice` as the protection limit.
 * A market BUY spends pUSD: makerAmount = quantity × worstPrice rounded down to cents, takerAmount
 * the shares that buys at the worst price (rounded down to the amount decimals); a market SELL
 * is a sell of `quantity` shares for at least quantity × worstPrice.
 */
export function marketOrderAmounts(side: PolymarketSide, quantity: number | string, worstPrice: number | string, tickSize: number | string): OrderAmounts {
  if (side === 'SELL') return limitOrderAmounts(side, quantity, worstPrice, tickSize);
  const tick = tickOf(tickSize);
  const p = roundPriceToTick(worstPrice, tick.toString(), 'BUY');
  checkPrice(p, tick, worstPrice);
  const size = roundSize(quantity);
  const spend = size.mul(p).toDecimalPlaces(SIZE_DECIMALS, Decimal.ROUND_DOWN);
  if (spend.lte(0)) throw new ArbiterError('ARB_INPUT_INVALID', `polymarket: market buy of ${String(quantity)} at ${p.toString()} spends nothing`, { venue: 'polymarket' });
  const amountDecimals = Math.max(0, tick.decimalPlaces()) + SIZE_DECIMALS;
  const shares = spend.div(p).toDecimalPlaces(amountDecimals, Decimal.ROUND_DOWN);
  const decimals = Math.max(0, tick.decimalPlaces());
  return { side, price: p.toFixed(decimals), size: shares.toFixed(), makerAmount: toUnits(spend), takerAmount: toUnits(shares) };
}

/** Price (pUSD per share) and shares implied by signed amounts, as the exchange reads them. */
export function impliedPriceAndSize(side: PolymarketSide, makerAmount: string, takerAmount: string): { price: Decimal; size: Decimal } {
  const maker = new Decimal(makerAmount).div(UNITS);
  const taker = new Decimal(takerAmount).div(UNITS);
  return side === 'BUY' ? { price: maker.div(taker), size: taker } : { price: taker.div(maker), size: maker };
}
